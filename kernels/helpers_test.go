package kernels

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"

	"github.com/hotloop/hotloop/asm"
)

// forEachISA runs f once per ISA this CPU and build support, with that ISA
// forced, and restores the previous one afterwards. Tests that use it must
// not run in parallel: the ISA is process-wide.
func forEachISA(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	prev := Active()
	defer func() {
		if err := Use(prev); err != nil {
			t.Fatal(err)
		}
	}()
	for _, isa := range Supported() {
		if err := Use(isa); err != nil {
			t.Fatal(err)
		}
		t.Run(isa.String(), f)
	}
}

// testLengths are every length up to 300 (all loop remainders of every
// unroll factor) plus a few large ones that run many full blocks.
func testLengths() []int {
	n := make([]int, 0, 310)
	for i := 0; i <= 300; i++ {
		n = append(n, i)
	}
	return append(n, 511, 1000, 4099, 1<<16+7)
}

// shortLengths are used where a test multiplies lengths by offsets.
var shortLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 257, 1031}

const guardLen = 16

// guarded is a slice with guard elements on both sides that a kernel must
// never write, placed at offset off within its buffer so that every start
// alignment is exercised. The slice's capacity ends at its length, so an
// append or reslice bug in a wrapper cannot reach the back guard either.
type guarded[T any] struct {
	buf      []T
	off, n   int
	sentinel T
}

func newGuarded[T any](n, off int, sentinel T) *guarded[T] {
	g := &guarded[T]{buf: make([]T, off+guardLen+n+guardLen), off: off, n: n, sentinel: sentinel}
	for i := range g.buf {
		g.buf[i] = sentinel
	}
	return g
}

func (g *guarded[T]) s() []T {
	lo := g.off + guardLen
	return g.buf[lo : lo+g.n : lo+g.n]
}

// check fails t if any element outside the slice changed.
func (g *guarded[T]) check(t *testing.T, what string) {
	t.Helper()
	lo := g.off + guardLen
	for i, v := range g.buf {
		if i >= lo && i < lo+g.n {
			continue
		}
		if !sameBits(v, g.sentinel) {
			t.Fatalf("%s: guard element %d (slice at %d..%d) overwritten: %v", what, i, lo, lo+g.n, v)
		}
	}
}

// sameBits compares by representation, so it tells -0 from +0 and NaNs
// apart by payload.
func sameBits[T any](a, b T) bool {
	size := unsafe.Sizeof(a)
	pa, pb := unsafe.Pointer(&a), unsafe.Pointer(&b)
	return unsafe.String((*byte)(pa), size) == unsafe.String((*byte)(pb), size)
}

// sameFloat is the elementwise contract: identical bits, except that any
// NaN matches any NaN.
func sameFloat[T Float](a, b T) bool {
	if a != a && b != b {
		return true
	}
	return sameBits(a, b)
}

// sameValue is equality for reductions whose zero sign is unspecified.
func sameValue[T Float](a, b T) bool {
	return a == b || a != a && b != b
}

func isF32[T Float]() bool { return unsafe.Sizeof(T(0)) == 4 }

// eps is the unit roundoff of T.
func eps[T Float]() float64 {
	if isF32[T]() {
		return 0x1p-24
	}
	return 0x1p-53
}

// specials are the values every kernel must handle exactly as IEEE says.
func specials[T Float]() []T {
	inf := math.Inf(1)
	nan := math.NaN()
	v := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -2.5, inf, -inf, nan, 3, 1e-3, -7e5}
	if isF32[T]() {
		v = append(v, math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
			0x1p-126, 0x1p-130, 1e38, 1e-38, 1.5e-45, 16777217)
	} else {
		v = append(v, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
			0x1p-1022, 0x1p-1030, 1e308, 1e-308, 9007199254740993)
	}
	out := make([]T, len(v))
	for i, x := range v {
		out[i] = T(x)
	}
	return out
}

// dataKind selects the inputs a test feeds a kernel.
type dataKind int

const (
	uniform  dataKind = iota // [-1, 1)
	integers                 // small integers: sums and products are exact
	special                  // mostly special values, some ordinary ones
	positive                 // (0, 2)
)

var dataKinds = []dataKind{uniform, integers, special, positive}

func (k dataKind) String() string {
	return [...]string{"uniform", "integers", "special", "positive"}[k]
}

func fill[T Float](r *rand.Rand, s []T, kind dataKind) {
	sp := specials[T]()
	for i := range s {
		switch kind {
		case uniform:
			s[i] = T(r.Float64()*2 - 1)
		case integers:
			s[i] = T(r.IntN(17) - 8)
		case special:
			if r.IntN(3) == 0 {
				s[i] = T(r.NormFloat64() * 100)
			} else {
				s[i] = sp[r.IntN(len(sp))]
			}
		case positive:
			s[i] = T(r.Float64()*2 + 1e-3)
		}
	}
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// makeInput returns a guarded input slice filled with kind and a copy to
// check later that the kernel left it unchanged.
func makeInput[T Float](r *rand.Rand, n, off int, kind dataKind) (*guarded[T], []T) {
	g := newGuarded[T](n, off, T(-12345.5))
	fill(r, g.s(), kind)
	return g, append([]T(nil), g.s()...)
}

func checkUnchanged[T Float](t *testing.T, what string, g *guarded[T], orig []T) {
	t.Helper()
	for i, v := range g.s() {
		if !sameBits(v, orig[i]) {
			t.Fatalf("%s: input changed at %d: %v -> %v", what, i, orig[i], v)
		}
	}
	g.check(t, what+" input")
}

// expectPanic runs f and fails unless it panics with a message containing
// every one of want.
func expectPanic(t *testing.T, what string, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("%s: no panic", what)
		}
		msg := ""
		switch v := r.(type) {
		case string:
			msg = v
		case error:
			msg = v.Error()
		default:
			t.Fatalf("%s: panic value %T %v", what, r, r)
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Fatalf("%s: panic %q lacks %q", what, msg, w)
			}
		}
	}()
	f()
}

// refOps are the generic kernels for T, called directly: the oracle.
func refOps[T Float]() *asm.FloatOps[T] {
	if isF32[T]() {
		return (*asm.FloatOps[T])(unsafe.Pointer(&genericTable.F32))
	}
	return (*asm.FloatOps[T])(unsafe.Pointer(&genericTable.F64))
}

// fusedOrNot reports whether got is a*b+c rounded twice (want) or rounded
// once. The float32 single rounding is computed in float64, which can
// round twice; one ulp of slack covers that.
func fusedOrNot[T Float](got, want, a, b, c T) bool {
	if sameFloat(got, want) {
		return true
	}
	f := math.FMA(float64(a), float64(b), float64(c))
	if !isF32[T]() {
		return sameFloat(got, T(f))
	}
	g := float32(got)
	fr := float32(f)
	return sameFloat(g, fr) || g == math.Nextafter32(fr, float32(math.Inf(1))) || g == math.Nextafter32(fr, float32(math.Inf(-1)))
}

func mathFloat32bits(f float32) uint32 { return math.Float32bits(f) }
func mathFloat64bits(f float64) uint64 { return math.Float64bits(f) }
