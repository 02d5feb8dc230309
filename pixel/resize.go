package pixel

import (
	"fmt"

	"github.com/hotloop/hotloop/kernels"
)

// Resize writes src, resampled to dst's size with filter f, into dst,
// exactly as Pillow's Image.resize(dst size, f) computes it:
//
//   - the same size copies;
//   - Nearest picks, for output pixel x, source pixel int(x0) where x0
//     starts at half a step and grows by in/out per pixel (Pillow's affine
//     transform, double precision, accumulated as Pillow accumulates it);
//   - the other filters resample each axis with Pillow's windows and
//     22-bit fixed-point weights, the horizontal pass first (over the rows
//     the vertical pass reads, into 8-bit pixels) and then the vertical;
//     an axis that keeps its size is not resampled;
//   - GrayAlpha and RGBA are premultiplied by alpha first and
//     un-premultiplied after (Premultiply, Unpremultiply), except with
//     Nearest.
//
// dst and src must be well formed, of the same format, at least 1x1, and
// must not share memory.
func Resize(dst, src *Image, f Filter) error {
	if err := checkResize(dst, src, f); err != nil {
		return err
	}
	return resizeBox(dst, src, f, [4]float64{0, 0, float64(src.Width), float64(src.Height)})
}

// ResizeBox is Resize of the source region box = (x0, y0, x1, y1), in
// source pixels with fractions allowed, as Pillow's Image.resize(size, f,
// box) computes it: the windows are centred in the box's coordinates, and
// an axis is resampled unless the box spans it whole and the size is kept.
// Like Pillow, it rounds the box to float32 first. The box must lie within
// the source and not be empty.
func ResizeBox(dst, src *Image, f Filter, box [4]float64) error {
	if err := checkResize(dst, src, f); err != nil {
		return err
	}
	if !(box[0] >= 0 && box[1] >= 0 && box[2] <= float64(src.Width) && box[3] <= float64(src.Height)) {
		return fmt.Errorf("pixel.ResizeBox: box %v exceeds the %dx%d source", box, src.Width, src.Height)
	}
	if !(box[2] > box[0] && box[3] > box[1]) {
		return fmt.Errorf("pixel.ResizeBox: empty box %v", box)
	}
	return resizeBox(dst, src, f, box)
}

func resizeBox(dst, src *Image, f Filter, box [4]float64) error {
	full := box == [4]float64{0, 0, float64(src.Width), float64(src.Height)}
	if full && dst.Width == src.Width && dst.Height == src.Height {
		for y := 0; y < src.Height; y++ {
			copy(dst.Row(y), src.Row(y))
		}
		return nil
	}
	if f == Nearest {
		resizeNearest(dst, src, box)
		return nil
	}
	if src.HasAlpha() {
		if err := resample(dst, src, f, box, true); err != nil {
			return err
		}
		unpremultiplyInPlace(dst)
		return nil
	}
	return resample(dst, src, f, box, false)
}

func checkResize(dst, src *Image, f Filter) error {
	if err := dst.Check(); err != nil {
		return fmt.Errorf("pixel.Resize: destination: %w", err)
	}
	if err := src.Check(); err != nil {
		return fmt.Errorf("pixel.Resize: source: %w", err)
	}
	if !f.Valid() {
		return fmt.Errorf("pixel.Resize: invalid filter %d", uint8(f))
	}
	if dst.Format != src.Format {
		return fmt.Errorf("pixel.Resize: destination is %s, source %s (convert first)", dst.Format, src.Format)
	}
	if dst.Width < 1 || dst.Height < 1 {
		return fmt.Errorf("pixel.Resize: target size %dx%d, want at least 1x1", dst.Width, dst.Height)
	}
	if src.Width < 1 || src.Height < 1 {
		return fmt.Errorf("pixel.Resize: empty source %dx%d", src.Width, src.Height)
	}
	if overlaps(dst, src) {
		return fmt.Errorf("pixel.Resize: destination and source share memory")
	}
	return nil
}

