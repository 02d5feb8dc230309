// Command jpegac generates the amd64 AC loops of package jpeg's sequential
// block decoder with avo: the assembly (-out) and its Go declarations
// (-stubs). acLoop decodes a block's AC coefficients, skipLoop skips them
// (a component at 1/8 scale), and skipRun goes through a run of blocks at
// 1/8 (each block's DC decoded and stored, its AC symbols skipped, or
// decoded for the value blocks of values.go) without returning to Go
// between blocks; dualRun (dual.go) runs two such chains side by side.
//
// acLoop is the pair-table loop of decoder.decodeSequential in meaning:
// the same refill (eight bytes with one load when none is 0xFF), rounds
// of five lookups in the pair table (acPair), one or two dequantised
// coefficients stored a lookup, and the same exits to the Go code for
// what the table does not hold. Go's compiler runs short of registers in
// that loop and keeps the loaded table word and the position on the
// stack, reloading them on the chain that bounds the loop (prefix, load,
// shift); here every value has its register, and the bit buffer is
// shifted right after the load, the shift count being the word's low
// byte in CL. skipLoop is skipAC's loop in the same way. Each is one
// scalar loop for every amd64 CPU, not a per-ISA kernel of the registry,
// and the Go loop stays the reference it is tested against.
package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Layout constants of package jpeg, repeated here: importing the package
// would need the file this command writes. jpeg's tests compare this loop
// with its Go loop and fail when they drift apart.
const (
	fastBits  = 11                 // acPair's lookahead (jpeg.fastBits)
	seqRound  = 56 / fastBits      // lookups a refill covers (jpeg.seqRound)
	skipBits  = 13                 // acSkip's lookahead (jpeg.skipBits)
	firstBits = 11                 // the lookahead of its first symbol alone (jpeg.skipFirstBits)
	firstAt   = 2 << skipBits      // where that part begins in acSkip, in bytes (2 * jpeg.skipFirstAt)
	skipRound = 56 / skipBits      // lookups a refill covers in skipAC (jpeg.skipRound)
	zzMask    = 127                // positions index zigzag modulo its 128 entries
	fastEnd   = 64                 // the run of an end of block in acPair's first symbol (jpeg.fastEnd)
	ones      = 0x0101010101010101 // per-byte constants of the 0xFF test
	lows      = 0x7f7f7f7f7f7f7f7f
	highs     = 0x8080808080808080
)

// runStep's layout (jpeg.runStep; TestRunStepLayout checks it): the DC
// Huffman table, the AC table's skipping table, the component's DC
// prediction, the step of the MCU's next block, the AC Huffman table, and
// for a block whose output needs AC terms (a value block, values.go) its
// quantiser, the AC table's pair table, the zigzag table its slot is
// indexed by and the slot's size in bytes (0 for a block that keeps the
// DC alone).
const (
	stepWords = 9
	stepDC    = 0
	stepSkip  = 8
	stepPred  = 16
	stepNext  = 24
	stepAC    = 32
	stepQ     = 40
	stepPair  = 48
	stepZZ    = 56
	stepSlot  = 64
	lutBits   = 11 // the Huffman lookup's prefix (jpeg.lutBits)
)

// Exit codes of skipRun, the constants run*Exit of package jpeg.
const (
	runDone    = 0 // every block is done
	runAtBlock = 1 // stopped before block done (no slot left for it, or a marker near), nothing of it read
	runInAC    = 2 // stopped in the AC symbols of block done-1, at position k; its DC is stored
)

// Exit codes, the constants ac*Exit of package jpeg.
const (
	exitDone   = 0 // the block's last position is filled (k >= 64)
	exitSymbol = 1 // the next word is pairNone: a symbol beyond the table; the state is from before it
	exitRefill = 2 // the round's refill cannot take eight bytes at once; the state is the round's start
)

// The loop's registers.
var (
	blk  = reg.RDI // &blk[0]: coefficients in natural order
	q    = reg.RSI // &q[0]: the quantiser, natural order
	pair = reg.RBX // &pair[0], or &skip[0] in skipLoop
	zz   = reg.R8  // &zigzag[0]
	data = reg.R9  // &data[0]
	last = reg.R10 // len(data) - 8: the last position a refill loads from
	pos  = reg.R11 // next byte of data
	acc  = reg.R12 // the bit buffer, left-aligned
	n    = reg.R13 // bits in acc
	k    = reg.RDX // next coefficient position in zigzag order
	e    = reg.RAX // the table word; the refill's load
	cx   = reg.RCX // CL: shift counts
	prev = reg.R14 // acc before the word's shift; the refill's scratch
	t    = reg.R15 // scratch
)

