//go:build !purego

package asm

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
)

// TestElementwiseKernelsStream holds the generated x86 assembly to the
// registry's Streams flags: every elementwise kernel and conversion with
// the flag, for each type and ISA, compares its output size with
// streamBytes and has a non-temporal store loop ending in SFENCE; those
// without (Axpy, whose output is an input, Float32ToUint8, the pixel
// conversions) have none. The streaming loop computes what the ordinary
// one does, so the kernels' result tests (kernels.TestElementwiseStreaming)
// would pass without it; this test is what fails when a generator change
// drops it, or when package parallel would size chunks for streaming that
// does not happen.
func TestElementwiseKernelsStream(t *testing.T) {
	streams := map[string]bool{} // assembly name without ISA: whether it streams
	for _, k := range registry.Kernels {
		if k.Shape != registry.Elementwise && k.Shape != registry.Conversion || !k.Table {
			continue
		}
		name := strings.ToLower(k.Name) // the assembly's names differ in case (rgbaToGray)
		if !k.PerType {
			streams[name] = k.Streams
			continue
		}
		for _, typ := range registry.Floats {
			streams[name+strings.ToLower(typ.Suffix)] = k.Streams
		}
	}
	for _, file := range []struct{ path, suffix string }{{"avx2_amd64.s", "AVX2"}, {"avx512_amd64.s", "AVX512"}} {
		src, err := os.ReadFile(file.path)
		if err != nil {
			t.Fatal(err)
		}
		funcs := splitTexts(string(src))
		for base, want := range streams {
			name := base + strings.ToLower(file.suffix)
			body, ok := funcs[name]
			if !ok {
				t.Errorf("%s: no TEXT ·%s", file.path, name)
				continue
			}
			for _, part := range []string{"·streamBytes+0(SB)", "VMOVNTPS", "SFENCE"} {
				if has := strings.Contains(body, part); has != want {
					t.Errorf("%s: %s has %s: %v, want %v", file.path, name, part, has, want)
				}
			}
		}
	}
}

var textRE = regexp.MustCompile(`(?m)^TEXT ·(\w+)\(SB\)`)

// splitTexts maps the lower-case name of each function of an assembly
// file to its text.
func splitTexts(src string) map[string]string {
	funcs := map[string]string{}
	locs := textRE.FindAllStringSubmatchIndex(src, -1)
	for i, loc := range locs {
		end := len(src)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		funcs[strings.ToLower(src[loc[2]:loc[3]])] = src[loc[0]:end]
	}
	return funcs
}

// TestReductionsStreamHalves checks that AVX-512's accumulating
// reductions have the loop of YMM halves taken from streamBytes of input
// (gen/avx512/reduce.go): it gives the same bits as the ZMM loop, so
// kernels.TestReductionsStreamSameBits passes with or without it.
func TestReductionsStreamHalves(t *testing.T) {
	src, err := os.ReadFile("avx512_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	funcs := splitTexts(string(src))
	for _, k := range []string{"sum", "dot", "sumSquares", "sumSquaredDiff"} {
		for _, typ := range []string{"F32", "F64"} {
			name := k + typ + "AVX512"
			body := funcs[strings.ToLower(name)]
			for _, want := range []string{"·streamBytes+0(SB)", "halves_blocks:", "VINSERTF64X4"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s lacks %s", name, want)
				}
			}
		}
	}
}
