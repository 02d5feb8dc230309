package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// resampleKernels are the resampling kernels this file emits: the
// horizontal pass per channel count of the registry's list, the vertical
// pass, Reduce's column sums, TensorPlane (tensor.go), and the pair-column
// kernels of the horizontal pass over eight rows (x86.PairsKernels).
var resampleKernels = spec.Merge(
	x86.ResampleKernels(resampleKernel, resampleColumns, reduceColumns),
	map[string]func(){"TensorPlane": tensorPlane},
	rowsKernels(),
	x86.PairsKernels(),
	x86.ReduceRowKernels(reduceRow),
)

// resampleKernel emits ResampleRow<ch>: for each output pixel, the taps
// of its window multiply-accumulate in 32-bit lanes (VPMOVZXBD widens the
// bytes, VPMULLD and VPADDD wrap as int32 does, so the sums are Pillow's
// whatever the order). Grey takes 16 taps a step in two YMM accumulators,
// then 8 in one, its last taps one at a time in a general register; RGB
// and RGBA (resamplePixels) take eight taps a step (pairSteps), then four
// and two taps a step, one per 128-bit lane (the weights broadcast to
// their lane), then the lanes are added and single taps follow in the low
// one; they compute two output pixels an iteration. The clip is VPSRAD by
// 22, then VPACKSSDW and VPACKUSWB, whose saturations clamp to 0..255
// exactly as Pillow's clip8.
//
// The wrapper has checked every window against src, so loads stay in it:
// an RGB pixel is loaded as 4 bytes only when the window holds another
// pixel after it, and the window's last one is gathered from a word and a
// byte.
func resampleKernel(ch int) {
	if ch > 1 {
		resamplePixels(ch)
		return
	}
	r := x86.LoadRow()
	dst, kp := r.Dst, r.K

	p, n, t := build.GP64(), build.GP64(), build.GP64()
	acc := build.YMM()
	build.Label("pixel")
	r.Window(1, 0, p, n)
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }
	x := build.YMM()
	{
		s := build.GP32()
		build.MOVL(operand.U32(1<<21), t.As32())
		build.VMOVD(t.As32(), acc.AsX()) // the rest of acc is zeroed
		build.XORL(s, s)
		// Sixteen taps a step in two accumulators (x86.GreyChains); then
		// eight.
		acc2 := build.YMM()
		build.VPXOR(acc2, acc2, acc2)
		x86.GreyChains("sixteen", 8, p, kp, n, acc, acc2, x)
		x86.TapLoop("eight", "ones", p, kp, n, 8, 1, func() {
			build.VPMOVZXBD(mem(p, 0), x)
			build.VPMULLD(mem(kp, 0), x, x)
			build.VPADDD(x, acc, acc)
		})
		build.Label("ones")
		build.TESTQ(n, n)
		build.JZ(operand.LabelRef("sum"))
		build.Label("one")
		build.MOVBLZX(mem(p, 0), t.As32())
		build.IMULL(mem(kp, 0), t.As32())
		build.ADDL(t.As32(), s)
		build.INCQ(p)
		build.ADDQ(operand.U8(4), kp)
		build.DECQ(n)
		build.JNZ(operand.LabelRef("one"))
		build.Label("sum")
		// Lanes 0..7 and the scalar sum into lane 0.
		build.VEXTRACTI128(operand.U8(1), acc, x.AsX())
		build.VPADDD(x.AsX(), acc.AsX(), acc.AsX())
		x86.FoldDwords(acc.AsX(), x.AsX())
		build.VMOVD(s, x.AsX())
		build.VPADDD(x.AsX(), acc.AsX(), acc.AsX())
	}
	x86.StoreClipped(1, acc.AsX(), t, dst)
	build.INCQ(dst)
	r.Loop()
}