// reader is a bit reader in registers and where its refills find the
// bytes: the block loops' and skipRun's (mainReader: an index into data)
// or a chain of dualRun's (an address, and a count of stuffed pairs).
type reader struct {
	acc, n, pos reg.GPPhysical
	at          func(p reg.GPPhysical) operand.Mem // the bytes at position p
	last        operand.Op                         // the last position a refill loads eight bytes from
	endTo       func(r reg.GPPhysical)             // puts the data's end (the position after it) in r
	stuff       *operand.Mem                       // counts the stuffed 0xFF 0x00 pairs taken, or nil

	// limit, where set, is the last position from which eight bytes
	// hold no 0xFF (the next 0xFF's minus 8, or the data's end's), and
	// cursor the address of that limit in a list of them, rising to the
	// data's end: the refill compares the position with it instead of
	// testing the bytes for 0xFF (an index of the data's 0xFF bytes,
	// made once for a run of two chains)
	limit, cursor *operand.Mem
}

// mainReader is the reader of acLoop, skipLoop and skipRun.
var mainReader = &reader{
	acc: acc, n: n, pos: pos,
	at:    func(p reg.GPPhysical) operand.Mem { return operand.Mem{Base: data, Index: p, Scale: 1} },
	last:  last,
	endTo: func(r reg.GPPhysical) { build.LEAQ(operand.Mem{Base: last, Disp: 8}, r) },
}

func main() {
	build.ConstraintExpr("!purego")
	build.TEXT("acLoop", build.NOSPLIT,
		fmt.Sprintf("func(blk, q *[64]int32, pair *[%d]uint64, zz *[128]uint8, data []byte, pos int, acc uint64, n uint, k int) (racc uint64, rn uint, rpos, rk, exit int)", 1<<fastBits))
	build.Doc("acLoop is decodeSequential's pair-table loop (see gen/jpegac): from position k of a",
		"block it stores the coefficients of the symbols the pair table holds until the block",
		"ends or the loop cannot go on, and returns the state and why it stopped (ac*Exit).")

	build.Load(build.Param("blk"), blk)
	build.Load(build.Param("q"), q)
	build.Load(build.Param("pair"), pair)
	build.Load(build.Param("zz"), zz)
	loadState()

	build.Label("round")
	refillTo(mainReader, "refill")
	build.Comment("Up to five lookups from one refill, as in decodeSequential.")
	for range seqRound {
		acRegs.lookup("firstEnds", "done")
	}
	build.JMP(operand.LabelRef("round"))

	build.Label("firstEnds")
	acRegs.firstEnds("symbol")

	build.Label("done")
	exit(exitDone)
	build.Label("symbol")
	exit(exitSymbol)
	build.Label("refill")
	exit(exitRefill)

	skipLoop()
	skipRun()
	dualRun()
	build.Generate()
}

// skipLoop writes skipAC's loop: the AC symbols of a block at 1/8 scale
// are consumed without building coefficients, one lookup of the skipping
// table (acSkip) giving the bits and positions of the whole symbols its
// prefix holds, or of the first alone near the block's end.
func skipLoop() {
	build.TEXT("skipLoop", build.NOSPLIT,
		fmt.Sprintf("func(skip *[%d]uint16, data []byte, pos int, acc uint64, n uint, k int) (racc uint64, rn uint, rpos, rk, exit int)", 1<<skipBits+1<<firstBits))
	build.Doc("skipLoop is skipAC's loop (see gen/jpegac): from position k of a block it consumes",
		"the symbols the skipping table holds until the block ends or the loop cannot go on,",
		"and returns the state and why it stopped (ac*Exit).")
	build.Load(build.Param("skip"), pair)
	loadState()

	build.Label("skipRound")
	refillTo(mainReader, "skipRefill")
	for i := range skipRound {
		skipLookup(i)
	}
	build.JMP(operand.LabelRef("skipRound"))
	build.Label("skipDone")
	exit(exitDone)
	build.Label("skipSymbol")
	exit(exitSymbol)
	build.Label("skipRefill")
	exit(exitRefill)
}

// skipLookup is one lookup of skipAC's round: the word's symbols
// together while they stay short of the block's end, else the first
// alone (which may end the block). The i-th lookup's near-end case
// rejoins the round at lookup i+1.
func skipLookup(i int) {
	skipLookupTo(mainReader, k, pair, fmt.Sprintf("skipNear%d", i), fmt.Sprintf("skipNext%d", i), "skipSymbol", "skipDone")
}

