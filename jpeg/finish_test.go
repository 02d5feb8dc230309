package jpeg

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// TestFinishMatchesBlocks checks that finish, which transforms a
// progressive component's blocks a row a call (kernels.DequantIDCT), gives
// the samples of the block-by-block path it replaced: a block without AC
// terms filled flat with its rounded DC (the sequential path's way), every
// other block dequantised and through kernels.IDCT. DC-only blocks with
// DCs far past what real files hold (where the whole transform wraps to
// other samples) and corrupt-sized AC terms are included.
func TestFinishMatchesBlocks(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	for round := 0; round < 20; round++ {
		var d decoder
		d.progressive = true
		d.ncomp = 1
		c := &d.comp[0]
		c.bw, c.bh, c.size = 1+rng.Intn(9), 1+rng.Intn(4), 8
		c.stride = c.bw * 8
		c.plane = make([]uint8, c.stride*c.bh*8)
		c.coef = make([]int16, c.bw*c.bh*64)
		c.nz = make([]uint64, c.bw*c.bh)
		for i := range d.quant[0] {
			d.quant[0][i] = int32(1 + rng.Intn(255))
		}
		if round%4 == 3 {
			for i := range d.quant[0] {
				d.quant[0][i] = int32(1 + rng.Intn(65535)) // 16-bit tables
			}
		}
		for b := 0; b < c.bw*c.bh; b++ {
			blk := c.coef[64*b : 64*b+64]
			blk[0] = int16(rng.Intn(1<<16) - 1<<15) // any DC, huge ones too
			switch rng.Intn(3) {
			case 0: // DC only
			case 1:
				for k := 1; k < 64; k++ {
					if rng.Intn(4) == 0 {
						blk[k] = int16(rng.Intn(41) - 20)
					}
				}
			case 2:
				blk[1+rng.Intn(63)] = int16(rng.Intn(1<<16) - 1<<15)
			}
			for k := 1; k < 64; k++ {
				if blk[zigzag[k]&63] != 0 {
					c.nz[b] |= 1 << k
				}
			}
		}
		want := make([]uint8, len(c.plane))
		q := &d.quant[0]
		for by := 0; by < c.bh; by++ {
			for bx := 0; bx < c.bw; bx++ {
				coef := c.coef[(by*c.bw+bx)*64:][:64]
				o := by*8*c.stride + bx*8
				if acZero(coef) {
					v := clamp8((int32(coef[0])*q[0] + 4) >> 3)
					for r := 0; r < 8; r++ {
						copy(want[o+r*c.stride:o+r*c.stride+8], bytes.Repeat([]byte{v}, 8))
					}
					continue
				}
				var blk [64]int32
				for j := range blk {
					blk[j] = int32(coef[j]) * q[j]
				}
				kernels.IDCT(want[o:], c.stride, blk[:])
			}
		}
		d.finish()
		if !bytes.Equal(c.plane, want) {
			for i := range want {
				if c.plane[i] != want[i] {
					b := (i/(8*c.stride))*c.bw + i%c.stride/8
					t.Fatalf("round %d: sample %d (block %d, DC %d, nz %#x) is %d, want %d",
						round, i, b, c.coef[64*b], c.nz[b], c.plane[i], want[i])
				}
			}
		}
	}
}
