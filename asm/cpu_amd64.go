//go:build !purego

package asm

import "github.com/klauspost/cpuid/v2"

func init() {
	// cpuid checks that the OS saves the YMM state (XGETBV) before it
	// reports AVX2. FMA is required too: the AVX2 kernels use it.
	if cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) {
		AVX2 = &avx2Table
	}
}
