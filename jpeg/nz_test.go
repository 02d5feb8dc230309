package jpeg

import (
	"math/rand"
	"testing"
)

// TestNonZeroMask checks the invariant the refinement scans rely on: after
// a progressive decode, every block's mask bit k (1..63) is set exactly
// when the coefficient at zigzag position k is non-zero, for the test
// files and bit-flipped copies of them (corrupt runs, shifts past int16).
func TestNonZeroMask(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	var dec Decoder
	checked := 0
	for name, data := range testFiles(t) {
		for flip := 0; flip <= 40; flip++ {
			b := data
			if flip > 0 {
				b = append([]byte(nil), data...)
				for i := 0; i < 1+rng.Intn(4); i++ {
					b[len(b)/4+rng.Intn(len(b)-len(b)/4)] ^= 1 << rng.Intn(8)
				}
			}
			if _, err := dec.DecodeBytes(b); err != nil && !isTruncated(err) {
				continue
			}
			d := &dec.d
			if !d.progressive {
				break
			}
			for i := 0; i < d.ncomp; i++ {
				c := &d.comp[i]
				for blk := 0; blk < c.bw*c.bh; blk++ {
					coef := c.coef[blk*64 : blk*64+64]
					for k := 1; k < 64; k++ {
						if got, want := c.nz[blk]>>k&1 != 0, coef[zigzag[k]] != 0; got != want {
							t.Fatalf("%s flip %d: component %d block %d position %d: mask %v, coefficient %d",
								name, flip, i, blk, k, got, coef[zigzag[k]])
						}
					}
				}
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no progressive file decoded")
	}
	t.Logf("%d progressive decodes checked", checked)
}
