package kernels

import (
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// TestMisuse (kernels_test.go) checks, for every public kernel, the
// panics on unequal lengths, on a destination overlapping an input from
// above and on refused empty slices; the cases below add overlaps from
// below and around, and the calls that must not panic.

// TestPartialOverlap checks that a destination overlapping an input
// without being the same slice panics, and that the same slice does not.
func TestPartialOverlap(t *testing.T) {
	buf := make([]float32, 64)
	a, shifted := buf[0:32], buf[1:33]
	b := make([]float32, 32)
	buf64 := make([]float64, 64)
	u := make([]uint8, 256)
	forEachISA(t, func(t *testing.T) {
		testkit.ExpectPanic(t, "Add", func() { Add(shifted, a, b) }, "kernels.Add", "overlap")
		testkit.ExpectPanic(t, "Sub", func() { Sub(a, b, shifted) }, "kernels.Sub", "overlap")
		testkit.ExpectPanic(t, "Scale", func() { Scale(shifted, a, 2) }, "kernels.Scale", "overlap")
		testkit.ExpectPanic(t, "AddConst", func() { AddConst(a[:31], a[1:], 2) }, "kernels.AddConst", "overlap")
		testkit.ExpectPanic(t, "Axpy", func() { Axpy(2, a, shifted) }, "kernels.Axpy", "overlap")
		testkit.ExpectPanic(t, "MulAdd", func() { MulAdd(shifted, b, b, a) }, "kernels.MulAdd", "overlap")
		testkit.ExpectPanic(t, "prefix", func() { Add(a[:16], a, b) }, "kernels.Add", "lengths differ") // lengths are checked first
		testkit.ExpectPanic(t, "Float32To64", func() {
			Float32To64(buf64[:16], unsafeFloat32s(buf64[:8]))
		}, "kernels.Float32To64", "overlap")
		testkit.ExpectPanic(t, "Uint8ToFloat32", func() {
			Uint8ToFloat32(unsafeFloat32sFromBytes(u[:128]), u[:32], 1, 0)
		}, "kernels.Uint8ToFloat32", "overlap")
		// The very same slice is fine.
		Add(a, a, a)
		Axpy(2, a, a)
		MulAdd(a, a, a, a)
		// Disjoint halves of one array are fine.
		Add(buf[:32], buf[32:], buf[32:])
	})
}
