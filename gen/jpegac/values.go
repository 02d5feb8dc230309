package main

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Value blocks in skipRun. At 1/8 scale a 4:2:0 file keeps a 2x2 inverse
// DCT for its chroma (and 4:1:1 a 4x4 one): those blocks need their AC
// coefficients. Before, skipRun stopped at each and Go's per-block path
// decoded it (the DC, acLoop, the exits to Go for the symbols beyond the
// pair table and the careful refills, then the inverse DCT), and went
// back to skipRun for the luma: the profile held nearly twice as many
// samples of that Go work as of acLoop itself. Now skipRun decodes them
// too: the DC as for the other blocks, then acLoop's rounds (lookup,
// the same registers) into the block's slot of coef, the symbols beyond
// the pair table and the refills that meet an 0xFF in the loop; Go runs
// the inverse DCTs of a run's slots afterwards (writeRunDC).

// skipRun's frame: the registers a value block takes over (the step, out
// and its end; blk and zz are acLoop's registers), the next slot of
// coef and coef's end, and the state at the value block's start (the
// reader, the component's prediction, the block's place in out), to
// which a marker in the block goes back, so that Go's per-block path
// decodes the whole block again.
const (
	rfStep    = 0
	rfOut     = 8
	rfEnd     = 16
	rfCoef    = 24
	rfCoefEnd = 32
	rfAcc     = 40
	rfN       = 48
	rfPos     = 56
	rfPred    = 64
	rfOutAt   = 72
	rfSize    = 80
)

// A value block's slot in coef holds its AC coefficients as coded, int16s
// at the places its step's zigzag table gives: natural order (64, 128
// bytes), or for a 2x2 inverse DCT the 25 coefficients it reads, in rows
// and columns 0, 1, 3, 5 and 7 (32, 64 bytes: one cache line, a quarter
// of the 64 dequantised int32s first written, whose clearing and
// write-back had taken 7% of a 4:2:0 decode at 1/8). The first (the
// DC's) is a flag, 1 when the block is flat (its first AC symbol an end
// of block: decodeSequential's false, for which Go's path fills the
// block with the rounded DC). Go dequantises.

// runFrame is skipRun's frame.
var runFrame operand.Mem

// rf is the field at off in skipRun's frame.
func rf(off int) operand.Mem { return runFrame.Offset(off) }

// valueBlock writes skipRun's value block, at label runValues: a block
// whose step has a quantiser. It goes on at runNextBlock, or exits at
// runAtBlock with nothing of the block read.
func valueBlock(step, out, end reg.GPPhysical) {
	build.Label("runValues")
	build.MOVQ(rf(rfCoef), t)
	build.ADDQ(operand.Mem{Base: step, Disp: stepSlot}, t)
	build.CMPQ(t, rf(rfCoefEnd))
	build.JA(operand.LabelRef("runAtBlock"))
	refillTo(mainReader, "runValuesSlow")
	build.Label("runValuesFilled")
	build.MOVQ(acc, rf(rfAcc))
	build.MOVQ(n, rf(rfN))
	build.MOVQ(pos, rf(rfPos))
	build.MOVQ(out, rf(rfOutAt))
	build.MOVQ(operand.Mem{Base: step, Disp: stepPred}, t)
	build.MOVL(operand.Mem{Base: t}, e.As32())
	build.MOVL(e.As32(), rf(rfPred))
	runDCPrediction(step, out, "runValues")

	build.Comment("acLoop's registers: step, out and end to the frame.")
	build.MOVQ(step, rf(rfStep))
	build.MOVQ(out, rf(rfOut))
	build.MOVQ(end, rf(rfEnd))
	build.MOVQ(operand.Mem{Base: step, Disp: stepPair}, pair)
	build.MOVQ(operand.Mem{Base: step, Disp: stepZZ}, zz) // zz is step's register: last
	build.MOVQ(rf(rfCoef), blk)
	v := acRegs
	v.raw = true
	valueAC(v, "runValues", func() { build.MOVQ(rf(rfStep), t) }, "runValuesDone", "runValuesStop")
	build.Label("runValuesDone")
	build.MOVQ(rf(rfStep), t)
	build.MOVQ(operand.Mem{Base: t, Disp: stepSlot}, t)
	build.ADDQ(blk, t)
	build.MOVQ(t, rf(rfCoef))
	build.MOVQ(rf(rfStep), step)
	build.MOVQ(rf(rfOut), out)
	build.MOVQ(rf(rfEnd), end)
	build.JMP(operand.LabelRef("runNextBlock"))

	build.Label("runValuesDCLong")
	longCode(mainReader)
	build.JMP(operand.LabelRef("runValuesDCBits"))
	refillBytes(mainReader, "runValuesSlow", "runValuesFilled", "runAtBlock")

	build.Label("runValuesStop")
	build.Comment("A marker or the data's end in the block: back to the block's start, for",
		"Go's per-block path.")
	build.MOVQ(rf(rfAcc), acc)
	build.MOVQ(rf(rfN), n)
	build.MOVQ(rf(rfPos), pos)
	build.MOVQ(rf(rfStep), step)
	build.MOVQ(rf(rfEnd), end)
	build.MOVQ(rf(rfOutAt), out)
	build.MOVQ(operand.Mem{Base: step, Disp: stepPred}, t)
	build.MOVL(rf(rfPred), e.As32())
	build.MOVL(e.As32(), operand.Mem{Base: t})
	build.JMP(operand.LabelRef("runAtBlock"))
}

