package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
)

// operands names the arguments of a generated call: the k-th read-only
// slice, the written slice and the scalars, each by its element type (T
// for per-type kernels).
type operands struct {
	input  func(k int, typ string, k2 spec.Kernel) string
	output func(typ string, group int) string
}

// call returns pkg.Name(args) for k with the given operands; scalars are
// their registry samples converted to their type.
func call(pkg string, k spec.Kernel, ops operands) string {
	var args []string
	in := 0
	for _, p := range k.Params {
		switch {
		case !p.Slice:
			args = append(args, scalarName(p))
		case p.Out:
			args = append(args, ops.output(p.Type, p.PerIndex()))
		default:
			args = append(args, ops.input(in, p.Type, k))
			in++
		}
	}
	return fmt.Sprintf("%s.%s(%s)", pkg, k.Name, strings.Join(args, ", "))
}

// scalarName is the local variable holding a scalar's sample; scalarDecls
// declares them.
func scalarName(p registry.Param) string { return "s" + strings.ToUpper(p.Name[:1]) + p.Name[1:] }

// scalarDecls declares k's scalars with their samples. Kernels that update
// a slice in place alternate the scalars' signs (flip), so that the slice
// stays bounded however many times a benchmark or the demo repeats them.
func scalarDecls(k spec.Kernel) (decl, flip string) {
	var d, f []string
	inPlace := false
	for _, p := range k.Params {
		inPlace = inPlace || p.In && p.Out
	}
	for _, p := range k.Scalars() {
		d = append(d, fmt.Sprintf("%s := %s(%s)", scalarName(p), p.Type, strconv.FormatFloat(p.Sample, 'g', -1, 64)))
		if inPlace {
			f = append(f, fmt.Sprintf("%s = -%s", scalarName(p), scalarName(p)))
		}
	}
	return strings.Join(d, "\n"), strings.Join(f, "\n")
}

// sink assigns a kernel's result to a package variable (named by the
// consumer) so that the compiler cannot drop the call.
func sink(k spec.Kernel, expr, floatSink, intSink string) string {
	switch k.Result {
	case "":
		return expr
	case "int":
		return intSink + " = " + expr
	default:
		return floatSink + " = float64(" + expr + ")"
	}
}

// bytesPerElement counts the bytes a kernel reads plus writes per index:
// an element size per read slice and per written slice.
func bytesPerElement(k spec.Kernel, t registry.Type) int {
	n := 0
	for _, p := range k.Params {
		if !p.Slice {
			continue
		}
		size := elemSize(registry.Subst(p.Type, t)) * p.PerIndex()
		if p.In {
			n += size
		}
		if p.Out {
			n += size
		}
	}
	return n
}

func elemSize(typ string) int {
	switch typ {
	case "float32":
		return 4
	case "float64":
		return 8
	case "uint8":
		return 1
	}
	panic("gen/api: no size for element type " + typ)
}

// public returns the registry's public kernels split into per-type ones
// and fixed-type ones.
func public() (perType, fixed []spec.Kernel) {
	for _, k := range registry.Public() {
		if k.PerType {
			perType = append(perType, spec.Kernel{Kernel: k})
		} else {
			fixed = append(fixed, spec.Kernel{Kernel: k})
		}
	}
	return perType, fixed
}

// source returns k's read-only source slice type (for conversions).
func source(k spec.Kernel) string {
	for _, p := range k.Params {
		if p.Slice && !p.Out {
			return p.Type
		}
	}
	panic("gen/api: " + k.Name + " reads no slice")
}

// pixelSource reports whether a conversion narrows floats to bytes: its
// benchmark and demo feed it pixel-range values, as real images do, so
// that the generic code's clamping branches are timed as in use.
func pixelSource(k spec.Kernel) bool {
	return k.Shape == registry.Conversion && k.Dst() != "" && outType(k) == "uint8"
}

func outType(k spec.Kernel) string {
	for _, p := range k.Params {
		if p.Out {
			return p.Type
		}
	}
	return ""
}

// byType returns operands that pick a conversion's slices by element type
// from the consumer's expressions (in for sources, out for destinations),
// pix for the float source of a conversion to bytes, and grouped(g, dst)
// for a byte source or destination of g bytes per pixel.
func byType(in, out map[string]string, pix string, grouped func(g int, dst bool) string) operands {
	return operands{
		input: func(_ int, typ string, k spec.Kernel) string {
			if typ == "float32" && pixelSource(k) {
				return pix
			}
			if g := sourceGroup(k); g > 1 {
				if typ != "uint8" {
					panic("gen/api: " + k.Name + ": grouped sources are bytes")
				}
				return grouped(g, false)
			}
			return in[typ]
		},
		output: func(typ string, g int) string {
			if g > 1 {
				if typ != "uint8" {
					panic("gen/api: grouped destinations are bytes")
				}
				return grouped(g, true)
			}
			return out[typ]
		},
	}
}

// byPosition returns operands for per-type kernels: the k-th input is
// inputs[k], the destination dst.
func byPosition(inputs []string, dst string) operands {
	return operands{
		input:  func(k int, _ string, _ spec.Kernel) string { return inputs[k] },
		output: func(string, int) string { return dst },
	}
}

// sourceGroup returns the elements per index of a conversion's source.
func sourceGroup(k spec.Kernel) int {
	for _, p := range k.Params {
		if p.Slice && !p.Out {
			return p.PerIndex()
		}
	}
	return 1
}
