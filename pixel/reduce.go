package pixel

import (
	"fmt"
	"math"

	"github.com/hotloop/hotloop/kernels"
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
// whole pixels) into dst, premultiplying images with alpha first. Block
// sums are exact integers, so it sums in whatever order is fastest: the
// rows of a block column by column, then each block's columns: the
// active ISA's kernels.ReduceColumns and kernels.ReduceRow while the
// 16-bit sums are exact, else Go in 32 bits.
func reduceImage(dst, src *Image, fx, fy int, box [4]int) {
	if fx == 1 && fy == 1 {
		for y := 0; y < dst.Height; y++ {
			copy(dst.Row(y), src.Row(box[1] + y)[box[0]*src.Channels():])
		}
		return
	}
	if src.HasAlpha() {
		src = premultiplied(src)
		defer releaseScratch(src)
		defer unpremultiplyInPlace(dst)
	}
	ch := src.Channels()
	width, off := box[2]*ch, box[0]*ch
	var cols16 []uint16
	var cols32 []uint32
	if min(fy, box[3]) <= maxReduceColumns {
		cols16 = make([]uint16, width)
	} else {
		cols32 = make([]uint32, width)
	}
	for y := 0; y < dst.Height; y++ {
		y0 := box[1] + y*fy
		y1 := min(y0+fy, box[1]+box[3])
		if cols16 != nil {
			kernels.ReduceColumns(cols16, src.Pix[y0*src.Stride+off:], src.Stride, y1-y0)
			// A block as wide as the row is the same block (and keeps
			// rows*fx below 2^24); a row of no pixels has blocks of 1.
			kernels.ReduceRow(dst.Row(y), cols16, ch, max(1, min(fx, box[2])), y1-y0)
			continue
		}
		clear(cols32)
		for yy := y0; yy < y1; yy++ {
			for i, v := range src.Row(yy)[off : off+width] {
				cols32[i] += uint32(v)
			}
		}
		reduceRow32(dst.Row(y), cols32, ch, fx, uint32(y1-y0))
	}
}

// maxReduceColumns is the most rows kernels.ReduceColumns sums exactly:
// 257*255 fits 16 bits.
const maxReduceColumns = 257

// reduceRow32 is kernels.ReduceRow for 32-bit column sums (bands of more
// than maxReduceColumns rows, which are rare): each output pixel the
// rounded mean of the column sums of its block, fx pixels wide (fewer in
// the last block), of rows rows, rounded as Pillow rounds it.
func reduceRow32(out []uint8, cols []uint32, ch, fx int, rows uint32) {
	w := len(cols) / ch
	for x := 0; x < ceilDiv(w, fx); x++ {
		x0, x1 := x*fx, min(x*fx+fx, w)
		n := rows * uint32(x1-x0)
		m := kernels.ReduceMultiplier(n)
		for c := 0; c < ch; c++ {
			s := n / 2
			for i := x0*ch + c; i < x1*ch; i += ch {
				s += cols[i]
			}
			out[x*ch+c] = uint8((s * m) >> 24)
		}
	}
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
