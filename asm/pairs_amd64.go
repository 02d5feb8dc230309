//go:build !purego

package asm

// PairsFirst reports whether the horizontal resampling pass should run the
// table of ISA name's pair-column kernels (TransposePairs<ch> and
// ResamplePairs<ch>, eight rows at a time) rather than its ResampleRows
// kernels where windows overlap (package kernels decides where): AVX2's
// table, and AVX-512's where its ResampleRows are the YMM kernels (every
// CPU but those rowsZMM names). On Zen 5, in the horizontal pass of 64
// rows shrunk 8x from 2560 pixels, the pair route took 12-33% off the
// time of AVX-512's YMM ResampleRows where windows overlap as kernels
// asks (bilinear to lanczos), while the ZMM ones took 7-51% off the pair
// route's in every shrink; the pair route wins over those only when
// enlarging RGB (7-15% off), left alone.
func PairsFirst(name string) bool {
	switch name {
	case "avx2":
		return true
	case "avx512":
		return !rowsZMM(cpu)
	}
	return false
}
