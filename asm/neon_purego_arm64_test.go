//go:build purego

package asm

import "testing"

// TestNEONAbsentUnderPurego: the purego build has no assembly, so the
// table must stay nil and every caller falls back to Go.
func TestNEONAbsentUnderPurego(t *testing.T) {
	if NEON != nil {
		t.Fatal("asm.NEON is set in a purego build")
	}
}
