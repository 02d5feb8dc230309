package testkit

import (
	"fmt"
	"unsafe"

	"github.com/hotloop/hotloop/internal/registry"
)

// Reduce models, in Go, the order in which isa's generated reductions
// combine n terms, as the loop recipe in package registry describes it and
// from the registry alone: registry.Accumulators vector accumulators of
// isa.Lanes lanes, all starting at +0; blocks of registry.ReduceUnroll
// vectors, register r feeding accumulator r; then single vectors feeding
// accumulator 0; the accumulators combined lane by lane in the order of
// registry.Tree; the lanes of accumulator 0 folded into lane 0 in
// isa.Fold's order; and the remaining elements added one by one into
// lane 0. With isa.MaskedTail the remaining elements are instead added
// into lanes 0.. of accumulator 0, one a lane, before the tree.
//
// term(acc, i) returns acc with element i's contribution: acc + a[i] for
// Sum, FMA(a[i], b[i], acc) for an ISA's Dot. Accumulators are combined
// with +. For an ISA without vectors (generic) Reduce is the plain loop
// over all n elements from 0.
func Reduce[T Float](isa registry.ISA, n int, term func(acc T, i int) T) T {
	var s T
	i := 0
	if isa.VectorBytes > 0 {
		lanes := isa.Lanes(int(unsafe.Sizeof(s)))
		acc := make([][]T, registry.Accumulators)
		for r := range acc {
			acc[r] = make([]T, lanes)
		}
		block := registry.ReduceUnroll * lanes
		for ; i+block <= n; i += block {
			for r := 0; r < registry.ReduceUnroll; r++ {
				for l := range lanes {
					acc[r][l] = term(acc[r][l], i+r*lanes+l)
				}
			}
		}
		for ; i+lanes <= n; i += lanes {
			for l := range lanes {
				acc[0][l] = term(acc[0][l], i+l)
			}
		}
		if isa.MaskedTail {
			for l := 0; i < n; i, l = i+1, l+1 {
				acc[0][l] = term(acc[0][l], i)
			}
		}
		for _, p := range registry.Tree(registry.Accumulators) {
			for l := range lanes {
				acc[p[0]][l] = acc[p[0]][l] + acc[p[1]][l]
			}
		}
		s = Fold(isa.Fold, acc[0])
	}
	for ; i < n; i++ {
		s = term(s, i)
	}
	return s
}

// Fold folds the lanes of v (a power of two of them) into one in fold's
// order, overwriting v, and returns the result.
func Fold[T Float](fold registry.Fold, v []T) T {
	if len(v)&(len(v)-1) != 0 || len(v) == 0 {
		panic(fmt.Sprintf("testkit.Fold: %d lanes, not a power of two", len(v)))
	}
	for w := len(v); w > 1; w /= 2 {
		switch fold {
		case registry.FoldHalves: // lane l += lane l+w/2
			for l := 0; l < w/2; l++ {
				v[l] = v[l] + v[l+w/2]
			}
		case registry.FoldPairs: // lane j = lane 2j + lane 2j+1
			for j := 0; j < w/2; j++ {
				v[j] = v[2*j] + v[2*j+1]
			}
		default:
			panic(fmt.Sprintf("testkit.Fold: unknown fold %d", fold))
		}
	}
	return v[0]
}
