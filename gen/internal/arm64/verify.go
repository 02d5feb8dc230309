package arm64

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// GNU binutils for AArch64, as Debian's binutils-aarch64-linux-gnu names them.
const (
	GNUAs      = "aarch64-linux-gnu-as"
	GNUObjdump = "aarch64-linux-gnu-objdump"
)

// HaveGNU reports whether both GNU tools are on PATH.
func HaveGNU() bool {
	for _, t := range []string{GNUAs, GNUObjdump} {
		if _, err := exec.LookPath(t); err != nil {
			return false
		}
	}
	return true
}

// registerSets are the (d, n, m) numbers every shape is tried with: the
// extremes, distinct fields, and each field at 31 so no bit can hide.
var registerSets = [][3]int{
	{0, 0, 0}, {1, 2, 3}, {31, 30, 29}, {7, 15, 23}, {16, 8, 31}, {5, 31, 0}, {31, 0, 16},
}

// Instances returns every form the encoder can produce (each op in each
// shape) with each of the register sets.
func Instances() []Inst {
	var out []Inst
	for _, o := range Ops() {
		for _, s := range o.Shapes {
			for _, r := range registerSets {
				out = append(out, New(o, s.Key, r[0], r[1], r[2]))
			}
		}
	}
	return out
}

// Verify assembles every instance with GNU as and checks, instruction by
// instruction, that GNU's bytes equal the encoder's word and that GNU
// objdump prints the encoder's Arm text back. It then assembles the words
// with Go's assembler and checks that go tool objdump decodes each to the
// same mnemonic and registers. Progress goes to log; any mismatch is an
// error.
func Verify(log io.Writer) error {
	insts := Instances()
	dir, err := os.MkdirTemp("", "hotloop-arm64-verify")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	if err := verifyGNU(dir, insts); err != nil {
		return err
	}
	fmt.Fprintf(log, "GNU as/objdump: %d instructions (%d ops, %d shapes) match\n", len(insts), len(all), countShapes())

	n, err := verifyGo(dir, insts)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "go tool objdump: %d instructions decode to the same mnemonic and registers\n", n)
	return nil
}

func countShapes() int {
	n := 0
	for _, o := range all {
		n += len(o.Shapes)
	}
	return n
}

var objdumpLine = regexp.MustCompile(`^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$`)

func verifyGNU(dir string, insts []Inst) error {
	var src bytes.Buffer
	for _, in := range insts {
		src.WriteString("\t" + in.Arm() + "\n")
	}
	s, o := filepath.Join(dir, "gnu.s"), filepath.Join(dir, "gnu.o")
	if err := os.WriteFile(s, src.Bytes(), 0o644); err != nil {
		return err
	}
	if out, err := exec.Command(GNUAs, "-o", o, s).CombinedOutput(); err != nil {
		return fmt.Errorf("%s rejected the encoder's Arm syntax: %v\n%s", GNUAs, err, out)
	}
	out, err := exec.Command(GNUObjdump, "-d", o).Output()
	if err != nil {
		return fmt.Errorf("%s: %v", GNUObjdump, err)
	}
	seen := 0
	var bad []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := objdumpLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		off, _ := strconv.ParseUint(m[1], 16, 64)
		word, _ := strconv.ParseUint(m[2], 16, 32)
		if off%4 != 0 || int(off/4) >= len(insts) {
			return fmt.Errorf("unexpected objdump line %q", sc.Text())
		}
		in := insts[off/4]
		seen++
		text := normalize(m[3])
		if uint32(word) != in.Word() || text != normalize(in.Arm()) {
			bad = append(bad, fmt.Sprintf("%-40s encoder %08x, GNU as %08x (objdump: %s)", in.Arm(), in.Word(), word, text))
		}
	}
	if seen != len(insts) {
		return fmt.Errorf("objdump printed %d instructions, want %d", seen, len(insts))
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d encodings differ from GNU as:\n%s", len(bad), strings.Join(bad, "\n"))
	}
	return nil
}

// normalize collapses white space and drops objdump's trailing comments.
func normalize(s string) string {
	if i := strings.Index(s, "//"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(s, ",", ", ")), " ")
}

