package main

import (
	"fmt"
	"strings"

	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/gen/internal/spec"
)

// fn collects the assembly of one function and counts its instructions,
// so the generator can report the cost of each kernel's main loop.
type fn struct {
	name  string
	frame frame
	b     strings.Builder
	n     int // instructions emitted so far

	// The unrolled block loop: instructions and elements per iteration.
	loopInsts, loopElems int
}

// I emits one native Go instruction.
func (f *fn) I(format string, args ...any) {
	fmt.Fprintf(&f.b, "\t"+format+"\n", args...)
	f.n++
}

// W emits one instruction Go's assembler lacks, as an encoded WORD.
func (f *fn) W(o *arm64.Op, shape string, d, n, m int) {
	f.b.WriteString("\t" + arm64.New(o, shape, d, n, m).Go() + "\n")
	f.n++
}

// W2 is W for two-register forms.
func (f *fn) W2(o *arm64.Op, shape string, d, n int) { f.W(o, shape, d, n, 0) }

func (f *fn) label(l string)   { fmt.Fprintf(&f.b, "%s:\n", l) }
func (f *fn) comment(c string) { fmt.Fprintf(&f.b, "\t// %s\n", c) }

// arg is the assembler operand of a named argument or result, e.g.
// "a_len+32(FP)".
func (f *fn) arg(name string) string {
	off, ok := f.frame.off[name]
	if !ok {
		panic(fmt.Sprintf("%s: no argument %s", f.name, name))
	}
	return fmt.Sprintf("%s+%d(FP)", name, off)
}

// frame is the ABI0 argument layout of a Go function: each argument at
// its alignment, results from the next multiple of 8.
type frame struct {
	off  map[string]int
	size int
}

func layout(k spec.Kernel, t spec.Type) frame {
	fr := frame{off: map[string]int{}}
	off := 0
	place := func(name, typ string) {
		size, align := typeSize(typ)
		off = (off + align - 1) &^ (align - 1)
		if strings.HasPrefix(typ, "[]") {
			fr.off[name+"_base"], fr.off[name+"_len"], fr.off[name+"_cap"] = off, off+8, off+16
		} else {
			fr.off[name] = off
		}
		off += size
	}
	for _, p := range k.GoParams(t) {
		place(p.Name, p.Go)
	}
	if r := k.GoResult(t); r != "" {
		off = (off + 7) &^ 7
		place("ret", r)
	}
	fr.size = off
	return fr
}

func typeSize(typ string) (size, align int) {
	switch {
	case strings.HasPrefix(typ, "[]"):
		return 24, 8
	case typ == "float32":
		return 4, 4
	case typ == "float64", typ == "int":
		return 8, 8
	case typ == "uint8":
		return 1, 1
	}
	panic("unknown type " + typ)
}

// vlist is a Go register list of count consecutive vectors from first:
// "[V0.S4, V1.S4]".
func vlist(first, count int, arr string) string {
	regs := make([]string, count)
	for i := range regs {
		regs[i] = fmt.Sprintf("V%d.%s", first+i, arr)
	}
	return "[" + strings.Join(regs, ", ") + "]"
}

// load emits post-incremented loads of count registers (at most four per
// instruction) from ptr.
func (f *fn) load(ptr string, first, count int, arr string) {
	for count > 0 {
		c := min(count, 4)
		f.I("VLD1.P %d(%s), %s", 16*c, ptr, vlist(first, c, arr))
		first, count = first+c, count-c
	}
}

// store is load's counterpart.
func (f *fn) store(ptr string, first, count int, arr string) {
	for count > 0 {
		c := min(count, 4)
		f.I("VST1.P %s, %d(%s)", vlist(first, c, arr), 16*c, ptr)
		first, count = first+c, count-c
	}
}

// Registers with a fixed role in every kernel.
const (
	rCount = "R9"  // elements left
	rTmp   = "R10" // scratch
	rBase  = "R12" // start of the searched slice (Index)
)

// ptrReg is the pointer register of the k-th slice parameter.
func ptrReg(k int) string { return fmt.Sprintf("R%d", k) }

