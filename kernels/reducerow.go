package kernels

import (
	"fmt"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/check"
	"github.com/hotloop/hotloop/internal/registry"
)

// ReduceRow writes one output row of Pillow's Image.reduce from the column
// sums of a band of rows (ReduceColumns): cols holds len(cols)/ch pixels
// of ch channels, each channel the sum of rows source bytes; output pixel
// x averages the block of fx of them from pixel x*fx, the last block
// holding the pixels left when fx does not divide their number. Each
// channel is rounded as Pillow rounds it: ((s + n/2) * m) >> 24 in uint32,
// where s is the block's sum, n = rows times the block's width and m =
// 2^32 / (256 n) computed in float32 and truncated. dst holds exactly one
// pixel per block.
//
// Sums of integers are exact, so every ISA gives the same bytes; blocks of
// at most registry.MaxReduceBlock sums run the active ISA's ReduceRow
// kernel, the last partial block and larger ones Go.
//
// It panics (a programming error) when ch is not 1..4, fx or rows is
// below 1, rows*fx reaches 2^24 (Pillow's sums would overflow 32 bits),
// cols does not hold whole pixels or dst does not hold one pixel per
// block; nothing outside the slices is read or written.
func ReduceRow(dst []uint8, cols []uint16, ch, fx, rows int) {
	if ch < 1 || ch > 4 {
		panic(fmt.Sprintf("hotloop: kernels.ReduceRow: %d channels, want 1..4", ch))
	}
	if fx < 1 || rows < 1 || fx >= 1<<24 || rows > (1<<24-1)/fx {
		panic(fmt.Sprintf("hotloop: kernels.ReduceRow: blocks of %d pixels by %d rows, want 1 to 2^24-1 pixels", fx, rows))
	}
	w := len(cols) / ch
	if len(cols)%ch != 0 || len(dst) != ch*((w+fx-1)/fx) {
		panic(fmt.Sprintf("hotloop: kernels.ReduceRow: %d column sums and %d outputs of %d channels in blocks of %d", len(cols), len(dst), ch, fx))
	}
	full := w / fx
	if full > 0 {
		n := uint32(rows * fx)
		out, in := dst[:full*ch], cols[:full*fx*ch]
		if k := reduceRowKernel(fixed(), ch); k != nil && fx*ch <= registry.MaxReduceBlock {
			k(out, in, fx, int(n/2), int(ReduceMultiplier(n))) // the table's wrapper checks the lengths
		} else {
			reduceRow(out, in, ch, fx, n/2, ReduceMultiplier(n))
		}
	}
	if part := w - full*fx; part > 0 {
		n := uint32(rows * part)
		reduceRow(dst[full*ch:], cols[full*fx*ch:], ch, part, n/2, ReduceMultiplier(n))
	}
}

// ReduceMultiplier is Pillow's division_UINT32(n, 8): 2^32 / (256 n)
// computed in float32 and truncated, the reciprocal by which Image.reduce
// scales a block sum of n pixels (n from 1 to 2^24-1).
func ReduceMultiplier(n uint32) uint32 {
	return uint32(float32(4294967296) / float32(n*256))
}

// reduceRowKernel returns t's kernel for a channel count, or nil.
func reduceRowKernel(t *asm.Table, ch int) func(dst []uint8, cols []uint16, fx, half, m int) {
	switch ch {
	case 1:
		return t.ReduceRow1
	case 2:
		return t.ReduceRow2
	case 3:
		return t.ReduceRow3
	case 4:
		return t.ReduceRow4
	}
	return nil
}

// The generic ReduceRow kernels: reduceRow for a fixed channel count.
func reduceRow1Generic(dst []uint8, cols []uint16, fx, half, m int) {
	reduceRowChecked("ReduceRow1", dst, cols, 1, fx, half, m)
}
func reduceRow2Generic(dst []uint8, cols []uint16, fx, half, m int) {
	reduceRowChecked("ReduceRow2", dst, cols, 2, fx, half, m)
}
func reduceRow3Generic(dst []uint8, cols []uint16, fx, half, m int) {
	reduceRowChecked("ReduceRow3", dst, cols, 3, fx, half, m)
}
func reduceRow4Generic(dst []uint8, cols []uint16, fx, half, m int) {
	reduceRowChecked("ReduceRow4", dst, cols, 4, fx, half, m)
}

// reduceRowChecked is the table kernels' contract checked, then reduceRow.
func reduceRowChecked(op string, dst []uint8, cols []uint16, ch, fx, half, m int) {
	if p := check.ReduceRowProblem(ch, len(dst), len(cols), fx, registry.MaxReduceBlock); p != "" {
		panic("hotloop: " + op + ": " + p)
	}
	reduceRow(dst, cols[:len(dst)*fx], ch, fx, uint32(half), uint32(m))
}

// reduceRow writes len(dst)/ch output pixels, each channel ((s + half) *
// m) >> 24 of its block's sum s of fx column sums; cols holds exactly
// fx*len(dst) sums. Grey and RGB, the common cases, have loops of their
// own that walk their slices, so that the compiler proves every index in
// range: on a 2560-pixel RGB row at factor 4 that took 3.0 us against
// 3.65 for an indexed loop with twelve bounds checks. (Grey gained
// nothing from the same change.)
func reduceRow(dst []uint8, cols []uint16, ch, fx int, half, m uint32) {
	step := ch * fx
	switch ch {
	case 1:
		for x := range dst {
			b := cols[x*fx : x*fx+fx : x*fx+fx]
			s0, s1 := half, uint32(0)
			i := 0
			for ; i+1 < len(b); i += 2 {
				s0 += uint32(b[i])
				s1 += uint32(b[i+1])
			}
			if i < len(b) {
				s0 += uint32(b[i])
			}
			dst[x] = uint8(((s0 + s1) * m) >> 24)
		}
	case 3:
		for len(dst) >= 3 && len(cols) >= step {
			b := cols[:step:step]
			s0, s1, s2 := half, half, half
			for ; len(b) >= 6; b = b[6:] {
				s0 += uint32(b[0]) + uint32(b[3])
				s1 += uint32(b[1]) + uint32(b[4])
				s2 += uint32(b[2]) + uint32(b[5])
			}
			if len(b) >= 3 {
				s0 += uint32(b[0])
				s1 += uint32(b[1])
				s2 += uint32(b[2])
			}
			dst[0] = uint8((s0 * m) >> 24)
			dst[1] = uint8((s1 * m) >> 24)
			dst[2] = uint8((s2 * m) >> 24)
			dst, cols = dst[3:], cols[step:]
		}
	default:
		for x := 0; x < len(dst)/ch; x++ {
			block := cols[x*step : x*step+step]
			for c := 0; c < ch; c++ {
				s := half
				for j := c; j < len(block); j += ch {
					s += uint32(block[j])
				}
				dst[x*ch+c] = uint8((s * m) >> 24)
			}
		}
	}
}
