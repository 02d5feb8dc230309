package kernels

import (
	"bytes"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"testing"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/internal/testkit"
)

// rowsSpec is ResampleRows' contract written from resampleSpec: each row
// resampled alone with the int32 weights k.
func rowsSpec(dst []uint8, dstStride int, src []uint8, srcStride, rows, ch int, bounds, k []int32) {
	out := len(bounds) / 2 * ch
	for y := 0; y < rows; y++ {
		resampleSpec(dst[y*dstStride:y*dstStride+out], src[y*srcStride:], ch, bounds, k)
	}
}

// rowsCase is random data for ResampleRows: rows rows of in source
// pixels (the last row ending exactly at the end of src, so that windows
// at its end meet the end of the slice) and strides with up to 7 spare
// bytes, and out windows of up to maxTaps pixels (resampleCase).
type rowsCase struct {
	rows, ch, in, out int
	srcStride         int
	dstStride         int
	src               []uint8
	bounds, k         []int32
}

func newRowsCase(r *rand.Rand, ch, rows, out, in, maxTaps int, weights string) rowsCase {
	c := rowsCase{rows: rows, ch: ch, in: in, out: out}
	c.srcStride = in*ch + r.IntN(8)
	c.dstStride = out*ch + r.IntN(8)
	n := 0
	if rows > 0 {
		n = (rows-1)*c.srcStride + in*ch
	}
	c.src = make([]uint8, n)
	for i := range c.src {
		c.src[i] = uint8(r.Uint32())
	}
	if r.IntN(4) == 0 {
		for i := range c.src {
			c.src[i] = 255
		}
	}
	c.bounds, c.k = resampleCase(r, out, in, maxTaps, weights)
	return c
}

// dstLen is the length of a destination that holds the rows exactly.
func (c rowsCase) dstLen() int {
	if c.rows == 0 {
		return 0
	}
	return (c.rows-1)*c.dstStride + c.out*c.ch
}

// resampleRowsTest is the test of ResampleRows<ch> on the ISA TestKernels
// forces: the table kernel and ResampleRows against rowsSpec for 0 to 7
// rows, output lengths of testkit.Lengths, windows of several widths and
// weights of several kinds, with guards around dst (and the bytes between
// its rows) and src unchanged; then slices flush against PROT_NONE
// pages; then the refusal of bad arguments.
func resampleRowsTest(ch int) func(t *testing.T) {
	return func(t *testing.T) {
		r := testkit.NewRand(uint64(100 + ch))
		kernel := rowsKernel(fixed(), ch)
		for _, out := range testkit.Lengths() {
			if out > 2000 {
				continue
			}
			for _, kind := range []string{"filter", "extreme", "unit"} {
				rows := []int{0, 1, 2, 3, 4, 5, 7}[r.IntN(7)]
				maxTaps := []int{1, 2, 3, 4, 5, 9, 17, 40, 300}[r.IntN(9)]
				c := newRowsCase(r, ch, rows, out, r.IntN(300), maxTaps, kind)
				w := NewResampleWeights(c.bounds, c.k)
				orig := bytes.Clone(c.src)
				want := bytes.Repeat([]uint8{0xa5}, c.dstLen())
				rowsSpec(want, c.dstStride, c.src, c.srcStride, rows, ch, c.bounds, c.k)
				for _, call := range []string{"ResampleRows", "table"} {
					gd := testkit.NewGuarded[uint8](c.dstLen(), r.IntN(8), 0xa5)
					dst := gd.S()
					for i := range dst {
						dst[i] = 0xa5 // the bytes between rows must stay so
					}
					if call == "table" {
						kernel(dst, c.dstStride, c.src, c.srcStride, rows, w.bounds, w.halves)
					} else {
						ResampleRows(dst, c.dstStride, c.src, c.srcStride, rows, ch, w)
					}
					if i := firstByteDiff(dst, want); i >= 0 {
						t.Fatalf("%s, %d rows of %d outputs from %d pixels (strides %d, %d), %s weights, windows up to %d: byte %d is %d, want %d",
							call, rows, out, c.in, c.dstStride, c.srcStride, kind, maxTaps, i, dst[i], want[i])
					}
					gd.Check(t, "dst")
					if !bytes.Equal(c.src, orig) {
						t.Fatalf("%s changed src", call)
					}
				}
			}
		}

		// The source flush against a PROT_NONE page after it or before
		// it, the windows reaching its first and last pixels in every
		// row: a read outside it faults. 1 to 8 rows (single and four-row
		// passes, and both after each other); the strides are the rows'
		// bytes.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		fd, fs := testkit.NewFence(t), testkit.NewFence(t)
		for _, in := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 100} {
			for _, rows := range []int{1, 2, 3, 4, 5, 8} {
				for _, atEnd := range []bool{true, false} {
					out := 9
					bounds, k := resampleCase(r, out, in, in, "filter")
					for i, win := range [][2]int{{0, in}, {in - 1, 1}, {max(in-2, 0), min(2, in)}, {max(in-3, 0), min(3, in)}, {max(in-5, 0), min(5, in)}} {
						bounds[2*i], bounds[2*i+1] = int32(win[0]), int32(win[1])
					}
					taps := 0
					for x := 1; x < len(bounds); x += 2 {
						taps += int(bounds[x])
					}
					k = make([]int32, taps)
					for i := range k {
						k[i] = int32(r.IntN(1<<22)) - 1<<20
					}
					src := testkit.Place(fs, rows*in*ch, atEnd, uint8(0))
					for i := range src {
						src[i] = uint8(r.Uint32())
					}
					dst := testkit.Place(fd, rows*out*ch, atEnd, uint8(0))
					want := make([]uint8, len(dst))
					rowsSpec(want, out*ch, src, in*ch, rows, ch, bounds, k)
					w := NewResampleWeights(bounds, k)
					kernel(dst, out*ch, src, in*ch, rows, w.bounds, w.halves)
					if !bytes.Equal(dst, want) {
						t.Fatalf("fenced, %d rows of %d pixels, at end %v: got %v, want %v", rows, in, atEnd, dst, want)
					}
				}
			}
		}

		// Bad arguments, refused before any pixel is read.
		w := NewResampleWeights([]int32{0, 3, 7, 3}, make([]int32, 6))
		src := make([]uint8, 2*10*ch)
		dst := make([]uint8, 2*2*ch)
		for name, call := range map[string]func(){
			"negative rows":      func() { ResampleRows(dst, 2*ch, src, 10*ch, -1, ch, w) },
			"negative stride":    func() { ResampleRows(dst, -1, src, 10*ch, 2, ch, w) },
			"overlapping rows":   func() { ResampleRows(dst, 2*ch-1, src, 10*ch, 2, ch, w) },
			"short dst":          func() { ResampleRows(dst[:len(dst)-1], 2*ch, src, 10*ch, 2, ch, w) },
			"short src":          func() { ResampleRows(dst, 2*ch, src[:len(src)-1], 10*ch, 2, ch, w) },
			"huge stride":        func() { ResampleRows(dst, 2*ch, src, math.MaxInt, 2, ch, w) },
			"window past source": func() { ResampleRows(dst, 2*ch, src[:18*ch], 9*ch, 2, ch, w) },
			"zero channels":      func() { ResampleRows(dst, 2*ch, src, 10*ch, 2, 0, w) },
		} {
			testkit.ExpectPanic(t, name, call, "ResampleRows")
		}
		for name, b := range map[string][]int32{
			"negative first": {-1, 2, 0, 1},
			"past the end":   {9, 2, 0, 1},
			"negative taps":  {0, -1, 0, 1},
			"overflowing":    {1 << 30, 1 << 30, 0, 1},
			"short k":        {0, 10, 0, 10},
			"odd bounds":     {0, 1, 0},
		} {
			k := make([]int16, 4*10)
			if name == "short k" {
				k = k[:39]
			}
			testkit.ExpectPanic(t, name, func() { kernel(dst, 2*ch, src, 10*ch, 2, b, k) }, "ResampleRows")
		}
	}
}

