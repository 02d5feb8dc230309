package png

import "fmt"

// The filter types of PNG's filter method 0.
const (
	ftNone = iota
	ftSub
	ftUp
	ftAverage
	ftPaeth
)

// unfilter reverses one scanline's filter in place: cur is the filtered
// row without its filter byte, prev the previous row of the same pass,
// already unfiltered (all zero for a pass's first row), bpp the byte
// distance to the corresponding byte of the pixel to the left. All
// arithmetic is modulo 256.
func unfilter(ft byte, cur, prev []byte, bpp int) error {
	prev = prev[:len(cur)]
	switch ft {
	case ftNone:
	case ftSub:
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case ftUp:
		for i, p := range prev {
			cur[i] += p
		}
	case ftAverage:
		unfilterAverage(cur, prev, bpp)
	case ftPaeth:
		unfilterPaeth(cur, prev, bpp)
	default:
		return fmt.Errorf("png: unknown filter type %d", ft)
	}
	return nil
}

// unfilterAverage adds floor((left + up) / 2), left being 0 for the first
// pixel.
func unfilterAverage(cur, prev []byte, bpp int) {
	n := min(bpp, len(cur))
	for i := 0; i < n; i++ {
		cur[i] += prev[i] >> 1
	}
	for i := bpp; i < len(cur); i++ {
		cur[i] += uint8((int(cur[i-bpp]) + int(prev[i])) >> 1)
	}
}

// unfilterPaeth adds the Paeth predictor: whichever of left (a), up (b)
// and up-left (c) is nearest to a + b - c, ties going to a, then b. For
// the first pixel a and c are 0, so the predictor is b.
//
// The predictor is computed branch-free (min and conditional moves) and
// written out in the loop rather than called: as a function it exceeds
// the compiler's inlining budget, and a call per byte costs more than the
// arithmetic. The bpp channels are independent chains, which the CPU
// overlaps.
func unfilterPaeth(cur, prev []byte, bpp int) {
	n := min(bpp, len(cur))
	for i := 0; i < n; i++ {
		cur[i] += prev[i]
	}
	for i := bpp; i < len(cur); i++ {
		a, b, c := int(cur[i-bpp]), int(prev[i]), int(prev[i-bpp])
		// pa, pb, pc: the distances of a + b - c to a, b and c.
		p, q := b-c, a-c
		pa, pb, pc := abs(p), abs(q), abs(p+q)
		if pb <= pc {
			c = b
		}
		if pa <= min(pb, pc) {
			c = a
		}
		cur[i] += uint8(c)
	}
}

// abs is branch-free: the sign mask flips and corrects negative values.
func abs(x int) int {
	m := x >> 63
	return (x ^ m) - m
}
