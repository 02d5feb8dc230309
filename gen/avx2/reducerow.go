package main

import (
	le "encoding/binary"
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// reduceRow emits ReduceRow<ch>: one output pixel a step, whose block is
// fx*ch contiguous words. The block is summed a chunk at a time in the
// 32-bit lanes of one accumulator, each chunk zero-extended by VPMOVZXWD
// from memory: chunks of 8 words while they last, whose lanes hold
// channel lane%ch when ch divides 8, then 4, 2 and 1 words, the
// accumulator's lanes folded in halves before each smaller chunk (8 to 4
// lanes, to 2, to 1) so that a lane keeps one channel. RGB takes chunks
// of 6 words (two pixels' worth; the load reads 8) into lanes 0-5, folds
// lanes 3-5 onto 0-2 with VPERMD, then takes a last chunk of 3 words (the
// load reads 4). The rounding is VPADDD, VPMULLD and VPSRLD as in uint32,
// and VPSHUFB gathers the lanes' low bytes for one 4-byte store.
//
// RGB's loads read up to 2 words past the block, and the store writes up
// to 3 bytes past the pixel: a step therefore runs only while the words
// and bytes of another pixel follow. The last pixels are summed one
// channel at a time in general registers.
//
// (VPGATHERDD, taking the i-th sum of 8 lanes' blocks at once, measured
// slower than Go here: about 12 cycles a gather on Zen 5.)
func reduceRow(ch int) {
	dst := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	n := build.Load(build.Param("dst").Len(), build.GP64()).(reg.GPVirtual)
	cols := build.Load(build.Param("cols").Base(), build.GP64()).(reg.GPVirtual)
	fx := build.Load(build.Param("fx"), build.GP64()).(reg.GPVirtual)
	half := build.Load(build.Param("half"), build.GP64()).(reg.GPVirtual)
	m := build.Load(build.Param("m"), build.GP64()).(reg.GPVirtual)
	build.TESTQ(n, n) // fx may be anything then
	build.JZ(operand.LabelRef("done"))

	halfX, mX, low := build.XMM(), build.XMM(), build.XMM()
	build.VMOVD(half.As32(), halfX)
	build.VPBROADCASTD(halfX, halfX)
	build.VMOVD(m.As32(), mX)
	build.VPBROADCASTD(mX, mX)
	build.VMOVDQU(x86.BytesData(fmt.Sprintf("reducerow%d_lowbytes", ch), []byte{
		0, 4, 8, 12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	}), low)
	var upper reg.VecVirtual
	if ch == 3 {
		upper = build.YMM()
		build.VMOVDQU(dwordTable("reducerow3_upper", []int32{3, 4, 5, 3, 4, 5, 3, 4}), upper)
	}
	words, stride := build.GP64(), build.GP64() // a block's words, and its bytes
	build.IMUL3Q(operand.Imm(uint64(ch)), fx, words)
	build.LEAQ(operand.Mem{Base: words, Index: words, Scale: 1}, stride)
	// Bytes of dst a step needs: its pixel, and the 4-byte store's spill
	// or, for RGB, the next pixel whose words the loads read.
	need := ch + max(4-ch, 0)
	if ch == 3 {
		need = 2 * ch
	}

	build.Label("pixel")
	build.CMPQ(n, operand.U8(uint8(need)))
	build.JB(operand.LabelRef("tail"))
	acc, x := build.YMM(), build.YMM()
	p, r := build.GP64(), build.GP64()
	build.VPXOR(acc, acc, acc)
	build.MOVQ(cols, p)
	build.MOVQ(words, r)
	// chunk emits: if at least size words are left (repeatedly, when
	// loop), their sum into acc's lanes by load, which reads the chunk
	// from p into x.
	chunk := func(label string, size int, loop bool, load func()) {
		build.Label(label)
		build.CMPQ(r, operand.U8(uint8(size)))
		build.JB(operand.LabelRef(label + "_done"))
		load()
		build.ADDQ(operand.U8(uint8(2*size)), p)
		build.SUBQ(operand.U8(uint8(size)), r)
		if loop {
			build.JMP(operand.LabelRef(label))
		}
		build.Label(label + "_done")
	}
	accX := acc.AsX()
	if ch == 3 {
		chunk("sixes", 6, true, func() {
			build.VPMOVZXWD(operand.Mem{Base: p}, x)
			build.VPADDD(x, acc, acc)
		})
		build.VPERMD(acc, upper, x)
		build.VPADDD(x.AsX(), accX, accX)
		chunk("three", 3, false, func() {
			build.VPMOVZXWD(operand.Mem{Base: p}, x.AsX())
			build.VPADDD(x.AsX(), accX, accX)
		})
	} else {
		chunk("eights", 8, true, func() {
			build.VPMOVZXWD(operand.Mem{Base: p}, x)
			build.VPADDD(x, acc, acc)
		})
		build.VEXTRACTI128(operand.U8(1), acc, x.AsX())
		build.VPADDD(x.AsX(), accX, accX)
		chunk("four", 4, false, func() {
			build.VPMOVZXWD(operand.Mem{Base: p}, x.AsX())
			build.VPADDD(x.AsX(), accX, accX)
		})
		if ch <= 2 {
			build.VPSHUFD(operand.U8(0x0e), accX, x.AsX())
			build.VPADDD(x.AsX(), accX, accX)
			chunk("two", 2, false, func() {
				build.VMOVD(operand.Mem{Base: p}, x.AsX())
				build.VPMOVZXWD(x.AsX(), x.AsX())
				build.VPADDD(x.AsX(), accX, accX)
			})
		}
		if ch == 1 {
			build.VPSHUFD(operand.U8(0x01), accX, x.AsX())
			build.VPADDD(x.AsX(), accX, accX)
			chunk("one", 1, false, func() {
				w := build.GP32()
				build.MOVWLZX(operand.Mem{Base: p}, w)
				build.VMOVD(w, x.AsX())
				build.VPADDD(x.AsX(), accX, accX)
			})
		}
	}
	build.VPADDD(halfX, accX, accX)
	build.VPMULLD(mX, accX, accX)
	build.VPSRLD(operand.U8(24), accX, accX)
	build.VPSHUFB(low, accX, accX)
	build.VMOVD(accX, operand.Mem{Base: dst})
	build.ADDQ(operand.U8(uint8(ch)), dst)
	build.SUBQ(operand.U8(uint8(ch)), n)
	build.ADDQ(stride, cols)
	build.JMP(operand.LabelRef("pixel"))

	// The last pixels: each channel's fx sums, ch words apart.
	build.Label("tail")
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("done"))
	c, p, s, t, k := build.GP64(), build.GP64(), build.GP32(), build.GP32(), build.GP64()
	build.Label("last")
	build.XORQ(c, c)
	build.Label("channel")
	build.LEAQ(operand.Mem{Base: cols, Index: c, Scale: 2}, p)
	build.MOVL(half.As32(), s)
	build.MOVQ(fx, k)
	build.Label("tap")
	build.MOVWLZX(operand.Mem{Base: p}, t)
	build.ADDL(t, s)
	build.ADDQ(operand.U8(uint8(2*ch)), p)
	build.DECQ(k)
	build.JNZ(operand.LabelRef("tap"))
	build.IMULL(m.As32(), s)
	build.SHRL(operand.U8(24), s)
	build.MOVB(s.As8(), operand.Mem{Base: dst, Index: c, Scale: 1})
	build.INCQ(c)
	build.CMPQ(c, operand.U8(uint8(ch)))
	build.JB(operand.LabelRef("channel"))
	build.ADDQ(operand.U8(uint8(ch)), dst)
	build.MOVQ(p, cols) // p ends ch-1 words past the pixel's block
	build.SUBQ(operand.U8(uint8(2*(ch-1))), cols)
	build.SUBQ(operand.U8(uint8(ch)), n)
	build.JNZ(operand.LabelRef("last"))
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// dwordTable emits a read-only table of 32-bit values.
func dwordTable(name string, v []int32) operand.Mem {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		le.LittleEndian.PutUint32(b[4*i:], uint32(x))
	}
	return x86.BytesData(name, b)
}
