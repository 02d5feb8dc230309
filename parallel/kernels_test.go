package parallel

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
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

// ewCase is one elementwise kernel (cases_gen_test.go): on runs the
// parallel implementation on w workers, par the exported function and ser
// the serial twin, each writing d from the inputs. inPlace: d is also an
// input (Axpy's y), copied into d first.
type ewCase[T kernels.Float] struct {
	name     string
	inputs   int
	inPlace  bool
	on       func(w int, d []T, in [][]T)
	par, ser func(d []T, in [][]T)
}

func testElementwise[T kernels.Float](t *testing.T, lengths []int) {
	for _, k := range ewCases[T]() {
		t.Run(fmt.Sprintf("%s/%T", k.name, T(0)), func(t *testing.T) { testElementwiseCase(t, k, lengths) })
	}
}

func testElementwiseCase[T kernels.Float](t *testing.T, k ewCase[T], lengths []int) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range lengths {
		in := make([][]T, k.inputs)
		for i := range in {
			in[i] = randoms[T](r, n)
		}
		want, got := make([]T, n), make([]T, n)
		for _, w := range testWorkers {
			what := fmt.Sprintf("%s[%T] n=%d workers=%d", k.name, T(0), n, w)
			k.ser(want, in)
			k.on(w, got, in)
			sameSlices(t, what, got, want)
			if k.inPlace {
				continue
			}
			// The destination may be an input.
			copy(want, in[0])
			copy(got, in[0])
			k.ser(want, append([][]T{want}, in[1:]...))
			k.on(w, got, append([][]T{got}, in[1:]...))
			sameSlices(t, what+" in place", got, want)
		}
	}
	// The exported wrappers use the default worker count.
	n := reduceMin + 5
	in := make([][]T, k.inputs)
	for i := range in {
		in[i] = randoms[T](r, n)
	}
	want, got := make([]T, n), make([]T, n)
	k.ser(want, in)
	k.par(got, in)
	sameSlices(t, k.name, got, want)
}

func TestConversionsMatchKernels(t *testing.T) {
	t.Parallel()
	for _, c := range convCases() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 6))
			for _, n := range mapLengths {
				for _, w := range testWorkers {
					c.check(t, r, n, w)
				}
			}
		})
	}
}

// convCase is one conversion (cases_gen_test.go), checked on n elements
// and w workers.
type convCase struct {
	name  string
	check func(t *testing.T, r *rand.Rand, n, w int)
}

// checkConversion compares a parallel conversion on w workers (on) and its
// exported function (par) with the serial twin (ser), bit for bit, on n
// indices of gd and gs elements (pixels), on
// sources spanning the types' ranges: float64 over ±2^150 (float32
// overflow and underflow), float32 around the byte range with a NaN, an
// Inf and a half, bytes at random.
func checkConversion[D, S any](t *testing.T, name string, r *rand.Rand, n, w, gd, gs int,
	on func(w int, dst []D, src []S), par, ser func(dst []D, src []S)) {
	t.Helper()
	src := make([]S, gs*n)
	switch s := any(src).(type) {
	case []float64:
		for i := range s {
			s[i] = (r.Float64()*300 - 20) * math.Pow(2, float64(r.IntN(300)-150))
		}
	case []float32:
		for i := range s {
			s[i] = float32(r.Float64()*300 - 20)
		}
		if n > 3 {
			s[1], s[2], s[3] = float32(math.NaN()), float32(math.Inf(1)), 254.5
		}
	case []uint8:
		for i := range s {
			s[i] = uint8(r.UintN(256))
		}
	default:
		t.Fatalf("%s: no source data for %T", name, src)
	}
	want, got := make([]D, gd*n), make([]D, gd*n)
	ser(want, src)
	on(w, got, src)
	sameSlices(t, fmt.Sprintf("%s n=%d workers=%d", name, n, w), got, want)
	fresh := make([]D, gd*n) // a buffer the exported function alone writes
	par(fresh, src)
	sameSlices(t, fmt.Sprintf("%s n=%d exported", name, n), fresh, want)
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

// TestPanicsLikeKernels makes every misuse of every parallel kernel
// (cases_gen_test.go) on both sides of the serial threshold, and checks
// that it panics with the message package kernels gives for the same
// misuse, naming the parallel function instead.
func TestPanicsLikeKernels(t *testing.T) {
	t.Parallel()
	for _, n := range []int{16, reduceMin + 1} {
		par, ser := misuseCases(n), serialMisuseCases(n)
		if len(par) != len(ser) {
			t.Fatalf("%d parallel misuses, %d serial ones", len(par), len(ser))
		}
		for i, tc := range par {
			if tc.name != ser[i].name {
				t.Fatalf("misuse %d: %s against %s", i, tc.name, ser[i].name)
			}
			want := kernelPanic(ser[i].call)
			got := kernelPanic(tc.call)
			if want == "" {
				t.Fatalf("%s n=%d: kernels did not panic", tc.name, n)
			}
			if got != strings.Replace(want, "kernels.", "parallel.", 1) {
				t.Errorf("%s n=%d: panic %q, kernels says %q", tc.name, n, got, want)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s n=%d: panic %q lacks %q", tc.name, n, got, w)
				}
			}
		}
	}
	// The very same slice as destination and input is allowed.
	a := make([]float64, reduceMin+1)
	if msg := kernelPanic(func() { Add(a, a, a); Axpy(2, a, a) }); msg != "" {
		t.Errorf("exact aliasing panicked: %s", msg)
	}
}

