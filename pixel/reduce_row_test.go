package pixel

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestReduceRow checks reduceRow's output rows (its grey and RGB loops,
// the general one for 2 and 4 channels, and the partial last block)
// against sums taken one value at a time: 1 to 4 channels, widths 1 to
// 70, every factor up to past the width, column sums at their largest
// and random, blocks of up to 257 pixels and past; the output's bytes
// past the row stay untouched.
func TestReduceRow(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 21))
	for ch := 1; ch <= 4; ch++ {
		for w := 1; w <= 70; w++ {
			for fx := 1; fx <= w+3; fx++ {
				rows := uint32(1 + r.IntN(257))
				if r.IntN(2) == 0 {
					rows = uint32(1 + r.IntN(max(1, 257/fx))) // blocks within 16 bits
				}
				cols := make([]uint16, w*ch)
				for i := range cols {
					cols[i] = uint16(r.Uint32N(rows*255 + 1))
					if r.IntN(6) == 0 {
						cols[i] = uint16(rows * 255)
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
						want[x*ch+c] = uint8(((s + n/2) * reduceMultiplier(n)) >> 24)
					}
				}
				got := bytes.Repeat([]byte{guardByte}, len(want)+5)
				reduceRow(got, cols, ch, fx, rows)
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
