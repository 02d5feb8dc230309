package kernels

// Float32To64 sets dst[i] = float64(src[i]) (exact).
func Float32To64(dst []float64, src []float32) {
	checkLen2("Float32To64", "dst,src", len(dst), len(src))
	checkAlias("Float32To64", dst, src)
	fixed().Float32To64(dst, src)
}

// Float64To32 sets dst[i] = float32(src[i]), rounding to nearest even;
// values beyond float32's range become ±Inf, as in Go.
func Float64To32(dst []float32, src []float64) {
	checkLen2("Float64To32", "dst,src", len(dst), len(src))
	checkAlias("Float64To32", dst, src)
	fixed().Float64To32(dst, src)
}

// Uint8ToFloat32 sets dst[i] = float32(src[i])*scale + offset, the product
// rounded before the sum on every ISA. It is the image-to-tensor step:
// scale 1/255 and offset 0 map bytes to [0, 1]; per-channel normalisation
// (x/255 - mean)/std is scale 1/(255*std), offset -mean/std.
func Uint8ToFloat32(dst []float32, src []uint8, scale, offset float32) {
	checkLen2("Uint8ToFloat32", "dst,src", len(dst), len(src))
	checkAlias("Uint8ToFloat32", dst, src)
	fixed().Uint8ToFloat32(dst, src, scale, offset)
}

// Float32ToUint8 sets dst[i] to src[i] rounded half to even and saturated
// to 0..255; NaN becomes 0, -Inf 0 and +Inf 255.
func Float32ToUint8(dst []uint8, src []float32) {
	checkLen2("Float32ToUint8", "dst,src", len(dst), len(src))
	checkAlias("Float32ToUint8", dst, src)
	fixed().Float32ToUint8(dst, src)
}
