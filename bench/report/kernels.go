package main

import (
	"fmt"
	"slices"
	"strings"
)

// kernelRow is one kernel and type of BenchmarkKernels at one size:
// ns/op by implementation ("generic", each ISA, "gonum", "vek32", ...).
type kernelRow struct {
	kernel, typ, size string
	ns                map[string]float64
}

// kernelRows collects Kernels/<kernel>/<type>/<size>/<impl> results at the
// run's GOMAXPROCS, in the order the suite ran them.
func kernelRows(rs *results) []*kernelRow {
	var rows []*kernelRow
	index := map[string]*kernelRow{}
	for _, name := range rs.order {
		parts := strings.Split(name, "/")
		if len(parts) != 5 || parts[0] != "Kernels" {
			continue
		}
		ps := rs.procsOf(name)
		ns, ok := rs.median(name, ps[len(ps)-1], "ns/op")
		if !ok {
			continue
		}
		key := strings.Join(parts[1:4], "/")
		row := index[key]
		if row == nil {
			row = &kernelRow{kernel: parts[1], typ: parts[2], size: parts[3], ns: map[string]float64{}}
			index[key] = row
			rows = append(rows, row)
		}
		row.ns[parts[4]] = ns
	}
	return rows
}

// isasOf lists the hotloop ISAs found in rows, in the order the suite
// timed them (generic first), from the hotloop-isas configuration line.
func isasOf(rs *results) []string {
	isas := strings.Fields(rs.config["hotloop-isas"])
	if len(isas) == 0 {
		isas = []string{"generic"}
	}
	return isas
}

// libraries are the other implementations BenchmarkKernels times, by the
// name prefix of their rows.
var libraries = []string{"gonum", "vek"}

// libraryTime returns the row's time for library lib ("gonum" matches
// gonum and gonum-inplace, "vek" matches vek32, vek, vek32-purego...) and
// the row name it came from.
func (r *kernelRow) libraryTime(lib string) (float64, string, bool) {
	names := make([]string, 0, len(r.ns))
	for n := range r.ns {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if strings.HasPrefix(n, lib) {
			return r.ns[n], n, true
		}
	}
	return 0, "", false
}

// ratio formats a speed ratio (other time over ours: above 1 means ours
// is faster).
func ratio(x float64) string { return fmt.Sprintf("%.2fx", x) }

// formatNs prints a time with a unit that keeps three significant digits.
func formatNs(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.3g s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.3g ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.3g µs", ns/1e3)
	default:
		return fmt.Sprintf("%.3g ns", ns)
	}
}

// kernelSections writes the tables and charts of BenchmarkKernels.
func kernelSections(d *doc, rs *results) error {
	rows := kernelRows(rs)
	if len(rows) == 0 {
		return fmt.Errorf("no Kernels results")
	}
	isas := isasOf(rs)
	active := rs.config["hotloop-active"]
	sizes := []string{}
	for _, r := range rows {
		if !slices.Contains(sizes, r.size) {
			sizes = append(sizes, r.size)
		}
	}

	d.h2("Kernels: SIMD against pure Go")
	d.p("Speed over hotloop's own pure-Go reference (`generic`), the same call with the ISA forced " +
		"(`kernels.Use`); medians of ns/op. Float kernels count elements of the named type, conversions elements of their source.")
	for _, size := range sizes {
		var series []barSeries
		for _, isa := range isas[1:] {
			series = append(series, barSeries{name: isa})
		}
		var groups []string
		header := append([]string{"kernel", "type", "generic"}, isas[1:]...)
		var table [][]string
		for _, r := range rows {
			g, ok := r.ns["generic"]
			if r.size != size || !ok {
				continue
			}
			line := []string{r.kernel, r.typ, formatNs(g)}
			for _, isa := range isas[1:] {
				if t, ok := r.ns[isa]; ok {
					line = append(line, ratio(g/t))
				} else {
					line = append(line, "–")
				}
			}
			table = append(table, line)
			if r.typ == "float64" {
				continue // the chart shows float32 and the conversions
			}
			groups = append(groups, r.kernel)
			for i, isa := range isas[1:] {
				v := 0.0 // no bar where an ISA has no row
				if t, ok := r.ns[isa]; ok {
					v = g / t
				}
				series[i].values = append(series[i].values, v)
			}
		}
		d.h3(fmt.Sprintf("%s elements", size))
		if len(series) > 0 {
			file := fmt.Sprintf("kernels-speedup-%s.svg", strings.ToLower(size))
			if err := d.barChart(file, fmt.Sprintf("Speedup over pure Go, %s elements (float32 and conversions)", size),
				"× pure Go", groups, series); err != nil {
				return err
			}
		}
		d.table(header, table)
	}

	d.h2("Kernels: hotloop against gonum and vek")
	d.p(fmt.Sprintf("Time of the other library over hotloop's on the ISA the dispatcher picks here (`%s`): "+
		"above 1x hotloop is faster. `gonum-inplace` rows (gonum has only an in-place form) touch one slice where hotloop touches two.", active))
	for _, size := range sizes {
		var groups []string
		series := []barSeries{{name: "gonum"}, {name: "vek"}}
		var table [][]string
		for _, r := range rows {
			ours, ok := r.ns[active]
			if r.size != size || !ok {
				continue
			}
			line := []string{r.kernel, r.typ, formatNs(ours)}
			any, charted := false, r.typ == "float32"
			vals := make([]float64, len(libraries))
			for i, lib := range libraries {
				if t, name, ok := r.libraryTime(lib); ok {
					line = append(line, fmt.Sprintf("%s (%s)", ratio(t/ours), name))
					vals[i] = t / ours
					any = true
				} else {
					line = append(line, "–") // and no bar
				}
			}
			if !any {
				continue
			}
			table = append(table, line)
			if charted {
				groups = append(groups, r.kernel)
				for i := range series {
					series[i].values = append(series[i].values, vals[i])
				}
			}
		}
		if len(table) == 0 {
			continue
		}
		d.h3(fmt.Sprintf("%s elements", size))
		if len(groups) > 0 {
			file := fmt.Sprintf("kernels-vs-libraries-%s.svg", strings.ToLower(size))
			if err := d.barChart(file, fmt.Sprintf("Their time over hotloop's (%s), float32, %s elements", active, size),
				"× (above 1: hotloop faster)", groups, series); err != nil {
				return err
			}
		}
		d.table([]string{"kernel", "type", "hotloop " + active, "gonum", "vek"}, table)
	}
	return nil
}
