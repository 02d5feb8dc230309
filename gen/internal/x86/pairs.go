package x86

import (
	"fmt"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The pair-column kernels resample eight rows at once with a row in each
// dword of a YMM register, so that the horizontal pass needs no shuffle
// per tap: TransposePairs<ch> lays out eight rows once, each dword holding
// one channel of a pair of neighbouring pixels as two 16-bit words, and
// ResamplePairs<ch> multiplies those registers straight from memory by
// broadcast weight pairs (VPMADDWD, low and high 16-bit halves as in
// ResampleRows). Against ResampleRows' layout (four rows, a channel per
// dword, four shuffles and two blends per four taps), every dword does
// work (RGB wastes no fourth channel) and the shuffles are paid once per
// source pixel instead of once per tap, which wins as soon as windows
// overlap: package kernels takes this route when the windows read each
// source pixel about twice or more (bilinear and wider filters when
// shrinking, every filter when enlarging).

// PairsKernels binds TransposePairs<ch> and ResamplePairs<ch> for each
// channel count of the registry's list, AVX2's instructions.
func PairsKernels() map[string]func() {
	m := map[string]func(){}
	for _, ch := range registry.ResampleRowsChannels {
		m[registry.TransposePairsName(ch)] = func() { TransposePairs(ch) }
		m[registry.ResamplePairsName(ch)] = func() { ResamplePairs(ch, false) }
	}
	return m
}

// ResamplePairsVNNI binds ResamplePairs<ch> with AVX512_VNNI's VPDPWSSD,
// for each channel count of the registry's list (AVX-512 runs AVX2's
// TransposePairs).
func ResamplePairsVNNI() map[string]func() {
	m := map[string]func(){}
	for _, ch := range registry.ResampleRowsChannels {
		m[registry.ResamplePairsName(ch)] = func() { ResamplePairs(ch, true) }
	}
	return m
}

// pairControl is TransposePairs' shuffle of a row's 16 bytes, broadcast to
// both lanes: dword d (lane d/4) holds channel d%ch of pair d/ch (pixels
// 2(d/ch) and 2(d/ch)+1) as two words, zero-extended; dwords past 2*ch
// are zero.
func pairControl(ch int) []byte {
	b := make([]byte, 32)
	for i := range b {
		b[i] = 0x80
	}
	for d := 0; d < 2*ch; d++ {
		p, c := d/ch, d%ch
		b[4*d] = byte(2*p*ch + c)
		b[4*d+2] = byte((2*p+1)*ch + c)
	}
	return b
}

// TransposePairs emits TransposePairs<ch>: per group of four pixels, each
// row's 16 bytes broadcast to both lanes (a load) and shuffled into its
// 2*ch dwords (one VPSHUFB), then the 8x8 dword transpose (unpacks of
// dwords, then of qwords, then VPERM2I128 across lanes), 2*ch registers
// stored.
func TransposePairs(ch int) {
	groups := build.Load(build.Param("groups"), build.GP64()).(reg.GPVirtual)
	build.TESTQ(groups, groups)
	build.JZ(operand.LabelRef("done"))
	dst := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	src := build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
	rs := build.Load(build.Param("srcStride"), build.GP64()).(reg.GPVirtual)
	rs3, src4 := build.GP64(), build.GP64()
	build.LEAQ(operand.Mem{Base: rs, Index: rs, Scale: 2}, rs3)
	build.LEAQ(operand.Mem{Base: src, Index: rs, Scale: 4}, src4)
	ctl := build.YMM()
	build.VMOVDQU(BytesData(fmt.Sprintf("transposePairs%d_ctl", ch), pairControl(ch)), ctl)

	row := func(r int) operand.Mem {
		base := src
		if r >= 4 {
			base = src4
		}
		switch r % 4 {
		case 0:
			return operand.Mem{Base: base}
		case 3:
			return operand.Mem{Base: base, Index: rs3, Scale: 1}
		}
		return operand.Mem{Base: base, Index: rs, Scale: uint8(r % 4)}
	}
	build.Label("group")
	var a [8]reg.VecVirtual
	for r := range a {
		a[r] = build.YMM()
		build.VBROADCASTI128(row(r), a[r])
		build.VPSHUFB(ctl, a[r], a[r])
	}
	// Dwords of rows (2i, 2i+1), then qwords of rows 0-3 and 4-7: u[h][j]
	// holds dword j (low lane) and j+4 (high lane) of rows 4h..4h+3.
	var t [8]reg.VecVirtual
	for i := range 4 {
		t[2*i], t[2*i+1] = build.YMM(), build.YMM()
		build.VPUNPCKLDQ(a[2*i+1], a[2*i], t[2*i])
		build.VPUNPCKHDQ(a[2*i+1], a[2*i], t[2*i+1])
	}
	var u [2][4]reg.VecVirtual
	for h := range 2 {
		lo, hi := t[4*h:4*h+2], t[4*h+2:4*h+4]
		for j := range 2 {
			u[h][2*j], u[h][2*j+1] = build.YMM(), build.YMM()
			build.VPUNPCKLQDQ(hi[j], lo[j], u[h][2*j])
			build.VPUNPCKHQDQ(hi[j], lo[j], u[h][2*j+1])
		}
	}
	for d := 0; d < 2*ch; d++ {
		sel := uint8(0x20) // low lanes: dwords 0-3
		if d >= 4 {
			sel = 0x31
		}
		o := build.YMM()
		build.VPERM2I128(operand.U8(sel), u[1][d%4], u[0][d%4], o)
		build.VMOVDQU(o, operand.Mem{Base: dst, Disp: 32 * d})
	}
	build.ADDQ(operand.U32(uint32(64*ch)), dst)
	build.ADDQ(operand.U8(uint8(4*ch)), src)
	build.ADDQ(operand.U8(uint8(4*ch)), src4)
	build.DECQ(groups)
	build.JNZ(operand.LabelRef("group"))
	build.VZEROUPPER()
	build.Label("done")
	build.RET()
}

// packControl is ResamplePairs' final shuffle, per lane: the packed bytes
// hold channel c of rows 4L..4L+3 at bytes 4c..4c+3, and row r's pixel
// goes to dword r%4 (for RGB, its fourth byte zero).
func packControl(ch int) [16]byte {
	var b [16]byte
	for i := range b {
		b[i] = 0x80
	}
	for r := range 4 {
		for c := 0; c < ch; c++ {
			b[4*r+c] = byte(4*c + r)
		}
	}
	return b
}

// ResamplePairs emits ResamplePairs<ch>: per output pixel, per pair of its
// window, the two weight pairs broadcast from memory and, per channel,
// the pair column loaded once and multiplied by both (VPMADDWD and
// VPADDD, or with vnni one VPDPWSSD each, AVX512_VNNI at YMM width) into
// a low and a high accumulator; then lo + hi<<16, shifted right by
// 22 and saturated to bytes (VPACKSSDW, VPACKUSWB: Pillow's clip8), one
// shuffle, and a 4-byte store per row. For RGB the next pixel overwrites
// the fourth byte, except at a row's last pixel, stored as a word and a
// byte.
func ResamplePairs(ch int, vnni bool) {
	x := build.Load(build.Param("bounds").Len(), build.GP64()).(reg.GPVirtual)
	build.SHRQ(operand.U8(1), x)
	build.JZ(operand.LabelRef("done"))
	dd := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	ds := build.Load(build.Param("dstStride"), build.GP64()).(reg.GPVirtual)
	ds3 := build.GP64()
	build.LEAQ(operand.Mem{Base: ds, Index: ds, Scale: 2}, ds3)
	tp := build.Load(build.Param("t").Base(), build.GP64()).(reg.GPVirtual)
	bp := build.Load(build.Param("bounds").Base(), build.GP64()).(reg.GPVirtual)
	kp := build.Load(build.Param("k").Base(), build.GP64()).(reg.GPVirtual)
	half := Dwords(fmt.Sprintf("resamplePairs%d_half", ch), 1<<21, 8)
	ctl := LaneBytes(fmt.Sprintf("resamplePairs%d_pack", ch), packControl(ch))
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }

	build.Label("pixel")
	p, n := build.GP64(), build.GP64()
	build.MOVL(mem(bp, 0), p.As32())
	build.MOVL(mem(bp, 4), n.As32())
	build.IMUL3Q(operand.U32(uint32(32*ch)), p, p)
	build.ADDQ(tp, p)
	lo, hi := make([]reg.VecVirtual, ch), make([]reg.VecVirtual, ch)
	for c := range ch {
		lo[c], hi[c] = build.YMM(), build.YMM()
		build.VMOVDQU(half, lo[c])
		build.VPXOR(hi[c], hi[c], hi[c])
	}
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("sum"))
	build.Label("pair")
	wl, wh := build.YMM(), build.YMM()
	build.VPBROADCASTD(mem(kp, 0), wl)
	build.VPBROADCASTD(mem(kp, 4), wh)
	for c := range ch {
		v := build.YMM()
		build.VMOVDQU(mem(p, 32*c), v)
		if vnni {
			build.VPDPWSSD(wl, v, lo[c])
			build.VPDPWSSD(wh, v, hi[c])
			continue
		}
		m := build.YMM()
		build.VPMADDWD(wl, v, m)
		build.VPADDD(m, lo[c], lo[c])
		build.VPMADDWD(wh, v, v)
		build.VPADDD(v, hi[c], hi[c])
	}
	build.ADDQ(operand.U8(8), kp)
	build.ADDQ(operand.U8(uint8(32*ch)), p)
	build.DECQ(n)
	build.JNZ(operand.LabelRef("pair"))

	build.Label("sum")
	for c := range ch {
		build.VPSLLD(operand.U8(16), hi[c], hi[c])
		build.VPADDD(hi[c], lo[c], lo[c])
		build.VPSRAD(operand.U8(22), lo[c], lo[c])
	}
	// Words of channels (0, 1) and (2, 3) (RGB: 2 twice) per lane, then
	// bytes: lane L holds channel c of rows 4L..4L+3 at bytes 4c.
	build.VPACKSSDW(lo[1], lo[0], lo[0])
	build.VPACKSSDW(lo[ch-1], lo[2], lo[2])
	build.VPACKUSWB(lo[2], lo[0], lo[0])
	build.VPSHUFB(ctl, lo[0], lo[0])
	pix := lo[0]
	high := build.XMM()
	build.VEXTRACTI128(operand.U8(1), pix, high)
	dd4 := build.GP64()
	build.LEAQ(operand.Mem{Base: dd, Index: ds, Scale: 4}, dd4)
	rowAt := func(r int) operand.Mem {
		base := dd
		if r >= 4 {
			base = dd4
		}
		switch r % 4 {
		case 0:
			return operand.Mem{Base: base}
		case 3:
			return operand.Mem{Base: base, Index: ds3, Scale: 1}
		}
		return operand.Mem{Base: base, Index: ds, Scale: uint8(r % 4)}
	}
	lane := func(r int) reg.Register {
		if r < 4 {
			return pix.AsX()
		}
		return high
	}
	if ch == 3 {
		build.CMPQ(x, operand.U8(1))
		build.JE(operand.LabelRef("last"))
	}
	for r := range registry.PairRows {
		if r%4 == 0 {
			build.VMOVD(lane(r), rowAt(r))
		} else {
			build.VPEXTRD(operand.U8(uint8(r%4)), lane(r), rowAt(r))
		}
	}
	if ch == 3 {
		build.JMP(operand.LabelRef("next"))
		build.Label("last")
		for r := range registry.PairRows {
			t := build.GP32()
			if r%4 == 0 {
				build.VMOVD(lane(r), t)
			} else {
				build.VPEXTRD(operand.U8(uint8(r%4)), lane(r), t)
			}
			build.MOVW(t.As16(), rowAt(r))
			build.SHRL(operand.U8(16), t)
			m := rowAt(r)
			m.Disp += 2
			build.MOVB(t.As8(), m)
		}
	}
	build.Label("next")
	build.ADDQ(operand.U8(uint8(ch)), dd)
	build.ADDQ(operand.U8(8), bp)
	build.DECQ(x)
	build.JNZ(operand.LabelRef("pixel"))
	build.VZEROUPPER()
	build.Label("done")
	build.RET()
}
