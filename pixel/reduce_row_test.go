package pixel

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestReduceRow32 checks reduceRow32's output rows (whole blocks and the
// partial last one) against sums taken one value at a time: 1 to 4
// channels, widths 1 to 70, every factor up to past the width, column
// sums at their largest and random, bands of up to 257 rows and past
// (the bands it serves); the output's bytes past the row stay untouched.
func TestReduceRow32(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 21))
	for ch := 1; ch <= 4; ch++ {
		for w := 1; w <= 70; w++ {
			for fx := 1; fx <= w+3; fx++ {
				rows := uint32(1 + r.IntN(257))
				if r.IntN(2) == 0 {
					rows = uint32(258 + r.IntN(3000))
				}
				cols := make([]uint32, w*ch)
				for i := range cols {
					cols[i] = r.Uint32N(rows*255 + 1)
					if r.IntN(6) == 0 {
						cols[i] = rows * 255
					}
				}
				outW := ceilDiv(w, fx)
				want := make([]uint8, outW*ch)
				for x := 0; x < outW; x++ {
					for c := 0; c < ch; c++ {
						var s uint32
						px := min(fx, w-x*fx)
						for k := 0; k < px; k++ {
							s += uint32(cols[(x*fx+k)*ch+c])
						}
						n := rows * uint32(px)
						want[x*ch+c] = uint8(((s + n/2) * pillowMultiplier(n)) >> 24)
					}
				}
				got := bytes.Repeat([]byte{guardByte}, len(want)+5)
				reduceRow32(got, cols, ch, fx, rows)
				if !bytes.Equal(got[:len(want)], want) {
					t.Fatalf("%d channels, width %d, fx %d, %d rows: %v, want %v", ch, w, fx, rows, got[:len(want)], want)
				}
				if !bytes.Equal(got[len(want):], bytes.Repeat([]byte{guardByte}, 5)) {
					t.Fatalf("%d channels, width %d, fx %d: bytes past the row written", ch, w, fx)
				}
			}
		}
	}
}
