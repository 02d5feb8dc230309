package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// resampleRowsKernel emits ResampleRows<ch> (RGB and RGBA) with
// x86.RowsKernel: four rows a pass in two YMM registers, rows 2s and
// 2s+1 in register s's low and high 128-bit lanes, each set with its own
// accumulators. The four rows share each weight broadcast, which
// VPBROADCASTD takes from memory (a load, no shuffle): per four taps of
// four rows, four 16-byte broadcast loads and two blends, four pixel
// shuffles, four weight broadcasts, eight VPMADDWD and eight VPADDD.
func resampleRowsKernel(ch int) { x86.RowsKernel(rowsYMM{ch}, ch) }

// rowsYMM is AVX2's x86.RowsVec.
type rowsYMM struct{ ch int }

func (v rowsYMM) Start() (lo, hi []reg.VecVirtual) {
	half := x86.Dwords(fmt.Sprintf("resampleRows%d_half", v.ch), 1<<21, 8)
	for range 2 {
		l, h := build.YMM(), build.YMM()
		build.VMOVDQU(half, l)
		build.VPXOR(h, h, h)
		lo, hi = append(lo, l), append(hi, h)
	}
	return lo, hi
}

// Load broadcasts each row's bytes to a whole register (a whole-register
// write, see resamplePixels' window) and blends a set's second row into
// the high lane.
func (rowsYMM) Load(size int, r x86.RowAddr) []reg.VecVirtual {
	bcast := map[int]func(...operand.Op){
		16: func(ops ...operand.Op) { build.VBROADCASTI128(ops[0], ops[1]) },
		8:  build.VPBROADCASTQ,
		4:  build.VPBROADCASTD,
	}[size]
	var ys []reg.VecVirtual
	for s := range 2 {
		y, h := build.YMM(), build.YMM()
		bcast(r.Row(2*s, 0), y)
		bcast(r.Row(2*s+1, 0), h)
		build.VPBLENDD(operand.U8(0xf0), h, y, y)
		ys = append(ys, y)
	}
	return ys
}

func (v rowsYMM) Madd(ys []reg.VecVirtual, tap int, kp reg.GPVirtual, disp int, lo, hi []reg.VecVirtual) {
	ctl := shuffleConst(fmt.Sprintf("resampleRows%d_pix%d", v.ch, tap), x86.PairControl(v.ch, tap, 0))
	var pix []reg.VecVirtual
	for _, y := range ys {
		p := build.YMM()
		build.VPSHUFB(ctl, y, p)
		pix = append(pix, p)
	}
	for i, acc := range [][]reg.VecVirtual{lo, hi} {
		w := build.YMM()
		build.VPBROADCASTD(operand.Mem{Base: kp, Disp: disp + 4*i}, w)
		for s := range pix {
			t := build.YMM()
			build.VPMADDWD(w, pix[s], t)
			build.VPADDD(t, acc[s], acc[s])
		}
	}
}

// Clip is AVX2's clip8: VPSRAD by 22, then VPACKSSDW and VPACKUSWB,
// whose saturations clamp to 0..255.
func (v rowsYMM) Clip(lo, hi []reg.VecVirtual) func(r int) reg.GPVirtual {
	for s := range 2 {
		build.VPSLLD(operand.U8(16), hi[s], hi[s])
		build.VPADDD(hi[s], lo[s], lo[s])
		build.VPSRAD(operand.U8(22), lo[s], lo[s])
		build.VPACKSSDW(lo[s], lo[s], lo[s])
		build.VPACKUSWB(lo[s], lo[s], lo[s])
	}
	return func(r int) reg.GPVirtual {
		t := build.GP64()
		x := lo[r/2].AsX()
		if r%2 == 1 {
			x = build.XMM()
			build.VEXTRACTI128(operand.U8(1), lo[r/2], x)
		}
		build.VMOVD(x, t.As32())
		return t
	}
}

// AddProducts widens each set's two rows' bytes with VPMOVZXBD and
// multiplies with VPMULLD, which wraps as int32 does.
func (rowsYMM) AddProducts(px func(r int) reg.GPVirtual, w reg.GPVirtual, lo []reg.VecVirtual) {
	wv := build.YMM()
	build.VMOVD(w, wv.AsX())
	build.VPBROADCASTD(wv.AsX(), wv)
	for s := range 2 {
		xa, xb, y := build.XMM(), build.XMM(), build.YMM()
		build.VMOVD(px(2*s), xa)
		build.VMOVD(px(2*s+1), xb)
		build.VPUNPCKLDQ(xb, xa, xa) // row 2s's 4 bytes, then row 2s+1's
		build.VPMOVZXBD(xa, y)
		build.VPMULLD(wv, y, y)
		build.VPADDD(y, lo[s], lo[s])
	}
}

func (rowsYMM) End() { build.VZEROUPPER() }
