package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// resampleRowsKernel emits ResampleRows<ch> (RGB and RGBA): two rows at a
// time, row 0 in the low 128-bit lane of each register and row 1 in the
// high one (an odd last row runs as both, stored twice to the same
// bytes). A lane's dword c holds channel c of taps j and j+1 as two
// 16-bit words (VPSHUFB from the pixels' bytes), and VPMADDWD multiplies
// them by a broadcast dword of the two taps' low weight halves into one
// accumulator, by the high halves into another; the window's sums are
// then hi<<16 + lo, the int32 sums the contract wraps. The two rows share
// every weight broadcast, which VPBROADCASTD takes from memory (a load,
// no shuffle): per four taps of two rows, two 16-byte loads, two pixel
// shuffles, four multiply-adds and four additions.
//
// The wrapper has checked every window against src, but RGB's loads read
// up to 4 bytes past a window's last pixel (16 bytes for four taps of 12,
// 8 for two of 6, 4 for one of 3): a window whose reads would pass the
// end of src in either row takes the exact per-tap path (slowTaps). RGBA
// loads only its taps' pixels. A window of odd size ends with one tap
// whose group's second weight is zero: the bytes after its pixel, read
// or zeroed by the load, add nothing.
func resampleRowsKernel(ch int) {
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }
	memIdx := func(r, idx reg.GPVirtual, disp int) operand.Mem {
		return operand.Mem{Base: r, Index: idx, Scale: 1, Disp: disp}
	}

	// Few general registers are free, so the row width is loaded where
	// it is needed and the destination has one pointer, dd, the next
	// pixel of row 0.
	outputs := func() reg.GPVirtual {
		w := build.Load(build.Param("bounds").Len(), build.GP64()).(reg.GPVirtual)
		build.SHRQ(operand.U8(1), w) // output pixels a row
		return w
	}
	rows := build.Load(build.Param("rows"), build.GP64()).(reg.GPVirtual)
	w0 := outputs()
	build.TESTQ(w0, w0)
	build.JZ(operand.LabelRef("done"))
	build.TESTQ(rows, rows)
	build.JLE(operand.LabelRef("done"))
	dd := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	r0 := build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)

	half := build.YMM()
	build.VPBROADCASTD(build.ConstData(fmt.Sprintf("resampleRows%d_half", ch), operand.U32(1<<21)), half)
	ctl01 := shuffleConst(fmt.Sprintf("resampleRows%d_pix0", ch), x86.PairControl(ch, 0, 0))
	ctl23 := shuffleConst(fmt.Sprintf("resampleRows%d_pix2", ch), x86.PairControl(ch, 2, 0))

	// A pair of rows: rs and ds are row 1's offsets from row 0 (0 for an
	// odd last row).
	build.Label("pair")
	rs := build.Load(build.Param("srcStride"), build.GP64()).(reg.GPVirtual)
	ds := build.Load(build.Param("dstStride"), build.GP64()).(reg.GPVirtual)
	build.CMPQ(rows, operand.U8(1))
	build.JNE(operand.LabelRef("two_rows"))
	build.XORQ(rs, rs)
	build.XORQ(ds, ds)
	build.Label("two_rows")
	var lim reg.GPVirtual
	if ch == 3 {
		// The last p + 3n (a window's end) whose loads, 4 bytes past it
		// in row 1 at most, stay in src.
		lim = build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
		l := build.Load(build.Param("src").Len(), build.GP64())
		build.ADDQ(l, lim)
		build.SUBQ(rs, lim)
		build.SUBQ(operand.U8(4), lim)
	}
	bp := build.Load(build.Param("bounds").Base(), build.GP64()).(reg.GPVirtual)
	kp := build.Load(build.Param("k").Base(), build.GP64()).(reg.GPVirtual)
	x := outputs()

	build.Label("pixel")
	p, n := build.GP64(), build.GP64()
	build.MOVL(mem(bp, 0), p.As32())
	build.MOVL(mem(bp, 4), n.As32())
	x86.PixelAddress(ch, r0, p)
	accLo, accHi := build.YMM(), build.YMM()
	build.VPXOR(accLo, accLo, accLo)
	build.VPXOR(accHi, accHi, accHi)
	if ch == 3 {
		t := build.GP64()
		build.LEAQ(operand.Mem{Base: n, Index: n, Scale: 2}, t)
		build.ADDQ(p, t)
		build.CMPQ(t, lim)
		build.JA(operand.LabelRef("slow"))
	}

	// madd multiplies the pixel pairs in pix by the weight halves of the
	// group at kp+disp into the accumulators.
	madd := func(pix reg.VecVirtual, disp int) {
		w, t := build.YMM(), build.YMM()
		build.VPBROADCASTD(mem(kp, disp), w)
		build.VPMADDWD(w, pix, t)
		build.VPADDD(t, accLo, accLo)
		w2, t2 := build.YMM(), build.YMM()
		build.VPBROADCASTD(mem(kp, disp+4), w2)
		build.VPMADDWD(w2, pix, t2)
		build.VPADDD(t2, accHi, accHi)
	}
	// load puts size bytes (16, 8 or 4) from p in the low lane of a new
	// register and the same bytes of row 1 in its high lane: a broadcast
	// load of each row, then a blend (whole-register writes, see
	// resamplePixels' window).
	load := func(size int) reg.VecVirtual {
		y, h := build.YMM(), build.YMM()
		bcast := map[int]func(...operand.Op){
			16: func(ops ...operand.Op) { build.VBROADCASTI128(ops[0], ops[1]) },
			8:  build.VPBROADCASTQ,
			4:  build.VPBROADCASTD,
		}[size]
		bcast(mem(p, 0), y)
		bcast(memIdx(p, rs, 0), h)
		build.VPBLENDD(operand.U8(0xf0), h, y, y)
		return y
	}

	x86.TapLoop("four", "two", p, kp, n, 4, ch, func() {
		y := load(16)
		a, b := build.YMM(), build.YMM()
		build.VPSHUFB(ctl01, y, a)
		build.VPSHUFB(ctl23, y, b)
		madd(a, 0)
		madd(b, 8)
	})
	// The TapLoop advanced kp by 16 bytes per four taps: the halves of two
	// groups. Two taps take one group, one tap (odd windows) one too.
	build.Label("two")
	build.CMPQ(n, operand.U8(2))
	build.JB(operand.LabelRef("one"))
	{
		y, a := load(8), build.YMM()
		build.VPSHUFB(ctl01, y, a)
		madd(a, 0)
		build.ADDQ(operand.U8(uint8(2*ch)), p)
		build.ADDQ(operand.U8(8), kp)
		build.SUBQ(operand.U8(2), n)
	}
	build.Label("one")
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("sum"))
	{
		y, a := load(4), build.YMM()
		build.VPSHUFB(ctl01, y, a)
		madd(a, 0)
		build.ADDQ(operand.U8(8), kp)
	}

	// The sums, clipped as Pillow's clip8 (VPSRAD, then the saturating
	// packs), and stored: row 0's pixel from the low lane, row 1's from
	// the high one. RGB stores 4 bytes (the next pixel overwrites the
	// fourth) except for a row's last pixel.
	build.Label("sum")
	build.VPSLLD(operand.U8(16), accHi, accHi)
	build.VPADDD(accHi, accLo, accLo)
	build.VPADDD(half, accLo, accLo)
	build.VPSRAD(operand.U8(22), accLo, accLo)
	build.VPACKSSDW(accLo, accLo, accLo)
	build.VPACKUSWB(accLo, accLo, accLo)
	t0, t1 := build.GP64(), build.GP64()
	build.VMOVD(accLo.AsX(), t0.As32())
	hiLane := build.XMM()
	build.VEXTRACTI128(operand.U8(1), accLo, hiLane)
	build.VMOVD(hiLane, t1.As32())
	if ch == 4 {
		build.MOVL(t0.As32(), mem(dd, 0))
		build.MOVL(t1.As32(), memIdx(dd, ds, 0))
	} else {
		build.CMPQ(x, operand.U8(1))
		build.JE(operand.LabelRef("last"))
		build.MOVL(t0.As32(), mem(dd, 0))
		build.MOVL(t1.As32(), memIdx(dd, ds, 0))
		build.JMP(operand.LabelRef("next"))
		build.Label("last")
		build.MOVW(t0.As16(), mem(dd, 0))
		build.MOVW(t1.As16(), memIdx(dd, ds, 0))
		build.SHRL(operand.U8(16), t0.As32())
		build.SHRL(operand.U8(16), t1.As32())
		build.MOVB(t0.As8(), mem(dd, 2))
		build.MOVB(t1.As8(), memIdx(dd, ds, 2))
	}
	build.Label("next")
	build.ADDQ(operand.U8(uint8(ch)), dd)
	build.ADDQ(operand.U8(8), bp)
	build.DECQ(x)
	build.JNZ(operand.LabelRef("pixel"))

	// The next pair of rows: dd back to its row's start, two rows on.
	w := outputs()
	if ch == 3 {
		build.LEAQ(operand.Mem{Base: w, Index: w, Scale: 2}, w)
	} else {
		build.SHLQ(operand.U8(2), w)
	}
	build.SUBQ(w, dd)
	build.ADDQ(ds, dd)
	build.ADDQ(ds, dd)
	build.ADDQ(rs, r0)
	build.ADDQ(rs, r0)
	build.SUBQ(operand.U8(2), rows)
	build.JG(operand.LabelRef("pair"))
	build.Label("done")
	build.VZEROUPPER()
	build.RET()

	if ch == 3 {
		slowTaps(p, n, kp, rs, accLo)
	}
}

