package main

import "github.com/hotloop/hotloop/gen/internal/x86"

// rowsKernels are ResampleRows<ch> (RGB and RGBA): x86.RowsKernel with
// the YMM vector part, VPMADDWD and VPADDD (x86.RowsYMM).
func rowsKernels() map[string]func() {
	return x86.RowsKernels(func(ch int) x86.RowsVec { return x86.NewRowsYMM(ch, false) })
}
