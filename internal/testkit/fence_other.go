//go:build !(linux || darwin)

package testkit

import "testing"

// Fence is a read-write page between two inaccessible pages; this system
// has no syscall.Mmap and Mprotect, so NewFence skips the test.
type Fence struct{}

// NewFence skips t: guard pages need mmap and mprotect.
func NewFence(t testing.TB) *Fence {
	t.Helper()
	t.Skip("testkit: guard pages need syscall.Mmap and Mprotect (linux, darwin)")
	return nil
}

// Place is never reached: NewFence skipped the test.
func Place[T any](f *Fence, n int, atEnd bool, fill T) []T {
	panic("testkit.Place: no guard pages on this system")
}
