package main

import "github.com/hotloop/hotloop/gen/internal/arm64"

// upsampleKernel emits UpsampleH2V1 (v2 false: the samples are src) or
// UpsampleH2V2 (the samples are the column sums 3*near + far): outputs 2i
// and 2i+1 are (3*s[i] + s[i-1] + even bias) and (3*s[i] + s[i+1] + odd
// bias), shifted. 16 samples a step in 16-bit lanes (UXTL; every sum fits),
// from loads at i-1, i and i+1, so the step runs only where those stay
// within the row (1 <= i <= n-17); UQXTN narrows (the results are bytes
// already) and VST2 interleaves the even and odd outputs. The first
// sample, and those after the last step, go one at a time in general
// registers, the edge sample standing in for its missing neighbour.
//
// Registers: R0 dst, R1 src or near, R2 far, R3 n, R4 i, R5 the last i a
// step may start at.
func upsampleKernel(f *fn, v2 bool) {
	biasE, biasO, shift := 1, 2, 2
	a := "src"
	if v2 {
		biasE, biasO, shift = 8, 7, 4
		a = "near"
	}
	f.I("MOVD %s, R0", f.arg("dst_base"))
	f.I("MOVD %s, R1", f.arg(a+"_base"))
	if v2 {
		f.I("MOVD %s, R2", f.arg("far_base"))
	}
	f.I("MOVD %s, R3", f.arg(a+"_len"))
	f.I("MOVD $0, R4")
	f.I("SUB $17, R3, R5")
	for _, b := range []struct{ v, bias int }{{30, biasE}, {31, biasO}} {
		f.I("MOVW $%d, %s", b.bias, rTmp)
		f.I("VDUP %s, V%d.H8", rTmp, b.v)
	}

	f.label("one")
	f.I("CMP R3, R4")
	f.I("BHS done")
	f.I("SUB $1, R4, R6")
	f.I("CMP $0, R4")
	f.I("CSEL EQ, R4, R6, R6") // s[-1] = s[0]
	f.I("ADD $1, R4, R7")
	f.I("CMP R3, R7")
	f.I("CSEL EQ, R4, R7, R7") // s[n] = s[n-1]
	sample := func(j, d string) {
		f.I("MOVBU (R1)(%s), %s", j, d)
		if v2 {
			f.I("MOVBU (R2)(%s), R15", j)
			f.I("ADD %s<<1, %s, %s", d, d, d)
			f.I("ADD R15, %s, %s", d, d)
		}
	}
	sample("R4", "R8")
	sample("R6", "R11")
	sample("R7", "R13")
	f.I("ADD R8<<1, R8, R8")
	f.I("ADD R8, R11, R11")
	f.I("ADD $%d, R11, R11", biasE)
	f.I("LSR $%d, R11, R11", shift)
	f.I("ADD R8, R13, R13")
	f.I("ADD $%d, R13, R13", biasO)
	f.I("LSR $%d, R13, R13", shift)
	f.I("ADD R4<<1, R0, R14")
	f.I("MOVB R11, (R14)")
	f.I("MOVB R13, 1(R14)")
	f.I("ADD $1, R4, R4")

	f.label("step")
	f.I("CMP R5, R4")
	f.I("BGT one") // signed: R5 < 0 for short rows
	start := f.n
	// Samples at i-1, i, i+1 in 16-bit halves: V1/V2, V3/V4, V5/V6.
	widen := func(base string, lo int) {
		f.I("VLD1 (%s), [V0.B16]", base)
		f.I("VUXTL V0.B8, V%d.H8", lo)
		f.I("VUXTL2 V0.B16, V%d.H8", lo+1)
	}
	f.I("ADD R4, R1, R6")
	f.I("SUB $1, R6, R7")
	f.I("ADD $1, R6, R8")
	if v2 {
		f.I("ADD R4, R2, R11")
		f.I("SUB $1, R11, R13")
		f.I("ADD $1, R11, R14")
	}
	for k, base := range []string{"R7", "R6", "R8"} {
		lo := 1 + 2*k
		widen(base, lo)
		if v2 {
			widen([]string{"R13", "R11", "R14"}[k], 7)
			for h := 0; h < 2; h++ {
				f.I("VADD V%d.H8, V%d.H8, V9.H8", lo+h, lo+h)
				f.I("VADD V9.H8, V%d.H8, V%d.H8", lo+h, lo+h)
				f.I("VADD V%d.H8, V%d.H8, V%d.H8", 7+h, lo+h, lo+h)
			}
		}
	}
	for h := 0; h < 2; h++ {
		c, p, q := 3+h, 1+h, 5+h
		f.I("VADD V%d.H8, V%d.H8, V9.H8", c, c)
		f.I("VADD V9.H8, V%d.H8, V9.H8", c) // 3*s[i]
		f.I("VADD V9.H8, V%d.H8, V%d.H8", p, p)
		f.I("VADD V30.H8, V%d.H8, V%d.H8", p, p)
		f.I("VUSHR $%d, V%d.H8, V%d.H8", shift, p, p)
		f.I("VADD V9.H8, V%d.H8, V%d.H8", q, q)
		f.I("VADD V31.H8, V%d.H8, V%d.H8", q, q)
		f.I("VUSHR $%d, V%d.H8, V%d.H8", shift, q, q)
	}
	f.W2(arm64.UQXTN, "8b", 20, 1)
	f.W2(arm64.UQXTN2, "16b", 20, 2)
	f.W2(arm64.UQXTN, "8b", 21, 5)
	f.W2(arm64.UQXTN2, "16b", 21, 6)
	f.I("ADD R4<<1, R0, R14")
	f.I("VST2 [V20.B16, V21.B16], (R14)")
	f.I("ADD $16, R4, R4")
	f.I("B step")
	f.loopInsts, f.loopElems = f.n-start, 16
	f.label("done")
	f.I("RET")
}
