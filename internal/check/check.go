// Package check holds the argument checks of hotloop's public kernels,
// shared by packages kernels and parallel so that both reject bad calls
// with the same rules and the same messages, naming the function the
// caller called ("hotloop: kernels.Add: ...", "hotloop: parallel.Add: ...").
//
// The checks take plain ints and strings so that nothing escapes to the
// heap on the fast path; a message is built only on failure.
package check

import (
	"fmt"
	"strings"
	"unsafe"
)

// Len2 panics unless l0 == l1; names are the comma-separated parameter
// names ("dst,a") of fn ("kernels.AddConst").
func Len2(fn, names string, l0, l1 int) {
	if l0 != l1 {
		lengthPanic(fn, names, l0, l1)
	}
}

// Len3 is Len2 for three slices.
func Len3(fn, names string, l0, l1, l2 int) {
	if l0 != l1 || l0 != l2 {
		lengthPanic(fn, names, l0, l1, l2)
	}
}

// Len4 is Len2 for four slices.
func Len4(fn, names string, l0, l1, l2, l3 int) {
	if l0 != l1 || l0 != l2 || l0 != l3 {
		lengthPanic(fn, names, l0, l1, l2, l3)
	}
}

// Groups2 panics unless two slices hold the same number of groups of g0
// and g1 elements (pixels of g0 and g1 bytes), l0 and l1 being their
// lengths.
func Groups2(fn, names string, l0, g0, l1, g1 int) {
	if l0%g0 != 0 || l1%g1 != 0 || l0/g0 != l1/g1 {
		groupPanic(fn, names, l0, g0, l1, g1)
	}
}

//go:noinline
func groupPanic(fn, names string, l0, g0, l1, g1 int) {
	n := strings.Split(names, ",")
	panic(fmt.Sprintf("hotloop: %s: slice lengths differ: %s=%d %s=%d (want %d and %d elements per pixel for the same pixels)",
		fn, n[0], l0, n[1], l1, g0, g1))
}

//go:noinline
func lengthPanic(fn, names string, lens ...int) {
	msg := "hotloop: " + fn + ": slice lengths differ:"
	for i, name := range strings.Split(names, ",") {
		msg += fmt.Sprintf(" %s=%d", name, lens[i])
	}
	panic(msg)
}

// NoPartialOverlap panics when dst and src share memory without being the
// very same slice (same start, same length, same element size). SIMD
// kernels load several registers ahead of their stores, and parallel
// chunks run in any order, so a shifted overlap would silently read
// results instead of inputs.
func NoPartialOverlap[D, S any](fn string, dst []D, src []S) {
	if len(dst) == 0 || len(src) == 0 {
		return
	}
	dsize, ssize := unsafe.Sizeof(dst[0]), unsafe.Sizeof(src[0])
	d0 := uintptr(unsafe.Pointer(unsafe.SliceData(dst)))
	s0 := uintptr(unsafe.Pointer(unsafe.SliceData(src)))
	d1, s1 := d0+uintptr(len(dst))*dsize, s0+uintptr(len(src))*ssize
	if d1 <= s0 || s1 <= d0 {
		return // disjoint
	}
	if d0 == s0 && d1 == s1 && dsize == ssize {
		return // the very same slice
	}
	overlapPanic(fn)
}

//go:noinline
func overlapPanic(fn string) {
	panic("hotloop: " + fn + ": destination partially overlaps an input (only the very same slice may be both)")
}

// NotEmpty panics when n is 0.
func NotEmpty(fn string, n int) {
	if n == 0 {
		panic("hotloop: " + fn + ": empty slice")
	}
}

// Disjoint panics when a and b share memory at all: for in-place kernels
// that read one slice while updating the other.
func Disjoint[A, B any](fn, names string, a []A, b []B) {
	if len(a) == 0 || len(b) == 0 {
		return
	}
	a0 := uintptr(unsafe.Pointer(unsafe.SliceData(a)))
	b0 := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	a1 := a0 + uintptr(len(a))*unsafe.Sizeof(a[0])
	b1 := b0 + uintptr(len(b))*unsafe.Sizeof(b[0])
	if a1 <= b0 || b1 <= a0 {
		return
	}
	disjointPanic(fn, names)
}

//go:noinline
func disjointPanic(fn, names string) {
	panic("hotloop: " + fn + ": " + names + " share memory")
}

