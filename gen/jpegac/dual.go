package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// dualRun is skipRun with two readers in one loop. A 1/8 decode of a
// sequential scan is bound by the chain of its lookups (prefix, load,
// shift): about 7 cycles each, with the core's other units mostly idle.
// Chain A decodes from the reader's position; chain B starts at a byte
// near the middle of the scan's data as if a block began there. Huffman
// data resynchronises: a few blocks on, B's blocks begin where the true
// blocks begin (package jpeg checks that A reaches one of B's block
// starts with the same MCU position, and drops B's work otherwise). The
// two chains are independent, so the core runs them side by side: one
// round is a refill of each, then their lookups alternately.
//
// Each chain keeps its reader, position in the block and skipping table
// in registers; the rest of the state (dualState of package jpeg, 33
// words) is copied into the frame and back. A value block (values.go)
// is decoded whole by its chain, dualValues. Both chains store each
// block's DC difference (not the prediction: B does not know its
// predictions, and Go adds them up); B also records where each of its
// blocks begins (its bit position, as the logical offset of the unstuffed
// data, and its step).

// dualState's layout (jpeg.dualState; TestDualStateLayout checks it):
// the address of the data's last eight bytes and of its end, the bit
// position where A stops (B's start), the one where B stops (short of
// the scan's end), the reason for the return, then the two chains.
const (
	dsLast    = 0
	dsEnd     = 8
	dsB0      = 16
	dsE       = 24
	dsReason  = 32
	dsA       = 40
	chainSize = 112
	dsB       = dsA + chainSize
	dsSize    = dsB + chainSize
)

// dualRun's frame after its copy of dualState: each chain's reader at
// its block's start (after the refill before the DC), to which a marker
// in a value block takes it back, and whether B has begun (A's first
// value block goes on to B's start).
const (
	snapAcc   = 0
	snapN     = 8
	snapPos   = 16
	snapSize  = 24
	fStarted  = dsSize + 2*snapSize
	frameSize = fStarted + 8
)

// A chain's fields: its reader (acc, n, the address of the next byte),
// the position in the block, the block's step, the next DC slot in its
// buffer and the buffer's end, the stuffed pairs it has taken, where its
// next record goes (B), and whether it stopped in a block's AC symbols
// (1) or before a block (0), the next slot of its value blocks'
// coefficients and the slots' end, then its refill's limit and the
// limit's place in the list of them (reader.limit).
const (
	chAcc     = 0
	chN       = 8
	chPos     = 16
	chK       = 24
	chStep    = 32
	chOut     = 40
	chOutEnd  = 48
	chStuff   = 56
	chRecs    = 64
	chKind    = 72
	chCoef    = 80
	chCoefEnd = 88
	chLimit   = 96
	chCursor  = 104
)

// Reasons for dualRun's return, the constants dual* of package jpeg.
const (
	dualAAtB0 = 1 // A reached B's start, before a block
	dualAFull = 2 // A's buffer is full, before a block
	dualAStop = 3 // A's refill met a marker or the data's end
	dualBDone = 4 // B reached its stop or filled its buffer, before a block
	dualBStop = 5 // B's refill met a marker or the data's end
)

// chain is one of dualRun's readers.
type chain struct {
	*reader
	k, pair reg.GPPhysical
	off     int    // its fields in the frame
	snap    int    // its state at the block's start in the frame
	name    string // A or B
	other   *chain
}

// frame is dualRun's copy of the state.
var frame operand.Mem

// f is the chain's field at off in the frame.
func (c *chain) f(off int) operand.Mem { return frame.Offset(c.off + off) }

// newChain returns the chain whose fields are at off in the frame, with
// these registers.
func newChain(name string, off int, acc, n, pos, k, pair reg.GPPhysical) *chain {
	c := &chain{k: k, pair: pair, off: off, name: name, snap: dsSize}
	if off == dsB {
		c.snap += snapSize
	}
	stuff, limit, cursor := frame.Offset(off+chStuff), frame.Offset(off+chLimit), frame.Offset(off+chCursor)
	c.reader = &reader{
		acc: acc, n: n, pos: pos,
		at:    func(p reg.GPPhysical) operand.Mem { return operand.Mem{Base: p} },
		last:  frame.Offset(dsLast),
		endTo: func(r reg.GPPhysical) { build.MOVQ(frame.Offset(dsEnd), r) },
		stuff: &stuff, limit: &limit, cursor: &cursor,
	}
	return c
}

