package main

import (
	"bytes"
	"runtime"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// runCmd runs the command line in-process and returns its exit status
// and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		code     int
		inStdout bool
		want     string
	}{
		{nil, exitUsage, false, "Usage: hotloop <command>"},
		{[]string{"help"}, exitOK, true, "Usage: hotloop <command>"},
		{[]string{"-h"}, exitOK, true, "demo"},
		{[]string{"help", "demo"}, exitOK, true, "-kernels"},
		{[]string{"help", "cpu"}, exitOK, true, "Usage: hotloop cpu"},
		{[]string{"help", "nope"}, exitUsage, false, `unknown command "nope"`},
		{[]string{"frobnicate"}, exitUsage, false, `unknown command "frobnicate"`},
		{[]string{"cpu", "extra"}, exitUsage, false, "takes no arguments"},
		{[]string{"demo", "-nosuchflag"}, exitUsage, false, "-nosuchflag"},
		{[]string{"demo", "-sizes", "0"}, exitUsage, false, "bad size"},
		{[]string{"demo", "-sizes", "4X"}, exitUsage, false, "bad size"},
		{[]string{"demo", "-kernels", "Sum,Nope"}, exitUsage, false, `unknown kernel "Nope"`},
		{[]string{"demo", "-sections", "nope"}, exitUsage, false, `unknown section "nope"`},
		{[]string{"demo", "stray"}, exitUsage, false, "unexpected arguments"},
	} {
		code, stdout, stderr := runCmd(t, tc.args...)
		got := stderr
		if tc.inStdout {
			got = stdout
		}
		if code != tc.code || !strings.Contains(got, tc.want) {
			t.Errorf("hotloop %q: exit %d, want %d with %q in output\nstdout:\n%s\nstderr:\n%s",
				tc.args, code, tc.code, tc.want, stdout, stderr)
		}
	}
}

func TestCPU(t *testing.T) {
	code, out, stderr := runCmd(t, "cpu")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []string{
		"brand", "caches", "GOOS/GOARCH", runtime.GOOS + "/" + runtime.GOARCH, "GOMAXPROCS", "purego tag",
		"supported", "generic", "active", kernels.Active().String(), "reason", kernels.ActiveReason(),
	}
	if runtime.GOARCH == "amd64" {
		want = append(want, "AVX2", "FMA3", "AVX512F", "SSE4.2")
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestDemoQuick(t *testing.T) {
	before := kernels.Active()
	code, out, stderr := runCmd(t, "demo", "-quick", "-sizes", "64,1K")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if kernels.Active() != before {
		t.Errorf("demo left the kernels on %s, want %s", kernels.Active(), before)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.Contains(out, "generic") || !strings.Contains(out, "speedup") && before != kernels.Generic {
		t.Errorf("header missing:\n%s", out)
	}
	// Every kernel at every type and size has a row, with a timing unit.
	rows := map[string]bool{}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) >= 4 && (strings.Contains(l, " ns") || strings.Contains(l, " µs")) {
			rows[f[0]+"/"+f[1]+"/"+f[2]] = true
		}
	}
	for _, k := range allDemoKernels() {
		for _, size := range []string{"64", "1K"} {
			if key := k.name + "/" + k.typ + "/" + size; !rows[key] {
				t.Errorf("no row for %s in:\n%s", key, out)
			}
		}
	}
}

func TestDemoFilter(t *testing.T) {
	code, out, stderr := runCmd(t, "demo", "-quick", "-sizes", "256", "-kernels", "dot,Uint8ToFloat32")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Dot  ", "float32", "float64", "Uint8ToFloat32"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, not := range []string{"Sum", "Add", "Float32To64"} {
		if strings.Contains(out, not) {
			t.Errorf("filtered output has %q:\n%s", not, out)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int{"1": 1, "4096": 4096, "4K": 4096, "4k": 4096, "256K": 256 << 10, "4M": 4 << 20, "32M": 32 << 20} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "K", "4G", "33M", "1.5K"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) succeeded", in)
		}
	}
	for n, want := range map[int]string{64: "64", 1000: "1000", 4096: "4K", 4 << 20: "4M", 1536: "1536"} {
		if got := sizeName(n); got != want {
			t.Errorf("sizeName(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTableAlignment(t *testing.T) {
	tb := newTable("name", "ns")
	tb.leftAlign(0)
	tb.row("Sum", "5")
	tb.row("Distance", "12345")
	var b bytes.Buffer
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "name         ns\n" +
		"Sum           5\n" +
		"Distance  12345\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestNsPerOp(t *testing.T) {
	calls := 0
	ns := nsPerOp(func() { calls++ }, 2e6) // 2 ms
	if ns <= 0 || ns > 1e6 || calls < 100 {
		t.Errorf("nsPerOp of an empty call: %v ns, %d calls", ns, calls)
	}
}
