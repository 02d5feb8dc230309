//go:build purego

package kernels

import "testing"

// TestPuregoHasNoAssembly checks that the purego tag leaves only Generic.
func TestPuregoHasNoAssembly(t *testing.T) {
	if s := Supported(); len(s) != 1 || s[0] != Generic {
		t.Fatalf("purego build supports %v, want only generic", s)
	}
}
