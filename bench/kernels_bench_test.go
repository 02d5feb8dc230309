package bench

// BenchmarkKernels times every kernel of package kernels on every ISA this
// CPU and build support, beside the gonum and vek functions that do the
// same job. Names are Kernels/<kernel>/<type>/<size>/<implementation> so
// that a -bench regexp can pick any slice of the grid and benchstat can
// line implementations up.
//
// The helpers in this file are prefixed kb ("kernel bench") because other
// benchmark files share package bench.

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/viterin/vek"
	"github.com/viterin/vek/vek32"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/floats"

	"github.com/hotloop/hotloop/kernels"
)

// kbSizes are the element counts: 1K shows per-call overhead, 4K is
// L1-resident (for float32), 256K sits in L2, 1M (4 MB of float32) is past
// L2, 4M streams from L3/DRAM.
// Only those named by -kernels.sizes run.
type kbSize struct {
	name string
	n    int
}

var kbSizes = []kbSize{
	{"1K", 1 << 10},
	{"4K", 4 << 10},
	{"256K", 256 << 10},
	{"1M", 1 << 20},
	{"4M", 4 << 20},
}

// kbSizesFlag picks the sizes. Each sub-benchmark costs about 1.2 s at the
// default -benchtime and the full grid has some 480 of them, which would
// pass go test's 10-minute default timeout; the default keeps the two
// sizes that tell most (L1-resident and memory-bound) and runs in about
// five minutes. -kernels.sizes=all runs the whole grid (add -timeout 0).
var kbSizesFlag = flag.String("kernels.sizes", "4K,4M",
	"comma-separated sizes for BenchmarkKernels (1K, 4K, 256K, 4M) or all")

// kbWantSize reports whether -kernels.sizes selects the named size.
func kbWantSize(b *testing.B, name string) bool {
	if *kbSizesFlag == "all" {
		return true
	}
	for _, s := range strings.Split(*kbSizesFlag, ",") {
		s = strings.TrimSpace(s)
		if strings.EqualFold(s, name) {
			return true
		}
		if !slices.ContainsFunc(kbSizes, func(k kbSize) bool { return strings.EqualFold(k.name, s) }) {
			b.Fatalf("-kernels.sizes: unknown size %q (want 1K, 4K, 256K, 1M, 4M or all)", s)
		}
	}
	return false
}

// kbImpl is one implementation of a kernel at one size. body runs the
// b.Loop itself, so the timed loop holds a direct call, not a closure call
// per iteration. A hotloop implementation is run with its ISA forced.
type kbImpl struct {
	name    string
	hotloop bool
	isa     kernels.ISA
	body    func(b *testing.B)
}

func BenchmarkKernels(b *testing.B) {
	kbPrintConfig()
	for _, k := range kbFloatKernels {
		b.Run(k.name, func(b *testing.B) {
			b.Run("float32", func(b *testing.B) {
				kbRunSizes(b, 4*k.elems, func(n int) []kbImpl {
					in := kbFloatInputsFor[float32](n)
					return kbImpls(k.name, "float32", kbHotloopFloat(k.name, in), kbGonum32(k.name, in), "vek32", kbVek32(k.name, in))
				})
			})
			b.Run("float64", func(b *testing.B) {
				kbRunSizes(b, 8*k.elems, func(n int) []kbImpl {
					in := kbFloatInputsFor[float64](n)
					return kbImpls(k.name, "float64", kbHotloopFloat(k.name, in), kbGonum64(k.name, in), "vek", kbVek64(k.name, in))
				})
			})
		})
	}
	for _, k := range kbConvKernels {
		b.Run(k.name, func(b *testing.B) {
			// The type level names the source type, so every benchmark
			// name has the same four levels.
			typ := k.src
			b.Run(typ, func(b *testing.B) {
				kbRunSizes(b, k.bytes, func(n int) []kbImpl {
					in := kbConvInputsFor(n)
					return kbImpls(k.name, typ, kbHotloopConv(k.name, in), nil, "vek32", kbVekConv(k.name, in))
				})
			})
		})
	}
}

// kbRunSizes runs one sub-benchmark per size and, inside it, one per
// implementation. Inputs are built only when a size actually runs, so a
// narrow -bench pattern does not allocate the whole grid.
func kbRunSizes(b *testing.B, bytesPerElem int64, impls func(n int) []kbImpl) {
	for _, s := range kbSizes {
		if !kbWantSize(b, s.name) {
			continue
		}
		b.Run(s.name, func(b *testing.B) {
			for _, im := range impls(s.n) {
				b.Run(im.name, func(b *testing.B) {
					if im.hotloop {
						defer kbUse(b, im.isa)()
					}
					b.SetBytes(bytesPerElem * int64(s.n))
					im.body(b)
				})
			}
		})
	}
}

