package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
)

// The test lists: every elementwise kernel as an ewCase, every conversion
// as a convCase, and every public kernel's misuses (unequal lengths, a
// partially overlapping destination, an empty slice where one is refused)
// as calls that must panic. Package kernels checks them against the
// generic references and the expected panics, package parallel against
// package kernels.

// literal returns a scalar's sample as a Go constant of type typ.
func literal(p registry.Param, typ string) string {
	return fmt.Sprintf("%s(%s)", typ, strconv.FormatFloat(p.Sample, 'g', -1, 64))
}

// readIndex returns the index of parameter name among k's read slices, or
// -1 when it is not one.
func readIndex(k spec.Kernel, name string) int {
	i := 0
	for _, p := range k.Params {
		if p.Slice && p.In {
			if p.Name == name {
				return i
			}
			i++
		}
	}
	return -1
}

// ewArgs returns k's call arguments in an ewCase: read slices from in,
// the destination d (after copying its input in place for InOut), scalars
// as T constants.
func ewArgs(k spec.Kernel) (args string, pre string) {
	var a []string
	for _, p := range k.Params {
		switch {
		case !p.Slice:
			a = append(a, literal(p, "T"))
		case p.Out && p.In:
			pre = fmt.Sprintf("copy(d, in[%d]); ", readIndex(k, p.Name))
			a = append(a, "d")
		case p.Out:
			a = append(a, "d")
		default:
			a = append(a, fmt.Sprintf("in[%d]", readIndex(k, p.Name)))
		}
	}
	return strings.Join(a, ", "), pre
}

// fusedTerm returns the ewCase accessor of one operand of a fusable
// product-sum.
func fusedTerm(k spec.Kernel, name string) string {
	for _, p := range k.Params {
		if p.Name == name && !p.Slice {
			return fmt.Sprintf("func(int, []T, [][]T) T { return %s }", literal(p, "T"))
		}
	}
	return fmt.Sprintf("in(%d)", readIndex(k, name))
}

// kernelsTests writes kernels/cases_gen_test.go.
func kernelsTests() []byte {
	f := newFile("kernels", "fmt", "testing", "github.com/hotloop/hotloop/internal/testkit")
	f.p("// ewCases are the elementwise kernels: the public function and the")
	f.p("// generic reference on the same inputs.")
	f.p("func ewCases[T Float]() []ewCase[T] {")
	f.p("\tr := refOps[T]()")
	for _, k := range elementwise() {
		if k.MayFuse() {
			f.p("\tin := func(k int) func(i int, _ []T, in [][]T) T { return func(i int, _ []T, in [][]T) T { return in[k][i] } }")
			break
		}
	}
	f.p("\treturn []ewCase[T]{")
	for _, k := range elementwise() {
		args, pre := ewArgs(k)
		f.p("\t\t{")
		f.p("\t\t\tname: %q, inputs: %d, inPlace: %v,", k.Name, len(readSlices(k)), pre != "")
		f.p("\t\t\trun: func(d []T, in [][]T) { %s%s(%s) },", pre, k.Name, args)
		f.p("\t\t\tref: func(d []T, in [][]T) { %sr.%s(%s) },", pre, k.Name, args)
		if k.MayFuse() {
			f.p("\t\t\tfused: true, fa: %s, fb: %s, fc: %s,", fusedTerm(k, k.Fused[0]), fusedTerm(k, k.Fused[1]), fusedTerm(k, k.Fused[2]))
		}
		f.p("\t\t},")
	}
	f.p("\t}\n}\n")

	f.p("// convCases are the conversions, each checked by checkConversion against")
	f.p("// its generic reference.")
	f.p("func convCases() []convCase {")
	f.p("\treturn []convCase{")
	for _, k := range conversions() {
		args := convArgs(k)
		f.p("\t\t{%q, func(t *testing.T, c convCheck) {", k.Name)
		g := groups(k)
		f.p("\t\t\tcheckConversion(t, c, %v, %d, %d,", pixelSource(k), g[0], g[1])
		f.p("\t\t\t\tfunc(dst []%s, src []%s) { %s(%s) },", outType(k), source(k), k.Name, args)
		f.p("\t\t\t\tfunc(dst []%s, src []%s) { %sGeneric(%s) })", outType(k), source(k), lower(k.Name), args)
		f.p("\t\t}},")
	}
	f.p("\t}\n}\n")

	writeMisuse(f, "misuseCases", "kernels", "")
	writeGuardPageCalls(f)
	return f.src()
}