// skipLookupTo writes a lookup of the skipping table: a symbol beyond
// the table jumps to symbolLabel with the state from before it (by way
// of the near-end case), the block's end to endLabel, the near-end case
// is nearLabel and the next lookup nextLabel. The bits are shifted out
// right after the load of the word, as if the word's symbols were all
// taken, and the near-end case (one misprediction a block) takes the
// first alone (firstAlone): the test of the position against the
// block's end before the shift would put the position's arithmetic on
// the chain of the buffer (prefix, load, shift) that bounds the loop.
func skipLookupTo(rd *reader, k, pair reg.GPPhysical, nearLabel, nextLabel, symbolLabel, endLabel string) {
	skipWord(rd, pair)
	build.MOVL(e.As32(), t.As32())
	build.SHRL(operand.Imm(8), t.As32()) // the positions: the word's second byte
	build.ADDQ(k, t)
	build.CMPQ(t, operand.Imm(64))
	build.JGE(operand.LabelRef(nearLabel))
	build.MOVQ(t, k)
	build.JMP(operand.LabelRef(nextLabel))

	build.Label(nearLabel)
	firstAlone(rd, k, pair, operand.Imm(64), symbolLabel)
	build.JGE(operand.LabelRef(endLabel))
	build.Label(nextLabel)
}

// skipWord writes the head of a lookup of the skipping table at pair:
// the 16-bit word in e, the buffer before the shift in prev, and the
// bits of the word's symbols taken. A prefix without a whole symbol has
// a word of no bits whose advance (255, jpeg.skipNone) takes the way of
// the block's end, where the first symbol's word of 0 goes to the
// symbol's label: no test of its own on the chain's way. The bits are
// counted off n's low byte (n is below 64), from CL as loaded.
func skipWord(rd *reader, pair reg.GPPhysical) {
	acc, n := rd.acc, rd.n
	build.MOVQ(acc, cx)
	build.SHRQ(operand.Imm(64-skipBits), cx)
	build.MOVWLZX(operand.Mem{Base: pair, Index: cx, Scale: 2}, e.As32())
	build.MOVQ(acc, prev)
	build.MOVL(e.As32(), cx.As32())
	build.SHLQ(reg.CL, acc) // the symbols' bits: the low byte, at most skipBits
	build.SUBB(reg.CL, n.As8L())
}

// firstAlone writes the near-end case of a lookup of the skipping
// table (k as before the word): the word's symbols were taken, and are
// given back, the buffer from before the shift (prev); then the first
// symbol alone comes from the table's second part, whose word of 0 (a
// symbol of more than firstBits, or none in the prefix) jumps to
// symbolLabel with the state from before the lookup; else k, moved by
// its positions, is compared with end (the block's end).
func firstAlone(rd *reader, k, pair reg.GPPhysical, end operand.Op, symbolLabel string) {
	build.Comment("Near the end: the first symbol alone, from the buffer before the shift.")
	build.ADDB(e.As8(), rd.n.As8L())
	build.MOVQ(prev, rd.acc)
	build.MOVQ(prev, cx)
	build.SHRQ(operand.Imm(64-firstBits), cx)
	build.MOVWLZX(operand.Mem{Base: pair, Index: cx, Scale: 2, Disp: firstAt}, e.As32())
	build.TESTL(e.As32(), e.As32())
	build.JZ(operand.LabelRef(symbolLabel))
	build.MOVL(e.As32(), cx.As32())
	build.SHLQ(reg.CL, rd.acc)
	build.SUBB(reg.CL, rd.n.As8L())
	build.SHRL(operand.Imm(8), e.As32())
	build.ADDQ(e, k)
	build.CMPQ(k, end)
}

// refillTo is bitReader.refillFast: when the eight bytes at pos hold no
// 0xFF (pos is at most the reader's limit, or the bytes pass
// eightBytesTest), it ORs them in below the n buffered bits and moves pos
// by the whole bytes that leave n below 64; else it jumps to exitLabel.
func refillTo(rd *reader, exitLabel string) {
	acc, n, pos := rd.acc, rd.n, rd.pos
	if rd.limit != nil {
		build.CMPQ(pos, *rd.limit)
		build.JA(operand.LabelRef(exitLabel))
		build.MOVQ(rd.at(pos), e)
		build.BSWAPQ(e)
	} else {
		build.CMPQ(pos, rd.last)
		build.JGT(operand.LabelRef(exitLabel))
		build.MOVQ(rd.at(pos), e)
		build.BSWAPQ(e)
		eightBytesTest(exitLabel)
	}
	build.MOVL(operand.U32(63), t.As32())
	build.SUBL(n.As32(), t.As32())
	build.SHRL(operand.Imm(3), t.As32())
	build.ADDQ(t, pos)
	build.MOVQ(n, cx)
	build.SHRQ(reg.CL, e)
	build.ORQ(e, acc)
	build.LEAQ(operand.Mem{Base: n, Index: t, Scale: 8}, n)
}

