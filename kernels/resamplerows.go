package kernels

import (
	"fmt"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/check"
)

// ResampleWeights are the windows and weights of a horizontal resampling
// pass (Pillow's, as ResampleRow takes them) in every layout the kernels
// take: the (first, taps) pairs, the 22-bit weights packed window after
// window, and the same weights split into 16-bit halves two taps a group,
// the layout of the x86 kernels that resample many rows at once. Build
// them once per (size, filter) and reuse them for every row and image.
type ResampleWeights struct {
	bounds, k []int32
	halves    []int16
	in        int // the fewest source pixels a row must hold

	// The windows in pair columns (pairWindows), for ResamplePairs, and
	// the taps of all windows, to tell whether that route is worth its
	// layout (pairsWorthIt).
	pairBounds []int32
	pairHalves []int16
	taps       int
}

// NewResampleWeights returns the weights of the windows bounds (first
// source pixel and tap count per output pixel) with the weights k packed
// as ResampleRow takes them. It copies both. It panics when a window has
// a negative start or size, or k holds fewer weights than the windows
// take (programming errors).
func NewResampleWeights(bounds, k []int32) *ResampleWeights {
	if len(bounds)%2 != 0 {
		panic(fmt.Sprintf("hotloop: kernels.NewResampleWeights: %d bounds, want a pair per output pixel", len(bounds)))
	}
	w := &ResampleWeights{bounds: append([]int32(nil), bounds...)}
	taps := 0
	for x := 0; x < len(bounds); x += 2 {
		first, n := int(bounds[x]), int(bounds[x+1])
		if first < 0 || n < 0 || n > len(k)-taps {
			panic(fmt.Sprintf("hotloop: kernels.NewResampleWeights: output pixel %d reads %d pixels from %d with %d of %d weights left",
				x/2, n, first, len(k)-taps, len(k)))
		}
		w.in = max(w.in, first+n)
		win := k[taps : taps+n]
		w.k = append(w.k, win...)
		for j := 0; j < n; j += 2 {
			lo0, hi0 := splitWeight(win[j])
			var lo1, hi1 int16
			if j+1 < n {
				lo1, hi1 = splitWeight(win[j+1])
			}
			w.halves = append(w.halves, lo0, lo1, hi0, hi1)
		}
		taps += n
	}
	w.pairBounds, w.pairHalves = pairWindows(w.bounds, w.k)
	w.taps = taps
	return w
}

// splitWeight returns the 16-bit halves of w: lo, its low 16 bits read as
// signed, and hi = (w - lo) >> 16, so that w = hi<<16 + lo. (hi fits 16
// bits for every int32 w, since w - lo is a multiple of 2^16 between
// -2^31 and 2^31 - 2^15.)
func splitWeight(w int32) (lo, hi int16) {
	lo = int16(w)
	return lo, int16((w - int32(lo)) >> 16)
}

// Outputs returns the number of output pixels a row gets.
func (w *ResampleWeights) Outputs() int { return len(w.bounds) / 2 }

// Inputs returns the number of source pixels the windows read from each
// row: the end of the furthest window.
func (w *ResampleWeights) Inputs() int { return w.in }

