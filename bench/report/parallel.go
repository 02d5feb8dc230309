package main

import (
	"fmt"
	"strconv"
	"strings"
)

// parallelSection writes the scaling table and chart of BenchmarkParallel:
// for each Parallel/<kernel>/<type>/<size>, the serial time at one core
// against the parallel time at each GOMAXPROCS the run swept, and the
// cores metric (CPU time over wall time) of the parallel rows.
func parallelSection(d *doc, rs *results) error {
	type line struct {
		label  string
		serial float64
		par    map[int]float64
		cores  map[int]float64
	}
	var lines []*line
	procsSet := map[int]bool{}
	for _, name := range rs.order {
		parts := strings.Split(name, "/")
		if len(parts) != 5 || parts[0] != "Parallel" || parts[4] != "parallel" {
			continue
		}
		base := strings.Join(parts[:4], "/")
		sps := rs.procsOf(base + "/serial")
		if len(sps) == 0 {
			continue
		}
		serial, _ := rs.median(base+"/serial", sps[0], "ns/op")
		l := &line{label: strings.Join(parts[1:4], " "), serial: serial, par: map[int]float64{}, cores: map[int]float64{}}
		for _, p := range rs.procsOf(name) {
			if t, ok := rs.median(name, p, "ns/op"); ok {
				l.par[p] = t
				procsSet[p] = true
			}
			if c, ok := rs.median(name, p, "cores"); ok {
				l.cores[p] = c
			}
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return fmt.Errorf("no Parallel results")
	}
	var procs []int
	for p := 1; p <= 1<<16; p++ {
		if procsSet[p] {
			procs = append(procs, p)
		}
	}

	d.h2("Parallel scaling")
	d.p("`parallel`'s kernels against the serial kernel at one core (`go test -bench Parallel -cpu " + joinInts(procs) +
		"`): speedup = serial time at `-cpu 1` over parallel time at each `-cpu`; in brackets the cores the parallel " +
		"call kept busy (process CPU time over wall time). On a machine shared with other jobs both fall short of the core count.")
	var series []lineSeries
	header := []string{"kernel", "serial, 1 core"}
	for _, p := range procs {
		header = append(header, "-cpu "+strconv.Itoa(p))
	}
	var table [][]string
	for _, l := range lines {
		row := []string{l.label, formatNs(l.serial)}
		s := lineSeries{name: l.label}
		for _, p := range procs {
			t, ok := l.par[p]
			if !ok {
				row = append(row, "–")
				continue
			}
			cell := ratio(l.serial / t)
			if c, ok := l.cores[p]; ok {
				cell += fmt.Sprintf(" (%.2f)", c)
			}
			row = append(row, cell)
			s.x = append(s.x, float64(p))
			s.y = append(s.y, l.serial/t)
		}
		table = append(table, row)
		series = append(series, s)
	}
	if err := d.lineChart("parallel-scaling.svg", "Parallel speedup over serial against cores", "GOMAXPROCS (-cpu)",
		"× serial at 1 core", series, true); err != nil {
		return err
	}
	d.table(header, table)
	return nil
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}
