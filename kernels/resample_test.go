package kernels

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/internal/testkit"
)

// resampleSpec is Pillow's horizontal pass as its C code reads: a sum per
// channel starting at 1 << 21 (computed in 64 bits and wrapped to int32,
// as the kernels' int32 arithmetic wraps), then clip8: 255 from 255 << 22
// up, 0 for sums of 0 or less, else the sum >> 22. The oracle of the
// resampling kernels, written apart from the generic reference.
func resampleSpec(dst, src []uint8, ch int, bounds, k []int32) {
	for x := 0; x < len(bounds)/2; x++ {
		first, n := int(bounds[2*x]), int(bounds[2*x+1])
		for c := 0; c < ch; c++ {
			s := int64(1 << 21)
			for j := 0; j < n; j++ {
				s += int64(src[(first+j)*ch+c]) * int64(k[j])
			}
			v := int32(s)
			switch {
			case v >= 1<<30:
				dst[x*ch+c] = 255
			case v <= 0:
				dst[x*ch+c] = 0
			default:
				dst[x*ch+c] = uint8(v >> 22)
			}
		}
		k = k[n:]
	}
}

// resampleCase is random index data for out output pixels over in source
// pixels: windows of up to maxTaps pixels (some of them ending at the
// source's last pixel), and weights of the given kind.
func resampleCase(r *rand.Rand, out, in, maxTaps int, weights string) (bounds, k []int32) {
	bounds = make([]int32, 2*out)
	for x := 0; x < out; x++ {
		n := 0
		if in > 0 {
			n = r.IntN(min(maxTaps, in) + 1)
		}
		first := r.IntN(in - n + 1)
		if r.IntN(4) == 0 {
			first = in - n
		}
		bounds[2*x], bounds[2*x+1] = int32(first), int32(n)
		for j := 0; j < n; j++ {
			var w int32
			switch weights {
			case "filter": // about a normalised window, with negative lobes
				w = int32(r.IntN(2<<22/max(n, 1)) - (1<<22)/max(4*n, 1))
			case "extreme": // sums that wrap and clip both ways
				w = int32(r.Uint32())
			case "unit": // one weight of 1.0: the pixel itself
				if j == n/2 {
					w = 1 << 22
				}
			}
			k = append(k, w)
		}
	}
	return bounds, k
}

