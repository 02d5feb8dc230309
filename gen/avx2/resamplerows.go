package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// resampleRowsKernel emits ResampleRows<ch> (RGB and RGBA): four rows at
// a time while four are left, then two, then the last one alone (run as
// two rows, both the same, stored twice to the same bytes). Rows go in
// pairs, one per 128-bit lane of a register: a lane's dword c holds
// channel c of taps j and j+1 as two 16-bit words (VPSHUFB from the
// pixels' bytes), and VPMADDWD multiplies them by a broadcast dword of
// the two taps' low weight halves into one accumulator, by the high
// halves into another; the window's sums are then hi<<16 + lo, the int32
// sums the contract wraps. Every row of a group shares each weight
// broadcast, which VPBROADCASTD takes from memory (a load, no shuffle):
// per four taps of four rows, four 16-byte loads and two inserts, four
// pixel shuffles, four broadcasts, eight multiply-adds and eight
// additions.
//
// The wrapper has checked every window against src, but RGB's loads read
// up to 4 bytes past a window's last pixel (16 bytes for four taps of 12,
// 8 for two of 6, 4 for one of 3): a window whose reads would pass the
// end of src in its group's last row takes the exact per-tap path
// (slowTaps). RGBA loads only its taps' pixels. A window of odd size ends
// with one tap whose group's second weight is zero: the bytes after its
// pixel, read or zeroed by the load, add nothing.
func resampleRowsKernel(ch int) {
	rows := build.Load(build.Param("rows"), build.GP64()).(reg.GPVirtual)
	w0 := rowOutputs()
	build.TESTQ(w0, w0)
	build.JZ(operand.LabelRef("done"))
	dd := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	r0 := build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
	k := rowsKernel{ch: ch, rows: rows, dd: dd, r0: r0,
		ctl01: shuffleConst(fmt.Sprintf("resampleRows%d_pix0", ch), x86.PairControl(ch, 0, 0)),
		ctl23: shuffleConst(fmt.Sprintf("resampleRows%d_pix2", ch), x86.PairControl(ch, 2, 0)),
		half:  x86.Dwords(fmt.Sprintf("resampleRows%d_half", ch), 1<<21, 8),
	}
	// Four rows a pass while four are left, then pairs, the last row of
	// an odd count as a pair of itself.
	build.Label("quad")
	build.CMPQ(rows, operand.U8(4))
	build.JL(operand.LabelRef("pairs"))
	k.pass("_q", 2)
	build.JMP(operand.LabelRef("quad"))
	build.Label("pairs")
	build.TESTQ(rows, rows)
	build.JLE(operand.LabelRef("done"))
	k.pass("_p", 1)
	build.JMP(operand.LabelRef("pairs"))
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// rowOutputs loads the number of output pixels a row gets (few general
// registers are free, so it is loaded where it is needed).
func rowOutputs() reg.GPVirtual {
	w := build.Load(build.Param("bounds").Len(), build.GP64()).(reg.GPVirtual)
	build.SHRQ(operand.U8(1), w)
	return w
}

// rowsKernel holds what the passes of ResampleRows<ch> share: the rows
// left, dd the next destination row's start, r0 the next source row's,
// and the constants.
type rowsKernel struct {
	ch                 int
	rows, dd, r0       reg.GPVirtual
	ctl01, ctl23, half operand.Mem
}

// pass emits one pass over a group of rows, 2*sets of them (or, for the
// last row of an odd count, that row twice), its labels ending in sfx;
// then dd, r0 and rows move past the group.
func (k rowsKernel) pass(sfx string, sets int) {
	label := func(name string) string { return name + sfx }
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }
	memIdx := func(r, idx reg.GPVirtual, scale uint8, disp int) operand.Mem {
		return operand.Mem{Base: r, Index: idx, Scale: scale, Disp: disp}
	}
	ch := k.ch

	// rs and ds: the offset from one row to the next (0 when one row is
	// left: it runs as both rows of the pair).
	rs := build.Load(build.Param("srcStride"), build.GP64()).(reg.GPVirtual)
	ds := build.Load(build.Param("dstStride"), build.GP64()).(reg.GPVirtual)
	if sets == 1 {
		build.CMPQ(k.rows, operand.U8(1))
		build.JNE(operand.LabelRef(label("two_rows")))
		build.XORQ(rs, rs)
		build.XORQ(ds, ds)
		build.Label(label("two_rows"))
	}
	var lim reg.GPVirtual
	if ch == 3 {
		// The last p + 3n (a window's end in row 0) whose loads, 4 bytes
		// past it in the group's last row at most, stay in src.
		lim = build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
		l := build.Load(build.Param("src").Len(), build.GP64())
		build.ADDQ(l, lim)
		for r := 1; r < 2*sets; r++ {
			build.SUBQ(rs, lim)
		}
		build.SUBQ(operand.U8(4), lim)
	}
	bp := build.Load(build.Param("bounds").Base(), build.GP64()).(reg.GPVirtual)
	kp := build.Load(build.Param("k").Base(), build.GP64()).(reg.GPVirtual)
	x := rowOutputs()

	build.Label(label("pixel"))
	p, n := build.GP64(), build.GP64()
	build.MOVL(mem(bp, 0), p.As32())
	build.MOVL(mem(bp, 4), n.As32())
	x86.PixelAddress(ch, k.r0, p)
	lo, hi := make([]reg.VecVirtual, sets), make([]reg.VecVirtual, sets)
	for s := range sets {
		lo[s], hi[s] = build.YMM(), build.YMM()
		build.VPXOR(lo[s], lo[s], lo[s])
		build.VPXOR(hi[s], hi[s], hi[s])
	}
	if ch == 3 {
		t := build.GP64()
		build.LEAQ(memIdx(n, n, 2, 0), t)
		build.ADDQ(p, t)
		build.CMPQ(t, lim)
		build.JA(operand.LabelRef(label("slow")))
	}

	// load puts size bytes (16, 8 or 4) from p in the low lane of a new
	// register per set, and the same bytes of the set's second row in
	// its high lane: a broadcast load of each row, then a blend
	// (whole-register writes, see resamplePixels' window). Set 1's rows
	// start two rows on, at q.
	load := func(size int) []reg.VecVirtual {
		bcast := map[int]func(...operand.Op){
			16: func(ops ...operand.Op) { build.VBROADCASTI128(ops[0], ops[1]) },
			8:  build.VPBROADCASTQ,
			4:  build.VPBROADCASTD,
		}[size]
		ys := make([]reg.VecVirtual, sets)
		for s := range sets {
			base := p
			if s == 1 {
				base = build.GP64()
				build.LEAQ(memIdx(p, rs, 2, 0), base)
			}
			y, h := build.YMM(), build.YMM()
			bcast(mem(base, 0), y)
			bcast(memIdx(base, rs, 1, 0), h)
			build.VPBLENDD(operand.U8(0xf0), h, y, y)
			ys[s] = y
		}
		return ys
	}
	// madd multiplies the pixel pairs of each set, ys shuffled by ctl, by
	// the weight halves of the group at kp+disp, into the accumulators.
	madd := func(ys []reg.VecVirtual, ctl operand.Mem, disp int) {
		pix := make([]reg.VecVirtual, sets)
		for s, y := range ys {
			pix[s] = build.YMM()
			build.VPSHUFB(ctl, y, pix[s])
		}
		for i, acc := range [][]reg.VecVirtual{lo, hi} {
			w := build.YMM()
			build.VPBROADCASTD(mem(kp, disp+4*i), w)
			for s := range sets {
				t := build.YMM()
				build.VPMADDWD(w, pix[s], t)
				build.VPADDD(t, acc[s], acc[s])
			}
		}
	}

	x86.TapLoop(label("four"), label("two"), p, kp, n, 4, ch, func() {
		ys := load(16)
		madd(ys, k.ctl01, 0)
		madd(ys, k.ctl23, 8)
	})
	// The TapLoop advanced kp by 16 bytes per four taps: two groups of
	// halves. Two taps take one group, and so does one (odd windows).
	build.Label(label("two"))
	build.CMPQ(n, operand.U8(2))
	build.JB(operand.LabelRef(label("one")))
	madd(load(8), k.ctl01, 0)
	build.ADDQ(operand.U8(uint8(2*ch)), p)
	build.ADDQ(operand.U8(8), kp)
	build.SUBQ(operand.U8(2), n)
	build.Label(label("one"))
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef(label("sum")))
	madd(load(4), k.ctl01, 0)
	build.ADDQ(operand.U8(8), kp)

	// The sums, clipped as Pillow's clip8 (VPSRAD, then the saturating
	// packs), and stored: a set's first row's pixel from the low lane,
	// its second row's from the high one. RGB stores 4 bytes (the next
	// pixel overwrites the fourth) except for a row's last pixel.
	build.Label(label("sum"))
	var px []reg.GPVirtual // the rows' pixels, in order
	for s := range sets {
		build.VPSLLD(operand.U8(16), hi[s], hi[s])
		build.VPADDD(hi[s], lo[s], lo[s])
		build.VPADDD(k.half, lo[s], lo[s])
	}
	for s := range sets {
		build.VPSRAD(operand.U8(22), lo[s], lo[s])
		build.VPACKSSDW(lo[s], lo[s], lo[s])
		build.VPACKUSWB(lo[s], lo[s], lo[s])
		t0, t1 := build.GP64(), build.GP64()
		build.VMOVD(lo[s].AsX(), t0.As32())
		h := build.XMM()
		build.VEXTRACTI128(operand.U8(1), lo[s], h)
		build.VMOVD(h, t1.As32())
		px = append(px, t0, t1)
	}
	// rowAddr returns the address of row r's pixel, from dd.
	var d23 reg.GPVirtual
	rowAddr := func(r, disp int) operand.Mem {
		switch r {
		case 0:
			return mem(k.dd, disp)
		case 1:
			return memIdx(k.dd, ds, 1, disp)
		case 2:
			return memIdx(k.dd, ds, 2, disp)
		}
		return memIdx(d23, ds, 1, disp)
	}
	if sets == 2 {
		d23 = build.GP64()
		build.LEAQ(memIdx(k.dd, ds, 2, 0), d23)
	}
	if ch == 4 {
		for r, t := range px {
			build.MOVL(t.As32(), rowAddr(r, 0))
		}
	} else {
		build.CMPQ(x, operand.U8(1))
		build.JE(operand.LabelRef(label("last")))
		for r, t := range px {
			build.MOVL(t.As32(), rowAddr(r, 0))
		}
		build.JMP(operand.LabelRef(label("next")))
		build.Label(label("last"))
		for r, t := range px {
			build.MOVW(t.As16(), rowAddr(r, 0))
			build.SHRL(operand.U8(16), t.As32())
			build.MOVB(t.As8(), rowAddr(r, 2))
		}
	}
	build.Label(label("next"))
	build.ADDQ(operand.U8(uint8(ch)), k.dd)
	build.ADDQ(operand.U8(8), bp)
	build.DECQ(x)
	build.JNZ(operand.LabelRef(label("pixel")))

	// The next group of rows: dd back to its row's start, then both
	// pointers 2*sets rows on.
	w := rowOutputs()
	if ch == 3 {
		build.LEAQ(memIdx(w, w, 2, 0), w)
	} else {
		build.SHLQ(operand.U8(2), w)
	}
	build.SUBQ(w, k.dd)
	for range 2 * sets {
		build.ADDQ(ds, k.dd)
		build.ADDQ(rs, k.r0)
	}
	build.SUBQ(operand.U8(uint8(2*sets)), k.rows)
	build.JMP(operand.LabelRef(label("end")))

	if ch == 3 {
		slowTaps(label, sets, p, n, kp, rs, lo)
	}
	build.Label(label("end"))
}

