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

// resampleKernels are the resampling kernels this file emits: the
// horizontal pass per channel count of the registry's list, one row at a
// time and (resamplerows.go) four rows at a time for RGB and RGBA, and
// eight in pair columns (ResamplePairs), the vertical pass, and Reduce's
// column sums. (TensorPlane and TransposePairs run AVX2's versions.)
var resampleKernels = spec.Merge(x86.ResampleKernels(resampleRow, resampleColumns, reduceColumns), rowsKernels(), pairsKernels(), x86.ReduceRowKernels(reduceRow))

// ResampleRow3 and 4 need cpuid features beyond the ISA's: VNNI's
// VPDPWSSD (Ice Lake, Zen 4 and later), and for RGB VBMI's VPERMB. On
// CPUs without them they run AVX2's version (see needs in main.go).
func init() {
	needs[registry.ResampleName(3)] = []string{"AVX512VBMI", "AVX512VNNI"}
	needs[registry.ResampleName(4)] = []string{"AVX512VNNI"}
}

// mem addresses disp bytes from r.
func mem(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }

// lowBits sets k to the low count bits (count < 64).
func lowBits(count reg.GPVirtual, k reg.OpmaskVirtual) {
	bits := build.GP64()
	build.MOVQ(operand.I64(-1), bits)
	build.BZHIQ(count, bits, bits)
	build.KMOVQ(bits, k)
}

