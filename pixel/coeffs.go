package pixel

import (
	"math"
	"sync"

	"github.com/hotloop/hotloop/kernels"
)

// precisionBits is the fixed-point precision of Pillow's 8-bit resampling
// coefficients: 32 bits less 8 for the pixel and 2 for the sign and
// headroom of the sums.
const precisionBits = 32 - 8 - 2

// coeffs are the fixed-point weights of one axis of a resize: output
// pixel i reads n[i] source pixels from first[i], weighted k[i*size:].
type coeffs struct {
	size  int // weights per output pixel (the widest window)
	first []int
	n     []int
	k     []int32

	// The same windows in the layouts of the horizontal pass's kernels
	// (kernels.ResampleRows).
	rows *kernels.ResampleWeights
}

// axisKey identifies an axis's coefficients: they depend on nothing else,
// so a batch of same-sized images computes them once.
type axisKey struct {
	in, out int
	lo, hi  float64
	filter  Filter
}

// coeffCache holds recently used coefficients, at most coeffCacheMax
// entries and coeffCacheBytes of weights: it is cleared when either would
// be exceeded, and a single axis larger than the byte bound is computed
// but not kept. So its memory is bounded however many sizes a program
// resizes between, and however large.
var (
	coeffMu     sync.Mutex
	coeffCache  = map[axisKey]*coeffs{}
	coeffCached int // bytes of weights and bounds in coeffCache
)

const (
	coeffCacheMax   = 64
	coeffCacheBytes = 16 << 20
)

// bytes returns the memory c holds: the weights, and in the kernels'
// layouts their copy, their 16-bit halves and the windows' bounds.
func (c *coeffs) bytes() int { return 4*len(c.k) + 8*len(c.k) + 24*len(c.first) }

// axisCoeffs returns the coefficients of resizing the source interval
// [lo, lo+width) of an axis of in pixels to out pixels.
func axisCoeffs(in, out int, lo, width float64, f Filter) *coeffs {
	key := axisKey{in, out, lo, width, f}
	coeffMu.Lock()
	c, ok := coeffCache[key]
	coeffMu.Unlock()
	if ok {
		return c
	}
	c = computeCoeffs(in, out, lo, width, filters[f])
	if c.bytes() > coeffCacheBytes {
		return c
	}
	coeffMu.Lock()
	if len(coeffCache) >= coeffCacheMax || coeffCached+c.bytes() > coeffCacheBytes {
		clear(coeffCache)
		coeffCached = 0
	}
	if _, dup := coeffCache[key]; !dup {
		coeffCache[key] = c
		coeffCached += c.bytes()
	}
	coeffMu.Unlock()
	return c
}

// computeCoeffs follows Pillow's precompute_coeffs and
// normalize_coeffs_8bpc operation for operation: the window of output
// pixel i is centred at lo + (i+0.5)*scale and spans support*filterscale
// source pixels each way (rounded, clipped to the image); the weights are
// the filter at (j - centre + 0.5)/filterscale, normalised to sum to 1,
// then scaled by 2^22 and rounded half away from zero.
//
// Every product that meets an addition is converted to float64 explicitly:
// Go may otherwise fuse the two into one FMA (it does on arm64), rounding
// once where Pillow, built for x86-64 without FMA, rounds twice, and a
// window bound or weight could then differ.
func computeCoeffs(in, out int, lo, width float64, f filterDef) *coeffs {
	scale := width / float64(out)
	filterscale := max(scale, 1)
	support := f.support * filterscale
	size := int(math.Ceil(support))*2 + 1
	c := &coeffs{size: size, first: make([]int, out), n: make([]int, out), k: make([]int32, out*size)}
	w := make([]float64, size)
	for i := 0; i < out; i++ {
		center := lo + float64((float64(i)+0.5)*scale)
		ss := 1 / filterscale
		xmin := max(int(center-support+0.5), 0) // int() truncates, as C's cast
		xmax := min(int(center+support+0.5), in) - xmin
		sum := 0.0
		for x := 0; x < xmax; x++ {
			w[x] = f.weight(float64((float64(x+xmin) - center + 0.5) * ss))
			sum += w[x]
		}
		for x := 0; x < xmax; x++ {
			if sum != 0 {
				w[x] /= sum
			}
			if w[x] < 0 {
				c.k[i*size+x] = int32(-0.5 + float64(w[x]*(1<<precisionBits)))
			} else {
				c.k[i*size+x] = int32(0.5 + float64(w[x]*(1<<precisionBits)))
			}
		}
		c.first[i], c.n[i] = xmin, max(xmax, 0)
	}
	bounds := make([]int32, 2*out)
	var packed []int32
	for i := range out {
		bounds[2*i], bounds[2*i+1] = int32(c.first[i]), int32(c.n[i])
		packed = append(packed, c.k[i*size:i*size+c.n[i]]...)
	}
	c.rows = kernels.NewResampleWeights(bounds, packed)
	return c
}

// clip8 turns a fixed-point sum into a byte as Pillow does: the sum
// started at half a unit, so the shift rounds.
func clip8(v int32) uint8 {
	if v >= 1<<precisionBits<<8 {
		return 255
	}
	if v <= 0 {
		return 0
	}
	return uint8(v >> precisionBits)
}
