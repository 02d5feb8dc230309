package kernels

import (
	"bytes"
	"runtime/debug"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// upsampleTest is the test of UpsampleH2V1 (rows 1) or UpsampleH2V2 (rows
// 2) on the ISA TestKernels forces: the table kernel and the public
// function against the generic reference for every length of
// testkit.Lengths, random rows and the extremes, at every offset, guards
// intact; then every slice flush against PROT_NONE pages; then the
// refusal of unequal lengths.
func upsampleTest(rows int) func(t *testing.T) {
	return func(t *testing.T) {
		r := testkit.NewRand(uint64(12 + rows))
		tab := fixed()
		call := func(dst []uint8, in [][]uint8, public bool) {
			switch {
			case rows == 1 && public:
				UpsampleH2V1(dst, in[0])
			case rows == 1:
				tab.UpsampleH2V1(dst, in[0])
			case public:
				UpsampleH2V2(dst, in[0], in[1])
			default:
				tab.UpsampleH2V2(dst, in[0], in[1])
			}
		}
		ref := func(dst []uint8, in [][]uint8) {
			if rows == 1 {
				upsampleH2V1Generic(dst, in[0])
			} else {
				upsampleH2V2Generic(dst, in[0], in[1])
			}
		}
		for _, n := range testkit.Lengths() {
			gs := make([]*testkit.Guarded[uint8], rows)
			in := make([][]uint8, rows)
			orig := make([][]uint8, rows)
			for k := range in {
				gs[k] = testkit.NewGuarded[uint8](n, r.IntN(8), 0x5a)
				in[k] = gs[k].S()
				for j := range in[k] {
					in[k][j] = uint8(r.Uint32())
					if r.IntN(4) == 0 {
						in[k][j] = 255
					}
				}
				orig[k] = bytes.Clone(in[k])
			}
			want := make([]uint8, 2*n)
			ref(want, in)
			for _, public := range []bool{false, true} {
				gd := testkit.NewGuarded[uint8](2*n, r.IntN(8), 0xa5)
				dst := gd.S()
				call(dst, in, public)
				if i := firstByteDiff(dst, want); i >= 0 {
					t.Fatalf("%d samples (public %v): byte %d is %d, want %d", n, public, i, dst[i], want[i])
				}
				gd.Check(t, "dst")
				for k := range gs {
					testkit.CheckUnchanged(t, "input", gs[k], orig[k])
				}
			}
		}

		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		fences := []*testkit.Fence{testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t)}
		for _, n := range []int{1, 2, 3, 16, 17, 18, 33, 100, 1000} {
			for _, atEnd := range []bool{true, false} {
				in := make([][]uint8, rows)
				for k := range in {
					in[k] = testkit.Place(fences[k], n, atEnd, uint8(0))
					for j := range in[k] {
						in[k][j] = uint8(r.Uint32())
					}
				}
				dst := testkit.Place(fences[2], 2*n, atEnd, uint8(0))
				want := make([]uint8, 2*n)
				ref(want, in)
				call(dst, in, false)
				if !bytes.Equal(dst, want) {
					t.Fatalf("fenced, %d samples: differ from the reference", n)
				}
			}
		}

		s := make([][]uint8, rows)
		for k := range s {
			s[k] = make([]uint8, 10)
		}
		d := make([]uint8, 20)
		name := map[int]string{1: "UpsampleH2V1", 2: "UpsampleH2V2"}[rows]
		testkit.ExpectPanic(t, "short dst", func() { call(d[:19], s, false) }, name)
		testkit.ExpectPanic(t, "odd dst", func() { call(d[:18], s, true) }, name)
		if rows == 2 {
			testkit.ExpectPanic(t, "short far", func() { call(d, [][]uint8{s[0], s[1][:9]}, false) }, name)
		}
	}
}

func init() {
	handTests["UpsampleH2V1"] = upsampleTest(1)
	handTests["UpsampleH2V2"] = upsampleTest(2)
}
