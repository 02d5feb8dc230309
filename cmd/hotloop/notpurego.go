//go:build !purego

package main

// builtPurego: see purego.go.
const builtPurego = false
