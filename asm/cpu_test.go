//go:build !purego

package asm

import (
	"testing"

	"github.com/hotloop/hotloop/internal/registry"
)

// TestRegistryFeatures checks that every cpuid feature the registry names
// is one cpuid knows: a misspelt name would otherwise disable an ISA
// silently (ParseFeature returns UNKNOWN, which no CPU supports).
func TestRegistryFeatures(t *testing.T) {
	for _, isa := range registry.ISAs[1:] {
		if len(isa.Features) == 0 {
			t.Errorf("%s lists no cpuid features", isa.Name)
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Error(r)
				}
			}()
			features(isa.Name)
		}()
	}
}
