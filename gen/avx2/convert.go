package main

import (
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// convertKernels are the conversions this file emits.
var convertKernels = x86.ConvertKernels(float32To64, float64To32, uint8ToFloat32, float32ToUint8)

// float32To64 widens four float32 to four float64 per register (exact).
func float32To64() { floatConvert(f32, f64, build.YMM, build.VCVTPS2PD, build.VCVTSS2SD) }

// float64To32 narrows four float64 per register, rounding to nearest even
// (the MXCSR default Go runs with), as Go's float32(x) does.
func float64To32() { floatConvert(f64, f32, build.XMM, build.VCVTPD2PSY, build.VCVTSD2SS) }

// floatConvert emits a conversion from float type from to to, four
// elements a register: conv converts a memory operand of four into a
// register of out's kind (YMM for four float64, XMM for four float32),
// and sconv the scalar tail's element in place.
func floatConvert(from, to elem, out func() reg.VecVirtual, conv, sconv inst) {
	a := loadArrays([]string{"dst", "src"}, []int{to.Size, from.Size})
	step := func(r int, store inst) {
		y := out()
		conv(a.At("src", 4*r), y)
		store(y, a.At("dst", 4*r))
	}
	tail := func() {
		x := build.XMM()
		from.scalar.mov(a.At("src", 0), x)
		sconv(x, x, x)
		to.scalar.mov(x, a.At("dst", 0))
	}
	stream := streamConvert(a, 4, tail, step)
	a.loop(recipe.Loop{
		Lanes: 4, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				step(r, to.vec.mov)
			}
		},
		Tail: tail,
	})
	build.VZEROUPPER()
	build.RET()
	stream()
}

// uint8ToFloat32 computes float32(src[i])*scale + offset, eight bytes per
// register: zero-extend to int32, convert (exact), multiply, then add. The
// product is rounded before the add, as in the Go reference.
func uint8ToFloat32() {
	a := loadArrays([]string{"dst", "src"}, []int{4, 1})
	scale := broadcastParam(f32, "scale")
	offset := broadcastParam(f32, "offset")
	step := func(r int, store inst) {
		y := build.YMM()
		build.VPMOVZXBD(a.At("src", 8*r), y)
		build.VCVTDQ2PS(y, y)
		build.VMULPS(scale, y, y)
		build.VADDPS(offset, y, y)
		store(y, a.At("dst", 8*r))
	}
	tail := func() {
		b := build.GP32()
		build.MOVBLZX(a.At("src", 0), b)
		x := build.XMM()
		build.VXORPS(x, x, x) // break the dependency on x's old upper lanes
		build.VCVTSI2SSL(b, x, x)
		build.VMULSS(asX(scale), x, x)
		build.VADDSS(asX(offset), x, x)
		build.VMOVSS(x, a.At("dst", 0))
	}
	stream := streamConvert(a, 8, tail, step)
	a.loop(recipe.Loop{
		Lanes: 8, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				step(r, build.VMOVUPS)
			}
		},
		Tail: tail,
	})
	build.VZEROUPPER()
	build.RET()
	stream()
}

// streamConvert emits the streaming loop (x86.Stream) of a conversion
// whose loop steps lanes elements with step(r, store): the scalar tail's
// work for the head, blocks of registry.ConvertUnroll steps stored with
// VMOVNTPS. It returns the section to emit after the kernel's RET.
// Float32ToUint8 has none: its output is a quarter of its input.
func streamConvert(a *arrays, lanes int, tail func(), step func(r int, store inst)) (section func()) {
	return a.Stream("dst", []string{"src"}, lanes*registry.ConvertUnroll, tail, func() {
		for r := 0; r < registry.ConvertUnroll; r++ {
			step(r, x86.StoreNT)
		}
	})
}

// float32ToUint8 clamps to [0, 255] (VMAXPS with 0 as second source also
// maps NaN to 0), converts with round-half-to-even (the MXCSR default), and
// packs 32 lanes to 32 bytes per block. The packs work within 128-bit
// halves, so a VPERMD puts the four-byte groups back in order.
func float32ToUint8() {
	a := loadArrays([]string{"dst", "src"}, []int{1, 4})
	zero := build.YMM()
	build.VXORPS(zero, zero, zero)
	top := build.YMM()
	build.VBROADCASTSS(build.ConstData("f32_255", operand.F32(255)), top)
	order := build.YMM()
	build.VMOVDQU(packOrder(), order)

	toInt := func(src operand.Mem) reg.VecVirtual {
		y := build.YMM()
		build.VMOVUPS(src, y)
		build.VMAXPS(zero, y, y) // y = max(y, 0); NaN gives the second source, 0
		build.VMINPS(top, y, y)
		build.VCVTPS2DQ(y, y)
		return y
	}
	a.loop(recipe.Loop{
		Lanes: 8, Unroll: 4, // the four registers that pack into one YMM of bytes, not a tuning
		Block: func(count int) {
			if count == 4 {
				y0, y1 := toInt(a.At("src", 0)), toInt(a.At("src", 8))
				y2, y3 := toInt(a.At("src", 16)), toInt(a.At("src", 24))
				packDwordsToBytes(y0, y1, y2, y3, order)
				build.VMOVDQU(y0, a.At("dst", 0))
				return
			}
			build.VMOVQ(packDwordsToQword(toInt(a.At("src", 0))), a.At("dst", 0))
		},
		Tail: func() {
			x := build.XMM()
			build.VMOVSS(a.At("src", 0), x)
			build.VMAXSS(asX(zero), x, x)
			build.VMINSS(asX(top), x, x)
			b := build.GP32()
			build.VCVTSS2SI(x, b)
			build.MOVB(b.As8(), a.At("dst", 0))
		},
	})
	build.VZEROUPPER()
	build.RET()
}

// packOrderData is the read-only VPERMD index that restores the order of
// four YMMs of dwords packed to bytes with VPACKUSDW and VPACKUSWB, which
// work within 128-bit halves; it is emitted once, by the first kernel
// that asks for it.
var packOrderData *operand.Mem

func packOrder() operand.Mem {
	if packOrderData == nil {
		m := build.GLOBL("u8_pack_order", build.RODATA|build.NOPTR)
		for k, v := range []uint32{0, 4, 1, 5, 2, 6, 3, 7} {
			build.DATA(4*k, operand.U32(v))
		}
		packOrderData = &m
	}
	return *packOrderData
}

// packDwordsToBytes packs four YMMs of dwords in 0..255 (eight each) into
// y0's 32 bytes, in order.
func packDwordsToBytes(y0, y1, y2, y3, order reg.VecVirtual) {
	build.VPACKUSDW(y1, y0, y0) // per 128-bit half: y0 words, y1 words
	build.VPACKUSDW(y3, y2, y2)
	build.VPACKUSWB(y2, y0, y0) // dwords: y0lo y1lo y2lo y3lo | y0hi y1hi y2hi y3hi
	build.VPERMD(y0, order, y0)
}

// packDwordsToQword packs one YMM of eight dwords in 0..255 into the low
// 8 bytes of its XMM half, in order, and returns that XMM.
func packDwordsToQword(y reg.VecVirtual) reg.VecVirtual {
	hi := build.XMM()
	build.VEXTRACTI128(operand.U8(1), y, hi)
	x := asX(y)
	build.VPACKUSDW(hi, x, x)
	build.VPACKUSWB(x, x, x)
	return x
}