// eightBytesTest jumps to exitLabel when one of the eight bytes in e is
// 0xFF: when its low seven bits plus one carry into its top bit and its
// top bit is set.
func eightBytesTest(exitLabel string) {
	build.MOVQ(operand.U64(lows), prev)
	build.ANDQ(e, prev)
	build.MOVQ(operand.U64(ones), t)
	build.ADDQ(t, prev)
	build.ANDQ(e, prev)
	build.MOVQ(operand.U64(highs), t)
	build.TESTQ(t, prev)
	build.JNZ(operand.LabelRef(exitLabel))
}

// valueRegs are the registers of a loop that builds coefficients: its
// reader, the position in the block, the pair table, the block, the
// quantiser and zigzag.
type valueRegs struct {
	rd                  *reader
	k, pair, blk, q, zz reg.GPPhysical
	raw                 bool // int16 coefficients as coded, not dequantised (q unused)
}

// acRegs are acLoop's; skipRun's value blocks take them raw.
var acRegs = valueRegs{rd: mainReader, k: k, pair: pair, blk: blk, q: q, zz: zz}

// lookup takes one word of the pair table: the first symbol's
// coefficient, then the second's (or the first's again, at the first's
// position, where the word holds one symbol: its run is -1). A first
// symbol that fills the block's last position goes to firstEndsLabel
// (firstEnds), and so does a prefix without a whole symbol (jpeg's
// pairNone), which goes on to the symbol's way; a second that fills the
// block's last position goes to doneLabel.
//
// The runs are added to k's low byte (k is RDX or RBX, whose low byte
// ADDB reaches beside AH, the word's run): k is below 64 before a
// symbol and a run at most fastEnd (64; -1 for a missing second), so k
// stays in 0..127 without a carry out of the byte, and indexes zz's 128
// entries as it is, without the mask the Go loop keeps. Three
// instructions fewer a symbol than a zero-extended copy, shift and mask.
func (v valueRegs) lookup(firstEndsLabel, doneLabel string) {
	acc, n, k := v.rd.acc, v.rd.n, v.k
	if k != reg.RDX && k != reg.RBX {
		panic("jpegac: a value loop's k must be RDX or RBX, for ADDB AH")
	}
	build.MOVQ(acc, prev)
	build.MOVQ(acc, cx)
	build.SHRQ(operand.Imm(64-fastBits), cx)
	build.MOVQ(operand.Mem{Base: v.pair, Index: cx, Scale: 8}, e)
	build.MOVQ(e, cx)
	build.SHLQ(reg.CL, acc)      // the word's bits (the low byte; at most fastBits)
	build.SUBB(reg.CL, n.As8L()) // n is below 64
	build.ADDB(reg.AH, k.As8L()) // the first's run: the word's second byte
	v.store(16, build.SARL)
	build.INCQ(k)
	build.CMPQ(k, operand.Imm(64))
	build.JGE(operand.LabelRef(firstEndsLabel))

	build.MOVQ(e, t)
	build.SHRQ(operand.Imm(32), t)
	build.ADDB(t.As8L(), k.As8L()) // the second's run: -1 without a second symbol
	v.store(48, nil)
	build.INCQ(k)
	build.CMPQ(k, operand.Imm(64))
	build.JGE(operand.LabelRef(doneLabel))
}

// firstEnds is the end of a block in a lookup of the pair table by its
// first symbol: the bits after it are the next block's, so the first
// symbol's bits alone are taken, from the buffer before the shift. A
// word of no bits (pairNone) took none and moved k by 64: k goes back,
// and on to symbolLabel with the state from before the lookup.
func (v valueRegs) firstEnds(symbolLabel string) {
	acc, n := v.rd.acc, v.rd.n
	build.TESTB(e.As8(), e.As8())
	build.JNZ(operand.LabelRef(symbolLabel + "Ends"))
	build.SUBQ(operand.Imm(64), v.k)
	build.JMP(operand.LabelRef(symbolLabel))
	build.Label(symbolLabel + "Ends")
	build.Comment("The word's first symbol filled the block's last position: the bits",
		"after it are the next block's. Take the first symbol's bits alone.")
	build.MOVBQZX(e.As8(), t)
	build.ADDQ(t, n)
	build.MOVQ(e, cx)
	build.SHRQ(operand.Imm(40), cx)
	build.MOVBQZX(cx.As8(), t)
	build.SUBQ(t, n)
	build.MOVQ(prev, acc)
	build.SHLQ(reg.CL, acc)
}

