package x86

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The horizontal resampling kernels (ResampleRow<ch>) of both generators
// share their parameters and loop over output pixels, the addressing of a
// window's pixels, the loops over its taps and grey's widest step, the
// clip and store of an output pixel, and the weight split and byte
// controls of their 16-bit multiply-adds. The RGB(A) steps (VPMADDWD
// pairs on AVX2; VNNI, VPERMB and masked tails on AVX-512) are each ISA's
// own.

// Row are the registers of a horizontal pass: Dst the next output pixel,
// Src the row's pixels, Bounds the (start, taps) pairs of the windows
// left, K the weights of the next window, Out the pixels left.
type Row struct{ Dst, Src, Bounds, K, Out reg.GPVirtual }

// LoadRow loads a horizontal pass's parameters and jumps to "done" when
// there is no output pixel (bounds holds two int32 a pixel).
func LoadRow() Row {
	var r Row
	r.Dst = build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	r.Src = build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
	r.Bounds = build.Load(build.Param("bounds").Base(), build.GP64()).(reg.GPVirtual)
	r.K = build.Load(build.Param("k").Base(), build.GP64()).(reg.GPVirtual)
	r.Out = build.Load(build.Param("bounds").Len(), build.GP64()).(reg.GPVirtual)
	build.SHRQ(operand.U8(1), r.Out)
	build.JZ(operand.LabelRef("done"))
	return r
}

// Window loads the window whose bounds are disp bytes into Bounds: p its
// first pixel's address, n its tap count.
func (r Row) Window(ch, disp int, p, n reg.GPVirtual) {
	build.MOVL(operand.Mem{Base: r.Bounds, Disp: disp}, p.As32())
	build.MOVL(operand.Mem{Base: r.Bounds, Disp: disp + 4}, n.As32())
	PixelAddress(ch, r.Src, p)
}

// PixelAddress turns p, a pixel index, into the address of that pixel of
// ch bytes (1, 3 or 4) from src.
func PixelAddress(ch int, src, p reg.GPVirtual) {
	switch ch {
	case 1:
		build.ADDQ(src, p)
	case 3:
		build.LEAQ(operand.Mem{Base: p, Index: p, Scale: 2}, p)
		build.ADDQ(src, p)
	case 4:
		build.LEAQ(operand.Mem{Base: src, Index: p, Scale: 4}, p)
	default:
		panic("x86: no pixel of this size")
	}
}

// StoreClipped clips the 32-bit sums in the low ch dwords of x, an XMM,
// to bytes as Pillow's clip8 does (VPSRAD by 22, then VPACKSSDW and
// VPACKUSWB, whose saturations clamp to 0..255), and stores them, one
// pixel of ch bytes (1, 3 or 4), at dst through t, writing no byte past
// the pixel.
func StoreClipped(ch int, x reg.Register, t, dst reg.GPVirtual) {
	build.VPSRAD(operand.U8(22), x, x)
	build.VPACKSSDW(x, x, x)
	build.VPACKUSWB(x, x, x)
	build.VMOVD(x, t.As32())
	switch ch {
	case 1:
		build.MOVB(t.As8(), operand.Mem{Base: dst})
	case 3:
		build.MOVW(t.As16(), operand.Mem{Base: dst})
		build.SHRL(operand.U8(16), t.As32())
		build.MOVB(t.As8(), operand.Mem{Base: dst, Disp: 2})
	case 4:
		build.MOVL(t.As32(), operand.Mem{Base: dst})
	default:
		panic("x86: no pixel of this size")
	}
}

