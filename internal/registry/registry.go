// Package registry declares every hotloop kernel once: its name, contract,
// shape, parameters and semantics. Everything else is derived from it:
// gen/ writes the asm.Table type, the per-ISA tables and stubs, the
// generic table, the public functions of packages kernels and parallel
// that need no hand-written logic, and the lists that tests, benchmarks
// and `hotloop demo` iterate over; tests check that no registered kernel
// lacks a reference, a test case, a benchmark or a demo row.
//
// The package is plain data with no dependencies, so that the generator
// module and the library share it.
package registry

import "fmt"

// Shape is the form of a kernel's loop, which decides how it is generated,
// tested, parallelised and benchmarked.
type Shape uint8

const (
	// Elementwise kernels write element i of their output from element i
	// of their inputs and scalar parameters (Add, AddConst, Axpy, MulAdd).
	Elementwise Shape = iota
	// Reduction kernels return one value computed from whole slices.
	Reduction
	// Search kernels return the index of the first matching element, or -1.
	Search
	// Conversion kernels are elementwise between fixed element types.
	Conversion
	// Composite functions are public API built by hand from table
	// kernels (ArgMin from Min and Index); they have no table entry.
	Composite
	// Scan kernels update a slice in place from left to right, each group
	// depending on the group before it as already updated (PNG's
	// unfiltering): no chunk can be computed without the ones before, so
	// they have no parallel twin, and their callers are written by hand.
	Scan
	// Resample kernels compute a row of output pixels, each a weighted sum
	// of a window of input pixels given by index data (first pixel and
	// tap count per output pixel) that the table wrapper validates before
	// the assembly trusts it; their callers are written by hand. Other
	// pixel-row kernels whose strides a Check function validates the same
	// way (ReduceColumns, TensorPlane) share the shape.
	Resample
	// Block kernels transform whole 8x8 blocks (JPEG's inverse DCT): the
	// slices are counted in blocks, not elements, and the output block i
	// is 8 rows of 8 bytes at dst[8i], dst[8i+stride], ...; the table
	// wrapper checks that geometry (Kernel.Check) before the assembly
	// trusts it, and the callers are written by hand.
	Block
	// Row kernels compute one row of pixels from rows of several planes
	// (JPEG's colour conversion): elementwise over pixels, but with more
	// inputs than a conversion has, so their callers and tests are
	// written by hand (API Internal).
	Row
)

var shapeNames = [...]string{"elementwise", "reduction", "search", "conversion", "composite", "scan", "resample", "block", "row"}

func (s Shape) String() string { return shapeNames[s] }

// Param is one parameter of a kernel.
type Param struct {
	Name string
	// Type is the element type of a slice or the type of a scalar: "T"
	// for the float type of per-type kernels, else a Go type name.
	Type  string
	Slice bool
	// Out marks a slice the kernel writes; In a slice it reads. Axpy's y
	// is both.
	Out, In bool
	// Sample is the value tests, benchmarks and the demo pass for a
	// scalar parameter.
	Sample float64
	// Group is the number of elements of a slice per index (3 for the
	// bytes of an RGB pixel), 0 meaning 1. The slices of one call hold the
	// same number of groups; loops run over groups.
	Group int
}

// PerIndex returns the elements of p per index (its Group, at least 1).
func (p Param) PerIndex() int { return max(p.Group, 1) }

// Grouped returns p with Group elements per index.
func Grouped(p Param, group int) Param {
	p.Group = group
	return p
}

// In returns a slice parameter the kernel reads.
func In(name, typ string) Param { return Param{Name: name, Type: typ, Slice: true, In: true} }

// Out returns a slice parameter the kernel writes.
func Out(name, typ string) Param { return Param{Name: name, Type: typ, Slice: true, Out: true} }

// InOut returns a slice parameter the kernel reads and writes in place.
func InOut(name, typ string) Param {
	return Param{Name: name, Type: typ, Slice: true, In: true, Out: true}
}

// Scalar returns a scalar parameter and the value tests, benchmarks and
// the demo pass for it.
func Scalar(name, typ string, sample float64) Param {
	return Param{Name: name, Type: typ, Sample: sample}
}

