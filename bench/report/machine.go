package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/hotloop/hotloop/bench/internal/host"
)

// machine is what the report says about where it ran.
type machine struct {
	cpu, cores, goVersion, platform, commit, date, loadBefore, loadAfter string
}

func describeMachine() machine {
	return machine{
		cpu:        host.CPUName(),
		cores:      fmt.Sprintf("%d logical CPUs (GOMAXPROCS %d)", runtime.NumCPU(), runtime.GOMAXPROCS(0)),
		goVersion:  runtime.Version(),
		platform:   runtime.GOOS + "/" + runtime.GOARCH,
		commit:     gitCommit(),
		date:       time.Now().UTC().Format("2006-01-02 15:04 MST"),
		loadBefore: loadAverage(),
	}
}

func gitCommit() string {
	out, err := exec.Command("git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// loadAverage is /proc/loadavg's 1-, 5- and 15-minute figures, or "" on
// systems without it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

var machineFields = []struct {
	key string
	get func(*machine) *string
}{
	{"cpu", func(m *machine) *string { return &m.cpu }},
	{"cores", func(m *machine) *string { return &m.cores }},
	{"go", func(m *machine) *string { return &m.goVersion }},
	{"platform", func(m *machine) *string { return &m.platform }},
	{"commit", func(m *machine) *string { return &m.commit }},
	{"date", func(m *machine) *string { return &m.date }},
	{"load before", func(m *machine) *string { return &m.loadBefore }},
	{"load after", func(m *machine) *string { return &m.loadAfter }},
}

// String is the machine as "key: value" lines, as saved in raw/machine.txt.
func (m machine) String() string {
	var b strings.Builder
	for _, f := range machineFields {
		fmt.Fprintf(&b, "%s: %s\n", f.key, *f.get(&m))
	}
	return b.String()
}

func parseMachine(s string) machine {
	var m machine
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		for _, f := range machineFields {
			if f.key == k {
				*f.get(&m) = strings.TrimSpace(v)
			}
		}
	}
	return m
}

// rows is the machine table of the report.
func (m machine) rows() [][]string {
	var rows [][]string
	for _, f := range machineFields {
		if v := *f.get(&m); v != "" {
			rows = append(rows, []string{f.key, v})
		}
	}
	return rows
}
