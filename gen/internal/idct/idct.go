// Package idct describes libjpeg's accurate integer inverse DCT (jidctint's
// "islow", the reference kernels.idctGeneric) as data: each pass is a list
// of vector operations on named values, which the AVX2 and NEON emitters
// walk, so that the butterfly is written once for every ISA.
//
// The operations are int32 lane operations that wrap, so they form a ring:
// any reordering of additions gives the reference's bits, and the
// descale's rounding half is folded into the even part's first terms
// (one addition instead of eight); only the shifts stay where libjpeg
// puts them.
package idct

import (
	"fmt"

	"github.com/hotloop/hotloop/internal/islow"
)

// Kind is an operation on int32 lanes.
type Kind uint8

const (
	Add  Kind = iota // Dst = A + B
	Sub              // Dst = A - B
	Mul              // Dst = A * K (the constant K, wrapping)
	Shl              // Dst = A << N
	Sar              // Dst = A >> N (arithmetic)
	AddK             // Dst = A + K
)

// Op is one operation; every Dst is a new name (single assignment).
type Op struct {
	Kind Kind
	Dst  string
	A, B string
	K    int32
	N    uint
}

// The islow precision (the constants themselves are in internal/islow).
const (
	ConstBits = islow.ConstBits // CONST_BITS
	Pass1Bits = islow.Pass1Bits // PASS1_BITS

)

// Multipliers are the constants Mul uses, in a fixed order (NEON keeps
// them in the lanes of three registers and multiplies by element).
var Multipliers = []int32{
	islow.Fix0_541196100, -islow.Fix1_847759065, islow.Fix0_765366865, islow.Fix1_175875602,
	islow.Fix0_298631336, islow.Fix2_053119869, islow.Fix3_072711026, islow.Fix1_501321110,
	-islow.Fix0_899976223, -islow.Fix2_562915447, -islow.Fix1_961570560, -islow.Fix0_390180644,
}

// Shift1 and Shift2 are the descales of the column and row passes.
const (
	Shift1 = ConstBits - Pass1Bits
	Shift2 = ConstBits + Pass1Bits + 3
)

// Pass returns one 8-point pass: in are the names of inputs 0..7 (the
// eight rows of a column, or the eight columns of a row), out the names
// its descaled outputs 0..7 get, shift the descale. Temporaries are named
// with prefix, so that two passes can share a program.
func Pass(in, out [8]string, shift uint, prefix string) []Op {
	var ops []Op
	n := func(s string) string { return prefix + s }
	add := func(d, a, b string) { ops = append(ops, Op{Kind: Add, Dst: n(d), A: a, B: b}) }
	sub := func(d, a, b string) { ops = append(ops, Op{Kind: Sub, Dst: n(d), A: a, B: b}) }
	mul := func(d, a string, k int32) { ops = append(ops, Op{Kind: Mul, Dst: n(d), A: a, K: k}) }
	shl := func(d, a string, s uint) { ops = append(ops, Op{Kind: Shl, Dst: n(d), A: a, N: s}) }
	addk := func(d, a string, k int32) { ops = append(ops, Op{Kind: AddK, Dst: n(d), A: a, K: k}) }
	half := int32(1) << (shift - 1)

	// Even part: inputs 0, 2, 4, 6.
	add("s26", in[2], in[6])
	mul("z1", n("s26"), islow.Fix0_541196100)
	mul("m6", in[6], -islow.Fix1_847759065)
	add("tmp2", n("z1"), n("m6"))
	mul("m2", in[2], islow.Fix0_765366865)
	add("tmp3", n("z1"), n("m2"))
	add("s04", in[0], in[4])
	shl("l04", n("s04"), ConstBits)
	addk("tmp0", n("l04"), half) // the descale's half, for all four outputs
	sub("d04", in[0], in[4])
	shl("k04", n("d04"), ConstBits)
	addk("tmp1", n("k04"), half)
	add("tmp10", n("tmp0"), n("tmp3"))
	sub("tmp13", n("tmp0"), n("tmp3"))
	add("tmp11", n("tmp1"), n("tmp2"))
	sub("tmp12", n("tmp1"), n("tmp2"))

	// Odd part: t0..t3 are inputs 7, 5, 3, 1.
	t0, t1, t2, t3 := in[7], in[5], in[3], in[1]
	add("z1o", t0, t3)
	add("z2o", t1, t2)
	add("z3o", t0, t2)
	add("z4o", t1, t3)
	add("z34", n("z3o"), n("z4o"))
	mul("z5", n("z34"), islow.Fix1_175875602)
	mul("p0", t0, islow.Fix0_298631336)
	mul("p1", t1, islow.Fix2_053119869)
	mul("p2", t2, islow.Fix3_072711026)
	mul("p3", t3, islow.Fix1_501321110)
	mul("q1", n("z1o"), -islow.Fix0_899976223)
	mul("q2", n("z2o"), -islow.Fix2_562915447)
	mul("r3", n("z3o"), -islow.Fix1_961570560)
	add("q3", n("r3"), n("z5"))
	mul("r4", n("z4o"), -islow.Fix0_390180644)
	add("q4", n("r4"), n("z5"))
	add("a0", n("p0"), n("q1"))
	add("o0", n("a0"), n("q3"))
	add("a1", n("p1"), n("q2"))
	add("o1", n("a1"), n("q4"))
	add("a2", n("p2"), n("q2"))
	add("o2", n("a2"), n("q3"))
	add("a3", n("p3"), n("q1"))
	add("o3", n("a3"), n("q4"))

	// Outputs: sums and differences, descaled.
	for _, o := range []struct {
		i        int
		even, od string
		plus     bool
	}{
		{0, "tmp10", "o3", true}, {7, "tmp10", "o3", false},
		{1, "tmp11", "o2", true}, {6, "tmp11", "o2", false},
		{2, "tmp12", "o1", true}, {5, "tmp12", "o1", false},
		{3, "tmp13", "o0", true}, {4, "tmp13", "o0", false},
	} {
		u := fmt.Sprintf("u%d", o.i)
		if o.plus {
			add(u, n(o.even), n(o.od))
		} else {
			sub(u, n(o.even), n(o.od))
		}
		ops = append(ops, Op{Kind: Sar, Dst: out[o.i], A: n(u), N: shift})
	}
	return ops
}

// Names returns the eight names prefix0..prefix7.
func Names(prefix string) [8]string {
	var s [8]string
	for i := range s {
		s[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return s
}

// LastUse returns, for each name the ops read, the index of the last op
// that reads it, so that an emitter allocating registers by hand can free
// them.
func LastUse(ops []Op) map[string]int {
	last := map[string]int{}
	for i, o := range ops {
		for _, s := range []string{o.A, o.B} {
			if s != "" {
				last[s] = i
			}
		}
	}
	return last
}

// MultiplierIndex returns the position of k in Multipliers; it panics on
// a constant that is not there, a bug of Pass.
func MultiplierIndex(k int32) int {
	for i, m := range Multipliers {
		if m == k {
			return i
		}
	}
	panic(fmt.Sprintf("idct: %d is not a multiplier", k))
}
