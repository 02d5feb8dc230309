package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/gen/internal/idct"
)

// blockKernels are the 8x8 block kernels this file emits.
var blockKernels = map[string]func(*fn){
	"IDCT":        func(f *fn) { idctKernel(f, false) },
	"DequantIDCT": func(f *fn) { idctKernel(f, true) },
}

// Registers of the inverse DCT with a fixed role: the twelve multipliers
// in the lanes of three registers (MUL by element), the two passes'
// rounding halves and the level shift in 16-bit lanes; V0..V25 hold
// values, allocated as the passes walk their operations.
const (
	vIdctMul   = 26 // 26, 27, 28
	vIdctHalf1 = 29
	vIdctHalf2 = 30
	vIdctLevel = 31
	idctPool   = 26
)

// idctKernel emits IDCT: a block a step, in 4-lane halves. The column
// pass runs on the rows' left halves (columns 0-3), then on the right
// ones; 4x4 transposes (TRN1/TRN2 on .4S, then .2D) turn ws's rows 0-3
// into columns for the row pass of rows 0-3, whose results SQXTN narrows
// (exactly: the descaled values fit 15 bits) into the lower halves of
// eight .8H registers; rows 4-7 follow into the upper halves. An 8x8
// transpose of halfwords turns those columns into rows, which get the
// level shift and SQXTUN's saturation to bytes, one 8-byte store a row.
// DequantIDCT (quant) loads four int16 coefficients where IDCT loads four
// int32 ones, widens them (SXTL) and multiplies them by their quantisers
// (MUL), loaded from q (R4) at each use.
func idctKernel(f *fn, quant bool) {
	in, size := "blk", 4
	if quant {
		in, size = "coef", 2
	}
	f.I("MOVD %s, R0", f.arg("dst_base"))
	f.I("MOVD %s, R1", f.arg("stride"))
	f.I("MOVD %s, R2", f.arg(in+"_base"))
	f.I("MOVD %s, %s", f.arg(in+"_len"), rCount)
	if quant {
		f.I("MOVD %s, R4", f.arg("q_base"))
	}
	f.I("LSR $6, %s, %s", rCount, rCount)
	f.I("CBZ %s, done", rCount)
	for i, k := range idct.Multipliers {
		f.I("MOVW $%d, %s", k, rTmp)
		f.I("VMOV %s, V%d.S[%d]", rTmp, vIdctMul+i/4, i%4)
	}
	for _, h := range []struct {
		v     int
		shift uint
	}{{vIdctHalf1, idct.Shift1}, {vIdctHalf2, idct.Shift2}} {
		f.I("MOVW $%d, %s", 1<<(h.shift-1), rTmp)
		f.I("VDUP %s, V%d.S4", rTmp, h.v)
	}
	f.I("MOVW $128, %s", rTmp)
	f.I("VDUP %s, V%d.H8", rTmp, vIdctLevel)

	f.label("block")
	start := f.n
	a := newAlloc()
	names := idct.Names("in")
	ws := [2][8]string{idct.Names("wl"), idct.Names("wr")}
	for h := 0; h < 2; h++ {
		for j, name := range names {
			if !quant {
				f.I("FMOVQ %d(R2), F%d", 32*j+16*h, a.def(name))
				continue
			}
			v := a.def(name)
			f.I("FMOVD %d(R2), F%d", 16*j+8*h, v)
			f.W2(arm64.SXTL, "4s", v, v)
			t := a.def("quantiser")
			f.I("FMOVQ %d(R4), F%d", 32*j+16*h, t)
			f.W(arm64.MUL, "4s", v, v, t)
			a.free("quantiser")
		}
		a.walk(f, idct.Pass(names, ws[h], idct.Shift1, fmt.Sprintf("c%d_", h)), vIdctHalf1)
	}
	cols := idct.Names("col")
	narrow := idct.Names("n")
	for half := 0; half < 2; half++ {
		// Rows 4*half..4*half+3 of ws, as columns: block (half, h) of
		// the 8x8 transposed into columns 4h..4h+3.
		for h := 0; h < 2; h++ {
			var rows [4]string
			copy(rows[:], ws[h][4*half:4*half+4])
			c := a.transpose4(f, rows)
			for i := range c {
				a.rename(c[i], cols[4*h+i])
			}
		}
		res := idct.Names(fmt.Sprintf("res%d_", half))
		a.walk(f, idct.Pass(cols, res, idct.Shift2, fmt.Sprintf("r%d_", half)), vIdctHalf2)
		for c, name := range res {
			if half == 0 {
				f.W2(arm64.SQXTN, "4h", a.def(narrow[c]), a.use(name))
			} else {
				f.W2(arm64.SQXTN2, "8h", a.reg(narrow[c]), a.use(name))
			}
			a.free(name)
		}
	}
	rows := a.transpose8h(f, narrow)
	f.I("MOVD R0, R3")
	for r, name := range rows {
		v := a.use(name)
		f.I("VADD V%d.H8, V%d.H8, V%d.H8", vIdctLevel, v, v)
		f.W2(arm64.SQXTUN, "8b", v, v)
		f.I("VST1 [V%d.B8], (R3)", v)
		if r < 7 {
			f.I("ADD R1, R3, R3")
		}
		a.free(name)
	}
	f.I("ADD $%d, R2, R2", 64*size)
	f.I("ADD $8, R0, R0")
	f.I("SUBS $1, %s, %s", rCount, rCount)
	f.I("BNE block")
	f.loopInsts, f.loopElems = f.n-start, 64 // per sample of a block
	f.label("done")
	f.I("RET")
}

