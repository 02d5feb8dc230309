package pixel

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// reduceSpec is Pillow's ImagingReduceNxN as a direct loop: per output
// pixel and channel, the sum of its (possibly partial) block, rounded as
// ((sum + n/2) * m) >> 24 in uint32. No premultiplication: the test uses
// formats without alpha, or compares premultiplied images.
func reduceSpec(dst, src *Image, fx, fy int) {
	ch := src.Channels()
	for y := 0; y < dst.Height; y++ {
		for x := 0; x < dst.Width; x++ {
			for c := 0; c < ch; c++ {
				var s, n uint32
				for yy := y * fy; yy < min(y*fy+fy, src.Height); yy++ {
					for xx := x * fx; xx < min(x*fx+fx, src.Width); xx++ {
						s += uint32(src.Row(yy)[xx*ch+c])
						n++
					}
				}
				dst.Row(y)[x*ch+c] = uint8(((s + n/2) * pillowMultiplier(n)) >> 24)
			}
		}
	}
}

// pillowMultiplier is Pillow's division_UINT32(n, 8), written out:
// 2^32 / (256 n) in float32, truncated.
func pillowMultiplier(n uint32) uint32 {
	return uint32(float32(1<<32) / float32(n*256))
}

// TestReduceMatchesSpec reduces random Gray and RGB images, with padded
// strides, by random factors (1 to past 257 rows, where the sums leave
// kernels.ReduceColumns' 16 bits, with narrow and wide blocks), on every
// ISA, against reduceSpec; the
// destination's row padding stays untouched.
func TestReduceMatchesSpec(t *testing.T) {
	prev := kernels.Active()
	defer kernels.Use(prev) //nolint:errcheck
	r := rand.New(rand.NewPCG(8, 8))
	for i := 0; i < 120; i++ {
		f := []Format{Gray, RGB}[r.IntN(2)]
		w, h := 1+r.IntN(150), 1+r.IntN(150)
		fx, fy := 1+r.IntN(9), 1+r.IntN(9)
		if i%10 == 0 {
			w, h, fx, fy = 1+r.IntN(4), 258+r.IntN(300), 1+r.IntN(3), 258+r.IntN(300)
		}
		if i%10 == 1 {
			fx, fy = 1+r.IntN(2*w), 1+r.IntN(2*h)
		}
		if i%10 == 2 {
			// wide blocks past 257 rows: the 32-bit column sums through
			// reduceRow's two-pixel steps and the odd pixel after them
			w, h, fx, fy = 20+r.IntN(60), 258+r.IntN(100), 4+r.IntN(11), 258+r.IntN(2)
		}
		src := &Image{Format: f, Width: w, Height: h, Stride: w*f.Channels() + r.IntN(5)}
		src.Pix = make([]uint8, src.Stride*h)
		for j := range src.Pix {
			src.Pix[j] = uint8(r.Uint32())
			if i%7 == 0 {
				src.Pix[j] = 255
			}
		}
		want := New(f, ceilDiv(w, fx), ceilDiv(h, fy))
		reduceSpec(want, src, fx, fy)
		for _, isa := range kernels.Supported() {
			if err := kernels.Use(isa); err != nil {
				t.Fatal(err)
			}
			dst := &Image{Format: f, Width: want.Width, Height: want.Height, Stride: want.Width*f.Channels() + 3}
			dst.Pix = bytes.Repeat([]byte{guardByte}, dst.Stride*dst.Height)
			if err := Reduce(dst, src, fx, fy); err != nil {
				t.Fatal(err)
			}
			for y := 0; y < dst.Height; y++ {
				row := dst.Pix[y*dst.Stride : (y+1)*dst.Stride]
				if !bytes.Equal(row[:len(row)-3], want.Row(y)) {
					t.Fatalf("%s: %s %dx%d by %dx%d: row %d is %v, want %v", isa, f, w, h, fx, fy, y, row[:len(row)-3], want.Row(y))
				}
				if !bytes.Equal(row[len(row)-3:], []byte{guardByte, guardByte, guardByte}) {
					t.Fatalf("%s: row %d padding written", isa, y)
				}
			}
		}
	}
}

// TestReduceEmpty reduces images of no columns or no rows: nothing to
// do, and no panic.
func TestReduceEmpty(t *testing.T) {
	for _, f := range []Format{Gray, GrayAlpha, RGB, RGBA} {
		for _, wh := range [][2]int{{0, 5}, {7, 0}, {0, 0}} {
			src := New(f, wh[0], wh[1])
			dst := New(f, ceilDiv(wh[0], 3), ceilDiv(wh[1], 2))
			if err := Reduce(dst, src, 3, 2); err != nil {
				t.Fatalf("%s %dx%d: %v", f, wh[0], wh[1], err)
			}
		}
	}
}
