// Package spec is the generators' view of the kernel registry
// (internal/registry in the library module): the kernels an ISA emits, their
// Go signatures and assembly names, and the writer of the Go file that
// fills an ISA's asm.Table with length-checked wrappers.
//
// Nothing here lists kernels: the registry does. A generator that lacks an
// emitter for a registered table kernel fails.
package spec

import (
	"fmt"
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
	name := LowerName(k.Name)
	if k.PerType {
		name += t.Suffix
	}
	return name + isa
}

// Impl is one generated kernel: which kernel, for which type.
type Impl struct {
	Kernel Kernel
	Type   Type // zero for fixed-type kernels
	// Fallback is the assembly suffix of the ISA whose version the table
	// uses instead of its own: always when Own is false (the ISA has no
	// emitter for the kernel), else when the CPU lacks a feature of Needs.
	// Empty for ISAs that implement every kernel.
	Fallback string
	// Own reports that the ISA emitted the kernel itself.
	Own bool
	// Needs are cpuid features (beyond the ISA's own) the ISA's version
	// requires; the table file swaps in Fallback's version where the CPU
	// lacks one.
	Needs []string
}

// Emitters are one ISA's kernel emitters by kernel name: P emits a per-type
// kernel for one element type, F a fixed-type kernel. Each generator keeps
// its emitters beside their code, one map per file, and merges them with
// Merge.
type Emitters[P, F any] struct {
	PerType map[string]P
	Fixed   map[string]F
}

// Merge returns the union of maps; a name in two maps is a generator bug
// and panics.
func Merge[V any](maps ...map[string]V) map[string]V {
	out := map[string]V{}
	for _, m := range maps {
		for name, v := range m {
			if _, dup := out[name]; dup {
				panic("spec: two emitters for " + name)
			}
			out[name] = v
		}
	}
	return out
}

// Walk calls perType for every per-type table kernel of the registry and
// every float type (types outermost), then fixed for every fixed-type table
// kernel, in registry order, and returns what it emitted. It fails when the
// ISA lacks an emitter for a registered kernel or has one for a kernel the
// registry does not list: every ISA implements every table kernel, except
// one registered for another architecture only (Kernel.Arch).
func Walk[P, F any](isa string, e Emitters[P, F], perType func(Kernel, Type, P), fixed func(Kernel, F)) ([]Impl, error) {
	return walk(isa, "", e, perType, fixed)
}

// WalkFallback is Walk for an ISA that extends another (AVX-512 over
// AVX2): a registered kernel it has no emitter for is not an error but an
// Impl that runs the other ISA's version, whose assembly suffix is
// fallback. Kernels registered later thus work on the extending ISA with
// no work on its generator.
func WalkFallback[P, F any](isa, fallback string, e Emitters[P, F], perType func(Kernel, Type, P), fixed func(Kernel, F)) ([]Impl, error) {
	return walk(isa, fallback, e, perType, fixed)
}

func walk[P, F any](isa, fallback string, e Emitters[P, F], perType func(Kernel, Type, P), fixed func(Kernel, F)) ([]Impl, error) {
	var impls []Impl
	for name := range e.PerType {
		if k, ok := lookup(name); !ok || !k.PerType || !k.Table {
			return nil, fmt.Errorf("%s: emitter for %s, which is not a per-type table kernel of the registry", isa, name)
		}
	}
	for name := range e.Fixed {
		if k, ok := lookup(name); !ok || k.PerType || !k.Table {
			return nil, fmt.Errorf("%s: emitter for %s, which is not a fixed-type table kernel of the registry", isa, name)
		}
	}
	for _, t := range Floats {
		for _, k := range FloatKernels {
			emit, ok := e.PerType[k.Name]
			switch {
			case ok:
				perType(k, t, emit)
			case fallback == "":
				return nil, fmt.Errorf("%s: no emitter for %s", isa, k.Name)
			}
			impls = append(impls, Impl{Kernel: k, Type: t, Own: ok, Fallback: fallback})
		}
	}
	arch := registry.LookupISA(isa).GOARCH
	for _, k := range FixedKernels {
		if k.Arch != "" && k.Arch != arch {
			if _, ok := e.Fixed[k.Name]; ok {
				return nil, fmt.Errorf("%s: emitter for %s, which only %s ISAs implement", isa, k.Name, k.Arch)
			}
			continue // no entry: the table's field stays nil
		}
		emit, ok := e.Fixed[k.Name]
		switch {
		case ok:
			fixed(k, emit)
		case fallback == "":
			return nil, fmt.Errorf("%s: no emitter for %s", isa, k.Name)
		}
		impls = append(impls, Impl{Kernel: k, Own: ok, Fallback: fallback})
	}
	return impls, nil
}

func lookup(name string) (registry.Kernel, bool) {
	for _, k := range registry.Kernels {
		if k.Name == name {
			return k, true
		}
	}
	return registry.Kernel{}, false
}

// LowerName returns an exported Go name as its unexported form, with a
// leading initialism lowered whole: Add → add, IndexNaN → indexNaN,
// RGBToGray → rgbToGray, RGBAToGray → rgbaToGray.
func LowerName(name string) string {
	upper := 0
	for upper < len(name) && name[upper] >= 'A' && name[upper] <= 'Z' {
		upper++
	}
	switch {
	case upper <= 1:
		return strings.ToLower(name[:1]) + name[1:]
	case upper == len(name):
		return strings.ToLower(name)
	default: // the last capital starts the next word
		return strings.ToLower(name[:upper-1]) + name[upper-1:]
	}
}
