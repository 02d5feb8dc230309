package kernels

import (
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/check"
)

// PNG's filter types (filter method 0), the first byte of every scanline.
const (
	FilterNone    = 0
	FilterSub     = 1
	FilterUp      = 2
	FilterAverage = 3
	FilterPaeth   = 4
)

// Unfilter reverses PNG filter type filter on the scanline cur in place
// (without its filter byte): Sub adds the byte bpp to the left, Up the byte
// above, Average floor((left + up) / 2), Paeth the Paeth predictor of left,
// up and up-left; bytes left of the row count as 0, and all arithmetic is
// modulo 256. prev is the previous scanline of the same pass, already
// unfiltered (all zero for a pass's first), and is not modified; bpp is the
// bytes per complete pixel, 1 for pixels of less than a byte. Sub, Average
// and Paeth on 3- and 4-byte pixels (8-bit RGB and RGBA) run the active
// ISA's scan kernels; the rest is Go.
//
// It returns an error for a filter type above 4 (corrupt data), and panics
// when len(prev) != len(cur), when bpp is outside 1..8 or when cur and prev
// share memory (programming errors).
func Unfilter(filter uint8, cur, prev []uint8, bpp int) error {
	check.Len2("kernels.Unfilter", "cur,prev", len(cur), len(prev))
	if bpp < 1 || bpp > 8 {
		panic(fmt.Sprintf("hotloop: kernels.Unfilter: %d bytes per pixel, want 1..8", bpp))
	}
	check.Disjoint("kernels.Unfilter", "cur and prev", cur, prev)
	if filter > FilterPaeth {
		return fmt.Errorf("unknown PNG filter type %d", filter)
	}
	if filter == FilterNone {
		return nil
	}
	if filter == FilterUp {
		unfilterUp(cur, prev)
		return nil
	}
	if k := scanKernel(fixed(), filter, bpp); k != nil && len(cur)%bpp == 0 {
		k(cur, prev)
		return nil
	}
	switch filter {
	case FilterSub:
		unfilterSub(cur, bpp)
	case FilterAverage:
		unfilterAverage(cur, prev, bpp)
	default:
		unfilterPaeth(cur, prev, bpp)
	}
	return nil
}

// scanKernel returns t's kernel for a filter and pixel size, or nil.
func scanKernel(t *asm.Table, filter uint8, bpp int) func(cur, prev []uint8) {
	switch {
	case filter == FilterSub && bpp == 3:
		return t.UnfilterSub3
	case filter == FilterSub && bpp == 4:
		return t.UnfilterSub4
	case filter == FilterAverage && bpp == 3:
		return t.UnfilterAverage3
	case filter == FilterAverage && bpp == 4:
		return t.UnfilterAverage4
	case filter == FilterPaeth && bpp == 3:
		return t.UnfilterPaeth3
	case filter == FilterPaeth && bpp == 4:
		return t.UnfilterPaeth4
	}
	return nil
}

// The generic scan kernels: the Go loops below for a fixed pixel size.
func unfilterSub3Generic(cur, _ []uint8)        { unfilterSub(cur, 3) }
func unfilterSub4Generic(cur, _ []uint8)        { unfilterSub(cur, 4) }
func unfilterAverage3Generic(cur, prev []uint8) { unfilterAverage(cur, prev, 3) }
func unfilterAverage4Generic(cur, prev []uint8) { unfilterAverage(cur, prev, 4) }
func unfilterPaeth3Generic(cur, prev []uint8)   { unfilterPaeth(cur, prev, 3) }
func unfilterPaeth4Generic(cur, prev []uint8)   { unfilterPaeth(cur, prev, 4) }

// unfilterUp adds prev to cur bytewise, eight bytes per uint64 (the
// compiler does not vectorise the byte loop, and Up is the filter encoders
// pick most on photographs): the low seven bits of each byte are added
// with the carries kept inside the byte, and the top bit is the exclusive
// or of both top bits with that carry. Four words a step, from slices of
// constant length so that no access is bounds-checked, went about 1.5x
// as fast as one word a step.
func unfilterUp(cur, prev []uint8) {
	prev = prev[:len(cur)]
	i := 0
	for ; i+32 <= len(cur); i += 32 {
		c, p := cur[i:i+32:i+32], prev[i:i+32:i+32]
		le := binary.LittleEndian
		a0, a1, a2, a3 := le.Uint64(c[0:]), le.Uint64(c[8:]), le.Uint64(c[16:]), le.Uint64(c[24:])
		b0, b1, b2, b3 := le.Uint64(p[0:]), le.Uint64(p[8:]), le.Uint64(p[16:]), le.Uint64(p[24:])
		le.PutUint64(c[0:], addBytes(a0, b0))
		le.PutUint64(c[8:], addBytes(a1, b1))
		le.PutUint64(c[16:], addBytes(a2, b2))
		le.PutUint64(c[24:], addBytes(a3, b3))
	}
	for ; i+8 <= len(cur); i += 8 {
		binary.LittleEndian.PutUint64(cur[i:], addBytes(binary.LittleEndian.Uint64(cur[i:]), binary.LittleEndian.Uint64(prev[i:])))
	}
	for ; i < len(cur); i++ {
		cur[i] += prev[i]
	}
}

// addBytes adds the eight bytes of a and b pairwise, modulo 256 each.
func addBytes(a, b uint64) uint64 {
	const low7, high = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	return (a & low7) + (b & low7) ^ ((a ^ b) & high)
}

func unfilterSub(cur []uint8, bpp int) {
	for i := bpp; i < len(cur); i++ {
		cur[i] += cur[i-bpp]
	}
}

func unfilterAverage(cur, prev []uint8, bpp int) {
	prev = prev[:len(cur)]
	n := min(bpp, len(cur))
	for i := 0; i < n; i++ {
		cur[i] += prev[i] >> 1
	}
	for i := bpp; i < len(cur); i++ {
		cur[i] += uint8((int(cur[i-bpp]) + int(prev[i])) >> 1)
	}
}

// unfilterPaeth computes the predictor branch-free (min and conditional
// moves: on image data its comparisons are unpredictable, and branches
// cost far more than the arithmetic), written out in the loop because as a
// function it exceeds the compiler's inlining budget.
func unfilterPaeth(cur, prev []uint8, bpp int) {
	prev = prev[:len(cur)]
	n := min(bpp, len(cur))
	for i := 0; i < n; i++ {
		cur[i] += prev[i] // left and up-left are 0: the predictor is up
	}
	for i := bpp; i < len(cur); i++ {
		a, b, c := int(cur[i-bpp]), int(prev[i]), int(prev[i-bpp])
		// pa, pb, pc: the distances of a + b - c to a, b and c.
		p, q := b-c, a-c
		pa, pb, pc := absInt(p), absInt(q), absInt(p+q)
		if pb <= pc {
			c = b
		}
		if pa <= min(pb, pc) {
			c = a
		}
		cur[i] += uint8(c)
	}
}

// absInt is branch-free: the sign mask flips and corrects negative values.
func absInt(x int) int {
	m := x >> (bits.UintSize - 1)
	return (x ^ m) - m
}