// API says who writes a kernel's public functions.
type API uint8

const (
	// Generated: kernels.<Name> and parallel.<Name> are generated from the
	// entry (length and overlap checks, then the dispatched kernel).
	Generated API = iota
	// HandWritten: both packages have a function of this name written by
	// hand (extra checks, special cases, or a parallel combination step).
	HandWritten
	// Internal: a building block of other functions, reachable only
	// through asm.Table (SumSquares serves Norm).
	Internal
)

// Kernel is one registered kernel.
type Kernel struct {
	Name string
	// Doc is the contract in one or more sentences, starting with the
	// verb ("sets dst[i] = a[i] + b[i]."); generated docs prefix the name.
	Doc    string
	Shape  Shape
	Params []Param
	// Result is the Go result type: "" for none, "T" or "int".
	Result string
	// PerType kernels exist for every type in Floats ("T" in Params).
	PerType bool
	API     API
	// Table reports whether the kernel has an asm.Table entry, i.e. a
	// generic reference and per-ISA assembly. Composites have none.
	Table bool
	// Fused names the parameters (a, b, c) of a product-sum a*b+c that an
	// ISA may compute with one rounding (a fused multiply-add); empty when
	// every element is computed exactly as the generic code does.
	Fused [3]string
	// Uses lists the table kernels a composite is built from.
	Uses []string
	// Check names the asm function a Resample kernel's table wrapper calls
	// with the kernel's name, its pixel size and its arguments, to
	// validate its index data before the assembly trusts it.
	Check string
	// NonEmpty kernels' public functions panic on empty slices (Min and
	// Max have no value to return); their table entries do not.
	NonEmpty bool
	// Streams kernels write their output with non-temporal stores on
	// AVX2 and AVX-512 in calls whose slices hold asm.SetStreamThreshold's
	// bytes or more (the x86 generators' streaming loop); package parallel
	// sizes their chunks so that each chunk's call still does. asm's tests
	// hold the generated code to this list.
	Streams bool
	// Arch, when set, is the one GOARCH whose ISAs implement the kernel:
	// a kernel shaped for one architecture's instructions (ResampleRows'
	// 16-bit weight halves serve x86's VPMADDWD; NEON multiplies by a
	// 32-bit lane and keeps the one-row kernel). Other ISAs' tables leave
	// it nil, and its hand-written caller takes another route there.
	Arch string
}

// Floats are the element types of per-type kernels, and their asm.Table
// field names.
var Floats = []Type{
	{Go: "float32", Field: "F32", Suffix: "F32", Size: 4},
	{Go: "float64", Field: "F64", Suffix: "F64", Size: 8},
}

// Type is an element type of per-type kernels.
type Type struct {
	Go     string // Go type name
	Field  string // asm.Table field holding the type's FloatOps
	Suffix string // in assembly function names: addF32AVX2
	Size   int    // bytes
}

// T is the element-type placeholder of per-type kernels.
const T = "T"

func binary(name, op string) Kernel {
	return Kernel{Name: name, Doc: "sets dst[i] = a[i] " + op + " b[i].", Shape: Elementwise, PerType: true, Table: true, Streams: true,
		Params: []Param{Out("dst", T), In("a", T), In("b", T)}}
}

func withConst(name, op string) Kernel {
	return Kernel{Name: name, Doc: "sets dst[i] = a[i] " + op + " c.", Shape: Elementwise, PerType: true, Table: true, Streams: true,
		Params: []Param{Out("dst", T), In("a", T), Scalar("c", T, 1.75)}}
}

