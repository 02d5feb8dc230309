package kernels

import "github.com/hotloop/hotloop/internal/check"

// TensorPlane writes one channel's plane of a float tensor exactly as
// torchvision's ToTensor followed by Normalize(mean, std) computes it on
// the CPU: dst[i] = ((float32(src[i*stride]) / 255) - mean) / std, each
// operation rounded to float32 (IEEE division and subtraction, never
// fused, so every ISA gives the same bits). For an interleaved image of c
// channels, src starts at the channel's first byte and stride is c; mean
// 0 and std 1 give ToTensor alone (x - 0 and x / 1 are exact).
//
// It panics, when dst is not empty, if stride is below 1 or the bytes it
// reads do not lie within src; nothing outside the slices is read or
// written.
func TensorPlane(dst []float32, src []uint8, stride int, mean, std float32) {
	fixed().TensorPlane(dst, src, stride, mean, std) // the table's wrapper checks the stride
}

// tensorPlaneGeneric is the reference: the three operations in Go, each
// converted to float32 so that none is fused with another.
func tensorPlaneGeneric(dst []float32, src []uint8, stride int, mean, std float32) {
	check.TensorPlane("TensorPlane", len(dst), len(src), stride)
	for i := range dst {
		v := float32(src[i*stride]) / 255
		v = float32(v - mean)
		dst[i] = float32(v / std)
	}
}