// Resample panics unless the index data of a resampling row is consistent
// with its slices: dst and src hold whole pixels of ch bytes, bounds holds
// a (first, taps) pair per output pixel, every window lies within src, and
// the windows' weights, packed one after another, fit in k. It costs
// O(output pixels), little next to the taps, and lets assembly load from
// src and k wherever bounds says.
func Resample(fn string, ch int, dst, src []uint8, bounds, k []int32) {
	if p := ResampleProblem(ch, dst, src, bounds, k); p != "" {
		panic("hotloop: " + fn + ": " + p)
	}
}

// ResampleProblem is Resample's test: what is wrong, or "". Callers
// that name themselves with a built string build it only for the panic,
// since a row's check must not allocate.
func ResampleProblem(ch int, dst, src []uint8, bounds, k []int32) string {
	if len(dst)%ch != 0 || len(src)%ch != 0 || len(bounds) != 2*(len(dst)/ch) {
		return fmt.Sprintf("%d-byte destination, %d-byte source and %d bounds do not hold whole %d-byte pixels and a pair per output pixel",
			len(dst), len(src), len(bounds), ch)
	}
	in := len(src) / ch
	if resampleFits(bounds, uint64(in), uint64(len(k))) {
		return ""
	}
	taps := 0
	for x := 0; x < len(bounds); x += 2 {
		first, n := int(bounds[x]), int(bounds[x+1])
		if first < 0 || n < 0 || n > in-first {
			return fmt.Sprintf("output pixel %d reads %d pixels from %d of %d", x/2, n, first, in)
		}
		taps += n
		if taps > len(k) {
			return fmt.Sprintf("the windows need more than %d weights", len(k))
		}
	}
	return ""
}

// resampleFits is ResampleProblem's test of the windows, without the
// message: every window lies within the in pixels and their sizes sum to
// at most taps. It runs on every row of a resize, so it takes a window in
// one branch: int32 first and size, read as uint32 (a negative one becomes
// at least 2^31, more than in, which is less) and summed in 64 bits,
// cannot wrap. A source of 2^31 pixels or more takes the slow loop.
func resampleFits(bounds []int32, in, taps uint64) bool {
	if in >= 1<<31 {
		return false
	}
	var sum uint64
	for i := 0; i+1 < len(bounds); i += 2 {
		first, n := uint64(uint32(bounds[i])), uint64(uint32(bounds[i+1]))
		if first+n > in {
			return false
		}
		sum += n
	}
	return sum <= taps
}

// ResampleColumns panics unless the len(k) rows of len(dst) bytes that a
// vertical resampling step reads, stride bytes apart, lie within src.
func ResampleColumns(fn string, dst, src []uint8, stride int, k []int32) {
	if p := ResampleColumnsProblem(dst, src, stride, k); p != "" {
		panic("hotloop: " + fn + ": " + p)
	}
}

// ResampleColumnsProblem is ResampleColumns' test: what is wrong, or "".
func ResampleColumnsProblem(dst, src []uint8, stride int, k []int32) string {
	if len(k) == 0 || len(dst) == 0 {
		return ""
	}
	if stride < 0 || len(dst) > len(src) || (len(k) > 1 && stride > (len(src)-len(dst))/(len(k)-1)) {
		return fmt.Sprintf("%d rows of %d bytes, %d apart, exceed the %d-byte source", len(k), len(dst), stride, len(src))
	}
	return ""
}

// ReduceColumns panics unless the rows of n bytes that a reduction step
// sums, stride bytes apart, lie within a source of srcLen bytes, and rows
// is not negative.
func ReduceColumns(fn string, n, srcLen, stride, rows int) {
	if p := ReduceColumnsProblem(n, srcLen, stride, rows); p != "" {
		panic("hotloop: " + fn + ": " + p)
	}
}

// ReduceColumnsProblem is ReduceColumns' test: what is wrong, or "".
func ReduceColumnsProblem(n, srcLen, stride, rows int) string {
	if rows < 0 {
		return fmt.Sprintf("%d rows", rows)
	}
	if rows == 0 || n == 0 {
		return ""
	}
	if stride < 0 || n > srcLen || (rows > 1 && stride > (srcLen-n)/(rows-1)) {
		return fmt.Sprintf("%d rows of %d bytes, %d apart, exceed the %d-byte source", rows, n, stride, srcLen)
	}
	return ""
}