// resampleTest is the test of ResampleRow<ch> on the ISA TestKernels
// forces: ResampleRow and the table kernel against the specification for
// every output length of testkit.Lengths, windows of several widths and
// weights of several kinds, with guards around dst and its inputs
// unchanged; then every slice flush against PROT_NONE pages; then the
// wrappers' refusal of bad index data.
func resampleTest(ch int) func(t *testing.T) {
	return func(t *testing.T) {
		r := testkit.NewRand(uint64(ch))
		kernel := resampleKernel(fixed(), ch)
		for _, out := range testkit.Lengths() {
			if out > 5000 {
				continue
			}
			for _, kind := range []string{"filter", "extreme", "unit"} {
				in := r.IntN(300)
				maxTaps := []int{1, 2, 3, 9, 17, 40, 300}[r.IntN(7)]
				bounds, k := resampleCase(r, out, in, maxTaps, kind)
				gs := testkit.NewGuarded[uint8](in*ch, r.IntN(8), 0x5a)
				src := gs.S()
				for i := range src {
					src[i] = uint8(r.Uint32())
				}
				if r.IntN(3) == 0 {
					for i := range src {
						src[i] = 255
					}
				}
				orig := bytes.Clone(src)
				want := make([]uint8, out*ch)
				resampleSpec(want, src, ch, bounds, k)
				for _, call := range []string{"ResampleRow", "table"} {
					gd := testkit.NewGuarded[uint8](out*ch, r.IntN(8), 0xa5)
					dst := gd.S()
					if call == "table" {
						kernel(dst, src, bounds, k)
					} else {
						ResampleRow(dst, src, ch, bounds, k)
					}
					if i := firstByteDiff(dst, want); i >= 0 {
						t.Fatalf("%s, %d outputs from %d pixels, %s weights, windows up to %d: byte %d is %d, want %d",
							call, out, in, kind, maxTaps, i, dst[i], want[i])
					}
					gd.Check(t, "dst")
					testkit.CheckUnchanged(t, "src", gs, orig)
				}
			}
		}

		// Every slice flush against a PROT_NONE page, before or after it:
		// a load or store outside any of them faults. The windows reach
		// the source's first and last pixels.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		fd, fs, fb, fk := testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t)
		for _, in := range []int{1, 2, 3, 4, 5, 8, 9, 17, 100} {
			for _, atEnd := range []bool{true, false} {
				out := 7
				bounds, k := resampleCase(r, out, in, in, "filter")
				bounds[0], bounds[1] = 0, int32(in)                           // the whole row
				bounds[2], bounds[3] = int32(in-1), 1                         // the last pixel alone
				bounds[4], bounds[5] = int32(max(in-3, 0)), int32(min(3, in)) // the last three
				k = append(k, make([]int32, 3*in)...)
				src := testkit.Place(fs, in*ch, atEnd, uint8(200))
				dst := testkit.Place(fd, out*ch, atEnd, uint8(0))
				pb := testkit.Place(fb, len(bounds), atEnd, int32(0))
				copy(pb, bounds)
				taps := 0
				for x := 1; x < len(bounds); x += 2 {
					taps += int(bounds[x])
				}
				pk := testkit.Place(fk, taps, atEnd, int32(0))
				for i := range pk {
					pk[i] = int32(r.IntN(1<<22)) - 1<<20
				}
				want := make([]uint8, len(dst))
				resampleSpec(want, src, ch, pb, pk)
				kernel(dst, src, pb, pk)
				if !bytes.Equal(dst, want) {
					t.Fatalf("fenced, %d pixels: got %v, want %v", in, dst, want)
				}
			}
		}

		// Bad index data, refused before any pixel is read.
		src := make([]uint8, 10*ch)
		dst := make([]uint8, 2*ch)
		k := make([]int32, 20)
		for name, b := range map[string][]int32{
			"negative first": {-1, 2, 0, 1},
			"past the end":   {9, 2, 0, 1},
			"negative taps":  {0, -1, 0, 1},
			"huge taps":      {1, 1 << 30, 0, 1},
			"overflowing":    {1 << 30, 1 << 30, 0, 1},
			"short k":        {0, 10, 0, 10},
			"odd bounds":     {0, 1, 0},
		} {
			k := k
			if name == "short k" {
				k = k[:19]
			}
			testkit.ExpectPanic(t, name, func() { kernel(dst, src, b, k) }, "ResampleRow")
			testkit.ExpectPanic(t, name, func() { ResampleRow(dst, src, ch, b, k) }, "ResampleRow")
		}
		testkit.ExpectPanic(t, "partial pixel", func() { kernel(dst[:len(dst)-1], src, []int32{0, 1, 0, 1}, k) }, "ResampleRow")
	}
}

func init() {
	for _, ch := range registry.ResampleChannels {
		handTests[registry.ResampleName(ch)] = resampleTest(ch)
	}
}

// TestResampleRowGo checks ResampleRow's Go path (2 channels) and its
// refusal of a channel count outside 1..4.
func TestResampleRowGo(t *testing.T) {
	r := testkit.NewRand(2)
	for _, out := range []int{0, 1, 5, 64} {
		bounds, k := resampleCase(r, out, 50, 30, "filter")
		src := make([]uint8, 100)
		for i := range src {
			src[i] = uint8(r.Uint32())
		}
		got, want := make([]uint8, 2*out), make([]uint8, 2*out)
		ResampleRow(got, src, 2, bounds, k)
		resampleSpec(want, src, 2, bounds, k)
		if !slices.Equal(got, want) {
			t.Fatalf("%d outputs: got %v, want %v", out, got, want)
		}
	}
	for _, ch := range []int{0, 5} {
		testkit.ExpectPanic(t, fmt.Sprint(ch, " channels"), func() { ResampleRow(nil, nil, ch, nil, nil) }, "channels")
	}
}

// columnsSpec is Pillow's vertical pass for one output row, as
// resampleSpec states the horizontal one.
func columnsSpec(dst, src []uint8, stride int, k []int32) {
	for i := range dst {
		s := int64(1 << 21)
		for j, w := range k {
			s += int64(src[j*stride+i]) * int64(w)
		}
		v := int32(s)
		switch {
		case v >= 1<<30:
			dst[i] = 255
		case v <= 0:
			dst[i] = 0
		default:
			dst[i] = uint8(v >> 22)
		}
	}
}