// valueAC writes the AC part of a value block, after its DC, with v's
// registers (raw; pair and zz set, blk at the block's slot, at least 25
// bits in the buffer): the slot cleared, then acLoop's rounds, the
// symbols beyond the pair table as decodeSequential takes them, and the
// refills that meet an 0xFF; the block's end goes to doneLabel (blk
// unchanged), a marker or the data's end to stopLabel. stepTo puts the
// block's step in t. Its labels begin with prefix.
func valueAC(v valueRegs, prefix string, stepTo func(), doneLabel, stopLabel string) {
	rd, k, blk := v.rd, v.k, v.blk
	acc, n := rd.acc, rd.n
	l := func(s string) string { return prefix + s }
	build.XORPS(reg.X0, reg.X0)
	for i := 0; i < 64; i += 16 {
		build.MOVUPS(reg.X0, operand.Mem{Base: blk, Disp: i})
	}
	stepTo()
	build.CMPQ(operand.Mem{Base: t, Disp: stepSlot}, operand.Imm(64))
	build.JE(operand.LabelRef(l("Cleared")))
	for i := 64; i < 128; i += 16 {
		build.MOVUPS(reg.X0, operand.Mem{Base: blk, Disp: i})
	}
	build.Label(l("Cleared"))
	build.MOVL(operand.U32(1), k.As32())
	build.Comment("A first symbol that ends the block: a flat block.")
	build.MOVQ(acc, cx)
	build.SHRQ(operand.Imm(64-fastBits), cx)
	build.MOVQ(operand.Mem{Base: v.pair, Index: cx, Scale: 8}, e)
	build.MOVL(e.As32(), t.As32())
	build.SHRL(operand.Imm(8), t.As32())
	build.CMPB(t.As8(), operand.U8(fastEnd))
	build.JNE(operand.LabelRef(l("Round")))
	build.MOVL(e.As32(), cx.As32())
	build.ANDL(operand.Imm(63), cx.As32())
	build.SHLQ(reg.CL, acc)
	build.SUBQ(cx, n)
	build.MOVW(operand.U16(1), operand.Mem{Base: blk})
	build.JMP(operand.LabelRef(doneLabel))

	build.Label(l("Round"))
	refillTo(rd, l("RoundSlow"))
	build.Label(l("RoundFilled"))
	for range seqRound {
		v.lookup(l("FirstEnds"), doneLabel)
	}
	build.JMP(operand.LabelRef(l("Round")))
	build.Label(l("FirstEnds"))
	v.firstEnds(l("Symbol"))
	build.JMP(operand.LabelRef(doneLabel))

	build.Label(l("Symbol"))
	build.Comment("A symbol beyond the pair table, as decodeSequential takes it: after a",
		"refill, its code from the AC table's lookup (longCode beyond it), then its",
		"magnitude's bits.")
	refillTo(rd, l("SymbolSlow"))
	build.Label(l("SymbolFilled"))
	stepTo()
	lutCode(rd, operand.Mem{Base: t, Disp: stepAC}, l("ACLong"))
	build.Label(l("ACSymbol"))
	build.MOVL(e.As32(), t.As32())
	build.SHRL(operand.Imm(4), t.As32())
	build.ANDL(operand.Imm(15), t.As32()) // the run r
	build.TESTL(operand.U32(15), e.As32())
	build.JNZ(operand.LabelRef(l("Value")))
	build.CMPL(t.As32(), operand.Imm(15))
	build.JNE(operand.LabelRef(l("EOB")))
	build.ADDQ(operand.Imm(16), k) // a run of sixteen zeros
	build.CMPQ(k, operand.Imm(64))
	build.JGE(operand.LabelRef(doneLabel))
	build.JMP(operand.LabelRef(l("Round")))
	build.Label(l("EOB"))
	build.CMPQ(k, operand.Imm(1))
	build.JNE(operand.LabelRef(doneLabel))
	build.MOVW(operand.U16(1), operand.Mem{Base: blk}) // the first symbol: a flat block
	build.JMP(operand.LabelRef(doneLabel))
	build.Label(l("Value"))
	build.ADDQ(t, k)
	dcDiff(rd, l("Store")) // the magnitude's bits are not 0: no jump
	build.Label(l("Store"))
	build.MOVQ(k, t)
	build.ANDQ(operand.Imm(zzMask), t)
	build.MOVBQZX(operand.Mem{Base: v.zz, Index: t, Scale: 1}, t)
	build.MOVW(e.As16(), operand.Mem{Base: blk, Index: t, Scale: 2})
	build.INCQ(k)
	build.CMPQ(k, operand.Imm(64))
	build.JGE(operand.LabelRef(doneLabel))
	build.JMP(operand.LabelRef(l("Round")))

	build.Label(l("ACLong"))
	longCode(rd)
	build.JMP(operand.LabelRef(l("ACSymbol")))
	refillBytes(rd, l("RoundSlow"), l("RoundFilled"), stopLabel)
	refillBytes(rd, l("SymbolSlow"), l("SymbolFilled"), stopLabel)
}
