// Command inflate generates the amd64 fast loop of package
// internal/inflate with avo: the assembly (-out) and its Go declaration
// (-stubs).
//
// The loop is the Go fast loop of internal/inflate (stream.fastBlock)
// instruction for instruction in meaning: the same table entries, the same
// bit buffer with its surplus bits and nbits kept modulo 64, the same
// refill, margins and exits. Go's compiler keeps that loop's state partly
// on the stack and guards every store with a bounds check and a pointer
// mask, some 25 instructions a literal lookup, where the chain that bounds
// the loop (table load, shift, mask, next load) needs a dozen; here each
// value has its register for the whole loop. It is one scalar loop for
// every amd64 CPU (no BMI2: shift counts go through CL, where the table
// entry is loaded), not a per-ISA kernel of the registry, and the Go loop
// stays the reference it is tested against.
package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Entry layout constants of internal/inflate's tables (huffman.go),
// repeated here: importing the package would need the file this command
// writes. internal/inflate's tests compare this loop with its Go loop
// and fail when they drift apart.
const (
	tableBits     = 12
	distTableBits = 10
	tableMask     = 1<<tableBits - 1
	distTableMask = 1<<distTableBits - 1
	tableSize     = 1<<tableBits + 288<<(15-tableBits) // primary entries and subtables
	entrySub      = 1 << 6
	entryInvalid  = 1 << 7
	entryLength   = 1 << 12
	entryEnd      = 1 << 13
	entryPairBit  = 14
	notLiteral    = entrySub | entryInvalid | entryLength | entryEnd
)

// Exit codes, the constants fast*Exit of internal/inflate.
const (
	exitMargin  = 0 // a margin no longer holds: the state is the loop's
	exitEnd     = 1 // the end-of-block symbol was taken
	exitBadLit  = 2 // the next literal/length code is invalid: the careful loop reports it
	exitBadDist = 3 // a match's distance code is invalid: the state is from before its length code
	exitFar     = 4 // a distance reaches before the window's start (in the distance result)
)

// The loop's registers, fixed so that shift counts can use CL and so that
// the assembly reads like the Go loop it mirrors.
var (
	bits   = reg.R8  // the bit buffer
	nbits  = reg.R9  // buffered bits, modulo 64 in the literal steps
	pos    = reg.R10 // next input byte
	o      = reg.R11 // next output byte
	srcp   = reg.RSI // &src[0]
	dstp   = reg.RDI // &dst[0]
	litp   = reg.RBX // &lit[0]
	distp  = reg.R12 // &dist[0]
	e      = reg.RCX // the next literal/length entry; CL is every shift count
	t      = reg.RAX // scratch
	length = reg.RDX // a match's length
	dist   = reg.R13 // a match's distance
	w      = reg.R14 // scratch of the match path
	last   = reg.R15 // the last output position at which a step may start
)

// The loop's locals: len(src) - 8, the last position a refill may load
// from, and minus the distance in the pattern copy.
var (
	srcLast    = operand.Mem{Base: reg.SP}
	distOffset = operand.Mem{Base: reg.SP, Disp: 8}
)

func main() {
	build.ConstraintExpr("!purego")
	build.TEXT("fastLoop", build.NOSPLIT,
		fmt.Sprintf("func(dst []byte, last int, src []byte, lit, dist *[%d]uint32, bits uint64, nbits uint, pos, o int) (rbits uint64, rnbits uint, rpos, ro, distance, exit int)", tableSize))
	build.Doc("fastLoop is stream.fastBlock's loop (see gen/inflate): it decodes into dst from o while",
		"o <= last and pos+8 <= len(src), and returns the state and why it stopped (fast*Exit);",
		"distance is the match's distance on fastFarExit.")
	build.AllocLocal(16)

	build.Load(build.Param("dst").Base(), dstp)
	build.Load(build.Param("last"), last)
	build.Load(build.Param("src").Base(), srcp)
	build.Load(build.Param("src").Len(), t)
	build.SUBQ(operand.Imm(8), t)
	build.MOVQ(t, srcLast)
	build.Load(build.Param("lit"), litp)
	build.Load(build.Param("dist"), distp)
	build.Load(build.Param("bits"), bits)
	build.Load(build.Param("nbits"), nbits)
	build.Load(build.Param("pos"), pos)
	build.Load(build.Param("o"), o)

	build.Comment("The caller has checked the margins.")
	refill()
	lookupLiteral()

	build.Label("loop")
	build.TESTL(operand.U32(notLiteral), e.As32())
	build.JNZ(operand.LabelRef("match"))
	build.Comment("Up to four literal lookups (single or pair entries) from one refill,",
		"each storing two bytes and moving o by one or two.")
	for i := range 4 {
		literalStep()
		if i < 3 {
			build.TESTL(operand.U32(notLiteral), e.As32())
			build.JNZ(operand.LabelRef("check"))
		}
	}

	build.Label("check")
	build.CMPQ(o, last)
	build.JGT(operand.LabelRef("margin"))
	build.CMPQ(pos, srcLast)
	build.JGT(operand.LabelRef("margin"))
	refill()
	build.JMP(operand.LabelRef("loop"))

	build.Label("margin")
	exit(exitMargin)

	matchPath()
	build.Generate()
}

