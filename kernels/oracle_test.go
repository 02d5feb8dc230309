package kernels

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/hotloop/hotloop/internal/testkit"
)

// TestGenericAgainstGonum checks the reference itself against an
// independent implementation, so the oracle is not only obviously right
// but also agrees with gonum's floats package on the same inputs.
func TestGenericAgainstGonum(t *testing.T) {
	r := testkit.NewRand(9)
	for _, n := range []int{1, 2, 3, 10, 100, 1000} {
		a, b := make([]float64, n), make([]float64, n)
		testkit.Fill(r, a, testkit.Uniform)
		testkit.Fill(r, b, testkit.Uniform)
		dst, want := make([]float64, n), make([]float64, n)

		addGeneric(dst, a, b)
		floats.AddTo(want, a, b)
		equalSlices(t, "Add", dst, want)
		subGeneric(dst, a, b)
		floats.SubTo(want, a, b)
		equalSlices(t, "Sub", dst, want)
		mulGeneric(dst, a, b)
		floats.MulTo(want, a, b)
		equalSlices(t, "Mul", dst, want)
		divGeneric(dst, a, b)
		floats.DivTo(want, a, b)
		equalSlices(t, "Div", dst, want)
		scaleGeneric(dst, a, 3)
		floats.ScaleTo(want, 3, a)
		equalSlices(t, "Scale", dst, want)
		addConstGeneric(dst, a, 3)
		copy(want, a)
		floats.AddConst(3, want)
		equalSlices(t, "AddConst", dst, want)

		if got, w := sumGeneric(a), floats.Sum(a); math.Abs(got-w) > 1e-12*float64(n) {
			t.Errorf("Sum n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := dotGeneric(a, b), floats.Dot(a, b); math.Abs(got-w) > 1e-12*float64(n) {
			t.Errorf("Dot n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := minGeneric(a), floats.Min(a); got != w {
			t.Errorf("Min n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := maxGeneric(a), floats.Max(a); got != w {
			t.Errorf("Max n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := ArgMin(a), floats.MinIdx(a); got != w {
			t.Errorf("ArgMin n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := ArgMax(a), floats.MaxIdx(a); got != w {
			t.Errorf("ArgMax n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := Norm(a), floats.Norm(a, 2); math.Abs(got-w) > 1e-14*w {
			t.Errorf("Norm n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := Distance(a, b), floats.Distance(a, b, 2); math.Abs(got-w) > 1e-14*w {
			t.Errorf("Distance n=%d: %v vs gonum %v", n, got, w)
		}
	}
}

func equalSlices(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: element %d = %v, gonum %v", what, i, got[i], want[i])
		}
	}
}
