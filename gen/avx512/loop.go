package main

import (
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// arrays addresses the slices of one kernel through a shared element
// index, so the loop advances a single register. As a recipe.Emitter it
// runs the vector loops as gen/avx2 does and the tail as one masked step.
type arrays struct {
	i    reg.GPVirtual // element index
	n    reg.GPVirtual // element count (the first slice's length)
	ptr  map[string]reg.GPVirtual
	size map[string]int

	prefix string        // labels' prefix, for a second loop in one function
	lim    reg.GPVirtual // the limit register the loops share
	rem    reg.GPVirtual // in the tail: n - i, the elements left (< lanes)
	masks  map[int]reg.OpmaskVirtual
}

// loadArrays loads the base pointers of the named slice parameters, with
// their element sizes in bytes, and the length of the first one.
func loadArrays(names []string, sizes []int) *arrays {
	a := &arrays{ptr: map[string]reg.GPVirtual{}, size: map[string]int{}}
	for k, name := range names {
		a.ptr[name] = build.Load(build.Param(name).Base(), build.GP64()).(reg.GPVirtual)
		a.size[name] = sizes[k]
	}
	a.n = build.Load(build.Param(names[0]).Len(), build.GP64()).(reg.GPVirtual)
	a.i = build.GP64()
	build.XORQ(a.i, a.i)
	return a
}

// at addresses element i+off of the named slice.
func (a *arrays) at(name string, off int) operand.Mem {
	s := a.size[name]
	return operand.Mem{Base: a.ptr[name], Index: a.i, Scale: uint8(s), Disp: off * s}
}

// loop emits the recipe's kernel loop over the n elements of a.
func (a *arrays) loop(l recipe.Loop) { recipe.Run(a, l) }

// again returns an emitter for a second loop over the same arrays and
// index in one function, with labels starting with prefix.
func (a *arrays) again(prefix string) *arrays {
	b := *a
	b.prefix, b.lim, b.rem, b.masks = prefix, nil, nil, nil
	return &b
}

// Repeat implements recipe.Emitter as gen/avx2 does: the loop runs while
// i <= n-step, tested at the bottom, the limit compared signed because
// n-step is negative for short slices.
func (a *arrays) Repeat(stage string, step int, body func()) {
	if a.lim == nil {
		a.lim = build.GP64()
	}
	top, done := a.prefix+stage, a.prefix+stage+"_done"
	build.MOVQ(a.n, a.lim)
	build.SUBQ(operand.Imm(uint64(step)), a.lim)
	build.CMPQ(a.i, a.lim)
	build.JG(operand.LabelRef(done))
	build.Label(top)
	body()
	build.ADDQ(operand.Imm(uint64(step)), a.i)
	build.CMPQ(a.i, a.lim)
	build.JLE(operand.LabelRef(top))
	build.Label(done)
}

// Tail implements recipe.Emitter with masks: body runs once, with no
// loop; it takes its masks from mask and wraps its loads and stores in
// step. Masked-off lanes of a load or store neither fault nor write, so
// the step never touches memory outside the slices.
func (a *arrays) Tail(lanes int, body func()) {
	a.rem = build.GP64()
	a.masks = map[int]reg.OpmaskVirtual{}
	build.MOVQ(a.n, a.rem)
	build.SUBQ(a.i, a.rem)
	body()
}

// step emits f, the tail's masked loads, work and stores, skipped when
// nothing is left (recipe.Emitter allows it; a reduction's tree and fold
// stay outside f). The empty step would address the bytes just past the
// slices, and a masked access there, all lanes masked off, costs a
// microcode assist of some 2000 cycles on Zen 5 when that page is not
// present, as it often is just past a large fresh allocation (measured:
// Add of 4096 float32 from 100 to 590 ns, Sum from 43 to 277 ns). A
// partial step whose masked-off lanes reach into a page not present pays
// the same, once per call: only a slice not aligned to 64 bytes, ending
// within 64 bytes of such a page, can.
func (a *arrays) step(f func()) {
	done := a.prefix + "tail_done"
	build.TESTQ(a.rem, a.rem)
	build.JZ(operand.LabelRef(done))
	f()
	build.Label(done)
}

// mask returns, in the tail, an opmask of the low per*rem bits: the lanes
// of the rem elements left when each element spans per lanes (3 bytes of
// an RGB pixel). It is computed once per tail and per value of per.
func (a *arrays) mask(per int) reg.OpmaskVirtual {
	if a.rem == nil {
		panic("avx512: mask outside a tail")
	}
	if k, ok := a.masks[per]; ok {
		return k
	}
	count := a.rem
	if per != 1 {
		count = build.GP64()
		build.IMUL3Q(operand.Imm(uint64(per)), a.rem, count)
	}
	bits := build.GP64()
	build.MOVQ(operand.I64(-1), bits)
	build.BZHIQ(count, bits, bits) // keep the low count bits (all 64 when count >= 64)
	k := build.K()
	build.KMOVQ(bits, k)
	a.masks[per] = k
	return k
}

// broadcastParam loads the scalar parameter name into all lanes of a ZMM.
func broadcastParam(e elem, name string) reg.VecVirtual {
	x := build.XMM()
	build.Load(build.Param(name), x)
	z := build.ZMM()
	e.broadcast(x, z)
	return z
}
