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

// VPDPWSSD is AVX512_VNNI's: on CPUs without it ResampleRows runs AVX2's
// version.
func init() {
	for _, ch := range registry.ResampleRowsChannels {
		needs[registry.ResampleRowsName(ch)] = []string{"AVX512VNNI"}
	}
}
