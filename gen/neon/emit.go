package main

import (
	"fmt"
	"strings"

	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/spec"
)

// fn collects the assembly of one function and counts its instructions,
// so the generator can report the cost of each kernel's main loop.
type fn struct {
	name  string
	frame frame
	b     strings.Builder
	n     int // instructions emitted so far

	// The main loop: instructions and elements per iteration.
	loopInsts, loopElems int

	// As a recipe.Emitter: rCount holds the elements left minus bias.
	bias int
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

// load emits loads of count registers (at most four per instruction)
// from ptr, each followed by an ADD that advances ptr past it. Why not a
// post-indexed VLD1.P: llvm-mca's Apple core model gives the write-back
// the load's latency, so two post-indexed loads from one pointer made the
// pointer a loop-carried chain of ~10 cycles an iteration (Sum at 27% of
// its bound); the ADD's latency is one cycle on every model (Sum at 100%),
// and the Neoverse and Cortex models time both forms the same.
func (f *fn) load(ptr string, first, count int, arr string) {
	for count > 0 {
		c := min(count, 4)
		f.I("VLD1 (%s), %s", ptr, vlist(first, c, arr))
		f.I("ADD $%d, %s", 16*c, ptr)
		first, count = first+c, count-c
	}
}

// store is load's counterpart.
func (f *fn) store(ptr string, first, count int, arr string) {
	for count > 0 {
		c := min(count, 4)
		f.I("VST1 %s, (%s)", vlist(first, c, arr), ptr)
		f.I("ADD $%d, %s", 16*c, ptr)
		first, count = first+c, count-c
	}
}

// ld emits a structure load op (VLD1..VLD4) of the register list from
// ptr and advances ptr by bytes, as load does and for the same reason.
func (f *fn) ld(op, ptr string, bytes int, list string) {
	f.I("%s (%s), %s", op, ptr, list)
	f.I("ADD $%d, %s", bytes, ptr)
}

// st is ld's counterpart for stores (VST1..VST4).
func (f *fn) st(op, list, ptr string, bytes int) {
	f.I("%s %s, (%s)", op, list, ptr)
	f.I("ADD $%d, %s", bytes, ptr)
}

// Registers with a fixed role in every kernel.
const (
	rCount = "R9"  // elements left
	rTmp   = "R10" // scratch
	rBase  = "R12" // start of the searched slice (Index)
)

// ptrReg is the pointer register of the k-th slice parameter.
func ptrReg(k int) string { return fmt.Sprintf("R%d", k) }

// loop emits the recipe's kernel loop over the count in rCount, with f as
// its emitter. Block steps advance the pointers themselves (load and
// store); the loop only counts.
func (f *fn) loop(l recipe.Loop) { recipe.Run(f, l) }

// Labels of the tail, for kernels that jump back into it.
const (
	lblTail = "tail"
	lblDone = "done"
)

// count makes rCount the number of elements left minus bias and sets the
// flags from it, with one instruction: rCount holds that difference for
// the previous loop's step already, so only the change is applied.
func (f *fn) count(bias int) {
	switch d := bias - f.bias; {
	case d > 0:
		f.I("SUBS $%d, %s, %s", d, rCount, rCount)
	case d < 0:
		f.I("ADDS $%d, %s, %s", -d, rCount, rCount)
	default:
		f.I("CMP $0, %s", rCount)
	}
	f.bias = bias
}

// Repeat implements recipe.Emitter. The count is kept biased by step, so
// an iteration costs one SUBS and one branch; inside body rCount is the
// number of elements left minus step (Index's hits rely on that). The
// first loop with the largest step is the kernel's main loop, whose size
// -report prints.
func (f *fn) Repeat(stage string, step int, body func()) {
	done := stage + "_done"
	f.count(step)
	f.I("BLT %s", done)
	f.label(stage)
	start := f.n
	body()
	f.I("SUBS $%d, %s, %s", step, rCount, rCount)
	f.I("BGE %s", stage)
	if step > f.loopElems {
		f.loopInsts, f.loopElems = f.n-start, step
	}
	f.label(done)
}

// Tail implements recipe.Emitter with a scalar loop: body loads one
// element into lane 0 and advances the pointers past it.
func (f *fn) Tail(lanes int, body func()) {
	f.count(0)
	f.I("BEQ %s", lblDone)
	f.label(lblTail)
	body()
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
