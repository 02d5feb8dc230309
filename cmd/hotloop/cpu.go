package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"

	"github.com/hotloop/hotloop/internal/registry"
	"github.com/hotloop/hotloop/kernels"
)

// featureGroup is a row of CPU features printed together, with the
// hotloop ISA they matter for, so a reader sees at once why an ISA is or
// is not in the supported list.
type featureGroup struct {
	label    string
	features []cpuid.FeatureID
}

// otherFeatures lists, per architecture, the features worth showing
// besides those an ISA needs: the baseline, and those that decide what
// some kernels use (AVX512VBMI: without it the avx512 table runs AVX2's
// RGBToGray, RGBAToRGB, GrayToRGB, YCbCrToRGB and ResampleRow3;
// AVX512VNNI: ResampleRow3/4 and ResampleRows3/4) or later kernels could
// use (dot-product and half-precision instructions, SVE).
var otherFeatures = map[string][]featureGroup{
	"amd64": {
		{"baseline", []cpuid.FeatureID{cpuid.SSE42, cpuid.AVX, cpuid.F16C, cpuid.BMI2}},
		{"other", []cpuid.FeatureID{cpuid.AVX512VBMI, cpuid.AVX512VNNI, cpuid.AVX512BF16, cpuid.AVX512FP16, cpuid.AVXVNNI, cpuid.AMXTILE}},
	},
	"arm64": {
		{"other", []cpuid.FeatureID{cpuid.ASIMDDP, cpuid.ASIMDHP, cpuid.FPHP, cpuid.I8MM, cpuid.SVE, cpuid.SVE2}},
	},
}

// featureGroups returns the feature groups shown for arch: each ISA of
// the registry built for arch with the cpuid features it needs, between
// the baseline and the others.
func featureGroups(arch string) []featureGroup {
	var isas []featureGroup
	for _, isa := range registry.ISAs {
		if isa.GOARCH != arch {
			continue
		}
		g := featureGroup{label: isa.Name + " ISA"}
		for _, f := range isa.Features {
			g.features = append(g.features, cpuid.ParseFeature(f))
		}
		isas = append(isas, g)
	}
	other := otherFeatures[arch]
	if len(other) > 0 && other[0].label == "baseline" {
		return append(append([]featureGroup{other[0]}, isas...), other[1:]...)
	}
	return append(isas, other...)
}

func runCPU(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "hotloop cpu: takes no arguments, got %q\n", args)
		return exitUsage
	}
	writeCPUReport(stdout)
	return exitOK
}

// writeCPUReport prints the machine, the Go runtime's view of it and
// hotloop's dispatch decision.
func writeCPUReport(w io.Writer) {
	c := &cpuid.CPU
	t := newTable("", "")
	t.leftAlign(0, 1)

	t.section("CPU")
	t.row("brand", orUnknown(c.BrandName))
	vendor := orUnknown(c.VendorString)
	if c.HypervisorVendorID != cpuid.VendorUnknown {
		vendor += ", under hypervisor " + c.HypervisorVendorID.String()
	}
	t.row("vendor", vendor)
	t.row("family/model", fmt.Sprintf("family %d, model %d, stepping %d", c.Family, c.Model, c.Stepping))
	t.row("cores", fmt.Sprintf("%d logical = %d physical x %d thread(s) each", c.LogicalCores, c.PhysicalCores, c.ThreadsPerCore))
	t.row("caches", fmt.Sprintf("L1d %s, L1i %s, L2 %s, L3 %s",
		cacheSize(c.Cache.L1D), cacheSize(c.Cache.L1I), cacheSize(c.Cache.L2), cacheSize(c.Cache.L3)))

	t.section("Features")
	groups := featureGroups(runtime.GOARCH)
	if groups == nil {
		t.row("", "no SIMD ISA of hotloop's on "+runtime.GOARCH)
	}
	for _, g := range groups {
		var parts []string
		for _, f := range g.features {
			parts = append(parts, featureName(f)+" "+yesNo(c.Supports(f)))
		}
		t.row(g.label, strings.Join(parts, "  "))
	}

	t.section("Go")
	t.row("GOOS/GOARCH", runtime.GOOS+"/"+runtime.GOARCH)
	t.row("GOMAXPROCS", fmt.Sprintf("%d (NumCPU %d)", runtime.GOMAXPROCS(0), runtime.NumCPU()))
	t.row("toolchain", runtime.Version())
	purego := "no"
	if builtPurego {
		purego = "yes: no assembly compiled in, generic kernels only"
	}
	t.row("purego tag", purego)

	t.section("hotloop")
	var isas []string
	for _, isa := range kernels.Supported() {
		isas = append(isas, isa.String())
	}
	t.row("supported", strings.Join(isas, " "))
	t.row("active", kernels.Active().String())
	t.row("reason", kernels.ActiveReason())
	t.write(w)
}

// featureName spells a cpuid feature the way CPU manuals do where the
// identifier differs (SSE42 is SSE4.2).
func featureName(f cpuid.FeatureID) string {
	if f == cpuid.SSE42 {
		return "SSE4.2"
	}
	return f.String()
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func orUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		// qemu-user and some VMs report no brand string.
		return "(unknown)"
	}
	return s
}

// cacheSize formats a cpuid cache size; cpuid reports -1 when it could
// not tell.
func cacheSize(bytes int) string {
	switch {
	case bytes <= 0:
		return "?"
	case bytes >= 1<<20 && bytes%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", bytes>>20)
	case bytes >= 1<<10:
		return fmt.Sprintf("%d KiB", bytes>>10)
	}
	return fmt.Sprintf("%d B", bytes)
}
