// Package spec is the one list of hotloop's assembly kernels: their names,
// signatures and which slices must have equal lengths. Every ISA generator
// (avo for amd64, the NEON emitter for arm64) takes the kernels it implements
// from here, and WriteTable turns that into the Go file that fills the ISA's
// asm.Table with length-checked wrappers around the assembly.
//
// Adding a kernel: add it here, add the field to asm.Table (asm/table.go),
// give it a generic version in package kernels, and teach the generators to
// emit it. An ISA that does not emit a kernel leaves its field nil and the
// dispatcher falls back to the generic code.
package spec

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"strings"
)

// Type is an element type a per-type kernel is generated for.
type Type struct {
	Suffix string // in function names: "F32"
	Go     string // Go type name: "float32"
	Field  string // asm.Table field holding this type's FloatOps: "F32"
	Size   int    // bytes per element
}

// Float32 and Float64 are the float element types.
var (
	Float32 = Type{Suffix: "F32", Go: "float32", Field: "F32", Size: 4}
	Float64 = Type{Suffix: "F64", Go: "float64", Field: "F64", Size: 8}
	Floats  = []Type{Float32, Float64}
)

// Kernel describes one assembly kernel's Go signature.
type Kernel struct {
	// Name is the asm.Table (or asm.FloatOps) field name, e.g. "Add".
	Name string
	// Params is the Go parameter list with T standing for the element type
	// of per-type kernels, e.g. "dst, a, b []T".
	Params string
	// Results is the Go result list ("" for none), with T as above.
	Results string
	// Same lists the slice parameters whose lengths must be equal; the
	// wrapper panics before entering assembly when they are not.
	Same []string
}

// FloatKernels are the per-type kernels, fields of asm.FloatOps[T].
var FloatKernels = []Kernel{
	{Name: "Add", Params: "dst, a, b []T", Same: []string{"dst", "a", "b"}},
	{Name: "Sub", Params: "dst, a, b []T", Same: []string{"dst", "a", "b"}},
	{Name: "Mul", Params: "dst, a, b []T", Same: []string{"dst", "a", "b"}},
	{Name: "Div", Params: "dst, a, b []T", Same: []string{"dst", "a", "b"}},
	{Name: "AddConst", Params: "dst, a []T, c T", Same: []string{"dst", "a"}},
	{Name: "Scale", Params: "dst, a []T, c T", Same: []string{"dst", "a"}},
	{Name: "Axpy", Params: "alpha T, x, y []T", Same: []string{"x", "y"}},
	{Name: "MulAdd", Params: "dst, a, b, c []T", Same: []string{"dst", "a", "b", "c"}},
	{Name: "Sum", Params: "a []T", Results: "T"},
	{Name: "Dot", Params: "a, b []T", Results: "T", Same: []string{"a", "b"}},
	{Name: "SumSquares", Params: "a []T", Results: "T"},
	{Name: "SumSquaredDiff", Params: "a, b []T", Results: "T", Same: []string{"a", "b"}},
	{Name: "Min", Params: "a []T", Results: "T"},
	{Name: "Max", Params: "a []T", Results: "T"},
	{Name: "Index", Params: "a []T, v T", Results: "int"},
	{Name: "IndexNaN", Params: "a []T", Results: "int"},
}

// FixedKernels are the kernels with fixed element types, fields of asm.Table.
var FixedKernels = []Kernel{
	{Name: "Float32To64", Params: "dst []float64, src []float32", Same: []string{"dst", "src"}},
	{Name: "Float64To32", Params: "dst []float32, src []float64", Same: []string{"dst", "src"}},
	{Name: "Uint8ToFloat32", Params: "dst []float32, src []uint8, scale, offset float32", Same: []string{"dst", "src"}},
	{Name: "Float32ToUint8", Params: "dst []uint8, src []float32", Same: []string{"dst", "src"}},
}

