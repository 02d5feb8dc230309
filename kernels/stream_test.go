package kernels

import (
	"math"
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

// TestElementwiseStreaming is the elementwise and conversion matrix
// (lengths, offsets, guards, kinds of input, unchanged inputs, aliasing)
// with the streaming loop taken: its results must be the reference's, as
// on the ordinary path.
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
			for _, c := range convCases() {
				t.Run(c.name, func(t *testing.T) { testConversion(t, c) })
			}
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

// TestReductionsStreamSameBits compares the sums of the reductions
// (Sum, Dot, SumSquares, SumSquaredDiff) with the streaming threshold at
// its least, where AVX-512's loop of YMM halves runs first, and with
// streaming off: the same lanes add the same terms in the same order, so
// the bits must be equal, for every length, offset and ISA.
func TestReductionsStreamSameBits(t *testing.T) {
	defer asm.SetStreamThreshold(asm.SetStreamThreshold(0))
	forEachISA(t, func(t *testing.T) {
		t.Run("float32", testReductionsStream[float32])
		t.Run("float64", testReductionsStream[float64])
	})
}

func testReductionsStream[T Float](t *testing.T) {
	o := ops[T]()
	kernels := []struct {
		name string
		f    func(a, b []T) T
	}{
		{"Sum", func(a, _ []T) T { return o.Sum(a) }},
		{"Dot", o.Dot},
		{"SumSquares", func(a, _ []T) T { return o.SumSquares(a) }},
		{"SumSquaredDiff", o.SumSquaredDiff},
	}
	r := testkit.NewRand(11)
	for _, n := range append(testkit.Lengths(), 1<<20+13) {
		for _, off := range []int{0, 1, 5} {
			a, b := make([]T, n+off)[off:], make([]T, n+off)[off:]
			testkit.Fill(r, a, testkit.Uniform)
			testkit.Fill(r, b, testkit.Uniform)
			for _, k := range kernels {
				asm.SetStreamThreshold(math.MaxInt64)
				want := k.f(a, b)
				asm.SetStreamThreshold(0)
				got := k.f(a, b)
				if !testkit.SameFloat(got, want) {
					t.Fatalf("%s n=%d off=%d: %v (%#x) streaming, %v (%#x) not", k.name, n, off, got, testkit.Bits(got), want, testkit.Bits(want))
				}
			}
		}
	}
}
