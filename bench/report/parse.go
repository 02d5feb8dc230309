package main

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"strings"
)

// A result is every sample of one benchmark at one GOMAXPROCS: for each
// unit ("ns/op", "MB/s", "Mpx/s", "cores", ...), one value per -count run.
type result struct {
	name  string // without "Benchmark" and the -procs suffix
	procs int
	units map[string][]float64
}

// results is a parsed benchmark output: results by name and procs, the
// configuration lines ("key: value") and the order names first appeared in.
type results struct {
	byKey  map[resultKey]*result
	order  []string
	config map[string]string
}

type resultKey struct {
	name  string
	procs int
}

// parse reads `go test -bench` output (the format benchstat reads).
// Lines that are not results or configuration are ignored; a result line
// with an odd number of value/unit fields or a value that is not a
// number is ignored too, as benchstat does.
func parse(r io.Reader) (*results, error) {
	rs := &results{byKey: map[resultKey]*result{}, config: map[string]string{}}
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if k, v, ok := configLine(line); ok {
			rs.config[k] = v
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // the iteration count
		}
		name, procs := splitProcs(strings.TrimPrefix(f[0], "Benchmark"))
		vals := map[string]float64{}
		ok := true
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				ok = false
				break
			}
			vals[f[i+1]] = v
		}
		if !ok {
			continue
		}
		key := resultKey{name, procs}
		res := rs.byKey[key]
		if res == nil {
			res = &result{name: name, procs: procs, units: map[string][]float64{}}
			rs.byKey[key] = res
		}
		for u, v := range vals {
			res.units[u] = append(res.units[u], v)
		}
		if !seen[name] {
			seen[name] = true
			rs.order = append(rs.order, name)
		}
	}
	return rs, sc.Err()
}

// configLine recognises benchstat's configuration lines: a lower-case key
// without spaces, a colon, a value ("goos: linux", "hotloop-active: avx2").
func configLine(line string) (key, value string, ok bool) {
	k, v, found := strings.Cut(line, ":")
	if !found || k == "" || strings.ContainsAny(k, " \t") || k[0] < 'a' || k[0] > 'z' {
		return "", "", false
	}
	return k, strings.TrimSpace(v), true
}

// splitProcs splits "Kernels/Sum/float32/4K/avx2-16" into the name and 16.
// A name without a numeric suffix ran at GOMAXPROCS 1 (go test omits -1).
func splitProcs(s string) (string, int) {
	i := strings.LastIndexByte(s, '-')
	if i < 0 {
		return s, 1
	}
	p, err := strconv.Atoi(s[i+1:])
	if err != nil || p <= 0 {
		return s, 1
	}
	return s[:i], p
}

// median returns the median of the samples of unit for name at procs, and
// whether there were any.
func (rs *results) median(name string, procs int, unit string) (float64, bool) {
	res := rs.byKey[resultKey{name, procs}]
	if res == nil || len(res.units[unit]) == 0 {
		return 0, false
	}
	return median(res.units[unit]), true
}

// procsOf lists the GOMAXPROCS values name ran at, ascending.
func (rs *results) procsOf(name string) []int {
	var ps []int
	for k := range rs.byKey {
		if k.name == name {
			ps = append(ps, k.procs)
		}
	}
	slices.Sort(ps)
	return ps
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
