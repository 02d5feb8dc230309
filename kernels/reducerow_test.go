package kernels

import (
	"bytes"
	"math"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/internal/testkit"
)

// reduceRowSpec is ReduceRow<ch>'s contract as written: each block's sum
// in int, then the rounding in uint32.
func reduceRowSpec(dst []uint8, cols []uint16, ch, fx int, half, m uint32) {
	for x := 0; x < len(dst)/ch; x++ {
		for c := 0; c < ch; c++ {
			s := 0
			for j := 0; j < fx; j++ {
				s += int(cols[(x*fx+j)*ch+c])
			}
			dst[x*ch+c] = uint8(((uint32(s) + half) * m) >> 24)
		}
	}
}

// reduceRowPillow is ReduceRow's contract: Pillow's reduce of one row of
// column sums, the last block holding what is left.
func reduceRowPillow(cols []uint16, ch, fx, rows int) []uint8 {
	w := len(cols) / ch
	var out []uint8
	for x0 := 0; x0 < w; x0 += fx {
		x1 := min(x0+fx, w)
		n := uint32(rows * (x1 - x0))
		m := uint32(float32(1<<32) / float32(n*256))
		for c := 0; c < ch; c++ {
			s := uint32(0)
			for x := x0; x < x1; x++ {
				s += uint32(cols[x*ch+c])
			}
			out = append(out, uint8(((s+n/2)*m)>>24))
		}
	}
	return out
}

