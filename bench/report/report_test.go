package main

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportFromCannedRuns writes the report from the small raw outputs in
// testdata (hand-written with round numbers) and checks the medians and
// ratios it prints, and that every chart is well-formed SVG.
func TestReportFromCannedRuns(t *testing.T) {
	out := t.TempDir()
	text, err := os.ReadFile("testdata/machine.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := writeReport(out, "testdata", parseMachine(string(text))); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, "benchmarks.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| cpu | Test CPU |",
		// median of 1000, 1200 and 900 ns; avx2 4x, avx512 8x faster.
		"| Sum | float32 | 1 µs | 4.00x | 8.00x |",
		"| Sum | float64 | 2 µs | 2.50x | – |",
		"| Scale | float32 | 3 µs | 3.00x | 5.00x |",
		"| Sum | float32 | 250 ns | 2.00x (gonum) | 1.50x (vek32) |",
		"| Scale | float32 | 1 µs | 1.50x (gonum-inplace) | – |",
		// 4M: vek's line is malformed and ignored.
		"| Sum | float32 | 500 µs | 0.80x (gonum) | – |",
		// serial at -cpu 1 over the median parallel time (4000, 6000).
		"| Sum float32 256K | 10 µs | 1.00x (1.00) | 2.00x (1.80) |",
		"| Convert/RGB-L | 1000 | 400 | 4000 | 100 | – | 4.00x |",
		"| Resize/320x200/bicubic | 150 | 300 | 1500 | – | 50 | 10.00x |",
		"![", "kernels-speedup-4k.svg", "kernels-vs-libraries-4m.svg", "parallel-scaling.svg", "pixel.svg",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("benchmarks.md lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("benchmarks.md:\n%s", md)
	}
	charts, _ := filepath.Glob(filepath.Join(out, "*.svg"))
	if len(charts) != 6 {
		t.Errorf("%d charts written, want 6: %v", len(charts), charts)
	}
	for _, c := range charts {
		checkSVG(t, c)
	}
}

func checkSVG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", path, err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("%s: root element %q, want svg", path, root)
	}
}

func TestParse(t *testing.T) {
	rs, err := parse(strings.NewReader(`goos: linux
hotloop-active: avx2
Some Prose: not config
BenchmarkA/b/gonum-inplace 10 5 ns/op
BenchmarkA/b/gonum-inplace-4 10 7 ns/op 2 MB/s
BenchmarkA/b/gonum-inplace-4 10 9 ns/op 4 MB/s
BenchmarkOdd 10 5 ns/op 3
BenchmarkNotANumber 10 x ns/op
`))
	if err != nil {
		t.Fatal(err)
	}
	if rs.config["goos"] != "linux" || rs.config["hotloop-active"] != "avx2" || len(rs.config) != 2 {
		t.Errorf("config %v", rs.config)
	}
	if got := rs.procsOf("A/b/gonum-inplace"); len(got) != 2 || got[0] != 1 || got[1] != 4 {
		t.Errorf("procs %v, want [1 4]", got)
	}
	if v, _ := rs.median("A/b/gonum-inplace", 4, "ns/op"); v != 8 {
		t.Errorf("median ns/op at 4: %v, want 8", v)
	}
	if v, _ := rs.median("A/b/gonum-inplace", 4, "MB/s"); v != 3 {
		t.Errorf("median MB/s at 4: %v, want 3", v)
	}
	if _, ok := rs.median("Odd", 1, "ns/op"); ok {
		t.Error("a line with an odd field count was read")
	}
	if _, ok := rs.median("NotANumber", 1, "ns/op"); ok {
		t.Error("a line with a non-numeric value was read")
	}
}

func TestCPUSweep(t *testing.T) {
	for n, want := range map[int]string{1: "1", 2: "1,2", 6: "1,2,4,6", 16: "1,2,4,8,16"} {
		if got := cpuSweep(n); got != want {
			t.Errorf("cpuSweep(%d) = %q, want %q", n, got, want)
		}
	}
}
