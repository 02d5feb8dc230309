package asm

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/internal/testkit"
)

// tables returns the tables this build and CPU can run, by name.
func tables() map[string]*Table {
	m := map[string]*Table{}
	for _, isa := range registry.ISAs[1:] {
		if t := ForISA(isa.Name); t != nil {
			m[isa.Const] = t
		}
	}
	return m
}

// eachKernel calls f for every non-nil kernel of t with its path.
func eachKernel(t *Table, f func(path string, fn reflect.Value)) {
	testkit.EachFunc(t, func(path string, fn reflect.Value) {
		if !fn.IsNil() {
			f(path, fn)
		}
	})
}

// TestLengthChecks calls every kernel of every usable table with slices of
// unequal length and expects a LengthError panic before any assembly runs:
// each slice parameter in turn is one element longer than 3 indices' worth
// (for pixels of several bytes, not a whole number of pixels) and, for
// grouped slices, one whole pixel longer.
func TestLengthChecks(t *testing.T) {
	if len(tables()) == 0 {
		t.Skip("no assembly tables on this build/CPU")
	}
	for name, tab := range tables() {
		eachKernel(tab, func(path string, fn reflect.Value) {
			ft := fn.Type()
			var slices []int
			for i := 0; i < ft.NumIn(); i++ {
				if ft.In(i).Kind() == reflect.Slice {
					slices = append(slices, i)
				}
			}
			if len(slices) < 2 {
				return
			}
			if c := registry.Lookup(path[strings.LastIndex(path, ".")+1:]).Check; c == "checkResampleColumns" || c == "checkReduceColumns" || c == "checkTensorPlane" || c == "checkResampleRows" || c == "checkReduceRow" || c == "checkTransposePairs" || c == "checkResamplePairs" {
				// Their slices' lengths are not meant to be equal: rows (of
				// len(dst) bytes, or of windows), stride apart, within src;
				// fx column sums per output byte.
				// kernels' tests cover their refusals.
				return
			}
			groups := paramGroups(path)
			for _, longer := range slices {
				extras := []int{1}
				if groups[longer] > 1 {
					extras = append(extras, groups[longer])
				}
				for _, extra := range extras {
					args := make([]reflect.Value, ft.NumIn())
					for i := range args {
						if ft.In(i).Kind() == reflect.Slice {
							n := 3 * groups[i]
							if i == longer {
								n += extra
							}
							args[i] = reflect.MakeSlice(ft.In(i), n, n)
						} else {
							args[i] = reflect.Zero(ft.In(i))
						}
					}
					func() {
						defer func() {
							r := recover()
							err, ok := r.(error)
							var le LengthError
							if !ok || !errors.As(err, &le) {
								t.Fatalf("%s.%s with param %d %d longer: panic %v, want LengthError", name, path, longer, extra, r)
							}
						}()
						fn.Call(args)
					}()
				}
			}
		})
	}
}

// TestEmptySlices calls every kernel with empty (and nil) slices: nothing
// may be read or written.
func TestEmptySlices(t *testing.T) {
	for name, tab := range tables() {
		eachKernel(tab, func(path string, fn reflect.Value) {
			ft := fn.Type()
			args := make([]reflect.Value, ft.NumIn())
			for i := range args {
				args[i] = reflect.Zero(ft.In(i)) // nil slices, zero scalars
			}
			out := fn.Call(args)
			if len(out) == 1 && out[0].Kind() == reflect.Int && out[0].Int() != -1 {
				t.Errorf("%s.%s(empty) = %d, want -1", name, path, out[0].Int())
			}
		})
	}
}

func TestLengthErrorMessage(t *testing.T) {
	err := LengthError{Op: "Add", Lens: []int{3, 4, 3}}
	if got, want := err.Error(), "hotloop: Add: slice lengths differ (3, 4, 3)"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
}

// TestTableVars checks that every registry ISA but the generic one has a
// table variable that ForISA reads, and nothing else does.
func TestTableVars(t *testing.T) {
	if len(tableVars) != len(registry.ISAs)-1 {
		t.Fatalf("%d table variables for %d registry ISAs", len(tableVars), len(registry.ISAs)-1)
	}
	for _, isa := range registry.ISAs[1:] {
		if tableVars[isa.Name] == nil {
			t.Errorf("no table variable for %s", isa.Name)
		}
	}
	if ForISA("generic") != nil || ForISA("sse9") != nil {
		t.Error("ForISA returned a table for an ISA without assembly")
	}
}

// paramGroups returns, by parameter position, the elements per index of
// the kernel at path ("F32.Add" or "RGBAToRGB") as the registry declares
// them (1 for scalars and ungrouped slices).
func paramGroups(path string) map[int]int {
	name := path[strings.LastIndex(path, ".")+1:]
	g := map[int]int{}
	for i, p := range registry.Lookup(name).Params {
		g[i] = p.PerIndex()
	}
	return g
}