// refill tops the buffer up from the eight input bytes at pos, as the Go
// loop's refill does: bits |= load << (nbits&63), then the whole bytes
// that fit are counted. The next entry, already looked up, waits in w.
func refill() {
	build.MOVQ(e, w)
	build.MOVQ(nbits, e)
	build.ANDL(operand.U32(63), e.As32())
	build.MOVQ(operand.Mem{Base: srcp, Index: pos, Scale: 1}, t)
	build.SHLQ(reg.CL, t)
	build.ORQ(t, bits)
	build.MOVL(operand.U32(63), t.As32())
	build.SUBL(e.As32(), t.As32())
	build.SHRL(operand.U8(3), t.As32())
	build.ADDQ(t, pos)
	build.LEAQ(operand.Mem{Base: e, Index: t, Scale: 8}, nbits)
	build.MOVQ(w, e)
}

// lookupLiteral loads the literal/length entry of the buffer's next bits.
func lookupLiteral() {
	build.MOVL(bits.As32(), t.As32())
	build.ANDL(operand.U32(tableMask), t.As32())
	build.MOVL(operand.Mem{Base: litp, Index: t, Scale: 4}, e.As32())
}

// literalStep takes the literal or pair entry in e: the buffer drops its
// code (the shift takes the count modulo 64, the length field), nbits
// drops the whole entry (right modulo 64), two bytes are stored and o
// moves by one plus the pair bit; then the next entry is looked up.
func literalStep() {
	build.SHRQ(reg.CL, bits)
	build.SUBQ(e, nbits)
	build.MOVL(e.As32(), t.As32())
	build.SHRL(operand.U8(16), t.As32())
	build.MOVW(t.As16(), operand.Mem{Base: dstp, Index: o, Scale: 1})
	build.BTL(operand.U8(entryPairBit), e.As32())
	build.ADCQ(operand.Imm(1), o)
	lookupLiteral()
}

// matchPath handles the entries other than literals: the prefixes of
// long codes (a second lookup in their subtable), literals with long
// codes, the end of the block, invalid codes (the careful loop reports
// them), and matches.
func matchPath() {
	build.Label("match")
	build.ANDQ(operand.Imm(63), nbits)
	resolve(litp, tableBits, "symbol", "badlit")
	// The state from before the length code, returned when its distance
	// code is invalid.
	storeState()

	consumeCode()
	build.TESTL(operand.U32(entryLength|entryEnd), e.As32())
	build.JNZ(operand.LabelRef("notliteral"))
	build.Comment("A literal with a code longer than the table is wide: one byte.")
	build.MOVL(e.As32(), t.As32())
	build.SHRL(operand.U8(16), t.As32())
	build.MOVB(t.As8(), operand.Mem{Base: dstp, Index: o, Scale: 1})
	build.INCQ(o)
	lookupLiteral()
	build.JMP(operand.LabelRef("check"))

	build.Label("notliteral")
	build.TESTL(operand.U32(entryEnd), e.As32())
	build.JNZ(operand.LabelRef("end"))

	build.Comment("length = base + extra bits")
	build.MOVL(e.As32(), length.As32())
	build.SHRL(operand.U8(16), length.As32())
	extraBits(length)

	build.MOVL(bits.As32(), t.As32())
	build.ANDL(operand.U32(distTableMask), t.As32())
	build.MOVL(operand.Mem{Base: distp, Index: t, Scale: 4}, e.As32())
	resolve(distp, distTableBits, "distsymbol", "baddist")
	consumeCode()
	build.Comment("distance = base + extra bits")
	build.MOVL(e.As32(), dist.As32())
	build.SHRL(operand.U8(16), dist.As32())
	extraBits(dist)
	build.CMPQ(dist, o)
	build.JGT(operand.LabelRef("far"))

	copyMatch()
	lookupLiteral()
	build.JMP(operand.LabelRef("check"))

	build.Label("badlit")
	exit(exitBadLit)
	build.Label("end")
	exit(exitEnd)
	build.Label("baddist")
	storeInt(0, "distance")
	storeInt(exitBadDist, "exit")
	build.RET()
	build.Label("far")
	build.Store(dist, build.Return("distance"))
	exit(exitFar)
}

// resolve takes the entry in e from its subtable when it is a long code's
// prefix (joining at label), and jumps to bad when it is invalid.
func resolve(tablep reg.Register, width int, label, bad string) {
	build.TESTL(operand.U32(entrySub), e.As32())
	build.JZ(operand.LabelRef(label))
	subLookup(tablep, width)
	build.Label(label)
	build.TESTL(operand.U32(entryInvalid), e.As32())
	build.JNZ(operand.LabelRef(bad))
}

// storeState stores the loop's state in the results.
func storeState() {
	build.Store(bits, build.Return("rbits"))
	build.Store(nbits, build.Return("rnbits"))
	build.Store(pos, build.Return("rpos"))
	build.Store(o, build.Return("ro"))
}