// store writes the coefficient in the word's bits shift.. (16 bits,
// signed) times the quantiser to position k in zigzag order (raw: as
// coded, an int16). sar32 is the 32-bit arithmetic shift for a
// coefficient in the low half (nil: the 64-bit one, for the top 16 bits).
func (v valueRegs) store(shift int, sar32 func(operand.Op, operand.Op)) {
	build.MOVBQZX(operand.Mem{Base: v.zz, Index: v.k, Scale: 1}, t) // k < 128 (lookup)
	if v.raw {
		build.MOVQ(e, cx)
		build.SHRQ(operand.Imm(uint64(shift)), cx)
		build.MOVW(cx.As16(), operand.Mem{Base: v.blk, Index: t, Scale: 2})
		return
	}
	if sar32 != nil {
		build.MOVL(e.As32(), cx.As32())
		sar32(operand.Imm(uint64(shift)), cx.As32())
	} else {
		build.MOVQ(e, cx)
		build.SARQ(operand.Imm(uint64(shift)), cx)
	}
	build.IMULL(operand.Mem{Base: v.q, Index: t, Scale: 4}, cx.As32())
	build.MOVL(cx.As32(), operand.Mem{Base: v.blk, Index: t, Scale: 4})
}

// loadState loads the parameters both block loops share: the reader's
// (loadReader) and the position in the block.
func loadState() {
	loadReader()
	build.Load(build.Param("k"), k)
}

// loadReader loads the data and the reader's state.
func loadReader() {
	build.Load(build.Param("data").Base(), data)
	build.Load(build.Param("data").Len(), last)
	build.SUBQ(operand.Imm(8), last)
	build.Load(build.Param("pos"), pos)
	build.Load(build.Param("acc"), acc)
	build.Load(build.Param("n"), n)
}

// exit stores the state and the exit code, and returns.
func exit(code int) {
	build.Store(acc, build.Return("racc"))
	build.Store(n, build.Return("rn"))
	build.Store(pos, build.Return("rpos"))
	build.Store(k, build.Return("rk"))
	build.MOVQ(operand.U32(uint32(code)), t)
	build.Store(t, build.Return("exit"))
	build.RET()
}