// resampleRow emits ResampleRow<ch>: each output pixel's window is taken
// sixteen taps a ZMM step, then once more for the taps left, their
// weights zeroed by a mask (the pixels past the window are loaded too,
// and add nothing), so a window of n taps costs n/16 steps plus one,
// where AVX2's cascade of 8-, 4-, 2- and 1-tap steps costs up to five
// more. Grey multiplies 32-bit lanes (VPMOVZXBD, VPMULLD), 32 taps a step
// in two accumulators first; RGB and RGBA take rgbConsts.step's 16-bit
// multiply-adds, and two windows of up to 8 taps share a step (pairPath).
// The four 128-bit lanes' sums are added at the end, and the clip is
// AVX2's: VPSRAD by 22, then VPACKSSDW and VPACKUSWB, whose saturations
// clamp to 0..255 exactly as Pillow's clip8.
//
// The wrapper has checked every window against src and k. Loads past a
// window stay within src and k (loadPixels, loadWeights): at their ends
// the loads are masked to the window, so no load can fault.
func resampleRow(ch int) {
	r := x86.LoadRow()
	dst, src, bp, kp, out := r.Dst, r.Src, r.Bounds, r.K, r.Out

	half := build.XMM()
	build.VPBROADCASTD(build.ConstData(fmt.Sprintf("resample512_%d_half", ch), operand.U32(1<<21)), half)
	var rgb *rgbConsts
	if ch > 1 {
		rgb = newRGBConsts(ch)
	}
	kw := build.K() // the tail's mask of weights
	end := build.Load(build.Param("src").Len(), build.GP64()).(reg.GPVirtual)
	build.ADDQ(src, end)
	kend := build.Load(build.Param("k").Len(), build.GP64()).(reg.GPVirtual)
	build.LEAQ(operand.Mem{Base: kp, Index: kend, Scale: 4}, kend)
	p, n, t := build.GP64(), build.GP64(), build.GP64()
	acc := build.ZMM()
	accs := [4]reg.VecVirtual{acc, build.ZMM(), build.ZMM(), build.ZMM()} // RGB(A): see rgbConsts.step

	build.Label("pixel")
	if ch > 1 {
		pairPath(ch, rgb, pairRegs{dst, src, bp, kp, out, end, kend, half, accs})
	}
	build.Label("single")
	r.Window(ch, 0, p, n)
	// step emits the multiply-adds of sixteen taps (or the tail's, under
	// masks), their pixels at p and weights at kp.
	var step func(tail bool)
	if ch == 1 {
		build.VPXORD(acc, acc, acc)
		step = func(tail bool) {
			x := build.ZMM()
			if tail {
				w := build.ZMM()
				loadPixels("grey", p, end, x.AsX(), func() reg.OpmaskVirtual { return kw }) // one byte a tap
				build.VPMOVZXBD(x.AsX(), x)
				loadWeights("grey", kp, kend, w, kw)
				build.VPMULLD(w, x, x)
			} else {
				build.VPMOVZXBD(mem(p, 0), x)
				build.VPMULLD(mem(kp, 0), x, x)
			}
			build.VPADDD(x, acc, acc)
		}
	} else {
		for _, a := range accs {
			build.VPXORD(a, a, a)
		}
		step = func(tail bool) {
			w, x := build.ZMM(), build.ZMM()
			switch {
			case tail:
				loadWeights("tail", kp, kend, w, kw)
				loadPixels("tail", p, end, x, func() reg.OpmaskVirtual {
					bytes, kb := build.GP64(), build.K()
					build.IMUL3Q(operand.Imm(uint64(ch)), n, bytes)
					lowBits(bytes, kb)
					return kb
				})
			case ch == 3:
				build.VMOVDQU32(mem(kp, 0), w)
				loadPixels("rgb", p, end, x, func() reg.OpmaskVirtual { return rgb.step48 })
			default:
				build.VMOVDQU32(mem(kp, 0), w)
				build.VMOVDQU64(mem(p, 0), x)
			}
			rgb.step(w, x, accs, rgb.pix)
		}
	}

	if ch == 1 {
		// Grey: 32 taps a step in two accumulators first (two chains,
		// half the loop overhead).
		acc2, x := build.ZMM(), build.ZMM()
		build.VPXORD(acc2, acc2, acc2)
		x86.GreyChains("thirtytwo", 16, p, kp, n, acc, acc2, x)
	}
	x86.TapLoop("sixteen", "tail", p, kp, n, 16, ch, func() { step(false) })

	build.Label("tail")
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("sum"))
	lowBits(n, kw)
	step(true)
	build.LEAQ(operand.Mem{Base: kp, Index: n, Scale: 4}, kp) // the next window's weights

	build.Label("sum")
	if ch > 1 {
		rgb.fold(accs)
	}
	// The four 128-bit lanes into the low one, then (grey) its four dwords.
	y := build.ZMM()
	build.VEXTRACTI64X4(operand.U8(1), acc, y.AsY())
	build.VPADDD(y.AsY(), acc.AsY(), acc.AsY())
	build.VEXTRACTI128(operand.U8(1), acc.AsY(), y.AsX())
	build.VPADDD(y.AsX(), acc.AsX(), acc.AsX())
	if ch == 1 {
		x86.FoldDwords(acc.AsX(), y.AsX())
	}
	build.VPADDD(half, acc.AsX(), acc.AsX())
	x86.StoreClipped(ch, acc.AsX(), t, dst)
	build.ADDQ(operand.U8(uint8(ch)), dst)
	r.Loop()
}

// pairRegs are the registers resampleRow shares with pairPath.
type pairRegs struct {
	dst, src, bp, kp, out, end, kend reg.GPVirtual
	half                             reg.VecVirtual
	accs                             [4]reg.VecVirtual
}

