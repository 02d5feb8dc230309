//go:build !purego

package asm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// These tests check every NEON kernel against plain Go written here, not
// against package kernels (which imports this package): elementwise ops
// and conversions bit for bit (any NaN matches any NaN), Axpy and MulAdd
// against an exactly rounded fused multiply-add, and the reductions bit
// for bit against a model of the NEON summation order (8 accumulators,
// tree, pairwise fold, scalar tail), which also proves that the result
// depends on the length alone.

type float interface{ ~float32 | ~float64 }

func TestNEONPresent(t *testing.T) {
	if NEON == nil {
		t.Fatal("asm.NEON is nil on arm64 without purego")
	}
}

const guard = 5

var maxF64 = math.MaxFloat64

func sameBits[T float](a, b T) bool {
	if a != a && b != b {
		return true
	}
	if unsafe.Sizeof(a) == 4 {
		return math.Float32bits(float32(a)) == math.Float32bits(float32(b))
	}
	return math.Float64bits(float64(a)) == math.Float64bits(float64(b))
}

func specials[T float]() []T {
	var z T
	if unsafe.Sizeof(z) == 4 {
		return []T{T(math.NaN()), T(math.Inf(1)), T(math.Inf(-1)), 0, T(math.Copysign(0, -1)),
			T(math.Float32frombits(1)), -T(math.Float32frombits(0x007fffff)), T(math.Float32frombits(0x00800000)),
			T(float32(math.MaxFloat32)), -T(float32(math.MaxFloat32)), 1, -1, 0.5, 3}
	}
	return []T{T(math.NaN()), T(math.Inf(1)), T(math.Inf(-1)), 0, T(math.Copysign(0, -1)),
		T(math.Float64frombits(1)), -T(math.Float64frombits(0x000fffffffffffff)), T(math.Float64frombits(0x0010000000000000)),
		T(maxF64), -T(maxF64), 1, -1, 0.5, 3}
}

// values returns n numbers, about one in special of them from specials()
// (none when special is 0), the rest uniform in [-100, 100).
func values[T float](rng *rand.Rand, n, special int) []T {
	sp := specials[T]()
	v := make([]T, n)
	for i := range v {
		if special > 0 && rng.IntN(special) == 0 {
			v[i] = sp[rng.IntN(len(sp))]
		} else {
			v[i] = T(rng.Float64()*200 - 100)
		}
	}
	return v
}

// lengths are 0..300 (every remainder of every unroll) and a few long ones.
func lengths() []int {
	var n []int
	for i := 0; i <= 300; i++ {
		n = append(n, i)
	}
	return append(n, 1023, 4099)
}

// guarded returns a slice of n elements at offset off (shifting the
// alignment) inside a buffer whose other elements hold the sentinel, and a
// check that they still do.
func guarded[T any](t *testing.T, n, off int, sentinel T, same func(a, b T) bool) ([]T, func(what string)) {
	buf := make([]T, off+guard+n+guard)
	for i := range buf {
		buf[i] = sentinel
	}
	lo := off + guard
	return buf[lo : lo+n], func(what string) {
		t.Helper()
		for i, v := range buf {
			if (i < lo || i >= lo+n) && !same(v, sentinel) {
				t.Fatalf("%s: element %d outside the slice [%d,%d) overwritten", what, i, lo, lo+n)
			}
		}
	}
}

func ops[T float]() FloatOps[T] {
	var z T
	if unsafe.Sizeof(z) == 4 {
		return *(*FloatOps[T])(unsafe.Pointer(&NEON.F32))
	}
	return *(*FloatOps[T])(unsafe.Pointer(&NEON.F64))
}

func TestNEONElementwise(t *testing.T) {
	testElementwise[float32](t)
	testElementwise[float64](t)
}

