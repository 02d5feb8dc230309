// Package kernels is hotloop's public API: SIMD kernels over float32 and
// float64 slices (elementwise arithmetic, reductions, conversions) that pick
// the fastest implementation for the CPU at run time.
//
// Every kernel has a plain-Go reference implementation (the "generic" ISA)
// and, where the CPU allows, assembly generated for AVX2+FMA (amd64) or NEON
// (arm64). The choice is made once at start-up and can be changed with Use
// or the HOTLOOP_ISA environment variable; the purego build tag compiles no
// assembly at all.
//
// # Contracts
//
// All slices of one call must have the same length, or the call panics with
// a message naming the function and the lengths. The destination may be the
// very same slice as an input (same start, same length); any other overlap
// between the destination and an input panics, because a SIMD kernel reads
// ahead of where it writes.
//
// Elementwise kernels and conversions return the same bits on every ISA
// (NaN payloads aside: any NaN may come out as any other NaN). Axpy and
// MulAdd may use a fused multiply-add: each element is either a*b+c rounded
// twice or rounded once. Reductions add in an order that depends on the ISA
// but, for one ISA, on nothing but the length: the same input gives the same
// bits whatever the slices' address or alignment. See Sum for the error bound.
package kernels

// Float is the element type of the float kernels. Named types such as
// `type Celsius float32` are accepted too.
type Float interface{ ~float32 | ~float64 }