// kbImpls expands the hotloop body to one implementation per supported
// ISA ("generic" first) and appends the gonum and vek bodies when the
// library has the kernel (a nil body means it has not). vekName is the vek
// package used: "vek32" for float32, "vek" for float64.
func kbImpls(kernel, typ string, hot, gonum func(*testing.B), vekName string, vekBody func(*testing.B)) []kbImpl {
	var out []kbImpl
	for _, isa := range kernels.Supported() {
		out = append(out, kbImpl{name: isa.String(), hotloop: true, isa: isa, body: hot})
	}
	if gonum != nil {
		out = append(out, kbImpl{name: kbGonumName(kernel, typ), body: gonum})
	}
	if vekBody != nil {
		out = append(out, kbImpl{name: kbVekName(vekName), body: vekBody})
	}
	return out
}

// kbGonumName is "gonum", or "gonum-inplace" for the kernels gonum only
// has in place (float64 AddConst as floats.AddConst, float32 Scale as
// Sscal). Those rows are not like-for-like: in place touches one slice
// where hotloop's dst = a op c touches two, and at 4M float64 that is the
// difference between fitting in a 32 MiB L3 and going to DRAM (2.4x).
func kbGonumName(kernel, typ string) string {
	if kernel == "AddConst" && typ == "float64" || kernel == "Scale" && typ == "float32" {
		return "gonum-inplace"
	}
	return "gonum"
}

// kbUse forces isa for one benchmark and returns the function that puts
// the previous ISA back, so later benchmarks and other files see the
// dispatcher as they left it.
func kbUse(b *testing.B, isa kernels.ISA) (restore func()) {
	prev := kernels.Active()
	if err := kernels.Use(isa); err != nil {
		b.Fatal(err)
	}
	return func() {
		if err := kernels.Use(prev); err != nil {
			b.Fatal(err)
		}
	}
}

// kbVekName returns pkg when vek runs its AVX2 code and pkg+"-purego"
// when it has fallen back to plain Go: vek picks its path from
// golang.org/x/sys/cpu at init (AVX2 and FMA, amd64, not darwin), and a
// silent fallback would make hotloop look better than it is.
func kbVekName(pkg string) string {
	if vek.Info().Acceleration {
		return pkg
	}
	return pkg + "-purego"
}

var kbConfigOnce sync.Once

// kbPrintConfig prints, once, benchstat configuration lines ("key: value"
// before the results) recording what the run compared: the ISAs forced,
// the one the dispatcher would pick and whether vek used its assembly.
func kbPrintConfig() {
	kbConfigOnce.Do(func() {
		var isas []string
		for _, isa := range kernels.Supported() {
			isas = append(isas, isa.String())
		}
		fmt.Printf("hotloop-isas: %s\n", strings.Join(isas, " "))
		fmt.Printf("hotloop-active: %s\n", kernels.Active())
		fmt.Printf("vek-acceleration: %v\n", vek.Info().Acceleration)
		if !vek.Info().Acceleration {
			fmt.Fprintln(os.Stderr, "bench: vek runs without AVX2 here; its rows are named vek32-purego and vek-purego")
		}
	})
}

// kbFloatInputs are one size's operands. a, b and c are inputs in [-1, 1)
// and are never written; dst receives results (and is the y of Axpy).
type kbFloatInputs[T float32 | float64] struct {
	a, b, c, dst []T
}

var kbCache sync.Map // "type/n" -> inputs, built once per size

// kbFloatInputsFor returns the cached operands of length n, drawn from a
// fixed seed so every run and every implementation sees the same data.
func kbFloatInputsFor[T float32 | float64](n int) *kbFloatInputs[T] {
	key := fmt.Sprintf("%T/%d", T(0), n)
	if v, ok := kbCache.Load(key); ok {
		return v.(*kbFloatInputs[T])
	}
	r := rand.New(rand.NewPCG(1, uint64(n)))
	in := &kbFloatInputs[T]{a: kbRandom[T](r, n), b: kbRandom[T](r, n), c: kbRandom[T](r, n), dst: kbRandom[T](r, n)}
	kbCache.Store(key, in)
	return in
}

// kbRandom returns n values uniform in [-1, 1): no zeros to divide by in
// practice, and no subnormal products to slow any implementation down.
func kbRandom[T float32 | float64](r *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(2*r.Float64() - 1)
	}
	return s
}

// kbResetDst makes dst a fresh copy of b before a kernel that updates it
// in place (Axpy, and the in-place gonum calls), so its values stay in
// range whatever ran before.
func kbResetDst[T float32 | float64](in *kbFloatInputs[T]) {
	copy(in.dst, in.b)
}

