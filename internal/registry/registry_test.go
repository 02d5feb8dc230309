package registry

import (
	"strings"
	"testing"
)

// TestKernelsConsistent checks the invariants the generators and tests
// rely on, so that a bad entry fails here with a clear message rather than
// as broken generated code.
func TestKernelsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Kernels {
		if k.Name == "" || strings.ToUpper(k.Name[:1]) != k.Name[:1] {
			t.Errorf("%q: a kernel name is an exported Go name", k.Name)
		}
		if seen[k.Name] {
			t.Errorf("%s: registered twice", k.Name)
		}
		seen[k.Name] = true
		if !strings.HasSuffix(k.Doc, ".") || strings.ToLower(k.Doc[:1]) != k.Doc[:1] {
			t.Errorf("%s: the doc is a sentence after the name, starting with a verb: %q", k.Name, k.Doc)
		}
		if len(k.Slices()) == 0 {
			t.Errorf("%s: no slice parameter", k.Name)
		}
		params := map[string]Param{}
		for _, p := range k.Params {
			if _, dup := params[p.Name]; dup {
				t.Errorf("%s: parameter %s twice", k.Name, p.Name)
			}
			params[p.Name] = p
			if (p.Type == T) != k.PerType && p.Slice {
				t.Errorf("%s: slice %s of type %s in a kernel with PerType %v", k.Name, p.Name, p.Type, k.PerType)
			}
			if p.Slice && !p.In && !p.Out {
				t.Errorf("%s: slice %s is neither read nor written", k.Name, p.Name)
			}
		}
		outs := 0
		for _, p := range k.Params {
			if p.Out {
				outs++
			}
		}
		switch k.Shape {
		case Elementwise, Conversion, Scan, Resample, Block, Row:
			if outs != 1 || k.Result != "" {
				t.Errorf("%s: a %s kernel writes one slice and returns nothing", k.Name, k.Shape)
			}
		default:
			if outs != 0 || k.Result == "" {
				t.Errorf("%s: a %s kernel writes nothing and returns a result", k.Name, k.Shape)
			}
		}
		if k.Shape == Conversion && k.PerType {
			t.Errorf("%s: conversions have fixed types", k.Name)
		}
		if k.API == Generated && k.Shape != Elementwise && k.Shape != Conversion {
			t.Errorf("%s: only elementwise kernels and conversions have generated APIs", k.Name)
		}
		if k.Shape == Scan && (k.API != Internal || k.PerType) {
			t.Errorf("%s: scan kernels have fixed types and hand-written callers (API Internal): no parallel twin can split them", k.Name)
		}
		if k.Shape == Resample && (k.API != Internal || k.PerType || k.Check == "") {
			t.Errorf("%s: resample kernels have fixed types, hand-written callers (API Internal) and a check of their index data", k.Name)
		}
		if k.Shape == Block && (k.API != Internal || k.PerType || k.Check == "") {
			t.Errorf("%s: block kernels have fixed types, hand-written callers (API Internal) and a check of their geometry", k.Name)
		}
		if k.Shape == Row && (k.API != Internal || k.PerType) {
			t.Errorf("%s: row kernels have fixed types and hand-written callers (API Internal)", k.Name)
		}
		if (k.Shape == Composite) == k.Table {
			t.Errorf("%s: composites, and only they, have no table entry", k.Name)
		}
		if k.API == Internal && !k.Table {
			t.Errorf("%s: an internal kernel must be reachable through the table", k.Name)
		}
		for _, name := range k.Fused {
			if _, ok := params[name]; name != "" && !ok {
				t.Errorf("%s: Fused names %s, not a parameter", k.Name, name)
			}
		}
		for _, u := range k.Uses {
			if !seen[u] || !Lookup(u).Table {
				t.Errorf("%s uses %s, which is not a table kernel registered before it", k.Name, u)
			}
		}
	}
}

func TestISAsConsistent(t *testing.T) {
	if ISAs[0].Name != "generic" || ISAs[0].Suffix != "" || ISAs[0].Preference != 0 {
		t.Fatalf("ISAs[0] must be the generic reference, least preferred: %+v", ISAs[0])
	}
	names, prefs := map[string]bool{}, map[int]bool{}
	for _, isa := range ISAs {
		if names[isa.Name] || prefs[isa.Preference] {
			t.Errorf("%s: name or preference %d used twice", isa.Name, isa.Preference)
		}
		names[isa.Name], prefs[isa.Preference] = true, true
		if isa.Name != strings.ToLower(isa.Const) {
			t.Errorf("%s: name and Go constant %s disagree", isa.Name, isa.Const)
		}
		if isa.Name == "generic" {
			continue
		}
		if isa.Suffix == "" || isa.GOARCH == "" || len(isa.Features) == 0 || isa.VectorBytes == 0 {
			t.Errorf("%s: an assembly ISA needs a suffix, a GOARCH, cpuid features and a vector width", isa.Name)
		}
		for _, size := range []int{4, 8} {
			if l := isa.Lanes(size); l < 2 || l&(l-1) != 0 {
				t.Errorf("%s: %d lanes of %d bytes: the folds need a power of two", isa.Name, l, size)
			}
		}
	}
}

func TestTree(t *testing.T) {
	got := Tree(8)
	want := [][2]int{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {4, 6}, {0, 4}}
	if len(got) != len(want) {
		t.Fatalf("Tree(8) = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Tree(8) = %v, want %v", got, want)
		}
	}
	// Every accumulator but the first is folded in exactly once.
	for n := 1; n <= 16; n++ {
		used := map[int]int{}
		for _, p := range Tree(n) {
			used[p[1]]++
		}
		if len(used) != n-1 || used[0] != 0 {
			t.Errorf("Tree(%d) = %v does not fold every accumulator into the first once", n, Tree(n))
		}
	}
}
