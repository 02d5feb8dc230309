// Package spec is the generators' view of the kernel registry
// (internal/registry in the library module): the kernels an ISA emits, their
// Go signatures and assembly names, and the writer of the Go file that
// fills an ISA's asm.Table with length-checked wrappers.
//
// Nothing here lists kernels: the registry does. A generator that lacks an
// emitter for a registered table kernel fails.
package spec

import (
	"strings"

	"github.com/hotloop/hotloop/internal/registry"
)

// Type is an element type a per-type kernel is generated for.
type Type = registry.Type

// Float32 and Float64 are the float element types.
var (
	Float32 = registry.Floats[0]
	Float64 = registry.Floats[1]
	Floats  = registry.Floats
)

// Kernel is a registered kernel, with the generators' helpers.
type Kernel struct{ registry.Kernel }

// FloatKernels are the per-type table kernels, fields of asm.FloatOps[T].
var FloatKernels = tableKernels(true)

// FixedKernels are the table kernels with fixed element types, fields of
// asm.Table.
var FixedKernels = tableKernels(false)

func tableKernels(perType bool) []Kernel {
	var ks []Kernel
	for _, k := range registry.Kernels {
		if k.Table && k.PerType == perType {
			ks = append(ks, Kernel{k})
		}
	}
	return ks
}

// Lookup returns the registered kernel with the given name.
func Lookup(name string) Kernel { return Kernel{registry.Lookup(name)} }

// Param is one Go parameter with its type resolved.
type Param struct {
	Name string
	Go   string // "[]float32", "float32", "uint8", ...
}

// GoParams returns k's parameters for element type t (ignored for
// fixed-type kernels).
func (k Kernel) GoParams(t Type) []Param {
	ps := make([]Param, len(k.Params))
	for i, p := range k.Params {
		typ := registry.Subst(p.Type, t)
		if p.Slice {
			typ = "[]" + typ
		}
		ps[i] = Param{p.Name, typ}
	}
	return ps
}

// GoResult returns k's result type for t ("" for none).
func (k Kernel) GoResult(t Type) string { return registry.Subst(k.Result, t) }

// Signature is the Go function type of k for element type t: "func(...)".
func (k Kernel) Signature(t Type) string {
	// Consecutive parameters of one type share it: "dst, a []float32, c float32".
	var ps []string
	params := k.GoParams(t)
	for i, p := range params {
		if i+1 < len(params) && params[i+1].Go == p.Go {
			ps = append(ps, p.Name)
		} else {
			ps = append(ps, p.Name+" "+p.Go)
		}
	}
	s := "func(" + strings.Join(ps, ", ") + ")"
	if r := k.GoResult(t); r != "" {
		s += " " + r
	}
	return s
}

// ArgNames is the comma-separated list of k's parameter names.
func (k Kernel) ArgNames() string {
	var names []string
	for _, p := range k.Params {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

// AsmName is the name of the assembly function implementing k for type t
// (ignored for fixed-type kernels) on the ISA with the given suffix, e.g.
// addF32AVX2 or uint8ToFloat32NEON.
func (k Kernel) AsmName(t Type, isa string) string {
	name := strings.ToLower(k.Name[:1]) + k.Name[1:]
	if k.PerType {
		name += t.Suffix
	}
	return name + isa
}

// Impl is one generated kernel: which kernel, for which type.
type Impl struct {
	Kernel Kernel
	Type   Type // zero for fixed-type kernels
}