// pairPath emits, at the top of resampleRow's loop over output pixels,
// the step of RGB or RGBA that takes two windows of up to 8 taps (a box
// filter's when it shrinks 8 times or less) in one ZMM, the first in the
// low 256 bits and the second in the high: one step, fold and clip for two
// pixels instead of two half-empty steps. Otherwise (one pixel left, or a
// wider window) it goes on to the single path.
func pairPath(ch int, rgb *rgbConsts, r pairRegs) {
	na, nb := build.GP64(), build.GP64()
	build.CMPQ(r.out, operand.U8(2))
	build.JB(operand.LabelRef("single"))
	build.MOVL(operand.Mem{Base: r.bp, Disp: 4}, na.As32())
	build.CMPQ(na, operand.U8(8))
	build.JA(operand.LabelRef("single"))
	build.MOVL(operand.Mem{Base: r.bp, Disp: 12}, nb.As32())
	build.CMPQ(nb, operand.U8(8))
	build.JA(operand.LabelRef("single"))

	// Each window's weights (zeros past it) and pixels, in halves.
	var w, x [2]reg.VecVirtual
	for i, n := range []reg.GPVirtual{na, nb} {
		label := fmt.Sprintf("pair%d", i)
		k := build.K()
		lowBits(n, k)
		w[i], x[i] = build.ZMM(), build.ZMM()
		loadWeights(label, r.kp, r.kend, w[i].AsY(), k)
		build.LEAQ(operand.Mem{Base: r.kp, Index: n, Scale: 4}, r.kp)
		p := build.GP64()
		build.MOVL(operand.Mem{Base: r.bp, Disp: 8 * i}, p.As32())
		x86.PixelAddress(ch, r.src, p)
		loadPixels(label, p, r.end, x[i].AsY(), func() reg.OpmaskVirtual {
			bytes, kb := build.GP64(), build.K()
			build.IMUL3Q(operand.Imm(uint64(ch)), n, bytes)
			lowBits(bytes, kb)
			return kb
		})
	}
	build.VINSERTI64X4(operand.U8(1), w[1].AsY(), w[0], w[0])
	build.VINSERTI64X4(operand.U8(1), x[1].AsY(), x[0], x[0])
	for _, a := range r.accs {
		build.VPXORD(a, a, a)
	}
	rgb.step(w[0], x[0], r.accs, rgb.pairPix)
	rgb.fold(r.accs)

	// Each half's two 128-bit lanes, clipped together: bytes 0-3 the
	// first pixel's channels, 4-7 the second's.
	acc := r.accs[0]
	b, t := build.ZMM(), build.ZMM()
	build.VEXTRACTI64X4(operand.U8(1), acc, b.AsY())
	build.VEXTRACTI128(operand.U8(1), acc.AsY(), t.AsX())
	build.VPADDD(t.AsX(), acc.AsX(), acc.AsX())
	build.VEXTRACTI128(operand.U8(1), b.AsY(), t.AsX())
	build.VPADDD(t.AsX(), b.AsX(), b.AsX())
	for _, v := range []reg.VecVirtual{acc, b} {
		build.VPADDD(r.half, v.AsX(), v.AsX())
		build.VPSRAD(operand.U8(22), v.AsX(), v.AsX())
	}
	build.VPACKSSDW(b.AsX(), acc.AsX(), acc.AsX())
	build.VPACKUSWB(acc.AsX(), acc.AsX(), acc.AsX())
	g := build.GP64()
	build.VMOVQ(acc.AsX(), g)
	if ch == 4 {
		build.MOVQ(g, mem(r.dst, 0))
	} else {
		for i := 0; i < 2; i++ {
			build.MOVW(g.As16(), mem(r.dst, 3*i))
			build.SHRQ(operand.U8(16), g)
			build.MOVB(g.As8(), mem(r.dst, 3*i+2))
			build.SHRQ(operand.U8(16), g)
		}
	}
	build.ADDQ(operand.U8(uint8(2*ch)), r.dst)
	build.ADDQ(operand.U8(16), r.bp)
	build.SUBQ(operand.U8(2), r.out)
	build.JNZ(operand.LabelRef("pixel"))
	build.JMP(operand.LabelRef("done"))
}

