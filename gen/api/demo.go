package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
)

// demoLists writes the kernels `hotloop demo` times: every public kernel,
// bound to the demo's inputs, as a serial call (package kernels) and as its
// parallel twin (package parallel).
func demoLists() []byte {
	f := newFile("main", "github.com/hotloop/hotloop/kernels", "github.com/hotloop/hotloop/parallel")
	perType, fixed := public()
	f.p("// floatKernels lists the public float kernels for T; get picks T's inputs.")
	f.p("func floatKernels[T float32 | float64](typ string, get func(*demoInputs) *floatInputs[T]) []demoKernel {")
	f.p("\treturn []demoKernel{")
	ops := byPosition([]string{"x.a", "x.b", "x.c"}, "x.dst")
	for _, k := range perType {
		f.p("\t\tfloatDemo(%q, typ, %d, get,", k.Name, bytesPerElement(k, registry.Floats[0])/4)
		for _, pkg := range []string{"kernels", "parallel"} {
			f.p("\t\t\tfunc(x *floatInputs[T]) func() {")
			demoBody(f, k, call(pkg, k, ops))
			f.p("\t\t\t},")
		}
		f.p("\t\t),")
	}
	f.p("\t}\n}\n")

	f.p("// convKernels lists the conversions; the type column names the source.")
	f.p("func convKernels() []demoKernel {")
	f.p("\treturn []demoKernel{")
	cops := byType(map[string]string{"float32": "in.f32().a", "float64": "in.f64().a", "uint8": "in.u8()"},
		map[string]string{"float32": "in.f32().dst", "float64": "in.f64().dst", "uint8": "in.u8dst()"}, "in.pix()",
		func(g int, dst bool) string { return fmt.Sprintf("in.pixels(%d, %v)", g, dst) })
	for _, k := range fixed {
		f.p("\t\tconvDemo(%q, %q, %d,", k.Name, source(k), bytesPerElement(k, registry.Type{}))
		for _, pkg := range []string{"kernels", "parallel"} {
			f.p("\t\t\tfunc(in *demoInputs) func() {")
			demoBody(f, k, call(pkg, k, cops))
			f.p("\t\t\t},")
		}
		f.p("\t\t),")
	}
	f.p("\t}\n}")
	return f.src()
}

// demoBody writes the binding of one call: scalars and operands are
// evaluated once, the returned closure is what the demo times.
func demoBody(f *gofile, k spec.Kernel, expr string) {
	decl, flip := scalarDecls(k)
	if decl != "" {
		f.p("%s", indent(decl, "\t\t\t\t"))
	}
	f.p("\t\t\t\treturn func() {\n\t\t\t\t\t%s", sink(k, expr, "sinkF", "sinkI"))
	if flip != "" {
		f.p("%s", indent(flip, "\t\t\t\t\t"))
	}
	f.p("\t\t\t\t}")
}
