package main

import (
	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/internal/registry"
)

// convertKernels are the conversions this file emits.
var convertKernels = map[string]func(*fn){
	"Float32To64":    float32To64,
	"Float64To32":    float64To32,
	"Uint8ToFloat32": uint8ToFloat32,
	"Float32ToUint8": float32ToUint8,
}

// float32To64 widens registry.ConvertUnroll registers of float32 per block
// (16 elements, 64 bytes) into twice as many of float64: FCVTL takes a
// register's low two lanes, FCVTL2 its high two. The conversion is exact.
func float32To64(f *fn) {
	f.prologue("dst", "src") // R0 dst, R1 src
	// The results go to the registers after the sources.
	const out = registry.ConvertUnroll
	f.loop(recipe.Loop{
		Lanes: 4, Unroll: registry.ConvertUnroll,
		Block: func(count int) {
			f.load("R1", 0, count, "S4")
			for r := 0; r < count; r++ {
				f.W2(arm64.FCVTL, "2d", out+2*r, r)
				f.W2(arm64.FCVTL2, "2d", out+1+2*r, r)
			}
			f.store("R0", out, 2*count, "D2")
		},
		Tail: func() {
			f.I("FMOVS.P 4(R1), F0")
			f.W2(arm64.FCVTL, "2d", out, 0)
			f.I("FMOVD.P F%d, 8(R0)", out)
		},
	})
	f.I("RET")
}

// float64To32 narrows 16 float64 (128 bytes) per block into 16 float32 (64
// bytes), rounding to nearest even like Go's float32(x): FCVTN fills a
// register's low two lanes, FCVTN2 its high two. A single step is one
// source register, two elements.
func float64To32(f *fn) {
	f.prologue("dst", "src")
	f.loop(recipe.Loop{
		Lanes: 2, Unroll: 8, // NEON's own tuning: 16 elements a block, as in Float32To64
		Block: func(count int) {
			f.load("R1", 0, count, "D2")
			if count == 1 {
				f.W2(arm64.FCVTN, "2s", 16, 0)
				f.I("FMOVD.P F16, 8(R0)")
				return
			}
			for j := 0; j < count/2; j++ {
				f.W2(arm64.FCVTN, "2s", 16+j, 2*j)
				f.W2(arm64.FCVTN2, "4s", 16+j, 2*j+1)
			}
			f.store("R0", 16, count/2, "S4")
		},
		Tail: func() {
			f.I("FMOVD.P 8(R1), F0")
			f.W2(arm64.FCVTN, "2s", 16, 0)
			f.I("FMOVS.P F16, 4(R0)")
		},
	})
	f.I("RET")
}

// uint8ToFloat32 computes float32(src[i])*scale + offset for 64 bytes per
// block: zero-extend to 16 and then 32 bits (UXTL, UXTL2), convert (UCVTF,
// exact), multiply, then add: FMUL and FADD, never fused, as in the Go
// reference. A single step is four bytes into one register.
func uint8ToFloat32(f *fn) {
	f.prologue("dst", "src")
	f.broadcastF32("scale", vConst)
	f.broadcastF32("offset", vConst2)
	finish := func(v int) {
		f.W2(arm64.UCVTF, "4s", v, v)
		f.W(arm64.FMUL, "4s", v, v, vConst)
		f.W(arm64.FADD, "4s", v, v, vConst2)
	}
	f.loop(recipe.Loop{
		Lanes: 4, Unroll: 16, // NEON's own tuning: 64 elements a block
		Block: func(count int) {
			if count == 1 {
				f.I("FMOVS.P 4(R1), F0")
				f.I("VUXTL V0.B8, V0.H8")
				f.I("VUXTL V0.H4, V0.S4")
				finish(0)
				f.st("VST1", "[V0.S4]", "R0", 16)
				return
			}
			f.load("R1", 0, count/4, "B16")
			for s := 0; s < count/4; s++ {
				lo, hi := 4+s%2*2, 5+s%2*2 // alternate so neighbours overlap
				out := 8 + 4*s
				f.I("VUXTL V%d.B8, V%d.H8", s, lo)
				f.I("VUXTL2 V%d.B16, V%d.H8", s, hi)
				f.I("VUXTL V%d.H4, V%d.S4", lo, out)
				f.I("VUXTL2 V%d.H8, V%d.S4", lo, out+1)
				f.I("VUXTL V%d.H4, V%d.S4", hi, out+2)
				f.I("VUXTL2 V%d.H8, V%d.S4", hi, out+3)
			}
			for v := 8; v < 8+count; v++ {
				finish(v)
			}
			f.store("R0", 8, count, "S4")
		},
		Tail: func() {
			f.I("MOVBU.P 1(R1), %s", rTmp)
			f.I("FMOVS %s, F0", rTmp) // the integer in lane 0
			finish(0)
			f.I("FMOVS.P F0, 4(R0)")
		},
	})
	f.I("RET")
}

func (f *fn) broadcastF32(name string, v int) { f.broadcast(f32, name, v) }

// float32ToUint8 converts 64 float32 per block: FCVTNU rounds to nearest
// even and saturates to uint32 (negative and NaN give 0), then two
// saturating narrows (UQXTN, UQXTN2) clamp to 0..65535 and 0..255. That is
// exactly the reference's clamp, round-half-even and NaN -> 0.
func float32ToUint8(f *fn) {
	f.prologue("dst", "src")
	f.loop(recipe.Loop{
		Lanes: 4, Unroll: 16, // NEON's own tuning: 64 elements a block
		Block: func(count int) {
			f.load("R1", 0, count, "S4")
			for v := 0; v < count; v++ {
				f.W2(arm64.FCVTNU, "4s", v, v)
			}
			if count == 1 {
				f.W2(arm64.UQXTN, "4h", 0, 0)
				f.W2(arm64.UQXTN, "8b", 0, 0)
				f.I("FMOVS.P F0, 4(R0)")
				return
			}
			for g := 0; g < count/4; g++ {
				a, b := 4*g, 4*g+2
				f.W2(arm64.UQXTN, "4h", a, a)
				f.W2(arm64.UQXTN2, "8h", a, a+1)
				f.W2(arm64.UQXTN, "4h", b, b)
				f.W2(arm64.UQXTN2, "8h", b, b+1)
				f.W2(arm64.UQXTN, "8b", 16+g, a)
				f.W2(arm64.UQXTN2, "16b", 16+g, b)
			}
			f.store("R0", 16, count/4, "B16")
		},
		Tail: func() {
			f.I("FMOVS.P 4(R1), F0")
			f.W2(arm64.FCVTNU, "4s", 0, 0)
			f.W2(arm64.UQXTN, "4h", 0, 0)
			f.W2(arm64.UQXTN, "8b", 0, 0)
			f.I("VMOV V0.B[0], %s", rTmp)
			f.I("MOVB.P %s, 1(R0)", rTmp)
		},
	})
	f.I("RET")
}
