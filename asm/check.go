package asm

import (
	"fmt"
	"strings"

	"github.com/hotloop/hotloop/internal/check"
	"github.com/hotloop/hotloop/internal/registry"
)

// checkLengths panics unless every length equals the first. The generated
// wrappers call it before entering assembly, which trusts the first length.
func checkLengths(op string, lens ...int) {
	for _, n := range lens[1:] {
		if n != lens[0] {
			panic(LengthError{Op: op, Lens: append([]int(nil), lens...)})
		}
	}
}

// checkGroups panics unless a slice's length is a whole number of groups
// (pixels) of g elements; the generated wrappers of kernels over pixels
// call it before checkLengths compares the pixel counts.
func checkGroups(op string, n, g int) {
	if n%g != 0 {
		panic(LengthError{Op: op, Lens: []int{n}})
	}
}

// LengthError is the panic value of a kernel given slices of unequal length.
type LengthError struct {
	Op   string // kernel name
	Lens []int  // the slice lengths, in parameter order
}

// Error names the kernel and lists the lengths it was given.
func (e LengthError) Error() string {
	s := make([]string, len(e.Lens))
	for i, n := range e.Lens {
		s[i] = fmt.Sprint(n)
	}
	return fmt.Sprintf("hotloop: %s: slice lengths differ (%s)", e.Op, strings.Join(s, ", "))
}

// checkResample panics unless a resampling kernel's index data is
// consistent with its slices (check.Resample). The generated wrappers call
// it before the assembly, which loads from src and k wherever bounds says.
//
// Slices that are not whole pixels, or bounds that are not a pair per
// output pixel, panic with a LengthError as other kernels' do.
func checkResample(op string, ch int, dst, src []uint8, bounds, k []int32) {
	if len(dst)%ch != 0 || len(src)%ch != 0 || len(bounds) != 2*(len(dst)/ch) {
		panic(LengthError{Op: op, Lens: []int{len(dst), len(src), len(bounds), len(k)}})
	}
	if p := check.ResampleProblem(ch, dst, src, bounds, k); p != "" {
		panic("hotloop: asm." + op + ": " + p) // built only here: a row's check must not allocate
	}
}

// checkResampleColumns panics unless ResampleColumns' rows lie within src
// (check.ResampleColumns); the pixel size is always 1.
func checkResampleColumns(op string, _ int, dst, src []uint8, stride int, k []int32) {
	if p := check.ResampleColumnsProblem(dst, src, stride, k); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}

// checkReduceColumns panics unless ReduceColumns' rows lie within src
// (check.ReduceColumns); the pixel size is always 1.
func checkReduceColumns(op string, _ int, dst []uint16, src []uint8, stride, rows int) {
	if p := check.ReduceColumnsProblem(len(dst), len(src), stride, rows); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}

// checkReduceRow panics unless ReduceRow<ch>'s destination holds whole
// pixels (a LengthError otherwise) and, when it is not empty, its blocks
// are 1 to registry.MaxReduceBlock sums and cols holds them all
// (check.ReduceRowProblem).
func checkReduceRow(op string, ch int, dst []uint8, cols []uint16, fx, _, _ int) {
	if len(dst)%ch != 0 {
		panic(LengthError{Op: op, Lens: []int{len(dst), len(cols)}})
	}
	if p := check.ReduceRowProblem(ch, len(dst), len(cols), fx, registry.MaxReduceBlock); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}

// checkTensorPlane panics unless every byte TensorPlane reads, stride
// apart, lies within src (check.TensorPlane).
func checkTensorPlane(op string, _ int, dst []float32, src []uint8, stride int, _, _ float32) {
	if p := check.TensorPlaneProblem(len(dst), len(src), stride); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}

// checkBlocks panics unless a block kernel's coefficients are whole
// blocks (else a LengthError, as other kernels' length checks) and their
// outputs fit in dst, stride apart (check.Blocks). The generated wrappers
// call it before the assembly, which stores 8 rows per block unchecked.
func checkBlocks(op string, _ int, dst []uint8, stride int, blk []int32) {
	if len(blk)%64 != 0 {
		panic(LengthError{Op: op, Lens: []int{len(dst), len(blk)}})
	}
	if p := check.BlocksProblem(dst, stride, blk); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}

// checkQuantBlocks panics unless coef holds whole blocks whose 8x8
// samples fit dst at stride, and q one block's quantisers (when there
// is a block; check.QuantBlocksProblem): else a LengthError.
func checkQuantBlocks(op string, _ int, dst []uint8, stride int, coef []int16, q []int32) {
	if len(coef)%64 != 0 || len(coef) > 0 && len(q) != 64 {
		panic(LengthError{Op: op, Lens: []int{len(dst), len(coef), len(q)}})
	}
	if p := check.QuantBlocksProblem(dst, stride, coef, q); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}

// checkResampleRows panics unless ResampleRows' rows and windows lie
// within dst and src and k holds their weights (check.ResampleRowsProblem).
func checkResampleRows(op string, ch int, dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16) {
	if p := check.ResampleRowsProblem(ch, dst, dstStride, src, srcStride, rows, bounds, k); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}

// checkTransposePairs panics unless TransposePairs' reads lie within src
// and its groups fit dst (check.TransposePairsProblem); words is dst's
// words per group of four pixels, 32 per channel.
func checkTransposePairs(op string, words int, dst []uint16, src []uint8, srcStride, groups int) {
	ch := words / 32
	if p := check.TransposePairsProblem(ch, dst, src, srcStride, groups); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}

// checkResamplePairs panics unless ResamplePairs' rows lie within dst and
// its windows within t, with their weights in k
// (check.ResamplePairsProblem).
func checkResamplePairs(op string, ch int, dst []uint8, dstStride int, t []uint16, bounds []int32, k []int16) {
	if p := check.ResamplePairsProblem(ch, dst, dstStride, t, bounds, k); p != "" {
		panic("hotloop: asm." + op + ": " + p)
	}
}
