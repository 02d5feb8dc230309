package registry

// ISA describes one instruction set hotloop has kernels for. This table is
// the only place ISAs are listed: package kernels takes their numbers,
// names and preference from it, package asm their CPU checks, the
// generators their assembly suffixes and the test kit their reduction
// order.
type ISA struct {
	// Name is the lower-case name HOTLOOP_ISA and kernels.ISA.String use.
	Name string
	// Const is the Go name of the ISA: the kernels constant and the asm
	// table variable.
	Const string
	// Doc describes the CPUs that run the ISA, for the constants' docs.
	Doc string
	// Suffix ends the names of the ISA's assembly functions ("AVX2"); it
	// is empty for the pure-Go reference.
	Suffix string
	// GOARCH is the architecture the ISA's assembly is built for.
	GOARCH string
	// Features are the cpuid feature names (klauspost/cpuid's ParseFeature
	// spelling) the CPU must report, OS support for the register state
	// included, before the ISA's table is used.
	Features []string
	// Preference ranks the ISAs: the supported one with the highest
	// preference runs by default.
	Preference int
	// VectorBytes is the width of one vector register.
	VectorBytes int
	// Fold is how a reduction folds the lanes of its last accumulator.
	Fold Fold
	// MaskedTail reports that the ISA's loops end with one masked vector
	// step instead of a scalar loop (AVX-512's opmasks): a reduction adds
	// the remaining elements into lanes 0.. of accumulator 0, before the
	// tree and the fold, instead of into the folded lane one by one.
	MaskedTail bool
	// Extends names the ISA whose kernels this one falls back to, kernel by
	// kernel, where it has none of its own ("avx2" for AVX-512): its
	// generator puts them in its table, and package kernels fills any gap
	// a stale table still has from that ISA's table before the generic one.
	Extends string
	// Built reports whether the generators emit kernels for the ISA yet.
	Built bool
}

// Fold is the order in which the lanes of a vector are folded into one.
type Fold uint8

const (
	// FoldHalves adds the upper half of the lanes onto the lower half,
	// then again on the half, down to lane 0 (x86: extract, movhl, shuffle).
	FoldHalves Fold = iota
	// FoldPairs adds adjacent lanes pairwise, again and again, down to
	// lane 0 (Arm's FADDP and friends).
	FoldPairs
)

// ISAs are the instruction sets by number: kernels.ISA(i) is ISAs[i].
var ISAs = []ISA{
	{Name: "generic", Const: "Generic", Doc: "the pure-Go reference implementation; every CPU runs it.",
		Preference: 0, Built: true},
	{Name: "avx2", Const: "AVX2", Doc: "amd64 with AVX2 and FMA (Intel Haswell, AMD Zen and later).", Suffix: "AVX2", GOARCH: "amd64", Features: []string{"AVX2", "FMA3"},
		Preference: 2, VectorBytes: 32, Fold: FoldHalves, Built: true},
	{Name: "avx512", Const: "AVX512", Doc: "amd64 with AVX-512 F, BW, DQ and VL.", Suffix: "AVX512", GOARCH: "amd64", Features: []string{"AVX512F", "AVX512BW", "AVX512DQ", "AVX512VL"},
		Preference: 3, VectorBytes: 64, Fold: FoldHalves, MaskedTail: true, Extends: "avx2", Built: true},
	{Name: "neon", Const: "NEON", Doc: "arm64 Advanced SIMD (every arm64 CPU).", Suffix: "NEON", GOARCH: "arm64", Features: []string{"ASIMD"},
		Preference: 1, VectorBytes: 16, Fold: FoldPairs, Built: true},
}

// LookupISA returns the ISA with the given name; it panics on an unknown
// name, which is a programming error in a generator or test.
func LookupISA(name string) ISA {
	for _, isa := range ISAs {
		if isa.Name == name {
			return isa
		}
	}
	panic("registry: no ISA " + name)
}
