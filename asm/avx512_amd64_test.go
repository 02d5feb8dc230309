//go:build !purego

package asm

import (
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/klauspost/cpuid/v2"
)

// withCPU runs f with the CPU the tables are offered for replaced by a
// copy of this one lacking the named cpuid features.
func withCPU(t *testing.T, lacking []string, f func()) {
	t.Helper()
	fake := cpuid.CPU
	fake.Disable(parseFeatures("test", lacking)...)
	prev := cpu
	cpu = &fake
	defer func() { cpu = prev }()
	f()
}

// TestAVX512NeverWithoutFeature proves the avx512 table is not enabled on
// a CPU that lacks any one of the registry's AVX-512 features (this CPU
// with that feature masked off), and is on this CPU when it has them all.
// qemu's TCG has no AVX-512, so the emulated runs check the real absence.
func TestAVX512NeverWithoutFeature(t *testing.T) {
	prev := AVX512
	defer func() { AVX512 = prev }()
	features := registry.LookupISA("avx512").Features
	for _, f := range features {
		withCPU(t, []string{f}, func() {
			AVX512 = nil
			offer("avx512", &avx512Table)
			if AVX512 != nil {
				t.Errorf("avx512 enabled on a CPU without %s", f)
			}
		})
	}
	AVX512 = nil
	offer("avx512", &avx512Table)
	if has := cpuid.CPU.Supports(parseFeatures("test", features)...); has != (AVX512 != nil) {
		t.Errorf("CPU has %v: %v, but the avx512 table is enabled: %v", features, has, AVX512 != nil)
	}
	if ForISA("avx512") != AVX512 {
		t.Error("ForISA(avx512) is not asm.AVX512")
	}
}
