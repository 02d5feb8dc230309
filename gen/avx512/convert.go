package main

import (
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// convertKernels are the conversions this file emits.
var convertKernels = x86.ConvertKernels(float32To64, float64To32, uint8ToFloat32, float32ToUint8)

// convert emits a conversion loop of lanes elements a step; step emits
// one step's work for the tail's opmask k (nil in the loops, where loads
// and stores are whole registers), storing through store (see storeDst).
// With stream, large calls branch to x86.Stream's section, emitted after
// the RET: a head of single elements under a one-lane mask, then blocks
// with non-temporal stores.
func convert(a *arrays, lanes int, stream bool, step func(k reg.OpmaskVirtual, r int, nt bool)) {
	a.outs["dst"] = true
	section := func() {}
	if stream {
		section = a.Stream("dst", []string{"src"}, lanes*registry.ConvertUnroll,
			oneLane(func(k reg.OpmaskVirtual) { step(k, 0, false) }),
			func() {
				for r := 0; r < registry.ConvertUnroll; r++ {
					step(nil, r, true)
				}
			})
	}
	a.loop(recipe.Loop{
		Lanes: lanes, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				step(nil, r, false)
			}
		},
		Tail: func() { a.step(func() { step(a.mask(1), 0, false) }) },
	})
	build.VZEROUPPER()
	build.RET()
	section()
}

// masked emits op with the opmask k inserted before its last operand
// (merge-masking, or a masked store), or op as is when k is nil.
func masked(op inst, k reg.OpmaskVirtual, ops ...operand.Op) {
	if k != nil {
		ops = append(ops[:len(ops)-1:len(ops)-1], k, ops[len(ops)-1])
	}
	op(ops...)
}

// storeDst stores v to m: non-temporally when nt (the streaming loop's
// blocks), else with mov under the opmask k (see masked).
func storeDst(mov inst, k reg.OpmaskVirtual, nt bool, v reg.VecVirtual, m operand.Mem) {
	if nt {
		x86.StoreNT(v, m)
		return
	}
	masked(mov, k, v, m)
}

// loadZ loads m into v with mov, zero-masked by k in the tail (masked-off
// lanes neither fault nor load); a plain load in the loops.
func loadZ(mov inst, movZ func(m, k, dst operand.Op), k reg.OpmaskVirtual, m operand.Mem, v reg.VecVirtual) {
	if k == nil {
		mov(m, v)
	} else {
		movZ(m, k, v)
	}
}

// float32To64 widens eight float32 to eight float64 per ZMM (exact).
func float32To64() { floatConvert(f32, f64, build.YMM, build.ZMM, build.VCVTPS2PD) }

// float64To32 narrows eight float64 per ZMM, rounding to nearest even
// (the MXCSR default Go runs with), as Go's float32(x) does.
func float64To32() { floatConvert(f64, f32, build.ZMM, build.YMM, build.VCVTPD2PS) }

// floatConvert emits a conversion from float type from to to, eight
// elements a step: conv converts a register of in's kind (YMM for eight
// float32, ZMM for eight float64) into one of out's.
func floatConvert(from, to elem, in, out func() reg.VecVirtual, conv inst) {
	a := loadArrays([]string{"dst", "src"}, []int{to.Size, from.Size})
	convert(a, 8, true, func(k reg.OpmaskVirtual, r int, nt bool) {
		x, y := in(), out()
		loadZ(from.mov, from.movZ, k, a.At("src", 8*r), x)
		conv(x, y)
		storeDst(to.mov, k, nt, y, a.At("dst", 8*r))
	})
}

// uint8ToFloat32 computes float32(src[i])*scale + offset, sixteen bytes per
// ZMM: zero-extend to int32, convert (exact), multiply, then add; the
// product is rounded before the add, as in the Go reference.
func uint8ToFloat32() {
	a := loadArrays([]string{"dst", "src"}, []int{4, 1})
	scale := broadcastParam(f32, "scale")
	offset := broadcastParam(f32, "offset")
	convert(a, 16, true, func(k reg.OpmaskVirtual, r int, nt bool) {
		z := build.ZMM()
		if k == nil {
			build.VPMOVZXBD(a.At("src", 16*r), z)
		} else {
			x := build.XMM()
			build.VMOVDQU8_Z(a.At("src", 0), k, x)
			build.VPMOVZXBD(x, z)
		}
		build.VCVTDQ2PS(z, z)
		build.VMULPS(scale, z, z)
		build.VADDPS(offset, z, z)
		storeDst(build.VMOVUPS, k, nt, z, a.At("dst", 16*r))
	})
}

// float32ToUint8 clamps to [0, 255] (VMAXPS with 0 as second source also
// maps NaN to 0), converts with round-half-to-even (the MXCSR default) and
// narrows sixteen dwords to sixteen bytes with one VPMOVDB store, in
// order: no packing across lanes to undo.
func float32ToUint8() {
	a := loadArrays([]string{"dst", "src"}, []int{1, 4})
	zero := build.ZMM()
	build.VPXORD(zero, zero, zero)
	top := build.ZMM()
	build.VBROADCASTSS(build.ConstData("f32_255", operand.F32(255)), top)
	// Its narrowing VPMOVDB store has no non-temporal form, and its output
	// is a quarter of its input: no streaming loop.
	convert(a, 16, false, func(k reg.OpmaskVirtual, r int, _ bool) {
		z := build.ZMM()
		loadZ(build.VMOVUPS, build.VMOVUPS_Z, k, a.At("src", 16*r), z)
		build.VMAXPS(zero, z, z) // z = max(z, 0); NaN gives the second source, 0
		build.VMINPS(top, z, z)
		build.VCVTPS2DQ(z, z)
		masked(build.VPMOVDB, k, z, a.At("dst", 16*r))
	})
}
