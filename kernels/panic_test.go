package kernels

import (
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// TestBadLengths checks that every kernel panics, naming itself and the
// lengths, before touching memory when its slices differ in length.
func TestBadLengths(t *testing.T) {
	f3, f4 := make([]float32, 3), make([]float32, 4)
	d3, d4 := make([]float64, 3), make([]float64, 4)
	u3 := make([]uint8, 3)
	cases := []struct {
		name string
		call func()
		want []string
	}{
		{"Add", func() { Add(f3, f4, f3) }, []string{"kernels.Add", "dst=3", "a=4", "b=3"}},
		{"Sub", func() { Sub(f3, f3, f4) }, []string{"kernels.Sub", "b=4"}},
		{"Mul", func() { Mul(d4, d3, d3) }, []string{"kernels.Mul", "dst=4"}},
		{"Div", func() { Div(d3, d3, d4) }, []string{"kernels.Div", "b=4"}},
		{"AddConst", func() { AddConst(f3, f4, 1) }, []string{"kernels.AddConst", "dst=3", "a=4"}},
		{"Scale", func() { Scale(d3, d4, 1) }, []string{"kernels.Scale", "a=4"}},
		{"Axpy", func() { Axpy(2, f3, f4) }, []string{"kernels.Axpy", "x=3", "y=4"}},
		{"MulAdd", func() { MulAdd(f3, f3, f3, f4) }, []string{"kernels.MulAdd", "c=4"}},
		{"Dot", func() { Dot(d3, d4) }, []string{"kernels.Dot", "a=3", "b=4"}},
		{"Distance", func() { Distance(f4, f3) }, []string{"kernels.Distance", "a=4", "b=3"}},
		{"Float32To64", func() { Float32To64(d3, f4) }, []string{"kernels.Float32To64", "dst=3", "src=4"}},
		{"Float64To32", func() { Float64To32(f4, d3) }, []string{"kernels.Float64To32", "dst=4", "src=3"}},
		{"Uint8ToFloat32", func() { Uint8ToFloat32(f4, u3, 1, 0) }, []string{"kernels.Uint8ToFloat32", "src=3"}},
		{"Float32ToUint8", func() { Float32ToUint8(u3, f4) }, []string{"kernels.Float32ToUint8", "src=4"}},
		{"Min", func() { Min([]float32{}) }, []string{"kernels.Min", "empty"}},
		{"Max", func() { Max([]float64(nil)) }, []string{"kernels.Max", "empty"}},
	}
	forEachISA(t, func(t *testing.T) {
		for _, c := range cases {
			testkit.ExpectPanic(t, c.name, c.call, c.want...)
		}
	})
}

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
		testkit.ExpectPanic(t, "prefix", func() { Add(a[:16], a, b) }, "kernels.Add") // lengths differ first
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
