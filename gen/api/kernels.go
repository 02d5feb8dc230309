package main

import (
	"fmt"
	"strings"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
)

// kernelsISA writes the ISA constants, numbered as registry.ISAs.
func kernelsISA() []byte {
	f := newFile("kernels")
	f.p("// The instruction sets, numbered as in the registry.")
	f.p("const (")
	for i, isa := range registry.ISAs {
		f.doc("\t", isa.Const+" is "+isa.Doc)
		if i == 0 {
			f.p("\t%s ISA = iota", isa.Const)
		} else {
			f.p("\t%s", isa.Const)
		}
	}
	f.p("\n\tnumISA\n)")
	return f.src()
}

// kernelsGeneric writes the generic table from the references named
// <kernel>Generic in package kernels.
func kernelsGeneric() []byte {
	f := newFile("kernels", "github.com/hotloop/hotloop/asm")
	f.p("// genericOps are T's pure-Go references, the oracle of every ISA.")
	f.p("func genericOps[T float32 | float64]() asm.FloatOps[T] {")
	f.p("\treturn asm.FloatOps[T]{")
	for _, k := range spec.FloatKernels {
		f.p("\t\t%s: %sGeneric[T],", k.Name, lower(k.Name))
	}
	f.p("\t}\n}\n")
	f.p("// genericTable is the complete pure-Go table; it fills every kernel an ISA")
	f.p("// table lacks.")
	f.p("var genericTable = asm.Table{")
	for _, t := range spec.Floats {
		f.p("\t%s: genericOps[%s](),", t.Field, t.Go)
	}
	for _, k := range spec.FixedKernels {
		f.p("\t%s: %sGeneric,", k.Name, lower(k.Name))
	}
	f.p("}")
	return f.src()
}

// kernelsAPI writes the public functions of the kernels with generated
// APIs: check lengths and overlaps, then call the active table.
func kernelsAPI() []byte {
	f := newFile("kernels", "github.com/hotloop/hotloop/internal/check")
	for _, k := range generated() {
		f.doc("", k.Name+" "+k.Doc)
		f.p("func %s%s(%s) {", k.Name, typeParams(k, "Float"), params(k))
		if c := lenCheck("kernels", k); c != "" {
			f.p("\t%s", c)
		}
		for _, c := range overlapChecks("kernels", k) {
			f.p("\t%s", c)
		}
		table := "fixed()"
		if k.PerType {
			table = "ops[T]()"
		}
		f.p("\t%s.%s(%s)\n}\n", table, k.Name, k.ArgNames())
	}
	return f.src()
}

// parallelAPI writes the parallel twins of the generated kernels: the
// same checks, the serial kernel below mapMin elements, else the serial
// kernel on chunks across the workers. Each element is computed exactly as
// the serial kernel computes it, so the results are the same bits.
func parallelAPI() []byte {
	f := newFile("parallel", "github.com/hotloop/hotloop/internal/check", "github.com/hotloop/hotloop/kernels")
	for _, k := range generated() {
		tp, targs := typeParams(k, "kernels.Float"), ""
		if k.PerType {
			targs = "[T]"
		}
		f.doc("", k.Name+" "+k.Doc)
		f.p("//")
		f.doc("", fmt.Sprintf("It computes every element exactly as kernels.%s does, on chunks spread across the workers, and panics when the lengths differ or the destination partially overlaps an input.", k.Name))
		f.p("func %s%s(%s) { %sOn%s(auto, %s) }\n", k.Name, tp, params(k), lower(k.Name), targs, k.ArgNames())
		f.p("func %sOn%s(workers int, %s) {", lower(k.Name), tp, params(k))
		if c := lenCheck("parallel", k); c != "" {
			f.p("\t%s", c)
		}
		for _, c := range overlapChecks("parallel", k) {
			f.p("\t%s", c)
		}
		n := count(k)
		f.p("\tif %s < mapMin {", n)
		f.p("\t\tkernels.%s(%s)\n\t\treturn\n\t}", k.Name, k.ArgNames())
		var chunk []string
		for _, p := range k.Params {
			if g := p.PerIndex(); p.Slice && g > 1 {
				chunk = append(chunk, fmt.Sprintf("%s[%d*lo:%d*hi]", p.Name, g, g))
			} else if p.Slice {
				chunk = append(chunk, p.Name+"[lo:hi]")
			} else {
				chunk = append(chunk, p.Name)
			}
		}
		// A kernel that streams in large calls gets chunks large enough to
		// stream too (overElements): it is told the bytes of its slices.
		out := "0"
		if k.Streams {
			var slices []string
			for _, p := range k.Params {
				if p.Slice {
					slices = append(slices, "bytesOf("+p.Name+")")
				}
			}
			out = strings.Join(slices, "+")
		}
		f.p("\toverElements(%s, %s, workers, func(lo, hi int) { kernels.%s(%s) })\n}\n", n, out, k.Name, strings.Join(chunk, ", "))
	}
	return f.src()
}
