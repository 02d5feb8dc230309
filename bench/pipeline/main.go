//go:build unix

// Command pipeline times the seeds' image pipeline, a folder of images to
// one N×H×W×3 uint8 array (Image.open(p).convert("RGB").resize((W, H))
// stacked), in each of its forms on the same files, one after another,
// and prints a Markdown table:
//
//   - hotloop: dataset.Load, Exact and Fast, on 1 and N workers;
//   - Go's standard library: image.Decode (image/jpeg, image/png and the
//     rest) and golang.org/x/image/draw's BiLinear and ApproxBiLinear
//     scalers, sequential and on N goroutines (what Go users write today);
//   - Pillow: testdata/pil_pipeline.py, sequential and with
//     ProcessPoolExecutor(N), when /usr/bin/python3 has PIL and numpy.
//
// Each mode runs -rounds times, the modes interleaved round by round so
// that a change in the machine's load touches all of them alike; the
// table gives medians of images per second (wall) and of CPU milliseconds
// per image (the process's user and system time, children included for
// Pillow's pool). The sequential and one-worker modes run with
// GOMAXPROCS=1, on one core as Pillow's sequential run. It also checks
// that hotloop's Exact array equals Pillow's, byte for byte.
//
//	cd bench && go run ./pipeline -rounds 3 DIR
package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	xdraw "golang.org/x/image/draw"

	"github.com/hotloop/hotloop/bench/internal/host"
	"github.com/hotloop/hotloop/dataset"
	"github.com/hotloop/hotloop/npy"
)

func main() {
	rounds := flag.Int("rounds", 3, "runs of each mode")
	size := flag.String("size", "64x64", "target WxH")
	workers := flag.Int("workers", runtime.NumCPU(), "workers of the parallel modes")
	pillow := flag.Bool("pillow", true, "also run Pillow (testdata/pil_pipeline.py with /usr/bin/python3)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pipeline [flags] DIR")
		os.Exit(2)
	}
	w, h, err := parseSize(*size)
	if err != nil {
		fail(err)
	}
	paths, err := dataset.Walk(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	if len(paths) == 0 {
		// Rates and the byte comparison would be meaningless.
		fail(fmt.Errorf("no images found in %s", flag.Arg(0)))
	}
	n := *workers
	// The sequential modes run with GOMAXPROCS=1: on one core, as Pillow's
	// sequential run. With an idle P the runtime wakes another thread at
	// each preemption of the lone goroutine (every 10 ms), which may take
	// the goroutine to the other core: hotloop's Fast run took about 6%
	// longer so on a 2-vCPU Zen 4 (median of 6 interleaved pairs).
	modes := []mode{
		{"hotloop Exact, 1 worker", true, func() ([]byte, error) { return hotloop(paths, w, h, 1, false) }},
		{fmt.Sprintf("hotloop Exact, %d workers", n), false, func() ([]byte, error) { return hotloop(paths, w, h, n, false) }},
		{"hotloop Fast, 1 worker", true, func() ([]byte, error) { return hotloop(paths, w, h, 1, true) }},
		{fmt.Sprintf("hotloop Fast, %d workers", n), false, func() ([]byte, error) { return hotloop(paths, w, h, n, true) }},
		{"image.Decode + x/image/draw BiLinear, sequential", true, func() ([]byte, error) { return standard(paths, w, h, 1, xdraw.BiLinear) }},
		{fmt.Sprintf("image.Decode + x/image/draw BiLinear, %d goroutines", n), false, func() ([]byte, error) { return standard(paths, w, h, n, xdraw.BiLinear) }},
		{"image.Decode + x/image/draw ApproxBiLinear, sequential", true, func() ([]byte, error) { return standard(paths, w, h, 1, xdraw.ApproxBiLinear) }},
		{fmt.Sprintf("image.Decode + x/image/draw ApproxBiLinear, %d goroutines", n), false, func() ([]byte, error) { return standard(paths, w, h, n, xdraw.ApproxBiLinear) }},
	}
	results := map[string][]sample{}
	var order []string
	add := func(name string, s sample) {
		if _, ok := results[name]; !ok {
			order = append(order, name)
		}
		results[name] = append(results[name], s)
	}
	tmp, err := os.MkdirTemp("", "pipeline")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	var exact []byte
	procs0 := runtime.GOMAXPROCS(0)
	for r := 0; r < *rounds; r++ {
		for _, m := range modes {
			runtime.GC()
			if m.sequential {
				runtime.GOMAXPROCS(1)
			}
			c0, t0 := cpuTime(), time.Now()
			out, err := m.run()
			runtime.GOMAXPROCS(procs0)
			if err != nil {
				fail(fmt.Errorf("%s: %w", m.name, err))
			}
			add(m.name, sample{time.Since(t0).Seconds(), cpuTime() - c0})
			if m.name == modes[0].name {
				exact = out
			}
		}
		if *pillow {
			lines, err := runPillow(flag.Arg(0), *size, n, filepath.Join(tmp, "pil"))
			if err != nil {
				fmt.Fprintln(os.Stderr, "pipeline: Pillow not run:", err)
				*pillow = false
				continue
			}
			for _, l := range lines {
				add(l.name, l.sample)
			}
		}
	}
	fmt.Printf("%d images from %s to %dx%d RGB, %s, %d CPUs, medians of %d rounds; sequential and 1-worker rows at GOMAXPROCS=1\n\n", len(paths), flag.Arg(0), w, h, host.CPUName(), runtime.NumCPU(), *rounds)
	fmt.Println("| pipeline | images/s | CPU ms per image |")
	fmt.Println("|---|---|---|")
	for _, name := range order {
		s := results[name]
		wall := median(s, func(x sample) float64 { return x.wall })
		cpu := median(s, func(x sample) float64 { return x.cpu })
		fmt.Printf("| %s | %.1f | %.1f |\n", name, float64(len(paths))/wall, 1000*cpu/float64(len(paths)))
	}
	if *pillow {
		f, err := os.Open(filepath.Join(tmp, "pil.npy"))
		if err != nil {
			fail(err)
		}
		_, want, err := npy.Read[uint8](f)
		f.Close()
		if err != nil {
			fail(err)
		}
		diff := 0
		for i := range want {
			if i >= len(exact) || want[i] != exact[i] {
				diff++
			}
		}
		fmt.Printf("\nhotloop Exact against Pillow: %d of %d bytes differ\n", diff, len(want))
	}
}