// Kernels is the registry, in the order tables, docs and benchmarks list
// them.
var Kernels = []Kernel{
	binary("Add", "+"),
	binary("Sub", "-"),
	binary("Mul", "*"),
	func() Kernel {
		k := binary("Div", "/")
		k.Doc = "sets dst[i] = a[i] / b[i], with IEEE semantics (x/0 is ±Inf or NaN)."
		return k
	}(),
	withConst("AddConst", "+"),
	withConst("Scale", "*"),
	{Name: "Axpy", Shape: Elementwise, PerType: true, Table: true,
		Doc:    "sets y[i] += alpha * x[i] (BLAS axpy). SIMD ISAs use a fused multiply-add, so each element is either alpha*x[i] + y[i] rounded twice (as the generic code does) or rounded once.",
		Params: []Param{Scalar("alpha", T, -0.625), In("x", T), InOut("y", T)}, Fused: [3]string{"alpha", "x", "y"}},
	{Name: "MulAdd", Shape: Elementwise, PerType: true, Table: true, Streams: true,
		Doc:    "sets dst[i] = a[i]*b[i] + c[i]. SIMD ISAs use a fused multiply-add, so each element is either rounded twice (as the generic code does) or once.",
		Params: []Param{Out("dst", T), In("a", T), In("b", T), In("c", T)}, Fused: [3]string{"a", "b", "c"}},
	{Name: "Abs", Shape: Elementwise, PerType: true, Table: true, Streams: true,
		Doc:    "sets dst[i] = |a[i]| by clearing the sign bit, as math.Abs does: -0 becomes +0, -Inf +Inf, and a NaN stays a NaN.",
		Params: []Param{Out("dst", T), In("a", T)}},

	{Name: "Sum", Shape: Reduction, PerType: true, Table: true, API: HandWritten, Result: T,
		Doc:    "returns the sum of a (0 for empty), in an order fixed by len(a).",
		Params: []Param{In("a", T)}},
	{Name: "Dot", Shape: Reduction, PerType: true, Table: true, API: HandWritten, Result: T,
		Doc:    "returns the sum of a[i]*b[i], in an order fixed by len(a).",
		Params: []Param{In("a", T), In("b", T)}, Fused: [3]string{"a", "b", ""}},
	{Name: "SumSquares", Shape: Reduction, PerType: true, Table: true, API: Internal, Result: T,
		Doc:    "returns the sum of a[i]*a[i], in T, without scaling.",
		Params: []Param{In("a", T)}},
	{Name: "SumSquaredDiff", Shape: Reduction, PerType: true, Table: true, API: Internal, Result: T,
		Doc:    "returns the sum of (a[i]-b[i])^2, in T, without scaling.",
		Params: []Param{In("a", T), In("b", T)}},
	{Name: "Min", Shape: Reduction, PerType: true, Table: true, API: HandWritten, Result: T, NonEmpty: true,
		Doc:    "returns the least element: NaN when any element is NaN, +Inf for an empty slice. The sign of a zero result is unspecified when both -0 and +0 occur.",
		Params: []Param{In("a", T)}},
	{Name: "Max", Shape: Reduction, PerType: true, Table: true, API: HandWritten, Result: T, NonEmpty: true,
		Doc:    "returns the greatest element: NaN when any element is NaN, -Inf for an empty slice. The sign of a zero result is unspecified when both -0 and +0 occur.",
		Params: []Param{In("a", T)}},
	{Name: "Index", Shape: Search, PerType: true, Table: true, API: Internal, Result: "int",
		Doc:    "returns the first i with a[i] == v (so -0 finds +0 and NaN finds nothing), or -1.",
		Params: []Param{In("a", T), Scalar("v", T, 0.5)}},
	{Name: "IndexNaN", Shape: Search, PerType: true, Table: true, API: Internal, Result: "int",
		Doc:    "returns the first i with a[i] a NaN, or -1.",
		Params: []Param{In("a", T)}},

	{Name: "ArgMin", Shape: Composite, PerType: true, API: HandWritten, Result: "int", Uses: []string{"Min", "Index", "IndexNaN"},
		Doc:    "returns the index of the first least element of a (-0 and +0 count as equal), the index of the first NaN if there is one, or -1 for an empty slice.",
		Params: []Param{In("a", T)}},
	{Name: "ArgMax", Shape: Composite, PerType: true, API: HandWritten, Result: "int", Uses: []string{"Max", "Index", "IndexNaN"},
		Doc:    "returns the index of the first greatest element of a (-0 and +0 count as equal), the index of the first NaN if there is one, or -1 for an empty slice.",
		Params: []Param{In("a", T)}},
	{Name: "Norm", Shape: Composite, PerType: true, API: HandWritten, Result: T, Uses: []string{"SumSquares"},
		Doc:    "returns the Euclidean norm sqrt(Σa[i]²) without spurious overflow or underflow.",
		Params: []Param{In("a", T)}},
	{Name: "Distance", Shape: Composite, PerType: true, API: HandWritten, Result: T, Uses: []string{"SumSquaredDiff"},
		Doc:    "returns the Euclidean distance sqrt(Σ(a[i]-b[i])²) with Norm's treatment of range.",
		Params: []Param{In("a", T), In("b", T)}},

	{Name: "Float32To64", Shape: Conversion, Table: true, Streams: true,
		Doc:    "sets dst[i] = float64(src[i]) (exact).",
		Params: []Param{Out("dst", "float64"), In("src", "float32")}},
	{Name: "Float64To32", Shape: Conversion, Table: true, Streams: true,
		Doc:    "sets dst[i] = float32(src[i]), rounding to nearest even; values beyond float32's range become ±Inf, as in Go.",
		Params: []Param{Out("dst", "float32"), In("src", "float64")}},
	{Name: "Uint8ToFloat32", Shape: Conversion, Table: true, Streams: true,
		Doc:    "sets dst[i] = float32(src[i])*scale + offset, the product rounded before the sum on every ISA (never fused). It is the image-to-tensor step: scale 1/255 and offset 0 map bytes to [0, 1]; per-channel normalisation (x/255 - mean)/std is scale 1/(255*std), offset -mean/std.",
		Params: []Param{Out("dst", "float32"), In("src", "uint8"), Scalar("scale", "float32", 1.0/255), Scalar("offset", "float32", -0.5)}},
	{Name: "RGBToGray", Shape: Conversion, Table: true,
		Doc:    "sets dst[i] to the luma of the RGB pixel src[3i:3i+3] as Pillow's RGB→L conversion computes it: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16.",
		Params: []Param{Out("dst", "uint8"), Grouped(In("src", "uint8"), 3)}},
	{Name: "RGBAToGray", Shape: Conversion, Table: true,
		Doc:    "sets dst[i] to the luma of the RGBA pixel src[4i:4i+4], alpha ignored, as Pillow's RGBA→L conversion computes it: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16.",
		Params: []Param{Out("dst", "uint8"), Grouped(In("src", "uint8"), 4)}},
	{Name: "RGBAToRGB", Shape: Conversion, Table: true,
		Doc:    "sets the RGB pixel dst[3i:3i+3] to the colour of the RGBA pixel src[4i:4i+4], dropping alpha, as Pillow's RGBA→RGB conversion does.",
		Params: []Param{Grouped(Out("dst", "uint8"), 3), Grouped(In("src", "uint8"), 4)}},
	{Name: "GrayToRGB", Shape: Conversion, Table: true,
		Doc:    "sets the RGB pixel dst[3i:3i+3] to (src[i], src[i], src[i]), as Pillow's L→RGB conversion does.",
		Params: []Param{Grouped(Out("dst", "uint8"), 3), In("src", "uint8")}},
	{Name: "PremultiplyRGBA", Shape: Conversion, Table: true,
		Doc:    "sets the RGBA pixel dst[4i:4i+4] to src[4i:4i+4] with each colour channel c multiplied by the alpha a as Pillow's RGBA→RGBa conversion rounds it, t = c*a + 128, (t + t>>8) >> 8 (c*a/255 rounded); alpha is copied.",
		Params: []Param{Grouped(Out("dst", "uint8"), 4), Grouped(In("src", "uint8"), 4)}},
	{Name: "HighBytes", Shape: Conversion, Table: true,
		Doc:    "sets dst[i] = src[2i], the most significant byte of the big-endian 16-bit sample src[2i:2i+2]: how Pillow reduces 16-bit PNG samples to 8 bits.",
		Params: []Param{Out("dst", "uint8"), Grouped(In("src", "uint8"), 2)}},
	{Name: "Float32ToUint8", Shape: Conversion, Table: true,
		Doc:    "sets dst[i] to src[i] rounded half to even and saturated to 0..255; NaN becomes 0, -Inf 0 and +Inf 255.",
		Params: []Param{Out("dst", "uint8"), In("src", "float32")}},
}

