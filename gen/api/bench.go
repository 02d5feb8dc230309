package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
)

// benchLists writes the lists BenchmarkKernels iterates over and the
// hotloop loop of every public kernel; the gonum and vek counterparts are
// written by hand in kernels_bench_test.go, for the kernels they have.
func benchLists() []byte {
	f := newFile("bench", "testing", "github.com/hotloop/hotloop/kernels")
	perType, fixed := public()
	f.p("// kbFloatKernels lists the float kernels and how many T-sized elements")
	f.p("// each one reads or writes per index, for b.SetBytes. ArgMin and ArgMax")
	f.p("// count the data once even though hotloop scans it twice: bytes/s then")
	f.p("// compares implementations on the same work.")
	f.p("var kbFloatKernels = []struct {\n\tname  string\n\telems int64\n}{")
	for _, k := range perType {
		f.p("\t{%q, %d},", k.Name, bytesPerElement(k, registry.Floats[0])/4)
	}
	f.p("}\n")
	f.p("// kbConvKernels lists the conversions, their bytes per element (source")
	f.p("// plus destination) and their source type, the type level of their names.")
	f.p("var kbConvKernels = []struct {\n\tname  string\n\tbytes int64\n\tsrc   string\n}{")
	for _, k := range fixed {
		f.p("\t{%q, %d, %q},", k.Name, bytesPerElement(k, registry.Type{}), source(k))
	}
	f.p("}\n")

	f.p("// kbHotloopFloat returns the loop for one hotloop float kernel; the ISA")
	f.p("// is chosen by the caller through kernels.Use.")
	f.p("func kbHotloopFloat[T float32 | float64](kernel string, in *kbFloatInputs[T]) func(*testing.B) {")
	f.p("\tswitch kernel {")
	ops := byPosition([]string{"in.a", "in.b", "in.c"}, "in.dst")
	for _, k := range perType {
		benchCase(f, k, call("kernels", k, ops))
	}
	f.p("\t}\n\tpanic(\"bench: no hotloop body for \" + kernel)\n}\n")

	f.p("// kbHotloopConv returns the loop for one hotloop conversion.")
	f.p("func kbHotloopConv(kernel string, in *kbConvInputs) func(*testing.B) {")
	f.p("\tswitch kernel {")
	ops = byType(map[string]string{"float32": "in.f32", "float64": "in.f64", "uint8": "in.u8"},
		map[string]string{"float32": "in.d32", "float64": "in.d64", "uint8": "in.du8"}, "in.pix",
		func(g int, dst bool) string { return fmt.Sprintf("kbPixels(in, %d, %v)", g, dst) })
	for _, k := range fixed {
		benchCase(f, k, call("kernels", k, ops))
	}
	f.p("\t}\n\tpanic(\"bench: no hotloop body for \" + kernel)\n}")
	return f.src()
}

// benchCase writes the case of one kernel: scalars declared outside the
// timed loop, an in-place kernel's slice reset first.
func benchCase(f *gofile, k spec.Kernel, expr string) {
	decl, flip := scalarDecls(k)
	f.p("\tcase %q:", k.Name)
	f.p("\t\treturn func(b *testing.B) {")
	if flip != "" {
		f.p("\t\t\tkbResetDst(in)")
	}
	if decl != "" {
		f.p("%s", indent(decl, "\t\t\t"))
	}
	f.p("\t\t\tfor b.Loop() {\n\t\t\t\t%s", expr)
	if flip != "" {
		f.p("%s", indent(flip, "\t\t\t\t"))
	}
	f.p("\t\t\t}\n\t\t}")
}
