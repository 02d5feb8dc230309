package kernels

import (
	"fmt"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// ewCase is one elementwise kernel: run calls the public API, ref the
// generic reference, both writing dst from the inputs.
type ewCase[T Float] struct {
	name   string
	inputs int
	run    func(dst []T, in [][]T)
	ref    func(dst []T, in [][]T)
	// inPlace: the destination is also an input (Axpy's y), so run and
	// ref copy that input into it first.
	inPlace bool
	// fused: element i may also be in[fa]*in[fb]+in[fc] rounded once.
	fused      bool
	fa, fb, fc func(i int, dst []T, in [][]T) T
}

// testAlpha is the alpha of the Axpy(x=y) aliasing test.
const testAlpha = -0.625

// ewCases are generated from the registry (cases_gen_test.go); TestKernels
// runs testElementwise on each of them.

func testElementwise[T Float](t *testing.T, tc ewCase[T]) {
	for _, kind := range testkit.Kinds {
		for _, n := range testkit.Lengths() {
			checkElementwise(t, tc, kind, n, n%8)
		}
		for off := 0; off < 8; off++ {
			for _, n := range testkit.ShortLengths {
				checkElementwise(t, tc, kind, n, off)
			}
		}
	}
}

func checkElementwise[T Float](t *testing.T, tc ewCase[T], kind testkit.Kind, n, off int) {
	t.Helper()
	r := testkit.NewRand(uint64(n*131 + off))
	what := fmt.Sprintf("%s/%s/n=%d/off=%d", tc.name, kind, n, off)
	ins := make([]*testkit.Guarded[T], tc.inputs)
	origs := make([][]T, tc.inputs)
	in := make([][]T, tc.inputs)
	for k := range ins {
		ins[k], origs[k] = testkit.NewInput[T](r, n, (off+3*k)%8, kind)
		in[k] = ins[k].S()
	}
	dst := testkit.NewGuarded[T](n, off, T(-999.25))
	tc.run(dst.S(), in)
	want := make([]T, n)
	tc.ref(want, origs)
	dst.Check(t, what)
	for k := range ins {
		testkit.CheckUnchanged(t, what, ins[k], origs[k])
	}
	for i, got := range dst.S() {
		ok := testkit.SameFloat(got, want[i])
		if !ok && tc.fused {
			ok = testkit.FusedOrNot(got, want[i], tc.fa(i, nil, origs), tc.fb(i, nil, origs), tc.fc(i, nil, origs))
		}
		if !ok {
			t.Fatalf("%s: element %d = %v (%#x), want %v", what, i, got, testkit.Bits(got), want[i])
		}
	}
}

// TestElementwiseAliasing checks dst being the very same slice as an input.
func TestElementwiseAliasing(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		t.Run("float32", testAliasing[float32])
		t.Run("float64", testAliasing[float64])
	})
}

func testAliasing[T Float](t *testing.T) {
	r := testkit.NewRand(2)
	for _, tc := range ewCases[T]() {
		if tc.inPlace {
			continue // the destination is already an input
		}
		for _, n := range testkit.ShortLengths {
			for k := 0; k < tc.inputs; k++ {
				in := make([][]T, tc.inputs)
				orig := make([][]T, tc.inputs)
				for j := range in {
					in[j] = make([]T, n)
					testkit.Fill(r, in[j], testkit.Uniform)
					orig[j] = append([]T(nil), in[j]...)
				}
				want := make([]T, n)
				tc.ref(want, orig)
				tc.run(in[k], in) // dst is input k
				for i := range want {
					if !testkit.SameFloat(in[k][i], want[i]) && !(tc.fused && testkit.FusedOrNot(in[k][i], want[i], tc.fa(i, nil, orig), tc.fb(i, nil, orig), tc.fc(i, nil, orig))) {
						t.Fatalf("%s n=%d dst=input %d: element %d = %v, want %v", tc.name, n, k, i, in[k][i], want[i])
					}
				}
			}
		}
	}
	// Axpy with x and y the same slice: y = alpha*y + y.
	for _, n := range testkit.ShortLengths {
		y := make([]T, n)
		testkit.Fill(r, y, testkit.Uniform)
		want := append([]T(nil), y...)
		refOps[T]().Axpy(T(testAlpha), append([]T(nil), y...), want)
		orig := append([]T(nil), y...)
		Axpy(T(testAlpha), y, y)
		for i := range y {
			if !testkit.FusedOrNot(y[i], want[i], T(testAlpha), orig[i], orig[i]) {
				t.Fatalf("Axpy(x=y) n=%d: element %d = %v, want %v", n, i, y[i], want[i])
			}
		}
	}
}

// TestNamedTypes checks that kernels accept named float types and treat
// them as their underlying type.
func TestNamedTypes(t *testing.T) {
	type celsius float32
	type meters float64
	a := []celsius{1, 2, 3, 4, 5, 6, 7, 8, 9}
	b := []celsius{9, 8, 7, 6, 5, 4, 3, 2, 1}
	d := make([]celsius, len(a))
	forEachISA(t, func(t *testing.T) {
		Add(d, a, b)
		for i := range d {
			if d[i] != 10 {
				t.Fatalf("Add on named float32: %v", d)
			}
		}
		if s := Sum(a); s != 45 {
			t.Fatalf("Sum on named float32 = %v", s)
		}
		m := []meters{3, -1, 4, -1, 5}
		if Min(m) != -1 || ArgMax(m) != 4 || Dot(m, m) != 52 {
			t.Fatalf("named float64: Min %v ArgMax %v Dot %v", Min(m), ArgMax(m), Dot(m, m))
		}
	})
}
