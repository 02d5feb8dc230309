package testkit

import (
	"errors"
	"math"
	"math/big"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"unsafe"

	"github.com/hotloop/hotloop/internal/registry"
)

// fakeTB records a failure instead of failing the test; Fatal* and Skip*
// end the goroutine, so run it through capture.
type fakeTB struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, format
	runtime.Goexit()
}
func (f *fakeTB) Fatal(args ...any) { f.Fatalf("%v", args...) }
func (f *fakeTB) Skip(args ...any) {
	f.skipped = true
	runtime.Goexit()
}

func capture(f func(t testing.TB)) *fakeTB {
	tb := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(tb)
	}()
	<-done
	return tb
}

func TestSameComparisons(t *testing.T) {
	negZero := math.Copysign(0, -1)
	qnan, otherNaN := math.NaN(), math.Float64frombits(0x7ff0000000000001)
	for _, c := range []struct {
		a, b                float64
		bits, float, values bool
	}{
		{1, 1, true, true, true},
		{1, 2, false, false, false},
		{0, negZero, false, false, true},
		{qnan, qnan, true, true, true},
		{qnan, otherNaN, false, true, true},
		{qnan, 1, false, false, false},
		{math.Inf(1), math.Inf(1), true, true, true},
	} {
		if got := SameBits(c.a, c.b); got != c.bits {
			t.Errorf("SameBits(%v, %v) = %v", c.a, c.b, got)
		}
		if got := SameFloat(c.a, c.b); got != c.float {
			t.Errorf("SameFloat(%v, %v) = %v", c.a, c.b, got)
		}
		if got := SameFloat(float32(c.a), float32(c.b)); got != c.float {
			t.Errorf("SameFloat(float32(%v), float32(%v)) = %v", c.a, c.b, got)
		}
		if got := SameValue(c.a, c.b); got != c.values {
			t.Errorf("SameValue(%v, %v) = %v", c.a, c.b, got)
		}
	}
}

// fmaExact is a*b+c rounded once to float32 by big.Float.
func fmaExact(a, b, c float32) float32 {
	x := new(big.Float).SetPrec(300).SetFloat64(float64(a))
	x.Mul(x, new(big.Float).SetPrec(300).SetFloat64(float64(b)))
	x.Add(x, new(big.Float).SetPrec(300).SetFloat64(float64(c)))
	f, _ := x.Float32()
	if f == 0 && math.Signbit(float64(f)) != math.Signbit(float64(a*b+c)) {
		return 0 // big.Float's exact zero is +0, as IEEE's sum of opposites is
	}
	return f
}

func TestFMA(t *testing.T) {
	// (1+2⁻¹²)² + 2⁻⁸⁰ is 1 + 2⁻¹¹ + 2⁻²⁴ + 2⁻⁸⁰: just above the halfway
	// point between two float32, so it rounds up. Rounded to float64 first,
	// the 2⁻⁸⁰ is lost and the tie then rounds to even, down.
	a, c := float32(1+0x1p-12), float32(0x1p-80)
	want := float32(1 + 0x1p-11 + 0x1p-23)
	if got := FMA(a, a, c); got != want {
		t.Errorf("FMA(1+2⁻¹², 1+2⁻¹², 2⁻⁸⁰) = %v, want %v", got, want)
	}
	if naive := float32(math.FMA(float64(a), float64(a), float64(c))); naive == want {
		t.Errorf("the double-rounding case does not round twice: the test above proves nothing")
	}
	if got := FMA(float64(a), float64(a), float64(c)); got != math.FMA(float64(a), float64(a), float64(c)) {
		t.Errorf("FMA[float64] differs from math.FMA")
	}
	r := NewRand(1)
	sp := Specials[float32]()
	for i := 0; i < 200000; i++ {
		var v [3]float32
		for k := range v {
			switch r.IntN(4) {
			case 0:
				v[k] = sp[r.IntN(len(sp))]
			case 1:
				v[k] = math.Float32frombits(r.Uint32())
			default:
				v[k] = float32(r.NormFloat64() * math.Ldexp(1, r.IntN(60)-30))
			}
		}
		if i%3 == 0 { // c cancelling most of the product
			v[2] = -float32(float64(v[0]) * float64(v[1]))
		}
		got := FMA(v[0], v[1], v[2])
		if v[0] != v[0] || v[1] != v[1] || v[2] != v[2] || math.IsInf(float64(v[0])*float64(v[1])+float64(v[2]), 0) ||
			math.IsNaN(float64(v[0])*float64(v[1])+float64(v[2])) {
			continue // big.Float has no NaN or Inf
		}
		if want := fmaExact(v[0], v[1], v[2]); !SameValue(got, want) {
			t.Fatalf("FMA(%v, %v, %v) = %v, want %v", v[0], v[1], v[2], got, want)
		}
	}
}

