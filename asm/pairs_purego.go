//go:build purego

package asm

// PairsFirst reports false: a purego build has no tables.
func PairsFirst(name string) bool { return false }
