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

// The byte permutes of 3-byte pixels cross 128-bit lanes: VPERMB, which
// is AVX512_VBMI (Ice Lake, Zen 4 and later). On CPUs without it these
// kernels run AVX2's version (see needs in main.go).
func init() {
	for _, k := range []string{"RGBToGray", "RGBAToRGB", "GrayToRGB"} {
		needs[k] = []string{"AVX512VBMI"}
	}
}

// pixels addresses the bytes of pixel i+px of the named slice of bpp-byte
// pixels: through the index scaled by bpp, or for 3 bytes through t =
// 3i, which setT computes (x86 scales an index by 1, 2, 4 or 8 only).
type pixels struct {
	a *arrays
	t reg.GPVirtual
}

func newPixels(a *arrays) pixels { return pixels{a, build.GP64()} }

func (p pixels) setT() { build.LEAQ(operand.Mem{Base: p.a.I, Index: p.a.I, Scale: 2}, p.t) }

func (p pixels) at(name string, bpp, px int) operand.Mem {
	if bpp == 3 {
		return operand.Mem{Base: p.a.Ptr[name], Index: p.t, Scale: 1, Disp: 3 * px}
	}
	return operand.Mem{Base: p.a.Ptr[name], Index: p.a.I, Scale: uint8(bpp), Disp: bpp * px}
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
	p := newPixels(a)
	var rbIdx, ggIdx [64]byte
	for px := 0; px < 16; px++ {
		base := bpp * px // VPERMB indexes the whole register
		if bpp == 4 {
			base = 4 * (px % 4) // VPSHUFB indexes within the pixel's 128-bit lane
		}
		o := 4 * px
		rbIdx[o], rbIdx[o+1], rbIdx[o+2], rbIdx[o+3] = byte(base), 0x80, byte(base+2), 0x80
		ggIdx[o], ggIdx[o+1], ggIdx[o+2], ggIdx[o+3] = byte(base+1), 0x80, byte(base+1), 0x80
	}
	name := map[int]string{3: "rgb", 4: "rgba"}[bpp]
	rb, gg := build.ZMM(), build.ZMM()
	build.VMOVDQU64(x86.BytesData("luma512_"+name+"_rb", rbIdx[:]), rb)
	build.VMOVDQU64(x86.BytesData("luma512_"+name+"_gg", ggIdx[:]), gg)
	coefRB, coefGG, round := build.ZMM(), build.ZMM(), build.ZMM()
	build.VPBROADCASTD(build.ConstData(fmt.Sprintf("luma512_%d_rb", bpp), operand.U32(x86.LumaR|x86.LumaB<<16)), coefRB)
	build.VPBROADCASTD(build.ConstData(fmt.Sprintf("luma512_%d_gg", bpp), operand.U32(x86.LumaGHalf|x86.LumaGHalf<<16)), coefGG)
	build.VPBROADCASTD(build.ConstData(fmt.Sprintf("luma512_%d_round", bpp), operand.U32(0x8000)), round)
	var step48, lowBytes reg.OpmaskVirtual
	if bpp == 3 {
		step48 = constMask(1<<48 - 1)
		lowBytes = constMask(0x5555555555555555) // the low byte of each word
	}

	// step stores the lumas of pixels px..px+15, their bytes loaded under
	// load and stored under store (nil: all sixteen).
	step := func(px int, load, store reg.OpmaskVirtual) {
		var x reg.VecVirtual
		if load == nil {
			x = build.ZMM()
			build.VMOVDQU64(p.at("src", bpp, px), x)
		} else {
			x = loadBytes(p.at("src", bpp, px), load)
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
		build.VPMADDWD(coefRB, c, c)
		build.VPMADDWD(coefGG, g, g)
		build.VPADDD(g, c, c)
		build.VPADDD(round, c, c)
		build.VPSRLD(operand.U8(16), c, c)
		masked(build.VPMOVDB, store, c, a.At("dst", px))
	}
	a.loop(recipe.Loop{Lanes: 16, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			p.setT()
			// For 3-byte pixels a full 64-byte load reads 16 bytes past the
			// step's 48, the next step's pixels; only the last step of the
			// block, whose next bytes may lie past src, loads under the
			// mask (masked accesses are slow from memory on AMD Zen).
			for r := 0; r < count; r++ {
				if r < count-1 {
					step(16*r, nil, nil)
				} else {
					step(16*r, step48, nil)
				}
			}
		},
		Tail: func() {
			a.step(func() {
				p.setT()
				step(0, a.mask(bpp), a.mask(1))
			})
		}})
	build.VZEROUPPER()
	build.RET()
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
	p := newPixels(a)
	var idx [64]byte
	for j := 0; j < 48; j++ {
		idx[j] = byte(4*(j/3) + j%3)
	}
	perm := build.ZMM()
	build.VMOVDQU64(x86.BytesData("rgba_to_rgb512", idx[:]), perm)
	step48 := constMask(1<<48 - 1)
	step := func(px int, load, store reg.OpmaskVirtual) {
		x := build.ZMM()
		if load == nil {
			build.VMOVDQU64(p.at("src", 4, px), x)
		} else {
			build.VMOVDQU8_Z(p.at("src", 4, px), load, x)
		}
		build.VPERMB(x, perm, x)
		if store == nil {
			build.VMOVDQU64(x, p.at("dst", 3, px))
		} else {
			build.VMOVDQU8(x, store, p.at("dst", 3, px))
		}
	}
	a.loop(recipe.Loop{Lanes: 16, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			p.setT()
			// A full 64-byte store writes 16 bytes past the step's 48,
			// which the next step of the block overwrites; only the last
			// step, whose next bytes may lie past dst, stores under the
			// mask (masked stores are slow from memory on AMD Zen).
			for r := 0; r < count; r++ {
				if r < count-1 {
					step(16*r, nil, nil)
				} else {
					step(16*r, nil, step48)
				}
			}
		},
		Tail: func() {
			a.step(func() {
				p.setT()
				step(0, a.mask(4), a.mask(3))
			})
		}})
	build.VZEROUPPER()
	build.RET()
}

