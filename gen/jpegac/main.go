// Command jpegac generates the amd64 AC loops of package jpeg's sequential
// block decoder with avo: the assembly (-out) and its Go declarations
// (-stubs). acLoop decodes a block's AC coefficients, skipLoop skips them
// (a component at 1/8 scale).
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
	skipRound = 56 / skipBits      // lookups a refill covers in skipAC (jpeg.skipRound)
	zzMask    = 127                // positions index zigzag modulo its 128 entries
	ones      = 0x0101010101010101 // per-byte constants of the 0xFF test
	lows      = 0x7f7f7f7f7f7f7f7f
	highs     = 0x8080808080808080
)

// Exit codes, the constants ac*Exit of package jpeg.
const (
	exitDone   = 0 // the block's last position is filled (k >= 64)
	exitSymbol = 1 // the next word is 0: a symbol beyond the table; the state is from before it
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
	refillTo("refill")
	build.Comment("Up to five lookups from one refill, as in decodeSequential.")
	for range seqRound {
		lookup()
	}
	build.JMP(operand.LabelRef("round"))

	build.Label("firstEnds")
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

	build.Label("done")
	exit(exitDone)
	build.Label("symbol")
	exit(exitSymbol)
	build.Label("refill")
	exit(exitRefill)

	skipLoop()
	build.Generate()
}

// skipLoop writes skipAC's loop: the AC symbols of a block at 1/8 scale
// are consumed without building coefficients, one lookup of the skipping
// table (acSkip) giving the bits and positions of the whole symbols its
// prefix holds, or of the first alone near the block's end.
func skipLoop() {
	build.TEXT("skipLoop", build.NOSPLIT,
		fmt.Sprintf("func(skip *[%d]uint32, data []byte, pos int, acc uint64, n uint, k int) (racc uint64, rn uint, rpos, rk, exit int)", 1<<skipBits))
	build.Doc("skipLoop is skipAC's loop (see gen/jpegac): from position k of a block it consumes",
		"the symbols the skipping table holds until the block ends or the loop cannot go on,",
		"and returns the state and why it stopped (ac*Exit).")
	build.Load(build.Param("skip"), pair)
	loadState()

	build.Label("skipRound")
	refillTo("skipRefill")
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
	near, next := fmt.Sprintf("skipNear%d", i), fmt.Sprintf("skipNext%d", i)
	build.MOVQ(acc, cx)
	build.SHRQ(operand.Imm(64-skipBits), cx)
	build.MOVL(operand.Mem{Base: pair, Index: cx, Scale: 4}, e.As32())
	build.TESTL(e.As32(), e.As32())
	build.JZ(operand.LabelRef("skipSymbol"))
	build.MOVL(e.As32(), t.As32())
	build.SHRL(operand.Imm(8), t.As32())
	build.MOVBQZX(t.As8(), t)
	build.ADDQ(k, t)
	build.CMPQ(t, operand.Imm(64))
	build.JGE(operand.LabelRef(near))
	build.MOVQ(t, k)
	build.MOVL(e.As32(), cx.As32())
	build.SHLQ(reg.CL, acc) // the symbols' bits: the low byte, at most skipBits
	build.MOVBQZX(e.As8(), t)
	build.SUBQ(t, n)
	build.JMP(operand.LabelRef(next))

	build.Label(near)
	build.Comment("Near the end: the first symbol alone.")
	build.MOVL(e.As32(), cx.As32())
	build.SHRL(operand.Imm(16), cx.As32())
	build.SHLQ(reg.CL, acc)
	build.MOVBQZX(cx.As8(), t)
	build.SUBQ(t, n)
	build.SHRL(operand.Imm(24), e.As32())
	build.ADDQ(e, k)
	build.CMPQ(k, operand.Imm(64))
	build.JGE(operand.LabelRef("skipDone"))
	build.Label(next)
}

