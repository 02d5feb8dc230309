package kernels

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// FuzzJPEGKernels feeds arbitrary bytes to the JPEG kernels (IDCT as
// whole blocks of int32 coefficients, every bit pattern; DequantIDCT as
// whole blocks of int16 coefficients and the block of int32 quantisers
// the data starts with, where it is long enough: 1 to 255, or any int32
// with k's second bit; YCbCrToRGB and the upsampling on the bytes as
// planes) and compares every supported ISA with the generic reference.
// `go test` runs its seeds.
func FuzzJPEGKernels(f *testing.F) {
	seedBytes(f)
	b := make([]byte, 4*64*3+7)
	for i := range b {
		b[i] = byte(i*53 + 7)
	}
	f.Add(b, uint8(9))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		blk := make([]int32, len(data)/4/64*64)
		for i := range blk {
			v := int32(binary.LittleEndian.Uint32(data[4*i:]))
			if k&1 != 0 {
				v >>= 16 // coefficient-sized values as well as any int32
			}
			blk[i] = v
		}
		n := len(blk) / 64
		stride := 8*n + int(k%5)
		size := blocksBytes(n, stride)
		wantB := make([]uint8, size)
		idctGeneric(wantB, stride, blk)

		q := make([]int32, 64)
		for i := range q {
			v := int32(i + 1)
			if 4*i+4 <= len(data) {
				v = int32(binary.LittleEndian.Uint32(data[4*i:]))
			}
			if k&2 == 0 {
				v = 1 + int32(uint32(v)%255)
			}
			q[i] = v
		}
		coef := make([]int16, len(data)/2/64*64)
		for i := range coef {
			coef[i] = int16(binary.LittleEndian.Uint16(data[2*i:]))
		}
		nq := len(coef) / 64
		strideQ := 8*nq + int(k%3)
		sizeQ := blocksBytes(nq, strideQ)
		wantQ := make([]uint8, sizeQ)
		dequantIDCTGeneric(wantQ, strideQ, coef, q)

		third := len(data) / 3
		y, cb, cr := data[:third], data[third:2*third], data[2*third:3*third]
		wantC := make([]uint8, 3*third)
		yCbCrToRGBGeneric(wantC, y, cb, cr)
		wantU1, wantU2 := make([]uint8, 2*third), make([]uint8, 2*third)
		upsampleH2V1Generic(wantU1, y)
		upsampleH2V2Generic(wantU2, y, cb)

		eachISA(t, func(isa ISA) {
			got := make([]uint8, size)
			IDCT(got, stride, blk)
			if !bytes.Equal(got, wantB) {
				t.Fatalf("%v: IDCT of %d blocks differs from the reference", isa, n)
			}
			got = make([]uint8, sizeQ)
			DequantIDCT(got, strideQ, coef, q)
			if !bytes.Equal(got, wantQ) {
				t.Fatalf("%v: DequantIDCT of %d blocks differs from the reference", isa, nq)
			}
			got = make([]uint8, 3*third)
			YCbCrToRGB(got, y, cb, cr)
			if !bytes.Equal(got, wantC) {
				t.Fatalf("%v: YCbCrToRGB of %d pixels differs from the reference", isa, third)
			}
			got = make([]uint8, 2*third)
			UpsampleH2V1(got, y)
			if !bytes.Equal(got, wantU1) {
				t.Fatalf("%v: UpsampleH2V1 of %d samples differs from the reference", isa, third)
			}
			UpsampleH2V2(got, y, cb)
			if !bytes.Equal(got, wantU2) {
				t.Fatalf("%v: UpsampleH2V2 of %d samples differs from the reference", isa, third)
			}
		})
	})
}
