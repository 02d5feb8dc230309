package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// doc accumulates the markdown of the report and writes its charts as SVG
// files beside it.
type doc struct {
	dir string // where the markdown and the charts go
	md  strings.Builder
}

func (d *doc) h1(s string) { fmt.Fprintf(&d.md, "# %s\n\n", s) }
func (d *doc) h2(s string) { fmt.Fprintf(&d.md, "## %s\n\n", s) }
func (d *doc) h3(s string) { fmt.Fprintf(&d.md, "### %s\n\n", s) }
func (d *doc) p(s string)  { fmt.Fprintf(&d.md, "%s\n\n", s) }

// table writes a markdown table; cells must not hold "|".
func (d *doc) table(header []string, rows [][]string) {
	d.md.WriteString("| " + strings.Join(header, " | ") + " |\n|")
	for range header {
		d.md.WriteString("---|")
	}
	d.md.WriteString("\n")
	for _, r := range rows {
		d.md.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	d.md.WriteString("\n")
}

// image embeds a chart written to the report's folder.
func (d *doc) image(file, alt string) {
	fmt.Fprintf(&d.md, "![%s](%s)\n\n", alt, file)
}

// barSeries is one bar per group; a zero value draws no bar.
type barSeries struct {
	name   string
	values []float64
}

// barChart draws grouped horizontal bars (one group per name in groups,
// top to bottom, one bar per series in each) to file and embeds it.
// Horizontal bars leave room for long kernel and operation names.
func (d *doc) barChart(file, title, xlabel string, groups []string, series []barSeries) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	const bar = 7 // points
	width := vg.Points(bar)
	n := len(groups)
	maxV := 0.0
	for i, s := range series {
		// NominalY puts the first name at the bottom: reverse, so the
		// chart reads in the tables' order.
		vals := make(plotter.Values, n)
		for j, v := range s.values {
			vals[n-1-j] = v
			maxV = math.Max(maxV, v)
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		bars.Horizontal = true
		bars.LineStyle.Width = 0
		bars.Color = plotutil.Color(i)
		// The first series on top within its group.
		bars.Offset = -width * vg.Length(float64(i)-float64(len(series)-1)/2)
		p.Add(bars)
		p.Legend.Add(s.name, bars)
	}
	reversed := make([]string, n)
	for j, g := range groups {
		reversed[n-1-j] = g
	}
	p.NominalY(reversed...)
	p.X.Min = 0
	p.X.Max = maxV * 1.3 // room for the legend on the right
	p.Legend.Top = true
	grid := plotter.NewGrid()
	grid.Horizontal.Width = 0
	p.Add(grid)
	h := vg.Points(float64(n*len(series)*bar)*1.25 + 110)
	return d.save(p, file, title, 560, h)
}

// lineSeries is one line of a line chart.
type lineSeries struct {
	name string
	x, y []float64
}

// lineChart draws lines with points; ideal adds the y = x line.
func (d *doc) lineChart(file, title, xlabel, ylabel string, series []lineSeries, ideal bool) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	maxX := 1.0
	for i, s := range series {
		xy := make(plotter.XYs, len(s.x))
		for j := range s.x {
			xy[j] = plotter.XY{X: s.x[j], Y: s.y[j]}
			maxX = math.Max(maxX, s.x[j])
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		l.Color = plotutil.Color(i)
		l.Dashes = plotutil.Dashes(i / 7)
		pts.Color = plotutil.Color(i)
		pts.Shape = plotutil.Shape(i % 7)
		p.Add(l, pts)
		p.Legend.Add(s.name, l, pts)
	}
	if ideal {
		f := plotter.NewFunction(func(x float64) float64 { return x })
		f.XMin, f.XMax = 1, maxX
		f.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(f)
		p.Legend.Add("ideal", f)
	}
	p.Y.Min = 0 // speedups read against zero, not against the smallest
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())
	return d.save(p, file, title, 520, 360)
}

func (d *doc) save(p *plot.Plot, file, alt string, w, h vg.Length) error {
	if err := p.Save(w, h, filepath.Join(d.dir, file)); err != nil {
		return fmt.Errorf("chart %s: %v", file, err)
	}
	d.image(file, alt)
	return nil
}

// write writes the markdown to name in the report's folder.
func (d *doc) write(name string) error {
	return os.WriteFile(filepath.Join(d.dir, name), []byte(d.md.String()), 0o644)
}