// slowTaps emits RGB's exact path, at "slow"+sfx, for a window whose fast
// loads could pass the end of src: tap by tap, each pixel's 3 bytes
// gathered from a word and a byte in each row and widened to dwords,
// times its weight joined from its halves (hi<<16 + lo) with VPMULLD,
// which wraps as int32 does. The sums go to the low halves' accumulators
// (the high ones stay zero), and the pixels' store follows at "sum"+sfx.
func slowTaps(label func(string) string, sets int, p, n, kp, rs reg.GPVirtual, acc []reg.VecVirtual) {
	build.Label(label("slow"))
	// gather returns the 3 bytes at p + idx*scale + disp (p alone for a
	// nil idx) in a new 32-bit register: a word and a byte.
	gather := func(idx reg.Register, scale uint8) reg.GPVirtual {
		m := operand.Mem{Base: p, Index: idx, Scale: scale}
		t, u := build.GP32(), build.GP32()
		build.MOVWLZX(m, t)
		m.Disp = 2
		build.MOVBLZX(m, u)
		build.SHLL(operand.U8(16), u)
		build.ORL(u, t)
		return t
	}
	// tap multiply-adds the pixel at p (every row) by the weight whose
	// halves are at kp+disp and kp+disp+4.
	tap := func(disp int) {
		w, h := build.GP32(), build.GP32()
		build.MOVWLSX(operand.Mem{Base: kp, Disp: disp}, w)
		build.MOVWLSX(operand.Mem{Base: kp, Disp: disp + 4}, h)
		build.SHLL(operand.U8(16), h)
		build.ADDL(h, w)
		wv := build.YMM()
		build.VMOVD(w, wv.AsX())
		build.VPBROADCASTD(wv.AsX(), wv)
		for s := range sets {
			// Rows 2s and 2s+1: at p + 2s*rs and one rs further.
			xa, xb, y := build.XMM(), build.XMM(), build.YMM()
			if s == 0 {
				build.VMOVD(gather(nil, 0), xa)
				build.VMOVD(gather(rs, 1), xb)
			} else {
				q := build.GP64()
				build.LEAQ(operand.Mem{Base: rs, Index: rs, Scale: 2}, q)
				build.VMOVD(gather(rs, 2), xa)
				build.VMOVD(gather(q, 1), xb)
			}
			build.VPUNPCKLDQ(xb, xa, xa) // row 2s's 4 bytes, then row 2s+1's
			build.VPMOVZXBD(xa, y)
			build.VPMULLD(wv, y, y)
			build.VPADDD(y, acc[s], acc[s])
		}
		build.ADDQ(operand.U8(3), p)
	}
	build.Label(label("slow_tap"))
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef(label("sum")))
	tap(0)
	build.DECQ(n)
	build.JZ(operand.LabelRef(label("slow_end")))
	tap(2)
	build.ADDQ(operand.U8(8), kp)
	build.DECQ(n)
	build.JMP(operand.LabelRef(label("slow_tap")))
	build.Label(label("slow_end"))
	build.ADDQ(operand.U8(8), kp) // the odd tap's group
	build.JMP(operand.LabelRef(label("sum")))
}
