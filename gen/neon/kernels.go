package main

import (
	"fmt"
	"slices"

	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
)

// The kernels this file emits, by shape.
var (
	elementwiseKernels = map[string]func(*fn, elem){
		"Add":      binary(arm64.FADD),
		"Sub":      binary(arm64.FSUB),
		"Mul":      binary(arm64.FMUL),
		"Div":      binary(arm64.FDIV),
		"AddConst": withConst(arm64.FADD),
		"Scale":    withConst(arm64.FMUL),
		"Axpy":     axpy,
		"MulAdd":   mulAdd,
		"Abs":      abs,
	}
	reduceKernels = map[string]func(*fn, elem){
		"Sum":            sum,
		"Dot":            dot,
		"SumSquares":     sumSquares,
		"SumSquaredDiff": sumSquaredDiff,
		"Min":            extreme(arm64.FMIN, arm64.FMINP, func(e elem) uint64 { return e.posInf }),
		"Max":            extreme(arm64.FMAX, arm64.FMAXP, func(e elem) uint64 { return e.negInf }),
	}
	searchKernels = map[string]func(*fn, elem){
		"Index":    index(false),
		"IndexNaN": index(true),
	}
)

// elem is everything the generator needs to know of one float type.
type elem struct {
	spec.Type
	arr    string // Arm arrangement of a full register: "4s"
	goArr  string // the same in Go syntax: "S4"
	lanes  int    // elements per register
	fmov   string // scalar load/store: "FMOVS"
	fcmp   string // scalar compare: "FCMPS"
	shift  int    // log2 of the element size
	posInf uint64 // bits of +Inf
	negInf uint64 // bits of -Inf
}

var (
	f32 = elem{Type: spec.Float32, arr: "4s", goArr: "S4", lanes: 4, fmov: "FMOVS", fcmp: "FCMPS", shift: 2,
		posInf: 0x7f800000, negInf: 0xff800000}
	f64 = elem{Type: spec.Float64, arr: "2d", goArr: "D2", lanes: 2, fmov: "FMOVD", fcmp: "FCMPD", shift: 3,
		posInf: 0x7ff0000000000000, negInf: 0xfff0000000000000}
	elems = map[string]elem{spec.Float32.Suffix: f32, spec.Float64.Suffix: f64}
)

// broadcast loads the scalar argument name into every lane of V<v>.
func (f *fn) broadcast(e elem, name string, v int) {
	f.I("%s %s, F%d", e.fmov, f.arg(name), v)
	f.I("VDUP V%d.%s[0], V%d.%s", v, e.goArr[:1], v, e.goArr)
}

// Registers holding broadcast scalar arguments.
const (
	vConst  = 31 // c, alpha, v, scale
	vConst2 = 30 // offset
)

// ewStride is the register distance between the inputs of an elementwise
// block: registry.ElementwiseUnroll registers (64 bytes) of each stream.
const ewStride = registry.ElementwiseUnroll

// elementwise emits out[i] = f(inputs[i]...). Step r of a block loads
// input k into V(ewStride*k+r); op emits the arithmetic for step r on full
// registers and returns the register holding the result. The scalar tail
// loads single elements into lane 0 (zeroing the others) and runs the very
// same vector instructions, so every element gets identical arithmetic.
func elementwise(f *fn, e elem, out string, inputs []string, setup func(), op func(r int, in func(k int) int) int) {
	names := append([]string{out}, inputs...)
	inPlace := slices.Contains(inputs, out) // Axpy's y: read and written
	if inPlace {
		names = inputs
	}
	f.prologue(names...)
	ptr := map[string]string{}
	for k, s := range names {
		ptr[s] = ptrReg(k)
	}
	storePtr := ptr[out]
	if inPlace {
		// Loads and stores of out advance separate pointers.
		storePtr = ptrReg(len(names))
		f.I("MOVD %s, %s", ptr[out], storePtr)
	}
	if setup != nil {
		setup()
	}
	in := func(r int) func(k int) int { return func(k int) int { return ewStride*k + r } }
	f.loop(recipe.Loop{
		Lanes: e.lanes, Unroll: registry.ElementwiseUnroll,
		Block: func(count int) {
			for k, s := range inputs {
				f.load(ptr[s], ewStride*k, count, e.goArr)
			}
			first := -1
			for r := 0; r < count; r++ {
				d := op(r, in(r))
				if r == 0 {
					first = d
				} else if d != first+r {
					panic("elementwise: results not in consecutive registers")
				}
			}
			f.store(storePtr, first, count, e.goArr)
		},
		Tail: func() {
			for k, s := range inputs {
				f.I("%s.P %d(%s), F%d", e.fmov, e.Size, ptr[s], ewStride*k)
			}
			d := op(0, in(0))
			f.I("%s.P F%d, %d(%s)", e.fmov, d, e.Size, storePtr)
		},
	})
	f.I("RET")
}

