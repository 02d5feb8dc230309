package x86

import (
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Luma are the broadcast constants of RGBToGray and RGBAToGray's
// multiply-adds: RB the weights of R and B as two words of each dword, GG
// half G's weight in both (see LumaGHalf), Round the rounding term.
type Luma struct{ RB, GG, Round reg.VecVirtual }

// LoadLuma loads Luma into three new registers of vector's kind from
// read-only constants named prefix, bpp and the term ("luma4_rb").
func LoadLuma(prefix string, bpp int, vector func() reg.VecVirtual) Luma {
	l := Luma{vector(), vector(), vector()}
	build.VPBROADCASTD(build.ConstData(fmt.Sprintf("%s%d_rb", prefix, bpp), operand.U32(LumaR|LumaB<<16)), l.RB)
	build.VPBROADCASTD(build.ConstData(fmt.Sprintf("%s%d_gg", prefix, bpp), operand.U32(LumaGHalf|LumaGHalf<<16)), l.GG)
	build.VPBROADCASTD(build.ConstData(fmt.Sprintf("%s%d_round", prefix, bpp), operand.U32(0x8000)), l.Round)
	return l
}

// Sum leaves in each dword of c the luma of its pixel, exact: c holds the
// pixel's R and B as the two words of the dword, g its G in both (zero
// high bytes); one VPMADDWD each gives R*19595 + B*7471 and G*38470, two
// adds and a shift finish. g is clobbered.
func (l Luma) Sum(c, g reg.VecVirtual) {
	l.Scaled(c, g)
	build.VPSRLD(operand.U8(16), c, c)
}

// Scaled is Sum without the shift: each dword of c holds its pixel's luma
// times 65536 plus the rounding term, so the luma is the dword's third
// byte (the sum is below 2^24). g is clobbered.
func (l Luma) Scaled(c, g reg.VecVirtual) {
	build.VPMADDWD(l.RB, c, c)
	build.VPMADDWD(l.GG, g, g)
	build.VPADDD(g, c, c)
	build.VPADDD(l.Round, c, c)
}

// LumaDword returns the byte-shuffle controls of one pixel's dword for
// Luma.Sum, the pixel's R at byte base: rb puts R and B in the dword's
// two words, gg G in both, with zero high bytes (index 0x80).
func LumaDword(base int) (rb, gg [4]byte) {
	return [4]byte{byte(base), 0x80, byte(base + 2), 0x80}, [4]byte{byte(base + 1), 0x80, byte(base + 1), 0x80}
}

// Premul are the constants of PremultiplyRGBA (see Premultiply): Alpha
// and Opaque its byte controls, Round the rounding term and Div 257 in
// every word.
type Premul struct{ Alpha, Opaque, Round, Div reg.VecVirtual }

// LoadPremul loads Premul into new registers of vector's kind, the
// controls with mov from read-only tables named prefix+"alpha" and
// prefix+"opaque", Round and Div from prefix+"round" and prefix+"div".
func LoadPremul(prefix string, vector func() reg.VecVirtual, mov func(src, dst operand.Op)) Premul {
	var c Premul
	c.Alpha, c.Opaque = vector(), vector()
	alpha, opaque := premultiplyControls(int(c.Alpha.Size()))
	mov(BytesData(prefix+"alpha", alpha), c.Alpha)
	mov(BytesData(prefix+"opaque", opaque), c.Opaque)
	c.Round, c.Div = vector(), vector()
	build.VPBROADCASTW(build.ConstData(prefix+"round", operand.U16(128)), c.Round)
	build.VPBROADCASTW(build.ConstData(prefix+"div", operand.U16(257)), c.Div)
	return c
}

// premultiplyControls returns the VPSHUFB controls of PremultiplyRGBA for
// a register of size bytes of 16-bit channels, two pixels a 128-bit lane:
// alpha copies each pixel's alpha over its colour words and zero over
// its alpha word, opaque is 255 in the alpha words.
func premultiplyControls(size int) (alpha, opaque []byte) {
	alpha, opaque = make([]byte, size), make([]byte, size)
	for i := range alpha {
		q, w := i%16/8, i%8/2 // pixel within the 128-bit lane, word within the pixel
		alpha[i] = 0x80
		if w < 3 && i%2 == 0 {
			alpha[i] = byte(8*q + 6)
		}
		if w == 3 && i%2 == 0 {
			opaque[i] = 255
		}
	}
	return alpha, opaque
}

// Premultiply multiplies the colour words of x, pixels widened to 16-bit
// channels, by their alpha with Pillow's rounding: VPSHUFB with alpha
// (Premul) copies each pixel's alpha over its colours and
// zero over alpha, which or with opaque sets to 255 (alpha times 255
// through the same rounding is alpha); VPMULLW multiplies (at most
// 255*255, exact in 16 bits), and t = that + 128 (round) is rounded as
// Pillow's (t + t>>8) >> 8, which for every 16-bit t is (t*257) >> 16, the
// high word of an unsigned multiply by div (VPMULHUW): with t = 256h + l,
// both are h plus the carry of h + l (+ l/256, under 1) past 256. m is a
// scratch register of x's width.
func Premultiply(x, m, alpha, opaque, round, div reg.Register, or func(src, x, dst operand.Op)) {
	build.VPSHUFB(alpha, x, m)
	or(opaque, m, m)
	build.VPMULLW(m, x, x)
	build.VPADDW(round, x, x)
	build.VPMULHUW(div, x, x)
}

// Pixels addresses the bytes of pixel i+px of a named slice of bpp-byte
// pixels, i the arrays' index: through the index scaled by bpp, or for 3
// bytes through t = 3i, which SetT computes (x86 scales an index by 1, 2,
// 4 or 8 only). It reads the arrays' pointers when addressing, so it
// follows a tail that moves them.
type Pixels struct {
	a *Arrays
	t reg.GPVirtual
}

// NewPixels returns the Pixels of a's slices, with a new register for t.
func NewPixels(a *Arrays) Pixels { return Pixels{a, build.GP64()} }

// SetT sets t = 3i, for the 3-byte pixels' addresses of the current step.
func (p Pixels) SetT() { build.LEAQ(operand.Mem{Base: p.a.I, Index: p.a.I, Scale: 2}, p.t) }

// At addresses pixel i+px of the named slice of bpp-byte pixels.
func (p Pixels) At(name string, bpp, px int) operand.Mem {
	if bpp == 3 {
		return operand.Mem{Base: p.a.Ptr[name], Index: p.t, Scale: 1, Disp: 3 * px}
	}
	return operand.Mem{Base: p.a.Ptr[name], Index: p.a.I, Scale: uint8(bpp), Disp: bpp * px}
}