// label names a label of chain c.
func (c *chain) label(format string, a ...any) string {
	return "dual" + c.name + fmt.Sprintf(format, a...)
}

func dualRun() {
	build.TEXT("dualRun", build.NOSPLIT, fmt.Sprintf("func(s *[%d]uint64)", dsSize/8))
	build.Doc("dualRun is skipRun with two chains (see gen/jpegac): A from the reader's position",
		"and B from a guess at a block's start further on, side by side, each storing its",
		"blocks' DC differences, B recording where its blocks begin, until A reaches B's",
		"start, a buffer fills, B reaches its stop or a refill meets a marker (dual*).")
	frame = build.AllocLocal(frameSize)
	// k in DX and BX: the lookup adds the positions a word moves (its
	// second byte, AH) to k's low byte
	a := newChain("A", dsA, acc, n, pos, reg.RDX, reg.RSI)
	b := newChain("B", dsB, reg.R10, reg.R9, reg.R8, reg.RBX, reg.RDI)
	a.other, b.other = b, a

	build.Load(build.Param("s"), t)
	for w := 0; w < dsSize/8; w++ {
		build.MOVQ(operand.Mem{Base: t, Disp: 8 * w}, e)
		build.MOVQ(e, frame.Offset(8*w))
	}
	for _, c := range []*chain{a, b} {
		build.MOVQ(c.f(chAcc), c.acc)
		build.MOVQ(c.f(chN), c.n)
		build.MOVQ(c.f(chPos), c.pos)
	}
	build.Comment("Both chains begin before a block.")
	build.MOVQ(operand.U32(0), frame.Offset(fStarted))
	blockStart(a, true, "dualEntryB")
	build.Label("dualEntryB")
	blockStart(b, true, "dualStarted")
	build.Label("dualStarted")
	build.MOVQ(operand.U32(1), frame.Offset(fStarted))

	build.Label("dualRound")
	refillTo(a.reader, a.label("RoundSlow"))
	build.Label(a.label("RoundFilled"))
	refillTo(b.reader, b.label("RoundSlow"))
	build.Label(b.label("RoundFilled"))
	var near []func()
	for i := range skipRound {
		near = append(near, dualLookup(a, a.label("Near%d", i), b.label("%d", i), a.label("Single%d", i), a.label("End%d", i)))
		near = append(near, dualLookup(b, b.label("Near%d", i), a.label("%d", i+1), b.label("Single%d", i), b.label("End%d", i)))
	}
	build.JMP(operand.LabelRef("dualRound"))
	for _, f := range near {
		f()
	}

	for i := range skipRound {
		// where each chain goes on after its lookup i
		for _, c := range []struct {
			c    *chain
			back string
		}{{a, b.label("%d", i)}, {b, a.label("%d", i+1)}} {
			build.Label(c.c.label("End%d", i))
			blockStart(c.c, false, c.back)
			build.Label(c.c.label("Single%d", i))
			dualSingle(c.c, c.c.label("End%d", i), c.back)
		}
	}
	refillBytes(a.reader, a.label("RoundSlow"), a.label("RoundFilled"), "dualAStop")
	refillBytes(b.reader, b.label("RoundSlow"), b.label("RoundFilled"), "dualBStop")
	dualValues(a)
	dualValues(b)

	for _, x := range []struct {
		label  string
		reason int
	}{{"dualAAtB0", dualAAtB0}, {"dualAFull", dualAFull}, {"dualAStop", dualAStop}, {"dualBDone", dualBDone}, {"dualBStop", dualBStop}} {
		build.Label(x.label)
		build.MOVQ(operand.U32(uint32(x.reason)), frame.Offset(dsReason))
		build.JMP(operand.LabelRef("dualExit"))
	}
	build.Label("dualExit")
	for _, c := range []*chain{a, b} {
		build.MOVQ(c.acc, c.f(chAcc))
		build.MOVQ(c.n, c.f(chN))
		build.MOVQ(c.pos, c.f(chPos))
		build.LEAQ(operand.Mem{Base: c.k, Disp: -kBias}, t)
		build.MOVQ(t, c.f(chK))
	}
	build.Load(build.Param("s"), t)
	for w := 0; w < dsSize/8; w++ {
		build.MOVQ(frame.Offset(8*w), e)
		build.MOVQ(e, operand.Mem{Base: t, Disp: 8 * w})
	}
	build.RET()
}

// kBias is added to a chain's position in the block, k: a position of
// 64 or more is a byte that overflows, so the lookup's test of the
// block's end is one ADDB and its carry.
const kBias = 192

