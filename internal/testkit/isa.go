package testkit

import (
	"fmt"
	"testing"
)

// EachISA calls f once per ISA in supported with that ISA forced through
// use, and restores the ISA active before (as active reports it)
// afterwards. It runs no subtests, for fuzz targets. Callers must not run
// in parallel with other tests that depend on the ISA: it is process-wide.
//
// The ISA type is the caller's (kernels.ISA): testkit cannot import
// package kernels, whose internal tests import testkit.
func EachISA[I fmt.Stringer](t testing.TB, supported []I, active func() I, use func(I) error, f func(isa I)) {
	t.Helper()
	prev := active()
	defer func() {
		if err := use(prev); err != nil {
			t.Fatal(err)
		}
	}()
	for _, isa := range supported {
		if err := use(isa); err != nil {
			t.Fatal(err)
		}
		f(isa)
	}
}

// ForEachISA is EachISA with a subtest, named after the ISA, per ISA.
func ForEachISA[I fmt.Stringer](t *testing.T, supported []I, active func() I, use func(I) error, f func(t *testing.T)) {
	t.Helper()
	EachISA(t, supported, active, use, func(isa I) { t.Run(isa.String(), f) })
}