// slowTaps emits RGB's exact path, at "slow", for a window whose fast
// loads could pass the end of src: tap by tap, each pixel's 3 bytes
// gathered from a word and a byte in both rows and widened to dwords,
// times its weight joined from its halves (hi<<16 + lo) with VPMULLD,
// which wraps as int32 does. The sums go to accLo, the high halves'
// accumulator stays zero, and the pixel's store follows at "sum".
func slowTaps(p, n, kp, rs reg.GPVirtual, accLo reg.VecVirtual) {
	build.Label("slow")
	// gather returns the 3 bytes at m and m+2 in a new 32-bit register.
	gather := func(lo, hi operand.Mem) reg.GPVirtual {
		t, u := build.GP32(), build.GP32()
		build.MOVWLZX(lo, t)
		build.MOVBLZX(hi, u)
		build.SHLL(operand.U8(16), u)
		build.ORL(u, t)
		return t
	}
	// tap multiply-adds the pixel at p (both rows) by the weight whose
	// halves are at kp+disp and kp+disp+4.
	tap := func(disp int) {
		xa, xb, y := build.XMM(), build.XMM(), build.YMM()
		build.VMOVD(gather(operand.Mem{Base: p}, operand.Mem{Base: p, Disp: 2}), xa)
		build.VMOVD(gather(operand.Mem{Base: p, Index: rs, Scale: 1}, operand.Mem{Base: p, Index: rs, Scale: 1, Disp: 2}), xb)
		build.VPUNPCKLDQ(xb, xa, xa) // row 0's 4 bytes, then row 1's
		build.VPMOVZXBD(xa, y)
		w, h := build.GP32(), build.GP32()
		build.MOVWLSX(operand.Mem{Base: kp, Disp: disp}, w)
		build.MOVWLSX(operand.Mem{Base: kp, Disp: disp + 4}, h)
		build.SHLL(operand.U8(16), h)
		build.ADDL(h, w)
		wv := build.YMM()
		build.VMOVD(w, wv.AsX())
		build.VPBROADCASTD(wv.AsX(), wv)
		build.VPMULLD(wv, y, y)
		build.VPADDD(y, accLo, accLo)
		build.ADDQ(operand.U8(3), p)
	}
	build.Label("slow_tap")
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("sum"))
	tap(0)
	build.DECQ(n)
	build.JZ(operand.LabelRef("slow_end"))
	tap(2)
	build.ADDQ(operand.U8(8), kp)
	build.DECQ(n)
	build.JMP(operand.LabelRef("slow_tap"))
	build.Label("slow_end")
	build.ADDQ(operand.U8(8), kp) // the odd tap's group
	build.JMP(operand.LabelRef("sum"))
}
