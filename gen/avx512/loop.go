package main

import (
	"fmt"
	"sort"

	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// arrays is x86.Arrays with AVX-512's tail, one masked step, which makes
// it a recipe.Emitter.
type arrays struct {
	x86.Arrays
	rem   reg.GPVirtual // in the tail: n - i, the elements left (< lanes)
	masks map[int]reg.OpmaskVirtual
	// outs are the slices the kernel writes: the tail's stack copies of
	// them are written back.
	outs map[string]bool
}

// loadArrays loads the named slice parameters (see x86.Load).
func loadArrays(names []string, sizes []int) *arrays {
	return &arrays{Arrays: x86.Load(names, sizes), outs: map[string]bool{}}
}

// loop emits the recipe's kernel loop over the n elements of a.
func (a *arrays) loop(l recipe.Loop) { recipe.Run(a, l) }

// again returns an emitter for a second loop over the same arrays and
// index in one function, with labels starting with prefix.
func (a *arrays) again(prefix string) *arrays {
	b := *a
	b.Prefix, b.Lim, b.rem, b.masks = prefix, nil, nil, nil
	return &b
}

// Tail implements recipe.Emitter with masks: body runs once, with no
// loop; it takes its masks from mask and wraps its loads and stores in
// step. Masked-off lanes of a load or store neither fault nor write, so
// the step never touches memory outside the slices.
func (a *arrays) Tail(lanes int, body func()) {
	a.rem = build.GP64()
	a.masks = map[int]reg.OpmaskVirtual{}
	build.MOVQ(a.N, a.rem)
	build.SUBQ(a.I, a.rem)
	body()
}

// step emits f, the tail's masked loads, work and stores; a reduction's
// tree and fold stay outside it. It is skipped when nothing is left
// (recipe.Emitter allows it), and runs on copies on the stack when the
// vector at the tail would reach into the next 4 KiB page.
//
// Masked-off lanes never fault, but on Zen 5 a masked access whose
// masked-off lanes reach into a page that is not present (as it often is
// just past a large fresh allocation, or a guard page) costs a microcode
// assist of some 1000 to 2000 cycles, every call: measured, Add of 4096
// float32 went from 100 to 590 ns with the empty step, Sum from 43 to 277
// ns, and a partial step crossing into such a page cost 200 ns. The copy
// costs a byte loop of the elements left instead, on one call in 64 of
// random alignment; the lanes and their order are the same, so the
// results are too.
func (a *arrays) step(f func()) {
	done, bounce := a.Prefix+"tail_done", a.Prefix+"tail_bounce"
	build.TESTQ(a.rem, a.rem)
	build.JZ(operand.LabelRef(done))
	names := a.streams()
	t := build.GP64()
	for _, name := range names {
		a.addr(name, t)
		build.ANDL(operand.U32(4095), t.As32())
		build.CMPL(t.As32(), operand.U32(4096-vectorBytes))
		build.JA(operand.LabelRef(bounce))
	}
	f()
	build.JMP(operand.LabelRef(done))

	build.Label(bounce)
	buf := build.AllocLocal(vectorBytes * len(names))
	real := map[string]reg.GPVirtual{}
	moved := map[string]reg.GPVirtual{}
	for k, name := range names {
		real[name] = build.GP64()
		a.addr(name, real[name])
		slot := build.GP64()
		build.LEAQ(buf.Offset(k*vectorBytes), slot)
		copyBytes(real[name], slot, a.bytes(name))
		// moved + i*size addresses the slot, as the step's operands do.
		off := build.GP64()
		build.IMUL3Q(operand.Imm(uint64(a.Size[name])), a.I, off)
		build.SUBQ(off, slot)
		moved[name] = slot
	}
	saved := a.Ptr
	a.Ptr, a.masks = moved, map[int]reg.OpmaskVirtual{} // masks made above are not set on this path
	f()
	a.Ptr = saved
	for k, name := range names {
		if a.outs[name] {
			slot := build.GP64()
			build.LEAQ(buf.Offset(k*vectorBytes), slot)
			copyBytes(slot, real[name], a.bytes(name))
		}
	}
	build.Label(done)
}

// vectorBytes is the most any step touches per slice: one ZMM.
const vectorBytes = 64

// streams returns the names of a's slices in a fixed order.
func (a *arrays) streams() []string {
	var names []string
	for name := range a.Ptr {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// addr sets r to the address of element i of the named slice.
func (a *arrays) addr(name string, r reg.GPVirtual) {
	build.IMUL3Q(operand.Imm(uint64(a.Size[name])), a.I, r)
	build.ADDQ(a.Ptr[name], r)
}

// bytes returns a new register holding the bytes of the elements left in
// the named slice.
func (a *arrays) bytes(name string) reg.GPVirtual {
	n := build.GP64()
	build.IMUL3Q(operand.Imm(uint64(a.Size[name])), a.rem, n)
	return n
}

// copyBytes copies n > 0 bytes from src to dst one at a time; it leaves
// src and dst as they were and consumes n.
func copyBytes(from, to, n reg.GPVirtual) {
	top := fmt.Sprintf("copy%d", copies)
	copies++
	src, dst := build.GP64(), build.GP64()
	build.MOVQ(from, src)
	build.MOVQ(to, dst)
	b := build.GP32()
	build.Label(top)
	build.MOVBLZX(operand.Mem{Base: src}, b)
	build.MOVB(b.As8(), operand.Mem{Base: dst})
	build.INCQ(src)
	build.INCQ(dst)
	build.DECQ(n)
	build.JNZ(operand.LabelRef(top))
}

// copies numbers copyBytes' labels.
var copies int

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

// oneLane returns x86.Stream's head for a kernel whose step is f: f under
// an opmask of lane 0 alone, one element. The other lanes are masked off,
// and lie inside the slices anyway (a streamed call holds at least
// asm.MinStreamThreshold bytes, more than the head's elements).
func oneLane(f func(k reg.OpmaskVirtual)) func() {
	one := build.K()
	return func() {
		t := build.GP32()
		build.MOVL(operand.U32(1), t)
		build.KMOVW(t, one)
		f(one)
	}
}

// broadcastParam loads the scalar parameter name into all lanes of a ZMM.
func broadcastParam(e elem, name string) reg.VecVirtual {
	return x86.BroadcastParam(name, build.ZMM, e.broadcast)
}
