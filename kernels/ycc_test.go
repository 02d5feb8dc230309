package kernels

import (
	"bytes"
	"runtime/debug"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// yccTest is the test of YCbCrToRGB on the ISA TestKernels forces: the
// table kernel and the public function against the generic reference for
// every length of testkit.Lengths, random samples and the extremes, at
// every offset, guards intact; then every slice flush against PROT_NONE
// pages; then the refusal of unequal lengths.
func yccTest(t *testing.T) {
	r := testkit.NewRand(11)
	kernel := fixed().YCbCrToRGB
	for _, n := range testkit.Lengths() {
		var in [3]*testkit.Guarded[uint8]
		var orig [3][]uint8
		for i := range in {
			in[i] = testkit.NewGuarded[uint8](n, r.IntN(8), 0x5a)
			s := in[i].S()
			for j := range s {
				s[j] = uint8(r.Uint32())
				if r.IntN(5) == 0 {
					s[j] = []uint8{0, 255}[r.IntN(2)]
				}
			}
			orig[i] = bytes.Clone(s)
		}
		y, cb, cr := in[0].S(), in[1].S(), in[2].S()
		want := make([]uint8, 3*n)
		yCbCrToRGBGeneric(want, y, cb, cr)
		for _, call := range []string{"table", "YCbCrToRGB"} {
			gd := testkit.NewGuarded[uint8](3*n, r.IntN(8), 0xa5)
			dst := gd.S()
			if call == "table" {
				kernel(dst, y, cb, cr)
			} else {
				YCbCrToRGB(dst, y, cb, cr)
			}
			if i := firstByteDiff(dst, want); i >= 0 {
				p := i / 3
				t.Fatalf("%s, %d pixels: byte %d (pixel %d: %d %d %d) is %d, want %d", call, n, i, p, y[p], cb[p], cr[p], dst[i], want[i])
			}
			gd.Check(t, "dst")
			for i, g := range in {
				testkit.CheckUnchanged(t, "input", g, orig[i])
			}
		}
	}

	// Every (y, cb, cr) at once for a few y: the whole table.
	y, cb, cr := make([]uint8, 65536), make([]uint8, 65536), make([]uint8, 65536)
	for _, yy := range []uint8{0, 1, 77, 128, 200, 254, 255} {
		for i := range y {
			y[i], cb[i], cr[i] = yy, uint8(i), uint8(i>>8)
		}
		got, want := make([]uint8, 3*len(y)), make([]uint8, 3*len(y))
		kernel(got, y, cb, cr)
		yCbCrToRGBGeneric(want, y, cb, cr)
		if i := firstByteDiff(got, want); i >= 0 {
			t.Fatalf("y %d, cb %d, cr %d: byte %d is %d, want %d", yy, cb[i/3], cr[i/3], i%3, got[i], want[i])
		}
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	fences := [4]*testkit.Fence{testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t)}
	for _, n := range []int{1, 15, 16, 17, 33, 100, 1000} {
		for _, atEnd := range []bool{true, false} {
			var in [3][]uint8
			for i := range in {
				in[i] = testkit.Place(fences[i], n, atEnd, uint8(0))
				for j := range in[i] {
					in[i][j] = uint8(r.Uint32())
				}
			}
			dst := testkit.Place(fences[3], 3*n, atEnd, uint8(0))
			want := make([]uint8, 3*n)
			yCbCrToRGBGeneric(want, in[0], in[1], in[2])
			kernel(dst, in[0], in[1], in[2])
			if !bytes.Equal(dst, want) {
				t.Fatalf("fenced, %d pixels: differ from the reference", n)
			}
		}
	}

	s := make([]uint8, 10)
	d := make([]uint8, 30)
	for name, call := range map[string]func(){
		"short dst":  func() { kernel(d[:29], s, s, s) },
		"short cb":   func() { kernel(d, s, s[:9], s) },
		"long cr":    func() { kernel(d[:27], s[:9], s[:9], s) },
		"public dst": func() { YCbCrToRGB(d[:29], s, s, s) },
	} {
		testkit.ExpectPanic(t, name, call, "YCbCrToRGB")
	}
}

func init() { handTests["YCbCrToRGB"] = yccTest }
