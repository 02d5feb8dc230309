package bench

// BenchmarkParallel measures how the kernels of package parallel scale
// against their serial twins in package kernels, and what a parallel call
// costs. Names are
//
//	Parallel/<kernel>/<type>/<size>/serial      (kernels.X)
//	Parallel/<kernel>/<type>/<size>/parallel    (parallel.X)
//	Parallel/For/...                            (overhead of For itself)
//
// Run with -cpu 1,2 so that GOMAXPROCS, and so the number of workers,
// varies; the speedup is serial ns/op over parallel ns/op at -cpu 2. Every
// row also reports "cores", the process's CPU time over wall time while it
// ran: about 1 at -cpu 1 (TestCPUSweepUsesOneCoreAtCPU1 checks it), and
// how many cores a parallel row really kept busy at larger values:
//
//	go test -run '^$' -bench Parallel -cpu 1,2 -count 5 .
//	go test -run '^$' -bench 'Parallel/(Sum|Dot)/float32/4M' -cpu 1,2 .
//
// 1K is far below the inline threshold (parallel must cost nothing extra);
// 64K is at the elementwise threshold; 256K is cache-resident per core
// (compute-bound: the best case for scaling); 4M and 64M stream from memory
// (bandwidth-bound: the cores share it). Inputs are allocated when a size's
// first benchmark runs and released after its last, so the 64M set (about
// 1.3 GB at most) is never held together with another.
//
// Helpers here are prefixed pb ("parallel bench"): package bench is shared
// with other benchmark files.

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/parallel"
)

var pbSizes = []struct {
	name string
	n    int
}{
	{"1K", 1 << 10},
	{"64K", 64 << 10},
	{"256K", 256 << 10},
	{"4M", 4 << 20},
	{"64M", 64 << 20},
}

// pbData holds one size's inputs, each made on first use.
type pbData struct {
	n             int
	a32, b32, c32 []float32
	a64           []float64
	u8            []uint8
	sinkF32       float32
	sinkF64       float64
	sinkInt       int
}

func pbFill32(n, seed int) []float32 {
	xs := make([]float32, n)
	for i := range xs {
		xs[i] = float32((i*seed)%1021)/1021 - 0.5
	}
	return xs
}

func (d *pbData) f32(which int) []float32 {
	p := [...]*[]float32{&d.a32, &d.b32, &d.c32}[which]
	if *p == nil {
		*p = pbFill32(d.n, 7+which*10)
	}
	return *p
}

func (d *pbData) f64() []float64 {
	if d.a64 == nil {
		d.a64 = make([]float64, d.n)
		for i := range d.a64 {
			d.a64[i] = float64((i*13)%1021)/1021 - 0.5
		}
	}
	return d.a64
}

func (d *pbData) bytes() []uint8 {
	if d.u8 == nil {
		d.u8 = make([]uint8, d.n)
		for i := range d.u8 {
			d.u8[i] = uint8(i * 31)
		}
	}
	return d.u8
}

// pbKernel is one kernel in its serial and parallel forms; bytes is what it
// reads plus writes per element, for b.SetBytes.
type pbKernel struct {
	name, typ        string
	bytes            int64
	serial, parallel func(d *pbData)
}

var pbKernels = []pbKernel{
	{"Sum", "float32", 4,
		func(d *pbData) { d.sinkF32 = kernels.Sum(d.f32(0)) },
		func(d *pbData) { d.sinkF32 = parallel.Sum(d.f32(0)) }},
	{"Sum", "float64", 8,
		func(d *pbData) { d.sinkF64 = kernels.Sum(d.f64()) },
		func(d *pbData) { d.sinkF64 = parallel.Sum(d.f64()) }},
	{"Dot", "float32", 8,
		func(d *pbData) { d.sinkF32 = kernels.Dot(d.f32(0), d.f32(1)) },
		func(d *pbData) { d.sinkF32 = parallel.Dot(d.f32(0), d.f32(1)) }},
	{"Max", "float32", 4,
		func(d *pbData) { d.sinkF32 = kernels.Max(d.f32(0)) },
		func(d *pbData) { d.sinkF32 = parallel.Max(d.f32(0)) }},
	{"ArgMin", "float32", 4,
		func(d *pbData) { d.sinkInt = kernels.ArgMin(d.f32(0)) },
		func(d *pbData) { d.sinkInt = parallel.ArgMin(d.f32(0)) }},
	{"Norm", "float32", 4,
		func(d *pbData) { d.sinkF32 = kernels.Norm(d.f32(0)) },
		func(d *pbData) { d.sinkF32 = parallel.Norm(d.f32(0)) }},
	{"Add", "float32", 12,
		func(d *pbData) { kernels.Add(d.f32(2), d.f32(0), d.f32(1)) },
		func(d *pbData) { parallel.Add(d.f32(2), d.f32(0), d.f32(1)) }},
	{"Axpy", "float32", 12,
		func(d *pbData) { kernels.Axpy(1e-9, d.f32(0), d.f32(2)) },
		func(d *pbData) { parallel.Axpy(1e-9, d.f32(0), d.f32(2)) }},
	{"Uint8ToFloat32", "uint8", 5,
		func(d *pbData) { kernels.Uint8ToFloat32(d.f32(2), d.bytes(), 1.0/255, 0) },
		func(d *pbData) { parallel.Uint8ToFloat32(d.f32(2), d.bytes(), 1.0/255, 0) }},
}

func BenchmarkParallel(b *testing.B) {
	for _, size := range pbSizes {
		d := &pbData{n: size.n}
		for _, k := range pbKernels {
			for _, impl := range []struct {
				name string
				run  func(*pbData)
			}{{"serial", k.serial}, {"parallel", k.parallel}} {
				b.Run(fmt.Sprintf("%s/%s/%s/%s", k.name, k.typ, size.name, impl.name), func(b *testing.B) {
					impl.run(d) // make the inputs outside the timing
					b.SetBytes(k.bytes * int64(size.n))
					sw := startSweep(b) // not b.Loop: see cpusweep_test.go
					for range b.N {
						impl.run(d)
					}
					sw.stop(b)
				})
			}
		}
		if d.a32 != nil || d.a64 != nil || d.u8 != nil {
			d = nil
			runtime.GC()
			debug.FreeOSMemory()
		}
	}

	// The cost of For itself. "inline": n within one grain runs on the
	// caller, which should cost about a function call. "2workers": an
	// empty body over 1024 indices in 256 chunks, handed to a second
	// worker: the fixed cost of going parallel.
	empty := func(lo, hi int) {}
	b.Run("For/16/inline", func(b *testing.B) {
		sw := startSweep(b)
		for range b.N {
			parallel.For(16, empty, parallel.Grain(1024))
		}
		sw.stop(b)
	})
	b.Run("For/1024/2workers", func(b *testing.B) {
		sw := startSweep(b)
		for range b.N {
			parallel.For(1024, empty, parallel.Workers(2))
		}
		sw.stop(b)
	})
	b.Run("For/1024/default", func(b *testing.B) {
		sw := startSweep(b)
		for range b.N {
			parallel.For(1024, empty)
		}
		sw.stop(b)
	})
}
