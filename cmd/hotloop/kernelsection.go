package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hotloop/hotloop/kernels"
)

// demoKernel is one kernel at one element type, ready to be bound to the
// inputs of a size.
type demoKernel struct {
	name string
	typ  string
	// bytes read plus written per element, for GB/s.
	bytesPerElem int
	// bind returns a call of the kernel on in, to be timed in a loop.
	bind func(in *demoInputs) func()
}

// floatInputs are one size's operands for one float type: a, b and c are
// read-only and uniform in [-1, 1); dst takes results and is Axpy's y.
type floatInputs[T float32 | float64] struct {
	a, b, c, dst []T
}

// demoInputs are built lazily, so a -kernels filter that needs only
// bytes does not allocate 4M-element float64 slices.
type demoInputs struct {
	n    int
	rng  *rand.Rand
	f32p *floatInputs[float32]
	f64p *floatInputs[float64]
	u8p  []uint8
	pixp []float32 // float32 pixel values in [-0.5, 255.5)
}

func newDemoInputs(n int) *demoInputs {
	// A fixed seed: every run times the same data.
	return &demoInputs{n: n, rng: rand.New(rand.NewPCG(1, uint64(n)))}
}

func (in *demoInputs) f32() *floatInputs[float32] {
	if in.f32p == nil {
		in.f32p = newFloatInputs[float32](in.rng, in.n)
	}
	return in.f32p
}

func (in *demoInputs) f64() *floatInputs[float64] {
	if in.f64p == nil {
		in.f64p = newFloatInputs[float64](in.rng, in.n)
	}
	return in.f64p
}

func (in *demoInputs) u8() []uint8 {
	if in.u8p == nil {
		in.u8p = make([]uint8, in.n)
		for i := range in.u8p {
			in.u8p[i] = uint8(in.rng.Uint32())
		}
	}
	return in.u8p
}

func (in *demoInputs) pix() []float32 {
	if in.pixp == nil {
		in.pixp = make([]float32, in.n)
		for i := range in.pixp {
			in.pixp[i] = float32(in.rng.Float64()*256 - 0.5)
		}
	}
	return in.pixp
}

func newFloatInputs[T float32 | float64](r *rand.Rand, n int) *floatInputs[T] {
	fill := func() []T {
		s := make([]T, n)
		for i := range s {
			s[i] = T(2*r.Float64() - 1)
		}
		return s
	}
	return &floatInputs[T]{a: fill(), b: fill(), c: fill(), dst: fill()}
}

// floatKernels lists the float kernels for T; get picks T's inputs.
func floatKernels[T float32 | float64](typ string, size int, get func(*demoInputs) *floatInputs[T]) []demoKernel {
	k := func(name string, elems int, call func(x *floatInputs[T]) func()) demoKernel {
		return demoKernel{name, typ, elems * size, func(in *demoInputs) func() { return call(get(in)) }}
	}
	return []demoKernel{
		k("Add", 3, func(x *floatInputs[T]) func() { return func() { kernels.Add(x.dst, x.a, x.b) } }),
		k("Sub", 3, func(x *floatInputs[T]) func() { return func() { kernels.Sub(x.dst, x.a, x.b) } }),
		k("Mul", 3, func(x *floatInputs[T]) func() { return func() { kernels.Mul(x.dst, x.a, x.b) } }),
		k("Div", 3, func(x *floatInputs[T]) func() { return func() { kernels.Div(x.dst, x.a, x.b) } }),
		k("AddConst", 2, func(x *floatInputs[T]) func() { return func() { kernels.AddConst(x.dst, x.a, 0.5) } }),
		k("Scale", 2, func(x *floatInputs[T]) func() { return func() { kernels.Scale(x.dst, x.a, 0.75) } }),
		k("Axpy", 3, func(x *floatInputs[T]) func() {
			// The sign of alpha alternates so that y stays bounded over
			// millions of calls.
			alpha := T(0.5)
			return func() { kernels.Axpy(alpha, x.a, x.dst); alpha = -alpha }
		}),
		k("MulAdd", 4, func(x *floatInputs[T]) func() { return func() { kernels.MulAdd(x.dst, x.a, x.b, x.c) } }),
		k("Sum", 1, func(x *floatInputs[T]) func() { return func() { sinkF = float64(kernels.Sum(x.a)) } }),
		k("Dot", 2, func(x *floatInputs[T]) func() { return func() { sinkF = float64(kernels.Dot(x.a, x.b)) } }),
		k("Min", 1, func(x *floatInputs[T]) func() { return func() { sinkF = float64(kernels.Min(x.a)) } }),
		k("Max", 1, func(x *floatInputs[T]) func() { return func() { sinkF = float64(kernels.Max(x.a)) } }),
		k("ArgMin", 1, func(x *floatInputs[T]) func() { return func() { sinkI = kernels.ArgMin(x.a) } }),
		k("ArgMax", 1, func(x *floatInputs[T]) func() { return func() { sinkI = kernels.ArgMax(x.a) } }),
		k("Norm", 1, func(x *floatInputs[T]) func() { return func() { sinkF = float64(kernels.Norm(x.a)) } }),
		k("Distance", 2, func(x *floatInputs[T]) func() { return func() { sinkF = float64(kernels.Distance(x.a, x.b)) } }),
	}
}

