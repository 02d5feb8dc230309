package x86

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// RowsVec is one ISA's vector part of ResampleRows<ch> (RowsKernel): a
// pass resamples four rows at once, each row in its own 128-bit lane (two
// YMM registers on AVX2), and a lane's dword c holds
// channel c of taps j and j+1 as two 16-bit words, multiplied by a dword
// of the two taps' 16-bit weight halves (one multiply-add for the low
// halves, one for the high; the window's sums are hi<<16 + lo, the int32
// sums the contract wraps).
//
// RowsYMM is the vector part of both x86 ISAs: AVX2's VPMADDWD and VPADDD,
// AVX-512's VPDPWSSD (VNNI) at YMM width. gen/avx512's rowsZMM puts the
// four rows in one ZMM; asm runs it instead of the YMM part on AMD family
// 1Ah and later (Zen 5, measured with 512-bit vector units;
// asm/rowszmm_amd64.go). On Zen 4, where a ZMM instruction takes two
// passes, an earlier ZMM part measured 7-25% slower than AVX2's in every
// resize of BenchmarkPixel.
type RowsVec interface {
	// Start returns the accumulators of a window: the low halves' sums,
	// which start at 1<<21 (Pillow's rounding half) in every lane, and
	// the high halves', at 0.
	Start() (lo, hi []reg.VecVirtual)
	// Load returns size bytes (16, 8 or 4) of each row's pixels from
	// r.Row(i), each row in a 128-bit lane of the registers returned, as
	// the part lays them out.
	Load(size int, r RowAddr) []reg.VecVirtual
	// Madd multiplies the pixel pairs of pix, shuffled by the byte
	// control of taps (tap, tap+1), by the weight halves at kp+disp (low)
	// and kp+disp+4 (high), into the accumulators.
	Madd(pix []reg.VecVirtual, tap int, kp reg.GPVirtual, disp int, lo, hi []reg.VecVirtual)
	// Clip computes the four rows' pixels: lo + hi<<16, shifted right by
	// 22 and saturated to bytes, as Pillow's clip8, in one register, row
	// r's 4 bytes where Lanes says.
	Clip(lo, hi []reg.VecVirtual) reg.VecVirtual
	// Lanes returns where row r's 4 bytes are in Clip's register pix: a
	// register and the dword in it, extracting what it needs when first
	// asked.
	Lanes(pix reg.VecVirtual) func(r int) (reg.Register, int)
	// AddProducts adds, to lo, the four rows' pixels (4 bytes each, which
	// px(r) gathers into a new general register) widened to dwords,
	// times the int32 weight w.
	AddProducts(px func(r int) reg.GPVirtual, w reg.GPVirtual, lo []reg.VecVirtual)
	// Begin emits what the whole call shares (constants, opmasks), once,
	// before the first pass.
	Begin()
	// End returns (VZEROUPPER).
	End()
}

// RowAddr addresses a pass's four rows from a window's pixel p: row i
// at p + i*rs.
type RowAddr struct{ p, rs reg.GPVirtual }

// Row returns the address of row i's pixel plus disp (row 3 through a
// new register, p + 2*rs).
func (r RowAddr) Row(i, disp int) operand.Mem {
	switch i {
	case 0:
		return operand.Mem{Base: r.p, Disp: disp}
	case 1:
		return operand.Mem{Base: r.p, Index: r.rs, Scale: 1, Disp: disp}
	case 2:
		return operand.Mem{Base: r.p, Index: r.rs, Scale: 2, Disp: disp}
	}
	q := build.GP64()
	build.LEAQ(operand.Mem{Base: r.p, Index: r.rs, Scale: 2}, q)
	return operand.Mem{Base: q, Index: r.rs, Scale: 1, Disp: disp}
}

