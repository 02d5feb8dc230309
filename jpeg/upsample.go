package jpeg

import "github.com/hotloop/hotloop/kernels"

// Chroma upsampling, one output row at a time, as libjpeg-turbo does with
// fancy upsampling on (Pillow's default): triangular filters for 2:1
// horizontal (kernels.UpsampleH2V1), 2:1 both ways (kernels.UpsampleH2V2)
// and 2:1 vertical (h1v2) ratios,
// plain replication for the others and whenever the DCT output is 1x1.
// The edges of the component's real extent (not of its padded blocks)
// stand in for the samples beyond them.

// upMethod is how one component reaches the output resolution.
type upMethod uint8

const (
	upCopy upMethod = iota // same resolution
	upH2V1                 // fancy, horizontal 2:1
	upH2V2                 // fancy, both 2:1
	upH1V2                 // fancy, vertical 2:1
	upRepl                 // integer replication
)

// upsampler describes a component's plane and how it is upsampled.
type upsampler struct {
	method     upMethod
	hx, vx     int // replication factors (upRepl)
	w, h       int // the component's real extent at the output scale
	plane      []uint8
	stride     int
	rowsNeeded int
}

// chooseUpsampler picks libjpeg-turbo's method for component c, or fails
// for ratios libjpeg does not implement (fractional ones).
func (d *decoder) chooseUpsampler(c *component) (upsampler, error) {
	hin, vin := c.h*c.size/d.minSize, c.v*c.size/d.minSize
	hout, vout := d.hmax, d.vmax
	fancy := d.minSize > 1
	u := upsampler{
		w:      ceilDiv(d.width*c.h*c.size, d.hmax*8),
		h:      ceilDiv(d.height*c.v*c.size, d.vmax*8),
		stride: c.stride,
	}
	switch {
	case hin == hout && vin == vout:
		u.method = upCopy
	case hin*2 == hout && vin == vout && fancy && u.w > 2:
		u.method = upH2V1
	case hin == hout && vin*2 == vout && fancy:
		u.method = upH1V2
	case hin*2 == hout && vin*2 == vout && fancy && u.w > 2:
		u.method = upH2V2
	case hin > 0 && vin > 0 && hout%hin == 0 && vout%vin == 0:
		u.method = upRepl
		u.hx, u.vx = hout/hin, vout/vin
	default:
		return u, unsupported("sampling ratio %dx%d of %dx%d", c.h, c.v, d.hmax, d.vmax)
	}
	return u, nil
}

// row returns output row y (width w) of the component, computed into buf
// unless a plane row can be returned as it is.
func (u *upsampler) row(y, w int, buf []uint8) []uint8 {
	switch u.method {
	case upCopy:
		return u.plane[y*u.stride : y*u.stride+w]
	case upH2V1:
		// the kernels write 2*u.w samples, one more than w for odd
		// widths; buf has room for them
		kernels.UpsampleH2V1(buf[:2*u.w], u.plane[y*u.stride:y*u.stride+u.w])
	case upH1V2:
		near, far := u.rows2(y)
		h1v2(buf[:w], near, far, int32(1+y&1))
	case upH2V2:
		near, far := u.rows2(y)
		kernels.UpsampleH2V2(buf[:2*u.w], near[:u.w], far[:u.w])
	default:
		replicate(buf[:w], u.plane[(y/u.vx)*u.stride:], u.hx)
	}
	return buf[:w]
}

// rows2 returns, for output row y of a vertically doubled component, the
// nearer input row and the farther one (above for even y, below for odd),
// the edge row standing in past the top and bottom.
func (u *upsampler) rows2(y int) (near, far []uint8) {
	r := y >> 1
	f := r - 1
	if y&1 != 0 {
		f = r + 1
	}
	f = min(max(f, 0), u.h-1)
	return u.plane[r*u.stride : r*u.stride+u.stride], u.plane[f*u.stride : f*u.stride+u.stride]
}

// h1v2 computes one output row between the nearer and the farther input
// rows; the bias is 1 for the upper row of a pair and 2 for the lower.
func h1v2(out, near, far []uint8, bias int32) {
	near, far = near[:len(out)], far[:len(out)]
	for i := range out {
		out[i] = uint8((3*int32(near[i]) + int32(far[i]) + bias) >> 2)
	}
}

// replicate repeats each input sample hx times.
func replicate(out, in []uint8, hx int) {
	for i := range out {
		out[i] = in[i/hx]
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
