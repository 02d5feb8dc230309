// Command avx2 generates hotloop's AVX2+FMA kernels with avo: the assembly
// (-out), its Go declarations (-stubs) and the Go file that puts them, behind
// length checks, into asm.AVX2's table (-table).
//
// One loop covers both float types; each kernel body is written once
// against a width (packed YMM or scalar XMM) and emitted for the vector
// loop and the scalar tail alike.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"regexp"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
)

// isa is this generator's entry in the registry's ISA table.
var isa = registry.LookupISA("avx2")

var tablePath = flag.String("table", "", "write the Go table file here")

// emitters are the AVX2 kernels, declared beside their code.
var emitters = spec.Emitters[func(elem), func()]{
	PerType: spec.Merge(elementwiseKernels, reduceKernels, searchKernels),
	Fixed:   spec.Merge(convertKernels, pixelKernels, unfilterKernels, resampleKernels, blockKernels, rowKernels),
}

func main() {
	flag.Parse()
	build.ConstraintExpr("!purego")

	elems := map[string]elem{f32.Suffix: f32, f64.Suffix: f64}
	perType, fixed := x86.Declare(isa, "gen/avx2", elems)
	impls, err := spec.Walk(isa.Name, emitters, perType, fixed)
	if err != nil {
		log.Fatal(err)
	}
	build.Generate()
	if err := checkRegisters(flag.Lookup("out").Value.String()); err != nil {
		log.Fatal(err)
	}

	if err := x86.WriteTable(*tablePath, "gen/avx2", "avx2Table", isa, impls); err != nil {
		log.Fatal(err)
	}
}

// avx512Register matches registers only AVX-512 can encode. avo's allocator
// may hand them out under register pressure, and the Go assembler then
// silently emits EVEX instructions that fault on an AVX2-only CPU.
var avx512Register = regexp.MustCompile(`\b([XY](1[6-9]|2[0-9]|3[01])|Z[0-9]+|K[0-7])\b`)

func checkRegisters(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for i, line := range regexp.MustCompile("\n").Split(string(src), -1) {
		if m := avx512Register.FindString(line); m != "" {
			return fmt.Errorf("%s:%d: AVX-512 register %s in AVX2 code: reduce register pressure", path, i+1, m)
		}
	}
	return nil
}
