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
	// bind returns a call of the kernel on in, to be timed in a loop;
	// bindParallel the same call of its twin in package parallel.
	bind, bindParallel func(in *demoInputs) func()
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
	u8d  []uint8 // destination of conversions to bytes
	pxp  map[int][]uint8
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

func (in *demoInputs) u8dst() []uint8 {
	if in.u8d == nil {
		in.u8d = make([]uint8, in.n)
	}
	return in.u8d
}

// pixels returns random pixels of g bytes each (3 for RGB), in.n of them:
// a conversion's source, or (dst) its destination, a slice of its own.
func (in *demoInputs) pixels(g int, dst bool) []uint8 {
	key := g
	if dst {
		key = -g
	}
	if in.pxp == nil {
		in.pxp = map[int][]uint8{}
	}
	if p, ok := in.pxp[key]; ok {
		return p
	}
	p := make([]uint8, g*in.n)
	for i := range p {
		p[i] = uint8(in.rng.Uint32())
	}
	in.pxp[key] = p
	return p
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

// floatDemo binds a float kernel's serial and parallel calls (generated
// in kernels_gen.go) to T's inputs; elems is the T-sized elements it reads
// plus writes per index.
func floatDemo[T float32 | float64](name, typ string, elems int, get func(*demoInputs) *floatInputs[T],
	serial, par func(x *floatInputs[T]) func()) demoKernel {
	size := 4
	if typ == "float64" {
		size = 8
	}
	return demoKernel{name, typ, elems * size,
		func(in *demoInputs) func() { return serial(get(in)) },
		func(in *demoInputs) func() { return par(get(in)) }}
}

// convDemo is floatDemo for a conversion; typ names its source type.
func convDemo(name, typ string, bytesPerElem int, serial, par func(*demoInputs) func()) demoKernel {
	return demoKernel{name, typ, bytesPerElem, serial, par}
}

// Results of reductions go to package variables so the compiler cannot
// drop the calls.
var (
	sinkF float64
	sinkI int
)

// allDemoKernels is every kernel the demo times, in display order.
func allDemoKernels() []demoKernel {
	var ks []demoKernel
	f32 := floatKernels[float32]("float32", (*demoInputs).f32)
	f64 := floatKernels[float64]("float64", (*demoInputs).f64)
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
