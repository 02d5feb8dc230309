package kernels

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/internal/testkit"
)

// TestKernels runs the tests of every registered kernel, one subtest per
// kernel and ISA: go test -run 'Kernels/Axpy' tests Axpy alone, and one
// failure does not hide the others. The elementwise kernels and the
// conversions take their cases from the registry (cases_gen_test.go); the
// others have hand-written tests, listed in handTests. A registered kernel
// with neither fails here.
func TestKernels(t *testing.T) {
	tests := registryTests()
	for name, test := range handTests {
		if _, dup := tests[name]; dup {
			t.Fatalf("%s has a generated and a hand-written test", name)
		}
		tests[name] = test
	}
	for _, k := range registry.Kernels {
		t.Run(k.Name, func(t *testing.T) {
			test, ok := tests[k.Name]
			if !ok {
				t.Fatalf("kernel %s is registered but has no test: a %s kernel needs an entry in handTests", k.Name, k.Shape)
			}
			forEachISA(t, test)
		})
	}
	for name := range tests {
		if !isRegistered(name) {
			t.Errorf("test for %s, which the registry does not list", name)
		}
	}
}

func isRegistered(name string) bool {
	for _, k := range registry.Kernels {
		if k.Name == name {
			return true
		}
	}
	return false
}

// registryTests are the tests derived from the generated case lists.
func registryTests() map[string]func(t *testing.T) {
	tests := map[string]func(t *testing.T){}
	for i, c := range ewCases[float32]() {
		tests[c.name] = func(t *testing.T) {
			t.Run("float32", func(t *testing.T) { testElementwise(t, ewCases[float32]()[i]) })
			t.Run("float64", func(t *testing.T) { testElementwise(t, ewCases[float64]()[i]) })
		}
	}
	for _, c := range convCases() {
		tests[c.name] = func(t *testing.T) { testConversion(t, c) }
	}
	return tests
}

// handTests are the hand-written tests of the kernels whose shape has no
// generated cases (reductions, searches, composites); each one runs on the
// ISA TestKernels forces.
var handTests = map[string]func(t *testing.T){
	"Sum":            reductionTest("Sum"),
	"Dot":            reductionTest("Dot"),
	"Min":            reductionTest("Min"),
	"Max":            reductionTest("Max"),
	"ArgMin":         reductionTest("ArgMin"),
	"ArgMax":         reductionTest("ArgMax"),
	"Norm":           reductionTest("Norm"),
	"Distance":       reductionTest("Distance"),
	"SumSquares":     reductionTest("Norm"),     // Norm's fast path
	"SumSquaredDiff": reductionTest("Distance"), // Distance's fast path
	"Index":          reductionTest("ArgMin", "ArgMax"),
	"IndexNaN":       reductionTest("ArgMin", "ArgMax"),
}

// TestGenericTable checks that every table kernel of the registry has a
// generic reference, and that the table has no field the registry lacks.
func TestGenericTable(t *testing.T) {
	var names []string
	testkit.EachFunc(genericTable, func(name string, f reflect.Value) {
		names = append(names, name)
		if f.IsNil() {
			t.Errorf("generic table: %s is nil", name)
		}
	})
	want := map[string]bool{}
	for _, k := range registry.Kernels {
		if !k.Table {
			continue
		}
		if k.PerType {
			for _, typ := range registry.Floats {
				want[typ.Field+"."+k.Name] = true
			}
		} else {
			want[k.Name] = true
		}
	}
	for _, n := range names {
		if !want[n] {
			t.Errorf("generic table has %s, which the registry does not list", n)
		}
		delete(want, n)
	}
	for n := range want {
		t.Errorf("generic table lacks %s", n)
	}
}

// misuseCase is a call that must panic with a message containing want.
type misuseCase struct {
	name string
	call func()
	want []string
}

// TestMisuse calls every public kernel with slices of unequal length, a
// destination partially overlapping an input, and empty slices where it
// refuses them (misuseCases, generated): each must panic, naming itself.
func TestMisuse(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		for _, c := range misuseCases(16) {
			t.Run(c.name, func(t *testing.T) { testkit.ExpectPanic(t, c.name, c.call, c.want...) })
		}
	})
}

// convCase is one conversion's test on the inputs c describes.
type convCase struct {
	name  string
	check func(t *testing.T, c convCheck)
}

// convCheck is one set of inputs of a conversion test.
type convCheck struct {
	kind   testkit.Kind
	n, off int
}

func testConversion(t *testing.T, c convCase) {
	for _, kind := range testkit.Kinds {
		for _, n := range testkit.Lengths() {
			c.check(t, convCheck{kind, n, n % 8})
		}
		for off := 0; off < 8; off++ {
			for _, n := range testkit.ShortLengths {
				c.check(t, convCheck{kind, n, off})
			}
		}
	}
}

// checkConversion runs a conversion and its generic reference on guarded
// slices of c.n indices (gd and gs elements per index: pixels) and
// compares every element bit for bit (any NaN matching any NaN). A float
// source of a conversion to bytes (pixels) holds values over the byte
// range and beyond, halves included.
func checkConversion[D, S convElem](t *testing.T, c convCheck, pixels bool, gd, gs int, run, ref func(dst []D, src []S)) {
	t.Helper()
	r := testkit.NewRand(uint64(c.n*17 + c.off))
	what := fmt.Sprintf("%s/n=%d/off=%d", c.kind, c.n, c.off)
	src := testkit.NewGuarded[S](gs*c.n, c.off, S(7))
	fillConv(r, src.S(), c.kind, pixels)
	orig := append([]S(nil), src.S()...)
	dst := testkit.NewGuarded[D](gd*c.n, (c.off+3)%8, D(99))
	run(dst.S(), src.S())
	want := make([]D, gd*c.n)
	ref(want, orig)
	dst.Check(t, what)
	testkit.CheckUnchanged(t, what, src, orig)
	for i, got := range dst.S() {
		if !sameConv(got, want[i]) {
			t.Fatalf("%s: element %d: %v -> %v, want %v", what, i, orig[i], got, want[i])
		}
	}
}

type convElem interface{ ~float32 | ~float64 | ~uint8 }

func fillConv[S convElem](r *rand.Rand, s []S, kind testkit.Kind, pixels bool) {
	switch p := any(s).(type) {
	case []uint8:
		for i := range p {
			p[i] = uint8(r.IntN(256))
		}
	case []float32:
		testkit.Fill(r, p, kind)
		if pixels && kind == testkit.Positive {
			for i := range p {
				p[i] = float32(r.IntN(600))/2 - 20
			}
		}
	case []float64:
		testkit.Fill(r, p, kind)
	}
}

func sameConv[D convElem](a, b D) bool {
	switch x := any(a).(type) {
	case float32:
		return testkit.SameFloat(x, any(b).(float32))
	case float64:
		return testkit.SameFloat(x, any(b).(float64))
	}
	return a == b
}
