//go:build !purego

package asm

import "github.com/klauspost/cpuid/v2"

// rowsZMM reports whether the AVX-512 table's ResampleRows3 and
// ResampleRows4 run gen/avx512's ZMM kernels (resampleRows<ch>AVX512ZMM:
// the four rows in one register) instead of the YMM ones the generated
// table holds (the layout of AVX2, with VPDPWSSD). Both compute the same
// bytes; which is faster depends on the vector units' width. On AMD
// family 1Ah (Zen 5, 512-bit units) the ZMM kernels took 8-20% off the
// YMM ones' time on the horizontal pass of a 2560x1600 RGB image shrunk
// 8x (windows of 8 to 49 taps, BenchmarkResampleRowsVariants and the same
// calls interleaved in one process); on family 19h (Zen 4, which runs a
// ZMM instruction as two 256-bit passes) an earlier ZMM version measured
// 7-25% slower than AVX2's kernel. The family test also takes Zen 5
// parts whose AVX-512 datapath is 256 bits wide, as Zen 4's (the mobile
// ones), and later families, none of them measured: cpuid does not tell
// the datapath's width. Intel parts are not measured, and keep the YMM
// kernels.
func rowsZMM(c *cpuid.CPUInfo) bool {
	return c.VendorID == cpuid.AMD && c.Family >= 0x1a && c.Supports(cpuid.AVX512VNNI)
}

func init() { useRowsZMM(&avx512Table, rowsZMM(cpu)) }

// useRowsZMM puts the ZMM kernels into t's ResampleRows entries when on.
func useRowsZMM(t *Table, on bool) {
	if on {
		t.ResampleRows3, t.ResampleRows4 = resampleRows3ZMM, resampleRows4ZMM
	}
}

// resampleRows3ZMM and resampleRows4ZMM are the ZMM kernels behind the
// generated wrappers' checks (named functions, so that a test can tell
// which kernel a table holds).
func resampleRows3ZMM(dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16) {
	checkResampleRows("ResampleRows3", 3, dst, dstStride, src, srcStride, rows, bounds, k)
	resampleRows3AVX512ZMM(dst, dstStride, src, srcStride, rows, bounds, k)
}

func resampleRows4ZMM(dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16) {
	checkResampleRows("ResampleRows4", 4, dst, dstStride, src, srcStride, rows, bounds, k)
	resampleRows4AVX512ZMM(dst, dstStride, src, srcStride, rows, bounds, k)
}
