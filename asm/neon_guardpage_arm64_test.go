//go:build !purego && (linux || darwin)

// The guard-page test needs syscall.Mmap and syscall.Mprotect, which the
// syscall package has only on linux (and android) and darwin (and ios).

package asm

import (
	"math"
	"runtime/debug"
	"syscall"
	"testing"
	"unsafe"
)

// TestNEONGuardPages places every slice flush against a PROT_NONE page,
// after its end or before its start, so any read or write outside a slice
// faults (qemu-user enforces page protection too).
func TestNEONGuardPages(t *testing.T) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	page := syscall.Getpagesize()
	var fences [][]byte
	for range 4 {
		mem, err := syscall.Mmap(-1, 0, 3*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mprotect(mem[:page], syscall.PROT_NONE); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mprotect(mem[2*page:], syscall.PROT_NONE); err != nil {
			t.Fatal(err)
		}
		defer syscall.Munmap(mem)
		fences = append(fences, mem)
	}
	for _, atEnd := range []bool{true, false} {
		for n := 0; n <= 200; n++ {
			guardPages[float32](t, fences, page, n, atEnd)
			guardPages[float64](t, fences, page, n, atEnd)
			f32 := place[float32](fences[0], page, n, atEnd, 3)
			f64 := place[float64](fences[1], page, n, atEnd, 3)
			u8 := place[uint8](fences[2], page, n, atEnd, 3)
			NEON.Float32To64(f64, f32)
			NEON.Float64To32(f32, f64)
			NEON.Uint8ToFloat32(f32, u8, 2, 1)
			NEON.Float32ToUint8(u8, f32)
		}
	}
}

func place[T any](mem []byte, page, n int, atEnd bool, fill T) []T {
	size := int(unsafe.Sizeof(fill))
	start := page
	if atEnd {
		start = 2*page - n*size
	}
	s := unsafe.Slice((*T)(unsafe.Pointer(&mem[start])), n)
	for i := range s {
		s[i] = fill
	}
	return s
}

func guardPages[T float](t *testing.T, fences [][]byte, page, n int, atEnd bool) {
	o := ops[T]()
	d, a, b, c := place[T](fences[0], page, n, atEnd, 1), place[T](fences[1], page, n, atEnd, 2),
		place[T](fences[2], page, n, atEnd, 3), place[T](fences[3], page, n, atEnd, 4)
	o.Add(d, a, b)
	o.Sub(d, a, b)
	o.Mul(d, a, b)
	o.Div(d, a, b)
	o.AddConst(d, a, 1)
	o.Scale(d, a, 2)
	o.Axpy(2, a, d)
	o.MulAdd(d, a, b, c)
	o.Sum(a)
	o.Dot(a, b)
	o.SumSquares(a)
	o.SumSquaredDiff(a, b)
	o.Min(a)
	o.Max(a)
	if n > 0 { // hits in the last element make the search step back
		a[n-1] = T(math.NaN())
		b[n-1] = 9
	}
	if got := o.IndexNaN(a); got != n-1 {
		t.Fatalf("IndexNaN at a guard page, n=%d: %d", n, got)
	}
	if got := o.Index(b, 9); got != n-1 {
		t.Fatalf("Index at a guard page, n=%d: %d", n, got)
	}
}
