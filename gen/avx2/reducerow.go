package main

import "github.com/hotloop/hotloop/gen/internal/x86"
import "github.com/mmcloughlin/avo/build"

// reduceRow emits ReduceRow<ch>: x86.ReduceRow.Pixels, two output pixels
// a step in YMM registers.
func reduceRow(ch int) {
	x86.LoadReduceRow(ch).Pixels()
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}