// resamplePixels emits ResampleRow3/4 (resampleKernel's comment): two
// output pixels an iteration, then the last one alone. The two windows'
// multiply-adds are independent chains, and the pair shares the clip (one
// VPACKSSDW of both sums, one VPACKUSWB) and the store (RGB: 4 bytes of
// the first pixel, whose fourth the second's 3 bytes overwrite, so no
// byte past the pair is written).
func resamplePixels(ch int) {
	r := x86.LoadRow()
	dst, bp, kp, out := r.Dst, r.Bounds, r.K, r.Out

	// 1<<21 in each lane of the low half, zero in the high one: loaded by
	// each window, which keeps a register free.
	half := build.GLOBL(fmt.Sprintf("resample%d_half", ch), build.RODATA|build.NOPTR)
	for i := 0; i < 8; i++ {
		build.DATA(4*i, operand.U32(uint32(1<<21)*uint32(1-i/4)))
	}
	var spread reg.VecVirtual
	if ch == 3 {
		// Two RGB pixels (6 of 8 loaded bytes) to two 4-byte groups.
		spread = build.XMM()
		build.VMOVQ(build.ConstData("resample3_spread", operand.U64(0x0505040302020100)), spread)
	}
	// VPERMD indexes of the four-pixel step.
	lo, hi := build.YMM(), build.YMM()
	build.VMOVDQU(spreadIndex("resample_w01", 0, 1), lo)
	build.VMOVDQU(spreadIndex("resample_w23", 2, 3), hi)
	t := build.GP64()
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }

	// window emits one output pixel's sums, from the pair of bounds at
	// byte disp of bp and the weights at kp (which it advances), into the
	// low lane of a new register, unclipped; its labels end in sfx.
	window := func(sfx string, disp int) reg.VecVirtual {
		label := func(name string) string { return name + sfx }
		p, n := build.GP64(), build.GP64()
		r.Window(ch, disp, p, n)
		// Registers are written whole (a VEX write of the low lane
		// zeroes the high one, but the register allocator takes it as a
		// partial write, keeping the register live from the start and
		// leaving too few for two windows).
		acc, x, w := build.YMM(), build.YMM(), build.YMM()
		build.VMOVDQU(half, acc)
		// Four pixels a step while the window holds them (RGB: and
		// enough more that the second 8-byte load, at byte 6, stays in
		// it): two YMM products, the four weights spread to their
		// pixels' lanes by VPERMD.
		acc2 := build.YMM()
		build.VPXOR(acc2, acc2, acc2)
		// quad multiply-adds pixels off..off+3 of p with weights
		// off..off+3 of kp.
		quad := func(off int) {
			x, y := build.YMM(), build.YMM()
			if ch == 4 {
				build.VPMOVZXBD(mem(p, 4*off), x)
				build.VPMOVZXBD(mem(p, 4*off+8), y)
			} else {
				bx, by := build.XMM(), build.XMM()
				build.VMOVQ(mem(p, 3*off), bx)
				build.VPSHUFB(spread, bx, bx)
				build.VPMOVZXBD(bx, x)
				build.VMOVQ(mem(p, 3*off+6), by)
				build.VPSHUFB(spread, by, by)
				build.VPMOVZXBD(by, y)
			}
			wq, wy, wz := build.YMM(), build.YMM(), build.YMM()
			build.VBROADCASTI128(mem(kp, 4*off), wq) // VPERMD reads the low copy
			build.VPERMD(wq, lo, wy)
			build.VPMULLD(wy, x, x)
			build.VPADDD(x, acc, acc)
			build.VPERMD(wq, hi, wz)
			build.VPMULLD(wz, y, y)
			build.VPADDD(y, acc2, acc2)
		}
		// Eight pixels a step in 16-bit multiply-adds (pairSteps), then
		// four with VPMULLD, while the window holds them (RGB: and enough
		// more that the last 8-byte load, 6 bytes into the last pair of
		// pixels, stays in it).
		accLo, accHi := build.YMM(), build.YMM()
		build.VPXOR(accLo, accLo, accLo)
		build.VPXOR(accHi, accHi, accHi)
		pairSteps(ch, p, kp, n, accLo, accHi, label)
		build.VPSLLD(operand.U8(16), accHi, accHi)
		build.VPADDD(accHi, acc, acc)
		build.VPADDD(accLo, acc, acc)
		build.Label(label("four"))
		build.CMPQ(n, operand.U8(uint8(4+ch%2)))
		build.JB(operand.LabelRef(label("two")))
		quad(0)
		build.ADDQ(operand.U8(uint8(4*ch)), p)
		build.ADDQ(operand.U8(16), kp)
		build.SUBQ(operand.U8(4), n)
		build.Label(label("two"))
		build.CMPQ(n, operand.U8(uint8(2+ch%2)))
		build.JB(operand.LabelRef(label("ones")))
		if ch == 4 {
			build.VPMOVZXBD(mem(p, 0), x)
		} else {
			bx := build.XMM()
			build.VMOVQ(mem(p, 0), bx)
			build.VPSHUFB(spread, bx, bx)
			build.VPMOVZXBD(bx, x)
		}
		build.VPBROADCASTD(mem(kp, 0), w) // the high lane is blended over
		wb := build.YMM()
		build.VPBROADCASTD(mem(kp, 4), wb)
		build.VPBLENDD(operand.U8(0xf0), wb, w, w)
		build.VPMULLD(w, x, x)
		build.VPADDD(x, acc, acc)
		build.ADDQ(operand.U8(uint8(2*ch)), p)
		build.ADDQ(operand.U8(8), kp)
		build.SUBQ(operand.U8(2), n)
		build.JMP(operand.LabelRef(label("two")))
		build.Label(label("ones"))
		// The lanes folded: single pixels need only the low one.
		build.VPADDD(acc2, acc, acc)
		fold := build.XMM()
		build.VEXTRACTI128(operand.U8(1), acc, fold)
		build.VPADDD(fold, acc.AsX(), acc.AsX())
		build.TESTQ(n, n)
		build.JZ(operand.LabelRef(label("sum")))
		xo, wo := build.XMM(), build.XMM()
		build.Label(label("one"))
		if ch == 4 {
			build.VPMOVZXBD(mem(p, 0), xo)
		} else {
			// 4 bytes unless this is the window's last pixel.
			build.CMPQ(n, operand.U8(1))
			build.JE(operand.LabelRef(label("last")))
			build.VPMOVZXBD(mem(p, 0), xo)
			build.JMP(operand.LabelRef(label("mul")))
			build.Label(label("last"))
			u := build.GP32()
			build.MOVWLZX(mem(p, 0), t.As32())
			build.MOVBLZX(mem(p, 2), u)
			build.SHLL(operand.U8(16), u)
			build.ORL(u, t.As32())
			build.VMOVD(t.As32(), xo)
			build.VPMOVZXBD(xo, xo)
			build.Label(label("mul"))
		}
		build.VPBROADCASTD(mem(kp, 0), wo)
		build.VPMULLD(wo, xo, xo)
		build.VPADDD(xo, acc.AsX(), acc.AsX())
		build.ADDQ(operand.U8(uint8(ch)), p)
		build.ADDQ(operand.U8(4), kp)
		build.DECQ(n)
		build.JNZ(operand.LabelRef(label("one")))
		build.Label(label("sum"))
		return acc
	}

	// Pairs of pixels.
	build.Label("pair")
	build.CMPQ(out, operand.U8(2))
	build.JB(operand.LabelRef("single"))
	a := window("_a", 0)
	b := window("_b", 8)
	build.VPSRAD(operand.U8(22), a.AsX(), a.AsX())
	build.VPSRAD(operand.U8(22), b.AsX(), b.AsX())
	build.VPACKSSDW(b.AsX(), a.AsX(), a.AsX()) // a's 4 words, then b's
	build.VPACKUSWB(a.AsX(), a.AsX(), a.AsX())
	build.VMOVQ(a.AsX(), t)
	if ch == 4 {
		build.MOVQ(t, mem(dst, 0))
	} else {
		build.MOVL(t.As32(), mem(dst, 0))
		build.SHRQ(operand.U8(32), t)
		build.MOVW(t.As16(), mem(dst, 3))
		build.SHRL(operand.U8(16), t.As32())
		build.MOVB(t.As8(), mem(dst, 5))
	}
	build.ADDQ(operand.U8(uint8(2*ch)), dst)
	build.ADDQ(operand.U8(16), bp)
	build.SUBQ(operand.U8(2), out)
	build.JMP(operand.LabelRef("pair"))

	// The last pixel of an odd count.
	build.Label("single")
	build.TESTQ(out, out)
	build.JZ(operand.LabelRef("done"))
	c := window("_c", 0)
	x86.StoreClipped(ch, c.AsX(), t, dst)
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// resampleColumns emits ResampleColumns: 32 columns a step in four YMM
// accumulators, each tap one broadcast weight and four VPMOVZXBD loads
// from the tap's row; then 8 columns a step in one; then single columns
// in a general register. The clip is resampleKernel's; VPACKSSDW and
// VPACKUSWB work within 128-bit lanes, so a VPERMD puts the 32 bytes back
// in order.
func resampleColumns() {
	c := x86.LoadColumns(true)
	half, order := build.YMM(), build.YMM()
	build.VPBROADCASTD(build.ConstData("resamplecols_half", operand.U32(1<<21)), half)
	build.VMOVDQU(packOrder(), order) // dwords 0, 4, 1, 5, 2, 6, 3, 7
	rw, t := x86.RowWalk{P: build.GP64(), KP: build.GP64(), J: build.GP64()}, build.GP64()
	w, x := build.YMM(), build.YMM()
	dst := c.Dst
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }
	// tapLoop emits the loop over the rows for accumulators acc, each 8
	// columns from column offset 8*index.
	tapLoop := func(label string, acc []reg.VecVirtual) {
		for _, a := range acc {
			build.VMOVDQA(half, a)
		}
		c.RowLoop(rw, label+"_tap", label+"_clip", func() {
			build.VPBROADCASTD(mem(rw.KP, 0), w)
			for i, a := range acc {
				build.VPMOVZXBD(mem(rw.P, 8*i), x)
				build.VPMULLD(w, x, x)
				build.VPADDD(x, a, a)
			}
		})
		for _, a := range acc {
			build.VPSRAD(operand.U8(22), a, a)
		}
	}

	acc := []reg.VecVirtual{build.YMM(), build.YMM(), build.YMM(), build.YMM()}
	c.Pass([]x86.Strip{
		{Label: "block", Cols: 32, DstBytes: 32, Body: func() {
			tapLoop("block", acc)
			build.VPACKSSDW(acc[1], acc[0], acc[0])
			build.VPACKSSDW(acc[3], acc[2], acc[2])
			build.VPACKUSWB(acc[2], acc[0], acc[0])
			build.VPERMD(acc[0], order, acc[0])
			build.VMOVDQU(acc[0], mem(dst, 0))
		}},
		{Label: "eights", Cols: 8, DstBytes: 8, Body: func() {
			tapLoop("eight", acc[:1])
			build.VEXTRACTI128(operand.U8(1), acc[0], x.AsX())
			build.VPACKSSDW(x.AsX(), acc[0].AsX(), acc[0].AsX())
			build.VPACKUSWB(acc[0].AsX(), acc[0].AsX(), acc[0].AsX())
			build.VMOVQ(acc[0].AsX(), mem(dst, 0))
		}},
	}, "ones", func() {
		s := build.GP32()
		build.MOVL(operand.U32(1<<21), s)
		c.RowLoop(rw, "one_tap", "one_clip", func() {
			build.MOVBLZX(mem(rw.P, 0), t.As32())
			build.IMULL(mem(rw.KP, 0), t.As32())
			build.ADDL(t.As32(), s)
		})
		build.VMOVD(s, x.AsX())
		x86.StoreClipped(1, x.AsX(), t, dst)
		build.INCQ(dst)
		build.INCQ(c.Src)
		build.DECQ(c.N)
		build.JMP(operand.LabelRef("ones"))
	})
}

