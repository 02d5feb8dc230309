package bench

import (
	"slices"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
)

// TestBenchmarksCoverRegistry fails when a public kernel of the registry
// has no BenchmarkKernels entry or no hotloop loop (kbHotloopFloat and
// kbHotloopConv panic on a kernel they lack).
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
				kbHotloopFloat(k.Name, kbFloatInputsFor[float32](64))
				kbHotloopFloat(k.Name, kbFloatInputsFor[float64](64))
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
		noPanic(t, k.Name, func() { kbHotloopConv(k.Name, kbConvInputsFor(64)) })
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
