package bench

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/hotloop/hotloop/kernels"
)

// TestGenericAgainstGonum checks hotloop's pure-Go reference, the oracle
// package kernels tests every ISA against, against an independent
// implementation: gonum's floats package on the same inputs. It lives here,
// not in package kernels, so that gonum stays out of the library's go.mod.
//
// kernels.Use(kernels.Generic) reaches the reference through the public
// API; every other ISA this machine supports runs the same checks too.
func TestGenericAgainstGonum(t *testing.T) {
	prev := kernels.Active()
	t.Cleanup(func() {
		if err := kernels.Use(prev); err != nil {
			t.Error(err)
		}
	})
	for _, isa := range kernels.Supported() {
		t.Run(isa.String(), func(t *testing.T) {
			if err := kernels.Use(isa); err != nil {
				t.Fatal(err)
			}
			if got := kernels.Active(); got != isa {
				t.Fatalf("kernels.Use(%v) left %v active", isa, got)
			}
			againstGonum(t)
		})
	}
}

// againstGonum runs the kernels of the active ISA beside gonum's.
func againstGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 0x5eed))
	uniform := func(s []float64) { // [-1, 1)
		for i := range s {
			s[i] = r.Float64()*2 - 1
		}
	}
	for _, n := range []int{1, 2, 3, 10, 100, 1000} {
		a, b := make([]float64, n), make([]float64, n)
		uniform(a)
		uniform(b)
		dst, want := make([]float64, n), make([]float64, n)

		kernels.Add(dst, a, b)
		floats.AddTo(want, a, b)
		equalSlices(t, "Add", dst, want)
		kernels.Sub(dst, a, b)
		floats.SubTo(want, a, b)
		equalSlices(t, "Sub", dst, want)
		kernels.Mul(dst, a, b)
		floats.MulTo(want, a, b)
		equalSlices(t, "Mul", dst, want)
		kernels.Div(dst, a, b)
		floats.DivTo(want, a, b)
		equalSlices(t, "Div", dst, want)
		kernels.Scale(dst, a, 3)
		floats.ScaleTo(want, 3, a)
		equalSlices(t, "Scale", dst, want)
		kernels.AddConst(dst, a, 3)
		copy(want, a)
		floats.AddConst(3, want)
		equalSlices(t, "AddConst", dst, want)

		if got, w := kernels.Sum(a), floats.Sum(a); math.Abs(got-w) > 1e-12*float64(n) {
			t.Errorf("Sum n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := kernels.Dot(a, b), floats.Dot(a, b); math.Abs(got-w) > 1e-12*float64(n) {
			t.Errorf("Dot n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := kernels.Min(a), floats.Min(a); got != w {
			t.Errorf("Min n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := kernels.Max(a), floats.Max(a); got != w {
			t.Errorf("Max n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := kernels.ArgMin(a), floats.MinIdx(a); got != w {
			t.Errorf("ArgMin n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := kernels.ArgMax(a), floats.MaxIdx(a); got != w {
			t.Errorf("ArgMax n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := kernels.Norm(a), floats.Norm(a, 2); math.Abs(got-w) > 1e-14*w {
			t.Errorf("Norm n=%d: %v vs gonum %v", n, got, w)
		}
		if got, w := kernels.Distance(a, b), floats.Distance(a, b, 2); math.Abs(got-w) > 1e-14*w {
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