// RowsKernel emits ResampleRows<ch> (RGB and RGBA) around an ISA's vector
// part v: passes of four rows while four are left, then one pass per row
// left with all four lanes on that row (each pixel stored four times to
// the same bytes).
//
// The wrapper has checked every window against src, but RGB's loads read
// up to 4 bytes past a window's last pixel (16 bytes for four taps of 12,
// 8 for two of 6, 4 for one of 3): a window whose reads would pass the
// end of src in its pass's last row takes an exact path, tap by tap, each
// pixel's 3 bytes gathered from a word and a byte, times its weight
// joined from its halves. RGBA loads only its taps' pixels. A window of
// odd size ends with one tap whose group's second weight is zero: the
// bytes after its pixel, read or zeroed by the load, add nothing.
func RowsKernel(v RowsVec, ch int) {
	rows := build.Load(build.Param("rows"), build.GP64()).(reg.GPVirtual)
	w0 := rowOutputs()
	build.TESTQ(w0, w0)
	build.JZ(operand.LabelRef("done"))
	dd := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	r0 := build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
	v.Begin()
	k := rowsPass{v: v, ch: ch, dd: dd, r0: r0}

	// Four rows a pass; the passes are counted one by one, not the rows
	// four by four, because the roofline tool (docs/roofline.md) takes
	// the first loop of the largest counter step, which must be the tap
	// loop's four. Then the last rows (rows%4) one by one.
	build.SHRQ(operand.U8(2), rows)
	build.JZ(operand.LabelRef("singles"))
	build.Label("quad")
	k.pass(true)
	build.DECQ(rows)
	build.JNZ(operand.LabelRef("quad"))
	build.Label("singles")
	build.Load(build.Param("rows"), rows)
	build.ANDQ(operand.U8(3), rows)
	build.Label("single")
	build.JZ(operand.LabelRef("done"))
	k.pass(false)
	build.DECQ(rows)
	build.JMP(operand.LabelRef("single"))
	build.Label("done")
	v.End()
	build.RET()
}

// rowLanes is RowsYMM's Lanes: row r's 4 bytes are in an XMM register,
// dword 0 or 1; the high lane is extracted once, when first asked for.
func rowLanes(pix reg.VecVirtual) func(r int) (reg.Register, int) {
	var high reg.VecVirtual
	return func(r int) (reg.Register, int) {
		if r%2 == 0 {
			return pix.AsX(), r / 2
		}
		if high == nil {
			high = build.XMM()
			build.VEXTRACTI128(operand.U8(1), pix, high)
		}
		return high, r / 2
	}
}

// rowOutputs loads the number of output pixels a row gets (few general
// registers are free, so it is loaded where it is needed).
func rowOutputs() reg.GPVirtual {
	w := build.Load(build.Param("bounds").Len(), build.GP64()).(reg.GPVirtual)
	build.SHRQ(operand.U8(1), w)
	return w
}

// rowsPass holds what RowsKernel's passes share: dd the next destination
// row's start, r0 the next source row's.
type rowsPass struct {
	v      RowsVec
	ch     int
	dd, r0 reg.GPVirtual
}