func testElementwise[T float](t *testing.T) {
	o := ops[T]()
	name := fmt.Sprintf("%T", T(0))
	rng := rand.New(rand.NewPCG(1, uint64(unsafe.Sizeof(T(0)))))
	sentinel := T(-12345.5)
	type bin struct {
		name string
		f    func(dst, a, b []T)
		ref  func(a, b T) T
	}
	bins := []bin{
		{"Add", o.Add, func(a, b T) T { return a + b }},
		{"Sub", o.Sub, func(a, b T) T { return a - b }},
		{"Mul", o.Mul, func(a, b T) T { return a * b }},
		{"Div", o.Div, func(a, b T) T { return a / b }},
	}
	for _, n := range lengths() {
		off := n % 4
		a, b, c := values[T](rng, n, 6), values[T](rng, n, 6), values[T](rng, n, 6)
		k := specials[T]()[n%len(specials[T]())]
		if n%3 == 0 {
			k = T(rng.Float64()*10 - 5)
		}
		check := func(op string, got []T, ref func(i int) T, alt func(i int) T) {
			t.Helper()
			for i := range got {
				want := ref(i)
				if !sameBits(got[i], want) && (alt == nil || !sameBits(got[i], alt(i))) {
					t.Fatalf("%s %s n=%d: [%d] = %v (%#x), want %v", name, op, n, i, got[i], bits(got[i]), want)
				}
			}
		}
		for _, bo := range bins {
			dst, ok := guarded(t, n, off, sentinel, sameBits[T])
			bo.f(dst, a, b)
			ok(bo.name)
			check(bo.name, dst, func(i int) T { return bo.ref(a[i], b[i]) }, nil)
		}
		dst, ok := guarded(t, n, off, sentinel, sameBits[T])
		o.AddConst(dst, a, k)
		ok("AddConst")
		check("AddConst", dst, func(i int) T { return a[i] + k }, nil)
		o.Scale(dst, a, k)
		ok("Scale")
		check("Scale", dst, func(i int) T { return a[i] * k }, nil)

		// Axpy and MulAdd may fuse: accept the fused or the unfused result.
		y, ok := guarded(t, n, off, sentinel, sameBits[T])
		copy(y, b)
		o.Axpy(k, a, y)
		ok("Axpy")
		check("Axpy", y, func(i int) T { return fma(k, a[i], b[i]) }, func(i int) T { return T(k*a[i]) + b[i] })
		o.MulAdd(dst, a, b, c)
		ok("MulAdd")
		check("MulAdd", dst, func(i int) T { return fma(a[i], b[i], c[i]) }, func(i int) T { return T(a[i]*b[i]) + c[i] })

		// In place: dst aliasing an input.
		d := append([]T(nil), a...)
		o.Mul(d, d, b)
		check("Mul in place", d, func(i int) T { return a[i] * b[i] }, nil)
	}
}

func bits[T float](v T) uint64 {
	if unsafe.Sizeof(v) == 4 {
		return uint64(math.Float32bits(float32(v)))
	}
	return math.Float64bits(float64(v))
}

// fma is a*b + c with one rounding. For float32 the float64 product is
// exact; the sum is rounded to odd (TwoSum gives its exact error), which
// makes the final rounding to float32 correct.
func fma[T float](a, b, c T) T {
	if unsafe.Sizeof(a) == 8 {
		return T(math.FMA(float64(a), float64(b), float64(c)))
	}
	p, q := float64(a)*float64(b), float64(c)
	s := p + q
	if math.IsInf(s, 0) || math.IsNaN(s) {
		return T(float32(s))
	}
	bb := s - p
	err := (p - (s - bb)) + (q - bb)
	if u := math.Float64bits(s); err != 0 && u&1 == 0 {
		if (err > 0) == (s > 0) {
			u++
		} else {
			u--
		}
		s = math.Float64frombits(u)
	}
	return T(float32(s))
}

// model computes a reduction in the NEON kernels' order: 8 accumulators
// of lanes elements, single registers into the first, a tree, a pairwise
// fold across lanes, then the leftover elements one by one.
func model[T float](n, lanes int, init T, term func(acc T, i int) T, combine func(x, y T) T) T {
	var acc [8][4]T
	for r := range acc {
		for l := range acc[r] {
			acc[r][l] = init
		}
	}
	i := 0
	for ; i+8*lanes <= n; i += 8 * lanes {
		for r := 0; r < 8; r++ {
			for l := 0; l < lanes; l++ {
				acc[r][l] = term(acc[r][l], i+r*lanes+l)
			}
		}
	}
	for ; i+lanes <= n; i += lanes {
		for l := 0; l < lanes; l++ {
			acc[0][l] = term(acc[0][l], i+l)
		}
	}
	for s := 1; s < 8; s *= 2 {
		for k := 0; k+s < 8; k += 2 * s {
			for l := 0; l < lanes; l++ {
				acc[k][l] = combine(acc[k][l], acc[k+s][l])
			}
		}
	}
	v := acc[0][:lanes]
	for len(v) > 1 {
		w := make([]T, len(v)/2)
		for j := range w {
			w[j] = combine(v[2*j], v[2*j+1])
		}
		v = w
	}
	s := v[0]
	for ; i < n; i++ {
		s = term(s, i)
	}
	return s
}

func TestNEONReductions(t *testing.T) {
	testReductions[float32](t, 4)
	testReductions[float64](t, 2)
}

