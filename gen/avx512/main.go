// Command avx512 generates hotloop's AVX-512 kernels with avo: the
// assembly (-out), its Go declarations (-stubs) and the Go file that puts
// them, behind length checks, into asm.AVX512's table (-table).
//
// AVX-512 extends AVX2: every registered kernel this generator has no
// emitter for runs AVX2's version from the AVX-512 table (spec.WalkFallback),
// so a kernel added to the registry later needs no work here, and a kernel
// whose AVX-512 version needs a feature beyond the ISA's (VBMI's byte
// permutes, VNNI's VPDPWSSD; see needs) runs AVX2's version on CPUs
// without it.
//
// Loops run whole ZMM registers and finish with one masked step instead of
// a scalar loop (see Tail and step in loop.go): a kernel body is written
// once against a vec, full or masked, and emitted for both.
//
// What is the same at both widths (the slices' addressing and the vector
// loops' control flow, the kernel names, the skeletons and shared steps of
// the reductions, searches, pixel and resampling kernels) is written once
// in gen/internal/x86 and shared with gen/avx2; this package adds the
// masked tail and the bodies that differ (ZMM, opmasks, VPERMB, VNNI,
// VPMOVDB/VPMOVWB narrowing).
package main

import (
	"flag"
	"log"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
)

// isa is this generator's entry in the registry's ISA table; fallback the
// ISA whose kernels fill its gaps.
var (
	isa      = registry.LookupISA("avx512")
	fallback = registry.LookupISA(isa.Extends)
)

var tablePath = flag.String("table", "", "write the Go table file here")

// emitters are the AVX-512 kernels, declared beside their code.
var emitters = spec.Emitters[func(elem), func()]{
	PerType: spec.Merge(elementwiseKernels, reduceKernels, searchKernels),
	Fixed:   spec.Merge(convertKernels, pixelKernels, resampleKernels, rowKernels),
}

// needs lists the kernels whose AVX-512 version uses instructions beyond
// F, BW, DQ and VL, with the cpuid features they need.
var needs = map[string][]string{}

func main() {
	flag.Parse()
	build.ConstraintExpr("!purego")

	elems := map[string]elem{f32.Suffix: f32, f64.Suffix: f64}
	perType, fixed := x86.Declare(isa, "gen/avx512", elems)
	impls, err := spec.WalkFallback(isa.Name, fallback.Suffix, emitters, perType, fixed)
	if err != nil {
		log.Fatal(err)
	}
	for i := range impls {
		if impls[i].Own {
			impls[i].Needs = needs[impls[i].Kernel.Name]
		}
	}
	emitRowsZMM()
	build.Generate()

	if err := x86.WriteTable(*tablePath, "gen/avx512", "avx512Table", isa, impls); err != nil {
		log.Fatal(err)
	}
}
