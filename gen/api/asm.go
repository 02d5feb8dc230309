package main

import (
	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
)

// asmTable writes the Table and FloatOps types, one field per table
// kernel, and the ISA table variables.
func asmTable() []byte {
	f := newFile("asm")
	f.doc("", "FloatOps is one instruction set's kernels for one float type. A nil field means the instruction set has no kernel for it.\n\n"+
		"The reductions are the building blocks of package kernels, with the raw semantics given here; kernels adds the checks and special cases.")
	f.p("type FloatOps[T ~float32 | ~float64] struct {")
	for _, k := range spec.FloatKernels {
		f.doc("\t", k.Name+" "+k.Doc)
		f.p("\t%s func(%s) %s", k.Name, params(k), k.GoResult(typeParam))
	}
	f.p("}\n")
	f.doc("", "Table is one instruction set's kernels. A nil field means the instruction set has no kernel for it.")
	f.p("type Table struct {")
	for _, t := range spec.Floats {
		f.p("\t%s FloatOps[%s]", t.Field, t.Go)
	}
	for _, k := range spec.FixedKernels {
		f.p("")
		f.doc("\t", k.Name+" "+k.Doc)
		f.p("\t%s %s", k.Name, k.Signature(registry.Type{}))
	}
	f.p("}\n")
	f.p("// The instruction sets' tables; nil when this build or CPU lacks one.")
	f.p("var (")
	for _, isa := range registry.ISAs[1:] {
		status := ""
		if !isa.Built {
			status = " No kernels are built for it yet."
		}
		f.doc("\t", isa.Const+" is the table of "+isa.Doc+status)
		f.p("\t%s *Table", isa.Const)
	}
	f.p(")\n")
	f.p("// tableVars maps registry ISA names to their table variables.")
	f.p("var tableVars = map[string]**Table{")
	for _, isa := range registry.ISAs[1:] {
		f.p("\t%q: &%s,", isa.Name, isa.Const)
	}
	f.p("}")
	return f.src()
}
