package kernels

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/registry"
)

// ISA names an instruction set hotloop has kernels for.
type ISA uint8

// The ISA constants are generated from the registry's ISA table into
// isa_gen.go; names, preference and CPU checks come from that table too.

// String returns the lower-case name used by HOTLOOP_ISA: "generic",
// "avx2", "avx512" or "neon".
func (i ISA) String() string {
	if i < numISA {
		return registry.ISAs[i].Name
	}
	return fmt.Sprintf("ISA(%d)", uint8(i))
}

// ParseISA returns the ISA with the given name (as String prints it, in
// any case).
func ParseISA(name string) (ISA, error) {
	var names []string
	for i, isa := range registry.ISAs {
		if strings.EqualFold(name, isa.Name) {
			return ISA(i), nil
		}
		names = append(names, isa.Name)
	}
	return 0, fmt.Errorf("hotloop: unknown ISA %q (want one of %s)", name, strings.Join(names, ", "))
}

// tables holds, for each ISA this build and CPU can run, its complete
// table: the generated kernels with generic ones filling the gaps.
var tables [numISA]*asm.Table

// selection is what the kernels run on; swapped atomically by Use so that
// calls in flight finish on the table they started with.
type selection struct {
	isa    ISA
	table  *asm.Table
	reason string
}

var current atomic.Pointer[selection]

func init() {
	tables[Generic] = &genericTable
	for i, isa := range registry.ISAs[1:] {
		if t := asm.ForISA(isa.Name); t != nil {
			var base *asm.Table
			if isa.Extends != "" {
				base = asm.ForISA(isa.Extends)
			}
			tables[i+1] = completed(t, base)
		}
	}
	current.Store(initialSelection(os.Getenv("HOTLOOP_ISA")))
}

// initialSelection applies HOTLOOP_ISA (empty: the best ISA). An ISA the
// CPU lacks is never run: the best one runs instead, and the reason says so.
func initialSelection(env string) *selection {
	best := bestISA()
	why := "best ISA this CPU and build support"
	if env == "" {
		return &selection{best, tables[best], why}
	}
	isa, err := ParseISA(env)
	switch {
	case err != nil:
		why = fmt.Sprintf("HOTLOOP_ISA=%q is not an ISA name; using the best supported", env)
	case tables[isa] == nil:
		why = fmt.Sprintf("HOTLOOP_ISA=%s is not supported by this CPU or build; using the best supported", isa)
	default:
		return &selection{isa, tables[isa], "chosen by HOTLOOP_ISA=" + env}
	}
	return &selection{best, tables[best], why}
}

func bestISA() ISA {
	s := Supported()
	return s[len(s)-1]
}

// Active returns the ISA the kernels currently run on.
func Active() ISA { return current.Load().isa }

// ActiveReason says why the active ISA was chosen: the CPU's best, the
// HOTLOOP_ISA variable (and why it was overruled, if it was), or Use.
func ActiveReason() string { return current.Load().reason }

// Supported returns the ISAs this CPU and build can run, Generic first and
// the best last. With the purego build tag it is just Generic.
func Supported() []ISA {
	var s []ISA
	for isa := Generic; isa < numISA; isa++ {
		if tables[isa] != nil {
			s = append(s, isa)
		}
	}
	slices.SortStableFunc(s, func(a, b ISA) int {
		return registry.ISAs[a].Preference - registry.ISAs[b].Preference
	})
	return s
}

// Use switches every kernel to isa. It returns an error, and changes
// nothing, when this CPU or build cannot run isa. It is safe to call while
// other goroutines run kernels: a call in flight finishes on the ISA it
// started with, later calls use the new one.
func Use(isa ISA) error {
	if isa >= numISA || tables[isa] == nil {
		return fmt.Errorf("hotloop: ISA %s is not supported by this CPU or build (supported: %v)", isa, Supported())
	}
	current.Store(&selection{isa, tables[isa], "chosen by kernels.Use"})
	return nil
}

// completed returns a copy of t with every nil kernel taken from base
// (the table of the ISA t's extends, or nil) or else from the generic
// table, so the dispatcher never has to check for nil.
func completed(t, base *asm.Table) *asm.Table {
	c := *t
	if base != nil {
		// The ISA extends base (AVX-512 over AVX2): its generated table
		// already runs base's kernels where it has none, but a table not
		// regenerated since a kernel was added still has the gap.
		fillNil(reflect.ValueOf(&c).Elem(), reflect.ValueOf(base).Elem())
	}
	fillNil(reflect.ValueOf(&c).Elem(), reflect.ValueOf(&genericTable).Elem())
	return &c
}

func fillNil(dst, src reflect.Value) {
	for i := 0; i < dst.NumField(); i++ {
		switch f := dst.Field(i); f.Kind() {
		case reflect.Struct:
			fillNil(f, src.Field(i))
		case reflect.Func:
			if f.IsNil() {
				f.Set(src.Field(i))
			}
		}
	}
}

// ops returns the active kernels for T. A named type such as
// `type Celsius float32` shares float32's memory layout and calling
// convention, so float32's kernels serve it through a pointer conversion.
func ops[T Float]() *asm.FloatOps[T] {
	t := current.Load().table
	if unsafe.Sizeof(T(0)) == 4 {
		return (*asm.FloatOps[T])(unsafe.Pointer(&t.F32))
	}
	return (*asm.FloatOps[T])(unsafe.Pointer(&t.F64))
}

// fixed returns the active table for the fixed-type kernels.
func fixed() *asm.Table { return current.Load().table }

// SetStreamThreshold sets the size in bytes of a call's slices (inputs and
// output) from which the AVX2 and AVX-512 kernels that stream (Add, Sub,
// Mul, Div, AddConst, Scale, MulAdd, Abs, Float32To64, Float64To32,
// Uint8ToFloat32) store with non-temporal stores, and from which
// AVX-512's Sum, Dot, SumSquares and SumSquaredDiff load YMM halves; it
// returns the previous value. See the package documentation, "Large
// outputs", and asm.SetStreamThreshold, which it calls.
func SetStreamThreshold(bytes int64) (previous int64) { return asm.SetStreamThreshold(bytes) }

// StreamThreshold returns the threshold SetStreamThreshold sets when the
// active ISA streams (AVX2, AVX-512), and math.MaxInt64 when it does not
// (generic, NEON).
func StreamThreshold() int64 {
	switch Active() {
	case AVX2, AVX512:
		return asm.StreamThreshold()
	}
	return math.MaxInt64
}
