package main

import (
	"fmt"
	"slices"
	"strings"
)

// pixelSection writes BenchmarkPixel's table and chart: source megapixels
// per second of each operation for Pillow (measured by
// testdata/pil_pixel.py in the same run, rows named .../pillow), hotloop
// on each ISA, golang.org/x/image/draw and disintegration/imaging.
func pixelSection(d *doc, rs *results) error {
	type op struct {
		name string
		mpx  map[string]float64
	}
	var ops []*op
	index := map[string]*op{}
	var impls []string
	for _, name := range rs.order {
		if !strings.HasPrefix(name, "Pixel/") {
			continue
		}
		i := strings.LastIndexByte(name, '/')
		opName, impl := name[len("Pixel/"):i], name[i+1:]
		ps := rs.procsOf(name)
		v, ok := rs.median(name, ps[len(ps)-1], "Mpx/s")
		if !ok {
			continue
		}
		o := index[opName]
		if o == nil {
			o = &op{name: opName, mpx: map[string]float64{}}
			index[opName] = o
			ops = append(ops, o)
		}
		o.mpx[impl] = v
		if !slices.Contains(impls, impl) {
			impls = append(impls, impl)
		}
	}
	if len(ops) == 0 {
		return fmt.Errorf("no Pixel results")
	}
	// Pillow first, hotloop's ISAs, then the other Go libraries.
	order := func(s string) int {
		switch {
		case s == "pillow":
			return 0
		case strings.HasPrefix(s, "hotloop-"):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(impls, func(a, b string) int { return order(a) - order(b) })
	active := "hotloop-" + rs.config["hotloop-active"]

	d.h2("Pixels: hotloop against Pillow and Go's image libraries")
	d.p("Source megapixels per second (Pillow's unit) on a 2560x1600 image, medians. Only hotloop's and Pillow's " +
		"pixels are equal (bit for bit); x/image and imaging compute other filters and are here for speed. " +
		"Pillow's rows come from `testdata/pil_pixel.py`, run in the same report.")
	header := append([]string{"operation"}, impls...)
	if slices.Contains(impls, "pillow") {
		header = append(header, active+" / Pillow")
	}
	var table [][]string
	// The chart shows speed relative to Pillow when Pillow ran, else Mpx/s.
	havePillow := slices.Contains(impls, "pillow")
	var groups []string
	var series []barSeries
	var charted []string
	for _, im := range impls {
		if im != "pillow" || !havePillow {
			charted = append(charted, im)
			series = append(series, barSeries{name: im})
		}
	}
	for _, o := range ops {
		row := []string{o.name}
		for _, im := range impls {
			if v, ok := o.mpx[im]; ok {
				row = append(row, fmt.Sprintf("%.0f", v))
			} else {
				row = append(row, "–")
			}
		}
		p, okP := o.mpx["pillow"]
		if havePillow {
			if h, okH := o.mpx[active]; okP && okH {
				row = append(row, ratio(h/p))
			} else {
				row = append(row, "–")
			}
		}
		table = append(table, row)
		if havePillow && !okP {
			continue
		}
		groups = append(groups, o.name)
		for i, im := range charted {
			v := o.mpx[im]
			if havePillow {
				v /= p
			}
			series[i].values = append(series[i].values, v)
		}
	}
	title, ylabel := "Pixel operations, source Mpx/s", "Mpx/s"
	if havePillow {
		title, ylabel = "Pixel operations: speed over Pillow's", "× Pillow"
	}
	if err := d.barChart("pixel.svg", title, ylabel, groups, series); err != nil {
		return err
	}
	d.table(header, table)
	return nil
}
