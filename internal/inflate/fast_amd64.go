//go:build !purego

package inflate

// haveFastLoop reports whether fastLoop is the generated assembly.
const haveFastLoop = true
