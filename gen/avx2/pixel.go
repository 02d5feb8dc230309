package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// pixelKernels are the kernels over packed pixels this file emits.
var pixelKernels = x86.PixelKernels(lumaKernel, rgbaToRGB, grayToRGB, highBytes, premultiplyRGBA)

// lumaKernel emits RGBToGray (bpp 3) or RGBAToGray (bpp 4): eight pixels
// per YMM step, exact in 32-bit lanes. VPSHUFB places each pixel's R and B
// in the two words of a dword and G in both words of another; one
// VPMADDWD each gives R*19595 + B*7471 and G*38470, two adds and a shift
// finish. VPSHUFB works within 128-bit halves, so an RGB step loads bytes
// 0..15 into the low half and 8..23 into the high one (pixels 4..7 sit at
// bytes 4..15 there, with their own shuffle): no byte past the step's 24
// is read. Four steps pack into 32 output bytes.
func lumaKernel(bpp int) {
	a := loadArrays([]string{"dst", "src"}, []int{1, 1})
	// RGB's source is addressed through 3i, one LEAQ per step.
	p := x86.NewPixels(&a.Arrays)
	src := func(px int) operand.Mem { return p.At("src", bpp, px) }
	setT := func() {
		if bpp == 3 {
			p.SetT()
		}
	}
	rb, gg := lumaShuffles(bpp)
	maskRB, maskGG := build.YMM(), build.YMM()
	build.VMOVDQU(rb, maskRB)
	build.VMOVDQU(gg, maskGG)
	luma := x86.LoadLuma("luma", bpp, build.YMM)
	order := build.YMM()
	build.VMOVDQU(packOrder(), order)

	// step returns the eight lumas of pixels px..px+7 as dwords.
	step := func(px int) reg.VecVirtual {
		x := build.YMM()
		if bpp == 3 {
			build.VMOVDQU(src(px), asX(x))
			build.VINSERTI128(operand.U8(1), src(px).Offset(8), x, x)
		} else {
			build.VMOVDQU(src(px), x)
		}
		g := build.YMM()
		build.VPSHUFB(maskGG, x, g)
		build.VPSHUFB(maskRB, x, x)
		luma.Sum(x, g)
		return x
	}
	a.loop(recipe.Loop{Lanes: 8, Unroll: 4, // the four steps that pack into one YMM of bytes
		Block: func(count int) {
			setT()
			if count == 4 {
				y0, y1, y2, y3 := step(0), step(8), step(16), step(24)
				packDwordsToBytes(y0, y1, y2, y3, order)
				build.VMOVDQU(y0, a.At("dst", 0))
				return
			}
			build.VMOVQ(packDwordsToQword(step(0)), a.At("dst", 0))
		}, Tail: func() {
			setT()
			r, g, b := build.GP32(), build.GP32(), build.GP32()
			build.MOVBLZX(src(0), r)
			build.MOVBLZX(src(0).Offset(1), g)
			build.MOVBLZX(src(0).Offset(2), b)
			build.IMUL3L(operand.U32(x86.LumaR), r, r)
			build.IMUL3L(operand.U32(2*x86.LumaGHalf), g, g)
			build.IMUL3L(operand.U32(x86.LumaB), b, b)
			build.ADDL(g, r)
			build.ADDL(b, r)
			build.ADDL(operand.U32(0x8000), r)
			build.SHRL(operand.U8(16), r)
			build.MOVB(r.As8(), a.At("dst", 0))
		}})
	build.VZEROUPPER()
	build.RET()
}

// lumaShuffles returns the VPSHUFB masks that gather, per dword of eight
// pixels' lanes, R and B into its two words (maskRB) and G into both
// (maskGG), with zero high bytes (index 0x80).
func lumaShuffles(bpp int) (rb, gg operand.Mem) {
	var rbBytes, ggBytes [32]byte
	for p := 0; p < 8; p++ {
		lane, q := p/4, p%4
		base := bpp * q // RGBA, and RGB's low half
		if bpp == 3 && lane == 1 {
			base = 4 + 3*q // RGB's high half holds bytes 8..23
		}
		o := 16*lane + 4*q
		rb, gg := x86.LumaDword(base)
		copy(rbBytes[o:], rb[:])
		copy(ggBytes[o:], gg[:])
	}
	name := map[int]string{3: "rgb", 4: "rgba"}[bpp]
	return x86.BytesData("luma_"+name+"_rb", rbBytes[:]), x86.BytesData("luma_"+name+"_gg", ggBytes[:])
}