// binary emits dst[i] = a[i] op b[i] for Add, Sub, Mul and Div.
func binary(o *arm64.Op) func(*fn, elem) {
	return func(f *fn, e elem) {
		elementwise(f, e, "dst", []string{"a", "b"}, nil, func(r int, in func(int) int) int {
			f.W(o, e.arr, in(0), in(0), in(1))
			return in(0)
		})
	}
}

// withConst emits dst[i] = a[i] op c for AddConst and Scale.
func withConst(o *arm64.Op) func(*fn, elem) {
	return func(f *fn, e elem) {
		elementwise(f, e, "dst", []string{"a"}, func() { f.broadcast(e, "c", vConst) },
			func(r int, in func(int) int) int {
				f.W(o, e.arr, in(0), in(0), vConst) // a stays the left operand
				return in(0)
			})
	}
}

// axpy emits y[i] += alpha*x[i] with one fused multiply-add (VFMLA).
func axpy(f *fn, e elem) {
	elementwise(f, e, "y", []string{"x", "y"}, func() { f.broadcast(e, "alpha", vConst) },
		func(r int, in func(int) int) int {
			f.I("VFMLA V%d.%s, V%d.%s, V%d.%s", vConst, e.goArr, in(0), e.goArr, in(1), e.goArr)
			return in(1)
		})
}

// mulAdd emits dst[i] = a[i]*b[i] + c[i] with one fused multiply-add.
func mulAdd(f *fn, e elem) {
	elementwise(f, e, "dst", []string{"a", "b", "c"}, nil, func(r int, in func(int) int) int {
		f.I("VFMLA V%d.%s, V%d.%s, V%d.%s", in(1), e.goArr, in(0), e.goArr, in(2), e.goArr)
		return in(2)
	})
}

// A reduction block loads registry.ReduceUnroll registers of each of at
// most two inputs, from V0; registry.Accumulators accumulators follow.
const (
	rdStride = registry.ReduceUnroll
	vAcc     = 2 * rdStride // first accumulator: V16
)

// accumulate emits a reduction over the inputs: block step r loads input
// k into V(rdStride*k+r) and term folds it into accumulator V(vAcc+r);
// single steps and the tail use vAcc. The accumulators are then combined
// in registry.Tree's order, folded pairwise across lanes (pair, an
// FADDP-like op), and the leftover elements added one by one into lane 0.
// start fills the accumulators.
func accumulate(f *fn, e elem, inputs []string, start func(), combine, pair *arm64.Op, term func(acc int, in func(k int) int)) {
	f.prologue(inputs...)
	start()
	in := func(r int) func(k int) int { return func(k int) int { return rdStride*k + r } }
	f.loop(recipe.Loop{
		Lanes: e.lanes, Unroll: registry.ReduceUnroll,
		Block: func(count int) {
			// Four registers of each input at a time, interleaved.
			for g := 0; g < count; g += 4 {
				for k := range inputs {
					f.load(ptrReg(k), rdStride*k+g, min(4, count-g), e.goArr)
				}
			}
			for r := 0; r < count; r++ {
				term(vAcc+r, in(r))
			}
		},
		Before: func() {
			recipe.Tree(accs(), func(dst, src int) { f.W(combine, e.arr, dst, dst, src) })
			for w := e.lanes; w > 1; w /= 2 {
				f.W(pair, e.arr, vAcc, vAcc, vAcc)
			}
		},
		Tail: func() {
			for k := range inputs {
				f.I("%s.P %d(%s), F%d", e.fmov, e.Size, ptrReg(k), rdStride*k)
			}
			term(vAcc, in(0))
		},
	})
	f.I("%s F%d, %s", e.fmov, vAcc, f.arg("ret"))
	f.I("RET")
}

// accs are the accumulator registers' numbers.
func accs() []int {
	v := make([]int, registry.Accumulators)
	for r := range v {
		v[r] = vAcc + r
	}
	return v
}

func zeroAcc(f *fn) func() {
	return func() {
		for _, v := range accs() {
			f.I("VEOR V%d.B16, V%d.B16, V%d.B16", v, v, v)
		}
	}
}

func sum(f *fn, e elem) {
	accumulate(f, e, []string{"a"}, zeroAcc(f), arm64.FADD, arm64.FADDP, func(acc int, in func(int) int) {
		f.W(arm64.FADD, e.arr, acc, acc, in(0))
	})
}

func dot(f *fn, e elem) {
	accumulate(f, e, []string{"a", "b"}, zeroAcc(f), arm64.FADD, arm64.FADDP, func(acc int, in func(int) int) {
		f.I("VFMLA V%d.%s, V%d.%s, V%d.%s", in(1), e.goArr, in(0), e.goArr, acc, e.goArr)
	})
}

func sumSquares(f *fn, e elem) {
	accumulate(f, e, []string{"a"}, zeroAcc(f), arm64.FADD, arm64.FADDP, func(acc int, in func(int) int) {
		f.I("VFMLA V%d.%s, V%d.%s, V%d.%s", in(0), e.goArr, in(0), e.goArr, acc, e.goArr)
	})
}

