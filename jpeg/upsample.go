package jpeg

// Chroma upsampling, one output row at a time, as libjpeg-turbo does with
// fancy upsampling on (Pillow's default): triangular filters for 2:1
// horizontal (h2v1), 2:1 both ways (h2v2) and 2:1 vertical (h1v2) ratios,
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
func (u *upsampler) row(y, w int, buf []uint8, sum []int32) []uint8 {
	switch u.method {
	case upCopy:
		return u.plane[y*u.stride : y*u.stride+w]
	case upH2V1:
		h2v1(buf[:w], u.plane[y*u.stride:y*u.stride+u.w])
	case upH1V2:
		near, far := u.rows2(y)
		h1v2(buf[:w], near, far, int32(1+y&1))
	case upH2V2:
		near, far := u.rows2(y)
		h2v2(buf[:w], near[:u.w], far[:u.w], sum[:u.w])
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

// h2v1 doubles in (the real samples of one row, at least 3) horizontally
// into out, which holds 2*len(in) or 2*len(in)-1 samples: out[2i] =
// (3 in[i] + in[i-1] + 1) >> 2, out[2i+1] = (3 in[i] + in[i+1] + 2) >> 2,
// the first and last outputs copying the edge samples.
func h2v1(out, in []uint8) {
	n := len(in)
	out[0] = in[0]
	out[1] = uint8((3*int32(in[0]) + int32(in[1]) + 2) >> 2)
	// interior: walk a window of three samples and an advancing output
	// slice, which keeps the loop free of bounds checks
	dst := out[2 : 2*n-2]
	prev, cur := int32(in[0]), int32(in[1])
	for _, v := range in[2:] {
		next := int32(v)
		if len(dst) < 2 {
			break
		}
		s := 3 * cur
		dst[0] = uint8((s + prev + 1) >> 2)
		dst[1] = uint8((s + next + 2) >> 2)
		dst = dst[2:]
		prev, cur = cur, next
	}
	out[2*n-2] = uint8((3*int32(in[n-1]) + int32(in[n-2]) + 1) >> 2)
	if len(out) > 2*n-1 {
		out[2*n-1] = in[n-1]
	}
}

// h1v2 computes one output row between the nearer and the farther input
// rows; the bias is 1 for the upper row of a pair and 2 for the lower.
func h1v2(out, near, far []uint8, bias int32) {
	near, far = near[:len(out)], far[:len(out)]
	for i := range out {
		out[i] = uint8((3*int32(near[i]) + int32(far[i]) + bias) >> 2)
	}
}

// h2v2 computes one output row from the nearer and farther input rows
// (the real samples only, at least 3): vertical sums 3*near+far, then the
// horizontal triangle with biases 8 and 7, the edge sums standing in for
// the missing neighbours. out holds 2*len(near) or one fewer samples.
func h2v2(out, near, far []uint8, sum []int32) {
	n := len(near)
	far, sum = far[:n], sum[:n]
	for i := range sum {
		sum[i] = 3*int32(near[i]) + int32(far[i])
	}
	out[0] = uint8((4*sum[0] + 8) >> 4)
	out[1] = uint8((3*sum[0] + sum[1] + 7) >> 4)
	dst := out[2 : 2*n-2]
	prev, cur := sum[0], sum[1]
	for _, next := range sum[2:] {
		if len(dst) < 2 {
			break
		}
		s := 3 * cur
		dst[0] = uint8((s + prev + 8) >> 4)
		dst[1] = uint8((s + next + 7) >> 4)
		dst = dst[2:]
		prev, cur = cur, next
	}
	out[2*n-2] = uint8((3*sum[n-1] + sum[n-2] + 8) >> 4)
	if len(out) > 2*n-1 {
		out[2*n-1] = uint8((4*sum[n-1] + 7) >> 4)
	}
}

// replicate repeats each input sample hx times.
func replicate(out, in []uint8, hx int) {
	for i := range out {
		out[i] = in[i/hx]
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