// PNG's filters that predict from the pixel to the left, which make a row's
// unfiltering a scan, and the pixel sizes (bytes) with SIMD kernels: 8-bit
// RGB and RGBA, where images spend their decoding time. Each pair is one
// table kernel, Unfilter<Filter><Bpp>; kernels.Unfilter serves the others
// in Go.
var (
	UnfilterFilters = []UnfilterFilter{
		{"Sub", "cur[i] += cur[i-bpp]"},
		{"Average", "cur[i] += (cur[i-bpp] + prev[i]) >> 1, computed without overflow"},
		{"Paeth", "cur[i] += the Paeth predictor of left cur[i-bpp], up prev[i] and up-left prev[i-bpp] (nearest to left + up - upleft; ties to left, then up)"},
	}
	UnfilterBpps = []int{3, 4}
)

// UnfilterFilter is one PNG filter type with a scan kernel.
type UnfilterFilter struct {
	Name string
	Rule string // the update of byte i, for the contract
}

func init() {
	for _, f := range UnfilterFilters {
		for _, bpp := range UnfilterBpps {
			Kernels = append(Kernels, Kernel{
				Name: UnfilterName(f.Name, bpp), Shape: Scan, Table: true, API: Internal,
				Doc: fmt.Sprintf("reverses PNG's %s filter on a row of %d-byte pixels in place: for i in order, %s, with the bytes left of the row (i < %d) read as 0. prev is the previous row, already unfiltered (zeros for the first).",
					f.Name, bpp, f.Rule, bpp),
				Params: []Param{Grouped(InOut("cur", "uint8"), bpp), Grouped(In("prev", "uint8"), bpp)},
			})
		}
	}
}