// refillTo is bitReader.refillFast: when the eight bytes at pos hold no
// 0xFF, it ORs them in below the n buffered bits and moves pos by the
// whole bytes that leave n below 64; else it jumps to exitLabel.
// A byte is 0xFF when its low seven bits plus one carry into its top bit
// and its top bit is set.
func refillTo(exitLabel string) {
	build.CMPQ(pos, last)
	build.JGT(operand.LabelRef(exitLabel))
	build.MOVQ(operand.Mem{Base: data, Index: pos, Scale: 1}, e)
	build.BSWAPQ(e)
	build.MOVQ(operand.U64(lows), prev)
	build.ANDQ(e, prev)
	build.MOVQ(operand.U64(ones), t)
	build.ADDQ(t, prev)
	build.ANDQ(e, prev)
	build.MOVQ(operand.U64(highs), t)
	build.TESTQ(t, prev)
	build.JNZ(operand.LabelRef(exitLabel))
	build.MOVL(operand.U32(63), t.As32())
	build.SUBL(n.As32(), t.As32())
	build.SHRL(operand.Imm(3), t.As32())
	build.ADDQ(t, pos)
	build.MOVQ(n, cx)
	build.SHRQ(reg.CL, e)
	build.ORQ(e, acc)
	build.LEAQ(operand.Mem{Base: n, Index: t, Scale: 8}, n)
}

// lookup takes one word of the pair table: the first symbol's
// coefficient, then the second's (or the first's again, at the first's
// position, where the word holds one symbol: its run is -1).
func lookup() {
	build.MOVQ(acc, prev)
	build.MOVQ(acc, cx)
	build.SHRQ(operand.Imm(64-fastBits), cx)
	build.MOVQ(operand.Mem{Base: pair, Index: cx, Scale: 8}, e)
	build.TESTQ(e, e)
	build.JZ(operand.LabelRef("symbol"))
	build.MOVQ(e, cx)
	build.SHLQ(reg.CL, acc) // the word's bits (the low byte; at most fastBits)
	build.MOVBQZX(e.As8(), t)
	build.SUBQ(t, n)

	build.MOVQ(e, t)
	build.SHRQ(operand.Imm(8), t)
	build.MOVBQZX(t.As8(), t)
	build.ADDQ(t, k) // the first's run
	store(16, build.SARL)
	build.INCQ(k)
	build.CMPQ(k, operand.Imm(64))
	build.JGE(operand.LabelRef("firstEnds"))

	build.MOVQ(e, t)
	build.SHRQ(operand.Imm(32), t)
	build.MOVBQSX(t.As8(), t)
	build.ADDQ(t, k) // the second's run: -1 without a second symbol
	store(48, nil)
	build.INCQ(k)
	build.CMPQ(k, operand.Imm(64))
	build.JGE(operand.LabelRef("done"))
}

// store writes the coefficient in the word's bits shift.. (16 bits,
// signed) times the quantiser to position k in zigzag order. sar32 is
// the 32-bit arithmetic shift for a coefficient in the low half (nil:
// the 64-bit one, for the top 16 bits).
func store(shift int, sar32 func(operand.Op, operand.Op)) {
	build.MOVQ(k, t)
	build.ANDQ(operand.Imm(zzMask), t)
	build.MOVBQZX(operand.Mem{Base: zz, Index: t, Scale: 1}, t)
	if sar32 != nil {
		build.MOVL(e.As32(), cx.As32())
		sar32(operand.Imm(uint64(shift)), cx.As32())
	} else {
		build.MOVQ(e, cx)
		build.SARQ(operand.Imm(uint64(shift)), cx)
	}
	build.IMULL(operand.Mem{Base: q, Index: t, Scale: 4}, cx.As32())
	build.MOVL(cx.As32(), operand.Mem{Base: blk, Index: t, Scale: 4})
}

// loadState loads the parameters both loops share: the data, the reader's
// state and the position in the block.
func loadState() {
	build.Load(build.Param("data").Base(), data)
	build.Load(build.Param("data").Len(), last)
	build.SUBQ(operand.Imm(8), last)
	build.Load(build.Param("pos"), pos)
	build.Load(build.Param("acc"), acc)
	build.Load(build.Param("n"), n)
	build.Load(build.Param("k"), k)
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