func TestFusedOrNot(t *testing.T) {
	// (1+2⁻³⁰)(1-2⁻³⁰) - 1 is -2⁻⁶⁰ fused; the rounded product is 1, so
	// unfused it is 0.
	a, b, c := 1+0x1p-30, 1-0x1p-30, -1.0
	unfused := float64(a*b) + c
	if unfused != 0 {
		t.Fatalf("unfused = %v, want 0", unfused)
	}
	if !FusedOrNot(unfused, unfused, a, b, c) || !FusedOrNot(-0x1p-60, unfused, a, b, c) {
		t.Error("FusedOrNot rejects the fused or the unfused float64 result")
	}
	if FusedOrNot(0x1p-60, unfused, a, b, c) || FusedOrNot(-0x1p-59, unfused, a, b, c) {
		t.Error("FusedOrNot accepts a float64 result that is neither")
	}
	a32, b32 := float32(1+0x1p-15), float32(1-0x1p-15)
	u32 := float32(a32*b32) + float32(-1)
	if !FusedOrNot(u32, u32, a32, b32, -1) || !FusedOrNot(-0x1p-30, u32, a32, b32, -1) {
		t.Error("FusedOrNot rejects the fused or the unfused float32 result")
	}
	if FusedOrNot(math.Nextafter32(-0x1p-30, 0), u32, a32, b32, -1) {
		t.Error("FusedOrNot accepts a float32 result one ulp off the fused one")
	}
	if !FusedOrNot(float32(math.NaN()), float32(math.NaN()), 1, 1, 1) {
		t.Error("FusedOrNot rejects NaN for NaN")
	}
}

func simdISAs() []registry.ISA {
	var s []registry.ISA
	for _, isa := range registry.ISAs {
		if isa.VectorBytes > 0 {
			s = append(s, isa)
		}
	}
	return s
}

func sequential[T Float](a []T) T {
	var s T
	for _, v := range a {
		s += v
	}
	return s
}

// orderSensitive returns n values over many magnitudes, none zero, so
// that different addition orders give different sums.
func orderSensitive[T Float](seed uint64, n int) []T {
	r := NewRand(seed)
	a := make([]T, n)
	for i := range a {
		a[i] = T(math.Ldexp(r.Float64()+0.5, r.IntN(40)-20) * float64(1-2*r.IntN(2)))
	}
	return a
}

// TestReduceShortIsSequential checks that lengths below one vector are the
// plain loop on a scalar-tail ISA, and one folded vector on a masked-tail
// ISA.
func TestReduceShortIsSequential(t *testing.T) {
	testShort[float32](t)
	testShort[float64](t)
}

func testShort[T Float](t *testing.T) {
	for _, isa := range registry.ISAs {
		lanes := 1 << 30 // generic: every length is the plain loop
		if isa.VectorBytes > 0 {
			lanes = isa.Lanes(int(unsafe.Sizeof(T(0))))
		}
		for n := 0; n < min(lanes, 300); n++ {
			a := orderSensitive[T](uint64(n), n)
			if n > 0 {
				a[0] = T(math.Copysign(0, -1)) // +0 + -0 is +0 in both
			}
			got := Reduce(isa, len(a), func(s T, i int) T { return s + a[i] })
			want := sequential(a)
			if isa.MaskedTail {
				// One masked step: element l into lane l of a zeroed
				// accumulator (the tree adds only zeros), then the fold.
				v := make([]T, lanes)
				for l := range a {
					v[l] = v[l] + a[l]
				}
				want = Fold(isa.Fold, v)
			}
			if !SameBits(got, want) {
				t.Fatalf("%s %T n=%d: Reduce = %v, plain loop %v", isa.Name, T(0), len(a), got, want)
			}
		}
	}
}