// dualLookup is skipLookupTo in dualRun (the same symbols taken and the
// same labels' meaning) in fewer instructions: the test of the block's
// end is the carry of ADDB AH, k (k biased, kBias), and the near-end
// case is out of line, written by the function returned, so that the
// usual way falls through to the next lookup.
func dualLookup(c *chain, nearLabel, nextLabel, symbolLabel, endLabel string) func() {
	k := c.k
	skipWord(c.reader, c.pair)
	build.ADDB(reg.AH, k.As8L()) // the positions the symbols move: the second byte
	build.JCS(operand.LabelRef(nearLabel))
	build.Label(nextLabel)
	return func() {
		build.Label(nearLabel)
		build.SUBB(reg.AH, k.As8L()) // the positions back
		firstAlone(c.reader, k, c.pair, operand.U32(kBias+64), symbolLabel)
		build.JGE(operand.LabelRef(endLabel))
		build.JMP(operand.LabelRef(nextLabel))
	}
}

// dualStarts numbers blockStart's labels.
var dualStarts int

// blockStart writes a chain's move to its next block (first: the chain's
// first, whose step is already set) and its DC difference, then jumps to
// back. A returns when it has reached B's start or filled its buffer, B
// when it has reached its stop or filled its buffer; B records where the
// block begins first. Each refill leaves at least 56 bits, so that the
// lookups left in the round have their bits.
func blockStart(c *chain, first bool, back string) {
	dualStarts++
	label := func(s string) string { return c.label("Start%d%s", dualStarts, s) }
	n := c.n
	if !first {
		build.MOVQ(c.f(chStep), t)
		build.MOVQ(operand.Mem{Base: t, Disp: stepNext}, t)
		build.MOVQ(t, c.f(chStep))
	}
	build.MOVQ(operand.U32(0), c.f(chKind))
	build.Comment("The block's bit position: (address - stuffed pairs) * 8 - bits held.")
	build.MOVQ(c.pos, prev)
	build.SUBQ(c.f(chStuff), prev)
	build.SHLQ(operand.Imm(3), prev)
	build.SUBQ(n, prev)
	build.MOVQ(c.f(chOut), t)
	build.CMPQ(t, c.f(chOutEnd))
	if c.off == dsA {
		build.JAE(operand.LabelRef("dualAFull"))
		build.CMPQ(prev, frame.Offset(dsB0))
		build.JGE(operand.LabelRef("dualAAtB0"))
	} else {
		build.JAE(operand.LabelRef("dualBDone"))
		build.CMPQ(prev, frame.Offset(dsE))
		build.JGE(operand.LabelRef("dualBDone"))
		build.MOVQ(c.f(chRecs), t)
		build.MOVQ(prev, operand.Mem{Base: t})
		build.MOVQ(c.f(chStep), e)
		build.MOVQ(e, operand.Mem{Base: t, Disp: 8})
		build.ADDQ(operand.Imm(16), c.f(chRecs))
	}
	refillTo(c.reader, label("Slow"))
	build.Label(label("Filled"))
	build.MOVQ(c.acc, frame.Offset(c.snap+snapAcc))
	build.MOVQ(c.n, frame.Offset(c.snap+snapN))
	build.MOVQ(c.pos, frame.Offset(c.snap+snapPos))
	build.MOVQ(c.f(chStep), t)
	lutCode(c.reader, operand.Mem{Base: t, Disp: stepDC}, label("Long"))
	build.Label(label("Bits"))
	dcDiff(c.reader, label("Diff"))
	build.Label(label("Diff"))
	build.MOVQ(c.f(chOut), t)
	build.MOVL(e.As32(), operand.Mem{Base: t})
	build.ADDQ(operand.Imm(4), c.f(chOut))
	build.MOVQ(operand.U32(1), c.f(chKind))
	build.MOVQ(c.f(chStep), t)
	build.CMPQ(operand.Mem{Base: t, Disp: stepQ}, operand.Imm(0))
	build.JNE(operand.LabelRef(c.label("Values")))
	build.MOVQ(operand.Mem{Base: t, Disp: stepSkip}, c.pair)
	build.MOVL(operand.U32(kBias+1), c.k.As32())
	refillTo(c.reader, label("Slow2"))
	build.Label(label("Filled2"))
	build.JMP(operand.LabelRef(back))

	chainSlowPaths(c, label, "Bits")
}

