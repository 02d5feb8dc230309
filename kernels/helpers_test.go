package kernels

import (
	"testing"
	"unsafe"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/testkit"
)

// forEachISA runs f once per ISA this CPU and build support, with that ISA
// forced, and restores the previous one afterwards. Tests that use it must
// not run in parallel: the ISA is process-wide.
func forEachISA(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	testkit.ForEachISA(t, Supported(), Active, Use, f)
}

// eachISA runs f with every supported ISA forced (no subtests: fuzz
// targets keep to one *testing.T).
func eachISA(t *testing.T, f func(isa ISA)) {
	t.Helper()
	testkit.EachISA(t, Supported(), Active, Use, f)
}

// refOps are the generic kernels for T, called directly: the oracle.
func refOps[T Float]() *asm.FloatOps[T] {
	if testkit.IsF32[T]() {
		return (*asm.FloatOps[T])(unsafe.Pointer(&genericTable.F32))
	}
	return (*asm.FloatOps[T])(unsafe.Pointer(&genericTable.F64))
}
