package kernels

import (
	"sync"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/check"
)

// pairRows is the number of rows the pair-column kernels take at once.
const pairRows = check.PairRows

// pairWindows returns the windows bounds in pair columns: each window
// widened to start at an even pixel and to end after an odd one (pixel
// pairs 2p, 2p+1), as (first pair, pairs) with its weights, zero where
// the widening added a pixel, in the groups of four 16-bit halves
// ResamplePairs reads (lo_a, lo_b, hi_a, hi_b per pair), window after
// window.
func pairWindows(bounds, k []int32) (pb []int32, halves []int16) {
	pb = make([]int32, 0, len(bounds))
	for x := 0; x < len(bounds); x += 2 {
		first, n := int(bounds[x]), int(bounds[x+1])
		win := k[:n]
		k = k[n:]
		lead := first & 1
		pairs := (lead + n + 1) / 2
		pb = append(pb, int32(first/2), int32(pairs))
		weight := func(i int) int32 { // pixel i of the widened window
			if i < lead || i-lead >= n {
				return 0
			}
			return win[i-lead]
		}
		for q := range pairs {
			lo0, hi0 := splitWeight(weight(2 * q))
			lo1, hi1 := splitWeight(weight(2*q + 1))
			halves = append(halves, lo0, lo1, hi0, hi1)
		}
	}
	return pb, halves
}

// pairsWorthIt reports whether the pair-column kernels beat ResampleRows'
// kernels (AVX2's, and AVX-512's YMM ones) for ch-byte pixels and windows of taps taps in all
// over in source pixels. They lay out every source pixel once and then
// save on every tap: the more each source pixel is read, the more they
// win. RGB (whose four-row kernel wastes a fourth of its multiplies on a
// fourth channel) gains from windows reading each pixel about twice;
// RGBA from four times. On 64 rows from 2560 pixels shrunk 8x, RGB took
// 0.84x the four-row kernel's speed with the box filter (each pixel read
// once), 1.15x with bilinear (twice), 1.41x bicubic, 1.51x lanczos;
// RGBA 0.68x, 0.94x, 1.11x and 1.17x; enlarging 320 pixels 8x, RGB 1.22x
// and RGBA 1.00-1.06x (Zen 5, BenchmarkResampleRowsRoutes). Pillow's
// windows lose a few taps at the edges, hence the margins (bilinear's
// 8x shrink reads 5112 taps of 2560 pixels).
func pairsWorthIt(ch, taps, in int) bool {
	switch {
	case in <= 0:
		return false
	case ch == 3:
		return 2*taps >= 3*in
	case ch == 4:
		return taps >= 3*in
	}
	return false
}

// pairBuffers holds the pair columns of ResampleRows' calls: 32*ch bytes
// per source pixel pair, reused across calls and goroutines.
var pairBuffers sync.Pool

// resampleByPairs resamples rows as ResampleRows does with the pair
// kernels of t, eight rows at a time; it returns the rows it did (a
// multiple of eight), leaving the rest to the caller.
func resampleByPairs(t *asm.Table, dst []uint8, dstStride int, src []uint8, srcStride, rows, ch int, w *ResampleWeights) int {
	transpose, resample := pairKernels(t, ch)
	strips := rows / pairRows
	pairs := (w.in + 1) / 2
	words := pairs * 16 * ch
	bp, _ := pairBuffers.Get().(*[]uint16)
	if bp == nil || cap(*bp) < words+32*ch {
		b := make([]uint16, words+32*ch)
		bp = &b
	}
	cols := (*bp)[:words+32*ch]
	for s := range strips {
		strip := src[s*pairRows*srcStride:]
		// The kernel lays out the groups of four pixels whose 16-byte
		// reads stay in src; the rest of the pairs are laid out here.
		groups := w.in / 4
		if last := len(strip) - (pairRows-1)*srcStride - 16; last < 0 {
			groups = 0
		} else {
			groups = min(groups, last/(4*ch)+1)
		}
		transpose(cols, strip, srcStride, groups)
		transposePairsTail(cols, strip, srcStride, ch, 2*groups, pairs, w.in)
		resample(dst[s*pairRows*dstStride:], dstStride, cols[:words], w.pairBounds, w.pairHalves)
	}
	pairBuffers.Put(bp)
	return strips * pairRows
}

// pairKernels returns t's pair-column kernels for a channel count.
func pairKernels(t *asm.Table, ch int) (func([]uint16, []uint8, int, int), func([]uint8, int, []uint16, []int32, []int16)) {
	switch ch {
	case 3:
		return t.TransposePairs3, t.ResamplePairs3
	case 4:
		return t.TransposePairs4, t.ResamplePairs4
	}
	return nil, nil
}

// transposePairsTail lays out pairs from..to-1 of the eight rows of src
// as TransposePairs does, pixel in and later (past the windows) as zero.
func transposePairsTail(dst []uint16, src []uint8, srcStride, ch, from, to, in int) {
	for p := from; p < to; p++ {
		for c := range ch {
			col := dst[16*(p*ch+c):][:2*pairRows]
			for r := range pairRows {
				for i := range 2 {
					v := uint16(0)
					if x := 2*p + i; x < in {
						v = uint16(src[r*srcStride+x*ch+c])
					}
					col[2*r+i] = v
				}
			}
		}
	}
}

// The generic pair-column kernels: the references for a channel count.
func transposePairs3Generic(dst []uint16, src []uint8, srcStride, groups int) {
	transposePairsGeneric(3, dst, src, srcStride, groups)
}

func transposePairs4Generic(dst []uint16, src []uint8, srcStride, groups int) {
	transposePairsGeneric(4, dst, src, srcStride, groups)
}

func resamplePairs3Generic(dst []uint8, dstStride int, t []uint16, bounds []int32, k []int16) {
	resamplePairsGeneric(3, dst, dstStride, t, bounds, k)
}

func resamplePairs4Generic(dst []uint8, dstStride int, t []uint16, bounds []int32, k []int16) {
	resamplePairsGeneric(4, dst, dstStride, t, bounds, k)
}

// transposePairsGeneric is the reference of TransposePairs<ch>: the
// contract's formula, word by word.
func transposePairsGeneric(ch int, dst []uint16, src []uint8, srcStride, groups int) {
	if p := check.TransposePairsProblem(ch, dst, src, srcStride, groups); p != "" {
		panic("hotloop: TransposePairs: " + p)
	}
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

// resamplePairsGeneric is the reference of ResamplePairs<ch>: each
// channel's sum over the window's pairs, as the contract states it.
func resamplePairsGeneric(ch int, dst []uint8, dstStride int, t []uint16, bounds []int32, k []int16) {
	if p := check.ResamplePairsProblem(ch, dst, dstStride, t, bounds, k); p != "" {
		panic("hotloop: ResamplePairs: " + p)
	}
	for x := 0; x < len(bounds)/2; x++ {
		first, n := int(bounds[2*x]), int(bounds[2*x+1])
		g := k[:4*n]
		k = k[4*n:]
		for r := range pairRows {
			for c := range ch {
				s := int32(1 << 21)
				for q := range n {
					col := t[16*((first+q)*ch+c)+2*r:]
					wa := int32(g[4*q+2])<<16 + int32(g[4*q])
					wb := int32(g[4*q+3])<<16 + int32(g[4*q+1])
					s += int32(int16(col[0]))*wa + int32(int16(col[1]))*wb
				}
				dst[r*dstStride+x*ch+c] = clip8(s)
			}
		}
	}
}
