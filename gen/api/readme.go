package main

import (
	"fmt"
	"strings"

	"github.com/hotloop/hotloop/internal/registry"
)

// sections maps files to the generated sections they hold, by name.
var sections = map[string]map[string]func() string{
	"README.md": {"gen/api kernels": readmeKernels},
}

// readmeKernels is the table of public kernels: name, element types and
// contract, grouped by shape.
func readmeKernels() string {
	var b strings.Builder
	b.WriteString("| kernel | shape | types | contract |\n|---|---|---|---|\n")
	for _, shape := range []registry.Shape{registry.Elementwise, registry.Reduction, registry.Composite, registry.Conversion} {
		for _, k := range registry.Public() {
			if k.Shape != shape {
				continue
			}
			types := "`~float32`, `~float64`"
			if !k.PerType {
				types = ""
				for _, p := range k.Params {
					if p.Slice {
						types += "`" + p.Type + "`"
						if g := p.PerIndex(); g > 1 {
							types += fmt.Sprintf("×%d", g)
						}
						types += " "
					}
				}
				types = strings.Join(strings.Fields(types), " ← ")
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", k.Name, shape, types, firstSentence(k.Doc))
		}
	}
	return b.String()
}

// firstSentence returns the doc's first sentence, capitalised.
func firstSentence(doc string) string {
	s := doc
	if i := strings.Index(doc, ". "); i >= 0 {
		s = doc[:i+1]
	}
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ToUpper(s[:1]) + s[1:]
}
