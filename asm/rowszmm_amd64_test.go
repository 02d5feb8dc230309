//go:build !purego

package asm

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime/debug"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
	"github.com/klauspost/cpuid/v2"
)

// rowsKernel is the type of the ResampleRows kernels' assembly.
type rowsKernel = func(dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16)

// TestRowsZMMChoice checks which CPUs get the ZMM ResampleRows kernels:
// AMD from family 1Ah with AVX512_VNNI only.
func TestRowsZMMChoice(t *testing.T) {
	for _, c := range []struct {
		vendor cpuid.Vendor
		family int
		vnni   bool
		want   bool
	}{
		{cpuid.AMD, 0x1a, true, true},
		{cpuid.AMD, 0x1a, false, false},
		{cpuid.AMD, 0x19, true, false},
		{cpuid.Intel, 6, true, false},
	} {
		fake := cpuid.CPU
		fake.VendorID, fake.Family = c.vendor, c.family
		if c.vnni {
			fake.Enable(cpuid.AVX512VNNI)
		} else {
			fake.Disable(cpuid.AVX512VNNI)
		}
		if got := rowsZMM(&fake); got != c.want {
			t.Errorf("vendor %v family %#x VNNI %v: ZMM kernels %v, want %v", c.vendor, c.family, c.vnni, got, c.want)
		}
	}
	var tab Table
	useRowsZMM(&tab, false)
	if tab.ResampleRows3 != nil || tab.ResampleRows4 != nil {
		t.Error("useRowsZMM(false) changed the table")
	}
	// The table as init left it: the ZMM kernels exactly where rowsZMM
	// says.
	ptr := func(f any) uintptr { return reflect.ValueOf(f).Pointer() }
	useRowsZMM(&tab, true)
	if ptr(tab.ResampleRows3) != ptr(resampleRows3ZMM) || ptr(tab.ResampleRows4) != ptr(resampleRows4ZMM) {
		t.Error("useRowsZMM(true) did not put the ZMM kernels in")
	}
	zmm := ptr(avx512Table.ResampleRows3) == ptr(resampleRows3ZMM) && ptr(avx512Table.ResampleRows4) == ptr(resampleRows4ZMM)
	if want := rowsZMM(cpu); zmm != want {
		t.Errorf("this CPU (vendor %v, family %#x): the AVX-512 table's ResampleRows are the ZMM kernels: %v, want %v", cpu.VendorID, cpu.Family, zmm, want)
	}
}

// TestResampleRowsAVX512Variants holds both AVX-512 ResampleRows kernels,
// ZMM and YMM, to AVX2's byte for byte on random windows, weight halves,
// strides and row counts (the kernels' own tests run whichever the table
// holds on this CPU against the specification; this covers the other).
// The source ends at the last row's last pixel, so RGB's exact path runs,
// and the bytes between and after the destination rows must stay.
func TestResampleRowsAVX512Variants(t *testing.T) {
	if !cpuid.CPU.Supports(features("avx512")...) || !cpuid.CPU.Supports(cpuid.AVX512VNNI) {
		t.Skip("no AVX-512 with VNNI")
	}
	kernels := map[int][3]rowsKernel{
		3: {resampleRows3AVX2, resampleRows3AVX512, resampleRows3AVX512ZMM},
		4: {resampleRows4AVX2, resampleRows4AVX512, resampleRows4AVX512ZMM},
	}
	r := rand.New(rand.NewPCG(5, 12))
	for i := range 3000 {
		ch := 3 + i%2
		rows := r.IntN(10)
		in := 1 + r.IntN(300)
		out := r.IntN(40)
		if i%50 == 0 {
			out = r.IntN(2000)
		}
		srcStride, dstStride := in*ch+r.IntN(8), out*ch+r.IntN(8)
		var bounds []int32
		maxTaps := []int{1, 2, 3, 4, 5, 8, 9, 17, 33, 300}[r.IntN(10)]
		for range out {
			first := r.IntN(in)
			n := r.IntN(min(in-first, maxTaps) + 1)
			bounds = append(bounds, int32(first), int32(n))
		}
		k := randomHalves(r, bounds)
		srcLen := 0
		if rows > 0 {
			srcLen = (rows-1)*srcStride + in*ch
		}
		src := make([]uint8, srcLen)
		for j := range src {
			src[j] = uint8(r.Uint32())
		}
		dstLen := 0
		if rows > 0 {
			dstLen = (rows-1)*dstStride + out*ch
		}
		var want []uint8
		for v, f := range kernels[ch] {
			dst := bytes.Repeat([]uint8{0xa5}, dstLen+16)
			f(dst[:dstLen], dstStride, src, srcStride, rows, bounds, k)
			if v == 0 {
				want = dst
				continue
			}
			if !bytes.Equal(dst, want) {
				t.Fatalf("case %d, ResampleRows%d variant %d, %d rows of %d outputs from %d pixels (strides %d, %d): differs from AVX2's",
					i, ch, v, rows, out, in, dstStride, srcStride)
			}
		}
	}
}

