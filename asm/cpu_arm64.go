//go:build !purego

package asm

import "github.com/klauspost/cpuid/v2"

func init() {
	// Advanced SIMD is architecturally required on arm64, but ask anyway:
	// the table is only ever non-nil on a CPU that reports it.
	if cpuid.CPU.Supports(cpuid.ASIMD) {
		NEON = &neonTable
	}
}
