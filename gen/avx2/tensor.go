package main

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// tensorPlane emits TensorPlane: 8 bytes a step, gathered from their
// stride (1: VPMOVZXBD straight from memory; 3: two loads and VPSHUFB
// picking every third byte; 4: one 32-byte load whose dwords' low bytes
// VPAND keeps), converted by VCVTDQ2PS (exact below 2^24), then VDIVPS by
// 255, VSUBPS the mean and VDIVPS by std, IEEE operations rounded as Go's
// float32 ones are. A step runs only while its loads, 8*stride bytes,
// end within the bytes the wrapper checked (8 more outputs than the step
// needs for strides 3 and 4: the last output's byte is the slice's last
// one there); the rest, and other strides, one byte at a time with the
// scalar forms of the same instructions.
func tensorPlane() {
	dst := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	src := build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
	stride := build.Load(build.Param("stride"), build.GP64()).(reg.GPVirtual)
	n := build.Load(build.Param("dst").Len(), build.GP64()).(reg.GPVirtual)
	mean, std, c255 := build.YMM(), build.YMM(), build.YMM()
	build.VBROADCASTSS(build.Load(build.Param("mean"), build.XMM()), mean)
	build.VBROADCASTSS(build.Load(build.Param("std"), build.XMM()), std)
	build.VBROADCASTSS(build.ConstData("tensor_255", operand.F32(255)), c255)
	x, y := build.YMM(), build.YMM()
	finish := func(v reg.VecVirtual) {
		build.VCVTDQ2PS(v, v)
		build.VDIVPS(c255, v, v)
		build.VSUBPS(mean, v, v)
		build.VDIVPS(std, v, v)
		build.VMOVUPS(v, operand.Mem{Base: dst})
		build.ADDQ(operand.U8(32), dst)
		build.SUBQ(operand.U8(8), n)
	}
	lo, hi := build.XMM(), build.XMM()
	build.VMOVDQU(pickBytes("tensor_pick3lo", 0, 3, 0, 6), lo) // bytes 0, 3, .., 15 to 0..5
	build.VMOVDQU(pickBytes("tensor_pick3hi", 2, 3, 6, 2), hi) // bytes 18, 21 (of the second load) to 6, 7
	low := build.YMM()
	build.VPBROADCASTD(build.ConstData("tensor_low", operand.U32(0xff)), low)
	build.CMPQ(stride, operand.U8(1))
	build.JE(operand.LabelRef("s1"))
	build.CMPQ(stride, operand.U8(3))
	build.JE(operand.LabelRef("s3"))
	build.CMPQ(stride, operand.U8(4))
	build.JE(operand.LabelRef("s4"))
	build.JMP(operand.LabelRef("tail"))

	build.Label("s1")
	build.CMPQ(n, operand.U8(8))
	build.JB(operand.LabelRef("tail"))
	build.VPMOVZXBD(operand.Mem{Base: src}, x)
	build.ADDQ(operand.U8(8), src)
	finish(x)
	build.JMP(operand.LabelRef("s1"))

	build.Label("s3")
	build.CMPQ(n, operand.U8(9))
	build.JB(operand.LabelRef("tail"))
	build.VMOVDQU(operand.Mem{Base: src}, x.AsX())
	build.VMOVQ(operand.Mem{Base: src, Disp: 16}, y.AsX())
	build.VPSHUFB(lo, x.AsX(), x.AsX())
	build.VPSHUFB(hi, y.AsX(), y.AsX())
	build.VPOR(y.AsX(), x.AsX(), x.AsX())
	build.VPMOVZXBD(x.AsX(), x)
	build.ADDQ(operand.U8(24), src)
	finish(x)
	build.JMP(operand.LabelRef("s3"))

	build.Label("s4")
	build.CMPQ(n, operand.U8(9))
	build.JB(operand.LabelRef("tail"))
	build.VPAND(operand.Mem{Base: src}, low, x)
	build.ADDQ(operand.U8(32), src)
	finish(x)
	build.JMP(operand.LabelRef("s4"))

	build.Label("tail")
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("done"))
	t := build.GP32()
	build.MOVBLZX(operand.Mem{Base: src}, t)
	build.VXORPS(x.AsX(), x.AsX(), x.AsX())
	build.VCVTSI2SSL(t, x.AsX(), x.AsX())
	build.VDIVSS(c255.AsX(), x.AsX(), x.AsX())
	build.VSUBSS(mean.AsX(), x.AsX(), x.AsX())
	build.VDIVSS(std.AsX(), x.AsX(), x.AsX())
	build.VMOVSS(x.AsX(), operand.Mem{Base: dst})
	build.ADDQ(operand.U8(4), dst)
	build.ADDQ(stride, src)
	build.DECQ(n)
	build.JMP(operand.LabelRef("tail"))

	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// pickBytes returns a 16-byte VPSHUFB mask that moves count bytes, step
// apart from byte first, to bytes at..at+count-1, zeroing the others.
func pickBytes(name string, first, step, at, count int) operand.Mem {
	m := build.GLOBL(name, build.RODATA|build.NOPTR)
	for i := 0; i < 16; i++ {
		v := 0x80
		if i >= at && i < at+count {
			v = first + (i-at)*step
		}
		build.DATA(i, operand.U8(uint8(v)))
	}
	return m
}