// columnsTest is ResampleColumns' test on the ISA TestKernels forces:
// every width of testkit.Lengths, several tap counts, strides (equal to
// the width, longer, and shorter: rows may overlap) and weight kinds,
// against the specification, guarded; then fenced; then misuse.
func columnsTest(t *testing.T) {
	r := testkit.NewRand(77)
	kernel := fixed().ResampleColumns
	for _, n := range testkit.Lengths() {
		if n > 5000 {
			continue
		}
		for _, kind := range []string{"filter", "extreme", "unit"} {
			taps := []int{0, 1, 2, 3, 5, 9, 17, 40}[r.IntN(8)]
			stride := []int{n, n + r.IntN(9), r.IntN(n + 1)}[r.IntN(3)]
			_, k := resampleCase(r, 1, taps, taps, kind)
			for len(k) < taps {
				k = append(k, int32(r.IntN(1<<22)))
			}
			size := 0
			if taps > 0 && n > 0 {
				size = (taps-1)*stride + n
			}
			gs := testkit.NewGuarded[uint8](size, r.IntN(8), 0x5a)
			src := gs.S()
			for i := range src {
				src[i] = uint8(r.Uint32())
			}
			orig := bytes.Clone(src)
			want := make([]uint8, n)
			columnsSpec(want, src, stride, k)
			for _, call := range []string{"ResampleColumns", "table"} {
				gd := testkit.NewGuarded[uint8](n, r.IntN(8), 0xa5)
				dst := gd.S()
				if call == "table" {
					kernel(dst, src, stride, k)
				} else {
					ResampleColumns(dst, src, stride, k)
				}
				if i := firstByteDiff(dst, want); i >= 0 {
					t.Fatalf("%s, width %d, %d taps, stride %d, %s weights: byte %d is %d, want %d",
						call, n, taps, stride, kind, i, dst[i], want[i])
				}
				gd.Check(t, "dst")
				testkit.CheckUnchanged(t, "src", gs, orig)
			}
		}
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	fd, fs, fk := testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t)
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100} {
		for _, atEnd := range []bool{true, false} {
			taps, stride := 5, n+3
			src := testkit.Place(fs, (taps-1)*stride+n, atEnd, uint8(200))
			for i := range src {
				src[i] = uint8(r.Uint32())
			}
			dst := testkit.Place(fd, n, atEnd, uint8(0))
			k := testkit.Place(fk, taps, atEnd, int32(0))
			for i := range k {
				k[i] = int32(r.IntN(1<<22)) - 1<<20
			}
			want := make([]uint8, n)
			columnsSpec(want, src, stride, k)
			kernel(dst, src, stride, k)
			if !bytes.Equal(dst, want) {
				t.Fatalf("fenced, width %d: got %v, want %v", n, dst, want)
			}
		}
	}

	src, dst, k := make([]uint8, 100), make([]uint8, 10), make([]int32, 4)
	for name, stride := range map[string]int{"negative stride": -1, "rows past the end": 31, "huge stride": int(^uint(0) >> 2)} {
		testkit.ExpectPanic(t, name, func() { kernel(dst, src, stride, k) }, "ResampleColumns")
		testkit.ExpectPanic(t, name, func() { ResampleColumns(dst, src, stride, k) }, "ResampleColumns")
	}
	testkit.ExpectPanic(t, "short source", func() { kernel(dst, src[:9], 0, k) }, "ResampleColumns")
	testkit.ExpectPanic(t, "overlap", func() { ResampleColumns(src[5:15], src, 10, k) }, "share memory")
}

func init() { handTests["ResampleColumns"] = columnsTest }

// TestPremultiplyRGBAExhaustive checks PremultiplyRGBA on every colour and
// alpha pair, on every ISA, against Pillow's MULDIV255 as its C code
// writes it.
func TestPremultiplyRGBAExhaustive(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		src := make([]uint8, 4*256*256)
		for c := 0; c < 256; c++ {
			for a := 0; a < 256; a++ {
				i := 4 * (c*256 + a)
				src[i], src[i+1], src[i+2], src[i+3] = uint8(c), uint8(255-c), uint8(c^0x55), uint8(a)
			}
		}
		dst := make([]uint8, len(src))
		PremultiplyRGBA(dst, src)
		for i := 0; i < len(src); i += 4 {
			a := int(src[i+3])
			for c := 0; c < 3; c++ {
				tmp := int(src[i+c])*a + 128
				if want := uint8(((tmp >> 8) + tmp) >> 8); dst[i+c] != want {
					t.Fatalf("pixel %v: channel %d is %d, want %d", src[i:i+4], c, dst[i+c], want)
				}
			}
			if dst[i+3] != src[i+3] {
				t.Fatalf("pixel %v: alpha %d", src[i:i+4], dst[i+3])
			}
		}
	})
}
