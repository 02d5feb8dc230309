//go:build !amd64 || purego

package asm

// PairsFirst reports false: the pair kernels are amd64's, and a purego
// build has no tables.
func PairsFirst(name string) bool { return false }
