package kernels

import (
	"fmt"
	"runtime/debug"
	"syscall"
	"testing"
	"unsafe"
)

// fence is a read-write page between two PROT_NONE pages. A slice placed
// flush against either edge faults on any access beyond its ends, so an
// over-reading tail or an under-running loop fails here instead of
// silently reading a neighbour's memory.
type fence struct {
	mem  []byte
	page int
}

func newFence(t *testing.T) *fence {
	page := syscall.Getpagesize()
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
	t.Cleanup(func() { syscall.Munmap(mem) })
	return &fence{mem: mem, page: page}
}

// place returns n elements of T flush against the fence's end (atEnd) or
// start, filled with fill.
func place[T any](f *fence, n int, atEnd bool, fill T) []T {
	size := int(unsafe.Sizeof(fill))
	if n*size > f.page {
		panic("place: slice larger than a page")
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

func TestGuardPages(t *testing.T) {
	fences := []*fence{newFence(t), newFence(t), newFence(t), newFence(t)}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	forEachISA(t, func(t *testing.T) {
		for _, atEnd := range []bool{true, false} {
			for n := 0; n <= 300; n++ {
				guardPageKernels[float32](t, fences, n, atEnd)
				guardPageKernels[float64](t, fences, n, atEnd)
				guardPageConversions(t, fences, n, atEnd)
			}
		}
	})
}

func faultCheck(t *testing.T, what string) {
	if r := recover(); r != nil {
		t.Fatalf("%s: %v", what, r)
	}
}

func guardPageKernels[T Float](t *testing.T, f []*fence, n int, atEnd bool) {
	what := fmt.Sprintf("%T n=%d atEnd=%v", T(0), n, atEnd)
	defer faultCheck(t, what)
	dst := place(f[0], n, atEnd, T(0))
	a := place(f[1], n, atEnd, T(1.5))
	b := place(f[2], n, atEnd, T(2.5))
	c := place(f[3], n, atEnd, T(-1))
	Add(dst, a, b)
	Sub(dst, a, b)
	Mul(dst, a, b)
	Div(dst, a, b)
	AddConst(dst, a, 2)
	Scale(dst, a, 2)
	Axpy(2, a, dst)
	MulAdd(dst, a, b, c)
	Sum(a)
	Dot(a, b)
	Norm(a)
	Distance(a, b)
	ArgMin(a)
	ArgMax(b)
	if n > 0 {
		Min(a)
		Max(a)
	}
	o := ops[T]()
	if i := o.Index(a, 7); i != -1 { // scans everything
		t.Fatalf("%s: Index found absent value at %d", what, i)
	}
	if i := o.IndexNaN(a); i != -1 {
		t.Fatalf("%s: IndexNaN found %d", what, i)
	}
}

func guardPageConversions(t *testing.T, f []*fence, n int, atEnd bool) {
	what := fmt.Sprintf("conversions n=%d atEnd=%v", n, atEnd)
	defer faultCheck(t, what)
	f32 := place(f[0], n, atEnd, float32(3.5))
	f64 := place(f[1], n, atEnd, float64(3.5))
	u8 := place(f[2], n, atEnd, uint8(200))
	Float32To64(f64, f32)
	Float64To32(f32, f64)
	Uint8ToFloat32(f32, u8, 0.5, 1)
	Float32ToUint8(u8, f32)
}