func sumSquaredDiff(f *fn, e elem) {
	accumulate(f, e, []string{"a", "b"}, zeroAcc(f), arm64.FADD, arm64.FADDP, func(acc int, in func(int) int) {
		f.W(arm64.FSUB, e.arr, in(0), in(0), in(1))
		f.I("VFMLA V%d.%s, V%d.%s, V%d.%s", in(0), e.goArr, in(0), e.goArr, acc, e.goArr)
	})
}

// extreme emits Min (FMIN, starting from +Inf) or Max (FMAX, from -Inf).
// Arm's FMIN and FMAX return NaN when either operand is NaN (unlike
// FMINNM/FMAXNM), so a NaN anywhere reaches the result through the
// accumulators, the tree and the pairwise fold with no extra test.
func extreme(o, pair *arm64.Op, inf func(e elem) uint64) func(*fn, elem) {
	return func(f *fn, e elem) {
		start := func() {
			f.I("MOVD $0x%x, %s", inf(e), rTmp)
			for _, v := range accs() {
				f.I("VDUP %s, V%d.%s", rTmp, v, e.goArr)
			}
		}
		accumulate(f, e, []string{"a"}, start, o, pair, func(acc int, in func(int) int) {
			f.W(o, e.arr, acc, acc, in(0))
		})
	}
}

// searchUnroll registers are compared per block and tested together. It is
// NEON's own tuning, not registry's: the merge below is written for four
// (AVX2 tests eight per VPTEST).
const searchUnroll = 4

// index emits Index (first a[i] == v) or, with nanSearch, IndexNaN. A
// block compares four registers (FCMEQ: all ones where equal; for NaN
// search x == x, all ones where not NaN), merges the masks and tests them
// with one across-lanes UMAXV (UMINV). On a hit it steps back to the start
// of the registers it tested and lets the scalar loop find the exact
// element: that costs at most a block of scalar compares, once.
func index(nanSearch bool) func(*fn, elem) {
	return func(f *fn, e elem) {
		f.prologue("a")
		f.I("MOVD R0, %s", rBase)
		if !nanSearch {
			f.broadcast(e, "v", vConst)
		}
		merge, across, branch := "VORR", arm64.UMAXV, "CBNZW"
		if nanSearch {
			merge, across, branch = "VAND", arm64.UMINV, "CBZW"
		}
		const vAny = 4
		f.loop(recipe.Loop{
			Lanes: e.lanes, Unroll: searchUnroll,
			Block: func(count int) {
				f.load("R0", 0, count, e.goArr)
				for r := 0; r < count; r++ {
					other := vConst
					if nanSearch {
						other = r
					}
					f.W(arm64.FCMEQ, e.arr, r, r, other)
				}
				m := 0
				if count == 4 {
					f.I("%s V1.B16, V0.B16, V%d.B16", merge, vAny)
					f.I("%s V3.B16, V2.B16, V%d.B16", merge, vAny+1)
					f.I("%s V%d.B16, V%d.B16, V%d.B16", merge, vAny+1, vAny, vAny)
					m = vAny
				} else if count != 1 {
					panic("index: unexpected step count")
				}
				f.W2(across, "4s", vAny, m)
				f.I("FMOVS F%d, %s", vAny, rTmp)
				f.I("%s %s, hit%d", branch, rTmp, count)
			},
			Tail: func() {
				f.I("%s.P %d(R0), F0", e.fmov, e.Size)
				if nanSearch {
					f.I("%s F0, F0", e.fcmp)
					f.I("BVS found") // unordered
				} else {
					f.I("%s F%d, F0", e.fcmp, vConst)
					f.I("BEQ found") // equal and ordered
				}
			},
		})
		f.I("MOVD $-1, %s", rTmp)
		f.I("MOVD %s, %s", rTmp, f.arg("ret"))
		f.I("RET")
		f.label("found")
		f.I("SUB %s, R0, %s", rBase, rTmp)
		f.I("LSR $%d, %s, %s", e.shift, rTmp, rTmp)
		f.I("SUB $1, %s, %s", rTmp, rTmp)
		f.I("MOVD %s, %s", rTmp, f.arg("ret"))
		f.I("RET")
		// A hit in a block of count registers: rCount was decremented
		// ahead by count*lanes, R0 advanced by 16*count bytes.
		for _, count := range []int{searchUnroll, 1} {
			f.label(fmt.Sprintf("hit%d", count))
			f.I("SUB $%d, R0, R0", 16*count)
			f.I("ADD $%d, %s, %s", count*e.lanes, rCount, rCount)
			f.I("B %s", lblTail)
		}
	}
}

// abs emits dst[i] = |a[i]|: an AND with every bit but the sign (VAND on
// the bytes), so a NaN keeps its payload as with math.Abs.
func abs(f *fn, e elem) {
	elementwise(f, e, "dst", []string{"a"}, func() {
		f.I("MOVD $0x%x, %s", uint64(1)<<(8*e.Size-1)-1, rTmp)
		f.I("VDUP %s, V%d.%s", rTmp, vConst, e.goArr)
	}, func(r int, in func(int) int) int {
		f.I("VAND V%d.B16, V%d.B16, V%d.B16", vConst, in(0), in(0))
		return in(0)
	})
}