func init() {
	for _, ch := range registry.ResampleRowsChannels {
		handTests[registry.ResampleRowsName(ch)] = resampleRowsTest(ch)
	}
}

// TestResampleRowsRoutes checks which kernels ResampleRows runs: the
// many-row kernel where the ISA's own table has one (the x86 ISAs), and
// for other channel counts and ISAs ResampleRow row by row, with the same
// bytes.
func TestResampleRowsRoutes(t *testing.T) {
	eachISA(t, func(isa ISA) {
		own := rowsKernel(asm.ForISA(isa.String()), 3) != nil
		if want := isa == AVX2 || isa == AVX512; own != want {
			t.Errorf("%s: own ResampleRows3 %v, want %v", isa, own, want)
		}
		r := testkit.NewRand(9)
		for ch := 1; ch <= 4; ch++ {
			c := newRowsCase(r, ch, 3, 50, 200, 33, "filter")
			want := make([]uint8, c.dstLen())
			rowsSpec(want, c.dstStride, c.src, c.srcStride, 3, ch, c.bounds, c.k)
			got := make([]uint8, c.dstLen())
			ResampleRows(got, c.dstStride, c.src, c.srcStride, 3, ch, NewResampleWeights(c.bounds, c.k))
			if i := firstByteDiff(got, want); i >= 0 {
				t.Fatalf("%s, %d channels: byte %d is %d, want %d", isa, ch, i, got[i], want[i])
			}
		}
	})
}

// TestSplitWeight checks that the halves join to the weight for extreme
// and random int32 values.
func TestSplitWeight(t *testing.T) {
	r := testkit.NewRand(5)
	ws := []int32{0, 1, -1, 1 << 22, -(1 << 22), 32767, 32768, -32768, -32769, 65535, 65536, 1<<31 - 1, -1 << 31}
	for range 100000 {
		ws = append(ws, int32(r.Uint32()))
	}
	for _, w := range ws {
		lo, hi := splitWeight(w)
		if got := int32(hi)<<16 + int32(lo); got != w {
			t.Fatalf("splitWeight(%d) = %d, %d, joined %d", w, lo, hi, got)
		}
	}
	testkit.ExpectPanic(t, "short k", func() { NewResampleWeights([]int32{0, 3}, make([]int32, 2)) }, "NewResampleWeights")
	testkit.ExpectPanic(t, "odd bounds", func() { NewResampleWeights([]int32{0}, nil) }, "NewResampleWeights")
}
