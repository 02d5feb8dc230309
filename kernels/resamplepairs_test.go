package kernels

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/internal/testkit"
)

// transposePairsSpec is TransposePairs' contract, written from its doc.
func transposePairsSpec(ch int, dst []uint16, src []uint8, srcStride, groups int) {
	for p := 0; p < 2*groups; p++ {
		for c := range ch {
			for r := range pairRows {
				for i := range 2 {
					dst[16*(p*ch+c)+2*r+i] = uint16(src[r*srcStride+(2*p+i)*ch+c])
				}
			}
		}
	}
}

// transposePairsTest is the test of TransposePairs<ch> on the ISA
// TestKernels forces: the table kernel against the contract for 0 to 70
// groups and strides with spare bytes, guards around dst, src unchanged;
// then the source flush against PROT_NONE pages (the last group's
// 16-byte reads ending at the page, and the first row starting at one);
// then the refusal of bad arguments.
func transposePairsTest(ch int) func(t *testing.T) {
	return func(t *testing.T) {
		r := testkit.NewRand(uint64(200 + ch))
		kernel, _ := pairKernels(fixed(), ch)
		for range 300 {
			groups := r.IntN(71)
			stride := 4*ch*groups + 16 + r.IntN(20)
			src := make([]uint8, 7*stride+4*ch*groups+16+r.IntN(3))
			for i := range src {
				src[i] = uint8(r.Uint32())
			}
			orig := bytes.Clone(src)
			want := make([]uint16, 32*ch*groups)
			for i := range want {
				want[i] = 0xa5a5
			}
			transposePairsSpec(ch, want, src, stride, groups)
			gd := testkit.NewGuarded[uint16](len(want), r.IntN(8), 0xa5a5)
			kernel(gd.S(), src, stride, groups)
			if i := slices.Compare(gd.S(), want); i != 0 {
				t.Fatalf("%d groups, stride %d: got %v, want %v", groups, stride, gd.S(), want)
			}
			gd.Check(t, "dst")
			if !bytes.Equal(src, orig) {
				t.Fatal("TransposePairs changed src")
			}
		}

		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		fs := testkit.NewFence(t)
		for _, groups := range []int{1, 2, 3, 5, 16} {
			for _, atEnd := range []bool{true, false} {
				stride := 4*ch*groups + 16
				src := testkit.Place(fs, 7*stride+4*ch*groups+16-4*ch, atEnd, uint8(0))
				// The last group's reads end at the end of src, past its
				// pixels for RGB.
				src = src[:len(src):len(src)]
				for i := range src {
					src[i] = uint8(r.Uint32())
				}
				n := (len(src) - 7*stride - 16) / (4 * ch)
				n++
				got, want := make([]uint16, 32*ch*n), make([]uint16, 32*ch*n)
				transposePairsSpec(ch, want, src, stride, n)
				kernel(got, src, stride, n)
				if !slices.Equal(got, want) {
					t.Fatalf("fenced, %d groups, at end %v: got %v, want %v", n, atEnd, got, want)
				}
			}
		}

		dst := make([]uint16, 32*ch*4)
		src := make([]uint8, 7*100+4*ch*3+16)
		for name, call := range map[string]func(){
			"negative groups": func() { kernel(dst, src, 100, -1) },
			"negative stride": func() { kernel(dst, src, -1, 1) },
			"short dst":       func() { kernel(dst[:len(dst)-1], src, 100, 4) },
			"short src":       func() { kernel(dst, src[:len(src)-1], 100, 4) },
			"huge stride":     func() { kernel(dst, src, math.MaxInt, 1) },
			"huge groups":     func() { kernel(dst, src, 100, math.MaxInt) },
		} {
			testkit.ExpectPanic(t, name, call, "TransposePairs")
		}
	}
}

// pairsCase is random data for ResamplePairs: pair columns of pairs pairs
// and out windows of up to maxTaps pixels (resampleCase), in pair layout.
type pairsCase struct {
	ch, out, pairs int
	dstStride      int
	t              []uint16
	bounds, k      []int32 // the windows in pixels
}

func newPairsCase(r *rand.Rand, ch, out, pairs, maxTaps int, weights string) pairsCase {
	c := pairsCase{ch: ch, out: out, pairs: pairs, dstStride: out*ch + r.IntN(8)}
	c.t = make([]uint16, 16*ch*pairs)
	for i := range c.t {
		c.t[i] = uint16(r.IntN(256))
		if r.IntN(40) == 0 { // the kernel's contract takes any word
			c.t[i] = uint16(r.Uint32())
		}
	}
	c.bounds, c.k = resampleCase(r, out, 2*pairs, maxTaps, weights)
	return c
}

