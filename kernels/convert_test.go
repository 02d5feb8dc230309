package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

func TestConversions(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		for _, kind := range testkit.Kinds {
			for _, n := range testkit.Lengths() {
				checkConversions(t, kind, n, n%8)
			}
			for off := 0; off < 8; off++ {
				for _, n := range testkit.ShortLengths {
					checkConversions(t, kind, n, off)
				}
			}
		}
	})
}

func checkConversions(t *testing.T, kind testkit.Kind, n, off int) {
	t.Helper()
	r := testkit.NewRand(uint64(n*17 + off))
	what := fmt.Sprintf("%s/n=%d/off=%d", kind, n, off)

	g32, s32 := testkit.NewInput[float32](r, n, off, kind)
	g64, s64 := testkit.NewInput[float64](r, n, (off+3)%8, kind)
	if kind == testkit.Positive {
		// Spread over the whole uint8 range and beyond, with many halves.
		for i := range s32 {
			s32[i] = float32(r.IntN(600))/2 - 20
			g32.S()[i] = s32[i]
		}
	}
	gu := testkit.NewGuarded[uint8](n, (off+1)%8, 0xA5)
	for i := range gu.S() {
		gu.S()[i] = uint8(r.IntN(256))
	}
	su := append([]uint8(nil), gu.S()...)

	d64 := testkit.NewGuarded[float64](n, (off+2)%8, -7.5)
	Float32To64(d64.S(), g32.S())
	w64 := make([]float64, n)
	float32To64Generic(w64, s32)
	compareAll(t, what+"/Float32To64", d64, w64)

	d32 := testkit.NewGuarded[float32](n, (off+4)%8, -7.5)
	Float64To32(d32.S(), g64.S())
	w32 := make([]float32, n)
	float64To32Generic(w32, s64)
	compareAll(t, what+"/Float64To32", d32, w32)

	for _, so := range [][2]float32{{1.0 / 255, 0}, {1, 0}, {0.0171247538, -2.1179039}, {-3.5, 1e30}} {
		df := testkit.NewGuarded[float32](n, (off+6)%8, -7.5)
		Uint8ToFloat32(df.S(), gu.S(), so[0], so[1])
		wf := make([]float32, n)
		uint8ToFloat32Generic(wf, su, so[0], so[1])
		compareAll(t, fmt.Sprintf("%s/Uint8ToFloat32(%v)", what, so), df, wf)
	}

	du := testkit.NewGuarded[uint8](n, (off+5)%8, 0x5A)
	Float32ToUint8(du.S(), g32.S())
	wu := make([]uint8, n)
	float32ToUint8Generic(wu, s32)
	du.Check(t, what+"/Float32ToUint8")
	for i, v := range du.S() {
		if v != wu[i] {
			t.Fatalf("%s/Float32ToUint8: element %d: %v -> %d, want %d", what, i, s32[i], v, wu[i])
		}
	}

	testkit.CheckUnchanged(t, what, g32, s32)
	testkit.CheckUnchanged(t, what, g64, s64)
	for i, v := range gu.S() {
		if v != su[i] {
			t.Fatalf("%s: uint8 input changed at %d", what, i)
		}
	}
	gu.Check(t, what+" uint8 input")
}

func compareAll[T Float](t *testing.T, what string, got *testkit.Guarded[T], want []T) {
	t.Helper()
	got.Check(t, what)
	for i, v := range got.S() {
		if !testkit.SameFloat(v, want[i]) {
			t.Fatalf("%s: element %d = %v, want %v", what, i, v, want[i])
		}
	}
}

// TestFloat32ToUint8Values pins the rounding and saturation rules on every
// ISA, in every position of a vector and of the tail.
func TestFloat32ToUint8Values(t *testing.T) {
	cases := []struct {
		in   float32
		want uint8
	}{
		{0, 0}, {float32(math.Copysign(0, -1)), 0}, {0.5, 0}, {0.50001, 1}, {1.5, 2}, {2.5, 2}, {3.5, 4},
		{254.5, 254}, {254.50002, 255}, {255, 255}, {255.49, 255}, {255.5, 255}, {256, 255}, {1e10, 255},
		{-0.4, 0}, {-0.6, 0}, {-1, 0}, {-1e30, 0}, {float32(math.Inf(1)), 255}, {float32(math.Inf(-1)), 0},
		{float32(math.NaN()), 0}, {float32(-math.NaN()), 0}, {math.SmallestNonzeroFloat32, 0}, {127.5, 128}, {128.5, 128},
	}
	forEachISA(t, func(t *testing.T) {
		for _, n := range []int{1, 7, 8, 9, 31, 32, 33, 40} {
			for _, c := range cases {
				src := make([]float32, n)
				for i := range src {
					src[i] = c.in
				}
				dst := make([]uint8, n)
				Float32ToUint8(dst, src)
				for i, v := range dst {
					if v != c.want {
						t.Fatalf("n=%d: Float32ToUint8(%v) at %d = %d, want %d", n, c.in, i, v, c.want)
					}
				}
			}
		}
	})
}

// TestUint8ToFloat32AllBytes checks every byte value against the
// definition float32(float32(b)*scale) + offset.
func TestUint8ToFloat32AllBytes(t *testing.T) {
	src := make([]uint8, 256+13)
	for i := range src {
		src[i] = uint8(i)
	}
	forEachISA(t, func(t *testing.T) {
		dst := make([]float32, len(src))
		scale, offset := float32(1.0/255), float32(-0.5)
		Uint8ToFloat32(dst, src, scale, offset)
		for i, b := range src {
			// The conversion forces rounding: Go may fuse x*y + z into one
			// FMA (arm64 does), even across statements.
			if want := float32(float32(b)*scale) + offset; dst[i] != want {
				t.Fatalf("Uint8ToFloat32(%d) = %v, want %v", b, dst[i], want)
			}
		}
	})
}
