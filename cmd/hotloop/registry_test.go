package main

import (
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
)

// TestDemoCoversRegistry fails when a public kernel of the registry has no
// demo row for each of its types, or a row lacks its parallel twin.
func TestDemoCoversRegistry(t *testing.T) {
	rows := map[[2]string]demoKernel{}
	for _, k := range allDemoKernels() {
		rows[[2]string{k.name, k.typ}] = k
	}
	for _, k := range registry.Public() {
		types := []string{"float32", "float64"}
		if !k.PerType {
			types = nil
			for _, p := range k.Params {
				if p.Slice && !p.Out {
					types = []string{p.Type}
					break
				}
			}
		}
		for _, typ := range types {
			row, ok := rows[[2]string{k.Name, typ}]
			if !ok {
				t.Errorf("no demo row for %s %s", k.Name, typ)
				continue
			}
			if row.bind == nil || row.bindParallel == nil || row.bytesPerElem <= 0 {
				t.Errorf("demo row %s %s is incomplete", k.Name, typ)
			}
			in := newDemoInputs(100)
			row.bind(in)()
			row.bindParallel(in)()
		}
	}
}