// spec returns the rows ResamplePairs must write, from the windows in
// pixels: ResampleRow's sums over t's words, row by row.
func (c pairsCase) spec() []uint8 {
	rowBytes := c.out * c.ch
	want := bytes.Repeat([]uint8{0xa5}, 7*c.dstStride+rowBytes)
	if c.out == 0 {
		return want[:0]
	}
	k := c.k
	for x := range c.out {
		first, n := int(c.bounds[2*x]), int(c.bounds[2*x+1])
		for r := range pairRows {
			for ch := range c.ch {
				s := int32(1 << 21)
				for j := range n {
					px := first + j
					v := int16(c.t[16*((px/2)*c.ch+ch)+2*r+px%2]) // read as signed
					s += int32(v) * k[j]
				}
				want[r*c.dstStride+x*c.ch+ch] = clip8(s)
			}
		}
		k = k[n:]
	}
	return want
}

// resamplePairsTest is the test of ResamplePairs<ch> on the ISA
// TestKernels forces: the table kernel against the windows' sums over
// the pair columns for output lengths of testkit.Lengths, windows of
// several widths and weights of several kinds (pairWindows' layout), with
// guards around dst and the bytes between its rows, t unchanged; then dst
// flush against PROT_NONE pages (RGB's last pixel is stored exactly);
// then the refusal of bad arguments.
func resamplePairsTest(ch int) func(t *testing.T) {
	return func(t *testing.T) {
		r := testkit.NewRand(uint64(300 + ch))
		_, kernel := pairKernels(fixed(), ch)
		for _, out := range testkit.Lengths() {
			if out > 1000 {
				continue
			}
			for _, kind := range []string{"filter", "extreme", "unit"} {
				maxTaps := []int{1, 2, 3, 4, 5, 9, 17, 40, 300}[r.IntN(9)]
				c := newPairsCase(r, ch, out, r.IntN(150), maxTaps, kind)
				pb, halves := pairWindows(c.bounds, c.k)
				orig := slices.Clone(c.t)
				want := c.spec()
				gd := testkit.NewGuarded[uint8](len(want), r.IntN(8), 0xa5)
				dst := gd.S()
				for i := range dst {
					dst[i] = 0xa5
				}
				kernel(dst, c.dstStride, c.t, pb, halves)
				if i := firstByteDiff(dst, want); i >= 0 {
					t.Fatalf("%d outputs from %d pairs (stride %d), %s weights, windows up to %d: byte %d is %d, want %d",
						out, c.pairs, c.dstStride, kind, maxTaps, i, dst[i], want[i])
				}
				gd.Check(t, "dst")
				if !slices.Equal(c.t, orig) {
					t.Fatal("ResamplePairs changed t")
				}
			}
		}

		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		fd, ft := testkit.NewFence(t), testkit.NewFence(t)
		for _, out := range []int{1, 2, 3, 9} {
			for _, atEnd := range []bool{true, false} {
				c := newPairsCase(r, ch, out, 5, 10, "filter")
				c.dstStride = out * ch
				pb, halves := pairWindows(c.bounds, c.k)
				tt := testkit.Place(ft, len(c.t), atEnd, uint16(0))
				copy(tt, c.t)
				dst := testkit.Place(fd, 8*out*ch, atEnd, uint8(0))
				kernel(dst, out*ch, tt, pb, halves)
				if want := c.spec(); !bytes.Equal(dst, want) {
					t.Fatalf("fenced, %d outputs, at end %v: got %v, want %v", out, atEnd, dst, want)
				}
			}
		}

		tt := make([]uint16, 16*ch*10)
		dst := make([]uint8, 8*2*ch)
		k := make([]int16, 4*10)
		ok := []int32{0, 3, 7, 3}
		for name, call := range map[string]func(){
			"negative stride":  func() { kernel(dst, -1, tt, ok, k) },
			"overlapping rows": func() { kernel(dst, 2*ch-1, tt, ok, k) },
			"short dst":        func() { kernel(dst[:len(dst)-1], 2*ch, tt, ok, k) },
			"huge stride":      func() { kernel(dst, math.MaxInt, tt, ok, k) },
			"short t":          func() { kernel(dst, 2*ch, tt[:len(tt)-1], ok, k) },
			"negative first":   func() { kernel(dst, 2*ch, tt, []int32{-1, 2, 0, 1}, k) },
			"past the end":     func() { kernel(dst, 2*ch, tt, []int32{9, 2, 0, 1}, k) },
			"negative pairs":   func() { kernel(dst, 2*ch, tt, []int32{0, -1, 0, 1}, k) },
			"overflowing":      func() { kernel(dst, 2*ch, tt, []int32{1 << 30, 1 << 30, 0, 1}, k) },
			"short k":          func() { kernel(dst, 2*ch, tt, []int32{0, 10, 0, 1}, k) },
			"odd bounds":       func() { kernel(dst, 2*ch, tt, []int32{0, 1, 0}, k) },
		} {
			testkit.ExpectPanic(t, name, call, "ResamplePairs")
		}
	}
}

