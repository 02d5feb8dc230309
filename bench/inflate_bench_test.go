package bench

// BenchmarkInflate decompresses the image data (the concatenated IDAT
// chunks, a zlib stream) of BenchmarkPNG's files with hotloop's
// whole-buffer inflater (internal/inflate, what package png uses), the
// standard library's compress/zlib and github.com/klauspost/compress/zlib,
// each reusing its state between calls. SetBytes counts decompressed
// bytes.

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"

	"github.com/hotloop/hotloop/internal/inflate"
)

// idatOf returns the concatenated IDAT data of a PNG file.
func idatOf(b *testing.B, png []byte) []byte {
	var z []byte
	for p := png[8:]; len(p) >= 12; {
		n := int(binary.BigEndian.Uint32(p))
		if string(p[4:8]) == "IDAT" {
			z = append(z, p[8:8+n]...)
		}
		p = p[12+n:]
	}
	if len(z) == 0 {
		b.Fatal("no IDAT")
	}
	return z
}

func BenchmarkInflate(b *testing.B) {
	for _, kind := range pngKinds {
		z := idatOf(b, pngFiles()[kind])
		want, err := io.ReadAll(must(zlib.NewReader(bytes.NewReader(z))))
		if err != nil {
			b.Fatal(err)
		}
		out := make([]byte, len(want))
		b.Run(kind, func(b *testing.B) {
			b.Run("hotloop", func(b *testing.B) {
				var d inflate.Decoder
				b.SetBytes(int64(len(out)))
				for b.Loop() {
					if err := d.Zlib(out, z); err != nil {
						b.Fatal(err)
					}
				}
				if !bytes.Equal(out, want) {
					b.Fatal("wrong output")
				}
			})
			b.Run("compress-zlib", func(b *testing.B) {
				r := bytes.NewReader(z)
				zr := must(zlib.NewReader(r))
				b.SetBytes(int64(len(out)))
				for b.Loop() {
					r.Reset(z)
					zr.(zlib.Resetter).Reset(r, nil)
					if _, err := io.ReadFull(zr, out); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("klauspost-zlib", func(b *testing.B) {
				r := bytes.NewReader(z)
				zr := must(kzlib.NewReader(r))
				b.SetBytes(int64(len(out)))
				for b.Loop() {
					r.Reset(z)
					zr.(kzlib.Resetter).Reset(r, nil)
					if _, err := io.ReadFull(zr, out); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
