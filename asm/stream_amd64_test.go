//go:build !purego

package asm

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
)

// TestElementwiseKernelsStream checks the generated x86 assembly: every
// elementwise kernel, for each type and ISA, compares its output size with
// streamBytes and has a non-temporal store loop ending in SFENCE, except
// those whose output is also an input (Axpy's y), which must have none. The
// streaming loop computes what the ordinary one does, so the kernels'
// result tests (kernels.TestElementwiseStreaming) would pass without it;
// this test is what fails when a generator change drops it.
func TestElementwiseKernelsStream(t *testing.T) {
	for _, file := range []struct{ path, suffix string }{{"avx2_amd64.s", "AVX2"}, {"avx512_amd64.s", "AVX512"}} {
		src, err := os.ReadFile(file.path)
		if err != nil {
			t.Fatal(err)
		}
		funcs := splitTexts(string(src))
		for _, k := range registry.Kernels {
			if k.Shape != registry.Elementwise {
				continue
			}
			for _, typ := range []string{"F32", "F64"} {
				name := strings.ToLower(k.Name[:1]) + k.Name[1:] + typ + file.suffix
				body, ok := funcs[name]
				if !ok {
					t.Errorf("%s: no TEXT ·%s", file.path, name)
					continue
				}
				inPlace := false
				for _, p := range k.Params {
					inPlace = inPlace || p.In && p.Out
				}
				for _, want := range []string{"·streamBytes+0(SB)", "VMOVNTPS", "SFENCE"} {
					if has := strings.Contains(body, want); has == inPlace {
						t.Errorf("%s: %s (output also an input: %v) has %s: %v", file.path, name, inPlace, want, has)
					}
				}
			}
		}
	}
}

var textRE = regexp.MustCompile(`(?m)^TEXT ·(\w+)\(SB\)`)

// splitTexts maps each function of an assembly file to its text.
func splitTexts(src string) map[string]string {
	funcs := map[string]string{}
	locs := textRE.FindAllStringSubmatchIndex(src, -1)
	for i, loc := range locs {
		end := len(src)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		funcs[src[loc[2]:loc[3]]] = src[loc[0]:end]
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
			body := funcs[name]
			for _, want := range []string{"·streamBytes+0(SB)", "halves_blocks:", "VINSERTF64X4"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s lacks %s", name, want)
				}
			}
		}
	}
}
