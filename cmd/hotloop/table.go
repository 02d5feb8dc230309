package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// table prints aligned columns: numbers right-aligned so their digits line
// up, text left-aligned. It exists because text/tabwriter only pads on one
// side per writer and the demo table mixes both.
type table struct {
	header []string
	lines  []tableLine
	left   map[int]bool // columns aligned left; the rest align right
	indent string       // before every row (not before section titles)
	widths []int        // fixed column widths for streamed rows (see stream)
}

// tableLine is a row of cells, or a section title printed on its own.
type tableLine struct {
	cells []string
	title string
}

// newTable returns a table with the given column headers; all-empty
// headers print no header line.
func newTable(header ...string) *table {
	return &table{header: header, left: map[int]bool{}}
}

// leftAlign marks text columns.
func (t *table) leftAlign(cols ...int) {
	for _, c := range cols {
		t.left[c] = true
	}
}

func (t *table) row(cells ...string) { t.lines = append(t.lines, tableLine{cells: cells}) }

// section starts a titled group; the rows after it are indented.
func (t *table) section(title string) {
	t.lines = append(t.lines, tableLine{title: title})
	t.indent = "  "
}

func (t *table) hasHeader() bool {
	for _, h := range t.header {
		if h != "" {
			return true
		}
	}
	return false
}

func (t *table) write(w io.Writer) error {
	var widths []int
	measure := func(cells []string) {
		for i, c := range cells {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	if t.hasHeader() {
		measure(t.header)
	}
	for _, l := range t.lines {
		measure(l.cells)
	}
	var b strings.Builder
	if t.hasHeader() {
		t.format(&b, t.header, widths)
	}
	for _, l := range t.lines {
		if l.cells == nil {
			b.WriteString(l.title)
			b.WriteByte('\n')
			continue
		}
		t.format(&b, l.cells, widths)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// stream fixes the column widths from the header and minWidths and
// prints the header, so that rows can be printed with streamRow as they
// are measured instead of all at the end.
func (t *table) stream(w io.Writer, minWidths ...int) error {
	t.widths = make([]int, len(t.header))
	for i, h := range t.header {
		t.widths[i] = utf8.RuneCountInString(h)
		if i < len(minWidths) {
			t.widths[i] = max(t.widths[i], minWidths[i])
		}
	}
	var b strings.Builder
	t.format(&b, t.header, t.widths)
	_, err := io.WriteString(w, b.String())
	return err
}

// streamRow prints one row at the widths stream fixed; a longer cell
// shifts its line rather than being cut.
func (t *table) streamRow(w io.Writer, cells ...string) error {
	var b strings.Builder
	t.format(&b, cells, t.widths)
	_, err := io.WriteString(w, b.String())
	return err
}

func (t *table) format(b *strings.Builder, cells []string, widths []int) {
	var line strings.Builder
	line.WriteString(t.indent)
	for i, c := range cells {
		if i > 0 {
			line.WriteString("  ")
		}
		pad := ""
		if i < len(widths) {
			pad = strings.Repeat(" ", max(0, widths[i]-utf8.RuneCountInString(c)))
		}
		if t.left[i] {
			line.WriteString(c + pad)
		} else {
			line.WriteString(pad + c)
		}
	}
	// Left-aligned last columns would leave trailing blanks.
	b.WriteString(strings.TrimRight(line.String(), " "))
	b.WriteByte('\n')
}

// humanNs formats a duration in nanoseconds with three significant
// digits, in the unit that keeps it short (ns, µs, ms).
func humanNs(ns float64) string {
	switch {
	case ns < 1e3:
		return fmt.Sprintf("%.3g ns", ns)
	case ns < 1e6:
		return fmt.Sprintf("%.3g µs", ns/1e3)
	}
	return fmt.Sprintf("%.3g ms", ns/1e6)
}
