package x86

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Upsample emits UpsampleH2V1 (v2 false: the samples are src) or
// UpsampleH2V2 (the samples are the column sums 3*near + far): outputs
// 2i and 2i+1 are (3*s[i] + s[i-1] + even bias) and (3*s[i] + s[i+1] +
// odd bias), shifted. w.Lanes samples a step in 16-bit lanes (every sum
// fits: at most 4*1020 + 8), from loads at i-1, i and i+1, so the step
// runs only where those stay within the row (1 <= i <= n-1-w.Lanes); the
// odd outputs shifted up a byte and ORed into the even ones interleave
// them. The first sample, and those after the last step, go one at a time
// in general registers, the edge sample standing in for its missing
// neighbour.
func Upsample(v2 bool, w Width) {
	biasE, biasO, shift := 1, 2, 2
	if v2 {
		biasE, biasO, shift = 8, 7, 4
	}
	dst := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	var a, b reg.GPVirtual
	var n reg.GPVirtual
	if v2 {
		a = build.Load(build.Param("near").Base(), build.GP64()).(reg.GPVirtual)
		b = build.Load(build.Param("far").Base(), build.GP64()).(reg.GPVirtual)
		n = build.Load(build.Param("near").Len(), build.GP64()).(reg.GPVirtual)
	} else {
		a = build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
		n = build.Load(build.Param("src").Len(), build.GP64()).(reg.GPVirtual)
	}
	i, last := build.GP64(), build.GP64()
	build.XORQ(i, i)
	build.MOVQ(n, last)
	build.SUBQ(operand.U8(uint8(w.Lanes+1)), last) // the last i a step may start at
	bE := w.Dwords("up_bias_e"+map[bool]string{false: "1", true: "2"}[v2], int32(biasE|biasE<<16))
	bO := w.Dwords("up_bias_o"+map[bool]string{false: "1", true: "2"}[v2], int32(biasO|biasO<<16))

	build.Label("one")
	build.CMPQ(i, n)
	build.JAE(operand.LabelRef("done"))
	{
		jp, jn := build.GP64(), build.GP64()
		build.LEAQ(operand.Mem{Base: i, Disp: -1}, jp)
		build.TESTQ(i, i)
		build.CMOVQEQ(i, jp) // s[-1] = s[0]
		build.LEAQ(operand.Mem{Base: i, Disp: 1}, jn)
		build.CMPQ(jn, n)
		build.CMOVQEQ(i, jn) // s[n] = s[n-1]
		sample := func(j reg.GPVirtual) reg.GPVirtual {
			s := build.GP32()
			build.MOVBLZX(operand.Mem{Base: a, Index: j, Scale: 1}, s)
			if v2 {
				f := build.GP32()
				build.LEAL(operand.Mem{Base: s, Index: s, Scale: 2}, s)
				build.MOVBLZX(operand.Mem{Base: b, Index: j, Scale: 1}, f)
				build.ADDL(f, s)
			}
			return s
		}
		c, p, q := sample(i), sample(jp), sample(jn)
		build.LEAL(operand.Mem{Base: c, Index: c, Scale: 2}, c)
		build.LEAL(operand.Mem{Base: c, Index: p, Scale: 1, Disp: biasE}, p)
		build.SHRL(operand.U8(shift), p)
		build.LEAL(operand.Mem{Base: c, Index: q, Scale: 1, Disp: biasO}, q)
		build.SHRL(operand.U8(shift), q)
		build.MOVB(p.As8(), operand.Mem{Base: dst, Index: i, Scale: 2})
		build.MOVB(q.As8(), operand.Mem{Base: dst, Index: i, Scale: 2, Disp: 1})
	}
	build.INCQ(i)

	build.Label("step")
	build.CMPQ(i, last)
	build.JG(operand.LabelRef("one")) // signed: last < 0 for short rows
	{
		sample := func(disp int) reg.VecVirtual {
			s := w.NewVec()
			build.VPMOVZXBW(operand.Mem{Base: a, Index: i, Scale: 1, Disp: disp}, s)
			if v2 {
				f, t := w.NewVec(), w.NewVec()
				build.VPMOVZXBW(operand.Mem{Base: b, Index: i, Scale: 1, Disp: disp}, f)
				build.VPADDW(s, s, t)
				build.VPADDW(t, s, s)
				build.VPADDW(f, s, s)
			}
			return s
		}
		c, p, q := sample(0), sample(-1), sample(1)
		c3 := w.NewVec()
		build.VPADDW(c, c, c3)
		build.VPADDW(c, c3, c3)
		build.VPADDW(c3, p, p)
		build.VPADDW(bE, p, p)
		build.VPSRLW(operand.U8(shift), p, p)
		build.VPADDW(c3, q, q)
		build.VPADDW(bO, q, q)
		build.VPSRLW(operand.U8(shift), q, q)
		build.VPSLLW(operand.U8(8), q, q)
		w.Or(q, p, p)
		w.Store(p, operand.Mem{Base: dst, Index: i, Scale: 2})
	}
	build.ADDQ(operand.U8(uint8(w.Lanes)), i)
	build.JMP(operand.LabelRef("step"))

	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}