// alloc hands out V0..V25 to named values.
type alloc struct {
	free_ []int
	regs  map[string]int
}

func newAlloc() *alloc {
	a := &alloc{regs: map[string]int{}}
	for r := idctPool - 1; r >= 0; r-- {
		a.free_ = append(a.free_, r)
	}
	return a
}

// def gives name a free register and returns it.
func (a *alloc) def(name string) int {
	if len(a.free_) == 0 {
		panic("idct: out of NEON registers at " + name)
	}
	if _, ok := a.regs[name]; ok {
		panic("idct: " + name + " defined twice")
	}
	r := a.free_[len(a.free_)-1]
	a.free_ = a.free_[:len(a.free_)-1]
	a.regs[name] = r
	return r
}

// reg returns name's register.
func (a *alloc) reg(name string) int {
	r, ok := a.regs[name]
	if !ok {
		panic("idct: no value " + name)
	}
	return r
}

// use is reg, for a value being read.
func (a *alloc) use(name string) int { return a.reg(name) }

// free returns name's register to the pool.
func (a *alloc) free(name string) {
	a.free_ = append(a.free_, a.reg(name))
	delete(a.regs, name)
}

// rename moves a value to a new name without an instruction.
func (a *alloc) rename(from, to string) {
	r := a.reg(from)
	delete(a.regs, from)
	a.regs[to] = r
}

// walk emits a pass's operations. Each operation's sources are freed
// after their last read before its destination is allocated, so that it
// may overwrite one of them (every instruction reads before it writes);
// the inputs die as the pass consumes them.
func (a *alloc) walk(f *fn, ops []idct.Op, half int) {
	last := idct.LastUse(ops)
	for i, o := range ops {
		ra := a.use(o.A)
		rb := -1
		if o.B != "" {
			rb = a.use(o.B)
		}
		for _, s := range []string{o.A, o.B} {
			if s != "" && last[s] == i {
				if _, ok := a.regs[s]; ok {
					a.free(s)
				}
			}
		}
		d := a.def(o.Dst)
		switch o.Kind {
		case idct.Add:
			f.I("VADD V%d.S4, V%d.S4, V%d.S4", rb, ra, d)
		case idct.Sub:
			f.I("VSUB V%d.S4, V%d.S4, V%d.S4", rb, ra, d)
		case idct.Mul:
			i := idct.MultiplierIndex(o.K)
			f.W(arm64.MULE, fmt.Sprintf("4s[%d]", i%4), d, ra, vIdctMul+i/4)
		case idct.Shl:
			f.I("VSHL $%d, V%d.S4, V%d.S4", o.N, ra, d)
		case idct.Sar:
			f.W2(arm64.SSHR, fmt.Sprintf("4s#%d", o.N), d, ra)
		case idct.AddK:
			if o.K != 1<<((map[int]uint{vIdctHalf1: idct.Shift1, vIdctHalf2: idct.Shift2})[half]-1) {
				panic(fmt.Sprintf("idct: constant %d is not the pass's half", o.K))
			}
			f.I("VADD V%d.S4, V%d.S4, V%d.S4", half, ra, d)
		}
	}
}

// transpose4 transposes the 4x4 int32 block in rows (freed) and returns
// the names of its columns.
func (a *alloc) transpose4(f *fn, rows [4]string) [4]string {
	t := [4]string{rows[0] + "_t0", rows[0] + "_t1", rows[0] + "_t2", rows[0] + "_t3"}
	for p := 0; p < 2; p++ {
		x, y := rows[2*p], rows[2*p+1]
		f.I("VTRN1 V%d.S4, V%d.S4, V%d.S4", a.use(y), a.use(x), a.def(t[2*p]))   // x0 y0 x2 y2
		f.I("VTRN2 V%d.S4, V%d.S4, V%d.S4", a.use(y), a.use(x), a.def(t[2*p+1])) // x1 y1 x3 y3
		a.free(x)
		a.free(y)
	}
	c := [4]string{rows[0] + "_c0", rows[0] + "_c1", rows[0] + "_c2", rows[0] + "_c3"}
	for p := 0; p < 2; p++ {
		x, y := t[p], t[p+2]
		f.I("VTRN1 V%d.D2, V%d.D2, V%d.D2", a.use(y), a.use(x), a.def(c[p]))
		f.I("VTRN2 V%d.D2, V%d.D2, V%d.D2", a.use(y), a.use(x), a.def(c[p+2]))
		a.free(x)
		a.free(y)
	}
	return c
}

// transpose8h transposes the 8x8 halfwords of cols (cols[c] lane r is
// row r of column c; freed) and returns the names of the rows.
func (a *alloc) transpose8h(f *fn, cols [8]string) [8]string {
	step := func(arr string, x, y, lo, hi string) {
		f.I("VTRN1 V%d.%s, V%d.%s, V%d.%s", a.use(y), arr, a.use(x), arr, a.def(lo), arr)
		f.I("VTRN2 V%d.%s, V%d.%s, V%d.%s", a.use(y), arr, a.use(x), arr, a.def(hi), arr)
		a.free(x)
		a.free(y)
	}
	A, B, R := idct.Names("ta"), idct.Names("tb"), idct.Names("row")
	for i := 0; i < 8; i += 2 {
		step("H8", cols[i], cols[i+1], A[i], A[i+1])
	}
	for _, g := range []int{0, 4} {
		step("S4", A[g], A[g+2], B[g], B[g+2])
		step("S4", A[g+1], A[g+3], B[g+1], B[g+3])
	}
	for i := 0; i < 4; i++ {
		step("D2", B[i], B[i+4], R[i], R[i+4])
	}
	return R
}