// reduceRowTest is ReduceRow<ch>'s test on the ISA TestKernels forces: the
// table kernel against the specification for every output length of
// testkit.Lengths and random block widths up to MaxReduceBlock, with
// rounding constants from Pillow's and random ones, column sums random or
// all 0xffff, cols longer than needed or not, guarded, cols unchanged;
// then ReduceRow (whole and partial blocks) against Pillow's rule; then
// slices flush against PROT_NONE pages; then misuse.
func reduceRowTest(ch int) func(t *testing.T) {
	return func(t *testing.T) {
		r := testkit.NewRand(uint64(300 + ch))
		kernel := reduceRowKernel(fixed(), ch)
		if kernel == nil {
			t.Logf("no %s on this ISA: ReduceRow runs Go", registry.ReduceRowName(ch))
		}
		maxFx := registry.MaxReduceBlock / ch
		for _, out := range testkit.Lengths() {
			if out > 3000 {
				continue
			}
			for range 2 {
				fx := 1 + r.IntN(maxFx)
				if r.IntN(3) == 0 {
					fx = maxFx
				}
				rows := 1 + r.IntN(257)
				n := uint32(rows * fx)
				half, m := n/2, ReduceMultiplier(n)
				if r.IntN(3) == 0 {
					half, m = r.Uint32(), r.Uint32() // wrapping products
				}
				gc := testkit.NewGuarded[uint16](out*fx*ch+r.IntN(3)*ch, r.IntN(8), 0x5a5a)
				cols := gc.S()
				saturated := r.IntN(4) == 0
				for i := range cols {
					cols[i] = uint16(r.Uint32())
					if saturated {
						cols[i] = 0xffff
					}
				}
				orig := slices.Clone(cols)
				want := make([]uint8, out*ch)
				reduceRowSpec(want, cols, ch, fx, half, m)
				if kernel != nil {
					gd := testkit.NewGuarded[uint8](out*ch, r.IntN(8), 0xa5)
					dst := gd.S()
					kernel(dst, cols, fx, int(half), int(m))
					if i := firstByteDiff(dst, want); i >= 0 {
						t.Fatalf("table, %d outputs in blocks of %d (%d column sums), half %d, m %d: byte %d is %d, want %d",
							out, fx, len(cols), half, m, i, dst[i], want[i])
					}
					gd.Check(t, "dst")
					testkit.CheckUnchanged(t, "cols", gc, orig)
				}

				// ReduceRow: whole pixels of column sums, the last block
				// possibly partial; factors past the kernel's blocks too.
				if r.IntN(4) == 0 {
					fx = maxFx + 1 + r.IntN(40)
				}
				w := len(cols) / ch
				cs := cols[:w*ch]
				wantRow := reduceRowPillow(cs, ch, fx, rows)
				gd := testkit.NewGuarded[uint8](len(wantRow), r.IntN(8), 0xa5)
				ReduceRow(gd.S(), cs, ch, fx, rows)
				if i := firstByteDiff(gd.S(), wantRow); i >= 0 {
					t.Fatalf("ReduceRow, %d pixels in blocks of %d by %d rows: byte %d is %d, want %d", w, fx, rows, i, gd.S()[i], wantRow[i])
				}
				gd.Check(t, "dst")
				testkit.CheckUnchanged(t, "cols", gc, orig)
			}
		}

		if kernel != nil {
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			fd, fc := testkit.NewFence(t), testkit.NewFence(t)
			for _, out := range []int{1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 33} {
				for _, fx := range []int{1, 2, 3, 4, maxFx} {
					if out*fx*ch*2 > 4096 {
						continue
					}
					for _, atEnd := range []bool{true, false} {
						cols := testkit.Place(fc, out*fx*ch, atEnd, uint16(0))
						for i := range cols {
							cols[i] = uint16(r.Uint32())
						}
						dst := testkit.Place(fd, out*ch, atEnd, uint8(0))
						want := make([]uint8, out*ch)
						n := uint32(5 * fx)
						reduceRowSpec(want, cols, ch, fx, n/2, ReduceMultiplier(n))
						kernel(dst, cols, fx, int(n/2), int(ReduceMultiplier(n)))
						if !bytes.Equal(dst, want) {
							t.Fatalf("fenced, %d outputs in blocks of %d, at end %v: got %v, want %v", out, fx, atEnd, dst, want)
						}
					}
				}
			}

			cols, dst := make([]uint16, 10*maxFx*ch), make([]uint8, 10*ch)
			for name, call := range map[string]func(){
				"no block":        func() { kernel(dst, cols, 0, 0, 1) },
				"negative block":  func() { kernel(dst, cols, -1, 0, 1) },
				"too wide blocks": func() { kernel(dst, cols, maxFx+1, 0, 1) },
				"short cols":      func() { kernel(dst, cols[:10*2*ch-1], 2, 0, 1) },
			} {
				testkit.ExpectPanic(t, name, call, registry.ReduceRowName(ch))
			}
			if ch > 1 {
				testkit.ExpectPanic(t, "partial pixel", func() { kernel(dst[:ch+1], cols, 1, 0, 1) }, registry.ReduceRowName(ch))
			}
			// No output reads nothing, whatever the block.
			for _, fx := range []int{0, -1, maxFx + 1, math.MaxInt} {
				kernel(nil, nil, fx, 1, 1)
				kernel(dst[:0], cols, fx, 1, 1)
			}
		}
		cols := make([]uint16, 10*ch)
		for name, call := range map[string]func(){
			"zero channels":   func() { ReduceRow(make([]uint8, 5), cols, 0, 2, 1) },
			"five channels":   func() { ReduceRow(make([]uint8, 5), cols, 5, 2, 1) },
			"no block":        func() { ReduceRow(make([]uint8, 5*ch), cols, ch, 0, 1) },
			"no rows":         func() { ReduceRow(make([]uint8, 5*ch), cols, ch, 2, 0) },
			"2^24 pixels":     func() { ReduceRow(make([]uint8, 5*ch), cols, ch, 2, 1<<23) },
			"short dst":       func() { ReduceRow(make([]uint8, 4*ch), cols, ch, 2, 1) },
			"long dst":        func() { ReduceRow(make([]uint8, 6*ch), cols, ch, 2, 1) },
			"partial pixel":   func() { ReduceRow(make([]uint8, 5*ch), cols[:10*ch-1], ch, 2, 1) },
			"one block short": func() { ReduceRow(make([]uint8, 2*ch), cols, ch, 4, 1) },
		} {
			if name == "partial pixel" && ch == 1 {
				continue
			}
			testkit.ExpectPanic(t, name, call, "ReduceRow")
		}
	}
}

func init() {
	for _, ch := range registry.ReduceRowChannels {
		handTests[registry.ReduceRowName(ch)] = reduceRowTest(ch)
	}
}