func TestReduceOrder(t *testing.T) {
	// AVX2 float64 (4 lanes), n = 37: one block of 8 registers, one single
	// register into accumulator 0, the tree, halves, one tail element.
	{
		a := orderSensitive[float64](7, 37)
		acc := func(r, l int) float64 {
			v := a[4*r+l]
			if r == 0 {
				v += a[32+l]
			}
			return v
		}
		lane := func(l int) float64 {
			return ((acc(0, l) + acc(1, l)) + (acc(2, l) + acc(3, l))) + ((acc(4, l) + acc(5, l)) + (acc(6, l) + acc(7, l)))
		}
		want := ((lane(0) + lane(2)) + (lane(1) + lane(3))) + a[36]
		got := Reduce(registry.LookupISA("avx2"), 37, func(s float64, i int) float64 { return s + a[i] })
		if !SameBits(got, want) {
			t.Errorf("AVX2 float64 n=37: Reduce = %v, hand-written order %v", got, want)
		}
		if sequential(a) == want {
			t.Errorf("AVX2 float64: data not order-sensitive, the check above proves nothing")
		}
	}
	// NEON float32 (4 lanes), n = 38: the same, with pairwise folding and
	// two tail elements.
	{
		a := orderSensitive[float32](0, 38)
		acc := func(r, l int) float32 {
			v := a[4*r+l]
			if r == 0 {
				v += a[32+l]
			}
			return v
		}
		lane := func(l int) float32 {
			return ((acc(0, l) + acc(1, l)) + (acc(2, l) + acc(3, l))) + ((acc(4, l) + acc(5, l)) + (acc(6, l) + acc(7, l)))
		}
		want := ((lane(0) + lane(1)) + (lane(2) + lane(3))) + a[36] + a[37]
		got := Reduce(registry.LookupISA("neon"), 38, func(s float32, i int) float32 { return s + a[i] })
		if !SameBits(got, want) {
			t.Errorf("NEON float32 n=38: Reduce = %v, hand-written order %v", got, want)
		}
		halves := Reduce(registry.ISA{VectorBytes: 16, Fold: registry.FoldHalves}, 38, func(s float32, i int) float32 { return s + a[i] })
		if SameBits(halves, want) {
			t.Errorf("NEON float32: folding by halves gives the same sum, the check above proves nothing")
		}
	}
	// AVX2 float32 (8 lanes), n = 2*64+8+3: two blocks, one register, three
	// tail elements; halves fold 8 → 4 → 2 → 1.
	{
		a := orderSensitive[float32](9, 139)
		acc := func(r, l int) float32 {
			v := a[8*r+l] + a[64+8*r+l]
			if r == 0 {
				v += a[128+l]
			}
			return v
		}
		var v [8]float32
		for l := range v {
			v[l] = ((acc(0, l) + acc(1, l)) + (acc(2, l) + acc(3, l))) + ((acc(4, l) + acc(5, l)) + (acc(6, l) + acc(7, l)))
		}
		want := (((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]))) + a[136] + a[137] + a[138]
		got := Reduce(registry.LookupISA("avx2"), 139, func(s float32, i int) float32 { return s + a[i] })
		if !SameBits(got, want) {
			t.Errorf("AVX2 float32 n=139: Reduce = %v, hand-written order %v", got, want)
		}
		if neon := Reduce(registry.LookupISA("neon"), 139, func(s float32, i int) float32 { return s + a[i] }); SameBits(neon, want) {
			t.Errorf("AVX2 and NEON models agree on order-sensitive data: the check above proves nothing")
		}
	}
}

func TestTree(t *testing.T) {
	// The model relies on Tree combining every accumulator exactly once
	// into accumulator 0.
	for n := 1; n <= 16; n++ {
		live := make([]bool, n)
		for i := range live {
			live[i] = true
		}
		for _, p := range registry.Tree(n) {
			if !live[p[0]] || !live[p[1]] || p[0] == p[1] {
				t.Fatalf("Tree(%d): pair %v uses a consumed accumulator", n, p)
			}
			live[p[1]] = false
		}
		for i := 1; i < n; i++ {
			if live[i] {
				t.Fatalf("Tree(%d) leaves accumulator %d uncombined", n, i)
			}
		}
	}
}

func TestFold(t *testing.T) {
	v := []float64{1, 2, 4, 8, 16, 32, 64, 128} // exact in any order
	for _, f := range []registry.Fold{registry.FoldHalves, registry.FoldPairs} {
		if got := Fold(f, append([]float64(nil), v...)); got != 255 {
			t.Fatalf("Fold(%d) = %v, want every lane once: 255", f, got)
		}
	}
	// Pairwise, each 1 meets ±2⁵⁴ first and is rounded away (ties to
	// even); by halves the two 1s meet each other.
	w := []float64{0x1p54, 1, -0x1p54, 1}
	if got := Fold(registry.FoldPairs, append([]float64(nil), w...)); got != 0 {
		t.Errorf("Fold(pairs) of 2⁵⁴, 1, -2⁵⁴, 1 = %v, want (2⁵⁴+1)+(-2⁵⁴+1) = 0", got)
	}
	if got := Fold(registry.FoldHalves, append([]float64(nil), w...)); got != 2 {
		t.Errorf("Fold(halves) of 2⁵⁴, 1, -2⁵⁴, 1 = %v, want (2⁵⁴-2⁵⁴)+(1+1) = 2", got)
	}
}

