// Package testkit is hotloop's shared test kit, in the spirit of the
// standard library's crypto/internal/cryptotest: the helpers that the
// tests of packages kernels, asm and parallel need, each written once.
//
// It holds comparisons (SameBits, SameFloat, SameValue, FusedOrNot), an
// exactly rounded FMA, the lengths and data every kernel is tested with
// (Lengths, ShortLengths, Specials, Fill), slices with guard elements
// (Guarded) and guard pages (Fence, Place), ForEachISA, and Reduce, a Go
// model of the order in which an ISA's generated reductions add, derived
// from package registry alone.
//
// The package must not import package kernels or asm: their internal
// tests import it.
package testkit
