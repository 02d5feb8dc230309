package jpeg

// Microbenchmarks of the hot block and row functions (the candidates for
// registry kernels); the file-level comparison is bench.BenchmarkJPEG.

import (
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

func BenchmarkRowH2V2(b *testing.B) {
	near, far := make([]uint8, 750), make([]uint8, 750)
	for i := range near {
		near[i], far[i] = uint8(i*7), uint8(i*13)
	}
	out := make([]uint8, 1500)
	b.SetBytes(1500)
	for b.Loop() {
		kernels.UpsampleH2V2(out, near, far)
	}
}

func BenchmarkRowYCC(b *testing.B) {
	y, cb, cr := make([]uint8, 1500), make([]uint8, 1500), make([]uint8, 1500)
	for i := range y {
		y[i], cb[i], cr[i] = uint8(i*7), uint8(i*13), uint8(i*5)
	}
	dst := make([]uint8, 4500)
	b.SetBytes(1500)
	for b.Loop() {
		kernels.YCbCrToRGB(dst, y, cb, cr)
	}
}

func BenchmarkIDCT8(b *testing.B) {
	var blk [64]int32
	for i := range blk {
		blk[i] = int32((i*37)%61-30) * 4 // every coefficient non-zero
	}
	dst := make([]uint8, 8*64)
	for b.Loop() {
		kernels.IDCT(dst, 64, blk[:])
	}
}
