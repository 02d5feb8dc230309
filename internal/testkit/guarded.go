package testkit

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// GuardLen is the number of guard elements on each side of a Guarded slice.
const GuardLen = 16

// Guarded is a slice with guard elements on both sides that a kernel must
// never write, placed at an offset within its buffer so that every start
// alignment is exercised. The slice's capacity ends at its length, so an
// append or reslice bug in a wrapper cannot reach the back guard either.
type Guarded[T any] struct {
	buf      []T
	off, n   int
	sentinel T
}

// NewGuarded returns a Guarded slice of n elements at element offset off;
// the slice and the guards hold sentinel.
func NewGuarded[T any](n, off int, sentinel T) *Guarded[T] {
	g := &Guarded[T]{buf: make([]T, off+GuardLen+n+GuardLen), off: off, n: n, sentinel: sentinel}
	for i := range g.buf {
		g.buf[i] = sentinel
	}
	return g
}

// S returns the slice.
func (g *Guarded[T]) S() []T {
	lo := g.off + GuardLen
	return g.buf[lo : lo+g.n : lo+g.n]
}

// Overwritten returns an error naming the first element outside the slice
// that no longer holds the sentinel's bits, or nil.
func (g *Guarded[T]) Overwritten() error {
	lo := g.off + GuardLen
	for i, v := range g.buf {
		if i >= lo && i < lo+g.n {
			continue
		}
		if !SameBits(v, g.sentinel) {
			return fmt.Errorf("guard element %d (slice at %d..%d) overwritten: %v", i, lo, lo+g.n, v)
		}
	}
	return nil
}

// Check fails t if any element outside the slice changed.
func (g *Guarded[T]) Check(t testing.TB, what string) {
	t.Helper()
	if err := g.Overwritten(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// NewInput returns a Guarded input slice at offset off filled with kind,
// and a copy to check later, with CheckUnchanged, that the kernel left it
// unchanged.
func NewInput[T Float](r *rand.Rand, n, off int, kind Kind) (*Guarded[T], []T) {
	g := NewGuarded[T](n, off, T(-12345.5))
	Fill(r, g.S(), kind)
	return g, append([]T(nil), g.S()...)
}

// CheckUnchanged fails t unless g's slice still holds orig, bit for bit,
// and its guards are intact.
func CheckUnchanged[T any](t testing.TB, what string, g *Guarded[T], orig []T) {
	t.Helper()
	for i, v := range g.S() {
		if !SameBits(v, orig[i]) {
			t.Fatalf("%s: input changed at %d: %v -> %v", what, i, orig[i], v)
		}
	}
	g.Check(t, what+" input")
}
