package parallel

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
	"github.com/hotloop/hotloop/kernels"
)

// Every parallel kernel is checked against its serial twin in package
// kernels, at lengths around every threshold and chunk boundary, with the
// worker counts given explicitly through the unexported implementations.

var testWorkers = []int{1, 2, 3, 8}

// mapLengths are the lengths that matter to the elementwise kernels and
// conversions, reduceLengths those that matter to the reductions.
var (
	mapLengths    = []int{0, 1, 17, mapChunk - 1, mapMin - 1, mapMin, mapMin + 1, mapMin + mapChunk + 1, 1<<18 + 7}
	reduceLengths = []int{0, 1, 1000, reduceChunk + 1, reduceMin - 1, reduceMin, reduceMin + 1,
		reduceMin + reduceChunk - 1, reduceMin + reduceChunk, 1<<19 + 7}
)

type celsius float32 // a named element type, as kernels.Float allows

func randoms[T kernels.Float](r *rand.Rand, n int) []T {
	xs := make([]T, n)
	testkit.Fill(r, xs, testkit.Uniform) // [-1, 1)
	return xs
}

// sameSlices compares bit for bit, NaN payloads included: a parallel
// elementwise kernel runs the very same instructions on every element as
// the serial one. The bytes are compared first, which is fast even under
// the race detector.
func sameSlices[T any](t *testing.T, what string, got, want []T) {
	t.Helper()
	g, w := rawBytes(got), rawBytes(want)
	if bytes.Equal(g, w) {
		return
	}
	size := len(g) / max(1, len(got))
	for i := range got {
		if !bytes.Equal(g[i*size:(i+1)*size], w[i*size:(i+1)*size]) {
			t.Fatalf("%s: [%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func TestElementwiseMatchKernels(t *testing.T) {
	t.Parallel()
	testElementwise[float32](t, mapLengths)
	testElementwise[float64](t, mapLengths)
	testElementwise[celsius](t, []int{mapMin + 3})
}

func testElementwise[T kernels.Float](t *testing.T, lengths []int) {
	r := rand.New(rand.NewPCG(1, 2))
	binaries := []struct {
		name     string
		on       func(w int, dst, a, b []T)
		par, ser func(dst, a, b []T)
	}{
		{"Add", addOn[T], Add[T], kernels.Add[T]},
		{"Sub", subOn[T], Sub[T], kernels.Sub[T]},
		{"Mul", mulOn[T], Mul[T], kernels.Mul[T]},
		{"Div", divOn[T], Div[T], kernels.Div[T]},
	}
	for _, n := range lengths {
		a, b, c := randoms[T](r, n), randoms[T](r, n), randoms[T](r, n)
		want, got := make([]T, n), make([]T, n)
		for _, w := range testWorkers {
			what := func(op string) string { return fmt.Sprintf("%s[%T] n=%d workers=%d", op, T(0), n, w) }
			for _, k := range binaries {
				k.ser(want, a, b)
				k.on(w, got, a, b)
				sameSlices(t, what(k.name), got, want)
			}
			kernels.AddConst(want, a, 0.25)
			addConstOn(w, got, a, 0.25)
			sameSlices(t, what("AddConst"), got, want)
			kernels.Scale(want, a, -3)
			scaleOn(w, got, a, -3)
			sameSlices(t, what("Scale"), got, want)

			copy(want, b)
			copy(got, b)
			kernels.Axpy(0.7, a, want)
			axpyOn(w, 0.7, a, got)
			sameSlices(t, what("Axpy"), got, want)

			kernels.MulAdd(want, a, b, c)
			mulAddOn(w, got, a, b, c)
			sameSlices(t, what("MulAdd"), got, want)

			// The destination may be an input.
			copy(want, a)
			copy(got, a)
			kernels.Add(want, want, b)
			addOn(w, got, got, b)
			sameSlices(t, what("Add in place"), got, want)
		}
	}
	// The exported wrappers use the default worker count.
	n := reduceMin + 5
	a, b, c := randoms[T](r, n), randoms[T](r, n), randoms[T](r, n)
	want, got := make([]T, n), make([]T, n)
	for _, k := range binaries {
		k.ser(want, a, b)
		k.par(got, a, b)
		sameSlices(t, k.name, got, want)
	}
	kernels.AddConst(want, a, 2)
	AddConst(got, a, 2)
	sameSlices(t, "AddConst", got, want)
	kernels.Scale(want, a, 2)
	Scale(got, a, 2)
	sameSlices(t, "Scale", got, want)
	kernels.MulAdd(want, a, b, c)
	MulAdd(got, a, b, c)
	sameSlices(t, "MulAdd", got, want)
	copy(want, c)
	copy(got, c)
	kernels.Axpy(2, a, want)
	Axpy(2, a, got)
	sameSlices(t, "Axpy", got, want)
}

func TestConversionsMatchKernels(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range mapLengths {
		f32 := make([]float32, n)
		f64 := make([]float64, n)
		u8 := make([]uint8, n)
		for i := range n {
			f64[i] = (r.Float64()*300 - 20) * math.Pow(2, float64(r.IntN(300)-150))
			f32[i] = float32(r.Float64()*300 - 20)
			u8[i] = uint8(r.UintN(256))
		}
		if n > 3 {
			f32[1], f32[2], f32[3] = float32(math.NaN()), float32(math.Inf(1)), 254.5
		}
		for _, w := range testWorkers {
			what := func(op string) string { return fmt.Sprintf("%s n=%d workers=%d", op, n, w) }

			want64, got64 := make([]float64, n), make([]float64, n)
			kernels.Float32To64(want64, f32)
			float32To64On(w, got64, f32)
			sameSlices(t, what("Float32To64"), got64, want64)

			want32, got32 := make([]float32, n), make([]float32, n)
			kernels.Float64To32(want32, f64)
			float64To32On(w, got32, f64)
			sameSlices(t, what("Float64To32"), got32, want32)

			kernels.Uint8ToFloat32(want32, u8, 1.0/255, -0.5)
			uint8ToFloat32On(w, got32, u8, 1.0/255, -0.5)
			sameSlices(t, what("Uint8ToFloat32"), got32, want32)

			wantU8, gotU8 := make([]uint8, n), make([]uint8, n)
			kernels.Float32ToUint8(wantU8, f32)
			float32ToUint8On(w, gotU8, f32)
			sameSlices(t, what("Float32ToUint8"), gotU8, wantU8)
		}
		// The exported wrappers.
		want32, got32 := make([]float32, n), make([]float32, n)
		kernels.Uint8ToFloat32(want32, u8, 2, 1)
		Uint8ToFloat32(got32, u8, 2, 1)
		sameSlices(t, "Uint8ToFloat32", got32, want32)
		kernels.Float64To32(want32, f64)
		Float64To32(got32, f64)
		sameSlices(t, "Float64To32", got32, want32)
		want64, got64 := make([]float64, n), make([]float64, n)
		kernels.Float32To64(want64, f32)
		Float32To64(got64, f32)
		sameSlices(t, "Float32To64", got64, want64)
		wantU8, gotU8 := make([]uint8, n), make([]uint8, n)
		kernels.Float32ToUint8(wantU8, f32)
		Float32ToUint8(gotU8, f32)
		sameSlices(t, "Float32ToUint8", gotU8, wantU8)
	}
}

func TestReductionsMatchKernels(t *testing.T) {
	t.Parallel()
	testReductions[float32](t, 0x1p-24, reduceLengths)
	testReductions[float64](t, 0x1p-53, reduceLengths)
	testReductions[celsius](t, 0x1p-24, []int{reduceMin + 1})
}

// testReductions compares with the serial kernels exactly below reduceMin,
// where the parallel kernel is the serial one, and with the exact value
// above (eps is T's unit roundoff); and checks that every worker count
// gives the same bits.
func testReductions[T kernels.Float](t *testing.T, eps float64, lengths []int) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range lengths {
		a, b := randoms[T](r, n), randoms[T](r, n)
		// Small integers make ties, across chunks too, for the Arg kernels.
		q := make([]T, n)
		for i := range q {
			q[i] = T(r.IntN(1000) - 500)
		}
		absSum, absDot, sq := 0.0, 0.0, 0.0
		for i := range a {
			absSum += math.Abs(float64(a[i]))
			absDot += math.Abs(float64(a[i]) * float64(b[i]))
			sq += float64(a[i]) * float64(a[i])
		}
		type result struct {
			sum, dot, min, max, norm, dist T
			argmin, argmax                 int
		}
		var first result
		for i, w := range testWorkers {
			var got result
			what := func(op string) string { return fmt.Sprintf("%s[%T] n=%d workers=%d", op, T(0), n, w) }
			got.sum = sum(w, a)
			got.dot = dot(w, a, b)
			got.norm = norm(w, a)
			got.dist = distance(w, a, b)
			got.argmin = argExtreme(w, false, q)
			got.argmax = argExtreme(w, true, q)
			if n > 0 {
				got.min = extreme(w, false, a)
				got.max = extreme(w, true, a)
				if want := kernels.Min(a); !testkit.SameFloat(got.min, want) {
					t.Errorf("%s = %v, want %v", what("Min"), got.min, want)
				}
				if want := kernels.Max(a); !testkit.SameFloat(got.max, want) {
					t.Errorf("%s = %v, want %v", what("Max"), got.max, want)
				}
			}
			if want := kernels.ArgMin(q); got.argmin != want {
				t.Errorf("%s = %d, want %d", what("ArgMin"), got.argmin, want)
			}
			if want := kernels.ArgMax(q); got.argmax != want {
				t.Errorf("%s = %d, want %d", what("ArgMax"), got.argmax, want)
			}
			// Above reduceMin the parallel kernels add per-chunk results of
			// the serial kernel, so they are checked against the exact value
			// with the documented bound for a sum of reduceChunk terms (plus
			// the float64 combination), independent of the ISA: the serial
			// generic kernel may itself be off by up to n·ε.
			near := func(op string, got, serial T, exact, scale float64) {
				t.Helper()
				if n < reduceMin {
					if !testkit.SameFloat(got, serial) {
						t.Errorf("%s = %v, want the serial kernel's %v exactly", what(op), got, serial)
					}
					return
				}
				bound := float64(reduceChunk+4) * eps * scale
				if d := math.Abs(float64(got) - exact); !(d <= bound) {
					t.Errorf("%s = %v, exact %v: off by %g (bound %g)", what(op), got, exact, d, bound)
				}
			}
			// On small integers every partial sum is exact (|Σ| < 2²⁴ per
			// chunk), so any lost or doubled chunk shows.
			small := make([]T, n)
			var wantSum, wantDot float64
			for i := range small {
				small[i] = T(int(q[i]) % 9)
				wantSum += float64(small[i])
				wantDot += float64(small[i]) * float64(small[i])
			}
			if s, d := sum(w, small), dot(w, small, small); float64(s) != wantSum || float64(d) != wantDot {
				t.Errorf("%s on small integers = %v, %v; want exactly %v, %v", what("Sum/Dot"), s, d, wantSum, wantDot)
			}
			near("Sum", got.sum, kernels.Sum(a), exactSum(n, func(i int) float64 { return float64(a[i]) }), absSum)
			near("Dot", got.dot, kernels.Dot(a, b), exactSum(n, func(i int) float64 { return float64(a[i]) * float64(b[i]) }), absDot)
			norm := math.Sqrt(exactSum(n, func(i int) float64 { return float64(a[i]) * float64(a[i]) }))
			near("Norm", got.norm, kernels.Norm(a), norm, norm)
			dist := math.Sqrt(exactSum(n, func(i int) float64 { d := float64(a[i]) - float64(b[i]); return d * d }))
			near("Distance", got.dist, kernels.Distance(a, b), dist, dist)
			if i == 0 {
				first = got
				continue
			}
			for _, p := range [][2]T{{got.sum, first.sum}, {got.dot, first.dot}, {got.norm, first.norm}, {got.dist, first.dist}} {
				if !testkit.SameFloat(p[0], p[1]) {
					t.Fatalf("n=%d: workers=%d gives %+v, workers=%d %+v: not bit-identical", n, w, got, testWorkers[0], first)
				}
			}
		}
	}
	// The exported wrappers agree with the explicit worker counts.
	n := reduceMin + 3*reduceChunk + 11
	a, b := randoms[T](r, n), randoms[T](r, n)
	if !testkit.SameFloat(Sum(a), sum(1, a)) || !testkit.SameFloat(Dot(a, b), dot(1, a, b)) ||
		!testkit.SameFloat(Norm(a), norm(1, a)) || !testkit.SameFloat(Distance(a, b), distance(1, a, b)) ||
		Min(a) != kernels.Min(a) || Max(a) != kernels.Max(a) ||
		ArgMin(a) != kernels.ArgMin(a) || ArgMax(a) != kernels.ArgMax(a) {
		t.Errorf("%T: exported reductions differ from the one-worker ones", T(0))
	}
}

func TestSumBitsSameForAnyWorkerCount(t *testing.T) {
	t.Parallel()
	// Values over many magnitudes make the result sensitive to the order of
	// additions, so any order that depended on workers would show.
	r := rand.New(rand.NewPCG(9, 10))
	a := make([]float32, 1<<20+123)
	for i := range a {
		a[i] = float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
	}
	want := sum(1, a)
	for _, w := range []int{2, 3, 4, 8, 16} {
		for range 3 {
			if got := sum(w, a); math.Float32bits(got) != math.Float32bits(want) {
				t.Fatalf("Sum with %d workers = %x, with 1 = %x", w, math.Float32bits(got), math.Float32bits(want))
			}
		}
	}
	// The partials are added in float64; a sanity bound on the error.
	exact, mag := 0.0, 0.0
	for _, x := range a {
		exact += float64(x)
		mag += math.Abs(float64(x))
	}
	if e := math.Abs(float64(want) - exact); e > 1e-6*mag {
		t.Errorf("parallel Sum off by %g, more than 1e-6 of the sum of magnitudes %g", e, mag)
	}
}

func TestArgMinMaxSpecialValues(t *testing.T) {
	t.Parallel()
	n := reduceMin + 5*reduceChunk + 17
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		set  map[int]float64
	}{
		{"tie across chunks", map[int]float64{reduceChunk + 5: -9, 3*reduceChunk + 1: -9, 4*reduceChunk - 1: 9, 5*reduceChunk + 2: 9}},
		{"first NaN in a later chunk", map[int]float64{4*reduceChunk + 9: nan, 5*reduceChunk + 1: nan, 7: -9, 8: 9}},
		{"NaN at the very end", map[int]float64{n - 1: nan}},
		{"NaN first", map[int]float64{0: nan, n - 1: nan}},
		{"signed zeros", map[int]float64{2*reduceChunk + 3: math.Copysign(0, -1), 3 * reduceChunk: 0}},
		{"infinities", map[int]float64{reduceChunk: math.Inf(-1), 6 * reduceChunk: math.Inf(1), 6*reduceChunk + 1: math.Inf(-1)}},
	} {
		a := make([]float64, n)
		for i := range a {
			a[i] = 1 + float64(i%7)/8 // ties everywhere, all positive
		}
		for i, v := range tc.set {
			a[i] = v
		}
		for _, w := range testWorkers {
			if got, want := argExtreme(w, false, a), kernels.ArgMin(a); got != want {
				t.Errorf("%s: ArgMin workers=%d = %d, want %d", tc.name, w, got, want)
			}
			if got, want := argExtreme(w, true, a), kernels.ArgMax(a); got != want {
				t.Errorf("%s: ArgMax workers=%d = %d, want %d", tc.name, w, got, want)
			}
			if got, want := extreme(w, false, a), kernels.Min(a); got != want && !(got != got && want != want) {
				t.Errorf("%s: Min workers=%d = %v, want %v", tc.name, w, got, want)
			}
			if got, want := extreme(w, true, a), kernels.Max(a); got != want && !(got != got && want != want) {
				t.Errorf("%s: Max workers=%d = %v, want %v", tc.name, w, got, want)
			}
		}
	}
	if ArgMin([]float32{}) != -1 || ArgMax([]float64(nil)) != -1 {
		t.Error("ArgMin/ArgMax of an empty slice is not -1")
	}
}

func TestNormRangeAndSpecialValues(t *testing.T) {
	t.Parallel()
	testNormRange[float32](t, 1e38, 1e-30, 1e-6)
	testNormRange[float64](t, 1e300, 1e-300, 1e-14)
}

func testNormRange[T kernels.Float](t *testing.T, huge, tiny T, tol float64) {
	n := reduceMin + 2*reduceChunk + 3
	r := rand.New(rand.NewPCG(11, 12))
	for _, tc := range []struct {
		name  string
		scale T
		set   map[int]float64
	}{
		{"huge", huge, nil},
		{"tiny", tiny, nil},
		{"huge in one chunk", 1, map[int]float64{3*reduceChunk + 2: float64(huge)}},
		{"zeros", 0, nil},
		{"Inf", 1, map[int]float64{reduceChunk: math.Inf(-1)}},
		{"NaN", 1, map[int]float64{2 * reduceChunk: math.NaN()}},
		{"NaN after Inf", 1, map[int]float64{0: math.Inf(1), n - 1: math.NaN()}},
	} {
		a, b := make([]T, n), make([]T, n)
		for i := range a {
			a[i] = T(r.Float64()+0.5) * tc.scale
			b[i] = -a[i] / 2
		}
		for i, v := range tc.set {
			a[i] = T(v)
		}
		wantNorm, wantDist := kernels.Norm(a), kernels.Distance(a, b)
		for _, w := range []int{1, 3} { // the scaled slow path is slow under -race
			for _, k := range []struct {
				name      string
				got, want T
			}{
				{"Norm", norm(w, a), wantNorm},
				{"Distance", distance(w, a, b), wantDist},
			} {
				switch {
				case k.want != k.want:
					if k.got == k.got {
						t.Errorf("%s %T %s workers=%d = %v, want NaN", k.name, T(0), tc.name, w, k.got)
					}
				case math.IsInf(float64(k.want), 0) || k.want == 0:
					if k.got != k.want {
						t.Errorf("%s %T %s workers=%d = %v, want %v", k.name, T(0), tc.name, w, k.got, k.want)
					}
				default:
					if rel := math.Abs(float64(k.got)/float64(k.want) - 1); !(rel <= tol) {
						t.Errorf("%s %T %s workers=%d = %v, want %v (relative error %g)", k.name, T(0), tc.name, w, k.got, k.want, rel)
					}
				}
			}
		}
	}
}

// kernelPanic returns the panic message of f, or "" if it did not panic.
func kernelPanic(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	f()
	return ""
}

func TestPanicsLikeKernels(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, reduceMin + 1} {
		buf := make([]float32, 3*n)
		a, b, short := buf[:n], buf[n:2*n], buf[2*n:3*n-1]
		shifted := buf[1 : n+1] // overlaps a, not the very same slice
		f64 := make([]float64, n)
		u8 := make([]uint8, n)
		for _, tc := range []struct {
			name     string
			par, ser func()
		}{
			{"Add length", func() { Add(a, b, short) }, func() { kernels.Add(a, b, short) }},
			{"Sub overlap", func() { Sub(shifted, a, b) }, func() { kernels.Sub(shifted, a, b) }},
			{"Mul overlap b", func() { Mul(shifted, b, a) }, func() { kernels.Mul(shifted, b, a) }},
			{"Div length", func() { Div(short, a, b) }, func() { kernels.Div(short, a, b) }},
			{"AddConst length", func() { AddConst(a, short, 1) }, func() { kernels.AddConst(a, short, 1) }},
			{"Scale overlap", func() { Scale(shifted, a, 1) }, func() { kernels.Scale(shifted, a, 1) }},
			{"Axpy length", func() { Axpy(1, a, short) }, func() { kernels.Axpy(1, a, short) }},
			{"Axpy overlap", func() { Axpy(1, a, shifted) }, func() { kernels.Axpy(1, a, shifted) }},
			{"MulAdd length", func() { MulAdd(a, b, b, short) }, func() { kernels.MulAdd(a, b, b, short) }},
			{"MulAdd overlap c", func() { MulAdd(shifted, b, b, a) }, func() { kernels.MulAdd(shifted, b, b, a) }},
			{"Dot length", func() { Dot(a, short) }, func() { kernels.Dot(a, short) }},
			{"Distance length", func() { Distance(short, a) }, func() { kernels.Distance(short, a) }},
			{"Min empty", func() { Min(a[:0]) }, func() { kernels.Min(a[:0]) }},
			{"Max empty", func() { Max([]float64{}) }, func() { kernels.Max([]float64{}) }},
			{"Float32To64 length", func() { Float32To64(f64, short) }, func() { kernels.Float32To64(f64, short) }},
			{"Float64To32 length", func() { Float64To32(short, f64) }, func() { kernels.Float64To32(short, f64) }},
			{"Uint8ToFloat32 length", func() { Uint8ToFloat32(short, u8, 1, 0) }, func() { kernels.Uint8ToFloat32(short, u8, 1, 0) }},
			{"Float32ToUint8 length", func() { Float32ToUint8(u8, short) }, func() { kernels.Float32ToUint8(u8, short) }},
			{"Float32ToUint8 overlap", func() {
				Float32ToUint8(unsafeBytes(a)[4:4+n], a)
			}, func() { kernels.Float32ToUint8(unsafeBytes(a)[4:4+n], a) }},
		} {
			want := kernelPanic(tc.ser)
			got := kernelPanic(tc.par)
			if want == "" {
				t.Fatalf("%s n=%d: kernels did not panic", tc.name, n)
			}
			if got != strings.Replace(want, "kernels.", "parallel.", 1) {
				t.Errorf("%s n=%d: panic %q, kernels says %q", tc.name, n, got, want)
			}
		}
	}
	// The very same slice as destination and input is allowed.
	a := make([]float64, reduceMin+1)
	if msg := kernelPanic(func() { Add(a, a, a); Axpy(2, a, a) }); msg != "" {
		t.Errorf("exact aliasing panicked: %s", msg)
	}
}

// exactSum adds term(0..n-1) in float64 with Neumaier's compensation: far
// closer to the exact sum than any bound tested here.
func exactSum(n int, term func(int) float64) float64 {
	s, c := 0.0, 0.0
	for i := 0; i < n; i++ {
		v := term(i)
		t := s + v
		if math.Abs(s) >= math.Abs(v) {
			c += (s - t) + v
		} else {
			c += (v - t) + s
		}
		s = t
	}
	return s + c
}