// rgbConsts are the constants of the RGB and RGBA steps, loaded once per
// call.
type rgbConsts struct {
	ch     int
	step48 reg.OpmaskVirtual // RGB: the 48 bytes of sixteen pixels
	// pix are the byte permutes of the pixel pairs (0, 1) and (2, 3) of
	// each 128-bit lane's four taps: VPSHUFB controls for RGBA, VPERMB
	// indexes for RGB (whose lanes' pixels straddle 128-bit lanes),
	// zero-masked by words.
	pix [2]reg.VecVirtual
	// pairPix are pix for two windows of up to 8 taps in one register,
	// the second's pixels from byte 32 (RGB's differ from pix; RGBA's
	// are pix).
	pairPix [2]reg.VecVirtual
	words   reg.OpmaskVirtual    // RGB: the bytes VPERMB keeps
	weight  [2][2]reg.VecVirtual // VPSHUFB controls of the weights' words: [pair][lo, hi]
}

func newRGBConsts(ch int) *rgbConsts {
	c := &rgbConsts{ch: ch}
	if ch == 3 {
		c.step48 = constMask(1<<48 - 1)
		c.words = constMask(0x0555055505550555) // bytes 0, 2, .. 10 of each lane: RGB's three words pairs
	}
	for i, tap := range []int{0, 2} {
		c.pix[i] = c.pixControl(tap, false)
		c.pairPix[i] = c.pixControl(tap, true) // after pix: RGBA's is pix
		for half := 0; half < 2; half++ {
			c.weight[i][half] = build.ZMM()
			build.VMOVDQU64(x86.BytesData(fmt.Sprintf("resample512_%d_w%d_%d", ch, tap, 2*half), lanes4(x86.WeightControl(tap, 2*half))), c.weight[i][half])
		}
	}
	return c
}

// pixControl loads the control of pix (pair false) or pairPix (true) for
// the taps tap, tap+1 of each lane.
func (c *rgbConsts) pixControl(tap int, pair bool) reg.VecVirtual {
	if c.ch == 4 && pair {
		return c.pix[tap/2]
	}
	ctl := lanes4(x86.PairControl(c.ch, tap, 0))
	if c.ch == 3 {
		for lane := 0; lane < 4; lane++ {
			start := 12 * lane // VPERMB indexes the whole register
			if pair && lane >= 2 {
				start = 32 + 12*(lane-2)
			}
			for j := 0; j < 16; j++ {
				if b := &ctl[16*lane+j]; *b != 0x80 {
					*b += byte(start)
				} else {
					*b = 0
				}
			}
		}
	}
	name := fmt.Sprintf("resample512_%d_pix%d", c.ch, tap)
	if pair {
		name += "_pair"
	}
	r := build.ZMM()
	build.VMOVDQU64(x86.BytesData(name, ctl), r)
	return r
}

// step adds sixteen taps of RGB or RGBA (weights w, pixels x from the
// first tap's first byte) to acc, each 128-bit lane four taps and each of
// its dwords one channel, in 16-bit multiply-adds: VPDPWSSD (VNNI)
// multiplies 16-bit lanes and adds pairs into 32-bit accumulators.
// acc[0] and acc[1] take the pairs (0, 1) and (2, 3) of the weights' low
// halves, acc[2] and acc[3] of their high halves: four chains, so that
// VPDPWSSD's latency does not bound the loop.
//
// The weights do not fit 16 bits, so each is split as w = hi*2^16 + lo
// with lo its low half read as signed and hi = (w - lo) >> 16; then the
// sum of pixel*w is (the sum of pixel*hi) << 16 plus the sum of pixel*lo,
// modulo 2^32: exactly the int32 sum the contract wraps, for any weights
// (hi is needed only modulo 2^16, and each product pair, of bytes and
// signed 16-bit numbers, stays within ±2^25). Lo is w's low word as it
// is; hi is the high word of w - lo.
func (c *rgbConsts) step(w, x reg.VecVirtual, acc [4]reg.VecVirtual, ctl [2]reg.VecVirtual) {
	h := build.ZMM()
	x86.SplitWeights(w, h)
	pix := [2]reg.VecVirtual{build.ZMM(), build.ZMM()}
	for i := range pix {
		if c.ch == 3 {
			build.VPERMB_Z(x, ctl[i], c.words, pix[i])
		} else {
			build.VPSHUFB(ctl[i], x, pix[i])
		}
	}
	t := build.ZMM()
	for i := range pix {
		for half, from := range []reg.VecVirtual{w, h} {
			build.VPSHUFB(c.weight[i][half], from, t)
			build.VPDPWSSD(t, pix[i], acc[2*half+i])
		}
	}
}

