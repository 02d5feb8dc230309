package registry

// The loop recipe shared by every generator and by the test kit's models
// of the generated code. A kernel loop runs in three stages from element
// 0, never peeling for alignment, so that for one ISA the order of
// operations depends on the length alone:
//
//  1. blocks of Unroll vector registers,
//  2. single vector registers,
//  3. single elements (the tail), with the vector instructions on lane 0;
//     or, on an ISA with ISA.MaskedTail, one vector step under a mask of
//     the elements left.
//
// A reduction keeps Accumulators vector accumulators; a block feeds
// register r into accumulator r, a single vector feeds accumulator 0. After
// stage 2 the accumulators are combined by Tree into accumulator 0, whose
// lanes are then folded into lane 0 in the ISA's Fold order; stage 3 adds
// the remaining elements one by one into that lane. A masked tail instead
// adds the remaining elements into the first lanes of accumulator 0 (one
// element a lane, the other lanes unchanged) before the tree: the tree
// and the fold come last.

// Accumulators is the number of independent vector accumulators of a
// reduction: an add or FMA has 3 to 4 cycles of latency and cores start
// two a cycle, so 8 chains keep the units busy.
const Accumulators = 8

// Unroll is the number of vector registers per block, by shape.
const (
	ElementwiseUnroll = 4 // four loads of each input in flight
	ReduceUnroll      = Accumulators
	ConvertUnroll     = 4
)

// Tree returns the order in which n accumulators are combined into the
// first: pairs (dst, src) meaning acc[dst] = acc[dst] op acc[src], in
// order: 0+1, 2+3, ..., then 0+2, 4+6, ..., then 0+4, and so on.
func Tree(n int) [][2]int {
	var pairs [][2]int
	for step := 1; step < n; step *= 2 {
		for k := 0; k+step < n; k += 2 * step {
			pairs = append(pairs, [2]int{k, k + step})
		}
	}
	return pairs
}

// Lanes returns the elements of size bytes in one of isa's vectors.
func (isa ISA) Lanes(size int) int { return isa.VectorBytes / size }
