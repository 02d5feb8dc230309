package jpeg

import (
	"bytes"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// clampTab[x+256] is x clamped to 0..255 for x in -256..767, the range
// of every sum the conversions form; indexing it with a mask is a
// branch-free clamp (libjpeg's range-limit table serves the same end).
var clampTab [1024]uint8

func init() {
	for i := range clampTab {
		clampTab[i] = clampByte(int32(i) - 256)
	}
}

// yccToRGB converts one row through libjpeg's tables (the form jdcolor.c
// has); dst holds 3*len(y) bytes. The decoder runs kernels.YCbCrToRGB,
// whose arithmetic form TestYCbCrKernelIsLibjpegTables checks against it.
func yccToRGB(dst, y, cb, cr []uint8) {
	n := len(y)
	cb, cr, dst = cb[:n], cr[:n], dst[:3*n]
	for i, v := range y {
		Y := int32(v) + 256
		b, r := cb[i], cr[i]
		if len(dst) < 3 {
			break
		}
		dst[0] = clampTab[(Y+crRTab[r])&1023]
		dst[1] = clampTab[(Y+(cbGTab[b]+crGTab[r])>>16)&1023]
		dst[2] = clampTab[(Y+cbBTab[b])&1023]
		dst = dst[3:]
	}
}

// TestYCbCrKernelIsLibjpegTables checks kernels.YCbCrToRGB against
// libjpeg's table form on every (y, cb, cr).
func TestYCbCrKernelIsLibjpegTables(t *testing.T) {
	y, cb, cr := make([]uint8, 65536), make([]uint8, 65536), make([]uint8, 65536)
	got, want := make([]uint8, 3*65536), make([]uint8, 3*65536)
	for yy := range 256 {
		for i := range y {
			y[i], cb[i], cr[i] = uint8(yy), uint8(i), uint8(i>>8)
		}
		kernels.YCbCrToRGB(got, y, cb, cr)
		yccToRGB(want, y, cb, cr)
		if !bytes.Equal(got, want) {
			t.Fatalf("y %d: the kernel differs from libjpeg's tables", yy)
		}
	}
}