func init() {
	for _, ch := range registry.ResampleRowsChannels {
		handTests[registry.TransposePairsName(ch)] = transposePairsTest(ch)
		handTests[registry.ResamplePairsName(ch)] = resamplePairsTest(ch)
	}
}

// TestResampleRowsPairs checks ResampleRows' route through the pair
// kernels (8 rows or more, windows overlapping as pairsWorthIt asks) on
// every ISA, taken there whether or not asm.PairsFirst picks it for
// the ISA on this CPU: against rowsSpec for 8 to 27 rows, overlapping windows of
// random widths, strides with spare bytes and sources ending at the last
// row's last pixel, with guards around dst; then sources flush against
// PROT_NONE pages, the windows reaching the first and last pixels.
func TestResampleRowsPairs(t *testing.T) {
	eachISA(t, func(isa ISA) {
		r := testkit.NewRand(11)
		paired := 0
		for _, ch := range registry.ResampleRowsChannels {
			for range 150 {
				rows := 8 + r.IntN(20)
				in := 1 + r.IntN(200)
				out := 1 + r.IntN(120)
				c := newRowsCase(r, ch, rows, out, in, []int{3, 9, 17, 40, 200}[r.IntN(5)], []string{"filter", "extreme", "unit"}[r.IntN(3)])
				w := NewResampleWeights(c.bounds, c.k)
				if pairsWorthIt(ch, w.taps, w.in) {
					paired++
				}
				want := bytes.Repeat([]uint8{0xa5}, c.dstLen())
				rowsSpec(want, c.dstStride, c.src, c.srcStride, rows, ch, c.bounds, c.k)
				gd := testkit.NewGuarded[uint8](c.dstLen(), r.IntN(8), 0xa5)
				dst := gd.S()
				for i := range dst {
					dst[i] = 0xa5
				}
				resampleRowsRoute(current.Load(), pairsWorthIt(ch, w.taps, w.in), dst, c.dstStride, c.src, c.srcStride, rows, ch, w)
				if i := firstByteDiff(dst, want); i >= 0 {
					t.Fatalf("%s, %d channels, %d rows of %d outputs from %d pixels (strides %d, %d), pairs %v: byte %d is %d, want %d",
						isa, ch, rows, out, in, c.dstStride, c.srcStride, pairsWorthIt(ch, w.taps, w.in), i, dst[i], want[i])
				}
				gd.Check(t, "dst")
			}
		}
		if paired < 100 {
			t.Fatalf("only %d of 300 cases take the pair route", paired)
		}

		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		fs := testkit.NewFence(t)
		for _, ch := range registry.ResampleRowsChannels {
			for _, in := range []int{1, 2, 3, 4, 5, 7, 8, 9, 17, 100} {
				for _, rows := range []int{8, 9, 16, 19} {
					for _, atEnd := range []bool{true, false} {
						if rows*in*ch > 4096 { // a fence's page
							continue
						}
						out := 3 * in // enlarging: windows overlap
						bounds, k := resampleCase(r, out, in, in, "filter")
						bounds[0], bounds[1] = 0, int32(in)
						bounds[2], bounds[3] = int32(in-1), 1
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
						w := NewResampleWeights(bounds, k)
						dst := make([]uint8, rows*out*ch)
						want := make([]uint8, len(dst))
						rowsSpec(want, out*ch, src, in*ch, rows, ch, bounds, k)
						resampleRowsRoute(current.Load(), pairsWorthIt(ch, w.taps, w.in), dst, out*ch, src, in*ch, rows, ch, w)
						if !bytes.Equal(dst, want) {
							t.Fatalf("%s fenced, %d channels, %d rows of %d pixels, at end %v, pairs %v: got %v, want %v", isa, ch, rows, in, atEnd, pairsWorthIt(ch, w.taps, w.in), dst, want)
						}
					}
				}
			}
		}
	})
}