// fold leaves in acc[0] the window's sums: acc[0] + acc[1] + (acc[2] +
// acc[3]) << 16.
func (c *rgbConsts) fold(acc [4]reg.VecVirtual) {
	build.VPADDD(acc[3], acc[2], acc[2])
	build.VPSLLD(operand.U8(16), acc[2], acc[2])
	build.VPADDD(acc[1], acc[0], acc[0])
	build.VPADDD(acc[2], acc[0], acc[0])
}

// lanes4 repeats a 128-bit lane's control in the four lanes of a ZMM.
func lanes4(b [16]byte) []byte {
	out := make([]byte, 0, 64)
	for i := 0; i < 4; i++ {
		out = append(out, b[:]...)
	}
	return out
}

// loadPixels loads x's size of pixels from p, a window's, whose bytes past
// the window (which its weights, zero or masked to zero, cancel) are loaded
// too when they lie before end, the end of src; otherwise under the mask
// that mask emits, which keeps the load within the window. An access with
// a mask costs much more than one without when it misses the cache (Zen
// 5: the horizontal pass of a 2560x1600 resize took twice AVX2's time with
// masked pixel loads), and it does here, the source streaming from memory.
func loadPixels(label string, p, end reg.GPVirtual, x reg.Register, mask func() reg.OpmaskVirtual) {
	t := build.GP64()
	build.LEAQ(mem(p, int(x.Size())), t)
	build.CMPQ(t, end)
	build.JA(operand.LabelRef(label + "_masked"))
	if x.Size() == 64 {
		build.VMOVDQU64(mem(p, 0), x)
	} else {
		build.VMOVDQU8(mem(p, 0), x)
	}
	build.JMP(operand.LabelRef(label + "_loaded"))
	build.Label(label + "_masked")
	build.VMOVDQU8_Z(mem(p, 0), mask(), x)
	build.Label(label + "_loaded")
}

// loadWeights loads into w the weights at kp of the tail's taps, kw's
// lanes, and zeros in the other lanes: through a load without a mask and
// a masked move when w's bytes end before kend, the end of k (see
// loadPixels for why), else under the mask.
func loadWeights(label string, kp, kend reg.GPVirtual, w reg.Register, kw reg.OpmaskVirtual) {
	t := build.GP64()
	build.LEAQ(mem(kp, int(w.Size())), t)
	build.CMPQ(t, kend)
	build.JA(operand.LabelRef(label + "_wmasked"))
	build.VMOVDQU32(mem(kp, 0), w)
	build.VMOVDQA32_Z(w, kw, w)
	build.JMP(operand.LabelRef(label + "_wloaded"))
	build.Label(label + "_wmasked")
	build.VMOVDQU32_Z(mem(kp, 0), kw, w)
	build.Label(label + "_wloaded")
}

