package jpeg

import (
	"fmt"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/pixel"
)

// Frame layout: MCU grid, each component's blocks and DCT output size at
// the requested scale, and the buffers they need.

// setup lays out the frame for decoding at 1/scale and allocates (or
// reuses) the planes and coefficient buffers. It runs after the pixel
// limit has been checked.
func (d *decoder) setup(scale int) error {
	d.scale = scale
	d.minSize = 8 / scale
	d.mcusX = ceilDiv(d.width, 8*d.hmax)
	d.mcusY = ceilDiv(d.height, 8*d.vmax)
	for i := 0; i < d.ncomp; i++ {
		c := &d.comp[i]
		c.bw, c.bh = d.mcusX*c.h, d.mcusY*c.v
		c.bwScan = ceilDiv(ceilDiv(d.width*c.h, d.hmax), 8)
		c.bhScan = ceilDiv(ceilDiv(d.height*c.v, d.vmax), 8)
		// libjpeg scales subsampled components up through a larger DCT
		// output where the ratio allows, instead of upsampling them
		size := d.minSize
		for size < 8 && (d.hmax*d.minSize)%(c.h*size*2) == 0 && (d.vmax*d.minSize)%(c.v*size*2) == 0 {
			size *= 2
		}
		c.size = size
		c.stride = c.bw * size
		if _, err := d.chooseUpsampler(c); err != nil {
			return err
		}
	}
	// the pixel limit is on the declared size; this bounds the padding too
	// (a 1-pixel-wide image with 4x4 sampling pads every row to 32)
	// int64: on 32-bit platforms the padded size of a huge declared image
	// could overflow int before the comparison
	var need int64
	for i := 0; i < d.ncomp; i++ {
		c := &d.comp[i]
		n := int64(c.bw) * int64(c.bh) * 64
		need += n * int64(c.size*c.size) / 64
		if d.progressive {
			need += 2*n + n/8 // coef, nz
		}
	}
	if need > d.memLimit {
		return fmt.Errorf("%w: %dx%d: its padded blocks need %d bytes", ErrTooLarge, d.width, d.height, need)
	}
	// Growing buffers get headroom (see grow) only while it keeps them
	// within the memory limit.
	spare := need+need/4 <= d.memLimit
	for i := 0; i < d.ncomp; i++ {
		c := &d.comp[i]
		c.plane = growSpare(c.plane, c.stride*c.bh*c.size, spare)
		if d.progressive {
			c.coef = growSpare(c.coef, c.bw*c.bh*64, spare)
			clear(c.coef)
			c.nz = growSpare(c.nz, c.bw*c.bh, spare)
			clear(c.nz)
		}
	}
	return nil
}

// grow returns s resized to n elements, reallocating only when its
// capacity is too small. A buffer that grows gets a quarter more than
// asked: a Decoder reused over a batch of images of varying sizes would
// otherwise reallocate, and clear and page-fault anew, at every image
// larger than all before it.
func grow[T any](s []T, n int) []T { return growSpare(s, n, true) }

