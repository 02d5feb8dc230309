package parallel

import "github.com/hotloop/hotloop/kernels"

// The conversions follow the elementwise kernels: same checks as kernels,
// serial below mapMin elements, chunks of at least mapChunk above, the
// same bits as kernels either way.

// Float32To64 sets dst[i] = float64(src[i]) (exact). It panics when the
// lengths differ or dst and src overlap.
func Float32To64(dst []float64, src []float32) {
	convert(auto, "Float32To64", kernels.Float32To64, dst, src)
}

// Float64To32 sets dst[i] = float32(src[i]), rounding to nearest even;
// values beyond float32's range become ±Inf. It panics when the lengths
// differ or dst and src overlap.
func Float64To32(dst []float32, src []float64) {
	convert(auto, "Float64To32", kernels.Float64To32, dst, src)
}

// Float32ToUint8 sets dst[i] to src[i] rounded half to even and saturated
// to 0..255; NaN becomes 0, -Inf 0 and +Inf 255. It panics when the lengths
// differ or dst and src overlap.
func Float32ToUint8(dst []uint8, src []float32) {
	convert(auto, "Float32ToUint8", kernels.Float32ToUint8, dst, src)
}

// Uint8ToFloat32 sets dst[i] = float32(src[i])*scale + offset, the product
// rounded before the sum, as kernels.Uint8ToFloat32 (the image-to-tensor
// step). It panics when the lengths differ or dst and src overlap.
func Uint8ToFloat32(dst []float32, src []uint8, scale, offset float32) {
	uint8ToFloat32(auto, dst, src, scale, offset)
}

func uint8ToFloat32(w int, dst []float32, src []uint8, scale, offset float32) {
	sameLen2("Uint8ToFloat32", "dst,src", len(dst), len(src))
	noPartialOverlap("Uint8ToFloat32", dst, src)
	if len(dst) < mapMin {
		kernels.Uint8ToFloat32(dst, src, scale, offset)
		return
	}
	overElements(len(dst), w, func(lo, hi int) { kernels.Uint8ToFloat32(dst[lo:hi], src[lo:hi], scale, offset) })
}

func convert[D, S any](w int, op string, kernel func([]D, []S), dst []D, src []S) {
	sameLen2(op, "dst,src", len(dst), len(src))
	noPartialOverlap(op, dst, src)
	if len(dst) < mapMin {
		kernel(dst, src)
		return
	}
	overElements(len(dst), w, func(lo, hi int) { kernel(dst[lo:hi], src[lo:hi]) })
}
