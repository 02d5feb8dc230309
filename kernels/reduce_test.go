package kernels

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// reductionTest returns the test of the named public reductions, for
// TestKernels: every length, offset and kind, against exact values and the
// generic references.
func reductionTest(names ...string) func(t *testing.T) {
	only := func(name string) bool { return slices.Contains(names, name) }
	return func(t *testing.T) {
		t.Run("float32", func(t *testing.T) { testReductions[float32](t, only) })
		t.Run("float64", func(t *testing.T) { testReductions[float64](t, only) })
	}
}

func testReductions[T Float](t *testing.T, only func(string) bool) {
	for _, kind := range testkit.Kinds {
		for _, n := range testkit.Lengths() {
			checkReductions[T](t, only, kind, n, n%8)
		}
		for off := 0; off < 8; off++ {
			for _, n := range testkit.ShortLengths {
				checkReductions[T](t, only, kind, n, off)
			}
		}
	}
}

func checkReductions[T Float](t *testing.T, only func(string) bool, kind testkit.Kind, n, off int) {
	t.Helper()
	r := testkit.NewRand(uint64(n*7919 + off*31 + int(kind)))
	ga, a := testkit.NewInput[T](r, n, off, kind)
	gb, b := testkit.NewInput[T](r, n, (off+5)%8, kind)
	what := fmt.Sprintf("%s/n=%d/off=%d", kind, n, off)

	if only("Sum") {
		checkSum(t, what+"/Sum", Sum(ga.S()), a, kind)
	}
	if only("Dot") {
		checkSumOfTerms(t, what+"/Dot", Dot(ga.S(), gb.S()), a, b, kind)
	}
	if n > 0 && only("Min") {
		if got, want := Min(ga.S()), refOps[T]().Min(a); !testkit.SameValue(got, want) {
			t.Fatalf("%s/Min = %v, want %v", what, got, want)
		}
	}
	if n > 0 && only("Max") {
		if got, want := Max(ga.S()), refOps[T]().Max(a); !testkit.SameValue(got, want) {
			t.Fatalf("%s/Max = %v, want %v", what, got, want)
		}
	}
	if only("ArgMin") {
		if got, want := ArgMin(ga.S()), argRef(a, func(x, y T) bool { return x < y }); got != want {
			t.Fatalf("%s/ArgMin = %d, want %d (%v vs %v)", what, got, want, at(a, got), at(a, want))
		}
	}
	if only("ArgMax") {
		if got, want := ArgMax(ga.S()), argRef(a, func(x, y T) bool { return x > y }); got != want {
			t.Fatalf("%s/ArgMax = %d, want %d (%v vs %v)", what, got, want, at(a, got), at(a, want))
		}
	}
	if only("Norm") {
		checkNorm(t, what+"/Norm", Norm(ga.S()), a, func(i int) float64 { return float64(a[i]) })
	}
	if only("Distance") {
		checkNorm(t, what+"/Distance", Distance(ga.S(), gb.S()), a, func(i int) float64 { return float64(a[i]) - float64(b[i]) })
	}

	testkit.CheckUnchanged(t, what, ga, a)
	testkit.CheckUnchanged(t, what, gb, b)
}

func at[T Float](a []T, i int) any {
	if i < 0 || i >= len(a) {
		return "none"
	}
	return a[i]
}

// argRef is the obvious ArgMin/ArgMax: the first NaN, else the first
// element no later element beats.
func argRef[T Float](a []T, better func(x, y T) bool) int {
	best := -1
	for i, v := range a {
		if v != v {
			return i
		}
		if best < 0 || better(v, a[best]) {
			best = i
		}
	}
	return best
}

// exactSum returns Σ terms(i) exactly rounded to float64 (via big.Float,
// which holds any float64 sum of this size exactly at 2200 bits), and
// Σ|terms(i)|.
func exactSum(n int, term func(i int) float64) (sum, abs float64) {
	s := new(big.Float).SetPrec(2200)
	var x big.Float
	for i := 0; i < n; i++ {
		v := term(i)
		s.Add(s, x.SetPrec(2200).SetFloat64(v))
		abs += math.Abs(v)
	}
	sum, _ = s.Float64()
	return sum, abs
}

