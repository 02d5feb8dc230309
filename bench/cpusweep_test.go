package bench

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Honest -cpu sweeps. `go test -bench -cpu 1,2` runs each sub-benchmark
// once through b.Run at whatever GOMAXPROCS the previous sub-benchmark
// left (the last value of the -cpu list), and then again for each -cpu
// value. A benchmark that uses b.Loop does all of its timing in that first
// run, and testing reports it under the first -cpu value's name
// (golang/go#49980): with -cpu 1,2 every "-1" row after the first was in
// fact measured at GOMAXPROCS 2, so parallel kernels showed a 2x speedup
// on "one core". A loop over b.N is timed again at the right GOMAXPROCS,
// so the benchmarks whose speed depends on GOMAXPROCS use sweepTimer and
// b.N instead of b.Loop.

// sweepTimer times the b.N loop that follows start and reports, as the
// "cores" metric, the process's CPU time over the wall time of that loop:
// about 1 for a serial kernel, up to GOMAXPROCS for a parallel one, and
// never more than GOMAXPROCS (plus noise) when a row means what its name
// says.
type sweepTimer struct {
	wall time.Time
	cpu  time.Duration
	ok   bool
}

// startSweep resets b's timer and starts measuring CPU time.
func startSweep(b *testing.B) sweepTimer {
	b.ResetTimer()
	cpu, ok := processCPU()
	return sweepTimer{wall: time.Now(), cpu: cpu, ok: ok}
}

// stop reports the cores metric of the loop since startSweep.
func (s sweepTimer) stop(b *testing.B) {
	b.StopTimer()
	cpu, ok := processCPU()
	wall := time.Since(s.wall)
	if s.ok && ok && wall > 0 {
		b.ReportMetric(float64(cpu-s.cpu)/float64(wall), "cores")
	}
	if os.Getenv(sweepCheckEnv) != "" {
		// For the test only: what GOMAXPROCS the loop really ran at,
		// which other processes' load cannot blur as it blurs cores.
		b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
	}
}

// sweepCheckEnv makes benchmarks report the procs metric, for
// TestCPUSweepUsesOneCoreAtCPU1's child process.
const sweepCheckEnv = "HOTLOOP_SWEEP_CHECK"

// TestCPUSweepUsesOneCoreAtCPU1 runs BenchmarkParallel's Sum 4M rows in a
// child process with -cpu 1,2 (the serial row first, so that the parallel
// row's first run inherits GOMAXPROCS 2, the case golang/go#49980 gets
// wrong) and checks that every -cpu 1 row ran at GOMAXPROCS 1 and used at
// most one core. On a machine busy with other processes the cores check
// alone could pass a row timed at GOMAXPROCS 2 (its helpers would get
// little CPU), so the child also reports the GOMAXPROCS of the loop.
func TestCPUSweepUsesOneCoreAtCPU1(t *testing.T) {
	if testing.Short() {
		t.Skip("runs benchmarks in a child process")
	}
	if runtime.NumCPU() < 2 {
		t.Skip("needs 2 CPUs for -cpu 2 to differ from -cpu 1")
	}
	if _, ok := processCPU(); !ok {
		t.Skip("no process CPU time on this OS")
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^$", "-test.bench", "^BenchmarkParallel$/^Sum$/^float32$/^4M$/",
		"-test.cpu", "1,2", "-test.count", "2", "-test.benchtime", "300x")
	cmd.Env = append(os.Environ(), sweepCheckEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	rows := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || !strings.HasPrefix(f[0], "BenchmarkParallel/") {
			continue
		}
		cores, procs := -1.0, -1.0
		for i := 1; i+1 < len(f); i++ {
			switch f[i+1] {
			case "cores":
				cores, _ = strconv.ParseFloat(f[i], 64)
			case "procs":
				procs, _ = strconv.ParseFloat(f[i], 64)
			}
		}
		if cores < 0 || procs < 0 {
			t.Fatalf("no cores or procs metric in %q", sc.Text())
		}
		rows++
		t.Logf("%s: %.2f cores, GOMAXPROCS %v", f[0], cores, procs)
		// A name without a -N suffix is a -cpu 1 row. 1.15 leaves room
		// for the odd runtime thread (a page fault, the scavenger).
		if !strings.Contains(f[0][strings.LastIndex(f[0], "/"):], "-") && (procs != 1 || cores > 1.15) {
			t.Errorf("%s ran at GOMAXPROCS %v on %.2f cores at -cpu 1", f[0], procs, cores)
		}
	}
	if rows != 8 {
		t.Fatalf("%d benchmark rows, want 8:\n%s", rows, out)
	}
}