// ReduceRowProblem is the test of ReduceRow<ch>'s arguments: what is
// wrong, or "". dst must hold whole pixels of ch bytes; unless it is
// empty (nothing is read then), fx*ch must be 1 to maxBlock and cols must
// hold fx column sums per output byte.
func ReduceRowProblem(ch, dstLen, colsLen, fx, maxBlock int) string {
	if dstLen%ch != 0 {
		return fmt.Sprintf("%d destination bytes, not whole %d-byte pixels", dstLen, ch)
	}
	if dstLen == 0 {
		return ""
	}
	if fx < 1 || fx > maxBlock/ch {
		return fmt.Sprintf("blocks of %d pixels, want 1 to %d for %d channels", fx, maxBlock/ch, ch)
	}
	if colsLen/fx < dstLen {
		return fmt.Sprintf("%d column sums, want %d for %d outputs in blocks of %d", colsLen, dstLen*fx, dstLen, fx)
	}
	return ""
}

// TensorPlane panics unless n bytes, stride apart from the first, lie
// within a source of srcLen bytes, with a stride of at least 1 (any
// stride reads nothing when n is 0).
func TensorPlane(fn string, n, srcLen, stride int) {
	if p := TensorPlaneProblem(n, srcLen, stride); p != "" {
		panic("hotloop: " + fn + ": " + p)
	}
}

// TensorPlaneProblem is TensorPlane's test: what is wrong, or "".
func TensorPlaneProblem(n, srcLen, stride int) string {
	if n == 0 {
		return ""
	}
	if stride < 1 {
		return fmt.Sprintf("stride %d, want at least 1", stride)
	}
	if srcLen < 1 || n-1 > (srcLen-1)/stride {
		return fmt.Sprintf("%d bytes, %d apart, exceed the %d-byte source", n, stride, srcLen)
	}
	return ""
}

// Blocks panics unless the geometry of a block kernel's call is sound:
// blk holds whole blocks of 64 coefficients, and their n 8x8 outputs, side
// by side, fit in dst: stride at least 8n and 7*stride + 8n bytes of dst.
// With it the assembly may store every row it computes without bounds
// checks. An empty blk needs nothing of dst.
func Blocks(fn string, dst []uint8, stride int, blk []int32) {
	if p := BlocksProblem(dst, stride, blk); p != "" {
		panic("hotloop: " + fn + ": " + p)
	}
}

// BlocksProblem is Blocks' test: what is wrong, or "".
func BlocksProblem(dst []uint8, stride int, blk []int32) string {
	return blocksProblem(dst, stride, len(blk))
}

// QuantBlocksProblem is the test of a dequantising inverse DCT: what is
// wrong, or "". As BlocksProblem, with coef the quantised coefficients,
// and q must hold one block's 64 quantisers (any q when there is no
// block).
func QuantBlocksProblem(dst []uint8, stride int, coef []int16, q []int32) string {
	if len(coef) > 0 && len(q) != 64 {
		return fmt.Sprintf("%d quantisers, want 64", len(q))
	}
	return blocksProblem(dst, stride, len(coef))
}

// blocksProblem checks the geometry of coefs coefficients' blocks.
func blocksProblem(dst []uint8, stride, coefs int) string {
	if coefs%64 != 0 {
		return fmt.Sprintf("%d coefficients are not whole blocks of 64", coefs)
	}
	if n := coefs / 64; n != 0 && (stride < 8*n || stride > (len(dst)-8*n)/7) {
		return fmt.Sprintf("%d blocks of 8 rows, %d bytes apart, exceed the %d-byte destination", n, stride, len(dst))
	}
	return ""
}