func TestGuarded(t *testing.T) {
	for _, off := range []int{0, 3} {
		g := NewGuarded[float32](5, off, -1)
		if s := g.S(); len(s) != 5 || cap(s) != 5 {
			t.Fatalf("S() has len %d cap %d, want 5 5", len(s), cap(s))
		}
		for i := range g.S() {
			g.S()[i] = float32(i) // the slice itself may change
		}
		if err := g.Overwritten(); err != nil {
			t.Fatal(err)
		}
		for _, at := range []int{off + GuardLen - 1, off + GuardLen + 5, off, len(g.buf) - 1} {
			g2 := NewGuarded[float32](5, off, -1)
			g2.buf[at] = -1 // the sentinel again: still intact
			if err := g2.Overwritten(); err != nil {
				t.Fatalf("unchanged guard reported: %v", err)
			}
			g2.buf[at] = 7
			if g2.Overwritten() == nil {
				t.Fatalf("off=%d: write to guard element %d not detected", off, at)
			}
			if tb := capture(func(t testing.TB) { g2.Check(t, "x") }); !tb.failed {
				t.Fatalf("off=%d: Check passes with guard element %d overwritten", off, at)
			}
		}
	}
	g := NewGuarded(3, 1, math.Copysign(0, 1))
	g.buf[0] = math.Copysign(0, -1) // -0 == +0, but not the same bits
	if g.Overwritten() == nil {
		t.Fatal("a -0 written over a +0 guard is not detected")
	}
	in, orig := NewInput[float64](NewRand(1), 4, 2, Uniform)
	if tb := capture(func(t testing.TB) { CheckUnchanged(t, "x", in, orig) }); tb.failed {
		t.Fatal("CheckUnchanged fails on an unchanged input")
	}
	in.S()[3] = math.NaN()
	if tb := capture(func(t testing.TB) { CheckUnchanged(t, "x", in, orig) }); !tb.failed {
		t.Fatal("CheckUnchanged misses a changed element")
	}
}

func TestExpectPanic(t *testing.T) {
	for _, c := range []struct {
		f    func()
		want []string
		ok   bool
	}{
		{func() { panic("kernels.Add: lengths differ") }, []string{"kernels.Add", "lengths"}, true},
		{func() { panic(errors.New("kernels.Add: overlap")) }, []string{"overlap"}, true},
		{func() { panic("kernels.Add: lengths differ") }, []string{"overlap"}, false},
		{func() {}, nil, false},
		{func() { panic(42) }, nil, false},
	} {
		tb := capture(func(t testing.TB) { ExpectPanic(t, "case", c.f, c.want...) })
		if tb.failed == c.ok {
			t.Errorf("ExpectPanic(%v) failed = %v, want %v", c.want, tb.failed, !c.ok)
		}
	}
}

type fakeISA int

func (i fakeISA) String() string { return [...]string{"a", "b", "c"}[i] }

func TestForEachISA(t *testing.T) {
	cur := fakeISA(2)
	var ran []string
	ForEachISA(t, []fakeISA{0, 1}, func() fakeISA { return cur }, func(i fakeISA) error { cur = i; return nil }, func(t *testing.T) {
		ran = append(ran, t.Name()[strings.LastIndex(t.Name(), "/")+1:]+"="+cur.String())
	})
	if strings.Join(ran, " ") != "a=a b=b" || cur != 2 {
		t.Fatalf("ran %v, then left %v active; want [a=a b=b] and c", ran, cur)
	}
}

func TestFence(t *testing.T) {
	f := NewFence(t)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	faults := func(read func() float64) (faulted bool) {
		defer func() { faulted = recover() != nil }()
		read()
		return false
	}
	for _, atEnd := range []bool{true, false} {
		s := Place(f, 3, atEnd, 2.5)
		if len(s) != 3 || s[0] != 2.5 || s[2] != 2.5 {
			t.Fatalf("Place = %v", s)
		}
		p := unsafe.Pointer(unsafe.SliceData(s))
		if faults(func() float64 { return s[0] + s[2] }) {
			t.Fatal("reading the placed slice faults")
		}
		beyond := unsafe.Add(p, 3*8)
		if !atEnd {
			beyond = unsafe.Add(p, -8)
		}
		if !faults(func() float64 { return *(*float64)(beyond) }) {
			t.Fatalf("atEnd=%v: reading next to the slice does not fault", atEnd)
		}
	}
}

func TestData(t *testing.T) {
	n := Lengths()
	if n[0] != 0 || n[300] != 300 || n[len(n)-1] != 1<<16+7 {
		t.Fatalf("Lengths() = ...%v", n[295:])
	}
	r := NewRand(3)
	s := make([]float64, 1000)
	for _, k := range Kinds {
		Fill(r, s, k)
		for _, v := range s {
			ok := true
			switch k {
			case Uniform:
				ok = v >= -1 && v < 1
			case Integers:
				ok = v == math.Trunc(v) && math.Abs(v) <= 8
			case Positive:
				ok = v > 0 && v < 2.01
			}
			if !ok {
				t.Fatalf("%s: %v", k, v)
			}
		}
	}
	nan := false
	for _, v := range Specials[float32]() {
		nan = nan || v != v
	}
	if !nan {
		t.Fatal("Specials lack NaN")
	}
}