// reduceColumns emits ReduceColumns: 64 columns a step in four YMM
// accumulators of 16-bit lanes, each row adding four VPMOVZXBW loads with
// VPADDW (which wraps as uint16, the contract); then 16 columns a step in
// one; then single columns in a general register.
func reduceColumns() {
	c := x86.LoadColumns(false)
	rw, t := x86.RowWalk{P: build.GP64(), J: build.GP64()}, build.GP64()
	x := build.YMM()
	dst := c.Dst
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }
	// rowLoop emits the loop over the rows for accumulators acc, each 16
	// columns from column 16*index.
	rowLoop := func(label string, acc []reg.VecVirtual) {
		for _, a := range acc {
			build.VPXOR(a, a, a)
		}
		c.RowLoop(rw, label+"_row", label+"_store", func() {
			for i, a := range acc {
				build.VPMOVZXBW(mem(rw.P, 16*i), x)
				build.VPADDW(x, a, a)
			}
		})
		for i, a := range acc {
			build.VMOVDQU(a, mem(dst, 32*i))
		}
	}

	acc := []reg.VecVirtual{build.YMM(), build.YMM(), build.YMM(), build.YMM()}
	c.Pass([]x86.Strip{
		{Label: "block", Cols: 64, DstBytes: 128, Body: func() { rowLoop("block", acc) }},
		{Label: "sixteens", Cols: 16, DstBytes: 32, Body: func() { rowLoop("sixteen", acc[:1]) }},
	}, "ones", func() {
		s := build.GP32()
		build.XORL(s, s)
		c.RowLoop(rw, "one_row", "one_store", func() {
			build.MOVBLZX(mem(rw.P, 0), t.As32())
			build.ADDL(t.As32(), s)
		})
		build.MOVW(s.As16(), mem(dst, 0))
		build.ADDQ(operand.U8(2), dst)
		build.INCQ(c.Src)
		build.DECQ(c.N)
		build.JMP(operand.LabelRef("ones"))
	})
}

