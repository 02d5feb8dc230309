//go:build linux || darwin

package testkit

import (
	"syscall"
	"testing"
	"unsafe"
)

// Fence is a read-write page between two PROT_NONE pages. A slice placed
// flush against either edge faults on any access beyond its ends, so an
// over-reading tail or an under-running loop fails (with
// debug.SetPanicOnFault, as a panic) instead of silently reading a
// neighbour's memory. qemu-user enforces the protection too.
type Fence struct {
	mem  []byte
	page int
}

// NewFence maps a fence, unmapped when t's test ends. On systems without
// mmap and mprotect it skips t.
func NewFence(t testing.TB) *Fence {
	t.Helper()
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 3*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[:page], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mprotect(mem[2*page:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	return &Fence{mem: mem, page: page}
}

// Place returns n elements of T flush against the end of f's read-write
// page (atEnd) or its start, each set to fill.
func Place[T any](f *Fence, n int, atEnd bool, fill T) []T {
	size := int(unsafe.Sizeof(fill))
	if n*size > f.page {
		panic("testkit.Place: slice larger than a page")
	}
	start := f.page
	if atEnd {
		start = 2*f.page - n*size
	}
	s := unsafe.Slice((*T)(unsafe.Pointer(&f.mem[start])), n)
	for i := range s {
		s[i] = fill
	}
	return s
}