// checkSum checks a Sum against the documented bound
// (n-1)·ε·Σ|a| and exactness on small integers.
func checkSum[T Float](t *testing.T, what string, got T, a []T, kind testkit.Kind) {
	t.Helper()
	checkSumOfTerms(t, what, got, a, nil, kind)
}

// checkSumOfTerms checks Sum (b == nil) or Dot against the exact value.
// Dot's bound has one more ε for the products.
func checkSumOfTerms[T Float](t *testing.T, what string, got T, a, b []T, kind testkit.Kind) {
	t.Helper()
	n := len(a)
	term := func(i int) float64 { return float64(a[i]) }
	extra := 0.0
	if b != nil {
		term = func(i int) float64 { return float64(a[i]) * float64(b[i]) } // exact for float32; one rounding for float64
		extra = 1
	}
	if kind == testkit.Special {
		if b != nil {
			// Whether a huge product overflows depends on fusion and
			// order; only NaN in gives NaN out whatever the order.
			for i := range a {
				if a[i] != a[i] || b[i] != b[i] {
					if got == got {
						t.Fatalf("%s = %v, want NaN", what, got)
					}
				}
			}
			return
		}
		checkSpecialSum(t, what, got, n, term)
		return
	}
	want, abs := exactSum(n, term)
	if kind == testkit.Integers {
		if float64(got) != want {
			t.Fatalf("%s = %v, want exactly %v", what, got, want)
		}
		return
	}
	bound := (math.Max(float64(n-1), 0) + extra) * testkit.Eps[T]() * abs
	if b != nil && !testkit.IsF32[T]() {
		bound += float64(n) * testkit.Eps[T]() * abs // the float64 products of the reference round too
	}
	if err := math.Abs(float64(got) - want); err > bound {
		t.Fatalf("%s = %v, want %v within %g (error %g)", what, got, want, bound, err)
	}
}

// checkSpecialSum checks only what every summation order agrees on: NaN
// in, or +Inf and -Inf both in, gives NaN; one kind of infinity gives it,
// unless the finite terms are large enough to overflow to the other one in
// some order.
func checkSpecialSum[T Float](t *testing.T, what string, got T, n int, term func(int) float64) {
	t.Helper()
	nan, pinf, ninf := false, false, false
	finite := 0.0
	for i := 0; i < n; i++ {
		v := term(i)
		nan = nan || v != v
		pinf = pinf || math.IsInf(v, 1)
		ninf = ninf || math.IsInf(v, -1)
		if v == v && !math.IsInf(v, 0) {
			finite += math.Abs(v)
		}
	}
	maxT := math.MaxFloat64
	if testkit.IsF32[T]() {
		maxT = math.MaxFloat32
	}
	mayOverflow := finite >= maxT/2
	g := float64(got)
	switch {
	case nan || pinf && ninf:
		if g == g {
			t.Fatalf("%s = %v, want NaN", what, got)
		}
	case mayOverflow:
	case pinf:
		if !math.IsInf(g, 1) {
			t.Fatalf("%s = %v, want +Inf", what, got)
		}
	case ninf:
		if !math.IsInf(g, -1) {
			t.Fatalf("%s = %v, want -Inf", what, got)
		}
	}
}