// ResampleChannels are the channel counts (Gray, RGB, RGBA) with a
// horizontal resampling kernel, ResampleRow<ch>; pixel resamples
// GrayAlpha in Go.
var ResampleChannels = []int{1, 3, 4}

func init() {
	for _, ch := range ResampleChannels {
		Kernels = append(Kernels, Kernel{
			Name: ResampleName(ch), Shape: Resample, Table: true, API: Internal, Check: "checkResample",
			Doc: fmt.Sprintf("resamples one row of %d-channel pixels as Pillow's horizontal pass does: output pixel x (len(dst)/%d of them) reads bounds[2x+1] taps from source pixel bounds[2x], weighted by the next bounds[2x+1] entries of k (windows packed one after another); each channel's sum starts at 1<<21 and adds int32(pixel)*weight, wrapping as int32, and is stored as clip8(sum) = the sum >> 22 (arithmetic) saturated to 0..255.",
				ch, ch),
			Params: []Param{Grouped(Out("dst", "uint8"), ch), Grouped(In("src", "uint8"), ch), In("bounds", "int32"), In("k", "int32")},
		})
	}
}

// ResampleRowsChannels are the channel counts (RGB, RGBA) with a
// horizontal resampling kernel over many rows, ResampleRows<ch>.
var ResampleRowsChannels = []int{3, 4}

func init() {
	for _, ch := range ResampleRowsChannels {
		Kernels = append(Kernels, Kernel{
			Name: ResampleRowsName(ch), Shape: Resample, Table: true, API: Internal, Check: "checkResampleRows", Arch: "amd64",
			Doc: fmt.Sprintf("resamples rows of %d-channel pixels as Pillow's horizontal pass does, ResampleRow%d's sums with the weights split into 16-bit halves: row y (y < rows) reads src from y*srcStride and writes len(bounds)/2 pixels to dst from y*dstStride; output pixel x reads bounds[2x+1] taps from source pixel bounds[2x], and its taps take k's next groups of four, one group per two taps (j, j+1): lo_j, lo_j+1, hi_j, hi_j+1, the weight of tap j being hi_j<<16 + lo_j (a window of odd size ends with a group whose second weight is zero and whose pixel is not read); each channel's sum starts at 1<<21 and adds int32(pixel)*weight, wrapping as int32, and is stored as clip8(sum) = the sum >> 22 (arithmetic) saturated to 0..255.",
				ch, ch),
			Params: []Param{Grouped(Out("dst", "uint8"), ch), Scalar("dstStride", "int", 0), In("src", "uint8"), Scalar("srcStride", "int", 0), Scalar("rows", "int", 2), In("bounds", "int32"), In("k", "int16")},
		})
	}
}

