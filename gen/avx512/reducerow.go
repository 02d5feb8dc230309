package main

import (
	le "encoding/binary"
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// reduceRow emits ReduceRow<ch> for blocks of up to 16 words: the output
// bytes of P pixels a step, each dword lane one output channel, P the
// most pixels up to 16/ch whose blocks, P*fx*ch words, fit the 64 words
// of two ZMM registers (at least 4). A step loads those words (under a
// mask, so no word past them is read), then for each i < fx one VPERMI2W
// gathers every lane's i-th sum into the low word of its dword, the high
// word zeroed by the opmask, and VPADDD adds it: lane j, of pixel j/ch
// and channel j%ch, takes word (j - j%ch)*fx + j%ch + i*ch. The sums'
// rounding is VPADDD, VPMULLD and VPSRLD as in uint32, and VPMOVDB stores
// the lanes' low bytes under a mask of the step's outputs. The last step,
// of fewer pixels, is the same under smaller masks. Wider blocks run
// AVX2's loop (x86.ReduceRow.Pixels).
func reduceRow(ch int) {
	rr := x86.LoadReduceRow(ch)
	dst, n, cols, fx, half, m := rr.Dst, rr.N, rr.Cols, rr.Fx, rr.Half, rr.M
	// Blocks of more than 16 words leave P at most 3 (RGB: 2 pixels of 8
	// lanes' worth, fx steps for them): AVX2's pixel loop is faster there
	// (RGB, fx 8: 0.39 against 0.99 us a 2560-pixel row on Zen 5).
	block := build.GP64()
	build.IMUL3Q(operand.Imm(uint64(ch)), fx, block)
	build.CMPQ(block, operand.U8(16))
	build.JA(operand.LabelRef("wide"))

	halfV, mV, fxW := build.ZMM(), build.ZMM(), build.ZMM()
	build.VPBROADCASTD(half.As32(), halfV)
	build.VPBROADCASTD(m.As32(), mV)
	build.VPBROADCASTW(fx.As32(), fxW)
	// Each lane's first word index, (j - j%ch)*fx + j%ch, in the low
	// word of dword j.
	group, offset := make([]uint16, 32), make([]uint16, 32)
	for j := range 16 {
		group[2*j], offset[2*j] = uint16(j-j%ch), uint16(j%ch)
	}
	idx0 := build.ZMM()
	build.VPMULLW(wordTable(fmt.Sprintf("reducerow%d_group512", ch), group), fxW, idx0)
	build.VPADDW(wordTable(fmt.Sprintf("reducerow%d_offset512", ch), offset), idx0, idx0)
	chW := x86.Dwords(fmt.Sprintf("reducerow_words%d", ch), int32(ch), 16) // the next sum of a lane: ch words on
	even := build.K()
	t := build.GP64()
	build.MOVL(operand.U32(0x55555555), t.As32())
	build.KMOVD(t.As32(), even)

	// P, and the words (span) and output bytes (out) of a step.
	p, span, out := build.GP64(), build.GP64(), build.GP64()
	build.MOVQ(operand.U32(uint32(16/ch)), p)
	build.Label("pixels")
	build.MOVQ(p, span)
	build.IMULQ(block, span)
	build.CMPQ(span, operand.U8(64))
	build.JBE(operand.LabelRef("pixels_done"))
	build.DECQ(p)
	build.JMP(operand.LabelRef("pixels"))
	build.Label("pixels_done")
	build.IMUL3Q(operand.Imm(uint64(ch)), p, out)

	lo, hi, outMask := build.K(), build.K(), build.K()
	// masks sets lo and hi to the low words words of 64 and outMask to
	// the low bytes bytes of 16.
	masks := func(words, bytes reg.GPVirtual) {
		bits := build.GP64()
		build.MOVQ(operand.I64(-1), bits)
		build.BZHIQ(words, bits, bits)
		build.KMOVD(bits.As32(), lo)
		build.SHRQ(operand.U8(32), bits)
		build.KMOVD(bits.As32(), hi)
		lowBits(bytes, outMask)
	}
	masks(span, out)
	build.SHLQ(operand.U8(1), span) // now the step's bytes of cols

	// body emits one step under the masks.
	body := func(label string) {
		z0, z1, acc, idx := build.ZMM(), build.ZMM(), build.ZMM(), build.ZMM()
		build.VMOVDQU16_Z(mem(cols, 0), lo, z0)
		build.VMOVDQU16_Z(mem(cols, 64), hi, z1)
		build.VMOVDQA64(halfV, acc)
		build.VMOVDQA64(idx0, idx)
		i := build.GP64()
		build.MOVQ(fx, i)
		build.Label(label)
		x := build.ZMM()
		build.VMOVDQA64(idx, x)
		build.VPERMI2W_Z(z1, z0, even, x)
		build.VPADDD(x, acc, acc)
		build.VPADDW(chW, idx, idx)
		build.DECQ(i)
		build.JNZ(operand.LabelRef(label))
		build.VPMULLD(mV, acc, acc)
		build.VPSRLD(operand.U8(24), acc, acc)
		build.VPMOVDB(acc, outMask, mem(dst, 0))
	}

	build.Label("step")
	build.CMPQ(n, out)
	build.JB(operand.LabelRef("tail"))
	body("sum")
	build.ADDQ(out, dst)
	build.SUBQ(out, n)
	build.ADDQ(span, cols)
	build.JMP(operand.LabelRef("step"))

	build.Label("tail")
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("done"))
	words := build.GP64()
	build.MOVQ(n, words)
	build.IMULQ(fx, words) // n bytes are n/ch pixels of fx*ch words
	masks(words, n)
	body("tail_sum")
	build.JMP(operand.LabelRef("done"))

	build.Label("wide")
	rr.Pixels(false) // grey's trees serve blocks of 2 and 4 pixels, which never come here
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// wordTable emits a read-only table of 16-bit values.
func wordTable(name string, v []uint16) operand.Mem {
	b := make([]byte, 2*len(v))
	for i, x := range v {
		le.LittleEndian.PutUint16(b[2*i:], x)
	}
	return x86.BytesData(name, b)
}
