package bench

import (
	"fmt"
	"testing"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/parallel"
)

// BenchmarkFusion compares three ways to run bytes → x/255*2-1 over n
// elements: three serial kernels one after the other, their three
// parallel twins one after the other (three passes, each split across the
// cores), and one parallel.For whose chunks run all three kernels (loop
// fusion, what numba does to consecutive array expressions: one pass,
// each chunk still in cache for the second and third kernel).
func BenchmarkFusion(b *testing.B) {
	for _, n := range []int{256 << 10, 4 << 20} {
		src := make([]uint8, n)
		for i := range src {
			src[i] = uint8(i * 7)
		}
		dst := make([]float32, n)
		b.Run(fmt.Sprintf("%dK/serial-3-passes", n>>10), func(b *testing.B) {
			b.SetBytes(int64(n) * 5)
			sw := startSweep(b) // not b.Loop: see cpusweep_test.go
			for range b.N {
				kernels.Uint8ToFloat32(dst, src, 1.0/255, 0)
				kernels.Scale(dst, dst, 2)
				kernels.AddConst(dst, dst, -1)
			}
			sw.stop(b)
		})
		b.Run(fmt.Sprintf("%dK/parallel-3-passes", n>>10), func(b *testing.B) {
			b.SetBytes(int64(n) * 5)
			sw := startSweep(b) // not b.Loop: see cpusweep_test.go
			for range b.N {
				parallel.Uint8ToFloat32(dst, src, 1.0/255, 0)
				parallel.Scale(dst, dst, 2)
				parallel.AddConst(dst, dst, -1)
			}
			sw.stop(b)
		})
		b.Run(fmt.Sprintf("%dK/parallel-fused", n>>10), func(b *testing.B) {
			b.SetBytes(int64(n) * 5)
			sw := startSweep(b) // not b.Loop: see cpusweep_test.go
			for range b.N {
				parallel.For(n, func(lo, hi int) {
					d := dst[lo:hi]
					kernels.Uint8ToFloat32(d, src[lo:hi], 1.0/255, 0)
					kernels.Scale(d, d, 2)
					kernels.AddConst(d, d, -1)
				}, parallel.Grain(16<<10))
			}
			sw.stop(b)
		})
	}
}
