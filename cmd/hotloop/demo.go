package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// demoOptions are the parsed flags of hotloop demo.
type demoOptions struct {
	sizes    []int           // element counts, in the order given
	kernels  map[string]bool // kernel names to run, as the kernels spell them; nil: all
	sections map[string]bool // section names to run; nil: all
	target   time.Duration   // wall time aimed at per measurement
	quick    bool
}

// demoEnv is what every section gets: the options and where to print.
type demoEnv struct {
	opts demoOptions
	out  io.Writer
}

// section is one part of the demo, printed under its own title. The demo
// runs demoSections in order; a new comparison (such as serial against
// parallel kernels) is a new entry here and needs nothing else.
type section struct {
	name  string // for -sections
	title string
	run   func(env *demoEnv) error
}

var demoSections = []section{
	{"kernels", "Kernels: generic Go against the active ISA (single thread)", runKernelSection},
	{"parallel", "Parallel: package kernels (one core) against package parallel (all cores)", runParallelSection},
	{"pixel", "Pixels: package pixel, Pillow-exact, generic against the active ISA (single thread)", runPixelSection},
	{"images", "Images: folder to a 64x64 RGB tensor, pure Go against hotloop on one and on all cores", runImageSection},
}

// Measurement time per timing, in normal and -quick mode. 30 ms keeps the
// default demo (36 kernel/type pairs x 3 sizes x 2 ISAs) under 30 s while
// leaving room for three rounds of 10 ms, of which the fastest counts.
const (
	defaultTarget = 30 * time.Millisecond
	quickTarget   = 3 * time.Millisecond
	defaultSizes  = "4K,256K,4M"
	quickSizes    = "4K"
)

// demoFlags declares the demo's flags on a new FlagSet that reports to
// out; the returned function validates and converts them after Parse.
func demoFlags(out io.Writer) (*flag.FlagSet, func() (demoOptions, error)) {
	fs := flag.NewFlagSet("hotloop demo", flag.ContinueOnError)
	fs.SetOutput(out)
	sizes := fs.String("sizes", "", "comma-separated element counts, with K (1024) or M (1048576) suffixes (default "+defaultSizes+"; "+quickSizes+" with -quick)")
	names := fs.String("kernels", "", "comma-separated kernel names to time, e.g. Sum,Dot,Uint8ToFloat32 (default all)")
	secs := fs.String("sections", "", "comma-separated sections to run: "+sectionNames()+" (default all)")
	quick := fs.Bool("quick", false, "short measurements ("+quickTarget.String()+" instead of "+defaultTarget.String()+") and one size: a smoke test, not a benchmark")
	return fs, func() (demoOptions, error) {
		o := demoOptions{quick: *quick, target: defaultTarget}
		sz := *sizes
		if o.quick {
			o.target = quickTarget
			if sz == "" {
				sz = quickSizes
			}
		}
		if sz == "" {
			sz = defaultSizes
		}
		var err error
		if o.sizes, err = parseSizes(sz); err != nil {
			return o, err
		}
		if o.kernels, err = parseNames("kernel", *names, demoKernelNames()); err != nil {
			return o, err
		}
		if o.sections, err = parseNames("section", *secs, strings.Split(sectionNames(), ",")); err != nil {
			return o, err
		}
		return o, nil
	}
}

func runDemo(args []string, stdout, stderr io.Writer) int {
	fs, options := demoFlags(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage // the flag package has printed the error and usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "hotloop demo: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return exitUsage
	}
	opts, err := options()
	if err != nil {
		fmt.Fprintf(stderr, "hotloop demo: %v\n", err)
		return exitUsage
	}
	env := &demoEnv{opts: opts, out: stdout}
	first := true
	for _, s := range demoSections {
		if opts.sections != nil && !opts.sections[s.name] {
			continue
		}
		if !first {
			fmt.Fprintln(stdout)
		}
		first = false
		fmt.Fprintln(stdout, s.title)
		if err := s.run(env); err != nil {
			fmt.Fprintf(stderr, "hotloop demo: %s: %v\n", s.name, err)
			return exitFail
		}
	}
	return exitOK
}

func sectionNames() string {
	var n []string
	for _, s := range demoSections {
		n = append(n, s.name)
	}
	return strings.Join(n, ",")
}

// parseSizes reads "4K,256K,4M" or plain counts. Sizes must be positive:
// Min and Max panic on empty slices.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		n, err := parseSize(f)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func parseSize(f string) (int, error) {
	mult := 1
	switch {
	case strings.HasSuffix(f, "K") || strings.HasSuffix(f, "k"):
		mult, f = 1<<10, f[:len(f)-1]
	case strings.HasSuffix(f, "M") || strings.HasSuffix(f, "m"):
		mult, f = 1<<20, f[:len(f)-1]
	}
	n, err := strconv.Atoi(f)
	// The cap keeps the float64 inputs of one size (4 slices) near 1 GiB.
	if err != nil || n <= 0 || n > (32<<20)/mult {
		return 0, fmt.Errorf("bad size %q: want a count from 1 to 32M, like 4096, 4K or 4M", f)
	}
	return n * mult, nil
}

// sizeName prints n the way -sizes takes it: 4K rather than 4096.
func sizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dM", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dK", n>>10)
	}
	return strconv.Itoa(n)
}

// parseNames turns "a,b" into a set, checking every name against valid
// (case-insensitively) so that a typo is an error rather than an empty
// table. An empty list means all: nil.
func parseNames(what, list string, valid []string) (map[string]bool, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	set := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		found := false
		for _, v := range valid {
			if strings.EqualFold(f, v) {
				set[v] = true
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown %s %q (want one of %s)", what, f, strings.Join(valid, ", "))
		}
	}
	return set, nil
}
