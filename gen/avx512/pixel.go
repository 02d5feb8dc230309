package main

import (
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// pixelKernels are the kernels over packed pixels this file emits.
var pixelKernels = x86.PixelKernels(lumaKernel, rgbaToRGB, grayToRGB, highBytes, premultiplyRGBA)

// The byte permutes of 3-byte pixels cross 128-bit lanes: VPERMB, which
// is AVX512_VBMI (Ice Lake, Zen 4 and later). On CPUs without it these
// kernels run AVX2's version (see needs in main.go).
func init() {
	for _, k := range []string{"RGBToGray", "RGBAToRGB", "GrayToRGB"} {
		needs[k] = []string{"AVX512VBMI"}
	}
}

// constMask returns an opmask holding the constant bits.
func constMask(bits uint64) reg.OpmaskVirtual {
	r := build.GP64()
	build.MOVQ(operand.U64(bits), r)
	k := build.K()
	build.KMOVQ(r, k)
	return k
}

// loadBytes loads m into a ZMM under the byte mask k: in the loops a
// constant mask of the step's bytes (so a step of 48 never reads the 16
// past it), in the tail the mask of the pixels left.
func loadBytes(m operand.Mem, k reg.OpmaskVirtual) reg.VecVirtual {
	z := build.ZMM()
	build.VMOVDQU8_Z(m, k, z)
	return z
}

// lumaKernel emits RGBToGray (bpp 3) or RGBAToGray (bpp 4): sixteen pixels
// a ZMM step, exact in 32-bit lanes. A byte permute places each pixel's R
// and B in the two words of its dword, and G in both words of another
// register (zero high bytes); one VPMADDWD each gives R*19595 + B*7471 and
// G*38470, two adds and a shift finish, and VPMOVDB stores the sixteen
// bytes. RGBA's pixels do not cross 128-bit lanes, so VPSHUFB (BW) does;
// RGB's do, so it takes VPERMB (VBMI), zero-masked to clear the high bytes.
func lumaKernel(bpp int) {
	a := loadArrays([]string{"dst", "src"}, []int{1, bpp}) // sizes per pixel
	a.outs["dst"] = true
	p := x86.NewPixels(&a.Arrays)
	var rbIdx, ggIdx [64]byte
	for px := 0; px < 16; px++ {
		base := bpp * px // VPERMB indexes the whole register
		if bpp == 4 {
			base = 4 * (px % 4) // VPSHUFB indexes within the pixel's 128-bit lane
		}
		rb, gg := x86.LumaDword(base)
		copy(rbIdx[4*px:], rb[:])
		copy(ggIdx[4*px:], gg[:])
	}
	name := map[int]string{3: "rgb", 4: "rgba"}[bpp]
	rb, gg := build.ZMM(), build.ZMM()
	build.VMOVDQU64(x86.BytesData("luma512_"+name+"_rb", rbIdx[:]), rb)
	build.VMOVDQU64(x86.BytesData("luma512_"+name+"_gg", ggIdx[:]), gg)
	luma := x86.LoadLuma("luma512_", bpp, build.ZMM)
	var step48, lowBytes reg.OpmaskVirtual
	if bpp == 3 {
		step48 = constMask(1<<48 - 1)
		lowBytes = constMask(0x5555555555555555) // the low byte of each word
	}

	// scaled returns the lumas of pixels px..px+15 as Luma.Scaled leaves
	// them, their bytes loaded under load (nil: all sixteen).
	scaled := func(px int, load reg.OpmaskVirtual) reg.VecVirtual {
		var x reg.VecVirtual
		if load == nil {
			x = build.ZMM()
			build.VMOVDQU64(p.At("src", bpp, px), x)
		} else {
			x = loadBytes(p.At("src", bpp, px), load)
		}
		g := build.ZMM()
		c := build.ZMM()
		if bpp == 3 {
			build.VPERMB_Z(x, gg, lowBytes, g)
			build.VPERMB_Z(x, rb, lowBytes, c)
		} else {
			build.VPSHUFB(gg, x, g)
			build.VPSHUFB(rb, x, c)
		}
		luma.Scaled(c, g)
		return c
	}
	// step stores the lumas of pixels px..px+15, stored under store (nil:
	// all sixteen).
	step := func(px int, load, store reg.OpmaskVirtual) {
		c := scaled(px, load)
		build.VPSRLD(operand.U8(16), c, c)
		masked(build.VPMOVDB, store, c, a.At("dst", px))
	}
	var block func(count int)
	if bpp == 3 {
		block = packedLumaBlock(a, scaled, step48)
	}
	pixelLoop(a, p, step48, nil, bpp, 1, step, block)
}

// packedLumaBlock returns the Block of RGBToGray's unrolled loop: the four
// steps' 64 lumas, each the third byte of its dword, are gathered with
// two VPERMT2B (VBMI, which RGBToGray needs already for its loads) and a
// VINSERTI64X4 into one register and stored with one 64-byte store, where
// each step would take a shift and a narrowing VPMOVDB store of 16 bytes
// (llvm-mca: 18.1 -> 13.6 cycles a block on Zen 4, 16.9 -> 12.1 on Ice
// Lake, 19.3 -> 17.4 on Sapphire Rapids). lastLoad is the last step's
// load mask (its 48 bytes); the single steps of stage 2 are steps.
func packedLumaBlock(a *arrays, scaled func(px int, load reg.OpmaskVirtual) reg.VecVirtual, lastLoad reg.OpmaskVirtual) func(count int) {
	var idx [64]byte
	for j := range idx {
		idx[j] = byte(4*(j%32) + 2) // 0..15 from the first table, 16..31 from the second (64+)
	}
	pack := build.ZMM()
	build.VMOVDQU64(x86.BytesData("luma512_pack", idx[:]), pack)
	return func(count int) {
		if count != 4 {
			panic("packedLumaBlock: the unrolled block must be four steps")
		}
		var c [4]reg.VecVirtual
		for r := range c {
			var load reg.OpmaskVirtual
			if r == 3 {
				load = lastLoad
			}
			c[r] = scaled(16*r, load)
		}
		build.VPERMT2B(c[1], pack, c[0]) // lumas 0..31 in c0's low half
		build.VPERMT2B(c[3], pack, c[2]) // lumas 32..63 in c2's low half
		build.VINSERTI64X4(operand.U8(1), c[2].AsY(), c[0], c[0])
		build.VMOVDQU64(c[0], a.At("dst", 0))
	}
}

// rgbaToRGB drops alpha, sixteen pixels a step: one VPERMB packs the 64
// source bytes' colours into 48, stored under a 48-byte mask.
func rgbaToRGB() {
	a := loadArrays([]string{"dst", "src"}, []int{3, 4}) // sizes per pixel
	a.outs["dst"] = true
	// The loop counts pixels: len(src)/4 (the wrapper checked that
	// len(dst)/3 is the same), not the destination's bytes.
	build.Load(build.Param("src").Len(), a.N)
	build.SHRQ(operand.U8(2), a.N)
	p := x86.NewPixels(&a.Arrays)
	var idx [64]byte
	for j := 0; j < 48; j++ {
		idx[j] = byte(4*(j/3) + j%3)
	}
	toRGB(a, p, "rgba_to_rgb512", idx, 4, func(px int, load reg.OpmaskVirtual, x reg.VecVirtual) {
		if load == nil {
			build.VMOVDQU64(p.At("src", 4, px), x)
		} else {
			build.VMOVDQU8_Z(p.At("src", 4, px), load, x)
		}
	})
}

// grayToRGB replicates each grey byte into an RGB pixel, sixteen pixels a
// step: one VPERMB spreads the 16 source bytes over 48, stored under a
// 48-byte mask.
func grayToRGB() {
	a := loadArrays([]string{"src", "dst"}, []int{1, 3}) // sizes per pixel
	a.outs["dst"] = true
	p := x86.NewPixels(&a.Arrays)
	var idx [64]byte
	for j := 0; j < 48; j++ {
		idx[j] = byte(j / 3)
	}
	toRGB(a, p, "gray_to_rgb512", idx, 1, func(px int, load reg.OpmaskVirtual, x reg.VecVirtual) {
		if load == nil {
			build.VMOVDQU(a.At("src", px), x.AsX()) // the upper lanes are cleared, and unused
		} else {
			build.VMOVDQU8_Z(a.At("src", px), load, x.AsX())
		}
	})
}

// toRGB emits the loop of a kernel writing RGB pixels to dst, sixteen a
// step: load loads the step's source pixels at px into x (under the byte
// mask load, or whole when it is nil), one VPERMB with the index idx
// (emitted as the table name) makes their 48 bytes, and a store writes
// them. srcBpp is the source's bytes a pixel.
func toRGB(a *arrays, p x86.Pixels, name string, idx [64]byte, srcBpp int, load func(px int, k reg.OpmaskVirtual, x reg.VecVirtual)) {
	perm := build.ZMM()
	build.VMOVDQU64(x86.BytesData(name, idx[:]), perm)
	step48 := constMask(1<<48 - 1)
	pixelLoop(a, p, nil, step48, srcBpp, 3, func(px int, k, store reg.OpmaskVirtual) {
		x := build.ZMM()
		load(px, k, x)
		build.VPERMB(x, perm, x)
		if store == nil {
			build.VMOVDQU64(x, p.At("dst", 3, px))
		} else {
			build.VMOVDQU8(x, store, p.At("dst", 3, px))
		}
	}, nil)
}

// pixelLoop emits the loop of a kernel over pixels, sixteen a step, and
// its return: step(px, load, store) handles pixels px..px+15, its loads
// under the byte mask load and its stores under store (nil: whole
// registers). A step of 3-byte pixels spans 48 bytes of a 64-byte
// register: a whole load reads, or a whole store writes, the next step's
// 16 bytes, harmless within the block (a store's are overwritten by the
// next step); only the last step of the block, whose next bytes may lie
// past the slice, loads under lastLoad and stores under lastStore
// (masked accesses are slow from memory on AMD Zen). The tail's step
// runs under the masks of the pixels left, loadPer and storePer bytes a
// pixel.
func pixelLoop(a *arrays, p x86.Pixels, lastLoad, lastStore reg.OpmaskVirtual, loadPer, storePer int, step func(px int, load, store reg.OpmaskVirtual), block func(count int)) {
	a.loop(recipe.Loop{Lanes: 16, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			p.SetT()
			if block != nil && count > 1 {
				block(count)
				return
			}
			for r := 0; r < count; r++ {
				if r < count-1 {
					step(16*r, nil, nil)
				} else {
					step(16*r, lastLoad, lastStore)
				}
			}
		},
		Tail: func() {
			a.step(func() {
				p.SetT()
				step(0, a.mask(loadPer), a.mask(storePer))
			})
		}})
	build.VZEROUPPER()
	build.RET()
}

