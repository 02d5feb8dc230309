package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// rowsZMM is a ZMM vector part of ResampleRows<ch> (x86.RowsVec): the
// four rows in one register, row r in 128-bit lane r, each lane's dwords
// as in x86.RowsYMM (channel c of taps j and j+1 as two words), so that a
// step of four taps is two VPSHUFB and four VPDPWSSD, each weight an
// embedded broadcast, where the YMM part takes twice as many of each and
// two blends. Row 0's bytes are broadcast to every lane and rows 1-3
// put into theirs: four taps' 16 bytes by VINSERTI32X4 from memory, the
// tails' 8 and 4 by broadcasts merged under lane masks (set once a call,
// in Begin), which read no more than the YMM part's loads. (Masked
// broadcasts for the 16 bytes too measured 10-20% slower on Zen 5 than the
// inserts.) The clip narrows the 16 sums with VPMAXSD and VPMOVUSDB into
// one XMM, row r in dword r.
//
// It measured faster than the YMM part on a Zen 5 with 512-bit vector
// units; on Zen 4 (each ZMM instruction two 256-bit passes) an earlier ZMM
// part measured slower. asm runs these kernels on AMD family 1Ah and
// later only (see asm/rowszmm_amd64.go).
type rowsZMM struct {
	ch int
	// Begin's: the shuffle controls of taps 0 and 2, Pillow's rounding
	// half, zero, and the lane masks of rows 1-3 in dwords and quadwords.
	ctl        map[int]reg.VecVirtual
	half, zero reg.VecVirtual
	dword      [4]reg.OpmaskVirtual
	qword      [4]reg.OpmaskVirtual
}

func newRowsZMM(ch int) *rowsZMM { return &rowsZMM{ch: ch, ctl: map[int]reg.VecVirtual{}} }

func (v *rowsZMM) Begin() {
	for _, tap := range []int{0, 2} {
		c := build.ZMM()
		build.VBROADCASTI32X4(x86.LaneBytes(fmt.Sprintf("resampleRows%d_pix%d", v.ch, tap), x86.PairControl(v.ch, tap, 0)), c)
		v.ctl[tap] = c
	}
	v.half, v.zero = build.ZMM(), build.ZMM()
	build.VPBROADCASTD(x86.Dwords(fmt.Sprintf("resampleRows%d_half", v.ch), 1<<21, 8), v.half)
	build.VPXORD(v.zero, v.zero, v.zero)
	for r := 1; r < 4; r++ {
		v.dword[r] = constMask(0xf << (4 * r))
		v.qword[r] = constMask(0x3 << (2 * r))
	}
}

// Start: one accumulator pair per set of taps (j, j+1) with j%4 = 0 and
// j%4 = 2, so that a chain takes one VPDPWSSD per four taps.
func (v *rowsZMM) Start() (lo, hi []reg.VecVirtual) {
	for set := range 2 {
		l, h := build.ZMM(), build.ZMM()
		if set == 0 {
			build.VMOVDQA64(v.half, l)
		} else {
			build.VPXORD(l, l, l)
		}
		build.VPXORD(h, h, h)
		lo, hi = append(lo, l), append(hi, h)
	}
	return lo, hi
}

// Load broadcasts row 0's bytes to the whole register (a whole-register
// write) and merges rows 1-3 into their lanes, each read at its own size.
func (v *rowsZMM) Load(size int, r x86.RowAddr) []reg.VecVirtual {
	z := build.ZMM()
	load := map[int]func(m operand.Mem, k reg.OpmaskVirtual){
		16: func(m operand.Mem, k reg.OpmaskVirtual) { bcast(build.VBROADCASTI32X4, m, k, z) },
		8:  func(m operand.Mem, k reg.OpmaskVirtual) { bcast(build.VPBROADCASTQ, m, k, z) },
		4:  func(m operand.Mem, k reg.OpmaskVirtual) { bcast(build.VPBROADCASTD, m, k, z) },
	}[size]
	masks := v.dword
	if size == 8 {
		masks = v.qword
	}
	load(r.Row(0, 0), nil)
	for i := 1; i < 4; i++ {
		if size == 16 {
			build.VINSERTI32X4(operand.U8(uint8(i)), r.Row(i, 0), z, z)
			continue
		}
		load(r.Row(i, 0), masks[i])
	}
	return []reg.VecVirtual{z}
}

