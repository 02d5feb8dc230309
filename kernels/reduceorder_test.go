package kernels

import (
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/internal/testkit"
)

// TestReductionOrder checks Sum, Dot, SumSquares and SumSquaredDiff on
// every supported ISA bit for bit against testkit.Reduce, the model of
// that ISA's order of operations derived from package registry (lanes,
// accumulators, tree, fold, tail): the generic kernels against the plain
// loop with the product rounded, the SIMD kernels against the model with
// a fused multiply-add. Each length is run at several alignments, which
// also shows that the bits depend on the values and length alone. NaN
// results match any NaN; the sign of a zero result must match.
func TestReductionOrder(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		isa := registry.LookupISA(Active().String())
		t.Run("float32", func(t *testing.T) { testReductionOrder[float32](t, isa) })
		t.Run("float64", func(t *testing.T) { testReductionOrder[float64](t, isa) })
	})
}

func testReductionOrder[T Float](t *testing.T, isa registry.ISA) {
	fused := isa.VectorBytes > 0 // the generated reductions use FMA; generic rounds the product
	mulAdd := func(x, y, acc T) T {
		if fused {
			return testkit.FMA(x, y, acc)
		}
		return acc + T(x*y)
	}
	o := ops[T]()
	for _, kind := range testkit.Kinds {
		for _, n := range testkit.Lengths() {
			r := testkit.NewRand(uint64(n*4 + int(kind)))
			a, b := make([]T, n), make([]T, n)
			testkit.Fill(r, a, kind)
			testkit.Fill(r, b, kind)
			cases := []struct {
				name string
				run  func(a, b []T) T
				term func(acc T, i int) T
			}{
				{"Sum", func(a, _ []T) T { return Sum(a) }, func(s T, i int) T { return s + a[i] }},
				{"Dot", Dot[T], func(s T, i int) T { return mulAdd(a[i], b[i], s) }},
				{"SumSquares", func(a, _ []T) T { return o.SumSquares(a) }, func(s T, i int) T { return mulAdd(a[i], a[i], s) }},
				{"SumSquaredDiff", o.SumSquaredDiff, func(s T, i int) T { d := a[i] - b[i]; return mulAdd(d, d, s) }},
			}
			for _, c := range cases {
				want := testkit.Reduce(isa, n, c.term)
				for off := 0; off < 3; off++ {
					ga := testkit.NewGuarded[T](n, off, 0)
					gb := testkit.NewGuarded[T](n, (off+1)%3, 0)
					copy(ga.S(), a)
					copy(gb.S(), b)
					if got := c.run(ga.S(), gb.S()); !testkit.SameFloat(got, want) {
						t.Fatalf("%s %s/n=%d/off=%d: %v (%#x), the %s model says %v (%#x)",
							c.name, kind, n, off, got, testkit.Bits(got), isa.Name, want, testkit.Bits(want))
					}
				}
			}
		}
	}
}
