package jpeg

import (
	"math/rand"
	"testing"
)

// idct2Ref is libjpeg's 2x2 inverse DCT as written there: the columns
// and rows whose odd terms are all zero take the shortcut of the DC.
func idct2Ref(in *[64]int32, dst []uint8, stride int) {
	var ws [16]int32
	for c := 0; c < 8; c++ {
		if c == 2 || c == 4 || c == 6 {
			continue
		}
		if in[8+c]|in[24+c]|in[40+c]|in[56+c] == 0 {
			ws[c], ws[8+c] = in[c]<<pass1Bits, in[c]<<pass1Bits
			continue
		}
		t10 := in[c] << (constBits + 2)
		t0 := -in[56+c]*fix0_720959822 + in[40+c]*fix0_850430095 - in[24+c]*fix1_272758580 + in[8+c]*fix3_624509785
		const sh = constBits - pass1Bits + 2
		ws[c] = (t10 + t0 + 1<<(sh-1)) >> sh
		ws[8+c] = (t10 - t0 + 1<<(sh-1)) >> sh
	}
	for r := 0; r < 2; r++ {
		w := ws[8*r : 8*r+8]
		if w[1]|w[3]|w[5]|w[7] == 0 {
			v := clamp8((w[0] + 1<<(pass1Bits+2)) >> (pass1Bits + 3))
			dst[r*stride], dst[r*stride+1] = v, v
			continue
		}
		t10 := w[0] << (constBits + 2)
		t0 := -w[7]*fix0_720959822 + w[5]*fix0_850430095 - w[3]*fix1_272758580 + w[1]*fix3_624509785
		const sh = constBits + pass1Bits + 3 + 2
		dst[r*stride] = clamp8((t10 + t0 + 1<<(sh-1)) >> sh)
		dst[r*stride+1] = clamp8((t10 - t0 + 1<<(sh-1)) >> sh)
	}
}

// TestIDCT2 compares idct2 with idct2Ref on random blocks: sparse ones
// (the shortcuts taken) and dense ones, with dequantised values up to
// 1024, the range of 8-bit samples' coefficients (|DC| <= 1024). Far
// beyond it (corrupt files) the int32 sums wrap, and where they do, the
// shortcuts and the sums give different samples (libjpeg's sums are 64-bit).
func TestIDCT2(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for trial := 0; trial < 20000; trial++ {
		var in [64]int32
		limit := []int32{4, 200, 1024}[trial%3]
		for i := range in {
			if rng.Intn(1+trial%5) == 0 {
				in[i] = rng.Int31n(2*limit+1) - limit
			}
		}
		var got, want [3 * 2]uint8
		idct2(&in, got[:], 3)
		idct2Ref(&in, want[:], 3)
		if got != want {
			t.Fatalf("block %v: %v, want %v", in, got, want)
		}
	}
}

// TestIDCT2Slot checks idct2Slot (with idct2Weights) against idct2 on the
// dequantised block:
// random coefficients as coded (up to the 11 bits of 8-bit data, and the
// 15 of corrupt magnitudes), random quantisers, placed by zigzag2 as
// skipRun places them (every zigzag position, the ones idct2 does not
// read landing on the slot's spare places).
func TestIDCT2Slot(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := 0; trial < 20000; trial++ {
		var q [64]int32
		for i := range q {
			q[i] = 1 + rng.Int31n([]int32{1, 40, 255}[trial%3])
		}
		limit := []int32{4, 1023, 32767}[trial%3]
		var slot [slot2Len]int16
		var blk [64]int32
		for k := 1; k < 64; k++ {
			if rng.Intn(1+trial%4) != 0 {
				continue
			}
			v := rng.Int31n(2*limit+1) - limit
			slot[zigzag2[k]] = int16(v)
			blk[zigzag[k]] = v * q[zigzag[k]]
		}
		dc := rng.Int31n(2047*8) - 1023*8
		blk[0] = dc
		var got, want [3 * 2]uint8
		var w idct2Weights
		w.set(&q)
		idct2Slot(&slot, &w, dc, got[:], 3)
		idct2(&blk, want[:], 3)
		if got != want {
			t.Fatalf("trial %d: %v, want %v", trial, got, want)
		}
	}
}