// resizeNearest is Pillow's ImagingScaleAffine for a scaling transform:
// source coordinates start at half a step and grow by the step, in double
// precision, and are truncated.
func resizeNearest(dst, src *Image, box [4]float64) {
	ch := src.Channels()
	b := pillowBox(box)
	sx := float64(b[2]-b[0]) / float64(dst.Width)
	sy := float64(b[3]-b[1]) / float64(dst.Height)
	// A coordinate outside the source (reachable only through float
	// rounding at the edges of huge images) leaves the pixel zero, as
	// Pillow's fill does.
	xin := make([]int, dst.Width)
	xo := float64(b[0]) + float64(sx*0.5) // rounded apart, as Pillow: no FMA
	for x := range xin {
		xin[x] = coord(xo)
		if xin[x] >= src.Width {
			xin[x] = -1
		}
		xo += sx
	}
	yo := float64(b[1]) + float64(sy*0.5)
	for y := 0; y < dst.Height; y++ {
		out := dst.Row(y)
		clear(out)
		if yi := coord(yo); yi >= 0 && yi < src.Height {
			in := src.Row(yi)
			for x, xi := range xin {
				if xi >= 0 {
					copy(out[x*ch:x*ch+ch], in[xi*ch:])
				}
			}
		}
		yo += sy
	}
}

// pillowBox is the box as Pillow's C code holds it: in float32, so that
// the box's width is a float32 subtraction, widened to double only after.
func pillowBox(box [4]float64) [4]float32 {
	return [4]float32{float32(box[0]), float32(box[1]), float32(box[2]), float32(box[3])}
}

// coord is Pillow's COORD: truncation, with negatives (never reached by a
// scaling that starts at a positive half step) as -1.
func coord(v float64) int {
	if v < 0 {
		return -1
	}
	return int(v)
}

// resample runs the two passes of Pillow's ImagingResampleInner, with
// its test of which axes need resampling, on src premultiplied by alpha
// when premul is set. The horizontal pass writes a temporary image of
// dst's width and the source rows the vertical pass reads; an error says
// when that would exceed MaxPixels.
func resample(dst, src *Image, f Filter, box [4]float64, premul bool) error {
	b := pillowBox(box)
	h := axisCoeffs(src.Width, dst.Width, float64(b[0]), float64(b[2]-b[0]), f)
	v := axisCoeffs(src.Height, dst.Height, float64(b[1]), float64(b[3]-b[1]), f)
	needH := dst.Width != src.Width || b[0] != 0 || b[2] != float32(dst.Width)
	needV := dst.Height != src.Height || b[1] != 0 || b[3] != float32(dst.Height)
	switch {
	case needH && needV:
		// Horizontally resample only the rows the vertical pass reads.
		first := v.first[0]
		last := v.first[dst.Height-1] + v.n[dst.Height-1]
		if rows := last - first; rows > 0 && dst.Width > MaxPixels/rows {
			return fmt.Errorf("pixel.Resize: the intermediate image of %dx%d pixels exceeds %d", dst.Width, rows, MaxPixels)
		}
		tmp := scratchImage(src.Format, dst.Width, last-first) // every row written by horizontal
		horizontal(tmp, src, first, h, premul)
		vertical(dst, tmp, first, v)
		releaseScratch(tmp)
	case needH:
		horizontal(dst, src, 0, h, premul)
	case needV && premul:
		pm := premultiplied(src)
		vertical(dst, pm, 0, v)
		releaseScratch(pm)
	case needV:
		vertical(dst, src, 0, v)
	default:
		for y := 0; y < dst.Height; y++ {
			if premul {
				premultiplyRow(dst.Row(y), src.Row(y), src.Channels())
			} else {
				copy(dst.Row(y), src.Row(y))
			}
		}
	}
	return nil
}

// premulBand is the number of rows horizontal premultiplies at a time:
// a band of a wide image stays in L2 between its premultiplication and
// its resampling, where a premultiplied copy of the whole image would go
// to memory and back.
const premulBand = 8