// pass emits a pass over four rows (quad) or over one row in every lane;
// then dd and r0 move on by four rows (quad) or one.
func (k rowsPass) pass(quad bool) {
	sfx := "_1"
	if quad {
		sfx = "_4"
	}
	label := func(name string) string { return name + sfx }
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }
	ch, v := k.ch, k.v

	// rs and ds: the offsets from one row to the next, 0 when every lane
	// runs the same row.
	rs, ds := build.GP64(), build.GP64()
	if quad {
		build.Load(build.Param("srcStride"), rs)
		build.Load(build.Param("dstStride"), ds)
	} else {
		build.XORQ(rs, rs)
		build.XORQ(ds, ds)
	}
	var lim reg.GPVirtual
	if ch == 3 {
		// The last p + 3n (a window's end in row 0) whose loads, 4 bytes
		// past it in row 3 at most, stay in src.
		lim = build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
		l := build.Load(build.Param("src").Len(), build.GP64())
		build.ADDQ(l, lim)
		for range 3 {
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
	PixelAddress(ch, k.r0, p)
	lo, hi := v.Start()
	if ch == 3 {
		t := build.GP64()
		build.LEAQ(operand.Mem{Base: n, Index: n, Scale: 2}, t)
		build.ADDQ(p, t)
		build.CMPQ(t, lim)
		build.JA(operand.LabelRef(label("slow")))
	}
	// taps multiply-adds the taps of one load of size bytes of the
	// window's pixels, whose halves are at kp.
	taps := func(size int) {
		pix := v.Load(size, RowAddr{p: p, rs: rs})
		v.Madd(pix, 0, kp, 0, lo, hi)
		if size == 16 {
			v.Madd(pix, 2, kp, 8, lo, hi)
		}
	}
	TapLoopBottom(label("four"), p, kp, n, 4, ch, func() { taps(16) })
	// The tap loop advanced kp by 16 bytes per four taps: two groups of
	// halves. Two taps take one group, and so does one (odd windows).
	build.Label(label("two"))
	build.CMPQ(n, operand.U8(2))
	build.JB(operand.LabelRef(label("one")))
	taps(8)
	build.ADDQ(operand.U8(uint8(2*ch)), p)
	build.ADDQ(operand.U8(8), kp)
	build.SUBQ(operand.U8(2), n)
	build.Label(label("one"))
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef(label("sum")))
	taps(4)
	build.ADDQ(operand.U8(8), kp)

	// The clipped sums, stored straight from the vector register, 4 bytes
	// a row (VMOVD, VPEXTRD): for RGB the next pixel overwrites the
	// fourth, except at a row's last pixel, whose 3 bytes go through a
	// general register.
	build.Label(label("sum"))
	pix := v.Clip(lo, hi)
	dst := RowAddr{p: k.dd, rs: ds}
	if ch == 3 {
		build.CMPQ(x, operand.U8(1))
		build.JE(operand.LabelRef(label("last")))
	}
	lanes := v.Lanes(pix)
	for r := range 4 {
		src, at := lanes(r)
		if at == 0 {
			build.VMOVD(src, dst.Row(r, 0))
		} else {
			build.VPEXTRD(operand.U8(uint8(at)), src, dst.Row(r, 0))
		}
	}
	if ch == 3 {
		build.JMP(operand.LabelRef(label("next")))
		build.Label(label("last"))
		lanes := v.Lanes(pix)
		for r := range 4 {
			src, at := lanes(r)
			t := build.GP32()
			if at == 0 {
				build.VMOVD(src, t)
			} else {
				build.VPEXTRD(operand.U8(uint8(at)), src, t)
			}
			build.MOVW(t.As16(), dst.Row(r, 0))
			build.SHRL(operand.U8(16), t)
			build.MOVB(t.As8(), dst.Row(r, 2))
		}
	}
	build.Label(label("next"))
	build.ADDQ(operand.U8(uint8(ch)), k.dd)
	build.ADDQ(operand.U8(8), bp)
	build.DECQ(x)
	build.JNZ(operand.LabelRef(label("pixel")))

	// The next rows: dd back to its row's start, then both pointers one
	// row or four on.
	w := rowOutputs()
	if ch == 3 {
		build.LEAQ(operand.Mem{Base: w, Index: w, Scale: 2}, w)
	} else {
		build.SHLQ(operand.U8(2), w)
	}
	build.SUBQ(w, k.dd)
	next := 1
	if quad {
		next = 4
	}
	for _, m := range []struct {
		ptr    reg.GPVirtual
		stride string
	}{{k.dd, "dstStride"}, {k.r0, "srcStride"}} {
		s := build.Load(build.Param(m.stride), build.GP64())
		if next == 4 {
			build.SHLQ(operand.U8(2), s)
		}
		build.ADDQ(s, m.ptr)
	}
	build.JMP(operand.LabelRef(label("end")))

	if ch == 3 {
		k.slowTaps(label, p, n, kp, rs, lo)
	}
	build.Label(label("end"))
}

// slowTaps emits RGB's exact path (RowsKernel), at "slow": tap by tap,
// each row's 3 bytes gathered into a general register, multiplied by the
// weight joined from its halves (hi<<16 + lo, wrapping as int32 does)
// into the low halves' accumulators (the high ones stay zero); then the
// pixels' store, at "sum".
func (k rowsPass) slowTaps(label func(string) string, p, n, kp, rs reg.GPVirtual, lo []reg.VecVirtual) {
	build.Label(label("slow"))
	// tap multiply-adds the pixel at p (every row) by the weight whose
	// halves are at kp+disp and kp+disp+4.
	tap := func(disp int) {
		w, h := build.GP32(), build.GP32()
		build.MOVWLSX(operand.Mem{Base: kp, Disp: disp}, w)
		build.MOVWLSX(operand.Mem{Base: kp, Disp: disp + 4}, h)
		build.SHLL(operand.U8(16), h)
		build.ADDL(h, w)
		rows := RowAddr{p: p, rs: rs}
		k.v.AddProducts(func(r int) reg.GPVirtual {
			t, u := build.GP32(), build.GP32()
			build.MOVWLZX(rows.Row(r, 0), t)
			build.MOVBLZX(rows.Row(r, 2), u)
			build.SHLL(operand.U8(16), u)
			build.ORL(u, t)
			return t
		}, w, lo)
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