// pairSteps emits the eight-pixel step of ResampleRow3/4 with VPMADDWD,
// which multiplies 16-bit lanes and adds pairs into 32-bit ones: twice
// the products of VPMULLD, and the pixels need one VPSHUFB per two taps
// instead of a widening and a weight permutation per tap.
//
// The weights do not fit 16 bits, so each is split as w = hi*2^16 + lo
// with lo its low half read as signed and hi = (w - lo) >> 16; then the
// sum of pixel*w is (the sum of pixel*hi) << 16 plus the sum of
// pixel*lo, modulo 2^32. That is exactly the int32 sum the contract
// wraps, for any weights: hi is only needed modulo 2^16 (it is shifted by
// 16 in 32 bits), and each VPMADDWD lane, two products of a byte and a
// signed 16-bit number, stays within ±2^25. The two sums accumulate in
// accHi and accLo, each 32-bit lane one channel.
//
// A step loads eight weights (one YMM: taps 0-3 in the low lane, 4-7 in
// the high) and the eight pixels as 16 bytes from tap 0 in the low lane
// and 16 ending with tap 7 in the high (RGB: from byte 8, so no byte past
// the eight pixels is read). In each lane, VPSHUFB makes the words (tap
// a, tap b) of each channel for the pairs (0, 1) and (2, 3) of its four
// taps, and the weights' lo and hi words to match.
func pairSteps(ch int, p, kp, n reg.GPVirtual, accLo, accHi reg.VecVirtual, label func(string) string) {
	// RGB's high lane loads from byte 8, not 12, so that no load passes
	// the eighth pixel; its control picks from 4 bytes further.
	off := 4*ch - 4*(ch%2)
	w, h, pa, pb, t := build.YMM(), build.YMM(), build.YMM(), build.YMM(), build.YMM()
	x86.TapLoop(label("eight"), label("pairs_done"), p, kp, n, 8, ch, func() {
		build.VMOVDQU(operand.Mem{Base: kp}, w)
		x86.SplitWeights(w, h)
		// A whole-register write first (see resamplePixels' window).
		build.VBROADCASTI128(operand.Mem{Base: p}, pa)
		build.VINSERTI128(operand.U8(1), operand.Mem{Base: p, Disp: off}, pa, pa)
		build.VPSHUFB(pairControl(ch, 2), pa, pb)
		build.VPSHUFB(pairControl(ch, 0), pa, pa)
		for _, s := range []struct {
			pix  reg.VecVirtual
			tap  int
			half int // byte offset of the weights' half: 0 lo, 2 hi
			acc  reg.VecVirtual
			from reg.VecVirtual
		}{{pa, 0, 0, accLo, w}, {pa, 0, 2, accHi, h}, {pb, 2, 0, accLo, w}, {pb, 2, 2, accHi, h}} {
			build.VPSHUFB(weightControl(s.tap, s.half), s.from, t)
			build.VPMADDWD(t, s.pix, t)
			build.VPADDD(t, s.acc, s.acc)
		}
	})
	build.Label(label("pairs_done"))
}

