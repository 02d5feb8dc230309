//go:build purego || !amd64

package inflate

// haveFastLoop reports whether fastLoop is the generated assembly.
const haveFastLoop = false

// fastLoop exists in assembly only; fastBlock never calls it here.
func fastLoop(dst []byte, last int, src []byte, lit, dist *[tableSize]uint32, bits uint64, nbits uint, pos, o int) (rbits uint64, rnbits uint, rpos, ro, distance, exit int) {
	panic("inflate: no assembly fast loop on this platform")
}
