package kernels

// Add sets dst[i] = a[i] + b[i].
func Add[T Float](dst, a, b []T) {
	binaryChecks("Add", dst, a, b)
	ops[T]().Add(dst, a, b)
}

// Sub sets dst[i] = a[i] - b[i].
func Sub[T Float](dst, a, b []T) {
	binaryChecks("Sub", dst, a, b)
	ops[T]().Sub(dst, a, b)
}

// Mul sets dst[i] = a[i] * b[i].
func Mul[T Float](dst, a, b []T) {
	binaryChecks("Mul", dst, a, b)
	ops[T]().Mul(dst, a, b)
}

// Div sets dst[i] = a[i] / b[i], with IEEE semantics (x/0 is ±Inf or NaN).
func Div[T Float](dst, a, b []T) {
	binaryChecks("Div", dst, a, b)
	ops[T]().Div(dst, a, b)
}

// AddConst sets dst[i] = a[i] + c.
func AddConst[T Float](dst, a []T, c T) {
	checkLen2("AddConst", "dst,a", len(dst), len(a))
	checkAlias("AddConst", dst, a)
	ops[T]().AddConst(dst, a, c)
}

// Scale sets dst[i] = a[i] * c.
func Scale[T Float](dst, a []T, c T) {
	checkLen2("Scale", "dst,a", len(dst), len(a))
	checkAlias("Scale", dst, a)
	ops[T]().Scale(dst, a, c)
}

// Axpy sets y[i] += alpha * x[i] (BLAS axpy). SIMD ISAs use a fused
// multiply-add, so each element is either alpha*x[i] + y[i] rounded twice
// (as the generic code does) or rounded once.
func Axpy[T Float](alpha T, x, y []T) {
	checkLen2("Axpy", "x,y", len(x), len(y))
	checkAlias("Axpy", y, x)
	ops[T]().Axpy(alpha, x, y)
}

// MulAdd sets dst[i] = a[i]*b[i] + c[i]. SIMD ISAs use a fused multiply-add,
// so each element is either rounded twice (as the generic code does) or once.
func MulAdd[T Float](dst, a, b, c []T) {
	checkLen4("MulAdd", "dst,a,b,c", len(dst), len(a), len(b), len(c))
	checkAlias("MulAdd", dst, a)
	checkAlias("MulAdd", dst, b)
	checkAlias("MulAdd", dst, c)
	ops[T]().MulAdd(dst, a, b, c)
}

func binaryChecks[T Float](op string, dst, a, b []T) {
	checkLen3(op, "dst,a,b", len(dst), len(a), len(b))
	checkAlias(op, dst, a)
	checkAlias(op, dst, b)
}
