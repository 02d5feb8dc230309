package main

import (
	"fmt"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// unfilterKernels are PNG's scan kernels, one per filter and pixel size of
// the registry's lists.
var unfilterKernels = func() map[string]func() {
	m := map[string]func(){}
	for _, f := range registry.UnfilterFilters {
		for _, bpp := range registry.UnfilterBpps {
			m[registry.UnfilterName(f.Name, bpp)] = func() { unfilterKernel(f.Name, bpp) }
		}
	}
	return m
}()

// unfilterKernel emits one filter's scan over pixels of bpp bytes. Each
// pixel depends on the one before it as just computed, so the loop is a
// chain of single-pixel steps in the low lanes of XMM registers: its speed
// is the chain's latency, a few instructions for Sub and Average and about
// a dozen for Paeth, against one byte at a time in Go. The left pixel (a)
// and the up-left one (c) stay in registers from one step to the next,
// both zero before the first pixel, where every filter's formula then
// gives the specification's first-pixel rule.
//
// A 4-byte pixel moves with one VMOVD; a 3-byte one is gathered from a
// word and a byte and scattered the same way, so that no byte past the
// row is read or written.
func unfilterKernel(filter string, bpp int) {
	cur := build.Load(build.Param("cur").Base(), build.GP64()).(reg.GPVirtual)
	prev := build.Load(build.Param("prev").Base(), build.GP64()).(reg.GPVirtual)
	n := build.Load(build.Param("cur").Len(), build.GP64()).(reg.GPVirtual)
	i := build.GP64()
	build.XORQ(i, i)
	at := func(p reg.GPVirtual, off int) operand.Mem { return operand.Mem{Base: p, Index: i, Scale: 1, Disp: off} }
	load := func(p reg.GPVirtual) reg.VecVirtual {
		x := build.XMM()
		if bpp == 4 {
			build.VMOVD(at(p, 0), x)
			return x
		}
		lo, hi := build.GP32(), build.GP32()
		build.MOVWLZX(at(p, 0), lo)
		build.MOVBLZX(at(p, 2), hi)
		build.SHLL(operand.U8(16), hi)
		build.ORL(hi, lo)
		build.VMOVD(lo, x)
		return x
	}
	store := func(x reg.VecVirtual) {
		if bpp == 4 {
			build.VMOVD(x, at(cur, 0))
			return
		}
		t := build.GP32()
		build.VMOVD(x, t)
		build.MOVW(t.As16(), at(cur, 0))
		build.SHRL(operand.U8(16), t)
		build.MOVB(t.As8(), at(cur, 2))
	}

	a, c := build.XMM(), build.XMM() // left and up-left; words for Paeth, bytes otherwise
	build.VPXOR(a, a, a)
	build.VPXOR(c, c, c)
	var ones reg.VecVirtual
	if filter == "Average" {
		ones = build.XMM()
		build.VPBROADCASTB(build.ConstData(fmt.Sprintf("unfilter%d_ones", bpp), operand.U8(1)), ones)
	}

	build.TESTQ(n, n)
	build.JE(operand.LabelRef("done"))
	build.Label("pixel")
	x := load(cur)
	switch filter {
	case "Sub":
		build.VPADDB(x, a, a)
	case "Average":
		// VPAVGB rounds up: floor((a + b) / 2) is that minus the low
		// bit of a ^ b.
		b := load(prev)
		avg, odd := build.XMM(), build.XMM()
		build.VPAVGB(b, a, avg)
		build.VPXOR(b, a, odd)
		build.VPAND(ones, odd, odd)
		build.VPSUBB(odd, avg, avg)
		build.VPADDB(avg, x, a)
	case "Paeth":
		paethStep(load(prev), x, a, c)
	}
	store(a)
	if filter == "Paeth" {
		build.VPMOVZXBW(a, a) // the next pixel's left, as words
	}
	build.ADDQ(operand.Imm(uint64(bpp)), i)
	build.CMPQ(i, n)
	build.JB(operand.LabelRef("pixel"))
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// paethStep computes one pixel of the Paeth scan: with a (left) and c
// (up-left) as words and b (up) loaded as bytes, it leaves a = x + the
// predictor, as bytes, and c = b as words. In 16-bit lanes the distances
// |b - c|, |a - c| and |(b - c) + (a - c)| are exact; the predictor is a
// when pa <= min(pb, pc), else b when pb <= pc, else c, chosen with two
// blends.
func paethStep(b, x, a, c reg.VecVirtual) {
	build.VPMOVZXBW(b, b)
	p, q, r := build.XMM(), build.XMM(), build.XMM()
	build.VPSUBW(c, b, p) // b - c
	build.VPSUBW(c, a, q) // a - c
	build.VPADDW(p, q, r)
	build.VPABSW(p, p) // pa
	build.VPABSW(q, q) // pb
	build.VPABSW(r, r) // pc
	bOrC, m := build.XMM(), build.XMM()
	build.VPCMPGTW(r, q, m)        // pb > pc
	build.VPBLENDVB(m, c, b, bOrC) // pb > pc ? c : b
	build.VPMINSW(r, q, q)         // min(pb, pc)
	build.VPCMPGTW(q, p, m)        // pa > min(pb, pc)
	build.VPBLENDVB(m, bOrC, a, a) // predictor
	build.VPACKUSWB(a, a, a)
	build.VPADDB(a, x, a)
	build.VMOVDQA(b, c)
}
