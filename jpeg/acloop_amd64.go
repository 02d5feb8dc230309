//go:build !purego

package jpeg

// haveACLoop reports whether acLoop is the generated assembly.
const haveACLoop = true
