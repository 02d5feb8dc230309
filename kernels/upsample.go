package kernels

// UpsampleH2V1 doubles a row of chroma samples horizontally with libjpeg's
// "fancy" (triangular) filter, which Pillow's JPEG decoding uses; see
// asm.Table's contract. It panics unless len(dst) == 2*len(src).
func UpsampleH2V1(dst, src []uint8) {
	fixed().UpsampleH2V1(dst, src) // the table's wrapper checks the lengths
}

// UpsampleH2V2 computes one output row of libjpeg's "fancy" 2:1 upsampling
// in both directions from the nearer and the farther input row; see
// asm.Table's contract. It panics unless len(dst) == 2*len(near) and
// len(far) == len(near).
func UpsampleH2V2(dst, near, far []uint8) {
	fixed().UpsampleH2V2(dst, near, far)
}

// upsampleH2V1Generic is the reference: the contract's formula, with the
// edge samples standing in beyond the row.
func upsampleH2V1Generic(dst, src []uint8) {
	n := len(src)
	if len(dst) != 2*n {
		panic("hotloop: UpsampleH2V1: slice lengths differ")
	}
	for i := 0; i < n; i++ {
		c := 3 * int(src[i])
		dst[2*i] = uint8((c + int(src[max(i-1, 0)]) + 1) >> 2)
		dst[2*i+1] = uint8((c + int(src[min(i+1, n-1)]) + 2) >> 2)
	}
}

// upsampleH2V2Generic is the reference: the contract's formula on the
// column sums.
func upsampleH2V2Generic(dst, near, far []uint8) {
	n := len(near)
	if len(dst) != 2*n || len(far) != n {
		panic("hotloop: UpsampleH2V2: slice lengths differ")
	}
	s := func(i int) int { return 3*int(near[i]) + int(far[i]) }
	for i := 0; i < n; i++ {
		c := 3 * s(i)
		dst[2*i] = uint8((c + s(max(i-1, 0)) + 8) >> 4)
		dst[2*i+1] = uint8((c + s(min(i+1, n-1)) + 7) >> 4)
	}
}
