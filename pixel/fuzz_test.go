package pixel

import (
	"bytes"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// fuzzImage builds an image of format f (from a byte) and a size from the
// fuzz input, with a stride up to 7 bytes longer than a row, pixels from
// data.
func fuzzImage(fb, w, h, pad uint8, data []byte) *Image {
	f := Format(fb%4 + 1)
	width, height := int(w%40)+1, int(h%40)+1
	stride := width*f.Channels() + int(pad%8)
	m := &Image{Format: f, Width: width, Height: height, Stride: stride, Pix: make([]uint8, stride*height)}
	for i := range m.Pix {
		if len(data) > 0 {
			m.Pix[i] = data[i%len(data)] + uint8(i/len(data))
		}
	}
	return m
}

// FuzzConvert converts random images between random formats on every ISA
// this machine runs: the results must agree (the SIMD row kernels against
// the generic ones), and the padding of the destination's rows must stay
// untouched.
func FuzzConvert(f *testing.F) {
	f.Add(uint8(2), uint8(0), uint8(17), uint8(3), uint8(5), []byte{1, 2, 3, 250})
	f.Add(uint8(3), uint8(1), uint8(33), uint8(1), uint8(0), []byte{})
	f.Fuzz(func(t *testing.T, from, to, w, h, pad uint8, data []byte) {
		src := fuzzImage(from, w, h, pad, data)
		df := Format(to%4 + 1)
		prev := kernels.Active()
		defer kernels.Use(prev) //nolint:errcheck
		var want []byte
		for _, isa := range kernels.Supported() {
			if err := kernels.Use(isa); err != nil {
				t.Fatal(err)
			}
			dst := fuzzImage(to, w, h, pad+3, nil)
			dst.Format = df
			dst.Stride = dst.Width*df.Channels() + int((pad+3)%8)
			dst.Pix = bytes.Repeat([]byte{guardByte}, dst.Stride*dst.Height)
			if err := Convert(dst, src); err != nil {
				t.Fatal(err)
			}
			for y := 0; y < dst.Height; y++ {
				for _, b := range dst.Pix[y*dst.Stride+dst.Width*df.Channels() : (y+1)*dst.Stride] {
					if b != guardByte {
						t.Fatalf("%s: row %d padding written", isa, y)
					}
				}
			}
			got := packed(dst)
			if want == nil {
				want = got
			} else if !bytes.Equal(got, want) {
				t.Fatalf("%s→%s on %s differs from generic", src.Format, df, isa)
			}
		}
	})
}

// FuzzResize resizes random images to random sizes with every filter on
// every ISA this machine runs: no panic, no write outside the
// destination's rows, the same bytes on every ISA, and the same size is a
// copy.
func FuzzResize(f *testing.F) {
	f.Add(uint8(3), uint8(20), uint8(7), uint8(3), uint8(30), uint8(2), []byte{9, 200, 17})
	f.Add(uint8(0), uint8(1), uint8(1), uint8(0), uint8(39), uint8(39), []byte{255})
	f.Add(uint8(2), uint8(90), uint8(9), uint8(5), uint8(7), uint8(4), []byte{1, 2, 3, 250, 251})
	f.Fuzz(func(t *testing.T, fb, w, h, pad, tw, th uint8, data []byte) {
		src := fuzzImage(fb, w, h, pad, data)
		prev := kernels.Active()
		defer kernels.Use(prev) //nolint:errcheck
		for flt := Nearest; flt <= Lanczos; flt++ {
			var want []byte
			for _, isa := range kernels.Supported() {
				if err := kernels.Use(isa); err != nil {
					t.Fatal(err)
				}
				dst := fuzzImage(fb, tw, th, pad+1, nil)
				for i := range dst.Pix {
					dst.Pix[i] = guardByte
				}
				if err := Resize(dst, src, flt); err != nil {
					t.Fatal(err)
				}
				row := dst.Width * dst.Channels()
				for y := 0; y < dst.Height; y++ {
					for _, b := range dst.Pix[y*dst.Stride+row : (y+1)*dst.Stride] {
						if b != guardByte {
							t.Fatalf("%s on %s: row %d padding written", flt, isa, y)
						}
					}
				}
				got := packed(dst)
				if want == nil {
					want = got
				} else if !bytes.Equal(got, want) {
					t.Fatalf("%s %dx%d to %dx%d, %s, on %s differs from %s", src.Format, src.Width, src.Height, dst.Width, dst.Height, flt, isa, kernels.Supported()[0])
				}
				if dst.Width == src.Width && dst.Height == src.Height && !bytes.Equal(got, packed(src)) {
					t.Fatalf("%s: the same size is not a copy", flt)
				}
			}
		}
	})
}

// FuzzReduce reduces random images by random factors on every ISA this
// machine runs: the results must agree with reduceSpec (for formats
// without alpha) and across ISAs, and the destination's row padding must
// stay untouched.
func FuzzReduce(f *testing.F) {
	f.Add(uint8(2), uint8(39), uint8(20), uint8(3), uint8(4), uint8(3), []byte{9, 200, 17})
	f.Add(uint8(0), uint8(1), uint8(39), uint8(0), uint8(1), uint8(39), []byte{255})
	f.Fuzz(func(t *testing.T, fb, w, h, pad, fx, fy uint8, data []byte) {
		src := fuzzImage(fb, w, h, pad, data)
		x, y := int(fx%50)+1, int(fy%50)+1
		prev := kernels.Active()
		defer kernels.Use(prev) //nolint:errcheck
		var want []byte
		if !src.HasAlpha() {
			spec := New(src.Format, ceilDiv(src.Width, x), ceilDiv(src.Height, y))
			reduceSpec(spec, src, x, y)
			want = packed(spec)
		}
		for _, isa := range kernels.Supported() {
			if err := kernels.Use(isa); err != nil {
				t.Fatal(err)
			}
			dst := fuzzImage(fb, 0, 0, pad+1, nil)
			dst.Width, dst.Height = ceilDiv(src.Width, x), ceilDiv(src.Height, y)
			dst.Stride = dst.Width*dst.Channels() + int((pad+1)%8)
			dst.Pix = bytes.Repeat([]byte{guardByte}, dst.Stride*dst.Height)
			if err := Reduce(dst, src, x, y); err != nil {
				t.Fatal(err)
			}
			row := dst.Width * dst.Channels()
			for yy := 0; yy < dst.Height; yy++ {
				for _, b := range dst.Pix[yy*dst.Stride+row : (yy+1)*dst.Stride] {
					if b != guardByte {
						t.Fatalf("%s: row %d padding written", isa, yy)
					}
				}
			}
			got := packed(dst)
			if want == nil {
				want = got
			} else if !bytes.Equal(got, want) {
				t.Fatalf("%s: %s %dx%d by %dx%d differs", isa, src.Format, src.Width, src.Height, x, y)
			}
		}
	})
}
