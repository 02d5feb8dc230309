package kernels

import (
	"fmt"
	"runtime/debug"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

func TestGuardPages(t *testing.T) {
	fences := []*testkit.Fence{testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t)}
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

func guardPageKernels[T Float](t *testing.T, f []*testkit.Fence, n int, atEnd bool) {
	what := fmt.Sprintf("%T n=%d atEnd=%v", T(0), n, atEnd)
	defer faultCheck(t, what)
	dst := testkit.Place(f[0], n, atEnd, T(0))
	a := testkit.Place(f[1], n, atEnd, T(1.5))
	b := testkit.Place(f[2], n, atEnd, T(2.5))
	c := testkit.Place(f[3], n, atEnd, T(-1))
	guardPageCalls(dst, a, b, c) // every public float kernel (generated)
	o := ops[T]()
	if i := o.Index(a, 7); i != -1 { // scans everything
		t.Fatalf("%s: Index found absent value at %d", what, i)
	}
	if i := o.IndexNaN(a); i != -1 {
		t.Fatalf("%s: IndexNaN found %d", what, i)
	}
}

func guardPageConversions(t *testing.T, f []*testkit.Fence, n int, atEnd bool) {
	what := fmt.Sprintf("conversions n=%d atEnd=%v", n, atEnd)
	defer faultCheck(t, what)
	guardPageConversionCalls(f, n, atEnd) // every public conversion (generated)
}