// TestPairsRoute checks when ResampleRows takes the pair kernels: the
// rule of pairsWorthIt (Pillow's bilinear, 8x shrink of 2560 pixels,
// reads 5112 taps; bicubic 10208), and the ISAs asm.PairsFirst names
// (AVX2's table; AVX-512's unless its ResampleRows are the ZMM kernels).
func TestPairsRoute(t *testing.T) {
	for _, c := range []struct {
		ch, taps, in int
		want         bool
	}{
		{3, 0, 0, false}, {3, 2560, 2560, false}, {3, 3839, 2560, false}, {3, 3840, 2560, true}, {3, 5112, 2560, true},
		{4, 5112, 2560, false}, {4, 7679, 2560, false}, {4, 7680, 2560, true}, {4, 10208, 2560, true},
		{1, 10000, 10, false}, {2, 10000, 10, false},
	} {
		if got := pairsWorthIt(c.ch, c.taps, c.in); got != c.want {
			t.Errorf("pairsWorthIt(%d, %d, %d) = %v, want %v", c.ch, c.taps, c.in, got, c.want)
		}
	}
	if !asm.PairsFirst("avx2") && asm.ForISA("avx2") != nil {
		t.Error("AVX2 does not take the pair kernels")
	}
	for _, name := range []string{"generic", "neon", ""} {
		if asm.PairsFirst(name) {
			t.Errorf("%q takes the pair kernels", name)
		}
	}
}

// BenchmarkResampleRowsRoutes times ResampleRows' two x86 routes on 64
// rows of RGB and RGBA from 2560 pixels (shrinking 8x and 40x, windows
// of a filter's support of 0.5 (box) to 3 (lanczos)) and from 320
// (enlarging 8x): four rows at a time (ResampleRows<ch>) and eight in
// pair columns, on each x86 ISA this CPU runs. pairsWorthIt's rule is
// read off it.
func BenchmarkResampleRowsRoutes(b *testing.B) {
	const rows = 64
	defer Use(Active())
	for _, isa := range []ISA{AVX2, AVX512} {
		if Use(isa) != nil {
			continue
		}
		for _, ch := range registry.ResampleRowsChannels {
			for _, c := range []struct {
				name    string
				in, out int
				support float64
			}{
				{"8x-box", 2560, 320, 0.5}, {"8x-bilinear", 2560, 320, 1}, {"8x-bicubic", 2560, 320, 2}, {"8x-lanczos", 2560, 320, 3},
				{"40x-bicubic", 2560, 64, 2}, {"up8x-box", 320, 2560, 0.5}, {"up8x-bicubic", 320, 2560, 2},
			} {
				bounds, k := filterWindows(c.in, c.out, c.support)
				src := make([]uint8, rows*c.in*ch)
				for i := range src {
					src[i] = uint8(i * 7)
				}
				dst := make([]uint8, rows*c.out*ch)
				for _, route := range []string{"rows", "pairs"} {
					w := NewResampleWeights(bounds, k)
					b.Run(fmt.Sprintf("%s/ch%d/%s/%s", isa, ch, c.name, route), func(b *testing.B) {
						b.SetBytes(int64(len(src)))
						for b.Loop() {
							resampleRowsRoute(current.Load(), route == "pairs", dst, c.out*ch, src, c.in*ch, rows, ch, w)
						}
					})
				}
			}
		}
	}
}

// filterWindows returns windows as Pillow's for a filter of the given
// support shrinking or enlarging in pixels to out, with weights of a
// triangle (their values do not change the time).
func filterWindows(in, out int, support float64) (bounds, k []int32) {
	scale := float64(in) / float64(out)
	fs := max(scale, 1)
	for x := range out {
		center := (float64(x) + 0.5) * scale
		lo := max(int(center-support*fs+0.5), 0)
		hi := min(int(center+support*fs+0.5), in)
		bounds = append(bounds, int32(lo), int32(hi-lo))
		for j := lo; j < hi; j++ {
			k = append(k, int32(1<<22/max(hi-lo, 1)))
		}
	}
	return bounds, k
}
