package parallel

import "github.com/hotloop/hotloop/kernels"

// The elementwise kernels check their arguments like their kernels twins,
// then call the twin on chunks of at least mapChunk elements. Each element
// is computed exactly as the serial kernel computes it, so the result is
// the same bits as kernels' (and as kernels', Axpy and MulAdd may fuse).
// The destination may be the very same slice as an input: every chunk then
// reads and writes the same range, as the serial kernel would.

// Add sets dst[i] = a[i] + b[i]. It panics when the lengths differ or dst
// partially overlaps an input.
func Add[T kernels.Float](dst, a, b []T) { binary(auto, "Add", kernels.Add[T], dst, a, b) }

// Sub sets dst[i] = a[i] - b[i]. It panics like Add.
func Sub[T kernels.Float](dst, a, b []T) { binary(auto, "Sub", kernels.Sub[T], dst, a, b) }

// Mul sets dst[i] = a[i] * b[i]. It panics like Add.
func Mul[T kernels.Float](dst, a, b []T) { binary(auto, "Mul", kernels.Mul[T], dst, a, b) }

// Div sets dst[i] = a[i] / b[i], with IEEE semantics (x/0 is ±Inf or NaN).
// It panics like Add.
func Div[T kernels.Float](dst, a, b []T) { binary(auto, "Div", kernels.Div[T], dst, a, b) }

func binary[T kernels.Float](w int, op string, kernel func(dst, a, b []T), dst, a, b []T) {
	sameLen3(op, "dst,a,b", len(dst), len(a), len(b))
	noPartialOverlap(op, dst, a)
	noPartialOverlap(op, dst, b)
	if len(dst) < mapMin {
		kernel(dst, a, b)
		return
	}
	overElements(len(dst), w, func(lo, hi int) { kernel(dst[lo:hi], a[lo:hi], b[lo:hi]) })
}

// AddConst sets dst[i] = a[i] + c. It panics when the lengths differ or dst
// partially overlaps a.
func AddConst[T kernels.Float](dst, a []T, c T) {
	withConst(auto, "AddConst", kernels.AddConst[T], dst, a, c)
}

// Scale sets dst[i] = a[i] * c. It panics like AddConst.
func Scale[T kernels.Float](dst, a []T, c T) { withConst(auto, "Scale", kernels.Scale[T], dst, a, c) }

func withConst[T kernels.Float](w int, op string, kernel func(dst, a []T, c T), dst, a []T, c T) {
	sameLen2(op, "dst,a", len(dst), len(a))
	noPartialOverlap(op, dst, a)
	if len(dst) < mapMin {
		kernel(dst, a, c)
		return
	}
	overElements(len(dst), w, func(lo, hi int) { kernel(dst[lo:hi], a[lo:hi], c) })
}

// Axpy sets y[i] += alpha * x[i] (BLAS axpy), possibly with a fused
// multiply-add, exactly as kernels.Axpy. It panics when the lengths differ
// or y partially overlaps x.
func Axpy[T kernels.Float](alpha T, x, y []T) { axpy(auto, alpha, x, y) }

func axpy[T kernels.Float](w int, alpha T, x, y []T) {
	sameLen2("Axpy", "x,y", len(x), len(y))
	noPartialOverlap("Axpy", y, x)
	if len(y) < mapMin {
		kernels.Axpy(alpha, x, y)
		return
	}
	overElements(len(y), w, func(lo, hi int) { kernels.Axpy(alpha, x[lo:hi], y[lo:hi]) })
}

// MulAdd sets dst[i] = a[i]*b[i] + c[i], possibly fused, exactly as
// kernels.MulAdd. It panics when the lengths differ or dst partially
// overlaps an input.
func MulAdd[T kernels.Float](dst, a, b, c []T) { mulAdd(auto, dst, a, b, c) }

func mulAdd[T kernels.Float](w int, dst, a, b, c []T) {
	sameLen4("MulAdd", "dst,a,b,c", len(dst), len(a), len(b), len(c))
	noPartialOverlap("MulAdd", dst, a)
	noPartialOverlap("MulAdd", dst, b)
	noPartialOverlap("MulAdd", dst, c)
	if len(dst) < mapMin {
		kernels.MulAdd(dst, a, b, c)
		return
	}
	overElements(len(dst), w, func(lo, hi int) { kernels.MulAdd(dst[lo:hi], a[lo:hi], b[lo:hi], c[lo:hi]) })
}