// Results of reductions go to package variables so the compiler cannot
// drop the calls.
var (
	sinkF float64
	sinkI int
)

// convKernels lists the conversions; the type column names the source.
func convKernels() []demoKernel {
	return []demoKernel{
		{"Float32To64", "float32", 4 + 8, func(in *demoInputs) func() {
			src, dst := in.f32().a, in.f64().dst
			return func() { kernels.Float32To64(dst, src) }
		}},
		{"Float64To32", "float64", 8 + 4, func(in *demoInputs) func() {
			src, dst := in.f64().a, in.f32().dst
			return func() { kernels.Float64To32(dst, src) }
		}},
		{"Uint8ToFloat32", "uint8", 1 + 4, func(in *demoInputs) func() {
			src, dst := in.u8(), in.f32().dst
			return func() { kernels.Uint8ToFloat32(dst, src, 1.0/255, 0) }
		}},
		{"Float32ToUint8", "float32", 4 + 1, func(in *demoInputs) func() {
			src, dst := in.pix(), make([]uint8, in.n)
			return func() { kernels.Float32ToUint8(dst, src) }
		}},
	}
}

// allDemoKernels is every kernel the demo times, in display order.
func allDemoKernels() []demoKernel {
	var ks []demoKernel
	f32 := floatKernels[float32]("float32", 4, (*demoInputs).f32)
	f64 := floatKernels[float64]("float64", 8, (*demoInputs).f64)
	for i := range f32 {
		ks = append(ks, f32[i], f64[i])
	}
	return append(ks, convKernels()...)
}

func demoKernelNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, k := range allDemoKernels() {
		if !seen[k.name] {
			seen[k.name] = true
			names = append(names, k.name)
		}
	}
	return names
}

// runKernelSection times each selected kernel on the generic ISA and on
// the active one, size by size, printing each row as soon as it is
// measured. It leaves the active ISA as it found it.
func runKernelSection(env *demoEnv) error {
	simd := kernels.Active()
	defer kernels.Use(simd) //nolint:errcheck // simd was active, so it is supported

	var selected []demoKernel
	for _, k := range allDemoKernels() {
		if env.opts.kernels == nil || env.opts.kernels[k.name] {
			selected = append(selected, k)
		}
	}

	header := []string{"kernel", "type", "size", "generic", simd.String(), "speedup", "GB/s " + simd.String()}
	if simd == kernels.Generic {
		fmt.Fprintln(env.out, "(no SIMD ISA on this CPU or build: generic timings only)")
		header = []string{"kernel", "type", "size", "generic", "GB/s generic"}
	}
	t := newTable(header...)
	t.leftAlign(0, 1)
	if err := t.stream(env.out, 14, 7, 5, 9, 9, 7, 9); err != nil {
		return err
	}
	for _, n := range env.opts.sizes {
		in := newDemoInputs(n)
		for _, k := range selected {
			call := k.bind(in)
			gen, err := timeOn(kernels.Generic, call, env.opts.target)
			if err != nil {
				return err
			}
			row := []string{k.name, k.typ, sizeName(n), humanNs(gen)}
			if simd == kernels.Generic {
				row = append(row, gbps(k.bytesPerElem*n, gen))
			} else {
				fast, err := timeOn(simd, call, env.opts.target)
				if err != nil {
					return err
				}
				row = append(row, humanNs(fast), fmt.Sprintf("%.1fx", gen/fast), gbps(k.bytesPerElem*n, fast))
			}
			if err := t.streamRow(env.out, row...); err != nil {
				return err
			}
		}
	}
	return nil
}

// timeOn switches the kernels to isa and times call.
func timeOn(isa kernels.ISA, call func(), target time.Duration) (float64, error) {
	if err := kernels.Use(isa); err != nil {
		return 0, err
	}
	return nsPerOp(call, target), nil
}

// gbps is bytes over nanoseconds, which is GB/s (10⁹ bytes per second).
func gbps(bytes int, ns float64) string {
	return fmt.Sprintf("%.1f", float64(bytes)/ns)
}
