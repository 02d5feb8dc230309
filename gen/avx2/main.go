// Command avx2 generates hotloop's AVX2+FMA kernels with avo: the assembly
// (-out), its Go declarations (-stubs) and the Go file that puts them, behind
// length checks, into asm.AVX2's table (-table).
//
// One loop covers both float types; each kernel body is written once
// against a width (packed YMM or scalar XMM) and emitted for the vector
// loop and the scalar tail alike.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"regexp"

	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
)

// isa is this generator's entry in the registry's ISA table.
var isa = registry.LookupISA("avx2")

var tablePath = flag.String("table", "", "write the Go table file here")

// floatKernels emits each per-type kernel for one element type.
var floatKernels = map[string]func(e elem){
	"Add":            func(e elem) { binary(e, func(w width) inst { return w.add }) },
	"Sub":            func(e elem) { binary(e, func(w width) inst { return w.sub }) },
	"Mul":            func(e elem) { binary(e, func(w width) inst { return w.mul }) },
	"Div":            func(e elem) { binary(e, func(w width) inst { return w.div }) },
	"AddConst":       func(e elem) { withConst(e, func(w width) inst { return w.add }) },
	"Scale":          func(e elem) { withConst(e, func(w width) inst { return w.mul }) },
	"Axpy":           axpy,
	"MulAdd":         mulAdd,
	"Sum":            sum,
	"Dot":            dot,
	"SumSquares":     sumSquares,
	"SumSquaredDiff": sumSquaredDiff,
	"Min":            func(e elem) { extreme(e, func(w width) inst { return w.min }, posInf) },
	"Max":            func(e elem) { extreme(e, func(w width) inst { return w.max }, negInf) },
	"Index":          func(e elem) { index(e, false) },
	"IndexNaN":       func(e elem) { index(e, true) },
}

var fixedKernels = map[string]func(){
	"Float32To64":    float32To64,
	"Float64To32":    float64To32,
	"Uint8ToFloat32": uint8ToFloat32,
	"Float32ToUint8": float32ToUint8,
}

const (
	posInf = 1.0
	negInf = -1.0
)

func main() {
	flag.Parse()
	build.ConstraintExpr("!purego")

	var impls []spec.Impl
	for _, e := range []elem{f32, f64} {
		for _, k := range spec.FloatKernels {
			emit, ok := floatKernels[k.Name]
			if !ok {
				log.Fatalf("no AVX2 emitter for %s", k.Name)
			}
			text(k.AsmName(e.Type, isa.Suffix), k.Signature(e.Type))
			emit(e)
			impls = append(impls, spec.Impl{Kernel: k, Type: e.Type})
		}
	}
	for _, k := range spec.FixedKernels {
		emit, ok := fixedKernels[k.Name]
		if !ok {
			log.Fatalf("no AVX2 emitter for %s", k.Name)
		}
		text(k.AsmName(spec.Type{}, isa.Suffix), k.Signature(spec.Type{}))
		emit()
		impls = append(impls, spec.Impl{Kernel: k})
	}
	build.Generate()
	if err := checkRegisters(flag.Lookup("out").Value.String()); err != nil {
		log.Fatal(err)
	}

	if *tablePath != "" {
		err := spec.WriteTable(*tablePath, spec.TableFile{
			Generator:  "gen/avx2",
			Constraint: "!purego",
			Var:        "avx2Table",
			ISA:        isa.Name,
			Suffix:     isa.Suffix,
			Impls:      impls,
		})
		if err != nil {
			log.Fatal(err)
		}
	}
}

// avx512Register matches registers only AVX-512 can encode. avo's allocator
// may hand them out under register pressure, and the Go assembler then
// silently emits EVEX instructions that fault on an AVX2-only CPU.
var avx512Register = regexp.MustCompile(`\b([XY](1[6-9]|2[0-9]|3[01])|Z[0-9]+|K[0-7])\b`)

func checkRegisters(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for i, line := range regexp.MustCompile("\n").Split(string(src), -1) {
		if m := avx512Register.FindString(line); m != "" {
			return fmt.Errorf("%s:%d: AVX-512 register %s in AVX2 code: reduce register pressure", path, i+1, m)
		}
	}
	return nil
}