// loopSpec is the standard kernel loop over the count in rCount:
//
//	blocks of unroll steps of lanes elements each,
//	then single steps,
//	then before(), then single elements with scalar().
//
// step(count) emits count steps (count is unroll or 1) and advances the
// pointers. The loops start at element 0 and never peel for alignment, so
// the order of operations depends on the length alone.
type loopSpec struct {
	lanes, unroll int
	step          func(count int)
	before        func()
	scalar        func()
}

// Labels of the loop, for kernels that jump back into it.
const (
	lblTail = "tail"
	lblDone = "done"
)

func (f *fn) loop(l loopSpec) {
	block := l.lanes * l.unroll
	if l.unroll > 1 {
		f.I("SUBS $%d, %s, %s", block, rCount, rCount)
		f.I("BLT vectors")
		f.label("blocks")
		start := f.n
		l.step(l.unroll)
		f.I("SUBS $%d, %s, %s", block, rCount, rCount)
		f.I("BGE blocks")
		f.loopInsts, f.loopElems = f.n-start, block
		f.label("vectors")
		f.I("ADDS $%d, %s, %s", block-l.lanes, rCount, rCount)
	} else {
		f.I("SUBS $%d, %s, %s", l.lanes, rCount, rCount)
	}
	f.I("BLT tailentry")
	f.label("vector")
	start := f.n
	l.step(1)
	f.I("SUBS $%d, %s, %s", l.lanes, rCount, rCount)
	f.I("BGE vector")
	if l.unroll == 1 {
		f.loopInsts, f.loopElems = f.n-start, l.lanes
	}
	f.label("tailentry")
	if l.before != nil {
		l.before()
	}
	f.I("ADDS $%d, %s, %s", l.lanes, rCount, rCount)
	f.I("BEQ %s", lblDone)
	f.label(lblTail)
	l.scalar()
	f.I("SUBS $1, %s, %s", rCount, rCount)
	f.I("BNE %s", lblTail)
	f.label(lblDone)
}

// prologue loads the named slices' base pointers into R0, R1, ... and the
// first one's length into rCount.
func (f *fn) prologue(slices ...string) {
	for k, s := range slices {
		f.I("MOVD %s, %s", f.arg(s+"_base"), ptrReg(k))
	}
	f.I("MOVD %s, %s", f.arg(slices[0]+"_len"), rCount)
}

// report is one line of the instructions-per-element table.
type report struct {
	kernel, typ  string
	insts, elems int
}

func formatReport(rows []report) string {
	types := []string{"float32", "float64", "fixed"}
	cell := map[[2]string]report{}
	var kernels []string
	for _, r := range rows {
		if _, seen := cell[[2]string{r.kernel, "float32"}]; !seen {
			if _, seen := cell[[2]string{r.kernel, "float64"}]; !seen {
				if _, seen := cell[[2]string{r.kernel, "fixed"}]; !seen {
					kernels = append(kernels, r.kernel)
				}
			}
		}
		cell[[2]string{r.kernel, r.typ}] = r
	}
	var b strings.Builder
	b.WriteString("NEON main loop, instructions per element (instructions per iteration / elements per iteration):\n\n")
	b.WriteString("| kernel | float32 | float64 |\n|---|---|---|\n")
	for _, k := range kernels {
		if _, fixed := cell[[2]string{k, "fixed"}]; fixed {
			continue
		}
		fmt.Fprintf(&b, "| %s |", k)
		for _, t := range types[:2] {
			r := cell[[2]string{k, t}]
			fmt.Fprintf(&b, " %.3f (%d/%d) |", float64(r.insts)/float64(r.elems), r.insts, r.elems)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n| conversion | per element |\n|---|---|\n")
	var fixed []string
	for _, k := range kernels {
		if _, ok := cell[[2]string{k, "fixed"}]; ok {
			fixed = append(fixed, k)
		}
	}
	for _, k := range fixed {
		r := cell[[2]string{k, "fixed"}]
		fmt.Fprintf(&b, "| %s | %.3f (%d/%d) |\n", k, float64(r.insts)/float64(r.elems), r.insts, r.elems)
	}
	return b.String()
}