// skipRun writes the loop of a run of blocks at 1/8 scale (decodeScan's
// run of MCUs of a scan with a component that keeps the DC alone): per
// block, the
// DC difference (one lookup in the DC table's lut, the magnitude bits,
// the extension), added to the component's prediction and stored in out,
// then the AC symbols skipped as skipLoop does (or a value block's
// decoded, values.go), and on to the next block
// without going back to Go. Go's per-block path (decodeSequential with
// dcOnly, skipAC) is its reference; each exit leaves the state where that
// path can take over.
func skipRun() {
	var (
		step = reg.R8  // the current block's runStep
		out  = reg.RDI // &out[i]: where block i's prediction goes
		end  = reg.RSI // &out[len(out)]
	)
	build.TEXT("skipRun", build.NOSPLIT,
		fmt.Sprintf("func(step *[%d]uintptr, out []int32, coef []int16, data []byte, pos int, acc uint64, n uint) (racc uint64, rn uint, rpos, done, rk, exit int)", stepWords))
	build.Doc("skipRun is decodeScan's loop over a run of blocks at 1/8 scale (see gen/jpegac):",
		"from step, the run's first block, it decodes each block's DC into its component's",
		"prediction, stores the prediction in out and skips the AC symbols, or, for a value",
		"block, stores its AC coefficients as coded in its slot of coef (by its step's",
		"zigzag table); until out or coef is full or the loop cannot go on. It returns the",
		"reader's state, the blocks whose DC is stored, the position in the last one and why",
		"it stopped (run*Exit).")
	runFrame = build.AllocLocal(rfSize)
	build.Load(build.Param("coef").Base(), t)
	build.MOVQ(t, rf(rfCoef))
	build.Load(build.Param("coef").Len(), e)
	build.LEAQ(operand.Mem{Base: t, Index: e, Scale: 2}, t)
	build.MOVQ(t, rf(rfCoefEnd))
	build.Load(build.Param("step"), step)
	build.Load(build.Param("out").Base(), out)
	build.Load(build.Param("out").Len(), end)
	build.LEAQ(operand.Mem{Base: out, Index: end, Scale: 4}, end)
	loadReader()

	build.Label("runBlock")
	build.CMPQ(out, end)
	build.JAE(operand.LabelRef("runAllDone"))
	build.CMPQ(operand.Mem{Base: step, Disp: stepQ}, operand.Imm(0))
	build.JNE(operand.LabelRef("runValues"))
	build.Comment("A refill, then the DC code: at most lutBits bits, and 15 of magnitude.")
	refillTo(mainReader, "runAtBlockSlow")
	build.Label("runAtBlockFilled")
	runDCPrediction(step, out, "run")
	build.MOVQ(operand.Mem{Base: step, Disp: stepSkip}, pair)
	build.MOVL(operand.U32(1), k.As32())

	build.Label("runRound")
	refillTo(mainReader, "runRoundSlow")
	build.Label("runRoundFilled")
	for i := range skipRound {
		runLookup(i)
	}
	build.JMP(operand.LabelRef("runRound"))

	build.Label("runNextBlock")
	build.MOVQ(operand.Mem{Base: step, Disp: stepNext}, step)
	build.JMP(operand.LabelRef("runBlock"))

	build.Label("runSingle")
	build.Comment("A symbol the skipping table does not hold (its code and magnitude take",
		"more than skipBits): after a refill, its code from the AC table's lookup (a",
		"code of more than lutBits from longCode), then its magnitude's bits.")
	refillTo(mainReader, "runSingleSlow")
	build.Label("runSingleFilled")
	lutCode(mainReader, operand.Mem{Base: step, Disp: stepAC}, "runACLong")
	build.Label("runSingleSymbol")
	acSymbol(mainReader, k, "runSingle", "runNextBlock", operand.Imm(64))
	build.JMP(operand.LabelRef("runRound"))

	build.Label("runDCLong")
	longCode(mainReader)
	build.JMP(operand.LabelRef("runDCBits"))
	build.Label("runACLong")
	longCode(mainReader)
	build.JMP(operand.LabelRef("runSingleSymbol"))

	valueBlock(step, out, end)

	refillBytes(mainReader, "runAtBlockSlow", "runAtBlockFilled", "runAtBlock")
	refillBytes(mainReader, "runSingleSlow", "runSingleFilled", "runInAC")
	refillBytes(mainReader, "runRoundSlow", "runRoundFilled", "runInAC")

	build.Label("runAllDone")
	runExit(runDone, out)
	build.Label("runAtBlock")
	runExit(runAtBlock, out)
	build.Label("runInAC")
	runExit(runInAC, out)
}

// runDCPrediction writes skipRun's DC of a block (after a refill): its
// code (one beyond the lookup goes to prefix+"DCLong", which comes back
// at prefix+"DCBits"), the difference added to the component's
// prediction, and the prediction stored in out.
func runDCPrediction(step, out reg.GPPhysical, prefix string) {
	lutCode(mainReader, operand.Mem{Base: step, Disp: stepDC}, prefix+"DCLong")
	build.Label(prefix + "DCBits")
	dcDiff(mainReader, prefix+"DC")
	build.Label(prefix + "DC")
	build.MOVQ(operand.Mem{Base: step, Disp: stepPred}, t)
	build.ADDL(operand.Mem{Base: t}, e.As32())
	build.MOVL(e.As32(), operand.Mem{Base: t})
	build.MOVL(e.As32(), operand.Mem{Base: out})
	build.ADDQ(operand.Imm(4), out)
}

// dcDiff writes the DC difference's magnitude after its code (the
// symbol in e): the symbol's low nibble s bits taken and extended into
// e, or e = 0 without them (a jump to zeroLabel, where the code after
// this goes on).
func dcDiff(rd *reader, zeroLabel string) {
	acc, n := rd.acc, rd.n
	build.MOVL(e.As32(), cx.As32())
	build.XORL(e.As32(), e.As32())         // v = 0 without magnitude bits
	build.ANDL(operand.Imm(15), cx.As32()) // the magnitude's bits s (a larger symbol is corrupt: its low nibble, as in Go)
	build.JZ(operand.LabelRef(zeroLabel))
	build.Comment("v = the s bits; s < 1<<(s-1) codes v - (1<<s - 1).")
	build.MOVQ(acc, e)
	build.MOVL(cx.As32(), prev.As32())
	build.NEGL(cx.As32())
	build.SHRQ(reg.CL, e) // by 64-s: the count is taken modulo 64
	build.MOVL(prev.As32(), cx.As32())
	build.SHLQ(reg.CL, acc)
	build.SUBQ(cx, n)
	build.MOVL(operand.U32(1), t.As32())
	build.SHLL(reg.CL, t.As32())
	build.DECL(t.As32()) // 1<<s - 1
	build.DECL(cx.As32())
	build.MOVL(e.As32(), prev.As32())
	build.SHRL(reg.CL, prev.As32()) // the top bit of v
	build.DECL(prev.As32())         // all ones when it is 0
	build.ANDL(prev.As32(), t.As32())
	build.SUBL(t.As32(), e.As32())

}