// dualSingle writes skipRun's runSingle for a chain: a symbol the
// skipping table does not hold, from the AC table; the block's end goes
// to endLabel, else a refill and back.
func dualSingle(c *chain, endLabel, back string) {
	dualStarts++
	label := func(s string) string { return c.label("Single%d%s", dualStarts, s) }
	refillTo(c.reader, label("Slow"))
	build.Label(label("Filled"))
	build.MOVQ(c.f(chStep), t)
	lutCode(c.reader, operand.Mem{Base: t, Disp: stepAC}, label("Long"))
	build.Label(label("Symbol"))
	acSymbol(c.reader, c.k, label(""), endLabel, operand.U32(kBias+64))
	refillTo(c.reader, label("Slow2"))
	build.Label(label("Filled2"))
	build.JMP(operand.LabelRef(back))

	chainSlowPaths(c, label, "Symbol")
}

// chainSlowPaths writes the out-of-line paths of a chain's handler whose
// labels label makes: the code longer than the lookup ("Long", back to
// decoded, where the symbol is taken), and the byte-wise refills of its
// two refills ("Slow", "Slow2"), which stop the chain at a marker.
func chainSlowPaths(c *chain, label func(string) string, decoded string) {
	build.Label(label("Long"))
	longCode(c.reader)
	build.JMP(operand.LabelRef(label(decoded)))
	refillBytes(c.reader, label("Slow"), label("Filled"), "dual"+c.name+"Stop")
	refillBytes(c.reader, label("Slow2"), label("Filled2"), "dual"+c.name+"Stop")
}

// dualValues writes a chain's value block (values.go) after its DC, at
// its label Values: the other chain's bits and address go to the frame
// for the block's pointers (its slot and its step's zigzag table in
// their registers), valueAC decodes the block into the chain's next slot, and
// the chain moves on to its next block and back to the round (A's first
// block to B's start when B has not begun). A marker in the block, or no
// slot left, takes the chain back to the block's start (its reader, and
// its DC undone) and stops it. (Nothing reads a stopped chain's count of
// stuffed pairs, and B's record of the block stays, a true block start
// with none of B's blocks after it.)
func dualValues(c *chain) {
	o := c.other
	l := func(s string) string { return c.label("Values%s", s) }
	build.Label(c.label("Values"))
	build.MOVQ(o.acc, o.f(chAcc))
	build.MOVQ(o.pos, o.f(chPos))
	v := valueRegs{rd: c.reader, k: c.k, pair: c.pair, blk: o.acc, zz: o.pos, raw: true} // raw: no quantiser
	build.MOVQ(operand.Mem{Base: t, Disp: stepZZ}, v.zz)
	build.MOVQ(operand.Mem{Base: t, Disp: stepPair}, v.pair)
	build.MOVQ(c.f(chCoef), v.blk)
	build.MOVQ(operand.Mem{Base: t, Disp: stepSlot}, e)
	build.ADDQ(v.blk, e)
	build.CMPQ(e, c.f(chCoefEnd))
	build.JA(operand.LabelRef(l("Stop")))
	valueAC(v, c.label("V"), func() { build.MOVQ(c.f(chStep), t) }, l("Done"), l("Stop"))

	restoreOther := func() {
		build.MOVQ(o.f(chAcc), o.acc)
		build.MOVQ(o.f(chPos), o.pos)
	}
	build.Label(l("Done"))
	build.MOVQ(c.f(chStep), t)
	build.MOVQ(operand.Mem{Base: t, Disp: stepSlot}, t)
	build.ADDQ(v.blk, t)
	build.MOVQ(t, c.f(chCoef))
	restoreOther()
	blockStart(c, false, l("Back"))
	build.Label(l("Back"))
	if c.off == dsA {
		build.CMPQ(frame.Offset(fStarted), operand.Imm(0))
		build.JE(operand.LabelRef("dualEntryB"))
		build.JMP(operand.LabelRef("dualRound"))
	} else {
		build.JMP(operand.LabelRef("dualStarted"))
	}

	build.Label(l("Stop"))
	build.Comment("Back to the block's start, before its DC.")
	build.MOVQ(frame.Offset(c.snap+snapAcc), c.acc)
	build.MOVQ(frame.Offset(c.snap+snapN), c.n)
	build.MOVQ(frame.Offset(c.snap+snapPos), c.pos)
	build.SUBQ(operand.Imm(4), c.f(chOut))
	build.MOVQ(operand.U32(0), c.f(chKind))
	restoreOther()
	build.JMP(operand.LabelRef("dual" + c.name + "Stop"))
}
