//go:build !purego

package asm

import (
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/klauspost/cpuid/v2"
)

// cpu is the CPU the tables are offered for: the one running, as cpuid
// reports it. Tests replace it with a copy that lacks features, to prove
// an ISA or a kernel needing them is never enabled without them.
var cpu = &cpuid.CPU

// offer is called by each generated table file's init: it enables t as the
// table of the registry ISA name when this CPU reports every cpuid feature
// the registry lists for that ISA. cpuid checks that the OS saves the
// register state (XGETBV) before it reports AVX2 or AVX-512: it sets none
// of the AVX512 features unless XCR0 enables the opmask, ZMM0-15 upper
// halves and ZMM16-31 state as well as XMM and YMM.
func offer(name string, t *Table) {
	if cpu.Supports(features(name)...) {
		*tableVars[name] = t
	}
}

// supports reports whether the CPU has every named cpuid feature; a
// generated table file calls it for the kernels that need more than their
// ISA (AVX-512 VBMI), to swap in their fallbacks where it is false.
func supports(names ...string) bool {
	return cpu.Supports(parseFeatures("table kernel", names)...)
}

// features returns the cpuid IDs of an ISA's registered features; an
// unknown name is a registry error and panics.
func features(name string) []cpuid.FeatureID {
	return parseFeatures("registry ISA "+name, registry.LookupISA(name).Features)
}

func parseFeatures(who string, names []string) []cpuid.FeatureID {
	var ids []cpuid.FeatureID
	for _, f := range names {
		id := cpuid.ParseFeature(f)
		if id == cpuid.UNKNOWN {
			panic("asm: " + who + " needs unknown cpuid feature " + f)
		}
		ids = append(ids, id)
	}
	return ids
}
