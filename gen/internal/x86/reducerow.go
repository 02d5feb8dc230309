package x86

import (
	"encoding/binary"
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/gotypes"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// ReduceRow is ReduceRow<ch>'s arguments, loaded into registers.
type ReduceRow struct {
	Ch                        int
	Dst, N, Cols, Fx, Half, M reg.GPVirtual
}

// LoadReduceRow loads ReduceRow<ch>'s arguments; with no output (when fx
// may be anything) it jumps to label "done".
func LoadReduceRow(ch int) ReduceRow {
	load := func(p gotypes.Component) reg.GPVirtual { return build.Load(p, build.GP64()).(reg.GPVirtual) }
	rr := ReduceRow{
		Ch:   ch,
		Dst:  load(build.Param("dst").Base()),
		N:    load(build.Param("dst").Len()),
		Cols: load(build.Param("cols").Base()),
		Fx:   load(build.Param("fx")),
		Half: load(build.Param("half")),
		M:    load(build.Param("m")),
	}
	build.TESTQ(rr.N, rr.N)
	build.JZ(operand.LabelRef("done"))
	return rr
}

// Pixels emits ReduceRow<ch> for AVX2: two output pixels a step, then one,
// each pixel's block fx*ch contiguous words. A block is summed a chunk at
// a time in the 32-bit lanes of its own accumulator, each chunk
// zero-extended by VPMOVZXWD from memory; the two pixels share the loop
// over chunks, the second's loads stride bytes after the first's. Chunks
// of 8 words while they last, whose lanes hold channel lane%ch when ch
// divides 8, then 4, 2 and 1 words, the accumulator's lanes folded in
// halves before each smaller chunk (8 to 4 lanes, to 2, to 1) so that a
// lane keeps one channel. RGB takes chunks of 6 words (two pixels' worth;
// the load reads 8) into lanes 0-5, folds lanes 3-5 onto 0-2 with VPERMD,
// then takes a last chunk of 3 words (the load reads 4). The two sums
// then share one YMM (VINSERTI128) for the rounding, VPADDD, VPMULLD and
// VPSRLD as in uint32, and VPSHUFB gathers each half's low bytes for a
// 4-byte store per pixel, the second's over the first's spill.
//
// RGB's loads read up to 2 words past a block, and a store writes up to
// 3 bytes past its pixel: a step therefore runs only while the words and
// bytes of another pixel follow it. The last pixels are summed one
// channel at a time in general registers.
//
// It falls through to the code that follows with everything done; its
// labels start with "rr_". (VPGATHERDD, taking the i-th sum of 8 lanes'
// blocks at once, measured slower than Go here: about 12 cycles a gather
// on Zen 5.)
//
// trees adds greyTrees' steps for grey's blocks of 2 and 4 pixels.
func (rr ReduceRow) Pixels(trees bool) {
	ch := rr.Ch
	halfV, mV, low := build.YMM(), build.YMM(), build.YMM()
	build.VMOVD(rr.Half.As32(), halfV.AsX())
	build.VPBROADCASTD(halfV.AsX(), halfV)
	build.VMOVD(rr.M.As32(), mV.AsX())
	build.VPBROADCASTD(mV.AsX(), mV)
	lowBytes := []byte{0, 4, 8, 12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}
	build.VMOVDQU(BytesData(fmt.Sprintf("reducerow%d_lowbytes", ch), append(lowBytes, lowBytes...)), low)
	var upper reg.VecVirtual
	if ch == 3 {
		upper = build.YMM()
		build.VMOVDQU(DwordTable("reducerow3_upper", []int32{3, 4, 5, 3, 4, 5, 3, 4}), upper)
	}
	words, stride := build.GP64(), build.GP64() // a block's words, and its bytes
	build.IMUL3Q(operand.Imm(uint64(rr.Ch)), rr.Fx, words)
	build.LEAQ(operand.Mem{Base: words, Index: words, Scale: 1}, stride)

	// pixels emits the step of k pixels (1 or 2), under labels starting
	// with label.
	pixels := func(label string, k int, next string) {
		// Bytes of rr.Dst the step needs: its pixels, and the last 4-byte
		// store's spill or, for RGB, the next pixel whose words the loads
		// read.
		need := (k-1)*ch + max(ch, 4)
		if ch == 3 {
			need = (k + 1) * ch
		}
		build.Label(label)
		build.CMPQ(rr.N, operand.U8(uint8(need)))
		build.JB(operand.LabelRef(next))
		acc := make([]reg.VecVirtual, k)
		for i := range acc {
			acc[i] = build.YMM()
			build.VPXOR(acc[i], acc[i], acc[i])
		}
		p, r := build.GP64(), build.GP64()
		build.MOVQ(rr.Cols, p)
		build.MOVQ(words, r)
		x := build.YMM()
		// add emits: accumulator i += the chunk at p (its pixel's), loaded
		// by load into x.
		add := func(wide bool, load func(m operand.Mem, x reg.Register)) {
			for i, a := range acc {
				m := operand.Mem{Base: p}
				if i == 1 {
					m.Index, m.Scale = stride, 1
				}
				if wide {
					load(m, x)
					build.VPADDD(x, a, a)
				} else {
					load(m, x.AsX())
					build.VPADDD(x.AsX(), a.AsX(), a.AsX())
				}
			}
		}
		widen := func(m operand.Mem, x reg.Register) { build.VPMOVZXWD(m, x) }
		// chunks emits the loop over the chunks of size words, tested at
		// the bottom.
		chunks := func(size int) {
			l := fmt.Sprintf("%s_chunks%d", label, size)
			build.SUBQ(operand.U8(uint8(size)), r)
			build.JB(operand.LabelRef(l + "_done"))
			build.Label(l)
			add(true, widen)
			build.ADDQ(operand.U8(uint8(2*size)), p)
			build.SUBQ(operand.U8(uint8(size)), r)
			build.JAE(operand.LabelRef(l))
			build.Label(l + "_done")
			build.ADDQ(operand.U8(uint8(size)), r)
		}
		// chunk emits one chunk of size words if that many are left.
		chunk := func(size int, load func(m operand.Mem, x reg.Register)) {
			l := fmt.Sprintf("%s_chunk%d", label, size)
			build.CMPQ(r, operand.U8(uint8(size)))
			build.JB(operand.LabelRef(l))
			add(false, load)
			build.ADDQ(operand.U8(uint8(2*size)), p)
			build.SUBQ(operand.U8(uint8(size)), r)
			build.Label(l)
		}
		// fold emits each accumulator's lanes folded by op onto its low
		// ones.
		fold := func(op func(a, x reg.VecVirtual)) {
			for _, a := range acc {
				op(a, x)
				build.VPADDD(x.AsX(), a.AsX(), a.AsX())
			}
		}
		if ch == 3 {
			chunks(6)
			fold(func(a, x reg.VecVirtual) { build.VPERMD(a, upper, x) })
			chunk(3, widen)
		} else {
			chunks(8)
			fold(func(a, x reg.VecVirtual) { build.VEXTRACTI128(operand.U8(1), a, x.AsX()) })
			chunk(4, widen)
			if ch <= 2 {
				fold(func(a, x reg.VecVirtual) { build.VPSHUFD(operand.U8(0x0e), a.AsX(), x.AsX()) })
				chunk(2, func(m operand.Mem, x reg.Register) {
					build.VMOVD(m, x)
					build.VPMOVZXWD(x, x)
				})
			}
			if ch == 1 {
				fold(func(a, x reg.VecVirtual) { build.VPSHUFD(operand.U8(0x01), a.AsX(), x.AsX()) })
				chunk(1, func(m operand.Mem, x reg.Register) {
					w := build.GP32()
					build.MOVWLZX(m, w)
					build.VMOVD(w, x)
				})
			}
		}
		var a reg.Register = acc[0]
		if k == 2 {
			build.VINSERTI128(operand.U8(1), acc[1].AsX(), a, a)
		} else {
			a = acc[0].AsX()
		}
		v := func(y reg.VecVirtual) reg.Register {
			if k == 1 {
				return y.AsX()
			}
			return y
		}
		build.VPADDD(v(halfV), a, a)
		build.VPMULLD(v(mV), a, a)
		build.VPSRLD(operand.U8(24), a, a)
		build.VPSHUFB(v(low), a, a)
		build.VMOVD(acc[0].AsX(), operand.Mem{Base: rr.Dst})
		if k == 2 {
			build.VEXTRACTI128(operand.U8(1), a, x.AsX())
			build.VMOVD(x.AsX(), operand.Mem{Base: rr.Dst, Disp: ch})
			build.LEAQ(operand.Mem{Base: rr.Cols, Index: stride, Scale: 2}, rr.Cols)
		} else {
			build.ADDQ(stride, rr.Cols)
		}
		build.ADDQ(operand.U8(uint8(k*ch)), rr.Dst)
		build.SUBQ(operand.U8(uint8(k*ch)), rr.N)
		build.JMP(operand.LabelRef(label))
	}
	if ch == 1 && trees {
		rr.greyTrees(halfV, mV, low)
	}
	pixels("rr_pair", 2, "rr_single")
	pixels("rr_single", 1, "rr_tail")

	// The last pixels: each channel's rr.Fx sums, ch words apart.
	build.Label("rr_tail")
	build.TESTQ(rr.N, rr.N)
	build.JZ(operand.LabelRef("rr_done"))
	c, p, s, t, k := build.GP64(), build.GP64(), build.GP32(), build.GP32(), build.GP64()
	build.Label("rr_last")
	build.XORQ(c, c)
	build.Label("rr_channel")
	build.LEAQ(operand.Mem{Base: rr.Cols, Index: c, Scale: 2}, p)
	build.MOVL(rr.Half.As32(), s)
	build.MOVQ(rr.Fx, k)
	build.Label("rr_tap")
	build.MOVWLZX(operand.Mem{Base: p}, t)
	build.ADDL(t, s)
	build.ADDQ(operand.U8(uint8(2*ch)), p)
	build.DECQ(k)
	build.JNZ(operand.LabelRef("rr_tap"))
	build.IMULL(rr.M.As32(), s)
	build.SHRL(operand.U8(24), s)
	build.MOVB(s.As8(), operand.Mem{Base: rr.Dst, Index: c, Scale: 1})
	build.INCQ(c)
	build.CMPQ(c, operand.U8(uint8(rr.Ch)))
	build.JB(operand.LabelRef("rr_channel"))
	build.ADDQ(operand.U8(uint8(rr.Ch)), rr.Dst)
	build.MOVQ(p, rr.Cols) // p ends ch-1 words past the pixel's block
	build.SUBQ(operand.U8(uint8(2*(ch-1))), rr.Cols)
	build.SUBQ(operand.U8(uint8(rr.Ch)), rr.N)
	build.JNZ(operand.LabelRef("rr_last"))
	build.Label("rr_done")
}

// greyTrees emits grey's steps for blocks of 2 and 4 pixels, taken when
// fx is one of those: eight output pixels a step, their 8*fx sums
// loaded as fx YMMs of dword lanes, then added pairwise by VPHADDD (one
// level for 2, two for 4), which leaves every lane one pixel's sum; one
// VPERMD puts them in pixel order, worked out here by following the
// lanes through VPHADDD's in-lane pairing. The rounding and byte
// gathering are Pixels', then one 8-byte store. A step runs while 8
// pixels are left; the rest go on to Pixels' steps. (A 2560-pixel row at
// fx 2 took 1.3-2.1 us in Pixels' chunk loop; each pixel's block is too
// small for it.)
func (rr ReduceRow) greyTrees(halfV, mV, low reg.VecVirtual) {
	for _, fx := range []int{2, 4} { // at 8 the third level would pair runs 8 words apart
		l := fmt.Sprintf("rr_grey%d", fx)
		build.CMPQ(rr.Fx, operand.U8(uint8(fx)))
		build.JNE(operand.LabelRef(l + "_skip"))
		// Follow the words through the tree: lanes[r][j] is the first
		// word of the run of words summed in lane j of register r, size
		// words long.
		lanes := make([][8]int, fx)
		for r := range lanes {
			for j := range 8 {
				lanes[r][j] = 8*r + j
			}
		}
		for size := 1; len(lanes) > 1; size *= 2 {
			var next [][8]int
			for r := 0; r < len(lanes); r += 2 {
				a, b := lanes[r], lanes[r+1]
				// VPHADDD b, a, a: in each 128-bit half, the sums of a's
				// pairs of lanes, then of b's
				var out [8]int
				for j := range 8 {
					src, i := a, 4*(j/4)+2*(j%4)
					if j%4 >= 2 {
						src, i = b, 4*(j/4)+2*(j%4-2)
					}
					if src[i+1] != src[i]+size {
						panic("x86: greyTrees: a lane would add runs that are not adjacent")
					}
					out[j] = src[i]
				}
				next = append(next, out)
			}
			lanes = next
		}
		perm := make([]int32, 8)
		for j, w := range lanes[0] {
			if w%fx != 0 {
				panic("x86: greyTrees: a lane's run is not one pixel's block")
			}
			perm[w/fx] = int32(j)
		}
		order := build.YMM()
		build.VMOVDQU(DwordTable(fmt.Sprintf("reducerow1_tree%d", fx), perm), order)
		build.Label(l)
		build.CMPQ(rr.N, operand.U8(8))
		build.JB(operand.LabelRef(l + "_skip"))
		regs := make([]reg.VecVirtual, fx)
		for r := range regs {
			regs[r] = build.YMM()
			build.VPMOVZXWD(operand.Mem{Base: rr.Cols, Disp: 16 * r}, regs[r])
		}
		for len(regs) > 1 {
			var next []reg.VecVirtual
			for r := 0; r < len(regs); r += 2 {
				build.VPHADDD(regs[r+1], regs[r], regs[r])
				next = append(next, regs[r])
			}
			regs = next
		}
		v := regs[0]
		build.VPERMD(v, order, v)
		build.VPADDD(halfV, v, v)
		build.VPMULLD(mV, v, v)
		build.VPSRLD(operand.U8(24), v, v)
		build.VPSHUFB(low, v, v)
		// Each half's four bytes are its low dword: join them.
		build.VPERMQ(operand.U8(0x08), v, v)
		build.VPSHUFD(operand.U8(0x08), v, v)
		build.VMOVQ(v.AsX(), operand.Mem{Base: rr.Dst})
		build.ADDQ(operand.U8(8), rr.Dst)
		build.SUBQ(operand.U8(8), rr.N)
		build.ADDQ(operand.U8(uint8(16*fx)), rr.Cols)
		build.JMP(operand.LabelRef(l))
		build.Label(l + "_skip")
	}
}

// DwordTable emits a read-only table of 32-bit values.
func DwordTable(name string, v []int32) operand.Mem {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(x))
	}
	return BytesData(name, b)
}