// writeGuardPageCalls writes the calls of every public kernel that the
// guard-page test makes on slices flush against PROT_NONE pages: per-type
// kernels on dst, a, b, c; conversions on one slice of each type.
func writeGuardPageCalls(f *gofile) {
	perType, fixed := public()
	f.p("\n// guardPageCalls calls every public float kernel on slices of one length.")
	f.p("func guardPageCalls[T Float](dst, a, b, c []T) {")
	ins := []string{"a", "b", "c"}
	for _, k := range perType {
		var args []string
		i := 0
		for _, p := range k.Params {
			switch {
			case !p.Slice:
				args = append(args, literal(p, "T"))
			case p.Out:
				args = append(args, "dst")
			default:
				args = append(args, ins[i])
				i++
			}
		}
		c := fmt.Sprintf("%s(%s)", k.Name, strings.Join(args, ", "))
		if k.Result != "" {
			c = "_ = " + c
		}
		if k.NonEmpty {
			c = "if len(a) > 0 {\n" + c + "\n}"
		}
		f.p("\t%s", c)
	}
	f.p("}\n")
	f.p("// guardPageConversionCalls calls every public conversion on slices of")
	f.p("// n indices placed against the fences' pages (slice parameter i on")
	f.p("// fence i), at their ends or starts.")
	f.p("func guardPageConversionCalls(f []*testkit.Fence, n int, atEnd bool) {")
	fills := map[string]string{"float32": "float32(3.5)", "float64": "float64(3.5)", "uint8": "uint8(200)"}
	for _, k := range fixed {
		var args []string
		i := 0
		for _, p := range k.Params {
			if p.Slice {
				args = append(args, fmt.Sprintf("testkit.Place(f[%d], %s, atEnd, %s)", i, times(p.PerIndex(), "n"), fills[p.Type]))
				i++
			} else {
				args = append(args, literal(p, p.Type))
			}
		}
		f.p("\t%s(%s)", k.Name, strings.Join(args, ", "))
	}
	f.p("}")
}

// convArgs returns a conversion's call arguments: dst, src, scalars.
func convArgs(k spec.Kernel) string {
	var a []string
	for _, p := range k.Params {
		switch {
		case !p.Slice:
			a = append(a, literal(p, p.Type))
		case p.Out:
			a = append(a, "dst")
		default:
			a = append(a, "src")
		}
	}
	return strings.Join(a, ", ")
}

func readSlices(k spec.Kernel) []string {
	var s []string
	for _, p := range k.Params {
		if p.Slice && p.In {
			s = append(s, p.Name)
		}
	}
	return s
}

func elementwise() []spec.Kernel { return byShape(registry.Elementwise) }
func conversions() []spec.Kernel { return byShape(registry.Conversion) }

func byShape(shape registry.Shape) []spec.Kernel {
	var ks []spec.Kernel
	for _, k := range registry.Public() {
		if k.Shape == shape {
			ks = append(ks, spec.Kernel{Kernel: k})
		}
	}
	return ks
}

// writeMisuse writes misuseCases(n): every public kernel called with
// slices of unequal length (each slice in turn one element longer), with
// its destination partially overlapping each input, and with empty slices
// where it refuses them. pkg is the package whose functions are called
// (qualified by qual); want lists what the panic message must contain.
func writeMisuse(f *gofile, fn, pkg, qual string) {
	f.p("// %s are calls of every public kernel of package %s with bad", fn, pkg)
	f.p("// arguments, on slices of about n elements (n >= 16), that must panic")
	f.p("// before touching memory; want are parts of the message.")
	f.p("func %s(n int) []misuseCase {", fn)
	f.p("\treturn []misuseCase{")
	for _, k := range registry.Public() {
		types := []registry.Type{{}}
		if k.PerType {
			types = registry.Floats
		}
		for _, et := range types {
			prefix := k.Name
			if k.PerType {
				prefix += "/" + et.Go
			}
			writeMisuseOf(f, spec.Kernel{Kernel: k}, et, prefix, pkg, qual)
		}
	}
	f.p("\t}\n}")
}

