//go:build !purego

package asm

import (
	"reflect"
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

// TestAVX512KernelNeeds proves the kernels whose AVX-512 version needs
// VBMI run AVX2's version on a CPU without it (this CPU with VBMI masked
// off) and still compute the same bytes.
func TestAVX512KernelNeeds(t *testing.T) {
	var swapped Table
	withCPU(t, []string{"AVX512VBMI"}, func() {
		swapped = avx512Table
		avx512TableNeeds(&swapped)
	})
	same := reflect.ValueOf(swapped.RGBToGray).Pointer() == reflect.ValueOf(avx512Table.RGBToGray).Pointer()
	switch hasVBMI := supports("AVX512VBMI"); {
	case hasVBMI && same:
		t.Fatal("RGBToGray kept its VBMI version on a CPU without VBMI")
	case !hasVBMI && !same:
		// This CPU lacks VBMI: init must already have swapped it.
		t.Fatal("the avx512 table's RGBToGray is not the fallback on this CPU without VBMI")
	}
	if reflect.ValueOf(swapped.RGBAToGray).Pointer() != reflect.ValueOf(avx512Table.RGBAToGray).Pointer() {
		t.Fatal("RGBAToGray, which needs no VBMI, was swapped")
	}
	if AVX512 == nil {
		t.Skip("no AVX-512 here: the fallbacks' results cannot be compared")
	}
	src := make([]uint8, 3*77)
	for i := range src {
		src[i] = uint8(i * 37)
	}
	want, got := make([]uint8, 77), make([]uint8, 77)
	avx512Table.RGBToGray(want, src)
	swapped.RGBToGray(got, src)
	if string(got) != string(want) {
		t.Fatalf("AVX2 fallback RGBToGray %v, AVX-512 %v", got, want)
	}
}
