package main

import "github.com/hotloop/hotloop/gen/internal/x86"
import "github.com/mmcloughlin/avo/build"

// reduceRow emits ReduceRow<ch>: x86.ReduceRow.Pixels, two output pixels
// a step in YMM registers, grey's blocks of 2 and 4 pixels eight a step.
func reduceRow(ch int) {
	x86.LoadReduceRow(ch).Pixels(true)
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}