type mode struct {
	name       string
	sequential bool // run with GOMAXPROCS=1
	run        func() ([]byte, error)
}

type sample struct{ wall, cpu float64 }

func median(s []sample, f func(sample) float64) float64 {
	v := make([]float64, len(s))
	for i, x := range s {
		v[i] = f(x)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func hotloop(paths []string, w, h, workers int, fast bool) ([]byte, error) {
	opts := []dataset.Option{dataset.Size(w, h), dataset.Workers(workers)}
	if fast {
		opts = append(opts, dataset.Fast())
	}
	b, err := dataset.Load(context.Background(), paths, opts...)
	if err != nil {
		return nil, err
	}
	return b.Uint8, nil
}

// standard is the pipeline written with Go's standard decoders and
// x/image/draw: decode, scale into an RGBA image of the target size, copy
// the RGB bytes into the batch.
func standard(paths []string, w, h, workers int, scaler xdraw.Scaler) ([]byte, error) {
	out := make([]byte, len(paths)*w*h*3)
	var next sync.Mutex
	i := 0
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := image.NewRGBA(image.Rect(0, 0, w, h))
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= len(paths) {
					return
				}
				f, err := os.Open(paths[j])
				if err != nil {
					errs[k] = err
					return
				}
				src, _, err := image.Decode(f)
				f.Close()
				if err != nil {
					errs[k] = fmt.Errorf("%s: %w", paths[j], err)
					return
				}
				scaler.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
				o := out[j*w*h*3:]
				for p := 0; p < w*h; p++ {
					copy(o[3*p:3*p+3], dst.Pix[4*p:4*p+3])
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

type pillowLine struct {
	name string
	sample
}

// runPillow runs testdata/pil_pipeline.py, which prints "mode wall cpu"
// lines and saves its sequential array to prefix.npy.
func runPillow(dir, size string, workers int, prefix string) ([]pillowLine, error) {
	out, err := exec.Command("/usr/bin/python3", "testdata/pil_pipeline.py", dir, size, strconv.Itoa(workers), prefix).Output()
	if err != nil {
		return nil, err
	}
	var lines []pillowLine
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(l)
		if len(f) != 3 {
			return nil, fmt.Errorf("unexpected line %q", l)
		}
		wall, err1 := strconv.ParseFloat(f[1], 64)
		cpu, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("unexpected line %q", l)
		}
		name := "Pillow 9.4 + numpy, sequential"
		if strings.HasPrefix(f[0], "pillow-processpool-") {
			name = fmt.Sprintf("Pillow 9.4 + numpy, ProcessPoolExecutor(%d)", workers)
		}
		lines = append(lines, pillowLine{name, sample{wall, cpu}})
	}
	return lines, nil
}

func cpuTime() float64 {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	sec := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return sec(self.Utime) + sec(self.Stime) + sec(children.Utime) + sec(children.Stime)
}

func parseSize(s string) (int, int, error) {
	ws, hs, ok := strings.Cut(s, "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w <= 0 || h <= 0 {
		return 0, 0, fmt.Errorf("size %q is not WxH", s)
	}
	return w, h, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pipeline:", err)
	os.Exit(1)
}