// PairRows is the number of rows TransposePairs<ch> lays out and
// ResamplePairs<ch> resamples at once: a row per dword of a YMM register.
const PairRows = 8

func init() {
	for _, ch := range ResampleRowsChannels {
		Kernels = append(Kernels, Kernel{
			Name: TransposePairsName(ch), Shape: Resample, Table: true, API: Internal, Check: "checkTransposePairs", Arch: "amd64",
			Doc: fmt.Sprintf("lays out %d rows of 4*groups %d-channel pixels as the pair columns ResamplePairs%d reads: for pixel pair p < 2*groups (pixels 2p and 2p+1), channel c < %d, row r < %d and i = 0, 1, dst[16*(p*%d+c)+2*r+i] = src[r*srcStride+(2p+i)*%d+c], so that the dword of row r holds channel c of the pair as two 16-bit words; each group of four pixels reads 16 bytes of each row, src[r*srcStride+%d*g:][:16] (for RGB, 4 bytes past the group's pixels).",
				PairRows, ch, ch, ch, PairRows, ch, ch, 4*ch),
			// dst holds 32*ch words per group of four pixels.
			Params: []Param{Grouped(Out("dst", "uint16"), 32*ch), In("src", "uint8"), Scalar("srcStride", "int", 0), Scalar("groups", "int", 0)},
		})
		Kernels = append(Kernels, Kernel{
			Name: ResamplePairsName(ch), Shape: Resample, Table: true, API: Internal, Check: "checkResamplePairs", Arch: "amd64",
			Doc: fmt.Sprintf("resamples the %d rows that TransposePairs%d laid out in t as ResampleRow%d does each, with windows of pixel pairs: output pixel x of row r (r < %d) reads bounds[2x+1] pairs from pair bounds[2x] (pixels 2*bounds[2x] on), each pair taking k's next group of four, lo_a, lo_b, hi_a, hi_b, the weight of its first pixel being hi_a<<16 + lo_a and of its second hi_b<<16 + lo_b; each channel's sum starts at 1<<21 and adds int32(pixel)*weight, the pixel being t's word read as int16 (TransposePairs writes 0..255), wrapping as int32, and is stored as clip8(sum) = the sum >> 22 (arithmetic) saturated to 0..255, row r's len(bounds)/2 pixels from dst[r*dstStride].",
				PairRows, ch, ch, PairRows),
			Params: []Param{Grouped(Out("dst", "uint8"), ch), Scalar("dstStride", "int", 0), In("t", "uint16"), In("bounds", "int32"), In("k", "int16")},
		})
	}
}

func init() {
	Kernels = append(Kernels, Kernel{
		Name: "ResampleColumns", Shape: Resample, Table: true, API: Internal, Check: "checkResampleColumns",
		Doc:    "resamples columns of bytes as Pillow's vertical pass does: dst[i] = clip8(1<<21 + the sum over j of int32(src[j*stride+i])*k[j]), wrapping as int32, for i < len(dst) and j < len(k), where clip8 is the sum >> 22 (arithmetic) saturated to 0..255.",
		Params: []Param{Out("dst", "uint8"), In("src", "uint8"), Scalar("stride", "int", 0), In("k", "int32")},
	})
}

func init() {
	Kernels = append(Kernels, Kernel{
		Name: "ReduceColumns", Shape: Resample, Table: true, API: Internal, Check: "checkReduceColumns",
		Doc:    "sums columns of bytes as Pillow's reduce does before it divides: dst[i] = the sum over j < rows of src[j*stride+i], wrapping as uint16 (exact up to 257 rows), for i < len(dst).",
		Params: []Param{Out("dst", "uint16"), In("src", "uint8"), Scalar("stride", "int", 0), Scalar("rows", "int", 0)},
	})
}