// checkNorm checks a Norm or Distance against sqrt of the exact sum of
// squares: NaN if any term is NaN, else +Inf if any is infinite, else
// within a relative (n+2)·ε (sum of positive terms, plus the square root
// and the final rounding to T), plus one unit of T's smallest subnormal
// for a nonzero norm in the subnormal range.
func checkNorm[T Float](t *testing.T, what string, got T, a []T, term func(int) float64) {
	t.Helper()
	n := len(a)
	nan, inf := false, false
	s := new(big.Float).SetPrec(2300)
	var x big.Float
	for i := 0; i < n; i++ {
		v := term(i)
		switch {
		case v != v:
			nan = true
		case math.IsInf(v, 0):
			inf = true
		default:
			x.SetPrec(2300).SetFloat64(v)
			s.Add(s, x.Mul(&x, &x))
		}
	}
	g := float64(got)
	switch {
	case nan:
		if g == g {
			t.Fatalf("%s = %v, want NaN", what, got)
		}
		return
	case inf:
		if !math.IsInf(g, 1) {
			t.Fatalf("%s = %v, want +Inf", what, got)
		}
		return
	}
	want, _ := new(big.Float).SetPrec(2300).Sqrt(s).Float64()
	want = float64(T(want)) // the exact norm, rounded to T (may overflow to +Inf)
	if math.IsInf(want, 1) {
		if !math.IsInf(g, 1) {
			t.Fatalf("%s = %v, want +Inf (exact norm beyond %T)", what, got, got)
		}
		return
	}
	tol := float64(n+2) * testkit.Eps[T]() * want
	if !testkit.IsF32[T]() {
		// float64 differences in Distance round once more.
		tol += float64(n) * testkit.Eps[T]() * want
	}
	// A subnormal norm has fewer significant bits than the relative bound
	// assumes: rounding the scaled float64 result into them may cost one
	// unit in the last place, a fixed step of T's smallest subnormal.
	switch {
	case want == 0: // exactly zero, never the smallest subnormal
	case testkit.IsF32[T]():
		tol += math.SmallestNonzeroFloat32
	default:
		tol += math.SmallestNonzeroFloat64
	}
	if math.Abs(g-want) > tol || g < 0 {
		t.Fatalf("%s = %v, want %v within %g", what, got, want, tol)
	}
}

// TestReductionAddressIndependence checks that, for one ISA, the same
// values at any address and alignment give the same bits.
func TestReductionAddressIndependence(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		t.Run("float32", testAddressIndependence[float32])
		t.Run("float64", testAddressIndependence[float64])
	})
}

func testAddressIndependence[T Float](t *testing.T) {
	for _, n := range append(testkit.ShortLengths, 4099) {
		r := testkit.NewRand(uint64(n))
		vals := make([]T, n)
		testkit.Fill(r, vals, testkit.Uniform)
		other := make([]T, n)
		testkit.Fill(r, other, testkit.Uniform)
		var sum0, dot0, norm0, dist0 T
		for off := 0; off < 8; off++ {
			a := testkit.NewGuarded[T](n, off, 0).S()
			b := testkit.NewGuarded[T](n, 7-off, 0).S()
			copy(a, vals)
			copy(b, other)
			s, d, nm, ds := Sum(a), Dot(a, b), Norm(a), Distance(a, b)
			if off == 0 {
				sum0, dot0, norm0, dist0 = s, d, nm, ds
				continue
			}
			if !testkit.SameBits(s, sum0) || !testkit.SameBits(d, dot0) || !testkit.SameBits(nm, norm0) || !testkit.SameBits(ds, dist0) {
				t.Fatalf("n=%d off=%d: Sum/Dot/Norm/Distance %v %v %v %v differ from offset 0: %v %v %v %v",
					n, off, s, d, nm, ds, sum0, dot0, norm0, dist0)
			}
		}
	}
}

// TestNormRange checks values whose squares overflow or underflow T.
func TestNormRange(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		t.Run("float32", func(t *testing.T) {
			testNormRange(t, []float32{3e30, 4e30}, 5e30)
			testNormRange(t, []float32{-3e-30, 4e-30}, 5e-30)
			testNormRange(t, []float32{3e38, 3e38, 3e38, 3e38}, 6e38) // beyond float32: +Inf
			testNormRange(t, []float32{0x1p-149, 0x1p-149, 0x1p-149, 0x1p-149}, 0x1p-148)
			testNormRange(t, []float32{0, 0, 0}, 0)
			testNormRange(t, []float32{}, 0)
		})
		t.Run("float64", func(t *testing.T) {
			testNormRange(t, []float64{3e200, -4e200}, 5e200)
			testNormRange(t, []float64{3e-200, 4e-200}, 5e-200)
			testNormRange(t, []float64{3 * 0x1p-1074, 4 * 0x1p-1074}, 5*0x1p-1074)
			testNormRange(t, []float64{math.MaxFloat64, math.MaxFloat64}, math.Inf(1))
			testNormRange(t, []float64{math.MaxFloat64 / 2, math.MaxFloat64 / 2}, math.MaxFloat64/2*math.Sqrt2)
			testNormRange(t, []float64{1, math.Inf(-1), 2}, math.Inf(1))
			testNormRange(t, []float64{1, math.Inf(-1), math.NaN()}, math.NaN())
		})
	})
}

