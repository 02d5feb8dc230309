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

// TestAVX512VNNINeeds proves the resampling kernels whose AVX-512 version
// uses VNNI's VPDPWSSD (ResampleRow and ResampleRows, RGB and RGBA) run
// AVX2's version on a CPU without it (this CPU with VNNI masked off), and
// that ResampleRows' two versions compute the same bytes.
func TestAVX512VNNINeeds(t *testing.T) {
	var swapped Table
	withCPU(t, []string{"AVX512VNNI"}, func() {
		swapped = avx512Table
		avx512TableNeeds(&swapped)
	})
	ptr := func(f any) uintptr { return reflect.ValueOf(f).Pointer() }
	hasVNNI := supports("AVX512VNNI")
	for _, k := range []struct {
		name      string
		got, want any
	}{
		{"ResampleRow3", swapped.ResampleRow3, avx512Table.ResampleRow3},
		{"ResampleRow4", swapped.ResampleRow4, avx512Table.ResampleRow4},
		{"ResampleRows3", swapped.ResampleRows3, avx512Table.ResampleRows3},
		{"ResampleRows4", swapped.ResampleRows4, avx512Table.ResampleRows4},
	} {
		if same := ptr(k.got) == ptr(k.want); hasVNNI && same {
			t.Errorf("%s kept its VNNI version on a CPU without VNNI", k.name)
		} else if !hasVNNI && !same {
			t.Errorf("the avx512 table's %s is not the fallback on this CPU without VNNI", k.name)
		}
	}
	if ptr(swapped.ResampleRow1) != ptr(avx512Table.ResampleRow1) {
		t.Error("ResampleRow1, which needs no VNNI, was swapped")
	}
	if AVX512 == nil || !hasVNNI {
		t.Skip("no AVX-512 VNNI here: the fallbacks' results cannot be compared")
	}
	// 7 rows (a pass of four, then three single rows) of 40 pixels, to 9
	// outputs of windows of 1 to 9 taps, with weights of both signs whose
	// halves are both non-zero
	const rows, in, out = 7, 40, 9
	var bounds []int32
	var halves []int16
	for x := range out {
		n := x + 1
		bounds = append(bounds, int32(3*x), int32(n))
		for j := 0; j < n; j += 2 {
			lo1, hi1 := int16(0), int16(0)
			if j+1 < n {
				lo1, hi1 = int16(-1000*j-7), int16(-j)
			}
			halves = append(halves, int16(3000*j+11), lo1, int16(j+1), hi1)
		}
	}
	for ch, fns := range map[int][2]func([]uint8, int, []uint8, int, int, []int32, []int16){
		3: {avx512Table.ResampleRows3, swapped.ResampleRows3},
		4: {avx512Table.ResampleRows4, swapped.ResampleRows4},
	} {
		src := make([]uint8, rows*in*ch)
		for i := range src {
			src[i] = uint8(i*37 + i>>5)
		}
		want, got := make([]uint8, rows*out*ch), make([]uint8, rows*out*ch)
		fns[0](want, out*ch, src, in*ch, rows, bounds, halves)
		fns[1](got, out*ch, src, in*ch, rows, bounds, halves)
		if string(got) != string(want) {
			t.Errorf("ResampleRows%d: AVX2 fallback %v, AVX-512 %v", ch, got, want)
		}
	}
}