func testReductions[T float](t *testing.T, lanes int) {
	o := ops[T]()
	name := fmt.Sprintf("%T", T(0))
	rng := rand.New(rand.NewPCG(2, uint64(lanes)))
	add := func(x, y T) T { return x + y }
	for _, n := range lengths() {
		for _, special := range []int{0, 40} {
			a, b := values[T](rng, n, special), values[T](rng, n, special)
			for _, c := range []struct {
				op   string
				got  func(a, b []T) T
				term func(acc T, i int) T
			}{
				{"Sum", func(a, _ []T) T { return o.Sum(a) }, func(s T, i int) T { return s + a[i] }},
				{"Dot", o.Dot, func(s T, i int) T { return fma(a[i], b[i], s) }},
				{"SumSquares", func(a, _ []T) T { return o.SumSquares(a) }, func(s T, i int) T { return fma(a[i], a[i], s) }},
				{"SumSquaredDiff", o.SumSquaredDiff, func(s T, i int) T { d := a[i] - b[i]; return fma(d, d, s) }},
			} {
				want := model(n, lanes, 0, c.term, add)
				// The same data at another alignment must give the same bits.
				for off := 0; off < 3; off++ {
					a2, b2 := append(make([]T, off), a...)[off:], append(make([]T, off), b...)[off:]
					if got := c.got(a2, b2); !sameBits(got, want) {
						t.Fatalf("%s %s n=%d off=%d: %v (%#x), model says %v (%#x)", name, c.op, n, off, got, bits(got), want, bits(want))
					}
				}
			}
			checkExtreme(t, name, n, a, o.Min(a), math.Inf(1), func(x, m T) bool { return x < m })
			checkExtreme(t, name, n, a, o.Max(a), math.Inf(-1), func(x, m T) bool { return x > m })
		}
	}
	// A NaN anywhere wins, whatever else is there (Inf, zeros).
	for n := 1; n <= 70; n++ {
		for p := 0; p < n; p++ {
			a := values[T](rng, n, 3)
			for i := range a {
				if a[i] != a[i] {
					a[i] = 1
				}
			}
			a[p] = T(math.NaN())
			if m := o.Min(a); m == m {
				t.Fatalf("%s Min n=%d with NaN at %d = %v", name, n, p, m)
			}
			if m := o.Max(a); m == m {
				t.Fatalf("%s Max n=%d with NaN at %d = %v", name, n, p, m)
			}
		}
	}
}

func checkExtreme[T float](t *testing.T, name string, n int, a []T, got T, empty float64, better func(x, m T) bool) {
	t.Helper()
	want, nan := T(empty), false
	for _, x := range a {
		if x != x {
			nan = true
		} else if better(x, want) {
			want = x
		}
	}
	if nan {
		if got == got {
			t.Fatalf("%s min/max n=%d: %v, want NaN", name, n, got)
		}
		return
	}
	if got != want { // -0 == +0: the sign of a zero result is unspecified
		t.Fatalf("%s min/max (empty %v) n=%d: %v, want %v", name, empty, n, got, want)
	}
}

func TestNEONIndex(t *testing.T) {
	testIndex[float32](t)
	testIndex[float64](t)
}

func testIndex[T float](t *testing.T) {
	o := ops[T]()
	name := fmt.Sprintf("%T", T(0))
	rng := rand.New(rand.NewPCG(3, uint64(unsafe.Sizeof(T(0)))))
	nan, negZero := T(math.NaN()), T(math.Copysign(0, -1))
	for _, n := range lengths()[:140] {
		a := values[T](rng, n, 0)
		for i := range a {
			a[i] = T(int(a[i])) + 0.25 // never 7, never 0, never NaN
		}
		if got := o.Index(a, 7); got != -1 {
			t.Fatalf("%s Index n=%d of an absent value = %d", name, n, got)
		}
		if got := o.IndexNaN(a); got != -1 {
			t.Fatalf("%s IndexNaN n=%d without NaN = %d", name, n, got)
		}
		for p := 0; p < n; p++ {
			b := append([]T(nil), a...)
			b[p] = 7
			if p+3 < n {
				b[p+3] = 7 // a later match must not win
			}
			if got := o.Index(b, 7); got != p {
				t.Fatalf("%s Index n=%d, 7 at %d: %d", name, n, p, got)
			}
			b[p] = 0
			if got := o.Index(b, negZero); got != p {
				t.Fatalf("%s Index(-0) n=%d, +0 at %d: %d", name, n, p, got)
			}
			b[p] = nan
			if got := o.Index(b, nan); got != -1 {
				t.Fatalf("%s Index(NaN) n=%d: %d, want -1", name, n, got)
			}
			if p+2 < n {
				b[p+2] = T(math.Inf(1))
			}
			if got := o.IndexNaN(b); got != p {
				t.Fatalf("%s IndexNaN n=%d, NaN at %d: %d", name, n, p, got)
			}
		}
	}
}

