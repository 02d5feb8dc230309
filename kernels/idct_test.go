package kernels

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// idctBlocks returns n blocks of coefficients of a kind: "photo" (a few
// low-frequency terms times 8-bit quantisers, as real files hold), "dense"
// (every term, large), "wrap" (any int32: the arithmetic wraps), "dc"
// (DC only) or "zero".
func idctBlocks(r *rand.Rand, n int, kind string) []int32 {
	blk := make([]int32, 64*n)
	for i := range blk {
		k := i % 64
		switch kind {
		case "photo":
			if k < 16 || r.IntN(8) == 0 {
				blk[i] = int32(r.IntN(201)-100) * int32(1+r.IntN(60))
			}
			if k == 0 {
				blk[i] = int32(r.IntN(2048)-1024) * int32(1+r.IntN(16))
			}
		case "dense":
			blk[i] = int32(r.IntN(1<<16) - 1<<15)
		case "wrap":
			blk[i] = int32(r.Uint32())
		case "dc":
			if k == 0 {
				blk[i] = int32(r.IntN(1<<14) - 1<<13)
			}
		}
	}
	return blk
}

// blocksBytes is the destination size of n blocks' 8 rows, stride apart:
// 7*stride + 8n bytes, none for no block.
func blocksBytes(n, stride int) int {
	if n == 0 {
		return 0
	}
	return 7*stride + 8*n
}

// checkBlockBytes fails t at the first byte where got, the samples of
// blocks stride apart, differs from want, naming its block and row.
func checkBlockBytes(t *testing.T, what string, stride int, got, want []uint8) {
	t.Helper()
	if i := firstByteDiff(got, want); i >= 0 {
		t.Fatalf("%s, stride %d: byte %d (block %d, row %d) is %d, want %d",
			what, stride, i, (i%stride)/8, i/stride, got[i], want[i])
	}
}

// idctTest is the test of IDCT on the ISA TestKernels forces: the table
// kernel against the generic reference for 0..20 blocks of every kind at
// several strides, the bytes between and around the blocks untouched;
// then blk and dst flush against PROT_NONE pages; then the refusals of
// bad geometry.
func idctTest(t *testing.T) {
	r := testkit.NewRand(9)
	kernel := fixed().IDCT
	for n := 0; n <= 20; n++ {
		for _, kind := range []string{"photo", "dense", "wrap", "dc", "zero"} {
			blk := idctBlocks(r, n, kind)
			orig := append([]int32(nil), blk...)
			stride := 8*n + []int{0, 1, 7, 64}[r.IntN(4)]
			gd := testkit.NewGuarded[uint8](blocksBytes(n, stride), r.IntN(8), 0xa5)
			dst := gd.S()
			want := bytes.Clone(dst)
			idctGeneric(want, stride, blk)
			kernel(dst, stride, blk)
			checkBlockBytes(t, fmt.Sprintf("%d %s blocks", n, kind), stride, dst, want)
			gd.Check(t, "dst")
			if !slices.Equal(blk, orig) {
				t.Fatal("blk changed")
			}
			IDCT(dst, stride, blk)
			if !bytes.Equal(dst, want) {
				t.Fatalf("IDCT: %d %s blocks differ from the reference", n, kind)
			}
		}
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	fd, fb := testkit.NewFence(t), testkit.NewFence(t)
	for _, n := range []int{1, 2, 3, 16} {
		for _, atEnd := range []bool{true, false} {
			blk := testkit.Place(fb, 64*n, atEnd, int32(0))
			copy(blk, idctBlocks(r, n, "photo"))
			stride := 8 * n
			dst := testkit.Place(fd, 7*stride+8*n, atEnd, uint8(0))
			want := make([]uint8, len(dst))
			idctGeneric(want, stride, blk)
			kernel(dst, stride, blk)
			if !bytes.Equal(dst, want) {
				t.Fatalf("fenced, %d blocks: differ from the reference", n)
			}
		}
	}

	blk := make([]int32, 128)
	dst := make([]uint8, 7*16+16)
	for name, call := range map[string]func(){
		"partial block":  func() { kernel(dst, 16, blk[:100]) },
		"narrow stride":  func() { kernel(dst, 15, blk) },
		"short dst":      func() { kernel(dst[:len(dst)-1], 16, blk) },
		"negative":       func() { kernel(dst, -16, blk) },
		"huge stride":    func() { kernel(dst, math.MaxInt/2, blk) },
		"IDCT short dst": func() { IDCT(dst[:len(dst)-1], 16, blk) },
	} {
		testkit.ExpectPanic(t, name, call, "IDCT")
	}
}

func init() { handTests["IDCT"] = idctTest }

// TestIDCTIsInverseDCT checks the reference against the inverse DCT's
// definition in float64 on photo-like blocks: libjpeg's integer version
// stays within one level of it.
func TestIDCTIsInverseDCT(t *testing.T) {
	r := testkit.NewRand(10)
	for k := 0; k < 500; k++ {
		blk := idctBlocks(r, 1, "photo")
		for i := range blk {
			blk[i] /= 4 // stay clear of the saturation
		}
		got := make([]uint8, 64)
		idctGeneric(got, 8, blk)
		for y := 0; y < 8; y++ {
			for x := 0; x < 8; x++ {
				s := 0.0
				for v := 0; v < 8; v++ {
					for u := 0; u < 8; u++ {
						cu, cv := 1.0, 1.0
						if u == 0 {
							cu = math.Sqrt2 / 2
						}
						if v == 0 {
							cv = math.Sqrt2 / 2
						}
						s += cu * cv * float64(blk[8*v+u]) *
							math.Cos(float64(2*x+1)*float64(u)*math.Pi/16) *
							math.Cos(float64(2*y+1)*float64(v)*math.Pi/16)
					}
				}
				want := math.Max(0, math.Min(255, math.Round(s/4+128)))
				if d := math.Abs(float64(got[8*y+x]) - want); d > 1 {
					t.Fatalf("block %v: sample (%d, %d) is %d, the DCT gives %v", blk, x, y, got[8*y+x], want)
				}
			}
		}
	}
}
