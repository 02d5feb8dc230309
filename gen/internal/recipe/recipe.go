// Package recipe is the kernel loop every generator emits, written once:
// the three stages of registry's loop recipe (blocks of Unroll vectors,
// single vectors, the tail) and the tree that combines a reduction's
// accumulators. Each ISA implements the small Emitter interface, which
// knows how to count elements, branch and advance pointers on that ISA;
// Run decides which loops exist and in what order.
//
// Three emitters exist: gen/avx2 (an index register compared against a
// precomputed limit), gen/neon (a count of the elements left, biased by
// the running loop's step so that each iteration costs one SUBS and one
// branch) and gen/avx512 (gen/avx2's loops, with the masked tail described
// on Emitter.Tail).
package recipe

import "github.com/hotloop/hotloop/internal/registry"

// Stage names of the two vector loops. Emitters derive their labels from
// them (and may add a prefix when a function holds more than one loop).
const (
	Blocks  = "blocks"  // stage 1: Unroll vector registers per iteration
	Vectors = "vectors" // stage 2: one vector register per iteration
)

// Emitter emits the loops of one ISA. Its methods are called in the
// order Run calls them, once per function loop; an emitter keeps whatever
// state it needs between them (a limit register, a biased count).
type Emitter interface {
	// Repeat emits a bottom-tested loop (with one test before entry) that
	// runs body while at least step elements remain and advances past
	// step elements after each run of body. stage names the loop.
	Repeat(stage string, step int, body func())

	// Tail emits the handling of the fewer than lanes elements left after
	// the vector loops, body being the kernel's tail code.
	//
	// A scalar emitter (AVX2, NEON) runs body once per element, and body
	// works on one element, with the vector instructions on lane 0.
	//
	// A masked emitter (AVX-512) instead sets a mask register to the
	// remaining count, (1 << (n-i)) - 1 (BZHI then KMOV), and runs body
	// exactly once, with no loop and also when nothing remains (masked
	// loads and stores of inactive lanes neither fault nor write; gen/avx512
	// branches over the masked step itself when the mask is empty, because
	// an all-masked access past the slices' end can cost a microcode
	// assist). Its kernels write their Loop.Tail as the
	// single-vector block under that mask: Block(1) with the ISA's
	// masked loads and stores. A reduction on such an ISA leaves
	// Loop.Before nil and does all of its finish in Tail: the masked
	// block into accumulator 0 (zero-masked loads for a sum, merge-masked
	// onto the start value for min and max), then the tree and the fold.
	// Run needs no change for it.
	Tail(lanes int, body func())
}

// Loop describes one kernel loop over a length n from element 0. The
// loops never peel for alignment, so for one ISA the order of operations
// depends on n alone, never on the slices' addresses.
type Loop struct {
	// Lanes is the number of elements one step of Block(1) consumes.
	Lanes int
	// Unroll is the number of steps in one block of stage 1; with 1 there
	// is no stage 1.
	Unroll int
	// Block emits count steps (Unroll or 1) at the current element and,
	// where the emitter advances pointers instead of an index, advances
	// them.
	Block func(count int)
	// Before, if not nil, is emitted once between stage 2 and the tail:
	// a reduction combines and folds its accumulators there.
	Before func()
	// Tail emits the work for the tail; see Emitter.Tail for what one
	// run of it covers.
	Tail func()
}

// Run emits l through e: stage 1 (blocks of Unroll steps, when Unroll >
// 1), stage 2 (single steps), Before, then the tail.
func Run(e Emitter, l Loop) {
	if l.Lanes < 1 || l.Unroll < 1 {
		panic("recipe: Lanes and Unroll must be positive")
	}
	if l.Unroll > 1 {
		e.Repeat(Blocks, l.Lanes*l.Unroll, func() { l.Block(l.Unroll) })
	}
	e.Repeat(Vectors, l.Lanes, func() { l.Block(1) })
	if l.Before != nil {
		l.Before()
	}
	e.Tail(l.Lanes, l.Tail)
}

// Tree combines the accumulators acc into acc[0] in registry.Tree's
// order, calling combine(dst, src) for each step acc[dst] = acc[dst] op
// acc[src]. The fixed tree keeps a reduction a function of its input
// alone.
func Tree[T any](acc []T, combine func(dst, src T)) {
	for _, p := range registry.Tree(len(acc)) {
		combine(acc[p[0]], acc[p[1]])
	}
}
