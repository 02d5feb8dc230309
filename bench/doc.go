// Package bench holds hotloop's benchmarks; it has no API. Everything is
// in the _test.go files.
//
// bench is its own module (github.com/hotloop/hotloop/bench, with a
// replace of hotloop to ../), so that gonum and vek, which only the
// benchmarks and the gonum cross-check of the generic kernels need, stay
// out of the library's go.mod. Run the commands below in this directory.
//
// BenchmarkKernels times every kernel of package kernels, for float32 and
// float64, on every ISA the CPU and build support (kernels.Use forces
// each one: "generic" is the pure-Go reference), beside gonum
// (gonum.org/v1/gonum/floats for float64, blas32 for float32) and
// github.com/viterin/vek (vek32 for float32, vek for float64) where those
// libraries have the same kernel (gonum has AddConst for float64 and Scal
// for float32 only in place; those rows are named gonum-inplace because
// they touch one slice instead of two). Sub-benchmarks are named
//
//	Kernels/<kernel>/<type>/<size>/<implementation>
//
// for example Kernels/Sum/float32/4K/avx2, and report bytes read plus
// written per second. Sizes are 1K, 4K (L1-resident), 256K (L2), 1M (past
// L2) and 4M elements; at the default -benchtime each sub-benchmark takes about a
// second, so only 4K and 4M run unless -kernels.sizes says otherwise:
//
//	go test -run '^$' -bench Kernels .                                # 4K and 4M, ~5 min
//	go test -run '^$' -bench 'Kernels/Sum/float32' . -kernels.sizes=all
//	go test -run '^$' -bench Kernels -timeout 0 . -kernels.sizes=all  # whole grid, ~10 min
//
// A run starts with benchstat configuration lines recording the ISAs
// timed, the one the dispatcher picks by default, and whether vek used its
// AVX2 code (vek falls back to plain Go silently on CPUs without AVX2 and
// FMA; its rows are then named vek32-purego and vek-purego).
//
// The machine is shared and noisy: compare implementations within one run,
// and repeat runs so benchstat can report medians and confidence
// intervals:
//
//	go install golang.org/x/perf/cmd/benchstat@latest
//	go test -run '^$' -bench 'Kernels/Sum' -count 10 . > new.txt
//	benchstat new.txt
//
// To compare two commits, run the same command on each and pass both
// files: benchstat old.txt new.txt.
package bench