// horizontal resamples rows offset.. of src into the rows of dst,
// premultiplied by alpha when premul is set. The sums are exact integers,
// so any order gives Pillow's result: Gray, RGB and RGBA rows go through
// kernels.ResampleRows (the active ISA's SIMD kernels), all rows in one
// call, or a band of premultiplied rows a call; GrayAlpha through the
// loop below.
func horizontal(dst, src *Image, offset int, c *coeffs, premul bool) {
	ch := src.Channels()
	if ch == 2 {
		if premul {
			src = premultipliedRows(src, offset, dst.Height)
			defer releaseScratch(src)
			offset = 0
		}
		horizontalGo(dst, src, offset, c)
		return
	}
	if !premul {
		kernels.ResampleRows(dst.Pix, dst.Stride, src.Pix[offset*src.Stride:], src.Stride, dst.Height, ch, c.rows)
		return
	}
	band := scratchImage(src.Format, src.Width, min(premulBand, dst.Height))
	for y := 0; y < dst.Height; y += band.Height {
		n := min(band.Height, dst.Height-y)
		for i := range n {
			premultiplyRow(band.Row(i), src.Row(offset+y+i), ch)
		}
		kernels.ResampleRows(dst.Pix[y*dst.Stride:], dst.Stride, band.Pix, band.Stride, n, ch, c.rows)
	}
	releaseScratch(band)
}

// horizontalGo is horizontal in Go, one loop per channel count so that a
// tap costs a load and a multiply-add per channel.
func horizontalGo(dst, src *Image, offset int, c *coeffs) {
	const half = int32(1 << (precisionBits - 1))
	ch := src.Channels()
	for y := 0; y < dst.Height; y++ {
		in, out := src.Row(y+offset), dst.Row(y)
		for x := 0; x < dst.Width; x++ {
			k := c.k[x*c.size : x*c.size+c.n[x]]
			p := in[c.first[x]*ch : (c.first[x]+len(k))*ch]
			o := out[x*ch : x*ch+ch]
			switch ch {
			case 1:
				s := half
				for j, w := range k {
					s += int32(p[j]) * w
				}
				o[0] = clip8(s)
			case 2:
				s0, s1 := half, half
				for j, w := range k {
					s0 += int32(p[2*j]) * w
					s1 += int32(p[2*j+1]) * w
				}
				o[0], o[1] = clip8(s0), clip8(s1)
			case 3:
				s0, s1, s2 := half, half, half
				for j, w := range k {
					q := p[3*j : 3*j+3]
					s0 += int32(q[0]) * w
					s1 += int32(q[1]) * w
					s2 += int32(q[2]) * w
				}
				o[0], o[1], o[2] = clip8(s0), clip8(s1), clip8(s2)
			case 4:
				s0, s1, s2, s3 := half, half, half, half
				for j, w := range k {
					q := p[4*j : 4*j+4]
					s0 += int32(q[0]) * w
					s1 += int32(q[1]) * w
					s2 += int32(q[2]) * w
					s3 += int32(q[3]) * w
				}
				o[0], o[1], o[2], o[3] = clip8(s0), clip8(s1), clip8(s2), clip8(s3)
			}
		}
	}
}

// vertical resamples src into dst, whose row y reads src rows from
// c.first[y]-offset, through kernels.ResampleColumns (the active ISA's
// SIMD kernel): each output row is a weighted sum of whole source rows.
func vertical(dst, src *Image, offset int, c *coeffs) {
	n := dst.Width * dst.Channels()
	for y := 0; y < dst.Height; y++ {
		k := c.k[y*c.size : y*c.size+c.n[y]]
		start := 0
		if len(k) > 0 { // an empty window reads no row
			start = (c.first[y] - offset) * src.Stride
		}
		kernels.ResampleColumns(dst.Row(y)[:n], src.Pix[start:], src.Stride, k)
	}
}

// premultiplied returns a premultiplied copy of an image with alpha, a
// scratchImage (every row written here) for the caller to release.
func premultiplied(src *Image) *Image { return premultipliedRows(src, 0, src.Height) }

// premultipliedRows is premultiplied of the n rows from row y0.
func premultipliedRows(src *Image, y0, n int) *Image {
	m := scratchImage(src.Format, src.Width, n)
	for y := 0; y < n; y++ {
		premultiplyRow(m.Row(y), src.Row(y0+y), src.Channels())
	}
	return m
}

// unpremultiplyInPlace un-premultiplies an image with alpha in place.
func unpremultiplyInPlace(m *Image) {
	for y := 0; y < m.Height; y++ {
		unpremultiplyRow(m.Row(y), m.Row(y), m.Channels())
	}
}
