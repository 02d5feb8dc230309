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

// quantBlocks returns n blocks of quantised coefficients of a kind and a
// quantiser table: "photo" (small low-frequency terms, 8-bit
// quantisers, as real files hold), "dense" (every term, any int16; 16-bit
// quantisers), "wrap" (any int16 times any int32: the products wrap),
// "dc" (DC only) or "zero".
func quantBlocks(r *rand.Rand, n int, kind string) ([]int16, []int32) {
	coef := make([]int16, 64*n)
	q := make([]int32, 64)
	for i := range q {
		switch kind {
		case "dense":
			q[i] = int32(1 + r.IntN(65535))
		case "wrap":
			q[i] = int32(r.Uint32())
		default:
			q[i] = int32(1 + r.IntN(255))
		}
	}
	for i := range coef {
		k := i % 64
		switch kind {
		case "photo":
			if k < 16 || r.IntN(8) == 0 {
				coef[i] = int16(r.IntN(41) - 20)
			}
			if k == 0 {
				coef[i] = int16(r.IntN(256) - 128)
			}
		case "dense", "wrap":
			coef[i] = int16(r.Uint32())
		case "dc":
			if k == 0 {
				coef[i] = int16(r.IntN(2048) - 1024)
			}
		}
	}
	return coef, q
}

// dequantIDCTTest is the test of DequantIDCT on the ISA TestKernels
// forces: the table kernel against the generic reference (and the
// reference against IDCT of the products) for 0..20 blocks of every kind
// at several strides, the bytes around the blocks untouched and the
// inputs unchanged; then coef, q and dst flush against PROT_NONE pages;
// then the refusals.
func dequantIDCTTest(t *testing.T) {
	r := testkit.NewRand(11)
	kernel := fixed().DequantIDCT
	for n := 0; n <= 20; n++ {
		for _, kind := range []string{"photo", "dense", "wrap", "dc", "zero"} {
			coef, q := quantBlocks(r, n, kind)
			origC, origQ := append([]int16(nil), coef...), append([]int32(nil), q...)
			stride := 8*n + []int{0, 1, 7, 64}[r.IntN(4)]
			gd := testkit.NewGuarded[uint8](blocksBytes(n, stride), r.IntN(8), 0x5a)
			dst := gd.S()
			want := bytes.Clone(dst)
			dequantIDCTGeneric(want, stride, coef, q)
			blk := make([]int32, len(coef))
			for i := range blk {
				blk[i] = int32(coef[i]) * q[i%64]
			}
			byIDCT := bytes.Clone(dst)
			idctGeneric(byIDCT, stride, blk)
			if !bytes.Equal(want, byIDCT) {
				t.Fatalf("%d %s blocks: the reference differs from IDCT of the products", n, kind)
			}
			kernel(dst, stride, coef, q)
			checkBlockBytes(t, fmt.Sprintf("%d %s blocks", n, kind), stride, dst, want)
			gd.Check(t, "dst")
			if !slices.Equal(coef, origC) || !slices.Equal(q, origQ) {
				t.Fatal("coef or q changed")
			}
			DequantIDCT(dst, stride, coef, q)
			if !bytes.Equal(dst, want) {
				t.Fatalf("DequantIDCT: %d %s blocks differ from the reference", n, kind)
			}
		}
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	fd, fc, fq := testkit.NewFence(t), testkit.NewFence(t), testkit.NewFence(t)
	for _, n := range []int{1, 2, 3, 16} {
		for _, atEnd := range []bool{true, false} {
			c, qv := quantBlocks(r, n, "photo")
			coef := testkit.Place(fc, 64*n, atEnd, int16(0))
			copy(coef, c)
			q := testkit.Place(fq, 64, atEnd, int32(0))
			copy(q, qv)
			stride := 8 * n
			dst := testkit.Place(fd, 7*stride+8*n, atEnd, uint8(0))
			want := make([]uint8, len(dst))
			dequantIDCTGeneric(want, stride, coef, q)
			kernel(dst, stride, coef, q)
			if !bytes.Equal(dst, want) {
				t.Fatalf("fenced, %d blocks: differ from the reference", n)
			}
		}
	}

	coef := make([]int16, 128)
	q := make([]int32, 64)
	dst := make([]uint8, 7*16+16)
	kernel(nil, 0, nil, nil) // no block: any q
	for name, call := range map[string]func(){
		"partial block":         func() { kernel(dst, 16, coef[:100], q) },
		"short q":               func() { kernel(dst, 16, coef, q[:63]) },
		"long q":                func() { kernel(dst, 16, coef, append(q, 1)) },
		"narrow stride":         func() { kernel(dst, 15, coef, q) },
		"short dst":             func() { kernel(dst[:len(dst)-1], 16, coef, q) },
		"negative":              func() { kernel(dst, -16, coef, q) },
		"huge stride":           func() { kernel(dst, math.MaxInt/2, coef, q) },
		"DequantIDCT short dst": func() { DequantIDCT(dst[:len(dst)-1], 16, coef, q) },
		"DequantIDCT short q":   func() { DequantIDCT(dst, 16, coef, q[:1]) },
		"generic short q":       func() { dequantIDCTGeneric(dst, 16, coef, q[:1]) },
	} {
		testkit.ExpectPanic(t, name, call, "DequantIDCT")
	}
}

func init() { handTests["DequantIDCT"] = dequantIDCTTest }
