package kernels

import (
	"bytes"

	"math/rand/v2"
	"runtime/debug"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/internal/testkit"
)

// unfilterSpec is PNG's definition of each filter's predictor, written as
// the specification states it: the oracle of the scan kernels and of
// Unfilter.
func unfilterSpec(filter uint8, cur, prev []uint8, bpp int) {
	for i := range cur {
		a, b, c := 0, int(prev[i]), 0
		if i >= bpp {
			a, c = int(cur[i-bpp]), int(prev[i-bpp])
		}
		var pred int
		switch filter {
		case FilterSub:
			pred = a
		case FilterUp:
			pred = b
		case FilterAverage:
			pred = (a + b) / 2
		case FilterPaeth:
			p := a + b - c
			pa, pb, pc := p-a, p-b, p-c
			if pa < 0 {
				pa = -pa
			}
			if pb < 0 {
				pb = -pb
			}
			if pc < 0 {
				pc = -pc
			}
			switch {
			case pa <= pb && pa <= pc:
				pred = a
			case pb <= pc:
				pred = b
			default:
				pred = c
			}
		}
		cur[i] += uint8(pred)
	}
}

// unfilterFills are the row contents: random bytes, and patterns that
// make Paeth's distances tie or reach their extremes.
var unfilterFills = map[string]func(r *rand.Rand, i int) uint8{
	"random":      func(r *rand.Rand, _ int) uint8 { return uint8(r.Uint32()) },
	"zero":        func(*rand.Rand, int) uint8 { return 0 },
	"max":         func(*rand.Rand, int) uint8 { return 255 },
	"alternating": func(_ *rand.Rand, i int) uint8 { return uint8(255 * (i / 3 & 1)) },
	"smallrange":  func(r *rand.Rand, _ int) uint8 { return uint8(126 + r.IntN(4)) },
}

// scanTest is the test of the scan kernel for one filter and pixel size,
// on the ISA TestKernels forces: Unfilter against the specification on
// every length of testkit.Lengths (in pixels) at several offsets, with
// guards around both rows, prev unchanged; rows flush against PROT_NONE
// pages on both sides; and the table kernel called directly.
func scanTest(filter uint8, bpp int) func(t *testing.T) {
	return func(t *testing.T) {
		r := testkit.NewRand(uint64(filter)<<8 | uint64(bpp))
		for name, fill := range unfilterFills {
			for _, px := range testkit.Lengths() {
				n := px * bpp
				off := r.IntN(8)
				gc := testkit.NewGuarded[uint8](n, off, 0xa5)
				gp := testkit.NewGuarded[uint8](n, 7-off, 0x5a)
				cur, prev := gc.S(), gp.S()
				for i := range cur {
					cur[i], prev[i] = fill(r, i), fill(r, i+bpp)
				}
				want := bytes.Clone(cur)
				unfilterSpec(filter, want, prev, bpp)
				origPrev := bytes.Clone(prev)
				if err := Unfilter(filter, cur, prev, bpp); err != nil {
					t.Fatal(err)
				}
				if i := firstByteDiff(cur, want); i >= 0 {
					t.Fatalf("%s, %d pixels: byte %d is %d, want %d", name, px, i, cur[i], want[i])
				}
				gc.Check(t, "cur")
				testkit.CheckUnchanged(t, "prev", gp, origPrev)
			}
		}
		// Rows ending (and starting) at a PROT_NONE page: a load or store
		// past either end faults.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		f := testkit.NewFence(t)
		g := testkit.NewFence(t)
		for _, px := range []int{1, 2, 3, 5, 8, 17, 100} {
			for _, atEnd := range []bool{true, false} {
				cur := testkit.Place(f, px*bpp, atEnd, uint8(200))
				prev := testkit.Place(g, px*bpp, atEnd, uint8(77))
				want := bytes.Clone(cur)
				unfilterSpec(filter, want, prev, bpp)
				kernel := scanKernel(fixed(), filter, bpp)
				kernel(cur, prev)
				if !bytes.Equal(cur, want) {
					t.Fatalf("fenced %d pixels: got %v, want %v", px, cur, want)
				}
			}
		}
	}
}

func firstByteDiff(a, b []uint8) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

func init() {
	for _, f := range registry.UnfilterFilters {
		for _, bpp := range registry.UnfilterBpps {
			filter := map[string]uint8{"Sub": FilterSub, "Average": FilterAverage, "Paeth": FilterPaeth}[f.Name]
			handTests[registry.UnfilterName(f.Name, bpp)] = scanTest(filter, bpp)
		}
	}
}

// TestUnfilterGo checks the Go paths of Unfilter (every filter, pixel
// sizes without a scan kernel, Up and None) against the specification,
// and its misuse panics and error.
func TestUnfilterGo(t *testing.T) {
	r := testkit.NewRand(9)
	for _, bpp := range []int{1, 2, 3, 4, 6, 8} {
		for n := 0; n <= 70; n++ {
			for filter := uint8(0); filter <= FilterPaeth; filter++ {
				cur, prev := make([]uint8, n), make([]uint8, n)
				for i := range cur {
					cur[i], prev[i] = uint8(r.Uint32()), uint8(r.Uint32())
				}
				want := bytes.Clone(cur)
				unfilterSpec(filter, want, prev, bpp)
				if err := Unfilter(filter, cur, prev, bpp); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(cur, want) {
					t.Fatalf("filter %d bpp %d n %d: got %v, want %v", filter, bpp, n, cur, want)
				}
			}
		}
	}
	if err := Unfilter(5, nil, nil, 1); err == nil {
		t.Error("filter type 5 accepted")
	}
	row := make([]uint8, 12)
	testkit.ExpectPanic(t, "lengths", func() { Unfilter(FilterSub, row, row[:6], 3) }, "cur=12 prev=6")
	testkit.ExpectPanic(t, "bpp 0", func() { Unfilter(FilterSub, row[:6], row[6:], 0) }, "bytes per pixel")
	testkit.ExpectPanic(t, "bpp 9", func() { Unfilter(FilterSub, row[:6], row[6:], 9) }, "bytes per pixel")
	testkit.ExpectPanic(t, "shared", func() { Unfilter(FilterSub, row[:6], row[3:9], 3) }, "share memory")
	testkit.ExpectPanic(t, "same", func() { Unfilter(FilterSub, row[:6], row[:6], 3) }, "share memory")
}

// TestPaethEveryInput runs the Paeth kernels of the active ISA on every
// (left, up, up-left, filtered byte) combination of one channel that
// matters: all 2^24 predictor inputs, packed into rows.
func TestPaethEveryInput(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		for _, bpp := range registry.UnfilterBpps {
			// Pixel 0 sets left (a) through its up value with filtered 0;
			// pixel 1 tests (a, b, c) with c = pixel 0's up.
			cur, prev := make([]uint8, 2*bpp), make([]uint8, 2*bpp)
			want := make([]uint8, 2*bpp)
			for a := 0; a < 256; a++ {
				for b := 0; b < 256; b++ {
					for c := 0; c < 256; c += 5 {
						for k := 0; k < bpp; k++ {
							cur[k], prev[k] = uint8(a-c), uint8(c) // cur[0] = a - c + up c = a
							cur[bpp+k], prev[bpp+k] = uint8(k), uint8(b)
						}
						copy(want, cur)
						unfilterSpec(FilterPaeth, want, prev, bpp)
						Unfilter(FilterPaeth, cur, prev, bpp)
						if !bytes.Equal(cur, want) {
							t.Fatalf("bpp %d, a %d b %d c %d: got %v, want %v", bpp, a, b, c, cur, want)
						}
					}
				}
			}
		}
	})
}
