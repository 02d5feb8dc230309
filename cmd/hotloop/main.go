// Command hotloop shows what hotloop makes of this machine and how fast its
// kernels run here.
//
// Usage:
//
//	hotloop cpu       CPU, features, and the ISA the kernels dispatch to
//	hotloop demo      time every kernel: generic Go against the active ISA
//	hotloop images    DIR -o out.npy: images to one stacked tensor (Pillow-exact)
//	hotloop version   build information
//	hotloop help [command]
//
// Exit status: 0 on success, 1 when a command fails, 2 on a usage error
// (unknown command or bad flag).
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit statuses. 2 for usage errors follows the flag package's convention.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// command is one sub-command. run receives the arguments after the
// command name and returns the exit status.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands is filled in init because help refers back to the list.
var commands []command

func init() {
	commands = []command{
		{"cpu", "CPU, features, and the ISA the kernels dispatch to", runCPU},
		{"demo", "time every kernel: generic Go against the active ISA", runDemo},
		{"images", "a folder of images to one .npy tensor, Pillow's pipeline on all cores", runImages},
		{"version", "build information", runVersion},
		{"help", "this message, or a command's flags (hotloop help demo)", runHelp},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with buffers.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	// Accept the spellings people type out of habit.
	if name == "-h" || name == "-help" || name == "--help" {
		name = "help"
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(stderr, "hotloop: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "hotloop: SIMD kernels for Go, on this machine.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: hotloop <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s  %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "HOTLOOP_ISA=generic|avx2|avx512|neon picks the ISA the kernels start on.")
}

// runHelp prints the general usage, or one command's flags.
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	switch args[0] {
	case "demo":
		fs, _ := demoFlags(stdout)
		fmt.Fprintln(stdout, "Usage: hotloop demo [flags]")
		fmt.Fprintln(stdout)
		fs.PrintDefaults()
		return exitOK
	case "images":
		fs, _ := imagesFlags(stdout)
		fmt.Fprintln(stdout, "Usage: hotloop images DIR|FILE... -o out.npy [flags]")
		fmt.Fprintln(stdout)
		fs.PrintDefaults()
		return exitOK
	}
	if c := lookup(args[0]); c != nil {
		fmt.Fprintf(stdout, "Usage: hotloop %s\n\n%s. It takes no flags.\n", c.name, c.summary)
		return exitOK
	}
	fmt.Fprintf(stderr, "hotloop help: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}
