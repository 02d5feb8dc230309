package kernels

import (
	"fmt"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/check"
)

// ResampleRow computes one row of Pillow's horizontal resampling pass for
// pixels of ch bytes: output pixel x of dst reads bounds[2x+1] source
// pixels of src from pixel bounds[2x], weighted by 22-bit fixed-point
// weights taken in order from k (each window's weights follow the previous
// window's). Each channel's sum starts at 1<<21, adds int32(pixel)*weight
// and is stored as the sum >> 22 clamped to 0..255, exactly as Pillow's
// ImagingResampleHorizontal_8bpc. Sums of integers are exact, so every ISA
// gives the same bytes; 1-, 3- and 4-byte pixels run the active ISA's
// kernels, other sizes Go.
//
// It panics when the slices do not hold whole pixels, when bounds is not a
// pair per output pixel, when a window leaves src, or when k holds fewer
// weights than the windows take (programming errors); nothing outside the
// slices is read or written.
func ResampleRow(dst, src []uint8, ch int, bounds, k []int32) {
	if ch < 1 || ch > 4 {
		panic(fmt.Sprintf("hotloop: kernels.ResampleRow: %d channels, want 1..4", ch))
	}
	if r := resampleKernel(fixed(), ch); r != nil {
		r(dst, src, bounds, k) // the table's wrapper checks the windows
		return
	}
	check.Resample("kernels.ResampleRow", ch, dst, src, bounds, k)
	resampleRow(dst, src, ch, bounds, k)
}

// resampleKernel returns t's kernel for a channel count, or nil.
func resampleKernel(t *asm.Table, ch int) func(dst, src []uint8, bounds, k []int32) {
	switch ch {
	case 1:
		return t.ResampleRow1
	case 3:
		return t.ResampleRow3
	case 4:
		return t.ResampleRow4
	}
	return nil
}

// The generic resampling kernels: resampleRow for a fixed channel count.
func resampleRow1Generic(dst, src []uint8, bounds, k []int32) { resampleRow(dst, src, 1, bounds, k) }
func resampleRow3Generic(dst, src []uint8, bounds, k []int32) { resampleRow(dst, src, 3, bounds, k) }
func resampleRow4Generic(dst, src []uint8, bounds, k []int32) { resampleRow(dst, src, 4, bounds, k) }

// resampleRow is the reference: Pillow's loop, with one copy per channel
// count so that a tap costs a load and a multiply-add per channel (it is
// also what machines without SIMD kernels run).
func resampleRow(dst, src []uint8, ch int, bounds, k []int32) {
	check.Resample("ResampleRow", ch, dst, src, bounds, k)
	const half = 1 << 21
	for x := 0; x < len(dst)/ch; x++ {
		first, n := int(bounds[2*x]), int(bounds[2*x+1])
		w := k[:n:n]
		k = k[n:]
		p := src[first*ch : (first+n)*ch]
		o := dst[x*ch : x*ch+ch]
		switch ch {
		case 1:
			s := int32(half)
			for j, wj := range w {
				s += int32(p[j]) * wj
			}
			o[0] = clip8(s)
		case 2:
			s0, s1 := int32(half), int32(half)
			for j, wj := range w {
				q := p[2*j : 2*j+2]
				s0 += int32(q[0]) * wj
				s1 += int32(q[1]) * wj
			}
			o[0], o[1] = clip8(s0), clip8(s1)
		case 3:
			s0, s1, s2 := int32(half), int32(half), int32(half)
			for j, wj := range w {
				q := p[3*j : 3*j+3]
				s0 += int32(q[0]) * wj
				s1 += int32(q[1]) * wj
				s2 += int32(q[2]) * wj
			}
			o[0], o[1], o[2] = clip8(s0), clip8(s1), clip8(s2)
		case 4:
			s0, s1, s2, s3 := int32(half), int32(half), int32(half), int32(half)
			for j, wj := range w {
				q := p[4*j : 4*j+4]
				s0 += int32(q[0]) * wj
				s1 += int32(q[1]) * wj
				s2 += int32(q[2]) * wj
				s3 += int32(q[3]) * wj
			}
			o[0], o[1], o[2], o[3] = clip8(s0), clip8(s1), clip8(s2), clip8(s3)
		}
	}
}

// clip8 is Pillow's clip8 of 22-bit fixed point: the shift, clamped.
func clip8(s int32) uint8 {
	switch v := s >> 22; {
	case v < 0:
		return 0
	case v > 255:
		return 255
	default:
		return uint8(v)
	}
}

// ResampleColumns computes one row of Pillow's vertical resampling pass:
// dst[i] = clip8(1<<21 + the sum over j of int32(src[j*stride+i])*k[j]),
// for the len(k) source rows of len(dst) bytes that start stride bytes
// apart in src, with k's 22-bit fixed-point weights; clip8 is the sum
// >> 22 clamped to 0..255, exactly as Pillow's
// ImagingResampleVertical_8bpc (whose sums, exact integers, any order
// reproduces).
//
// It panics when those rows do not lie within src (a negative stride, or
// too short a src) or when dst and src share memory; nothing outside the
// slices is read or written.
func ResampleColumns(dst, src []uint8, stride int, k []int32) {
	check.Disjoint("kernels.ResampleColumns", "dst and src", dst, src)
	fixed().ResampleColumns(dst, src, stride, k) // the table's wrapper checks the rows
}

// resampleColumnsGeneric is the reference, column by column in rows'
// order, so that memory is read in order.
func resampleColumnsGeneric(dst, src []uint8, stride int, k []int32) {
	check.ResampleColumns("ResampleColumns", dst, src, stride, k)
	if len(dst) == 0 {
		return
	}
	var buf [256]int32
	for len(dst) > 0 {
		n := min(len(dst), len(buf))
		acc := buf[:n]
		for i := range acc {
			acc[i] = 1 << 21
		}
		for j, w := range k {
			row := src[j*stride : j*stride+n]
			for i, v := range row {
				acc[i] += int32(v) * w
			}
		}
		for i, s := range acc {
			dst[i] = clip8(s)
		}
		dst, src = dst[n:], src[min(n, len(src)):]
	}
}

// ReduceColumns sums columns of bytes, the first step of Pillow's
// Image.reduce: dst[i] = the sum over j < rows of src[j*stride+i], for the
// rows rows of len(dst) bytes that start stride bytes apart in src. The
// sums wrap as uint16, so they are exact up to 257 rows (257*255 < 2^16);
// any order of exact integer sums gives the same result on every ISA.
//
// It panics when rows is negative or those rows do not lie within src (a
// negative stride, or too short a src); nothing outside the slices is read
// or written.
func ReduceColumns(dst []uint16, src []uint8, stride, rows int) {
	fixed().ReduceColumns(dst, src, stride, rows) // the table's wrapper checks the rows
}

// reduceColumnsGeneric is the reference, row by row so that memory is
// read in order.
func reduceColumnsGeneric(dst []uint16, src []uint8, stride, rows int) {
	check.ReduceColumns("ReduceColumns", len(dst), len(src), stride, rows)
	clear(dst)
	if len(dst) == 0 {
		return
	}
	for j := 0; j < rows; j++ {
		row := src[j*stride : j*stride+len(dst)]
		for i, v := range row {
			dst[i] += uint16(v)
		}
	}
}
