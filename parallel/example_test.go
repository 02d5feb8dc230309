package parallel_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/parallel"
)

func ExampleFor() {
	// Square a million numbers in place; each worker gets chunks of at
	// least 10,000 indices, so the body is worth the hand-off.
	xs := make([]float64, 1_000_000)
	for i := range xs {
		xs[i] = float64(i)
	}
	parallel.For(len(xs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			xs[i] *= xs[i]
		}
	}, parallel.Grain(10_000))
	fmt.Println(xs[3], xs[999_999])
	// Output: 9 9.99998000001e+11
}

func ExampleMap() {
	words := []string{"amdahl", "gustafson", "little"}
	lengths, err := parallel.Map(context.Background(), words,
		func(_ context.Context, w string) (string, error) {
			return fmt.Sprintf("%s:%d", strings.ToUpper(w), len(w)), nil
		}, parallel.Limit(40))
	fmt.Println(lengths, err)
	// Output: [AMDAHL:6 GUSTAFSON:9 LITTLE:6] <nil>
}

func ExampleSum() {
	// Sums of small integers are exact, so the result is the same whatever
	// the chunking; in general the bits depend only on the length.
	a := make([]float32, 1<<22)
	for i := range a {
		a[i] = float32(i % 10)
	}
	fmt.Println(parallel.Sum(a))
	// Output: 1.8874356e+07
}

func ExampleAmdahl() {
	// numba's prange on 2 cores: 1.98x on uint8 to float32.
	p := parallel.Amdahl(1.98, 2)
	fmt.Printf("parallel fraction %.3f, so at most %.1fx on 8 cores\n", p, parallel.AmdahlSpeedup(p, 8))
	// Output: parallel fraction 0.990, so at most 7.5x on 8 cores
}

// Loop fusion, the numba way: normalising bytes to floats, then scaling
// and shifting them, as one pass per chunk instead of three passes over
// the whole array. Each chunk stays in the core's cache between the
// kernels, where the unfused version streams the array from memory three
// times (see BenchmarkFusion in the bench module).
func ExampleFor_fusion() {
	src := make([]uint8, 1<<20)
	for i := range src {
		src[i] = uint8(i)
	}
	dst := make([]float32, len(src))
	parallel.For(len(src), func(lo, hi int) {
		d := dst[lo:hi]
		kernels.Uint8ToFloat32(d, src[lo:hi], 1.0/255, 0) // x/255
		kernels.Scale(d, d, 2)                            // *2
		kernels.AddConst(d, d, -1)                        // -1: [-1, 1]
	}, parallel.Grain(16<<10))
	fmt.Println(dst[0], dst[255])
	// Output: -1 1
}