// acSymbol writes the taking of an AC symbol (in e, from the AC table)
// the skipping table does not hold: its magnitude's bits skipped and k
// moved past its run, or by 16 for a ZRL; an EOB, or a k at blockEnd or
// beyond, goes to endLabel. Its labels begin with prefix.
func acSymbol(rd *reader, k reg.GPPhysical, prefix, endLabel string, blockEnd operand.Op) {
	build.MOVL(e.As32(), t.As32())
	build.SHRL(operand.Imm(4), t.As32())
	build.ANDL(operand.Imm(15), t.As32()) // the run r
	build.MOVL(e.As32(), cx.As32())
	build.ANDL(operand.Imm(15), cx.As32()) // the magnitude's bits s
	build.JZ(operand.LabelRef(prefix + "NoBits"))
	build.SHLQ(reg.CL, rd.acc)
	build.SUBQ(cx, rd.n)
	build.LEAQ(operand.Mem{Base: k, Index: t, Scale: 1, Disp: 1}, k)
	build.JMP(operand.LabelRef(prefix + "End"))
	build.Label(prefix + "NoBits")
	build.CMPL(t.As32(), operand.Imm(15))
	build.JNE(operand.LabelRef(endLabel)) // an end of block
	build.ADDQ(operand.Imm(16), k)        // a run of sixteen zeros
	build.Label(prefix + "End")
	build.CMPQ(k, blockEnd)
	build.JGE(operand.LabelRef(endLabel))
}

// runLookup is skipLookup in skipRun: the block's end goes on to the
// next block, a symbol beyond the table to runSingle.
func runLookup(i int) {
	skipLookupTo(mainReader, k, pair, fmt.Sprintf("runNear%d", i), fmt.Sprintf("runNext%d", i), "runSingle", "runNextBlock")
}

// huffTable's layout after its lut (jpeg.huffTable; TestHuffTableLayout
// checks it): the largest code of each length and the index in vals of
// each length's first code minus that code, as int32s, then the symbols.
const (
	tableMaxcode = 2 << lutBits // after lut's 1<<lutBits uint16s
	tableValptr  = tableMaxcode + 18*4
	tableVals    = tableValptr + 17*4
)

// lutCode writes the lookup of a Huffman code in the lut of the table
// whose address is at table, left in t: the code's bits are taken and the
// entry (length and symbol) left in e, or, for a code the lut does not
// hold, nothing is taken and the code goes to longLabel (longCode, with
// the table in t).
func lutCode(rd *reader, table operand.Mem, longLabel string) {
	acc, n := rd.acc, rd.n
	build.MOVQ(table, t)
	build.MOVQ(acc, cx)
	build.SHRQ(operand.Imm(64-lutBits), cx)
	build.MOVWLZX(operand.Mem{Base: t, Index: cx, Scale: 2}, e.As32())
	build.TESTL(e.As32(), e.As32())
	build.JZ(operand.LabelRef(longLabel))
	build.MOVL(e.As32(), cx.As32())
	build.SHRL(operand.Imm(8), cx.As32())
	build.SHLQ(reg.CL, acc)
	build.SUBQ(cx, n)
}

// longCode writes bitReader.decodeSlow for the Huffman table at t, whose
// lut has no entry for the next bits (a code longer than lutBits, or
// none): the code's length is searched from lutBits up in the table's
// maxcode, the bits are taken and the symbol left in e. A prefix no code
// of up to 16 bits matches (corrupt data) takes 16 bits and gives symbol
// 0, as in Go. At least 16 bits are in the buffer (after a refill).
func longCode(rd *reader) {
	acc, n := rd.acc, rd.n
	label := func(s string) string { return fmt.Sprintf("long%d%s", longCodes, s) }
	longCodes++
	build.MOVL(operand.U32(lutBits), e.As32()) // the length l
	build.Label(label("Length"))
	build.MOVL(operand.U32(64), cx.As32())
	build.SUBL(e.As32(), cx.As32())
	build.MOVQ(acc, prev)
	build.SHRQ(reg.CL, prev) // the code of l bits
	build.CMPL(prev.As32(), operand.Mem{Base: t, Index: e, Scale: 4, Disp: tableMaxcode})
	build.JLE(operand.LabelRef(label("Found")))
	build.INCL(e.As32())
	build.CMPL(e.As32(), operand.U32(16))
	build.JBE(operand.LabelRef(label("Length")))
	build.SHLQ(operand.Imm(16), acc)
	build.SUBQ(operand.Imm(16), n)
	build.XORL(e.As32(), e.As32())
	build.JMP(operand.LabelRef(label("Done")))
	build.Label(label("Found"))
	build.MOVL(e.As32(), cx.As32())
	build.SHLQ(reg.CL, acc)
	build.SUBQ(cx, n)
	build.ADDL(operand.Mem{Base: t, Index: e, Scale: 4, Disp: tableValptr}, prev.As32())
	build.MOVBLZX(prev.As8(), prev.As32())
	build.MOVBLZX(operand.Mem{Base: t, Index: prev, Scale: 1, Disp: tableVals}, e.As32())
	build.Label(label("Done"))
}

