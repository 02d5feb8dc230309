// Package arm64 encodes the Advanced SIMD (NEON) instructions that Go's
// arm64 assembler has no mnemonic for. The NEON generator emits them as
//
//	WORD $0x4e24d400 // fadd v0.4s, v0.4s, v4.4s
//
// Every form this package can produce is listed by Forms, and Verify
// checks each one, with several register numbers, against GNU as and
// objdump (and against Go's own disassembler), so an encoding error cannot
// reach the generated assembly unnoticed.
package arm64

import (
	"fmt"
	"sort"
	"strings"
)

// Shape is one operand arrangement of an instruction: the bits it ORs into
// the opcode (Q and size fields) and the Arm syntax suffix of each operand.
type Shape struct {
	Key     string // how a caller names the shape, e.g. "4s"
	Bits    uint32 // Q, size/sz bits
	D, N, M string // operand suffixes: "4s" for a vector, "s" for a scalar, "s[1]" for a vector element, "" when absent
	Imm     int    // an immediate operand after the registers (a shift), 0 when absent
}

// Op is one instruction with all the shapes the encoder supports.
type Op struct {
	Name   string // Arm mnemonic, lower case
	Base   uint32 // opcode with register fields, Q and size zero
	Shapes []Shape
}

// Bits of the common fields.
const (
	q   = 1 << 30 // 128-bit vector
	sz  = 1 << 22 // float: double precision; integer: size bit 0
	sz1 = 1 << 23 // integer: size bit 1
)

// Float vectors: .2s, .4s, .2d, all three operands alike.
func floatShapes(operands int) []Shape {
	mk := func(key string, bits uint32) Shape {
		s := Shape{Key: key, Bits: bits, D: key, N: key}
		if operands == 3 {
			s.M = key
		}
		return s
	}
	return []Shape{mk("2s", 0), mk("4s", q), mk("2d", q|sz)}
}

func op(name string, base uint32, shapes []Shape) *Op {
	o := &Op{Name: name, Base: base, Shapes: shapes}
	all = append(all, o)
	return o
}

var all []*Op

// Three registers of the same float arrangement: Vd = Vn op Vm.
var (
	FADD  = op("fadd", 0x0E20D400, floatShapes(3))
	FSUB  = op("fsub", 0x0EA0D400, floatShapes(3))
	FMUL  = op("fmul", 0x2E20DC00, floatShapes(3))
	FDIV  = op("fdiv", 0x2E20FC00, floatShapes(3))
	FMAX  = op("fmax", 0x0E20F400, floatShapes(3)) // NaN if either is NaN
	FMIN  = op("fmin", 0x0EA0F400, floatShapes(3)) // NaN if either is NaN
	FADDP = op("faddp", 0x2E20D400, floatShapes(3))
	FMAXP = op("fmaxp", 0x2E20F400, floatShapes(3))
	FMINP = op("fminp", 0x2EA0F400, floatShapes(3))
	FCMEQ = op("fcmeq", 0x0E20E400, floatShapes(3)) // all ones where equal (ordered)
)

// Two registers of the same float arrangement.
var (
	UCVTF  = op("ucvtf", 0x2E21D800, floatShapes(2))  // unsigned integer to float
	FCVTNU = op("fcvtnu", 0x2E21A800, floatShapes(2)) // float to unsigned, nearest even, saturating, NaN to 0
)

// Float widening and narrowing between single and double precision. The
// "2" forms use the upper half of the narrow register.
var (
	FCVTL  = op("fcvtl", 0x0E217800, []Shape{{Key: "2d", Bits: sz, D: "2d", N: "2s"}})
	FCVTL2 = op("fcvtl2", 0x0E217800, []Shape{{Key: "2d", Bits: q | sz, D: "2d", N: "4s"}})
	FCVTN  = op("fcvtn", 0x0E216800, []Shape{{Key: "2s", Bits: sz, D: "2s", N: "2d"}})
	FCVTN2 = op("fcvtn2", 0x0E216800, []Shape{{Key: "4s", Bits: q | sz, D: "4s", N: "2d"}})
)