// randomHalves returns random weight halves for the windows bounds in
// ResampleRows' layout, an odd window's last group with a zero second
// weight as the contract has it; half of the halves are small, so that
// not every sum saturates.
func randomHalves(r *rand.Rand, bounds []int32) []int16 {
	var k []int16
	for x := 1; x < len(bounds); x += 2 {
		n := int(bounds[x])
		for j := 0; j < n; j += 2 {
			var g [4]int16
			for i := range g {
				g[i] = int16(r.Uint32())
				if r.IntN(2) == 0 {
					g[i] >>= 8
				}
			}
			if j+1 == n {
				g[1], g[3] = 0, 0
			}
			k = append(k, g[:]...)
		}
	}
	return k
}

// TestResampleRowsAVX512Fenced runs the three ResampleRows versions on
// sources flush against a PROT_NONE page, after it or before it, with
// windows that reach the first and the last pixel of every row: a read
// outside the source faults. The bytes must be AVX2's.
func TestResampleRowsAVX512Fenced(t *testing.T) {
	if !cpuid.CPU.Supports(features("avx512")...) || !cpuid.CPU.Supports(cpuid.AVX512VNNI) {
		t.Skip("no AVX-512 with VNNI")
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	r := rand.New(rand.NewPCG(7, 3))
	fs := testkit.NewFence(t)
	for _, ch := range []int{3, 4} {
		kernels := map[int][]rowsKernel{
			3: {resampleRows3AVX512, resampleRows3AVX512ZMM},
			4: {resampleRows4AVX512, resampleRows4AVX512ZMM},
		}[ch]
		avx2 := map[int]rowsKernel{3: resampleRows3AVX2, 4: resampleRows4AVX2}[ch]
		for _, in := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 60} {
			for _, rows := range []int{1, 3, 4, 5, 8} {
				var bounds []int32
				for _, w := range [][2]int{{0, in}, {in - 1, 1}, {max(in-2, 0), min(2, in)}, {max(in-3, 0), min(3, in)}, {max(in-5, 0), min(5, in)}, {max(in-8, 0), min(8, in)}} {
					bounds = append(bounds, int32(w[0]), int32(w[1]))
				}
				k := randomHalves(r, bounds)
				out := len(bounds) / 2
				plain := make([]uint8, rows*in*ch)
				for i := range plain {
					plain[i] = uint8(r.Uint32())
				}
				want := make([]uint8, rows*out*ch)
				avx2(want, out*ch, plain, in*ch, rows, bounds, k)
				for _, atEnd := range []bool{true, false} {
					src := testkit.Place(fs, len(plain), atEnd, uint8(0))
					copy(src, plain)
					for v, f := range kernels {
						dst := make([]uint8, len(want))
						f(dst, out*ch, src, in*ch, rows, bounds, k)
						if !bytes.Equal(dst, want) {
							t.Fatalf("ResampleRows%d variant %d, %d rows of %d pixels, at end %v: got %v, want %v", ch, v, rows, in, atEnd, dst, want)
						}
					}
				}
			}
		}
	}
}

// BenchmarkResampleRowsVariants times AVX2's ResampleRows3 and both
// AVX-512 versions (YMM and ZMM) on the horizontal pass of a 2560x1600
// RGB image shrunk to 320 columns, windows of 8 to 49 taps (box to
// lanczos at 8x), so that rowsZMM's choice can be checked on other CPUs:
// run with -cpu 1 and compare the variants of each size (benchstat).
func BenchmarkResampleRowsVariants(b *testing.B) {
	if !cpuid.CPU.Supports(features("avx512")...) || !cpuid.CPU.Supports(cpuid.AVX512VNNI) {
		b.Skip("no AVX-512 with VNNI")
	}
	const in, out, rows, ch = 2560, 320, 1600, 3
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]uint8, rows*in*ch)
	for i := range src {
		src[i] = uint8(r.Uint32())
	}
	dst := make([]uint8, rows*out*ch)
	for _, taps := range []int{8, 17, 33, 49} {
		var bounds []int32
		for x := range out {
			first := max(0, 8*x+4-taps/2)
			n := min(taps, in-first)
			bounds = append(bounds, int32(first), int32(n))
		}
		k := randomHalves(r, bounds)
		for _, v := range []struct {
			name string
			f    rowsKernel
		}{{"avx2", resampleRows3AVX2}, {"avx512-ymm", resampleRows3AVX512}, {"avx512-zmm", resampleRows3AVX512ZMM}} {
			b.Run(fmt.Sprintf("taps%d/%s", taps, v.name), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					v.f(dst, out*ch, src, in*ch, rows, bounds, k)
				}
			})
		}
	}
}