// pairControl returns (emitting it once) the VPSHUFB control that turns
// the bytes of four ch-byte pixels into 32-bit lanes of 16-bit words, lane
// c holding channel c of pixels tap and tap+1 (RGB's fourth lane zero),
// in both 128-bit lanes (RGB's high one loaded 4 bytes early).
func pairControl(ch, tap int) operand.Mem {
	name := fmt.Sprintf("resample%d_pix%d", ch, tap)
	if m, ok := spreadIndexes[name]; ok {
		return m
	}
	m := build.GLOBL(name, build.RODATA|build.NOPTR)
	for lane := 0; lane < 2; lane++ {
		b := x86.PairControl(ch, tap, lane*4*(ch%2)) // RGB's high lane starts 4 bytes early
		for i, v := range b {
			build.DATA(16*lane+i, operand.U8(v))
		}
	}
	spreadIndexes[name] = m
	return m
}

// weightControl returns the VPSHUFB control that puts, in every 32-bit
// lane, the 16-bit words at byte half of weights tap and tap+1.
func weightControl(tap, half int) operand.Mem {
	return shuffleConst(fmt.Sprintf("resample_w%d_%d", tap, half), x86.WeightControl(tap, half))
}

// shuffleConst returns (emitting it once) a 32-byte constant of two
// copies of b, a VPSHUFB control for both 128-bit lanes.
func shuffleConst(name string, b [16]uint8) operand.Mem { return x86.LaneBytes(name, b) }

// spreadIndex returns (emitting it once) a VPERMD index that copies dword
// a to lanes 0..3 and dword b to lanes 4..7: one weight per RGB(A) pixel.
func spreadIndex(name string, a, b uint32) operand.Mem {
	if m, ok := spreadIndexes[name]; ok {
		return m
	}
	m := build.GLOBL(name, build.RODATA|build.NOPTR)
	for i := 0; i < 8; i++ {
		v := a
		if i >= 4 {
			v = b
		}
		build.DATA(4*i, operand.U32(v))
	}
	spreadIndexes[name] = m
	return m
}

var spreadIndexes = map[string]operand.Mem{}