// Unsigned saturating narrow, keyed by the destination arrangement.
var (
	UQXTN = op("uqxtn", 0x2E214800, []Shape{
		{Key: "8b", Bits: 0, D: "8b", N: "8h"},
		{Key: "4h", Bits: sz, D: "4h", N: "4s"},
		{Key: "2s", Bits: sz1, D: "2s", N: "2d"},
	})
	UQXTN2 = op("uqxtn2", 0x2E214800, []Shape{
		{Key: "16b", Bits: q, D: "16b", N: "8h"},
		{Key: "8h", Bits: q | sz, D: "8h", N: "4s"},
		{Key: "4s", Bits: q | sz1, D: "4s", N: "2d"},
	})
)

// Unsigned multiply-accumulate long, 16-bit lanes into 32-bit ones:
// Vd.4S += Vn.4H * Vm.4H; the "2" form multiplies the upper halves of .8H
// registers.
var (
	UMLAL  = op("umlal", 0x2E208000, []Shape{{Key: "4s", Bits: sz, D: "4s", N: "4h", M: "4h"}})
	UMLAL2 = op("umlal2", 0x2E208000, []Shape{{Key: "4s", Bits: q | sz, D: "4s", N: "8h", M: "8h"}})
)

// Unsigned maximum and minimum across the lanes, to a scalar; keyed by the
// source arrangement.
func acrossShapes() []Shape {
	return []Shape{
		{Key: "8b", Bits: 0, D: "b", N: "8b"},
		{Key: "16b", Bits: q, D: "b", N: "16b"},
		{Key: "4h", Bits: sz, D: "h", N: "4h"},
		{Key: "8h", Bits: q | sz, D: "h", N: "8h"},
		{Key: "4s", Bits: q | sz1, D: "s", N: "4s"},
	}
}

var (
	UMAXV = op("umaxv", 0x2E30A800, acrossShapes())
	UMINV = op("uminv", 0x2E31A800, acrossShapes())
)

// Byte vectors: .8b and .16b, three operands alike.
func byteShapes() []Shape {
	return []Shape{
		{Key: "8b", Bits: 0, D: "8b", N: "8b", M: "8b"},
		{Key: "16b", Bits: q, D: "16b", N: "16b", M: "16b"},
	}
}

// Unsigned byte arithmetic and comparisons for PNG's unfiltering ("three
// same" forms, U = 1): Vd = Vn op Vm.
var (
	UHADD = op("uhadd", 0x2E200400, byteShapes()) // (n + m) >> 1 without overflow
	UQADD = op("uqadd", 0x2E200C00, byteShapes()) // n + m saturated at 255
	UABD  = op("uabd", 0x2E207400, byteShapes())  // |n - m|
	CMHI  = op("cmhi", 0x2E203400, byteShapes())  // all ones where n > m (unsigned)
	CMHS  = op("cmhs", 0x2E203C00, byteShapes())  // all ones where n >= m (unsigned)
)

// Integer multiply-accumulate of 32-bit lanes, Vd.4S += Vn.4S * Vm.4S
// (wrapping), for resampling's 22-bit fixed-point weights.
var MLA = op("mla", 0x0E209400, []Shape{{Key: "4s", Bits: q | sz1, D: "4s", N: "4s", M: "4s"}})

// Unsigned multiply long of bytes into 16-bit lanes, Vd.8H = Vn.8B * Vm.8B
// (the "2" form: the upper bytes of .16B registers), for premultiplying by
// alpha.
var (
	UMULL  = op("umull", 0x2E20C000, []Shape{{Key: "8h", Bits: 0, D: "8h", N: "8b", M: "8b"}})
	UMULL2 = op("umull2", 0x2E20C000, []Shape{{Key: "8h", Bits: q, D: "8h", N: "16b", M: "16b"}})
)

// JPEG's inverse DCT in 32-bit lanes: multiply by a constant held in a
// lane of Vm (keys "4s[0]".."4s[3]", the lane; Vm may be any of v0..v31
// for 32-bit elements), and arithmetic shift right by the two descales
// (keys "4s#11", "4s#18"), and by 16 for the colour conversion.
var (
	MULE = op("mul", 0x0F808000, func() []Shape {
		var s []Shape
		for i := 0; i < 4; i++ {
			h, l := uint32(i>>1), uint32(i&1)
			s = append(s, Shape{Key: fmt.Sprintf("4s[%d]", i), Bits: q | l<<21 | h<<11, D: "4s", N: "4s", M: fmt.Sprintf("s[%d]", i)})
		}
		return s
	}())
	SSHR = op("sshr", 0x0F000400, func() []Shape {
		var s []Shape
		for _, n := range []int{11, 16, 18} {
			s = append(s, Shape{Key: fmt.Sprintf("4s#%d", n), Bits: q | uint32(64-n)<<16, D: "4s", N: "4s", Imm: n})
		}
		return s
	}())
)