// rgbaToRGB drops alpha, eight pixels per YMM step: VPSHUFB packs each
// 128-bit half's four pixels into its low 12 bytes, VPERMD joins the two
// halves' 12 bytes, and two stores write exactly the step's 24 bytes (a
// 32-byte store would run past the end of the destination).
func rgbaToRGB() {
	a := loadArrays([]string{"dst", "src"}, []int{1, 4})
	// The loop counts pixels: len(src)/4 (the wrapper checked that
	// len(dst)/3 is the same), not the destination's bytes.
	build.Load(build.Param("src").Len(), a.N)
	build.SHRQ(operand.U8(2), a.N)
	p := x86.NewPixels(&a.Arrays) // the destination through 3i
	dst := func(px int) operand.Mem { return p.At("dst", 3, px) }
	var pack [32]byte
	for i := range pack {
		pack[i] = 0x80
	}
	for lane := 0; lane < 2; lane++ {
		for p := 0; p < 4; p++ {
			for c := 0; c < 3; c++ {
				pack[16*lane+3*p+c] = byte(4*p + c)
			}
		}
	}
	mask, join := build.YMM(), build.YMM()
	build.VMOVDQU(x86.BytesData("rgba_to_rgb_pack", pack[:]), mask)
	join32 := build.GLOBL("rgba_to_rgb_join", build.RODATA|build.NOPTR)
	for k, v := range []uint32{0, 1, 2, 4, 5, 6, 7, 7} {
		build.DATA(4*k, operand.U32(v))
	}
	build.VMOVDQU(join32, join)
	a.loop(recipe.Loop{Lanes: 8, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			p.SetT()
			for r := 0; r < count; r++ {
				x := build.YMM()
				build.VMOVDQU(a.At("src", 8*r), x)
				build.VPSHUFB(mask, x, x)
				build.VPERMD(x, join, x)
				build.VMOVDQU(asX(x), dst(8*r))
				hi := build.XMM()
				build.VEXTRACTI128(operand.U8(1), x, hi)
				build.VMOVQ(hi, dst(8*r).Offset(16))
			}
		},
		Tail: func() {
			p.SetT()
			w, b := build.GP32(), build.GP32()
			build.MOVWLZX(a.At("src", 0), w)
			build.MOVBLZX(a.At("src", 0).Offset(2), b)
			build.MOVW(w.As16(), dst(0))
			build.MOVB(b.As8(), dst(0).Offset(2))
		}})
	build.VZEROUPPER()
	build.RET()
}

// grayToRGB replicates each grey byte into an RGB pixel, 16 pixels a step:
// three VPSHUFB of the 16 source bytes each fill 16 of the 48 output
// bytes.
func grayToRGB() {
	a := loadArrays([]string{"src", "dst"}, []int{1, 1})
	p := x86.NewPixels(&a.Arrays) // the destination through 3i
	dst := func(px int) operand.Mem { return p.At("dst", 3, px) }
	var masks [3]reg.VecVirtual
	for k := range masks {
		var b [16]byte
		for j := range b {
			b[j] = byte((16*k + j) / 3)
		}
		masks[k] = build.XMM()
		build.VMOVDQU(x86.BytesData(fmt.Sprintf("gray_to_rgb_%d", k), b[:]), masks[k])
	}
	a.loop(recipe.Loop{Lanes: 16, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			p.SetT()
			for r := 0; r < count; r++ {
				x := build.XMM()
				build.VMOVDQU(a.At("src", 16*r), x)
				for k, m := range masks {
					y := build.XMM()
					build.VPSHUFB(m, x, y)
					build.VMOVDQU(y, dst(16*r).Offset(16*k))
				}
			}
		},
		Tail: func() {
			p.SetT()
			l, w := build.GP32(), build.GP32()
			build.MOVBLZX(a.At("src", 0), l)
			build.IMUL3L(operand.U32(0x0101), l, w)
			build.MOVW(w.As16(), dst(0))
			build.MOVB(l.As8(), dst(0).Offset(2))
		}})
	build.RET()
}