// Lookup returns the kernel with the given name from either list.
func Lookup(name string) Kernel {
	for _, k := range append(append([]Kernel{}, FloatKernels...), FixedKernels...) {
		if k.Name == name {
			return k
		}
	}
	panic("spec: no kernel " + name)
}

// Signature is the Go function type of k for element type t ("func(...)").
func (k Kernel) Signature(t Type) string {
	s := "func(" + subst(k.Params, t) + ")"
	if k.Results != "" {
		s += " " + subst(k.Results, t)
	}
	return s
}

// AsmName is the name of the assembly function implementing k for type t
// (ignored for fixed-type kernels) on the ISA with the given suffix, e.g.
// addF32AVX2 or uint8ToFloat32NEON.
func (k Kernel) AsmName(t Type, isa string) string {
	name := strings.ToLower(k.Name[:1]) + k.Name[1:]
	if k.PerType() {
		name += t.Suffix
	}
	return name + isa
}

// PerType reports whether k is generated once per float type.
func (k Kernel) PerType() bool {
	for _, f := range FloatKernels {
		if f.Name == k.Name {
			return true
		}
	}
	return false
}

func subst(s string, t Type) string {
	// T only ever stands alone (as a type name), never inside a word.
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 'T' && (i == 0 || !isIdent(s[i-1])) && (i+1 == len(s) || !isIdent(s[i+1])) {
			b.WriteString(t.Go)
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Impl is one generated kernel: which kernel, for which type.
type Impl struct {
	Kernel Kernel
	Type   Type // zero for fixed-type kernels
}

// TableFile describes the Go file that fills one ISA's asm.Table.
type TableFile struct {
	Generator  string // command that wrote it, for the header
	Constraint string // build constraint expression, e.g. "!purego"
	Var        string // name of the Table variable, e.g. "avx2Table"
	ISA        string // suffix of the assembly functions, e.g. "AVX2"
	Impls      []Impl
}

// WriteTable writes the Go source of tf to path, gofmt-ed.
func WriteTable(path string, tf TableFile) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by %s. DO NOT EDIT.\n\n", tf.Generator)
	fmt.Fprintf(&b, "//go:build %s\n\npackage asm\n\n", tf.Constraint)
	fmt.Fprintf(&b, "// %s holds the %s kernels, each behind a wrapper that checks slice\n// lengths before the assembly runs.\n", tf.Var, tf.ISA)
	fmt.Fprintf(&b, "var %s = Table{\n", tf.Var)
	for _, t := range Floats {
		var rows []Impl
		for _, im := range tf.Impls {
			if im.Kernel.PerType() && im.Type == t {
				rows = append(rows, im)
			}
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%s: FloatOps[%s]{\n", t.Field, t.Go)
		for _, im := range rows {
			writeEntry(&b, im, tf.ISA)
		}
		b.WriteString("},\n")
	}
	for _, im := range tf.Impls {
		if !im.Kernel.PerType() {
			writeEntry(&b, im, tf.ISA)
		}
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("formatting %s: %v\n%s", path, err, b.Bytes())
	}
	return os.WriteFile(path, src, 0o644)
}

func writeEntry(b *bytes.Buffer, im Impl, isa string) {
	k := im.Kernel
	fmt.Fprintf(b, "%s: %s {\n", k.Name, k.Signature(im.Type))
	if len(k.Same) > 1 {
		lens := make([]string, len(k.Same))
		for i, s := range k.Same {
			lens[i] = "len(" + s + ")"
		}
		fmt.Fprintf(b, "checkLengths(%q, %s)\n", k.Name, strings.Join(lens, ", "))
	}
	call := k.AsmName(im.Type, isa) + "(" + argNames(k.Params) + ")"
	if k.Results != "" {
		call = "return " + call
	}
	b.WriteString(call + "\n},\n")
}

// argNames turns "dst, a []T, c T" into "dst, a, c".
func argNames(params string) string {
	var names []string
	for _, group := range strings.Split(params, ",") {
		f := strings.Fields(group)
		names = append(names, f[0])
	}
	return strings.Join(names, ", ")
}