// Loop emits the end of a horizontal pass's loop over output pixels:
// Bounds advances to the next window, and while Out, counted down, is
// not zero the loop goes back to its top, "pixel"; then at "done" the
// kernel returns.
func (r Row) Loop() {
	build.ADDQ(operand.U8(8), r.Bounds)
	build.DECQ(r.Out)
	build.JNZ(operand.LabelRef("pixel"))
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// FoldDwords adds the four dwords of the XMM x into each of them, through
// the XMM t.
func FoldDwords(x, t reg.Register) {
	build.VPSHUFD(operand.U8(0x4e), x, t)
	build.VPADDD(t, x, x)
	build.VPSHUFD(operand.U8(0xb1), x, t)
	build.VPADDD(t, x, x)
}

// PairControl returns the VPSHUFB control (one 128-bit lane) that turns
// the bytes of four ch-byte pixels into 32-bit lanes of 16-bit words,
// lane c holding channel c of pixels tap and tap+1 (RGB's fourth lane
// zero), the pixels starting shift bytes into the lane.
func PairControl(ch, tap, shift int) [16]byte {
	var b [16]byte
	for i := range b {
		b[i] = 0x80
	}
	for c := 0; c < ch; c++ {
		b[4*c] = byte(ch*tap + c + shift)
		b[4*c+2] = byte(ch*(tap+1) + c + shift)
	}
	return b
}

// WeightControl returns the VPSHUFB control (one 128-bit lane) that puts,
// in every 32-bit lane, the 16-bit words at byte half of the int32
// weights tap and tap+1.
func WeightControl(tap, half int) [16]byte {
	var b [16]byte
	for c := 0; c < 4; c++ {
		b[4*c] = byte(4*tap + half)
		b[4*c+1] = byte(4*tap + half + 1)
		b[4*c+2] = byte(4*(tap+1) + half)
		b[4*c+3] = byte(4*(tap+1) + half + 1)
	}
	return b
}

// TapLoop emits a loop over a window's taps, taps at a time while n (the
// taps left) holds that many: body handles the pixels at p, bpp bytes a
// tap, and the int32 weights at kp; then p, kp and n advance. The loop's
// top is labelled label; it exits to next.
func TapLoop(label, next string, p, kp, n reg.GPVirtual, taps, bpp int, body func()) {
	build.Label(label)
	build.CMPQ(n, operand.U8(uint8(taps)))
	build.JB(operand.LabelRef(next))
	tapStep(p, kp, n, taps, bpp, body)
	build.JMP(operand.LabelRef(label))
}

// tapStep emits a step of a tap loop: body, then p, kp and n advance by
// taps.
func tapStep(p, kp, n reg.GPVirtual, taps, bpp int, body func()) {
	body()
	build.ADDQ(operand.U8(uint8(taps*bpp)), p)
	build.ADDQ(operand.U8(uint8(4*taps)), kp)
	build.SUBQ(operand.U8(uint8(taps)), n)
}

// TapLoopBottom is TapLoop with its test repeated at the bottom, so that
// a step ends with one compare and branch (CMP/JAE, fused) back to the
// top, where TapLoop's runs CMP/JB at the top and a JMP; after the loop n
// is the taps left, as after TapLoop, and the code falls through to what
// follows. (The compare stays in the loop, where the roofline tool looks
// for the counter.)
func TapLoopBottom(label string, p, kp, n reg.GPVirtual, taps, bpp int, body func()) {
	build.CMPQ(n, operand.U8(uint8(taps)))
	build.JB(operand.LabelRef(label + "_end"))
	build.Label(label)
	tapStep(p, kp, n, taps, bpp, body)
	build.CMPQ(n, operand.U8(uint8(taps)))
	build.JAE(operand.LabelRef(label))
	build.Label(label + "_end")
}

// GreyChains emits the widest step of a grey window: 2*lanes taps a step
// (lanes the dwords of acc's width) in two accumulators, so that the
// window's multiply-adds are two chains, not one (VPMULLD's latency is 10
// cycles on Intel cores), with half the loop overhead; then acc2 is added
// into acc. VPMOVZXBD widens the bytes, VPMULLD and VPADDD wrap as int32
// does. x is the scratch register.
func GreyChains(label string, lanes int, p, kp, n reg.GPVirtual, acc, acc2, x reg.VecVirtual) {
	TapLoop(label, label+"_done", p, kp, n, 2*lanes, 1, func() {
		for i, a := range []reg.VecVirtual{acc, acc2} {
			build.VPMOVZXBD(operand.Mem{Base: p, Disp: lanes * i}, x)
			build.VPMULLD(operand.Mem{Base: kp, Disp: 4 * lanes * i}, x, x)
			build.VPADDD(x, a, a)
		}
	})
	build.Label(label + "_done")
	build.VPADDD(acc2, acc, acc)
}

// SplitWeights splits each int32 weight of w for 16-bit multiply-adds,
// as w = hi*2^16 + lo with lo w's low word read as signed: h gets lo
// sign-extended, then hi in its upper words (w - lo, zeros below). The
// sum of pixel*w is then (the sum of pixel*hi) << 16 plus the sum of
// pixel*lo modulo 2^32, exactly the int32 sum the contract wraps, for
// any weights (hi is needed only modulo 2^16).
func SplitWeights(w, h reg.Register) {
	build.VPSLLD(operand.U8(16), w, h)
	build.VPSRAD(operand.U8(16), h, h) // lo, sign-extended
	build.VPSUBD(h, w, h)              // hi in the upper words, zeros below
}
