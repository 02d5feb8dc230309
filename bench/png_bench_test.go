package bench

// BenchmarkPNG decodes the same PNG files with hotloop's png package and
// the standard library's image/png. The files stand in for the seeds'
// image sets (anchors/make_images.py): about 1.5 megapixels of smooth
// waves plus Gaussian noise, in each colour type Pillow users meet (grey,
// RGB, RGBA, palette), encoded by image/png at its default level. Each row
// reports decoded megapixels per second (Mpx/s) and, through SetBytes,
// MB/s of decoded 8-bit pixels.
//
// Pillow's time on the same files: HOTLOOP_PNG_BENCH_DIR=dir go test -run
// TestWritePNGBenchFiles writes them, and testdata/pil_png_decode.py dir
// times Pillow's Image.open(f).load() on each.

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/hotloop/hotloop/kernels"
	hpng "github.com/hotloop/hotloop/png"
)

const pngW, pngH = 1400, 1100

var pngKinds = []string{"gray", "rgb", "rgba", "paletted"}

var pngFiles = sync.OnceValue(func() map[string][]byte {
	files := map[string][]byte{}
	for _, kind := range pngKinds {
		var buf bytes.Buffer
		if err := png.Encode(&buf, pngImage(kind)); err != nil {
			panic(err)
		}
		files[kind] = buf.Bytes()
	}
	return files
})

// pngImage is make_images.py's picture: waves plus noise, in one colour
// type.
func pngImage(kind string) image.Image {
	r := rand.New(rand.NewPCG(2019, 1))
	g := make([]uint8, pngW*pngH)
	for y := 0; y < pngH; y++ {
		for x := 0; x < pngW; x++ {
			v := (math.Sin(float64(x)/23)+math.Cos(float64(y)/17))*60 + 128 + r.NormFloat64()*18
			g[y*pngW+x] = uint8(max(0, min(255, v)))
		}
	}
	at := func(x, y int) uint8 { return g[((y+pngH)%pngH)*pngW+(x+pngW)%pngW] }
	rect := image.Rect(0, 0, pngW, pngH)
	switch kind {
	case "gray":
		return &image.Gray{Pix: g, Stride: pngW, Rect: rect}
	case "paletted":
		pal := make(color.Palette, 256)
		for i := range pal {
			pal[i] = color.RGBA{uint8(i), uint8(i), uint8(i), 255}
		}
		return &image.Paletted{Pix: g, Stride: pngW, Rect: rect, Palette: pal}
	}
	m := image.NewNRGBA(rect)
	for y := 0; y < pngH; y++ {
		for x := 0; x < pngW; x++ {
			p := m.Pix[y*m.Stride+4*x:]
			if kind == "rgb" {
				p[0], p[1], p[2], p[3] = 255-at(x, y), at(x, y), at(x-5, y), 255
			} else {
				p[0], p[1], p[2], p[3] = at(x, y), 255-at(x, y), at(x, y-3), uint8(x*255/pngW)
			}
		}
	}
	return m
}

// TestWritePNGBenchFiles writes the benchmark's files into
// $HOTLOOP_PNG_BENCH_DIR for Pillow's timing script; it does nothing
// without that variable.
func TestWritePNGBenchFiles(t *testing.T) {
	dir := os.Getenv("HOTLOOP_PNG_BENCH_DIR")
	if dir == "" {
		t.Skip("set HOTLOOP_PNG_BENCH_DIR to write the files")
	}
	for kind, data := range pngFiles() {
		if err := os.WriteFile(filepath.Join(dir, kind+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	for _, kind := range pngKinds {
		data := pngFiles()[kind]
		cfg, err := hpng.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		pixels := cfg.Width * cfg.Height
		report := func(b *testing.B) {
			b.ReportMetric(float64(pixels)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mpx/s")
		}
		b.Run(kind, func(b *testing.B) {
			for _, isa := range kernels.Supported() {
				b.Run("hotloop-"+isa.String(), func(b *testing.B) {
					defer kbUse(b, isa)()
					var d hpng.Decoder
					b.SetBytes(int64(pixels * cfg.Format.Channels()))
					b.ReportAllocs()
					for b.Loop() {
						if _, err := d.Decode(bytes.NewReader(data)); err != nil {
							b.Fatal(err)
						}
					}
					report(b)
				})
			}
			b.Run("image-png", func(b *testing.B) {
				b.SetBytes(int64(pixels * cfg.Format.Channels()))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := png.Decode(bytes.NewReader(data)); err != nil {
						b.Fatal(err)
					}
				}
				report(b)
			})
		})
	}
}