// growSpare is grow with the headroom only when spare is set.
func growSpare[T any](s []T, n int, spare bool) []T {
	if cap(s) < n {
		if cap(s) == 0 || !spare {
			return make([]T, n)
		}
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// idct transforms one block's dequantised coefficients into c's plane.
func (d *decoder) idct(c *component, blk *[64]int32, bx, by int) {
	s := c.size
	dst := c.plane[by*s*c.stride+bx*s:]
	switch s {
	case 8:
		kernels.IDCT(dst, c.stride, blk[:])
	case 4:
		idct4(blk, dst, c.stride)
	case 2:
		idct2(blk, dst, c.stride)
	default:
		idct1(blk, dst, c.stride)
	}
}

// flat fills block (bx, by) of c for a block without AC terms: every
// inverse DCT (8x8 to 1x1) then gives the rounded DC, (dc + 4) >> 3,
// level-shifted and clamped, in every sample.
func (d *decoder) flat(c *component, dc int32, bx, by int) {
	v := clamp8((dc + 4) >> 3)
	s := c.size
	o := by*s*c.stride + bx*s
	for r := 0; r < s; r++ {
		row := c.plane[o+r*c.stride : o+r*c.stride+s]
		for i := range row {
			row[i] = v
		}
	}
}

// finish turns what the scans left into planes: the progressive
// coefficients through the IDCT, and a flat 128 (zero coefficients) for a
// sequential component no scan carried.
func (d *decoder) finish() {
	for i := 0; i < d.ncomp; i++ {
		c := &d.comp[i]
		if !d.progressive {
			if !c.done {
				for j := range c.plane {
					c.plane[j] = 128
				}
			}
			continue
		}
		q := &d.quant[c.tq]
		for by := 0; by < c.bh; by++ {
			if c.size == 8 {
				// a row of blocks in one call, which widens and multiplies
				// as it loads; then the blocks without AC terms (no bit of
				// nz's AC mask set) are filled flat, as the sequential path
				// and the scaled sizes do: the whole transform gives them
				// the same samples only while |DC| < 65532, which real
				// files keep to but corrupt ones need not
				n := 64 * c.bw
				kernels.DequantIDCT(c.plane[by*8*c.stride:], c.stride, c.coef[by*n:by*n+n], q[:])
				for bx, m := range c.nz[by*c.bw : by*c.bw+c.bw] {
					if m&^1 == 0 {
						d.flat(c, int32(c.coef[by*n+64*bx])*q[0], bx, by)
					}
				}
				continue
			}
			for bx := 0; bx < c.bw; bx++ {
				k := (by*c.bw + bx) * 64
				coef := c.coef[k : k+64 : k+64]
				if c.size == 1 || acZero(coef) {
					// the 1x1 inverse DCT reads the DC only, and a block
					// without AC terms is flat at any size
					d.flat(c, int32(coef[0])*int32(q[0]), bx, by)
					continue
				}
				blk := &d.blk
				for j := range blk {
					blk[j] = int32(coef[j]) * int32(q[j])
				}
				d.idct(c, blk, bx, by)
			}
		}
	}
}

// acZero reports whether a block's AC coefficients are all zero.
func acZero(coef []int16) bool {
	for _, v := range coef[1:] {
		if v != 0 {
			return false
		}
	}
	return true
}

// colorSpace is what the components hold.
type colorSpace uint8

const (
	csGray colorSpace = iota
	csYCbCr
	csRGB
	csCMYK
	csYCCK
)

// colorSpace decides the components' meaning as libjpeg does: from the
// JFIF and Adobe markers, else from the component identifiers.
func (d *decoder) colorSpace() colorSpace {
	switch d.ncomp {
	case 1:
		return csGray
	case 3:
		switch {
		case d.jfif:
			return csYCbCr
		case d.adobe:
			if d.adobeTransform == 0 {
				return csRGB
			}
			return csYCbCr
		case d.comp[0].id == 'R' && d.comp[1].id == 'G' && d.comp[2].id == 'B':
			return csRGB
		}
		return csYCbCr
	}
	if d.adobe && d.adobeTransform != 0 {
		return csYCCK
	}
	return csCMYK
}

// output converts the planes into an image of format f, reusing m (its
// struct and buffer) when the buffer is large enough.
func (d *decoder) output(f pixel.Format, m *pixel.Image) (*pixel.Image, error) {
	w, h := ceilDiv(d.width, d.scale), ceilDiv(d.height, d.scale)
	var ups [4]upsampler
	for i := 0; i < d.ncomp; i++ {
		u, err := d.chooseUpsampler(&d.comp[i])
		if err != nil {
			return nil, err
		}
		u.plane = d.comp[i].plane
		ups[i] = u
		d.rows[i] = grow(d.rows[i], max(w, 2*u.w)) // the upsampling kernels write 2*u.w
	}
	cs := d.colorSpace()
	if f == pixel.Gray && cs != csGray {
		d.tmp = grow(d.tmp, 3*w)
	}
	if n := w * h * f.Channels(); m != nil && cap(m.Pix) > 0 && cap(m.Pix) < n {
		// A caller's buffer that was too small: the new image gets
		// headroom (see grow), for the caller to reuse its buffer in turn.
		m = &pixel.Image{Format: f, Width: w, Height: h, Stride: w * f.Channels(), Pix: make([]uint8, n, n+n/4)}
	} else if m == nil || cap(m.Pix) < n {
		m = pixel.New(f, w, h)
	} else {
		*m = pixel.Image{Format: f, Width: w, Height: h, Stride: w * f.Channels(), Pix: m.Pix[:w*h*f.Channels()]}
	}
	var rows [4][]uint8
	for y := 0; y < h; y++ {
		for i := 0; i < d.ncomp; i++ {
			rows[i] = ups[i].row(y, w, d.rows[i])
		}
		dst := m.Row(y)
		switch cs {
		case csGray:
			if f == pixel.Gray {
				copy(dst, rows[0])
			} else {
				kernels.GrayToRGB(dst, rows[0][:len(dst)/3])
			}
			continue
		case csCMYK, csYCCK:
			rgb := dst
			if f == pixel.Gray {
				rgb = d.tmp
			}
			cmykToRGB(rgb, rows[0], rows[1], rows[2], rows[3], cs == csYCCK)
			if f == pixel.Gray {
				kernels.RGBToGray(dst, rgb[:3*len(dst)])
			}
			continue
		}
		rgb := dst
		if f == pixel.Gray {
			rgb = d.tmp
		}
		if cs == csYCbCr {
			n := len(rows[0])
			kernels.YCbCrToRGB(rgb[:3*n], rows[0], rows[1][:n], rows[2][:n])
		} else {
			interleave3(rgb, rows[0], rows[1], rows[2])
		}
		if f == pixel.Gray {
			kernels.RGBToGray(dst, rgb[:3*len(dst)])
		}
	}
	return m, nil
}
