//go:build purego || !amd64

package jpeg

// haveACLoop reports whether acLoop is the generated assembly.
const haveACLoop = false

// acLoop exists in assembly only; decodeSequential never calls it here.
func acLoop(blk, q *[64]int32, pair *[2048]uint64, zz *[128]uint8, data []byte, pos int, acc uint64, n uint, k int) (racc uint64, rn uint, rpos, rk, exit int) {
	panic("jpeg: no assembly AC loop on this platform")
}

// skipLoop exists in assembly only; skipAC never calls it here.
func skipLoop(skip *[10240]uint16, data []byte, pos int, acc uint64, n uint, k int) (racc uint64, rn uint, rpos, rk, exit int) {
	panic("jpeg: no assembly skip loop on this platform")
}

// skipRun exists in assembly only; setupSkipRuns never chooses it here.
func skipRun(step *[9]uintptr, out []int32, coef []int16, data []byte, pos int, acc uint64, n uint) (racc uint64, rn uint, rpos, done, rk, exit int) {
	panic("jpeg: no assembly skip run on this platform")
}

// dualRun exists in assembly only; setupSkipRuns never chooses the runs here.
func dualRun(s *[33]uint64) {
	panic("jpeg: no assembly dual run on this platform")
}
