package kernels

import (
	"testing"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/testkit"
)

// lowStreamThreshold runs f with the non-temporal store threshold at its
// least, so that the elementwise kernels' streaming loop (alignment head,
// streamed blocks, then the ordinary loops for the rest) runs on outputs
// from 256 bytes: most of the test lengths and offsets.
func lowStreamThreshold(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	old := asm.SetStreamThreshold(0)
	defer asm.SetStreamThreshold(old)
	f(t)
}

// TestElementwiseStreaming is the elementwise matrix (lengths, offsets,
// guards, kinds of input, unchanged inputs, aliasing) with the streaming
// loop taken: its results must be the reference's, as on the ordinary path.
func TestElementwiseStreaming(t *testing.T) {
	lowStreamThreshold(t, func(t *testing.T) {
		forEachISA(t, func(t *testing.T) {
			for i, c := range ewCases[float32]() {
				t.Run(c.name, func(t *testing.T) {
					t.Run("float32", func(t *testing.T) { testElementwise(t, ewCases[float32]()[i]) })
					t.Run("float64", func(t *testing.T) { testElementwise(t, ewCases[float64]()[i]) })
				})
			}
			t.Run("aliasing/float32", testAliasing[float32])
			t.Run("aliasing/float64", testAliasing[float64])
		})
	})
}

// TestStreamingMisalignedOutput takes outputs whose address is not a
// multiple of the element size (a float64 slice made from bytes at an odd
// offset): the streaming loop must leave them to the ordinary loops rather
// than step towards a cache line boundary it never meets.
func TestStreamingMisalignedOutput(t *testing.T) {
	lowStreamThreshold(t, func(t *testing.T) {
		forEachISA(t, func(t *testing.T) {
			const n = 1000
			r := testkit.NewRand(9)
			a, b := make([]float64, n), make([]float64, n)
			testkit.Fill(r, a, testkit.Uniform)
			testkit.Fill(r, b, testkit.Uniform)
			for off := 1; off < 8; off++ {
				dst := misalignedFloat64s(n, off)
				Add(dst, a, b)
				for i := range dst {
					if dst[i] != a[i]+b[i] {
						t.Fatalf("offset %d: element %d = %v, want %v", off, i, dst[i], a[i]+b[i])
					}
				}
			}
		})
	})
}
