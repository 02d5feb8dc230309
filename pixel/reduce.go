package pixel

import (
	"fmt"
	"math"
)

// Reduce writes src shrunk by the integer factors fx and fy into dst, as
// Pillow's Image.reduce((fx, fy)) computes it: each output pixel is the
// mean of a fx×fy block of source pixels, rounded as Pillow rounds it
// ((sum + n/2) * m) >> 24 with m = 2^32 / (256 n) in float32, truncated);
// when a factor does not divide the size, the last column and row average
// the partial blocks. GrayAlpha and RGBA are averaged premultiplied. dst
// must be ceil(W/fx) × ceil(H/fy), of src's format.
func Reduce(dst, src *Image, fx, fy int) error {
	if err := checkReduce(dst, src, fx, fy); err != nil {
		return err
	}
	reduceImage(dst, src, fx, fy, [4]int{0, 0, src.Width, src.Height})
	return nil
}

func checkReduce(dst, src *Image, fx, fy int) error {
	if err := dst.Check(); err != nil {
		return fmt.Errorf("pixel.Reduce: destination: %w", err)
	}
	if err := src.Check(); err != nil {
		return fmt.Errorf("pixel.Reduce: source: %w", err)
	}
	if fx < 1 || fy < 1 {
		return fmt.Errorf("pixel.Reduce: factors %dx%d, want at least 1", fx, fy)
	}
	if blockPixels(fx, fy, src) >= 1<<24 {
		return fmt.Errorf("pixel.Reduce: blocks of %dx%d pixels: Pillow's 32-bit block sums hold fewer than 2^24", min(fx, src.Width), min(fy, src.Height))
	}
	if dst.Format != src.Format {
		return fmt.Errorf("pixel.Reduce: destination is %s, source %s", dst.Format, src.Format)
	}
	if w, h := ceilDiv(src.Width, fx), ceilDiv(src.Height, fy); dst.Width != w || dst.Height != h {
		return fmt.Errorf("pixel.Reduce: destination is %dx%d, reducing %dx%d by %dx%d gives %dx%d", dst.Width, dst.Height, src.Width, src.Height, fx, fy, w, h)
	}
	if overlaps(dst, src) {
		return fmt.Errorf("pixel.Reduce: destination and source share memory")
	}
	return nil
}

// ceilDiv is a/b rounded up, for a >= 0 and b > 0, without overflow.
func ceilDiv(a, b int) int {
	q := a / b
	if a%b != 0 {
		q++
	}
	return q
}

// blockPixels is the pixel count of the largest block a reduction by fx×fy
// averages over src (factors beyond the image's size count as its size).
func blockPixels(fx, fy int, src *Image) int {
	return min(fx, src.Width) * min(fy, src.Height)
}

// reduceImage reduces the source region box (x0, y0, width, height, in
// whole pixels) into dst, premultiplying images with alpha first.
func reduceImage(dst, src *Image, fx, fy int, box [4]int) {
	if fx == 1 && fy == 1 {
		for y := 0; y < dst.Height; y++ {
			copy(dst.Row(y), src.Row(box[1] + y)[box[0]*src.Channels():])
		}
		return
	}
	if src.HasAlpha() {
		src = premultiplied(src)
		defer unpremultiplyInPlace(dst)
	}
	ch := src.Channels()
	sums := make([]uint32, dst.Width*ch) // one row of block sums
	x1 := box[0] + box[2]
	for y := 0; y < dst.Height; y++ {
		y0 := box[1] + y*fy
		y1 := min(y0+fy, box[1]+box[3])
		clear(sums)
		for yy := y0; yy < y1; yy++ {
			row := src.Row(yy)[box[0]*ch : x1*ch]
			for x := 0; x < dst.Width; x++ {
				block := row[x*fx*ch : min(x*fx+fx, box[2])*ch]
				s := sums[x*ch : x*ch+ch]
				for i := 0; i < len(block); i += ch {
					for c, v := range block[i : i+ch] {
						s[c] += uint32(v)
					}
				}
			}
		}
		out := dst.Row(y)
		for x := 0; x < dst.Width; x++ {
			n := uint32(min(fx, box[2]-x*fx) * (y1 - y0))
			m := reduceMultiplier(n)
			for c := 0; c < ch; c++ {
				out[x*ch+c] = uint8(((sums[x*ch+c] + n/2) * m) >> 24)
			}
		}
	}
}

// reduceMultiplier is Pillow's division_UINT32(n, 8): 2^32 / (256 n)
// computed in float32 and truncated, the reciprocal a block sum is scaled
// by.
func reduceMultiplier(n uint32) uint32 {
	return uint32(float32(4294967296) / float32(n*256))
}

// ResizeReducing is Resize with Pillow's reducing_gap: when the source is
// at least gap times larger than dst along an axis, it is first reduced by
// the integer factor int(scale/gap) (Reduce, over the part of the source
// the filter reads), then resampled from the reduced image. That is much
// faster for large shrink factors, and exactly what Pillow's
// Image.resize(size, f, reducing_gap=gap) computes; gap must be at least
// 1. Like Pillow 9.4 it ignores the gap for GrayAlpha and RGBA (Pillow's
// resize passes it on to neither) and for Nearest.
func ResizeReducing(dst, src *Image, f Filter, gap float64) error {
	if err := checkResize(dst, src, f); err != nil {
		return err
	}
	if !(gap >= 1) {
		return fmt.Errorf("pixel.ResizeReducing: reducing gap %v, want at least 1", gap)
	}
	full := [4]float64{0, 0, float64(src.Width), float64(src.Height)}
	if f == Nearest || src.HasAlpha() {
		return resizeBox(dst, src, f, full)
	}
	box := full
	fx := max(int((box[2]-box[0])/float64(dst.Width)/gap), 1)
	fy := max(int((box[3]-box[1])/float64(dst.Height)/gap), 1)
	if fx == 1 && fy == 1 {
		return resizeBox(dst, src, f, box)
	}
	if blockPixels(fx, fy, src) >= 1<<24 {
		return fmt.Errorf("pixel.ResizeReducing: reducing by %dx%d: Pillow's 32-bit block sums hold fewer than 2^24 pixels", fx, fy)
	}
	// Pillow's _get_safe_box: the box grown by the filter's reach.
	reach := filters[f].support - 0.5
	sx := float64((box[2] - box[0]) / float64(dst.Width) * reach) // rounded before the subtraction below: no FMA
	sy := float64((box[3] - box[1]) / float64(dst.Height) * reach)
	rb := [4]int{
		max(0, int(box[0]-sx)),
		max(0, int(box[1]-sy)),
		min(src.Width, int(math.Ceil(box[2]+sx))),
		min(src.Height, int(math.Ceil(box[3]+sy))),
	}
	rw, rh := rb[2]-rb[0], rb[3]-rb[1]
	reduced := New(src.Format, ceilDiv(rw, fx), ceilDiv(rh, fy))
	reduceImage(reduced, src, fx, fy, [4]int{rb[0], rb[1], rw, rh})
	box = [4]float64{
		(box[0] - float64(rb[0])) / float64(fx),
		(box[1] - float64(rb[1])) / float64(fy),
		(box[2] - float64(rb[0])) / float64(fx),
		(box[3] - float64(rb[1])) / float64(fy),
	}
	return resizeBox(dst, reduced, f, box)
}