// bcast emits op from m into z, merging under k when k is not nil.
func bcast(op func(...operand.Op), m operand.Mem, k reg.OpmaskVirtual, z reg.VecVirtual) {
	if k == nil {
		op(m, z)
		return
	}
	op(m, k, z)
}

func (v *rowsZMM) Madd(pix []reg.VecVirtual, tap int, kp reg.GPVirtual, disp int, lo, hi []reg.VecVirtual) {
	p := build.ZMM()
	build.VPSHUFB(v.ctl[tap], pix[0], p)
	set := tap / 2 % 2
	build.VPDPWSSD_BCST(operand.Mem{Base: kp, Disp: disp}, p, lo[set])
	build.VPDPWSSD_BCST(operand.Mem{Base: kp, Disp: disp + 4}, p, hi[set])
}

// Clip adds the sets, then lo + hi<<16, VPSRAD by 22, VPMAXSD with 0 and
// VPMOVUSDB, whose unsigned saturation clamps the rest to 255: Pillow's
// clip8, the 16 bytes in one XMM.
func (v *rowsZMM) Clip(lo, hi []reg.VecVirtual) reg.VecVirtual {
	build.VPADDD(lo[1], lo[0], lo[0])
	build.VPADDD(hi[1], hi[0], hi[0])
	build.VPSLLD(operand.U8(16), hi[0], hi[0])
	build.VPADDD(hi[0], lo[0], lo[0])
	build.VPSRAD(operand.U8(22), lo[0], lo[0])
	build.VPMAXSD(v.zero, lo[0], lo[0])
	x := build.XMM()
	build.VPMOVUSDB(lo[0], x)
	return x
}

// Lanes: row r in dword r of Clip's XMM.
func (*rowsZMM) Lanes(pix reg.VecVirtual) func(r int) (reg.Register, int) {
	return func(r int) (reg.Register, int) { return pix, r }
}

// AddProducts gathers the four rows' 4 bytes into an XMM (VMOVD and
// VPINSRD), widens them with VPMOVZXBD (row r into lane r) and multiplies
// with VPMULLD, which wraps as int32 does.
func (*rowsZMM) AddProducts(px func(r int) reg.GPVirtual, w reg.GPVirtual, lo []reg.VecVirtual) {
	wv := build.ZMM()
	build.VPBROADCASTD(w.As32(), wv)
	x := build.XMM()
	build.VMOVD(px(0), x)
	for r := 1; r < 4; r++ {
		build.VPINSRD(operand.U8(uint8(r)), px(r), x, x)
	}
	z := build.ZMM()
	build.VPMOVZXBD(x, z)
	build.VPMULLD(wv, z, z)
	build.VPADDD(z, lo[0], lo[0])
}

func (*rowsZMM) End() { build.VZEROUPPER() }

// emitRowsZMM emits resampleRows<ch>AVX512ZMM for each channel count of
// the registry's list: x86.RowsKernel with rowsZMM, the registry kernel's
// contract, outside the table (asm puts them in on the CPUs they suit).
func emitRowsZMM() {
	for _, ch := range registry.ResampleRowsChannels {
		k := spec.Lookup(registry.ResampleRowsName(ch))
		name := k.AsmName(spec.Type{}, isa.Suffix) + "ZMM"
		x86.Text(name, k.Signature(spec.Type{}), fmt.Sprintf("%s is generated by gen/avx512: %s with one ZMM for the four rows; see asm.Table for its contract and asm/rowszmm_amd64.go for where it runs.", name, k.Name))
		x86.RowsKernel(newRowsZMM(ch), ch)
	}
}
