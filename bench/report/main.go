// Command report runs hotloop's benchmark suites and writes a report,
// benchmarks.md with tables and SVG charts, to a folder (docs/ by
// default): SIMD against pure Go per kernel and ISA, hotloop against gonum
// and vek, parallel scaling against cores, and the pixel kernels against
// Pillow measured in the same run (when python3 with Pillow and numpy is
// installed) and Go's image libraries. Run it from the bench module:
//
//	go run ./report                  # the whole report, about 25 minutes
//	go run ./report -count 3 -quick  # a shorter run: fewer kernels and sizes
//	go run ./report -from ../docs/raw  # redraw from saved raw output
//
// Each suite's raw `go test -bench` output is saved under <out>/raw/, in
// the format benchstat reads, so any table can be checked or compared
// with another run (benchstat old.txt new.txt). The figures are medians
// over -count runs on whatever machine runs the report; the report names
// the CPU, the Go version, the commit and the load average before and
// after, because shared machines are noisy.
//
// `make report` in the repository root runs this.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

func main() {
	out := flag.String("out", "../docs", "folder for benchmarks.md, its charts and raw/")
	count := flag.Int("count", 5, "runs of each benchmark (-test.count); the tables show medians")
	benchtime := flag.String("benchtime", "300ms", "-test.benchtime of each run")
	quick := flag.Bool("quick", false, "time fewer kernels and sizes (a few minutes)")
	from := flag.String("from", "", "read the raw outputs saved in this folder instead of running the suites")
	flag.Parse()
	if err := run(*out, *from, *count, *benchtime, *quick); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// A suite is one benchmark run whose output is saved as raw/<name>.txt.
type suite struct {
	name string
	args []string // test binary flags; nil for the Pillow script
}

// suites lists the runs; the kernel and pixel suites run at the machine's
// GOMAXPROCS, the parallel suite sweeps -cpu from 1 to every core.
func suites(count int, benchtime string, quick bool) []suite {
	common := []string{"-test.run", "^$", "-test.count", strconv.Itoa(count), "-test.benchtime", benchtime, "-test.timeout", "0"}
	kernelPattern, sizes := "^BenchmarkKernels$", "4K,4M"
	parallelPattern := "^BenchmarkParallel$/(Sum|Dot|Add|Uint8ToFloat32)/(float32|uint8)/(256K|4M|64M)/"
	pixelPattern := "^BenchmarkPixel$"
	if quick {
		kernelPattern = "^BenchmarkKernels$/(Add|Scale|Sum|Dot|Min|Uint8ToFloat32|RGBToGray)/(float32|uint8)/"
		parallelPattern = "^BenchmarkParallel$/(Sum|Uint8ToFloat32)/(float32|uint8)/(256K|4M)/"
		pixelPattern = "^BenchmarkPixel$/(Convert/RGB-L|Resize/320x200/(bicubic|box)|Resize/64x64)/"
	}
	return []suite{
		{"kernels", append([]string{"-test.bench", kernelPattern, "-kernels.sizes", sizes}, common...)},
		{"parallel", append([]string{"-test.bench", parallelPattern, "-test.cpu", cpuSweep(runtime.NumCPU())}, common...)},
		{"pixel", append([]string{"-test.bench", pixelPattern}, common...)},
		{"pillow", nil},
	}
}

// cpuSweep is 1, 2, 4, ... up to n, and n.
func cpuSweep(n int) string {
	var ps []int
	for p := 1; p < n; p *= 2 {
		ps = append(ps, p)
	}
	return joinInts(append(ps, n))
}

func run(out, from string, count int, benchtime string, quick bool) error {
	raw := filepath.Join(out, "raw")
	var m machine
	if from == "" {
		if err := os.MkdirAll(raw, 0o755); err != nil {
			return err
		}
		m = describeMachine()
		bin, cleanup, err := buildBench()
		if err != nil {
			return err
		}
		defer cleanup()
		for _, s := range suites(count, benchtime, quick) {
			fmt.Fprintf(os.Stderr, "report: running %s\n", s.name)
			var text []byte
			if s.args == nil {
				text, err = runPillow(count)
				if err != nil {
					// Pillow is optional: the pixel table then has no Pillow column.
					fmt.Fprintf(os.Stderr, "report: Pillow's figures skipped: %v\n", err)
					continue
				}
			} else if text, err = runCommand(bin, s.args...); err != nil {
				return fmt.Errorf("suite %s: %v\n%s", s.name, err, tail(text))
			}
			if err := os.WriteFile(filepath.Join(raw, s.name+".txt"), text, 0o644); err != nil {
				return err
			}
		}
		m.loadAfter = loadAverage()
		if err := os.WriteFile(filepath.Join(raw, "machine.txt"), []byte(m.String()), 0o644); err != nil {
			return err
		}
	} else {
		raw = from
		text, err := os.ReadFile(filepath.Join(raw, "machine.txt"))
		if err != nil {
			return err
		}
		m = parseMachine(string(text))
	}
	return writeReport(out, raw, m)
}

// writeReport reads the raw outputs in raw and writes benchmarks.md and
// its charts to out.
func writeReport(out, raw string, m machine) error {
	d := &doc{dir: out}
	d.h1("hotloop benchmarks")
	d.p("Written by `make report` (`bench/report`); the raw `go test -bench` output is in [raw/](raw/), " +
		"readable by benchstat. Medians of every run of each benchmark.")
	d.table([]string{"machine", ""}, m.rows())
	read := func(name string) (*results, error) {
		f, err := os.Open(filepath.Join(raw, name+".txt"))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return parse(f)
	}
	kern, err := read("kernels")
	if err != nil {
		return err
	}
	if err := kernelSections(d, kern); err != nil {
		return err
	}
	par, err := read("parallel")
	if err != nil {
		return err
	}
	if err := parallelSection(d, par); err != nil {
		return err
	}
	pix, err := read("pixel")
	if err != nil {
		return err
	}
	if pil, err := read("pillow"); err == nil {
		pix.merge(pil)
	}
	if err := pixelSection(d, pix); err != nil {
		return err
	}
	return d.write("benchmarks.md")
}

// buildBench compiles the bench module's test binary once, so every suite
// runs the same code.
func buildBench() (bin string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "hotloop-report")
	if err != nil {
		return "", nil, err
	}
	bin = filepath.Join(dir, "bench.test")
	if text, err := runCommand("go", "test", "-c", "-o", bin, "."); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("building the benchmarks: %v\n%s", err, text)
	}
	return bin, func() { os.RemoveAll(dir) }, nil
}

// runPillow runs testdata/pil_pixel.py, which prints its timings as
// benchmark lines (Pixel/<operation>/pillow).
func runPillow(count int) ([]byte, error) {
	python := "python3"
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		python = "/usr/bin/python3" // Debian's, with python3-pil, ahead of any pyenv shim
	}
	return runCommand(python, "testdata/pil_pixel.py", strconv.Itoa(count))
}

func runCommand(name string, args ...string) ([]byte, error) {
	var buf bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout = &buf
	cmd.Stderr = os.Stderr
	err := cmd.Run()
	return buf.Bytes(), err
}

func tail(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-20):], "\n")
}

// merge adds other's results and configuration to rs.
func (rs *results) merge(other *results) {
	for _, name := range other.order {
		if !slices.Contains(rs.order, name) {
			rs.order = append(rs.order, name)
		}
	}
	for k, v := range other.byKey {
		rs.byKey[k] = v
	}
	for k, v := range other.config {
		if _, ok := rs.config[k]; !ok {
			rs.config[k] = v
		}
	}
}
