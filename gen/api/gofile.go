package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
)

// gofile accumulates one Go source file.
type gofile struct{ bytes.Buffer }

func newFile(pkg string, imports ...string) *gofile {
	f := &gofile{}
	f.WriteString(header)
	fmt.Fprintf(f, "package %s\n\n", pkg)
	if len(imports) > 0 {
		f.WriteString("import (\n")
		for _, im := range imports {
			fmt.Fprintf(f, "%q\n", im)
		}
		f.WriteString(")\n\n")
	}
	return f
}

func (f *gofile) p(format string, args ...any) { fmt.Fprintf(f, format+"\n", args...) }

// doc writes text as a // comment wrapped at about 76 columns.
func (f *gofile) doc(indent, text string) {
	for _, para := range strings.Split(text, "\n\n") {
		if para != strings.Split(text, "\n\n")[0] {
			f.p("%s//", indent)
		}
		line := ""
		for _, w := range strings.Fields(para) {
			if line != "" && len(line)+1+len(w) > 74 {
				f.p("%s// %s", indent, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		if line != "" {
			f.p("%s// %s", indent, line)
		}
	}
}

func (f *gofile) src() []byte { return f.Bytes() }

// lower returns name with its first letter in lower case.
func lower(name string) string { return spec.LowerName(name) }

// typeParam is the element type name used by generated generic code.
var typeParam = registry.Type{Go: "T"}

// params returns k's Go parameter list with T as the element type.
func params(k spec.Kernel) string {
	s := k.Signature(typeParam)
	s = strings.TrimPrefix(s, "func(")
	return s[:strings.Index(s, ")")]
}

// lenCheck returns the call that checks k's slice lengths, or "".
func lenCheck(pkg string, k spec.Kernel) string {
	s := k.Slices()
	if len(s) < 2 {
		return ""
	}
	if grouped(k) {
		if len(s) != 2 {
			panic(fmt.Sprintf("registry: %s: grouped slices are supported in kernels of two slices", k.Name))
		}
		g := groups(k)
		return fmt.Sprintf("check.Groups2(%q, %q, len(%s), %d, len(%s), %d)", pkg+"."+k.Name, strings.Join(s, ","), s[0], g[0], s[1], g[1])
	}
	lens := make([]string, len(s))
	for i, name := range s {
		lens[i] = "len(" + name + ")"
	}
	return fmt.Sprintf("check.Len%d(%q, %q, %s)", len(s), pkg+"."+k.Name, strings.Join(s, ","), strings.Join(lens, ", "))
}

// overlapChecks returns the calls that reject a destination partially
// overlapping an input.
func overlapChecks(pkg string, k spec.Kernel) []string {
	var out []string
	dst := k.Dst()
	for _, in := range k.Inputs() {
		out = append(out, fmt.Sprintf("check.NoPartialOverlap(%q, %s, %s)", pkg+"."+k.Name, dst, in))
	}
	return out
}

// generated returns the kernels whose public functions are generated.
func generated() []spec.Kernel {
	var ks []spec.Kernel
	for _, k := range registry.Kernels {
		if k.API == registry.Generated {
			if k.Shape != registry.Elementwise && k.Shape != registry.Conversion {
				panic(fmt.Sprintf("registry: %s: only elementwise kernels and conversions can have generated APIs, not %s", k.Name, k.Shape))
			}
			ks = append(ks, spec.Kernel{Kernel: k})
		}
	}
	return ks
}

// typeParams is "[T Float]" or "" for fixed-type kernels, with the
// constraint named as in pkg.
func typeParams(k spec.Kernel, constraint string) string {
	if k.PerType {
		return "[T " + constraint + "]"
	}
	return ""
}

// indent prefixes every line of s with tabs.
func indent(s, tabs string) string {
	return tabs + strings.ReplaceAll(s, "\n", "\n"+tabs)
}

// grouped reports whether any slice of k has several elements per index.
func grouped(k spec.Kernel) bool {
	for _, p := range k.Params {
		if p.PerIndex() > 1 {
			return true
		}
	}
	return false
}

// groups returns the elements per index of k's slices, in order.
func groups(k spec.Kernel) []int {
	var g []int
	for _, p := range k.Params {
		if p.Slice {
			g = append(g, p.PerIndex())
		}
	}
	return g
}

// count returns the Go expression of k's index count: the first slice's
// length in groups.
func count(k spec.Kernel) string {
	for _, p := range k.Params {
		if p.Slice {
			if g := p.PerIndex(); g > 1 {
				return fmt.Sprintf("len(%s)/%d", p.Name, g)
			}
			return "len(" + p.Name + ")"
		}
	}
	panic("gen/api: " + k.Name + " has no slice")
}

// times returns "n" or "g*n" for a slice of g elements per index.
func times(g int, n string) string {
	if g == 1 {
		return n
	}
	return fmt.Sprintf("%d*%s", g, n)
}
