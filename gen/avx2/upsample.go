package main

import (
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
)

// ymm is the AVX2 width of the kernels written once in gen/internal/x86.
var ymm = x86.Width{Lanes: 16, NewVec: build.YMM, Or: build.VPOR, Store: build.VMOVDQU}

// upsampleKernel emits UpsampleH2V1 (v2 false) or UpsampleH2V2 (x86.Upsample).
func upsampleKernel(v2 bool) { x86.Upsample(v2, ymm) }