// Dequantising JPEG coefficients: SXTL widens four int16 to int32 lanes
// (SSHLL #0), MUL multiplies 32-bit lanes (wrapping).
var (
	SXTL = op("sxtl", 0x0F10A400, []Shape{{Key: "4s", Bits: 0, D: "4s", N: "4h"}})
	MUL  = op("mul", 0x0E209C00, []Shape{{Key: "4s", Bits: q | sz1, D: "4s", N: "4s", M: "4s"}})
)

// Signed saturating narrows: SQXTN (int32 to int16, "2": into the upper
// half) and SQXTUN (int16 to uint8), keyed by the destination arrangement.
var (
	SQXTN   = op("sqxtn", 0x0E214800, []Shape{{Key: "4h", Bits: sz, D: "4h", N: "4s"}})
	SQXTN2  = op("sqxtn2", 0x0E214800, []Shape{{Key: "8h", Bits: q | sz, D: "8h", N: "4s"}})
	SQXTUN  = op("sqxtun", 0x2E212800, []Shape{{Key: "8b", Bits: 0, D: "8b", N: "8h"}})
	SQXTUN2 = op("sqxtun2", 0x2E212800, []Shape{{Key: "16b", Bits: q, D: "16b", N: "8h"}})
)

// Ops returns every instruction the package encodes, sorted by name.
func Ops() []*Op {
	s := append([]*Op(nil), all...)
	sort.Slice(s, func(i, j int) bool { return s[i].Name < s[j].Name })
	return s
}

// Inst is one encoded instruction.
type Inst struct {
	Op         *Op
	Shape      Shape
	Rd, Rn, Rm int
}

// New encodes op with the shape named key on registers d, n and m (m is
// ignored by two-register forms). It panics on an unknown shape or a
// register outside 0..31: the generator's bugs, not the user's.
func New(o *Op, key string, d, n, m int) Inst {
	for _, s := range o.Shapes {
		if s.Key == key {
			for _, r := range []int{d, n, m} {
				if r < 0 || r > 31 {
					panic(fmt.Sprintf("arm64: %s: register %d out of range", o.Name, r))
				}
			}
			if s.M == "" {
				m = 0
			}
			return Inst{Op: o, Shape: s, Rd: d, Rn: n, Rm: m}
		}
	}
	panic(fmt.Sprintf("arm64: %s has no shape %q", o.Name, key))
}

// Word is the instruction's 32-bit encoding.
func (i Inst) Word() uint32 {
	w := i.Op.Base | i.Shape.Bits | uint32(i.Rn)<<5 | uint32(i.Rd)
	if i.Shape.M != "" {
		w |= uint32(i.Rm) << 16
	}
	return w
}

// Arm is the instruction in Arm syntax, as GNU objdump prints it.
func (i Inst) Arm() string {
	ops := []string{reg(i.Rd, i.Shape.D), reg(i.Rn, i.Shape.N)}
	if i.Shape.M != "" {
		ops = append(ops, reg(i.Rm, i.Shape.M))
	}
	if i.Shape.Imm != 0 {
		ops = append(ops, fmt.Sprintf("#%d", i.Shape.Imm))
	}
	return i.Op.Name + "\t" + strings.Join(ops, ", ")
}

// Go is the line for a Go assembly file: the word with the Arm syntax as a
// comment.
func (i Inst) Go() string {
	return fmt.Sprintf("WORD $0x%08x // %s", i.Word(), strings.Replace(i.Arm(), "\t", " ", 1))
}

func reg(r int, suffix string) string {
	if strings.ContainsAny(suffix[:1], "0123456789") || strings.Contains(suffix, "[") {
		return fmt.Sprintf("v%d.%s", r, suffix)
	}
	return fmt.Sprintf("%s%d", suffix, r) // scalar: s4, h4, b4
}
