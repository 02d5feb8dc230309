package bench

import (
	"flag"
	"fmt"
	"slices"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
)

// TestBenchmarksCoverRegistry fails when a public kernel of the registry
// has no BenchmarkKernels entry or no hotloop loop (kbHotloopFloat and
// kbHotloopConv panic on a kernel they lack), and runs every loop once, so
// that a loop calling its kernel with wrong arguments fails here.
func TestBenchmarksCoverRegistry(t *testing.T) {
	for _, k := range registry.Public() {
		if k.PerType {
			if !slices.ContainsFunc(kbFloatKernels, func(e struct {
				name  string
				elems int64
			}) bool {
				return e.name == k.Name && e.elems > 0
			}) {
				t.Errorf("no float benchmark for %s", k.Name)
				continue
			}
			noPanic(t, k.Name, func() {
				once(kbHotloopFloat(k.Name, kbFloatInputsFor[float32](64)))
				once(kbHotloopFloat(k.Name, kbFloatInputsFor[float64](64)))
			})
			continue
		}
		if !slices.ContainsFunc(kbConvKernels, func(e struct {
			name  string
			bytes int64
			src   string
		}) bool {
			return e.name == k.Name && e.bytes > 0 && e.src != ""
		}) {
			t.Errorf("no conversion benchmark for %s", k.Name)
			continue
		}
		noPanic(t, k.Name, func() { once(kbHotloopConv(k.Name, kbConvInputsFor(64))) })
	}
}

// noPanic reports a panic of f (kbHotloopFloat and kbHotloopConv panic on
// a kernel they lack) as a test error.
func noPanic(t *testing.T, kernel string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: %v", kernel, r)
		}
	}()
	f()
}

// once runs a benchmark body for a single iteration.
func once(body func(*testing.B)) {
	prev := flag.Lookup("test.benchtime").Value.String()
	flag.Set("test.benchtime", "1x")
	defer flag.Set("test.benchtime", prev)
	if r := testing.Benchmark(body); r.N != 1 {
		panic(fmt.Sprintf("ran %d iterations, want 1", r.N))
	}
}
