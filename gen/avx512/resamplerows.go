package main

import (
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
)

// rowsKernels are ResampleRows<ch> (RGB and RGBA): x86.RowsKernel with
// AVX2's YMM layout, each VPMADDWD and VPADDD pair one VPDPWSSD
// (x86.RowsYMM with VNNI).
func rowsKernels() map[string]func() {
	return x86.RowsKernels(func(ch int) x86.RowsVec { return x86.NewRowsYMM(ch, true) })
}

// pairsKernels are ResamplePairs<ch>: AVX2's with one VPDPWSSD for each
// VPMADDWD and VPADDD pair (TransposePairs<ch> runs AVX2's version).
func pairsKernels() map[string]func() { return x86.ResamplePairsVNNI() }

// VPDPWSSD is AVX512_VNNI's: on CPUs without it ResampleRows and
// ResamplePairs run AVX2's versions.
func init() {
	for _, ch := range registry.ResampleRowsChannels {
		needs[registry.ResampleRowsName(ch)] = []string{"AVX512VNNI"}
		needs[registry.ResamplePairsName(ch)] = []string{"AVX512VNNI"}
	}
}
