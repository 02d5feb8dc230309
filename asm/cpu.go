//go:build !purego

package asm

import (
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/klauspost/cpuid/v2"
)

// offer is called by each generated table file's init: it enables t as the
// table of the registry ISA name when this CPU reports every cpuid feature
// the registry lists for that ISA. cpuid checks that the OS saves the
// register state (XGETBV) before it reports AVX2 or AVX-512.
func offer(name string, t *Table) {
	if cpuid.CPU.Supports(features(name)...) {
		*tableVars[name] = t
	}
}

// features returns the cpuid IDs of an ISA's registered features; an
// unknown name is a registry error and panics.
func features(name string) []cpuid.FeatureID {
	var ids []cpuid.FeatureID
	for _, f := range registry.LookupISA(name).Features {
		id := cpuid.ParseFeature(f)
		if id == cpuid.UNKNOWN {
			panic("asm: registry ISA " + name + " needs unknown cpuid feature " + f)
		}
		ids = append(ids, id)
	}
	return ids
}