// longCodes numbers longCode's labels.
var longCodes int

// refillBytes writes, at label, the refill of skipRun where the eight
// bytes at pos are not all data: bitReader.fill byte by byte while n is
// at most 55, a stuffed 0xFF 0x00 taken as a data 0xFF, then back to
// filled. A marker, fill bytes or the end of the data go to exitLabel
// with the bits taken so far (Go's fill, which the exit reaches, takes
// them from there). In a noisy photo's scan one refill in about thirty
// meets an 0xFF; leaving the loop for each cost a tenth of a 1/8 decode.
func refillBytes(rd *reader, label, filled, exitLabel string) {
	acc, n, pos := rd.acc, rd.n, rd.pos
	build.Label(label)
	build.CMPQ(n, operand.Imm(55))
	if rd.limit != nil {
		build.JA(operand.LabelRef(label + "Limit"))
	} else {
		build.JA(operand.LabelRef(filled))
	}
	rd.endTo(t)
	build.CMPQ(pos, t)
	build.JAE(operand.LabelRef(exitLabel))
	build.MOVBQZX(rd.at(pos), e)
	build.CMPL(e.As32(), operand.U32(0xFF))
	build.JNE(operand.LabelRef(label + "Put"))
	build.INCQ(pos)
	build.CMPQ(pos, t)
	build.JAE(operand.LabelRef(label + "Back"))
	build.CMPB(rd.at(pos), operand.U8(0))
	build.JNE(operand.LabelRef(label + "Back"))
	if rd.stuff != nil {
		build.INCQ(*rd.stuff)
	}
	build.Label(label + "Put")
	build.INCQ(pos)
	build.MOVL(operand.U32(56), cx.As32())
	build.SUBL(n.As32(), cx.As32())
	build.SHLQ(reg.CL, e)
	build.ORQ(e, acc)
	build.ADDQ(operand.Imm(8), n)
	build.JMP(operand.LabelRef(label))
	build.Label(label + "Back")
	build.Comment("A marker or fill bytes: pos back on the 0xFF, for Go's fill.")
	build.DECQ(pos)
	build.JMP(operand.LabelRef(exitLabel))
	if rd.limit == nil {
		return
	}
	build.Label(label + "Limit")
	build.Comment("The limit of the first 0xFF at pos or after it (the data's end's at",
		"the list's end, where pos stops).")
	build.MOVQ(*rd.cursor, t)
	build.LEAQ(operand.Mem{Base: pos, Disp: -8}, cx)
	build.Label(label + "Seek")
	build.CMPQ(operand.Mem{Base: t}, cx)
	build.JAE(operand.LabelRef(label + "Found"))
	build.ADDQ(operand.Imm(8), t)
	build.JMP(operand.LabelRef(label + "Seek"))
	build.Label(label + "Found")
	build.MOVQ(t, *rd.cursor)
	build.MOVQ(operand.Mem{Base: t}, t)
	build.MOVQ(t, *rd.limit)
	build.JMP(operand.LabelRef(filled))
}

// runExit stores skipRun's state, the blocks done (from out, the
// register of the next block's slot in out) and the exit code, and
// returns.
func runExit(code int, out reg.Register) {
	build.Store(acc, build.Return("racc"))
	build.Store(n, build.Return("rn"))
	build.Store(pos, build.Return("rpos"))
	build.Store(k, build.Return("rk"))
	build.Load(build.Param("out").Base(), t)
	build.SUBQ(t, out)
	build.SHRQ(operand.Imm(2), out)
	build.Store(out, build.Return("done"))
	build.MOVQ(operand.U32(uint32(code)), t)
	build.Store(t, build.Return("exit"))
	build.RET()
}
