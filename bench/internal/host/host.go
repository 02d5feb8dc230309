// Package host describes the machine benchmarks run on, for the
// bench module's commands (report, pipeline).
package host

import (
	"os"
	"strings"

	"github.com/klauspost/cpuid/v2"
)

// CPUName is /proc/cpuinfo's model name where there is one (what the
// vendor calls the part; virtual machines often rename it), with cpuid's
// brand string beside it when they differ.
func CPUName() string {
	brand := strings.TrimSpace(cpuid.CPU.BrandName)
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				v = strings.TrimSpace(v)
				if brand != "" && brand != v {
					return v + " (cpuid: " + brand + ")"
				}
				return v
			}
		}
	}
	if brand == "" {
		return "unknown"
	}
	return brand
}