// highBytes keeps the first (most significant) byte of each big-endian
// 16-bit sample, 32 samples a step: VPMOVWB truncates each little-endian
// word to its low byte, which is the sample's first.
func highBytes() {
	a := loadArrays([]string{"dst", "src"}, []int{1, 2})
	a.outs["dst"] = true
	a.loop(recipe.Loop{Lanes: 32, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				x := build.ZMM()
				build.VMOVDQU64(a.At("src", 32*r), x)
				build.VPMOVWB(x, a.At("dst", 32*r))
			}
		},
		Tail: func() {
			a.step(func() {
				x := build.ZMM()
				build.VMOVDQU8_Z(a.At("src", 0), a.mask(2), x)
				build.VPMOVWB(x, a.mask(1), a.At("dst", 0)) // one mask bit a word
			})
		}})
	build.VZEROUPPER()
	build.RET()
}

// premultiplyRGBA emits PremultiplyRGBA, eight pixels a step, as gen/avx2
// does in twice the width: VPMOVZXBW widens the 32 bytes to words, VPSHUFB
// copies each pixel's alpha over its colours (and zero over alpha, which
// VPORD then sets to 255: alpha times 255 through the same rounding is
// alpha), VPMULLW multiplies (at most 255*255, exact in 16 bits), and t +
// 128, then (t + t>>8) >> 8 (one VPMULHUW by 257, x86.Premultiply), is
// Pillow's rounding; VPMOVWB stores the bytes in order.
func premultiplyRGBA() {
	a := loadArrays([]string{"dst", "src"}, []int{4, 4})
	a.outs["dst"] = true
	build.Load(build.Param("src").Len(), a.N)
	build.SHRQ(operand.U8(2), a.N) // pixels
	c := x86.LoadPremul("premul512_", build.ZMM, func(src, dst operand.Op) { build.VMOVDQU64(src, dst) })
	step := func(px int, load, store reg.OpmaskVirtual) {
		x, m := build.ZMM(), build.ZMM()
		if load == nil {
			build.VPMOVZXBW(a.At("src", px), x)
		} else {
			y := build.YMM()
			build.VMOVDQU8_Z(a.At("src", px), load, y)
			build.VPMOVZXBW(y, x)
		}
		x86.Premultiply(x, m, c.Alpha, c.Opaque, c.Round, c.Div, func(a, b, c operand.Op) { build.VPORD(a, b, c) })
		masked(build.VPMOVWB, store, x, a.At("dst", px))
	}
	a.loop(recipe.Loop{Lanes: 8, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				step(8*r, nil, nil)
			}
		},
		Tail: func() { a.step(func() { step(0, a.mask(4), a.mask(4)) }) },
	})
	build.VZEROUPPER()
	build.RET()
}
