package x86

import "github.com/hotloop/hotloop/internal/registry"

// The kernel families both x86 generators emit, their names bound to one
// generator's emitters: each name is written once, and a generator that
// emits a family emits all of it. (A kernel only one generator emits is
// in its own table; the AVX-512 table falls back to AVX2's for the rest.)

// Arith names the arithmetic of the elementwise kernels Add, Sub, Mul,
// Div, AddConst and Scale; each generator maps it to its instructions.
type Arith int

// The elementwise arithmetic.
const (
	Add Arith = iota
	Sub
	Mul
	Div
)

// ElementwiseKernels binds the elementwise kernels: Add, Sub, Mul and Div
// through binary, AddConst (Add) and Scale (Mul) through withConst, and
// Axpy, MulAdd and Abs.
func ElementwiseKernels[E any](binary, withConst func(E, Arith), axpy, mulAdd, abs func(E)) map[string]func(E) {
	return map[string]func(E){
		"Add":      func(e E) { binary(e, Add) },
		"Sub":      func(e E) { binary(e, Sub) },
		"Mul":      func(e E) { binary(e, Mul) },
		"Div":      func(e E) { binary(e, Div) },
		"AddConst": func(e E) { withConst(e, Add) },
		"Scale":    func(e E) { withConst(e, Mul) },
		"Axpy":     axpy,
		"MulAdd":   mulAdd,
		"Abs":      abs,
	}
}

// ReduceKernels binds the reductions: Sum, Dot, SumSquares,
// SumSquaredDiff, and Min and Max through extreme (max false and true).
func ReduceKernels[E any](sum, dot, sumSquares, sumSquaredDiff func(E), extreme func(e E, max bool)) map[string]func(E) {
	return map[string]func(E){
		"Sum":            sum,
		"Dot":            dot,
		"SumSquares":     sumSquares,
		"SumSquaredDiff": sumSquaredDiff,
		"Min":            func(e E) { extreme(e, false) },
		"Max":            func(e E) { extreme(e, true) },
	}
}

// SearchKernels binds the searches: Index (first a[i] == v) and IndexNaN
// (first a[i] that is NaN, with nanSearch).
func SearchKernels[E any](index func(e E, nanSearch bool)) map[string]func(E) {
	return map[string]func(E){
		"Index":    func(e E) { index(e, false) },
		"IndexNaN": func(e E) { index(e, true) },
	}
}

// ConvertKernels binds the conversions Float32To64, Float64To32,
// Uint8ToFloat32 and Float32ToUint8.
func ConvertKernels(float32To64, float64To32, uint8ToFloat32, float32ToUint8 func()) map[string]func() {
	return map[string]func(){
		"Float32To64":    float32To64,
		"Float64To32":    float64To32,
		"Uint8ToFloat32": uint8ToFloat32,
		"Float32ToUint8": float32ToUint8,
	}
}

// PixelKernels binds the kernels over packed pixels: RGBToGray and
// RGBAToGray through luma (3 and 4 bytes a pixel), RGBAToRGB, GrayToRGB,
// HighBytes and PremultiplyRGBA.
func PixelKernels(luma func(bpp int), rgbaToRGB, grayToRGB, highBytes, premultiplyRGBA func()) map[string]func() {
	return map[string]func(){
		"RGBToGray":       func() { luma(3) },
		"RGBAToGray":      func() { luma(4) },
		"RGBAToRGB":       rgbaToRGB,
		"GrayToRGB":       grayToRGB,
		"HighBytes":       highBytes,
		"PremultiplyRGBA": premultiplyRGBA,
	}
}

// ResampleKernels binds the resampling kernels: ResampleRow<ch> through
// row for each channel count of the registry's list, ResampleColumns and
// ReduceColumns.
func ResampleKernels(row func(ch int), columns, reduceColumns func()) map[string]func() {
	m := map[string]func(){}
	for _, ch := range registry.ResampleChannels {
		m[registry.ResampleName(ch)] = func() { row(ch) }
	}
	m["ResampleColumns"] = columns
	m["ReduceColumns"] = reduceColumns
	return m
}

// RowsKernels binds ResampleRows<ch>, for each channel count of the
// registry's list, to RowsKernel with the vector part vec(ch).
func RowsKernels(vec func(ch int) RowsVec) map[string]func() {
	m := map[string]func(){}
	for _, ch := range registry.ResampleRowsChannels {
		m[registry.ResampleRowsName(ch)] = func() { RowsKernel(vec(ch), ch) }
	}
	return m
}

// ReduceRowKernels binds ReduceRow<ch>, for each channel count of the
// registry's list, to row(ch).
func ReduceRowKernels(row func(ch int)) map[string]func() {
	m := map[string]func(){}
	for _, ch := range registry.ReduceRowChannels {
		m[registry.ReduceRowName(ch)] = func() { row(ch) }
	}
	return m
}