// kbGonum32 returns gonum's float32 loop for kernel, or nil. gonum has
// float32 only in BLAS form: Sdot, Saxpy, Sscal and Snrm2.
func kbGonum32(kernel string, in *kbFloatInputs[float32]) func(*testing.B) {
	n := len(in.a)
	a := blas32.Vector{N: n, Inc: 1, Data: in.a}
	x := blas32.Vector{N: n, Inc: 1, Data: in.b}
	dst := blas32.Vector{N: n, Inc: 1, Data: in.dst}
	switch kernel {
	case "Dot":
		return func(b *testing.B) {
			for b.Loop() {
				blas32.Dot(a, x)
			}
		}
	case "Axpy":
		return func(b *testing.B) {
			kbResetDst(in)
			alpha := float32(0.5)
			for b.Loop() {
				blas32.Axpy(alpha, a, dst)
				alpha = -alpha
			}
		}
	case "Scale":
		// Sscal works in place (x *= alpha), hence "gonum-inplace".
		// Alternating 2 and 0.5 keeps the values exact and in range.
		return func(b *testing.B) {
			kbResetDst(in)
			alpha := float32(2)
			for b.Loop() {
				blas32.Scal(alpha, dst)
				alpha = 1 / alpha
			}
		}
	case "Norm":
		return func(b *testing.B) {
			for b.Loop() {
				blas32.Nrm2(a)
			}
		}
	}
	return nil
}

// kbGonum64 returns gonum/floats' float64 loop for kernel, or nil. The
// blas64 routines (Ddot, Daxpy, Dnrm2) call the same internal assembly
// as floats, so they are not timed separately.
func kbGonum64(kernel string, in *kbFloatInputs[float64]) func(*testing.B) {
	a, x, dst := in.a, in.b, in.dst
	switch kernel {
	case "Add":
		return func(b *testing.B) {
			for b.Loop() {
				floats.AddTo(dst, a, x)
			}
		}
	case "Sub":
		return func(b *testing.B) {
			for b.Loop() {
				floats.SubTo(dst, a, x)
			}
		}
	case "Mul":
		return func(b *testing.B) {
			for b.Loop() {
				floats.MulTo(dst, a, x)
			}
		}
	case "Div":
		return func(b *testing.B) {
			for b.Loop() {
				floats.DivTo(dst, a, x)
			}
		}
	case "AddConst":
		// floats.AddConst works in place, hence "gonum-inplace";
		// alternating signs keeps dst near its starting values.
		return func(b *testing.B) {
			kbResetDst(in)
			c := 0.5
			for b.Loop() {
				floats.AddConst(c, dst)
				c = -c
			}
		}
	case "Scale":
		return func(b *testing.B) {
			for b.Loop() {
				floats.ScaleTo(dst, 0.75, a)
			}
		}
	case "Axpy":
		return func(b *testing.B) {
			kbResetDst(in)
			alpha := 0.5
			for b.Loop() {
				floats.AddScaled(dst, alpha, a)
				alpha = -alpha
			}
		}
	case "Sum":
		return func(b *testing.B) {
			for b.Loop() {
				floats.Sum(a)
			}
		}
	case "Dot":
		return func(b *testing.B) {
			for b.Loop() {
				floats.Dot(a, x)
			}
		}
	case "Min":
		return func(b *testing.B) {
			for b.Loop() {
				floats.Min(a)
			}
		}
	case "Max":
		return func(b *testing.B) {
			for b.Loop() {
				floats.Max(a)
			}
		}
	case "ArgMin":
		return func(b *testing.B) {
			for b.Loop() {
				floats.MinIdx(a)
			}
		}
	case "ArgMax":
		return func(b *testing.B) {
			for b.Loop() {
				floats.MaxIdx(a)
			}
		}
	case "Norm":
		return func(b *testing.B) {
			for b.Loop() {
				floats.Norm(a, 2)
			}
		}
	case "Distance":
		return func(b *testing.B) {
			for b.Loop() {
				floats.Distance(a, x, 2)
			}
		}
	}
	return nil
}