func TestNEONConversions(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, n := range lengths() {
		off := n % 3
		// Float32To64: exact.
		s32 := values[float32](rng, n, 5)
		d64, ok64 := guarded(t, n, off, -7.5, sameBits[float64])
		NEON.Float32To64(d64, s32)
		ok64("Float32To64")
		for i := range d64 {
			if !sameBits(d64[i], float64(s32[i])) {
				t.Fatalf("Float32To64 n=%d: [%d] %v -> %v", n, i, s32[i], d64[i])
			}
		}
		// Float64To32: random bit patterns (every exponent, subnormals,
		// overflow), halfway cases and specials; round to nearest even.
		s64 := values[float64](rng, n, 5)
		for i := range s64 {
			switch rng.IntN(4) {
			case 0:
				s64[i] = math.Float64frombits(rng.Uint64())
			case 1: // exactly halfway between two float32
				f := math.Float32frombits(rng.Uint32() &^ (1 << 31) >> 1)
				s64[i] = float64(f) + (float64(math.Nextafter32(f, float32(math.Inf(1))))-float64(f))/2
			}
		}
		d32, ok32 := guarded(t, n, off, -7.5, sameBits[float32])
		NEON.Float64To32(d32, s64)
		ok32("Float64To32")
		for i := range d32 {
			if !sameBits(d32[i], float32(s64[i])) {
				t.Fatalf("Float64To32 n=%d: [%d] %v -> %v, want %v", n, i, s64[i], d32[i], float32(s64[i]))
			}
		}
		// Uint8ToFloat32: never fused.
		u8 := make([]uint8, n)
		for i := range u8 {
			u8[i] = uint8(rng.Uint32())
		}
		scale, offset := float32(1.0/255), float32(-0.5)
		switch n % 4 {
		case 1:
			scale, offset = float32(rng.Float64()*3), float32(rng.NormFloat64())
		case 2:
			scale, offset = float32(math.Inf(1)), 1 // 0*Inf is NaN
		case 3:
			scale, offset = 0.1, float32(math.NaN())
		}
		NEON.Uint8ToFloat32(d32, u8, scale, offset)
		ok32("Uint8ToFloat32")
		for i, v := range u8 {
			if want := float32(float32(v)*scale) + offset; !sameBits(d32[i], want) {
				t.Fatalf("Uint8ToFloat32 n=%d scale=%v offset=%v: [%d] %d -> %v, want %v", n, scale, offset, i, v, d32[i], want)
			}
		}
		// Float32ToUint8: round half to even, clamp, NaN to 0.
		for i := range s32 {
			switch rng.IntN(3) {
			case 0:
				s32[i] = float32(rng.IntN(262)-3) + 0.5 // halfway cases
			case 1:
				s32[i] = float32(rng.Float64()*270 - 5)
			}
		}
		du, oku := guarded(t, n, off, uint8(0xa5), func(a, b uint8) bool { return a == b })
		NEON.Float32ToUint8(du, s32)
		oku("Float32ToUint8")
		for i, v := range s32 {
			if want := toUint8(v); du[i] != want {
				t.Fatalf("Float32ToUint8 n=%d: [%d] %v -> %d, want %d", n, i, v, du[i], want)
			}
		}
	}
	// Every byte, and the edges of Float32ToUint8.
	all := make([]uint8, 256)
	for i := range all {
		all[i] = uint8(i)
	}
	f := make([]float32, 256)
	NEON.Uint8ToFloat32(f, all, 1.0/255, 0)
	for i := range f {
		if want := float32(float32(i)*(1.0/255)) + 0; f[i] != want {
			t.Fatalf("Uint8ToFloat32(%d) = %v, want %v", i, f[i], want)
		}
	}
	edges := []float32{0.5, 1.5, 2.5, 254.5, 255, 255.5, 256, 1e10, float32(math.Inf(1)), float32(math.Inf(-1)),
		float32(math.NaN()), -0.5, -0.49, -1, float32(math.Copysign(0, -1)), math.Float32frombits(1),
		math.Nextafter32(255, 0), math.Nextafter32(254.5, 0), math.Nextafter32(254.5, 300), math.Nextafter32(0.5, 1), 4294967296}
	got := make([]uint8, len(edges))
	NEON.Float32ToUint8(got, edges)
	for i, v := range edges {
		if want := toUint8(v); got[i] != want {
			t.Errorf("Float32ToUint8(%v) = %d, want %d", v, got[i], want)
		}
	}
}

func toUint8(v float32) uint8 {
	switch {
	case !(v > 0):
		return 0
	case v >= 255:
		return 255
	}
	return uint8(math.RoundToEven(float64(v)))
}
