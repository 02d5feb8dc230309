package kernels

import (
	"bytes"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// reduceColumnsSpec is ReduceColumns' contract as written: each column's
// sum in int, wrapped to 16 bits at the end.
func reduceColumnsSpec(dst []uint16, src []uint8, stride, rows int) {
	for i := range dst {
		s := 0
		for j := 0; j < rows; j++ {
			s += int(src[j*stride+i])
		}
		dst[i] = uint16(s)
	}
}

// reduceColumnsTest is ReduceColumns' test on the ISA TestKernels forces:
// every width of testkit.Lengths, row counts from 0 to past 257 (where
// all-255 columns wrap), strides equal to the width, longer and shorter
// (rows may overlap), against the specification, guarded, the source
// unchanged; then every slice flush against a PROT_NONE page; then
// misuse.
func reduceColumnsTest(t *testing.T) {
	r := testkit.NewRand(91)
	kernel := fixed().ReduceColumns
	for _, n := range testkit.Lengths() {
		if n > 5000 {
			continue
		}
		for range 3 {
			rows := []int{0, 1, 2, 3, 4, 5, 8, 17, 257, 258, 300}[r.IntN(11)]
			stride := []int{n, n + r.IntN(9), r.IntN(n + 1)}[r.IntN(3)]
			size := 0
			if rows > 0 && n > 0 {
				size = (rows-1)*stride + n
			}
			gs := testkit.NewGuarded[uint8](size, r.IntN(8), 0x5a)
			src := gs.S()
			saturated := r.IntN(3) == 0
			for i := range src {
				src[i] = uint8(r.Uint32())
				if saturated {
					src[i] = 255
				}
			}
			orig := bytes.Clone(src)
			want := make([]uint16, n)
			reduceColumnsSpec(want, src, stride, rows)
			for _, call := range []string{"ReduceColumns", "table"} {
				gd := testkit.NewGuarded[uint16](n, r.IntN(8), 0xa5a5)
				dst := gd.S()
				for i := range dst {
					dst[i] = 0x1234 // overwritten, not added to
				}
				if call == "table" {
					kernel(dst, src, stride, rows)
				} else {
					ReduceColumns(dst, src, stride, rows)
				}
				if !slices.Equal(dst, want) {
					t.Fatalf("%s, width %d, %d rows, stride %d: got %v, want %v", call, n, rows, stride, dst, want)
				}
				gd.Check(t, "dst")
				testkit.CheckUnchanged(t, "src", gs, orig)
			}
		}
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	fd, fs := testkit.NewFence(t), testkit.NewFence(t)
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100} {
		for _, atEnd := range []bool{true, false} {
			rows, stride := 5, n+3
			src := testkit.Place(fs, (rows-1)*stride+n, atEnd, uint8(200))
			for i := range src {
				src[i] = uint8(r.Uint32())
			}
			dst := testkit.Place(fd, n, atEnd, uint16(0))
			want := make([]uint16, n)
			reduceColumnsSpec(want, src, stride, rows)
			kernel(dst, src, stride, rows)
			if !slices.Equal(dst, want) {
				t.Fatalf("fenced, width %d: got %v, want %v", n, dst, want)
			}
		}
	}

	src, dst := make([]uint8, 100), make([]uint16, 10)
	for name, c := range map[string][2]int{
		"negative stride":   {-1, 4},
		"rows past the end": {31, 4},
		"huge stride":       {int(^uint(0) >> 2), 4},
		"negative rows":     {10, -1},
		"too many rows":     {10, 11},
	} {
		testkit.ExpectPanic(t, name, func() { kernel(dst, src, c[0], c[1]) }, "ReduceColumns")
		testkit.ExpectPanic(t, name, func() { ReduceColumns(dst, src, c[0], c[1]) }, "ReduceColumns")
	}
	testkit.ExpectPanic(t, "short source", func() { kernel(dst, src[:9], 0, 1) }, "ReduceColumns")
}

func init() { handTests["ReduceColumns"] = reduceColumnsTest }