// ReduceRowChannels are the channel counts with a kernel for the block
// averages of Pillow's reduce, ReduceRow<ch>.
var ReduceRowChannels = []int{1, 2, 3, 4}

// MaxReduceBlock is the most column sums one block of ReduceRow<ch> adds
// (fx*ch): 32 keeps a step's blocks within the registers of one
// permutation (AVX-512's VPERMI2W reads 64 words) and the sums far below
// 2^32.
const MaxReduceBlock = 32

func init() {
	for _, ch := range ReduceRowChannels {
		Kernels = append(Kernels, Kernel{
			Name: ReduceRowName(ch), Shape: Resample, Table: true, API: Internal, Check: "checkReduceRow",
			Doc: fmt.Sprintf("averages blocks of column sums as Pillow's reduce does after summing a band of rows: for x < len(dst)/%d and c < %d, dst[%d*x+c] = uint8(((s + uint32(half)) * uint32(m)) >> 24) in wrapping uint32 arithmetic, where s is the sum of cols[(x*fx+j)*%d+c] over j < fx; fx*%d is 1 to MaxReduceBlock, and cols holds at least fx*len(dst) sums (those are all it reads).",
				ch, ch, ch, ch, ch),
			Params: []Param{Grouped(Out("dst", "uint8"), ch), In("cols", "uint16"), Scalar("fx", "int", 2), Scalar("half", "int", 4), Scalar("m", "int", 2097152)},
		})
	}
}

func init() {
	Kernels = append(Kernels, Kernel{
		Name: "TensorPlane", Shape: Resample, Table: true, API: Internal, Check: "checkTensorPlane",
		Doc:    "writes one channel's plane of a normalised tensor as torchvision's ToTensor and Normalize compute it on the CPU: dst[i] = ((float32(src[i*stride]) / 255) - mean) / std, each operation rounded to float32 (never fused); mean 0 and std 1 give ToTensor alone.",
		Params: []Param{Out("dst", "float32"), In("src", "uint8"), Scalar("stride", "int", 3), Scalar("mean", "float32", 0.485), Scalar("std", "float32", 0.229)},
	})
}

// JPEG's block and row kernels (issue 9).
func init() {
	Kernels = append(Kernels, Kernel{
		Name: "IDCT", Shape: Block, Table: true, API: Internal, Check: "checkBlocks",
		Doc:    "transforms the len(blk)/64 blocks of dequantised DCT coefficients in blk (natural order, 64 per block) with libjpeg's accurate integer inverse DCT (jidctint's islow: columns then rows, 13-bit constants, 2 extra bits between the passes, each pass's descale (x + half) >> n) in wrapping int32 arithmetic, and stores block i's samples plus 128, saturated to 0..255, as 8 rows of 8 bytes at dst[8i], dst[8i+stride], ...",
		Params: []Param{Out("dst", "uint8"), Scalar("stride", "int", 64), In("blk", "int32")},
	}, Kernel{
		Name: "DequantIDCT", Shape: Block, Table: true, API: Internal, Check: "checkQuantBlocks",
		Doc:    "dequantises the len(coef)/64 blocks of quantised DCT coefficients in coef (natural order, 64 per block), coefficient i of a block times q[i] in wrapping int32 arithmetic, then transforms and stores them as IDCT does: block i's samples as 8 rows of 8 bytes at dst[8i], dst[8i+stride], ...",
		Params: []Param{Out("dst", "uint8"), Scalar("stride", "int", 64), In("coef", "int16"), In("q", "int32")},
	}, Kernel{
		Name: "YCbCrToRGB", Shape: Row, Table: true, API: Internal,
		Doc:    "sets the RGB pixel dst[3i:3i+3] to the colour of the JFIF YCbCr sample (y[i], cb[i], cr[i]) as libjpeg's fixed-point tables compute it, with cb' = cb-128 and cr' = cr-128: R = y + (91881*cr' + 32768) >> 16, G = y + (-22554*cb' - 46802*cr' + 32768) >> 16, B = y + (116130*cb' + 32768) >> 16 (arithmetic shifts), each saturated to 0..255.",
		Params: []Param{Grouped(Out("dst", "uint8"), 3), In("y", "uint8"), In("cb", "uint8"), In("cr", "uint8")},
	}, Kernel{
		Name: "UpsampleH2V1", Shape: Row, Table: true, API: Internal,
		Doc:    "doubles the row src horizontally as libjpeg's fancy upsampling does: dst[2i] = (3*src[i] + src[i-1] + 1) >> 2 and dst[2i+1] = (3*src[i] + src[i+1] + 2) >> 2, with src[-1] = src[0] and src[n] = src[n-1] for n = len(src).",
		Params: []Param{Grouped(Out("dst", "uint8"), 2), In("src", "uint8")},
	}, Kernel{
		Name: "UpsampleH2V2", Shape: Row, Table: true, API: Internal,
		Doc:    "computes an output row of libjpeg's fancy 2:1 upsampling both ways from the nearer input row near and the farther one far: with the column sums s[i] = 3*near[i] + far[i] (s[-1] = s[0], s[n] = s[n-1] for n = len(near)), dst[2i] = (3*s[i] + s[i-1] + 8) >> 4 and dst[2i+1] = (3*s[i] + s[i+1] + 7) >> 4.",
		Params: []Param{Grouped(Out("dst", "uint8"), 2), In("near", "uint8"), In("far", "uint8")},
	})
}