// misuseCase is a call that must panic with a message containing want.
type misuseCase struct {
	name string
	call func()
	want []string
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

// ulpDiff returns how many float32 values lie between x and y (0 if equal).
func ulpDiff(x, y float32) int64 {
	d := int64(math.Float32bits(x)) - int64(math.Float32bits(y))
	return max(d, -d)
}

// subnormalNorm returns sqrt(Σ(m(i)·2⁻¹⁴⁹)²) correctly rounded to float32,
// for integers m(i) (the multiples of the least subnormal float32): the sum
// of squares is exact in a big.Int, its square root is taken to 200 bits.
func subnormalNorm(n int, m func(int) int64) float32 {
	s, x := new(big.Int), new(big.Int)
	for i := range n {
		x.SetInt64(m(i))
		s.Add(s, x.Mul(x, x))
	}
	f := new(big.Float).SetPrec(200).SetInt(s)
	f.Sqrt(f)
	f.SetMantExp(f, -149)
	r, _ := f.Float32()
	return r
}

// subnormalMant returns the signed multiple of 2⁻¹⁴⁹ that x is.
func subnormalMant(x float32) int64 {
	m := int64(math.Float32bits(x) &^ (1 << 31))
	if math.Signbit(float64(x)) {
		return -m
	}
	return m
}

func TestNormFloat32SubnormalChunks(t *testing.T) {
	t.Parallel()
	// Subnormal elements make every chunk's norm subnormal in float32, where
	// rounding it loses up to half a unit of 2⁻¹⁴⁹; over k chunks that
	// rounded the same way, the combined norm is off by up to √k/2 units.
	// kernels.Norm sums such squares in float64; so must the parallel
	// kernels when they combine the chunks.
	//
	// Worst case: every chunk holds two elements m·2⁻¹⁴⁹, whose norm m·√2
	// lies just below a half-way point, so that every chunk norm rounds
	// down by almost half a unit (about 5 units in all over 100 chunks).
	m := int64(1 << 20)
	for f := float64(m) * math.Sqrt2; f-math.Floor(f) < 0.45 || f-math.Floor(f) > 0.49; f = float64(m) * math.Sqrt2 {
		m++
	}
	worst := make([]float32, 100*reduceChunk)
	for c := range 100 {
		worst[c*reduceChunk] = math.Float32frombits(uint32(m))
		worst[c*reduceChunk+7] = -math.Float32frombits(uint32(m))
	}
	// Random subnormal elements, for the same on a typical input.
	r := rand.New(rand.NewPCG(21, 22))
	random := make([]float32, reduceMin+3*reduceChunk+5)
	for i := range random {
		random[i] = math.Float32frombits(uint32(r.IntN(1<<12)) | uint32(r.IntN(2))<<31)
	}
	for _, tc := range []struct {
		name string
		a    []float32
	}{{"worst", worst}, {"random", random}} {
		a := tc.a
		b := make([]float32, len(a)) // worst: zeros, so Distance is Norm
		if tc.name != "worst" {
			copy(b, a[reduceChunk:]) // the elements shifted by one chunk
		}
		wantNorm := subnormalNorm(len(a), func(i int) int64 { return subnormalMant(a[i]) })
		wantDist := subnormalNorm(len(a), func(i int) int64 { return subnormalMant(a[i]) - subnormalMant(b[i]) })
		// kernels.Norm is within one unit here (its float64 slow path); so
		// must the parallel versions be.
		if got := kernels.Norm(a); ulpDiff(got, wantNorm) > 1 {
			t.Fatalf("%s: kernels.Norm = %g, exact %g: %d units off (the reference is wrong?)", tc.name, got, wantNorm, ulpDiff(got, wantNorm))
		}
		if got := kernels.Distance(a, b); ulpDiff(got, wantDist) > 1 {
			t.Fatalf("%s: kernels.Distance = %g, exact %g: %d units off (the reference is wrong?)", tc.name, got, wantDist, ulpDiff(got, wantDist))
		}
		for _, w := range []int{1, 2, 4} {
			if got := norm(w, a); ulpDiff(got, wantNorm) > 1 {
				t.Errorf("%s: Norm workers=%d = %g, exact %g: %d units off", tc.name, w, got, wantNorm, ulpDiff(got, wantNorm))
			}
			if got := distance(w, a, b); ulpDiff(got, wantDist) > 1 {
				t.Errorf("%s: Distance workers=%d = %g, exact %g: %d units off", tc.name, w, got, wantDist, ulpDiff(got, wantDist))
			}
		}
	}
}