// highBytes keeps the first (most significant) byte of each big-endian
// 16-bit sample, 32 samples a step: VPAND keeps the even bytes in 16-bit
// lanes, VPACKUSWB packs two registers (per 128-bit half), and VPERMQ puts
// the halves in order.
func highBytes() {
	a := loadArrays([]string{"dst", "src"}, []int{1, 2})
	low := build.YMM()
	build.VPBROADCASTW(build.ConstData("high_bytes_mask", operand.U16(0x00ff)), low)
	a.loop(recipe.Loop{Lanes: 32, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				x, y := build.YMM(), build.YMM()
				build.VPAND(a.At("src", 32*r), low, x)
				build.VPAND(a.At("src", 32*r+16), low, y)
				build.VPACKUSWB(y, x, x)
				build.VPERMQ(operand.U8(0xd8), x, x)
				build.VMOVDQU(x, a.At("dst", 32*r))
			}
		},
		Tail: func() {
			b := build.GP32()
			build.MOVBLZX(a.At("src", 0), b)
			build.MOVB(b.As8(), a.At("dst", 0))
		}})
	build.VZEROUPPER()
	build.RET()
}

// premultiplyRGBA emits PremultiplyRGBA, 8 pixels a step: VPMOVZXBW widens
// 4 pixels to a YMM of words, VPSHUFB copies each pixel's alpha over its
// colours (and zero over alpha, which VPOR then sets to 255: alpha times
// 255 through the same rounding is alpha), VPMULLW multiplies (at most
// 255*255, exact in 16 bits), and t + 128, then (t + t>>8) >> 8 (one
// VPMULHUW by 257, x86.Premultiply), is Pillow's rounding; VPACKUSWB and
// VPERMQ pack the bytes back in order. Single pixels go the same way in
// XMM registers.
func premultiplyRGBA() {
	dst := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	src := build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
	n := build.Load(build.Param("src").Len(), build.GP64()).(reg.GPVirtual)
	c := x86.LoadPremul("premul_", build.YMM, build.VMOVDQU)
	mask, one, round, div := c.Alpha, c.Opaque, c.Round, c.Div
	step := func(v reg.VecVirtual, wide bool) {
		var x, m, mk, on, rd, dv reg.Register = v, build.YMM(), mask, one, round, div
		if !wide {
			x, m = v.AsX(), build.XMM()
			mk, on, rd, dv = mask.AsX(), one.AsX(), round.AsX(), div.AsX()
		}
		x86.Premultiply(x, m, mk, on, rd, dv, build.VPOR)
	}
	mem := func(r reg.GPVirtual, d int) operand.Mem { return operand.Mem{Base: r, Disp: d} }
	build.Label("block")
	build.CMPQ(n, operand.U8(32))
	build.JB(operand.LabelRef("ones"))
	x, y := build.YMM(), build.YMM()
	build.VPMOVZXBW(mem(src, 0), x)
	build.VPMOVZXBW(mem(src, 16), y)
	step(x, true)
	step(y, true)
	build.VPACKUSWB(y, x, x)
	build.VPERMQ(operand.U8(0xd8), x, x)
	build.VMOVDQU(x, mem(dst, 0))
	build.ADDQ(operand.U8(32), src)
	build.ADDQ(operand.U8(32), dst)
	build.SUBQ(operand.U8(32), n)
	build.JMP(operand.LabelRef("block"))
	build.Label("ones")
	build.CMPQ(n, operand.U8(4))
	build.JB(operand.LabelRef("done"))
	z := build.YMM()
	build.VMOVD(mem(src, 0), z.AsX())
	build.VPMOVZXBW(z.AsX(), z.AsX())
	step(z, false)
	build.VPACKUSWB(z.AsX(), z.AsX(), z.AsX())
	build.VMOVD(z.AsX(), mem(dst, 0))
	build.ADDQ(operand.U8(4), src)
	build.ADDQ(operand.U8(4), dst)
	build.SUBQ(operand.U8(4), n)
	build.JMP(operand.LabelRef("ones"))
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}