func testNormRange[T Float](t *testing.T, a []T, want float64) {
	t.Helper()
	got := float64(Norm(a))
	w := float64(T(want))
	if !(got == w || got != got && w != w || math.Abs(got-w) <= 4*testkit.Eps[T]()*w) {
		t.Fatalf("Norm(%v) = %v, want %v", a, got, w)
	}
	zero := make([]T, len(a))
	if d := float64(Distance(a, zero)); !(d == got || d != d && got != got) {
		t.Fatalf("Distance(%v, 0) = %v, want Norm's %v", a, d, got)
	}
	if d := float64(Distance(zero, a)); !(d == got || d != d && got != got) {
		t.Fatalf("Distance(0, %v) = %v, want Norm's %v", a, d, got)
	}
}

// TestMinMaxSpecial pins down NaN and infinity handling at every position,
// so a NaN in a vector lane, an unrolled block or the scalar tail is seen.
func TestMinMaxSpecial(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		t.Run("float32", testMinMaxSpecial[float32])
		t.Run("float64", testMinMaxSpecial[float64])
	})
}

func testMinMaxSpecial[T Float](t *testing.T) {
	nan := T(math.NaN())
	for _, n := range []int{1, 2, 7, 8, 9, 31, 64, 65, 100, 131} {
		for pos := 0; pos < n; pos++ {
			a := make([]T, n)
			for i := range a {
				a[i] = T(i%5) - 2
			}
			a[pos] = nan
			if m := Min(a); m == m {
				t.Fatalf("n=%d NaN at %d: Min = %v", n, pos, m)
			}
			if m := Max(a); m == m {
				t.Fatalf("n=%d NaN at %d: Max = %v", n, pos, m)
			}
			if i := ArgMin(a); i != pos {
				t.Fatalf("n=%d NaN at %d: ArgMin = %d", n, pos, i)
			}
			if i := ArgMax(a); i != pos {
				t.Fatalf("n=%d NaN at %d: ArgMax = %d", n, pos, i)
			}
			a[pos] = T(math.Inf(-1))
			if Min(a) != a[pos] || ArgMin(a) != pos {
				t.Fatalf("n=%d -Inf at %d: Min %v ArgMin %d", n, pos, Min(a), ArgMin(a))
			}
			a[pos] = T(math.Inf(1))
			if Max(a) != a[pos] || ArgMax(a) != pos {
				t.Fatalf("n=%d +Inf at %d: Max %v ArgMax %d", n, pos, Max(a), ArgMax(a))
			}
		}
	}
	// Huge values whose products overflow both ways, and infinities: the
	// NaN detection of the SIMD Min/Max may raise a false alarm here, and
	// must then find that there is no NaN after all.
	maxT := math.MaxFloat64
	if testkit.IsF32[T]() {
		maxT = math.MaxFloat32
	}
	huge := T(maxT)
	for _, n := range []int{4, 16, 67, 200} {
		a := make([]T, n)
		for i := range a {
			a[i] = huge * T(1-2*(i/2%2)) // +, +, -, -, ...
		}
		if Min(a) != -huge || Max(a) != huge || ArgMin(a) != 2 || ArgMax(a) != 0 {
			t.Fatalf("n=%d ±huge: Min %v Max %v ArgMin %d ArgMax %d", n, Min(a), Max(a), ArgMin(a), ArgMax(a))
		}
		a[n-1] = T(math.Inf(-1))
		a[0] = T(math.Inf(1))
		if Min(a) != a[n-1] || Max(a) != a[0] {
			t.Fatalf("n=%d ±huge and ±Inf: Min %v Max %v", n, Min(a), Max(a))
		}
	}
	if i := ArgMin([]T{}); i != -1 {
		t.Fatalf("ArgMin(empty) = %d", i)
	}
	if i := ArgMax([]T{}); i != -1 {
		t.Fatalf("ArgMax(empty) = %d", i)
	}
	negZero := T(math.Copysign(0, -1))
	if i := ArgMin([]T{1, 0, negZero, -0.0}); i != 1 {
		t.Fatalf("ArgMin(1, 0, -0) = %d, want 1 (zeros are equal)", i)
	}
	if m := Min([]T{T(math.Inf(1))}); !math.IsInf(float64(m), 1) {
		t.Fatalf("Min(+Inf) = %v", m)
	}
}
