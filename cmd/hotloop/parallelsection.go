package main

import (
	"fmt"
	"runtime"
	"slices"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/parallel"
)

// parallelKernels are the kernels the parallel section times, each as a
// serial call (package kernels) and its parallel twin (package parallel),
// both on the active ISA. They span the cases Amdahl's law tells apart:
// compute-bound (Uint8ToFloat32, Dot in cache), streaming (Add, Axpy) and
// reductions (Sum, Norm, ArgMax).
func parallelKernels() []demoKernel {
	picks := []struct{ name, typ string }{
		{"Sum", "float32"}, {"Dot", "float32"}, {"Norm", "float64"},
		{"ArgMax", "float32"}, {"Add", "float32"}, {"Uint8ToFloat32", "uint8"},
	}
	var out []demoKernel
	for _, p := range picks {
		i := slices.IndexFunc(allDemoKernels(), func(k demoKernel) bool { return k.name == p.name && k.typ == p.typ })
		if i < 0 {
			panic("hotloop demo: no kernel " + p.name + " " + p.typ)
		}
		out = append(out, allDemoKernels()[i])
	}
	return out
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
			serial := nsPerOp(k.bind(in), env.opts.target)
			par := nsPerOp(k.bindParallel(in), env.opts.target)
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
