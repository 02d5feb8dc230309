//go:build purego

package main

// builtPurego records the purego build tag, under which hotloop compiles
// no assembly. kernels.Supported() being just generic would not tell a
// purego build from a CPU without SIMD, hence the tag-selected constant.
const builtPurego = true