// kbVek32 returns vek32's loop for kernel, or nil. The _Into forms write
// to a caller's slice without allocating. Note that vek's binary _Into
// functions copy x into dst and then run the in-place kernel: two passes,
// which is vek's real cost for dst = x op y.
func kbVek32(kernel string, in *kbFloatInputs[float32]) func(*testing.B) {
	a, x, dst := in.a, in.b, in.dst
	switch kernel {
	case "Add":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Add_Into(dst, a, x)
			}
		}
	case "Sub":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Sub_Into(dst, a, x)
			}
		}
	case "Mul":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Mul_Into(dst, a, x)
			}
		}
	case "Div":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Div_Into(dst, a, x)
			}
		}
	case "AddConst":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.AddNumber_Into(dst, a, 0.5)
			}
		}
	case "Scale":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.MulNumber_Into(dst, a, 0.75)
			}
		}
	case "Sum":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Sum(a)
			}
		}
	case "Dot":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Dot(a, x)
			}
		}
	case "Min":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Min(a)
			}
		}
	case "Max":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Max(a)
			}
		}
	case "ArgMin":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.ArgMin(a)
			}
		}
	case "ArgMax":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.ArgMax(a)
			}
		}
	case "Norm":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Norm(a)
			}
		}
	case "Distance":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.Distance(a, x)
			}
		}
	}
	return nil // Axpy, MulAdd: vek has no such kernel
}

// kbVek64 is kbVek32 for float64, through package vek.
func kbVek64(kernel string, in *kbFloatInputs[float64]) func(*testing.B) {
	a, x, dst := in.a, in.b, in.dst
	switch kernel {
	case "Add":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Add_Into(dst, a, x)
			}
		}
	case "Sub":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Sub_Into(dst, a, x)
			}
		}
	case "Mul":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Mul_Into(dst, a, x)
			}
		}
	case "Div":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Div_Into(dst, a, x)
			}
		}
	case "AddConst":
		return func(b *testing.B) {
			for b.Loop() {
				vek.AddNumber_Into(dst, a, 0.5)
			}
		}
	case "Scale":
		return func(b *testing.B) {
			for b.Loop() {
				vek.MulNumber_Into(dst, a, 0.75)
			}
		}
	case "Sum":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Sum(a)
			}
		}
	case "Dot":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Dot(a, x)
			}
		}
	case "Min":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Min(a)
			}
		}
	case "Max":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Max(a)
			}
		}
	case "ArgMin":
		return func(b *testing.B) {
			for b.Loop() {
				vek.ArgMin(a)
			}
		}
	case "ArgMax":
		return func(b *testing.B) {
			for b.Loop() {
				vek.ArgMax(a)
			}
		}
	case "Norm":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Norm(a)
			}
		}
	case "Distance":
		return func(b *testing.B) {
			for b.Loop() {
				vek.Distance(a, x)
			}
		}
	}
	return nil
}

// kbConvInputs are one size's conversion operands: f32 and f64 in
// [-1, 1), bytes uniform over 0..255, pix float32 pixel values in
// [-0.5, 255.5) (so rounding and both saturation edges occur), and one
// destination per element type.
type kbConvInputs struct {
	f32, pix []float32
	f64      []float64
	u8       []uint8
	d32      []float32
	d64      []float64
	du8      []uint8
}

func kbConvInputsFor(n int) *kbConvInputs {
	key := fmt.Sprintf("conv/%d", n)
	if v, ok := kbCache.Load(key); ok {
		return v.(*kbConvInputs)
	}
	r := rand.New(rand.NewPCG(2, uint64(n)))
	in := &kbConvInputs{
		f32: kbRandom[float32](r, n),
		f64: kbRandom[float64](r, n),
		pix: make([]float32, n),
		u8:  make([]uint8, n),
		d32: make([]float32, n),
		d64: make([]float64, n),
		du8: make([]uint8, n),
	}
	for i := range n {
		in.pix[i] = float32(r.Float64()*256 - 0.5)
		in.u8[i] = uint8(r.Uint32())
	}
	kbCache.Store(key, in)
	return in
}

// kbPixels returns the cached random pixels of g bytes each (3 for RGB),
// as many as in has elements: a conversion's source, or (dst) its
// destination, a slice of its own.
func kbPixels(in *kbConvInputs, g int, dst bool) []uint8 {
	key := fmt.Sprintf("pixels/%d/%d/%v", len(in.u8), g, dst)
	if v, ok := kbCache.Load(key); ok {
		return v.([]uint8)
	}
	r := rand.New(rand.NewPCG(3, uint64(g)))
	p := make([]uint8, g*len(in.u8))
	for i := range p {
		p[i] = uint8(r.Uint32())
	}
	kbCache.Store(key, p)
	return p
}

// kbVekConv returns vek32's conversion loop, or nil: vek converts between
// float32 and float64 but has no uint8 conversions (gonum has none at all).
func kbVekConv(kernel string, in *kbConvInputs) func(*testing.B) {
	switch kernel {
	case "Float32To64":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.ToFloat64_Into(in.d64, in.f32)
			}
		}
	case "Float64To32":
		return func(b *testing.B) {
			for b.Loop() {
				vek32.FromFloat64_Into(in.d32, in.f64)
			}
		}
	}
	return nil
}