// ResampleName is the kernel name of a channel count: ResampleRow3.
func ResampleName(ch int) string { return fmt.Sprintf("ResampleRow%d", ch) }

// ResampleRowsName is the kernel name of a channel count: ResampleRows3.
func ResampleRowsName(ch int) string { return fmt.Sprintf("ResampleRows%d", ch) }

// TransposePairsName is the kernel name of a channel count: TransposePairs3.
func TransposePairsName(ch int) string { return fmt.Sprintf("TransposePairs%d", ch) }

// ResamplePairsName is the kernel name of a channel count: ResamplePairs3.
func ResamplePairsName(ch int) string { return fmt.Sprintf("ResamplePairs%d", ch) }

// ReduceRowName is the kernel name of a channel count: ReduceRow3.
func ReduceRowName(ch int) string { return fmt.Sprintf("ReduceRow%d", ch) }

// UnfilterName is the kernel name of a filter and pixel size: UnfilterPaeth4.
func UnfilterName(filter string, bpp int) string { return fmt.Sprintf("Unfilter%s%d", filter, bpp) }

// Lookup returns the kernel with the given name; it panics on an unknown
// name, a programming error.
func Lookup(name string) Kernel {
	for _, k := range Kernels {
		if k.Name == name {
			return k
		}
	}
	panic("registry: no kernel " + name)
}

// Public returns the kernels that packages kernels and parallel export.
func Public() []Kernel {
	var out []Kernel
	for _, k := range Kernels {
		if k.API != Internal {
			out = append(out, k)
		}
	}
	return out
}

// Slices returns the names of k's slice parameters; all must have the same
// length.
func (k Kernel) Slices() []string {
	var s []string
	for _, p := range k.Params {
		if p.Slice {
			s = append(s, p.Name)
		}
	}
	return s
}

// Dst returns k's written slice parameter, or "" when it writes none.
func (k Kernel) Dst() string {
	for _, p := range k.Params {
		if p.Out {
			return p.Name
		}
	}
	return ""
}

// Inputs returns the slice parameters k only reads.
func (k Kernel) Inputs() []string {
	var s []string
	for _, p := range k.Params {
		if p.Slice && !p.Out {
			s = append(s, p.Name)
		}
	}
	return s
}

// Scalars returns k's scalar parameters.
func (k Kernel) Scalars() []Param {
	var s []Param
	for _, p := range k.Params {
		if !p.Slice {
			s = append(s, p)
		}
	}
	return s
}

// MayFuse reports whether an ISA may compute k's product-sum with one
// rounding.
func (k Kernel) MayFuse() bool { return k.Fused[0] != "" }

// Subst returns typ with the placeholder T replaced by t (for per-type
// kernels).
func Subst(typ string, t Type) string {
	if typ == T {
		return t.Go
	}
	return typ
}