// grayToRGB replicates each grey byte into an RGB pixel, sixteen pixels a
// step: one VPERMB spreads the 16 source bytes over 48, stored under a
// 48-byte mask.
func grayToRGB() {
	a := loadArrays([]string{"src", "dst"}, []int{1, 3}) // sizes per pixel
	a.outs["dst"] = true
	p := newPixels(a)
	var idx [64]byte
	for j := 0; j < 48; j++ {
		idx[j] = byte(j / 3)
	}
	perm := build.ZMM()
	build.VMOVDQU64(x86.BytesData("gray_to_rgb512", idx[:]), perm)
	step48 := constMask(1<<48 - 1)
	step := func(px int, load, store reg.OpmaskVirtual) {
		x := build.ZMM()
		if load == nil {
			build.VMOVDQU(a.At("src", px), x.AsX()) // the upper lanes are cleared, and unused
		} else {
			build.VMOVDQU8_Z(a.At("src", px), load, x.AsX())
		}
		build.VPERMB(x, perm, x)
		if store == nil {
			build.VMOVDQU64(x, p.at("dst", 3, px))
		} else {
			build.VMOVDQU8(x, store, p.at("dst", 3, px))
		}
	}
	a.loop(recipe.Loop{Lanes: 16, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			p.setT()
			// A full 64-byte store writes 16 bytes past the step's 48,
			// which the next step of the block overwrites; only the last
			// step, whose next bytes may lie past dst, stores under the
			// mask (masked stores are slow from memory on AMD Zen).
			for r := 0; r < count; r++ {
				if r < count-1 {
					step(16*r, nil, nil)
				} else {
					step(16*r, nil, step48)
				}
			}
		},
		Tail: func() {
			a.step(func() {
				p.setT()
				step(0, a.mask(1), a.mask(3))
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
// 128, then (t + t>>8) >> 8, is Pillow's rounding; VPMOVWB stores the
// bytes in order.
func premultiplyRGBA() {
	a := loadArrays([]string{"dst", "src"}, []int{4, 4})
	a.outs["dst"] = true
	build.Load(build.Param("src").Len(), a.N)
	build.SHRQ(operand.U8(2), a.N) // pixels
	var alpha, opaque [64]byte
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
	mask, one := build.ZMM(), build.ZMM()
	build.VMOVDQU64(x86.BytesData("premul512_alpha", alpha[:]), mask)
	build.VMOVDQU64(x86.BytesData("premul512_opaque", opaque[:]), one)
	round := build.ZMM()
	build.VPBROADCASTW(build.ConstData("premul512_round", operand.U16(128)), round)
	step := func(px int, load, store reg.OpmaskVirtual) {
		x, m, t := build.ZMM(), build.ZMM(), build.ZMM()
		if load == nil {
			build.VPMOVZXBW(a.At("src", px), x)
		} else {
			y := build.YMM()
			build.VMOVDQU8_Z(a.At("src", px), load, y)
			build.VPMOVZXBW(y, x)
		}
		build.VPSHUFB(mask, x, m)
		build.VPORD(one, m, m)
		build.VPMULLW(m, x, x)
		build.VPADDW(round, x, x)
		build.VPSRLW(operand.U8(8), x, t)
		build.VPADDW(t, x, x)
		build.VPSRLW(operand.U8(8), x, x)
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