// goName maps the Arm spelling of an arrangement to Go's: 4s -> S4.
func goArrangement(suffix string) string {
	if strings.Contains(suffix, "[") {
		return strings.ToUpper(suffix) // an element: s[1] -> S[1]
	}
	if len(suffix) < 2 {
		return ""
	}
	return strings.ToUpper(suffix[len(suffix)-1:]) + suffix[:len(suffix)-1]
}

// goRegs is the set of vector registers go tool objdump should print for
// in (Go prints the operands in reverse order).
func goRegs(in Inst) []string {
	one := func(r int, suffix string) string {
		if a := goArrangement(suffix); a != "" {
			return fmt.Sprintf("V%d.%s", r, a)
		}
		return fmt.Sprintf("V%d", r) // Go prints a scalar as the whole V register
	}
	regs := []string{one(in.Rd, in.Shape.D), one(in.Rn, in.Shape.N)}
	if in.Shape.M != "" {
		regs = append(regs, one(in.Rm, in.Shape.M))
	}
	// Go order: last source first, destination last; an immediate
	// before them all.
	for i, j := 0, len(regs)-1; i < j; i, j = i+1, j-1 {
		regs[i], regs[j] = regs[j], regs[i]
	}
	if in.Shape.Imm != 0 {
		regs = append([]string{fmt.Sprintf("$%d", in.Shape.Imm)}, regs...)
	}
	return regs
}

var goObjdumpLine = regexp.MustCompile(`^\s*\S+\.s:(\d+)\s+0x[0-9a-f]+\s+([0-9a-f]{8})\s+(.*)$`)

// verifyGo assembles the words with Go's assembler and disassembles them
// with go tool objdump (golang.org/x/arch's decoder). The decoded mnemonic
// must be the op's name (Go may add a V prefix) and the registers must be
// the encoder's. It returns how many instructions were checked.
func verifyGo(dir string, insts []Inst) (int, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	root, err := exec.Command(goBin, "env", "GOROOT").Output()
	if err != nil {
		return 0, fmt.Errorf("go env GOROOT: %v", err)
	}
	var src bytes.Buffer
	src.WriteString("#include \"textflag.h\"\n\nTEXT ·words(SB), NOSPLIT, $0-0\n")
	first := strings.Count(src.String(), "\n") + 1
	for _, in := range insts {
		src.WriteString("\t" + in.Go() + "\n")
	}
	src.WriteString("\tRET\n")
	s, o := filepath.Join(dir, "words_arm64.s"), filepath.Join(dir, "words.o")
	if err := os.WriteFile(s, src.Bytes(), 0o644); err != nil {
		return 0, err
	}
	include := filepath.Join(strings.TrimSpace(string(root)), "pkg", "include")
	cmd := exec.Command(goBin, "tool", "asm", "-I", include, "-p", "verify", "-o", o, s)
	cmd.Env = append(os.Environ(), "GOARCH=arm64", "GOOS=linux")
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("go tool asm: %v\n%s", err, out)
	}
	out, err := exec.Command(goBin, "tool", "objdump", o).Output()
	if err != nil {
		return 0, fmt.Errorf("go tool objdump: %v", err)
	}
	var bad []string
	checked := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := goObjdumpLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[1])
		k := line - first
		if k < 0 || k >= len(insts) {
			continue
		}
		in := insts[k]
		word, _ := strconv.ParseUint(m[2], 16, 32)
		f := strings.Fields(strings.ReplaceAll(m[3], ",", " "))
		want := goRegs(in)
		switch {
		case uint32(word) != in.Word():
			bad = append(bad, fmt.Sprintf("%s: Go assembled %08x, want %08x", in.Arm(), word, in.Word()))
		case len(f) == 0 || strings.TrimPrefix(f[0], "V") != strings.ToUpper(in.Op.Name):
			bad = append(bad, fmt.Sprintf("%s: go tool objdump says %q", in.Arm(), m[3]))
		case strings.Join(f[1:], " ") != strings.Join(want, " "):
			bad = append(bad, fmt.Sprintf("%s: go tool objdump says %q, want registers %v", in.Arm(), m[3], want))
		}
		checked++
	}
	if checked != len(insts) {
		bad = append(bad, fmt.Sprintf("go tool objdump printed %d of %d instructions", checked, len(insts)))
	}
	if len(bad) > 0 {
		return checked, fmt.Errorf("%d differences with Go's disassembler:\n%s", len(bad), strings.Join(bad, "\n"))
	}
	return checked, nil
}