// ResampleRowsProblem is the test of a many-row horizontal resampling
// step (asm's ResampleRows<ch>): what is wrong, or "". Row y of dst is
// the len(bounds)/2 pixels of ch bytes from y*dstStride, and rows do not
// overlap; row y of src is read at y*srcStride plus the windows' pixels;
// every window lies within what src holds for its last row, and k holds
// four weights (two 16-bit halves of two taps) for every two taps of
// every window. It runs once per resized image, so it walks the windows
// without resampleFits' shortcut.
func ResampleRowsProblem(ch int, dst []uint8, dstStride int, src []uint8, srcStride, rows int, bounds []int32, k []int16) string {
	if len(bounds)%2 != 0 {
		return fmt.Sprintf("%d bounds, want a pair per output pixel", len(bounds))
	}
	if rows < 0 || dstStride < 0 || srcStride < 0 {
		return fmt.Sprintf("%d rows, strides %d and %d: none may be negative", rows, dstStride, srcStride)
	}
	if rows == 0 || len(bounds) == 0 {
		return ""
	}
	rowBytes := len(bounds) / 2 * ch
	if rows > 1 && dstStride < rowBytes {
		return fmt.Sprintf("destination rows of %d bytes, %d apart, overlap", rowBytes, dstStride)
	}
	if rowBytes > len(dst) || (rows > 1 && dstStride > (len(dst)-rowBytes)/(rows-1)) {
		return fmt.Sprintf("%d rows of %d bytes, %d apart, exceed the %d-byte destination", rows, rowBytes, dstStride, len(dst))
	}
	// The bytes of the last row, from its start to the end of src.
	last := len(src)
	if rows > 1 {
		if srcStride > len(src)/(rows-1) {
			return fmt.Sprintf("%d rows, %d bytes apart, exceed the %d-byte source", rows, srcStride, len(src))
		}
		last -= (rows - 1) * srcStride
	}
	in := uint64(last / ch)
	var weights uint64
	for i := 0; i < len(bounds); i += 2 {
		first, n := uint64(uint32(bounds[i])), uint64(uint32(bounds[i+1]))
		if bounds[i] < 0 || bounds[i+1] < 0 || first+n > in {
			return fmt.Sprintf("output pixel %d reads %d pixels from %d of the %d its last row holds", i/2, bounds[i+1], bounds[i], in)
		}
		weights += (n + 1) / 2 * 4
	}
	if weights > uint64(len(k)) {
		return fmt.Sprintf("the windows need %d weight halves, k holds %d", weights, len(k))
	}
	return ""
}

// PairRows is the number of rows of TransposePairs' and ResamplePairs'
// layout (registry.PairRows).
const PairRows = 8

// TransposePairsProblem describes why TransposePairs<ch> may not lay out
// groups groups of four pixels of PairRows rows srcStride bytes apart in
// src into dst, or returns "": each row's last group reads 16 bytes, and
// dst takes 32*ch words a group.
func TransposePairsProblem(ch int, dst []uint16, src []uint8, srcStride, groups int) string {
	if groups < 0 || srcStride < 0 {
		return fmt.Sprintf("%d groups, stride %d: neither may be negative", groups, srcStride)
	}
	if groups == 0 {
		return ""
	}
	if groups > len(dst)/(32*ch) {
		return fmt.Sprintf("%d groups of four pixels need %d words, dst holds %d", groups, uint64(groups)*uint64(32*ch), len(dst))
	}
	if srcStride > len(src)/(PairRows-1) {
		return fmt.Sprintf("%d rows %d bytes apart exceed the %d-byte source", PairRows, srcStride, len(src))
	}
	if last := len(src) - (PairRows-1)*srcStride - 16; last < 0 || (groups-1) > last/(4*ch) {
		return fmt.Sprintf("%d groups of four pixels, reading 16 bytes a group, exceed the %d bytes from the last row's start", groups, len(src)-(PairRows-1)*srcStride)
	}
	return ""
}

// ResamplePairsProblem describes why ResamplePairs<ch> may not resample
// the PairRows rows of pair columns t into dst with windows bounds and
// weights k, or returns "".
func ResamplePairsProblem(ch int, dst []uint8, dstStride int, t []uint16, bounds []int32, k []int16) string {
	if len(bounds)%2 != 0 {
		return fmt.Sprintf("%d bounds, want a pair per output pixel", len(bounds))
	}
	if dstStride < 0 {
		return fmt.Sprintf("destination stride %d is negative", dstStride)
	}
	if len(bounds) == 0 {
		return ""
	}
	rowBytes := len(bounds) / 2 * ch
	if dstStride < rowBytes {
		return fmt.Sprintf("destination rows of %d bytes, %d apart, overlap", rowBytes, dstStride)
	}
	if rowBytes > len(dst) || dstStride > (len(dst)-rowBytes)/(PairRows-1) {
		return fmt.Sprintf("%d rows of %d bytes, %d apart, exceed the %d-byte destination", PairRows, rowBytes, dstStride, len(dst))
	}
	pairs := uint64(len(t) / (16 * ch))
	var weights uint64
	for i := 0; i < len(bounds); i += 2 {
		first, n := uint64(uint32(bounds[i])), uint64(uint32(bounds[i+1]))
		if bounds[i] < 0 || bounds[i+1] < 0 || first+n > pairs {
			return fmt.Sprintf("output pixel %d reads %d pairs from %d of the %d t holds", i/2, bounds[i+1], bounds[i], pairs)
		}
		weights += 4 * n
	}
	if weights > uint64(len(k)) {
		return fmt.Sprintf("the windows need %d weight halves, k holds %d", weights, len(k))
	}
	return ""
}