// subLookup replaces the prefix entry in e (entrySub) with the entry of
// the long code in the prefix's subtable, in the table at tablep whose
// primary index is width bits: the subtable's start (bits 16..31) plus
// its width's worth (bits 8..11) of the bits after the prefix. The
// length, in DX, is left alone.
func subLookup(tablep reg.Register, width int) {
	build.MOVL(e.As32(), t.As32())
	build.SHRL(operand.U8(16), t.As32())
	countMask(w)
	build.MOVQ(bits, e)
	build.SHRQ(operand.U8(width), e)
	build.ANDQ(w, e)
	build.ADDQ(t, e)
	build.MOVL(operand.Mem{Base: tablep, Index: e, Scale: 4}, e.As32())
}

// countMask leaves in e (CL) the 4-bit count in bits 8..11 of the entry
// in e (extra bits, or a subtable's width) and in m that many low ones.
func countMask(m reg.Register) {
	build.SHRL(operand.U8(8), e.As32())
	build.ANDL(operand.U32(15), e.As32())
	build.MOVL(operand.U32(1), m.(reg.GP).As32())
	build.SHLQ(reg.CL, m)
	build.DECQ(m)
}

// consumeCode drops the code of the length or distance entry in e from
// the buffer (its length field).
func consumeCode() {
	build.SHRQ(reg.CL, bits)
	build.MOVL(e.As32(), t.As32())
	build.ANDL(operand.U32(63), t.As32())
	build.SUBQ(t, nbits)
}

// extraBits adds to v the entry's extra bits (bits 8..11 of e say how
// many) from the buffer and drops them.
func extraBits(v reg.Register) {
	countMask(t)
	build.ANDQ(bits, t)
	build.ADDQ(t, v)
	build.SHRQ(reg.CL, bits)
	build.SUBQ(e, nbits)
}

// copyMatch copies length bytes from distance back to dst[o:] and moves
// o past them, as copyFast does: eight bytes at a time, overshooting by
// up to seven bytes within the output margin; a distance under eight
// first writes the pattern byte by byte up to a whole number of periods
// of at least eight bytes, then copies words from that many bytes back.
func copyMatch() {
	build.LEAQ(operand.Mem{Base: dstp, Index: o, Scale: 1}, w) // destination
	build.ADDQ(length, o)
	build.CMPQ(dist, operand.Imm(8))
	build.JLT(operand.LabelRef("short"))

	build.MOVQ(w, t)
	build.SUBQ(dist, t) // source
	build.Label("words")
	build.MOVQ(operand.Mem{Base: t}, e)
	build.MOVQ(e, operand.Mem{Base: w})
	build.ADDQ(operand.Imm(8), t)
	build.ADDQ(operand.Imm(8), w)
	build.SUBQ(operand.Imm(8), length)
	build.JGT(operand.LabelRef("words"))
	build.JMP(operand.LabelRef("copied"))

	build.Label("short")
	build.Comment("period: the least multiple of the distance of at least 8 (in t)")
	build.MOVQ(dist, t)
	build.Label("period")
	build.CMPQ(t, operand.Imm(8))
	build.JGE(operand.LabelRef("pattern"))
	build.ADDQ(dist, t)
	build.JMP(operand.LabelRef("period"))
	build.Label("pattern")
	build.Comment("bytes one by one while i < period and i < length (i counts in dist's register, now free)")
	build.NEGQ(dist) // dst[o+i] = dst[o-distance+i]: the source is w - distance
	build.MOVQ(dist, distOffset)
	build.XORL(dist.As32(), dist.As32())
	build.Label("bytes")
	build.CMPQ(dist, t)
	build.JGE(operand.LabelRef("periodic"))
	build.CMPQ(dist, length)
	build.JGE(operand.LabelRef("copied"))
	build.LEAQ(operand.Mem{Base: w, Index: dist, Scale: 1}, e)
	build.ADDQ(distOffset, e)
	build.MOVBLZX(operand.Mem{Base: e}, e.As32())
	build.MOVB(e.As8(), operand.Mem{Base: w, Index: dist, Scale: 1})
	build.INCQ(dist)
	build.JMP(operand.LabelRef("bytes"))
	build.Label("periodic")
	build.Comment("words from a period back, from i = period while i < length")
	build.CMPQ(dist, length)
	build.JGE(operand.LabelRef("copied"))
	build.LEAQ(operand.Mem{Base: w, Index: dist, Scale: 1}, e)
	build.SUBQ(t, e)
	build.MOVQ(operand.Mem{Base: e}, e)
	build.MOVQ(e, operand.Mem{Base: w, Index: dist, Scale: 1})
	build.ADDQ(operand.Imm(8), dist)
	build.JMP(operand.LabelRef("periodic"))
	build.Label("copied")
}

// exit stores the state (nbits modulo 64) and the exit code, and returns.
func exit(code int) {
	build.ANDQ(operand.Imm(63), nbits)
	storeState()
	if code != exitFar {
		storeInt(0, "distance")
	}
	storeInt(code, "exit")
	build.RET()
}

// storeInt stores the constant v in the named result (through t).
func storeInt(v int, name string) {
	build.MOVQ(operand.I32(int32(v)), t)
	build.Store(t, build.Return(name))
}
