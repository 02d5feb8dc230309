package parallel

import "github.com/hotloop/hotloop/kernels"

// The elementwise kernels check their arguments like their kernels twins,
// then call the twin on chunks of at least mapChunk elements. Each element
// is computed exactly as the serial kernel computes it, so the result is
// the same bits as kernels' (and as kernels', Axpy and MulAdd may fuse).
// The destination may be the very same slice as an input: every chunk then
// reads and writes the same range, as the serial kernel would.
//
// The kernel is named by an op code rather than passed as a function value:
// a generic function used as a value needs a closure for its dictionary,
// which would cost an allocation on the serial path too.

type binaryOp uint8

const (
	opAdd binaryOp = iota
	opSub
	opMul
	opDiv
)

var binaryNames = [...]string{opAdd: "Add", opSub: "Sub", opMul: "Mul", opDiv: "Div"}

// Add sets dst[i] = a[i] + b[i]. It panics when the lengths differ or dst
// partially overlaps an input.
func Add[T kernels.Float](dst, a, b []T) { binary(auto, opAdd, dst, a, b) }

// Sub sets dst[i] = a[i] - b[i]. It panics like Add.
func Sub[T kernels.Float](dst, a, b []T) { binary(auto, opSub, dst, a, b) }

// Mul sets dst[i] = a[i] * b[i]. It panics like Add.
func Mul[T kernels.Float](dst, a, b []T) { binary(auto, opMul, dst, a, b) }

// Div sets dst[i] = a[i] / b[i], with IEEE semantics (x/0 is ±Inf or NaN).
// It panics like Add.
func Div[T kernels.Float](dst, a, b []T) { binary(auto, opDiv, dst, a, b) }

func binaryKernel[T kernels.Float](op binaryOp, dst, a, b []T) {
	switch op {
	case opAdd:
		kernels.Add(dst, a, b)
	case opSub:
		kernels.Sub(dst, a, b)
	case opMul:
		kernels.Mul(dst, a, b)
	case opDiv:
		kernels.Div(dst, a, b)
	}
}

func binary[T kernels.Float](w int, op binaryOp, dst, a, b []T) {
	name := binaryNames[op]
	sameLen3(name, "dst,a,b", len(dst), len(a), len(b))
	noPartialOverlap(name, dst, a)
	noPartialOverlap(name, dst, b)
	if len(dst) < mapMin {
		binaryKernel(op, dst, a, b)
		return
	}
	overElements(len(dst), w, func(lo, hi int) { binaryKernel(op, dst[lo:hi], a[lo:hi], b[lo:hi]) })
}

// AddConst sets dst[i] = a[i] + c. It panics when the lengths differ or dst
// partially overlaps a.
func AddConst[T kernels.Float](dst, a []T, c T) { withConst(auto, false, dst, a, c) }

// Scale sets dst[i] = a[i] * c. It panics like AddConst.
func Scale[T kernels.Float](dst, a []T, c T) { withConst(auto, true, dst, a, c) }

func constKernel[T kernels.Float](scale bool, dst, a []T, c T) {
	if scale {
		kernels.Scale(dst, a, c)
	} else {
		kernels.AddConst(dst, a, c)
	}
}

func withConst[T kernels.Float](w int, scale bool, dst, a []T, c T) {
	name := "AddConst"
	if scale {
		name = "Scale"
	}
	sameLen2(name, "dst,a", len(dst), len(a))
	noPartialOverlap(name, dst, a)
	if len(dst) < mapMin {
		constKernel(scale, dst, a, c)
		return
	}
	overElements(len(dst), w, func(lo, hi int) { constKernel(scale, dst[lo:hi], a[lo:hi], c) })
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
