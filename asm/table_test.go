package asm

import (
	"errors"
	"reflect"
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
// unequal length (each slice parameter in turn one element longer) and
// expects a LengthError panic before any assembly runs.
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
			for _, longer := range slices {
				args := make([]reflect.Value, ft.NumIn())
				for i := range args {
					if ft.In(i).Kind() == reflect.Slice {
						n := 3
						if i == longer {
							n = 4
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
							t.Fatalf("%s.%s with param %d longer: panic %v, want LengthError", name, path, longer, r)
						}
					}()
					fn.Call(args)
				}()
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
