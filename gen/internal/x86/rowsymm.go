package x86

import (
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// RowsYMM is the YMM vector part of ResampleRows<Ch>: the four rows in two
// registers, rows 2s and 2s+1 in register s's low and high 128-bit lanes.
// The four rows share each weight broadcast, which VPBROADCASTD takes
// from memory (a load, no shuffle): per four taps of four rows, four
// 16-byte broadcast loads and two blends, four pixel shuffles and four
// weight broadcasts, then the multiply-adds.
//
// AVX2 (VNNI false) multiplies with VPMADDWD and adds with VPADDD: eight
// of each per four taps, into one low and one high accumulator per
// register. With VNNI (AVX512_VNNI's VPDPWSSD at YMM width under
// AVX512VL, always EVEX-encoded by Go's assembler) one instruction does
// both, eight per four taps, whose dependency on the accumulator is the
// whole multiply-add: each of taps (j, j+1) and (j+2, j+3) has its own
// accumulators, added before the clip, so that a chain takes one
// instruction per four taps. The sums are the same int32 sums either way
// (wrapping adds, in any order). The VEX-only instructions here
// (VPBLENDD, VBROADCASTI128, VEXTRACTI128) reach Y0-Y15 alone, which avo's
// allocator does not know: it may hand out Y16-Y31 when more than 16
// registers are live, and Go's assembler then refuses the file (as it did
// for a VINSERTI128 form tried for the loads), so the VNNI part keeps to
// 15 live registers.
type RowsYMM struct {
	Ch   int
	VNNI bool
	// ctl holds, with VNNI, the pixel shuffles' controls of taps 0 and 2,
	// loaded into registers at each window's start (from memory, they
	// were a load per shuffle).
	ctl map[int]reg.VecVirtual
}

// NewRowsYMM returns the YMM vector part of ResampleRows<ch>, with VNNI's
// multiply-adds or AVX2's.
func NewRowsYMM(ch int, vnni bool) *RowsYMM {
	return &RowsYMM{Ch: ch, VNNI: vnni, ctl: map[int]reg.VecVirtual{}}
}

// sets is the number of accumulator sets, each two registers' low and
// high sums.
func (v *RowsYMM) sets() int {
	if v.VNNI {
		return 2
	}
	return 1
}

func (v *RowsYMM) Start() (lo, hi []reg.VecVirtual) {
	if v.VNNI {
		for _, tap := range []int{0, 2} {
			c := build.YMM()
			build.VMOVDQU(v.control(tap), c)
			v.ctl[tap] = c
		}
	}
	half := Dwords(fmt.Sprintf("resampleRows%d_half", v.Ch), 1<<21, 8)
	for set := range v.sets() {
		for range 2 {
			l, h := build.YMM(), build.YMM()
			if set == 0 {
				build.VMOVDQU(half, l)
			} else {
				build.VPXOR(l, l, l)
			}
			build.VPXOR(h, h, h)
			lo, hi = append(lo, l), append(hi, h)
		}
	}
	return lo, hi
}

// Load broadcasts each row's bytes to a whole register (a whole-register
// write, see resamplePixels' window) and blends a set's second row into
// the high lane.
func (*RowsYMM) Load(size int, r RowAddr) []reg.VecVirtual {
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

// control is the pixel shuffle's control of taps (tap, tap+1).
func (v *RowsYMM) control(tap int) operand.Mem {
	return LaneBytes(fmt.Sprintf("resampleRows%d_pix%d", v.Ch, tap), PairControl(v.Ch, tap, 0))
}

func (v *RowsYMM) Madd(ys []reg.VecVirtual, tap int, kp reg.GPVirtual, disp int, lo, hi []reg.VecVirtual) {
	var ctl operand.Op = v.control(tap)
	if c, ok := v.ctl[tap]; ok {
		ctl = c
	}
	var pix []reg.VecVirtual
	for _, y := range ys {
		p := build.YMM()
		build.VPSHUFB(ctl, y, p)
		pix = append(pix, p)
	}
	set := 0
	if v.VNNI {
		set = tap / 2 % 2
	}
	for i, acc := range [][]reg.VecVirtual{lo, hi} {
		w := build.YMM()
		build.VPBROADCASTD(operand.Mem{Base: kp, Disp: disp + 4*i}, w)
		for s := range pix {
			a := acc[2*set+s]
			if v.VNNI {
				build.VPDPWSSD(w, pix[s], a)
				continue
			}
			t := build.YMM()
			build.VPMADDWD(w, pix[s], t)
			build.VPADDD(t, a, a)
		}
	}
}

// Clip adds the accumulator sets, then clips as Pillow's clip8: VPSRAD
// by 22, then VPACKSSDW of both registers (rows 0 and 2 in the low lane,
// 1 and 3 in the high) and VPACKUSWB, whose saturations clamp to 0..255.
func (v *RowsYMM) Clip(lo, hi []reg.VecVirtual) reg.VecVirtual {
	for s := range 2 {
		for set := 1; set < v.sets(); set++ {
			build.VPADDD(lo[2*set+s], lo[s], lo[s])
			build.VPADDD(hi[2*set+s], hi[s], hi[s])
		}
		build.VPSLLD(operand.U8(16), hi[s], hi[s])
		build.VPADDD(hi[s], lo[s], lo[s])
		build.VPSRAD(operand.U8(22), lo[s], lo[s])
	}
	build.VPACKSSDW(lo[1], lo[0], lo[0])
	build.VPACKUSWB(lo[0], lo[0], lo[0])
	return lo[0]
}

// AddProducts widens each set's two rows' bytes with VPMOVZXBD and
// multiplies with VPMULLD, which wraps as int32 does.
func (*RowsYMM) AddProducts(px func(r int) reg.GPVirtual, w reg.GPVirtual, lo []reg.VecVirtual) {
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

func (*RowsYMM) End() { build.VZEROUPPER() }

// Begin emits nothing: the YMM part's constants are memory operands, or
// loaded at each window's start (VNNI's shuffle controls).
func (*RowsYMM) Begin() {}

// Lanes: rows 0 and 2 in the low 128-bit lane's dwords 0 and 1, rows 1
// and 3 in the high lane's (VPACKSSDW and VPACKUSWB of the two registers).
func (*RowsYMM) Lanes(pix reg.VecVirtual) func(r int) (reg.Register, int) { return rowLanes(pix) }

// LaneBytes returns a read-only 32-byte constant of b in both 128-bit
// lanes (a VPSHUFB control), emitted once per name: a name asked for
// again returns the same constant, and panics if asked with other bytes.
func LaneBytes(name string, b [16]byte) operand.Mem {
	if c, ok := laneConsts[name]; ok {
		if c.b != b {
			panic("x86: constant " + name + " asked for with two values")
		}
		return c.m
	}
	m := BytesData(name, append(b[:], b[:]...))
	laneConsts[name] = laneConst{m, b}
	return m
}

type laneConst struct {
	m operand.Mem
	b [16]byte
}

var laneConsts = map[string]laneConst{}