// ResampleRows resamples rows rows of ch-byte pixels (1 to 4) as
// ResampleRow does each: row y reads the source pixels from
// src[y*srcStride:] (at least w.Inputs() of them) and writes w.Outputs()
// pixels to dst[y*dstStride:]. The bytes are ResampleRow's on every ISA;
// on x86 RGB and RGBA rows run kernels that take four rows at a time with
// the weights' 16-bit halves, or, where the windows overlap enough and
// asm.PairsFirst prefers it (AVX2; AVX-512 except with Zen 5's ZMM
// kernels), eight rows at a time laid out in columns of pixel pairs (see
// TransposePairs in asm); elsewhere ResampleRow runs row by row.
//
// It panics when ch is not 1..4, when rows or a stride is negative, when
// destination rows would overlap, or when the rows do not lie within dst
// and src (programming errors); nothing outside the slices is read or
// written.
func ResampleRows(dst []uint8, dstStride int, src []uint8, srcStride, rows, ch int, w *ResampleWeights) {
	if ch < 1 || ch > 4 {
		panic(fmt.Sprintf("hotloop: kernels.ResampleRows: %d channels, want 1..4", ch))
	}
	if p := check.ResampleRowsProblem(ch, dst, dstStride, src, srcStride, rows, w.bounds, w.halves); p != "" {
		panic("hotloop: kernels.ResampleRows: " + p)
	}
	s := current.Load()
	resampleRowsRoute(s, pairsWorthIt(ch, w.taps, w.in) && asm.PairsFirst(s.isa.String()), dst, dstStride, src, srcStride, rows, ch, w)
}

// resampleRowsRoute is ResampleRows on the selection s, whose arguments
// have been checked: the ISA's own kernels when its raw table has them
// (the completed table's generic entry is the reference, slower than
// ResampleRow's kernel row by row), eight rows at a time in pair columns
// when pairs is set (asm.PairsFirst: where the windows overlap enough and
// the ISA prefers it), the rest four rows at a time; elsewhere
// ResampleRow row by row.
func resampleRowsRoute(s *selection, pairs bool, dst []uint8, dstStride int, src []uint8, srcStride, rows, ch int, w *ResampleWeights) {
	if rowsKernel(asm.ForISA(s.isa.String()), ch) != nil {
		done := 0
		if pairs && rows >= pairRows {
			done = resampleByPairs(s.table, dst, dstStride, src, srcStride, rows, ch, w)
		}
		if done < rows {
			rowsKernel(s.table, ch)(dst[done*dstStride:], dstStride, src[done*srcStride:], srcStride, rows-done, w.bounds, w.halves)
		}
		return
	}
	out := w.Outputs() * ch
	for y := 0; y < rows; y++ {
		ResampleRow(dst[y*dstStride:y*dstStride+out], src[y*srcStride:y*srcStride+w.in*ch], ch, w.bounds, w.k)
	}
}

// rowsKernel returns t's many-row kernel for a channel count, or nil
// (for a nil t too: the generic ISA has no raw table, and runs
// ResampleRow).
func rowsKernel(t *asm.Table, ch int) func(dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16) {
	if t == nil {
		return nil
	}
	switch ch {
	case 3:
		return t.ResampleRows3
	case 4:
		return t.ResampleRows4
	}
	return nil
}

// The generic many-row kernels: resampleRowsGeneric for a channel count.
func resampleRows3Generic(dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16) {
	resampleRowsGeneric(3, dst, dstStride, src, srcStride, rows, bounds, k)
}

func resampleRows4Generic(dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16) {
	resampleRowsGeneric(4, dst, dstStride, src, srcStride, rows, bounds, k)
}

// resampleRowsGeneric is the reference of the many-row kernels: each
// window's weights joined from their halves, then resampleRow on each
// row, so the contract is ResampleRow's with the weights hi<<16 + lo.
func resampleRowsGeneric(ch int, dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16) {
	if p := check.ResampleRowsProblem(ch, dst, dstStride, src, srcStride, rows, bounds, k); p != "" {
		panic("hotloop: ResampleRows: " + p)
	}
	if rows == 0 || len(bounds) == 0 {
		return
	}
	var joined []int32
	for x := 0; x < len(bounds); x += 2 {
		n := int(bounds[x+1])
		for j := 0; j < n; j++ {
			g := k[j/2*4:]
			joined = append(joined, int32(g[2+j%2])<<16+int32(g[j%2]))
		}
		k = k[(n+1)/2*4:]
	}
	out := len(bounds) / 2 * ch
	for y := 0; y < rows; y++ {
		row := src[y*srcStride:]
		resampleRow(dst[y*dstStride:y*dstStride+out], row[:len(row)/ch*ch], ch, bounds, joined)
	}
}
