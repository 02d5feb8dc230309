package parallel

import "math"

// Amdahl estimates the parallel fraction p of a program from its measured
// speedup on the given number of workers, by solving Amdahl's law
// S = 1 / ((1-p) + p/N) for p:
//
//	p = (1 - 1/S) / (1 - 1/N)
//
// A speedup of 1.94 on 2 workers gives p ≈ 0.969: about 3% of the run time
// (serial code plus the overhead of splitting) limits any further gain to
// 1/(1-p) ≈ 32x. The result can exceed 1 (superlinear speedups, from caches)
// or fall below 0 (slowdowns); it is NaN unless workers >= 2 and speedup > 0.
func Amdahl(speedup float64, workers int) (parallelFraction float64) {
	if workers < 2 || !(speedup > 0) {
		return math.NaN()
	}
	return (1 - 1/speedup) / (1 - 1/float64(workers))
}

// AmdahlSpeedup is Amdahl's law: the speedup on the given number of workers
// of a program whose parallel fraction is p, 1 / ((1-p) + p/N).
func AmdahlSpeedup(p float64, workers int) float64 {
	return 1 / ((1 - p) + p/float64(workers))
}