// parallelTests writes parallel/cases_gen_test.go: every elementwise
// kernel and conversion run on explicit worker counts against its serial
// twin, and the misuses of both packages side by side.
func parallelTests() []byte {
	f := newFile("parallel", "fmt", "math/rand/v2", "testing", "github.com/hotloop/hotloop/internal/testkit", "github.com/hotloop/hotloop/kernels")
	f.p("// ewCases are the elementwise kernels: the parallel implementation on")
	f.p("// w workers and the serial kernel, on the same inputs.")
	f.p("func ewCases[T kernels.Float]() []ewCase[T] {")
	f.p("\treturn []ewCase[T]{")
	for _, k := range elementwise() {
		args, pre := ewArgs(k)
		f.p("\t\t{")
		f.p("\t\t\tname: %q, inputs: %d, inPlace: %v,", k.Name, len(readSlices(k)), pre != "")
		f.p("\t\t\ton: func(w int, d []T, in [][]T) { %s%sOn(w, %s) },", pre, lower(k.Name), args)
		f.p("\t\t\tpar: func(d []T, in [][]T) { %s%s(%s) },", pre, k.Name, args)
		f.p("\t\t\tser: func(d []T, in [][]T) { %skernels.%s(%s) },", pre, k.Name, args)
		f.p("\t\t},")
	}
	f.p("\t}\n}\n")
	f.p("// convCases are the conversions, each checked by checkConversion against")
	f.p("// its serial twin.")
	f.p("func convCases() []convCase {")
	f.p("\treturn []convCase{")
	for _, k := range conversions() {
		args := convArgs(k)
		f.p("\t\t{%q, func(t *testing.T, r *rand.Rand, n, w int) {", k.Name)
		g := groups(k)
		f.p("\t\t\tcheckConversion(t, %q, r, n, w, %d, %d,", k.Name, g[0], g[1])
		f.p("\t\t\t\tfunc(w int, dst []%s, src []%s) { %sOn(w, %s) },", outType(k), source(k), lower(k.Name), args)
		f.p("\t\t\t\tfunc(dst []%s, src []%s) { %s(%s) },", outType(k), source(k), k.Name, args)
		f.p("\t\t\t\tfunc(dst []%s, src []%s) { kernels.%s(%s) })", outType(k), source(k), k.Name, args)
		f.p("\t\t}},")
	}
	f.p("\t}\n}\n")
	writeMisuse(f, "misuseCases", "parallel", "")
	f.p("")
	writeMisuse(f, "serialMisuseCases", "kernels", "kernels.")
	return f.src()
}

// writeMisuseOf writes the misuse cases of k for element type et (the
// zero Type for fixed-type kernels), named prefix/...; a float64 kernel
// gets nil slices where it refuses empty ones, a float32 one empty ones.
func writeMisuseOf(f *gofile, k spec.Kernel, et registry.Type, prefix, pkg, qual string) {
	empty := "[]%s{}"
	if et.Go == "float64" {
		empty = "[]%s(nil)"
	}
	slices := k.Slices()
	typ := func(p registry.Param) string { return registry.Subst(p.Type, et) }
	if len(slices) > 1 {
		for _, longer := range slices {
			var args []string
			lens := map[string]string{}
			for _, p := range k.Params {
				switch {
				case !p.Slice:
					args = append(args, literal(p, typ(p)))
				case p.Name == longer:
					lens[p.Name] = times(p.PerIndex(), "n") + "+1"
					args = append(args, fmt.Sprintf("make([]%s, %s)", typ(p), lens[p.Name]))
				default:
					lens[p.Name] = times(p.PerIndex(), "n")
					args = append(args, fmt.Sprintf("make([]%s, %s)", typ(p), lens[p.Name]))
				}
			}
			other := slices[0]
			if other == longer {
				other = slices[1]
			}
			f.p("\t\t{%q, func() { %s%s(%s) }, []string{%q, fmt.Sprintf(\"%s=%%d\", %s), fmt.Sprintf(\"%s=%%d\", %s)}},",
				prefix+"/length/"+longer, qual, k.Name, strings.Join(args, ", "), pkg+"."+k.Name, longer, lens[longer], other, lens[other])
		}
	}
	if dst := k.Dst(); dst != "" {
		var dstType string
		var dstN string
		for _, p := range k.Params {
			if p.Name == dst {
				dstType, dstN = typ(p), times(p.PerIndex(), "n")
			}
		}
		for _, in := range k.Inputs() {
			var args []string
			var inType, inN string
			for _, p := range k.Params {
				switch {
				case !p.Slice:
					args = append(args, literal(p, typ(p)))
				case p.Name == dst:
					args = append(args, "d")
				case p.Name == in:
					args = append(args, "s")
					inType, inN = typ(p), times(p.PerIndex(), "n")
				default:
					args = append(args, fmt.Sprintf("make([]%s, %s)", typ(p), times(p.PerIndex(), "n")))
				}
			}
			f.p("\t\t{%q, func() { d, s := testkit.Overlapping[%s, %s](%s, %s); %s%s(%s) }, []string{%q, \"overlap\"}},",
				prefix+"/overlap/"+in, dstType, inType, dstN, inN, qual, k.Name, strings.Join(args, ", "), pkg+"."+k.Name)
		}
	}
	if k.NonEmpty {
		var args []string
		for _, p := range k.Params {
			if p.Slice {
				args = append(args, fmt.Sprintf(empty, typ(p)))
			} else {
				args = append(args, literal(p, typ(p)))
			}
		}
		f.p("\t\t{%q, func() { %s%s(%s) }, []string{%q, \"empty\"}},", prefix+"/empty", qual, k.Name, strings.Join(args, ", "), pkg+"."+k.Name)
	}
}
