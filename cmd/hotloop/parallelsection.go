package main

import (
	"fmt"
	"runtime"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/parallel"
)

// parallelKernels are the kernels the parallel section times, each as a
// serial call (package kernels) and its parallel twin (package parallel),
// both on the active ISA. They span the cases Amdahl's law tells apart:
// compute-bound (Uint8ToFloat32, Dot in cache), streaming (Add, Axpy) and
// reductions (Sum, Norm, ArgMax).
func parallelKernels() []struct {
	name, typ        string
	serial, parallel func(in *demoInputs) func()
} {
	type pk = struct {
		name, typ        string
		serial, parallel func(in *demoInputs) func()
	}
	return []pk{
		{"Sum", "float32",
			func(in *demoInputs) func() { a := in.f32().a; return func() { sinkF = float64(kernels.Sum(a)) } },
			func(in *demoInputs) func() { a := in.f32().a; return func() { sinkF = float64(parallel.Sum(a)) } }},
		{"Dot", "float32",
			func(in *demoInputs) func() { x := in.f32(); return func() { sinkF = float64(kernels.Dot(x.a, x.b)) } },
			func(in *demoInputs) func() { x := in.f32(); return func() { sinkF = float64(parallel.Dot(x.a, x.b)) } }},
		{"Norm", "float64",
			func(in *demoInputs) func() { a := in.f64().a; return func() { sinkF = kernels.Norm(a) } },
			func(in *demoInputs) func() { a := in.f64().a; return func() { sinkF = parallel.Norm(a) } }},
		{"ArgMax", "float32",
			func(in *demoInputs) func() { a := in.f32().a; return func() { sinkI = kernels.ArgMax(a) } },
			func(in *demoInputs) func() { a := in.f32().a; return func() { sinkI = parallel.ArgMax(a) } }},
		{"Add", "float32",
			func(in *demoInputs) func() { x := in.f32(); return func() { kernels.Add(x.dst, x.a, x.b) } },
			func(in *demoInputs) func() { x := in.f32(); return func() { parallel.Add(x.dst, x.a, x.b) } }},
		{"Uint8ToFloat32", "uint8",
			func(in *demoInputs) func() {
				src, dst := in.u8(), in.f32().dst
				return func() { kernels.Uint8ToFloat32(dst, src, 1.0/255, 0) }
			},
			func(in *demoInputs) func() {
				src, dst := in.u8(), in.f32().dst
				return func() { parallel.Uint8ToFloat32(dst, src, 1.0/255, 0) }
			}},
	}
}

// runParallelSection times each kernel serially and with package parallel
// on GOMAXPROCS workers, and estimates the parallel fraction p from the
// speedup with Amdahl's law: the share of the run time that scales, the
// rest being memory bandwidth, the serial part and the cost of splitting.
// Small sizes run inline in package parallel, so their speedup is ~1.
func runParallelSection(env *demoEnv) error {
	workers := runtime.GOMAXPROCS(0)
	fmt.Fprintf(env.out, "(%d workers, ISA %s; p is Amdahl's parallel fraction from the speedup)\n", workers, kernels.Active())
	t := newTable("kernel", "type", "size", "serial", "parallel", "speedup", "p")
	t.leftAlign(0, 1)
	if err := t.stream(env.out, 14, 7, 5, 9, 9, 7, 6); err != nil {
		return err
	}
	for _, n := range env.opts.sizes {
		in := newDemoInputs(n)
		for _, k := range parallelKernels() {
			if env.opts.kernels != nil && !env.opts.kernels[k.name] {
				continue
			}
			serial := nsPerOp(k.serial(in), env.opts.target)
			par := nsPerOp(k.parallel(in), env.opts.target)
			speedup := serial / par
			p := "-"
			if workers > 1 {
				p = fmt.Sprintf("%.2f", parallel.Amdahl(speedup, workers))
			}
			row := []string{k.name, k.typ, sizeName(n), humanNs(serial), humanNs(par), fmt.Sprintf("%.2fx", speedup), p}
			if err := t.streamRow(env.out, row...); err != nil {
				return err
			}
		}
	}
	return nil
}