// resampleColumns emits ResampleColumns: 64 columns a step in four ZMM
// accumulators, each tap one broadcast weight and four VPMOVZXBD loads
// from the tap's row; then 16 columns a step in one, the last step under
// a mask of the columns left. The clip is VPSRAD by 22, VPMAXSD with 0
// and VPMOVUSDB, whose unsigned saturation clamps the rest to 255:
// Pillow's clip8.
func resampleColumns() {
	c := x86.LoadColumns(true)
	half, zero := build.ZMM(), build.ZMM()
	build.VPBROADCASTD(build.ConstData("resamplecols512_half", operand.U32(1<<21)), half)
	build.VPXORD(zero, zero, zero)
	rw := x86.RowWalk{P: build.GP64(), KP: build.GP64(), J: build.GP64()}
	w, x := build.ZMM(), build.ZMM()
	// tapLoop emits the loop over the rows for accumulators acc, each 16
	// columns from column 16*index, and their clipped stores; mask, when
	// not nil, masks the loads and the store of one accumulator.
	tapLoop := func(label string, acc []reg.VecVirtual, mask reg.OpmaskVirtual) {
		for _, a := range acc {
			build.VMOVDQA64(half, a)
		}
		c.RowLoop(rw, label+"_tap", label+"_clip", func() {
			build.VPBROADCASTD(mem(rw.KP, 0), w)
			for i, a := range acc {
				widen(build.VPMOVZXBD, mem(rw.P, 16*i), mask, x, x.AsX())
				build.VPMULLD(w, x, x)
				build.VPADDD(x, a, a)
			}
		})
		for i, a := range acc {
			build.VPSRAD(operand.U8(22), a, a)
			build.VPMAXSD(zero, a, a)
			masked(build.VPMOVUSDB, mask, a, mem(c.Dst, 16*i))
		}
	}

	acc := []reg.VecVirtual{build.ZMM(), build.ZMM(), build.ZMM(), build.ZMM()}
	c.Pass([]x86.Strip{
		{Label: "block", Cols: 64, DstBytes: 64, Body: func() { tapLoop("block", acc, nil) }},
		{Label: "sixteens", Cols: 16, DstBytes: 16, Body: func() { tapLoop("sixteen", acc[:1], nil) }},
	}, "tail", func() {
		k := build.K()
		lowBits(c.N, k)
		tapLoop("tail", acc[:1], k)
	})
}

// reduceColumns emits ReduceColumns: 128 columns a step in four ZMM
// accumulators of 16-bit lanes, each row adding four VPMOVZXBW loads with
// VPADDW (which wraps as uint16, the contract); then 32 columns a step in
// one, the last step under a mask of the columns left (one bit a column,
// for the bytes loaded and the words stored alike).
func reduceColumns() {
	c := x86.LoadColumns(false)
	rw := x86.RowWalk{P: build.GP64(), J: build.GP64()}
	x := build.ZMM()
	// rowLoop emits the loop over the rows for accumulators acc, each 32
	// columns from column 32*index, and their stores; mask, when not nil,
	// masks the loads and the store of one accumulator.
	rowLoop := func(label string, acc []reg.VecVirtual, mask reg.OpmaskVirtual) {
		for _, a := range acc {
			build.VPXORD(a, a, a)
		}
		c.RowLoop(rw, label+"_row", label+"_store", func() {
			for i, a := range acc {
				widen(build.VPMOVZXBW, mem(rw.P, 32*i), mask, x, x.AsY())
				build.VPADDW(x, a, a)
			}
		})
		for i, a := range acc {
			masked(build.VMOVDQU16, mask, a, mem(c.Dst, 64*i))
		}
	}

	acc := []reg.VecVirtual{build.ZMM(), build.ZMM(), build.ZMM(), build.ZMM()}
	c.Pass([]x86.Strip{
		{Label: "block", Cols: 128, DstBytes: 256, Wide: true, Body: func() { rowLoop("block", acc, nil) }},
		{Label: "thirtytwos", Cols: 32, DstBytes: 64, Body: func() { rowLoop("thirtytwo", acc[:1], nil) }},
	}, "tail", func() {
		k := build.K()
		lowBits(c.N, k)
		rowLoop("tail", acc[:1], k)
	})
}

// widen emits x = op(m), a zero-extension of the bytes at m into x's
// wider lanes; with a mask, the bytes are loaded first into x's narrower
// view half under it (zero elsewhere), so no masked-off byte is read.
func widen(op inst, m operand.Mem, mask reg.OpmaskVirtual, x reg.VecVirtual, half reg.Register) {
	if mask == nil {
		op(m, x)
		return
	}
	build.VMOVDQU8_Z(m, mask, half)
	op(half, x)
}
