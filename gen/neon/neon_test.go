package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/spec"
)

// TestLayout pins argument offsets and frame sizes that go vet's asmdecl
// also checks (GOARCH=arm64 go vet ./asm), so a layout bug shows here first.
func TestLayout(t *testing.T) {
	for _, c := range []struct {
		kernel string
		typ    spec.Type
		size   int
		args   map[string]int
	}{
		{"Add", spec.Float32, 72, map[string]int{"dst_base": 0, "a_len": 32, "b_cap": 64}},
		{"AddConst", spec.Float32, 52, map[string]int{"c": 48}},
		{"AddConst", spec.Float64, 56, map[string]int{"c": 48}},
		{"Axpy", spec.Float32, 56, map[string]int{"alpha": 0, "x_base": 8, "y_base": 32}},
		{"Sum", spec.Float32, 28, map[string]int{"ret": 24}},
		{"Sum", spec.Float64, 32, map[string]int{"ret": 24}},
		{"Index", spec.Float32, 40, map[string]int{"v": 24, "ret": 32}},
		{"Uint8ToFloat32", spec.Type{}, 56, map[string]int{"scale": 48, "offset": 52}},
	} {
		fr := layout(spec.Lookup(c.kernel), c.typ)
		if fr.size != c.size {
			t.Errorf("%s %s: frame size %d, want %d", c.kernel, c.typ.Go, fr.size, c.size)
		}
		for name, off := range c.args {
			if fr.off[name] != off {
				t.Errorf("%s %s: %s at %d, want %d", c.kernel, c.typ.Go, name, fr.off[name], off)
			}
		}
	}
}

// TestGeneratedUpToDate compares the committed files in asm/ with what the
// generator writes now.
func TestGeneratedUpToDate(t *testing.T) {
	g := generate()
	for path, want := range map[string][]byte{"../../asm/neon_arm64.s": g.asm, "../../asm/neon_stubs_arm64.go": g.stubs} {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run make generate", path)
		}
	}
}

// TestEveryKernel checks that the generator covers all of spec (but the
// kernels registered for another architecture only), and that its report
// is deterministic and has a main loop for every kernel.
func TestEveryKernel(t *testing.T) {
	g := generate()
	want := 2 * len(spec.FloatKernels)
	for _, k := range spec.FixedKernels {
		if k.Arch == "" || k.Arch == "arm64" {
			want++
		}
	}
	if len(g.impls) != want {
		t.Fatalf("%d kernels generated, want %d", len(g.impls), want)
	}
	for _, r := range g.reports {
		if r.insts == 0 || r.elems == 0 {
			t.Errorf("%s %s: no main loop recorded", r.kernel, r.typ)
		}
	}
	if a, b := formatReport(g.reports), formatReport(generate().reports); a != b {
		t.Error("report differs between runs")
	}
	for _, line := range strings.Split(string(g.asm), "\n") {
		if strings.Contains(line, "WORD") && !strings.Contains(line, "// ") {
			t.Errorf("WORD without its Arm syntax: %q", line)
		}
	}
}

// TestLoopCounts pins the NEON emitter's counting: one flag-setting
// instruction between the loops, each moving the count's bias from one
// loop's step to the next.
func TestLoopCounts(t *testing.T) {
	for _, c := range []struct {
		unroll int
		want   []string
	}{
		{2, []string{"SUBS $8, R9, R9", "BLT blocks_done", "blocks:", "block 2", "SUBS $8, R9, R9", "BGE blocks", "blocks_done:",
			"ADDS $4, R9, R9", "BLT vectors_done", "vectors:", "block 1", "SUBS $4, R9, R9", "BGE vectors", "vectors_done:",
			"ADDS $4, R9, R9", "BEQ done", "tail:", "tail", "SUBS $1, R9, R9", "BNE tail", "done:"}},
		{1, []string{"SUBS $4, R9, R9", "BLT vectors_done", "vectors:", "block 1", "SUBS $4, R9, R9", "BGE vectors", "vectors_done:",
			"ADDS $4, R9, R9", "BEQ done", "tail:", "tail", "SUBS $1, R9, R9", "BNE tail", "done:"}},
	} {
		f := &fn{name: "test"}
		f.loop(recipe.Loop{
			Lanes: 4, Unroll: c.unroll,
			Block: func(count int) { f.comment(fmt.Sprintf("block %d", count)) },
			Tail:  func() { f.comment("tail") },
		})
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(f.b.String()), "\n") {
			got = append(got, strings.TrimPrefix(strings.TrimSpace(line), "// "))
		}
		if strings.Join(got, "; ") != strings.Join(c.want, "; ") {
			t.Errorf("unroll %d:\n got %q\nwant %q", c.unroll, got, c.want)
		}
		if f.loopElems != 4*c.unroll {
			t.Errorf("unroll %d: main loop of %d elements, want %d", c.unroll, f.loopElems, 4*c.unroll)
		}
	}
}

// TestRegisterBudget checks that registry's unrolls still fit the fixed
// register layout: elementwise inputs (three at most) and the reduction's
// loads and accumulators below the broadcast constants.
func TestRegisterBudget(t *testing.T) {
	if 3*ewStride > vConst2 {
		t.Errorf("elementwise: three inputs of %d registers overlap V%d", ewStride, vConst2)
	}
	if acc := accs(); acc[len(acc)-1] >= vConst2 {
		t.Errorf("reduction: accumulators V%d..V%d overlap V%d", acc[0], acc[len(acc)-1], vConst2)
	}
}
