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
func unfilterPaeth(cur, prev []byte, bpp int) {
	n := min(bpp, len(cur))
	for i := 0; i < n; i++ {
		cur[i] += prev[i]
	}
	for i := bpp; i < len(cur); i++ {
		cur[i] += paeth(cur[i-bpp], prev[i], prev[i-bpp])
	}
}

// paeth is PNG's Paeth predictor.
func paeth(a, b, c uint8) uint8 {
	// pa = |b - c|, pb = |a - c|, pc = |a + b - 2c|: the distances of
	// a + b - c to a, b and c.
	pa := int(b) - int(c)
	pb := int(a) - int(c)
	pc := pa + pb
	pa, pb, pc = abs(pa), abs(pb), abs(pc)
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	// Branch-free: the sign mask flips and corrects negative values.
	m := x >> (strconvIntSize - 1)
	return (x ^ m) - m
}

// strconvIntSize is the bit size of int.
const strconvIntSize = 32 << (^uint(0) >> 63)
