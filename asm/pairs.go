//go:build !purego

package asm

import "github.com/klauspost/cpuid/v2"

// PairsFirst reports whether the horizontal resampling pass should run the
// table of ISA name's pair-column kernels (TransposePairs<ch> and
// ResamplePairs<ch>, eight rows at a time) rather than its ResampleRows
// kernels where windows overlap (package kernels decides where): AVX2's
// table, and AVX-512's on CPUs without AVX512_VNNI, whose ResampleRows
// are AVX2's. With VNNI, AVX-512's own ResampleRows (one VPDPWSSD per
// multiply-add, and on Zen 5 four rows per ZMM) measured 10-20% faster
// than the pair kernels in AVX2's instructions on the bicubic shrink of a
// 2560x1600 RGB image (Zen 5).
func PairsFirst(name string) bool {
	switch name {
	case "avx2":
		return true
	case "avx512":
		return !cpu.Supports(cpuid.AVX512VNNI)
	}
	return false
}
