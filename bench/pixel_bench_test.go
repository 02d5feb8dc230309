package bench

// BenchmarkPixel times package pixel on a 2560x1600 image, the size of
// Pillow's published and measured figures (REFERENCES.md, anchors/
// pil_kernels.py), beside golang.org/x/image/draw and
// github.com/disintegration/imaging doing the nearest job. Each row
// reports source megapixels per second (Mpx/s), Pillow's unit. Only
// hotloop's output is Pillow's, bit for bit; the others compute different
// pixels (other filters and colour formulas) and are here for speed.
//
// Names are Pixel/<operation>/<implementation>; hotloop rows run on every
// supported ISA.

import (
	"image"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/disintegration/imaging"
	"golang.org/x/image/draw"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/pixel"
)

const pxW, pxH = 2560, 1600

var pxImages sync.Map // format -> *pixel.Image

// pxSource returns the cached random 2560x1600 image of format f.
func pxSource(f pixel.Format) *pixel.Image {
	if v, ok := pxImages.Load(f); ok {
		return v.(*pixel.Image)
	}
	m := pixel.New(f, pxW, pxH)
	r := rand.New(rand.NewPCG(7, uint64(f)))
	for i := range m.Pix {
		m.Pix[i] = uint8(r.Uint32())
	}
	pxImages.Store(f, m)
	return m
}

// pxReport sets the Mpx/s metric of a benchmark over the source.
func pxReport(b *testing.B) {
	b.ReportMetric(float64(pxW*pxH)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mpx/s")
}

// pxHotloop times op, one call of the operation, on every supported ISA as
// hotloop-<isa>. Besides Mpx/s of wall time it reports cpu-Mpx/s, of the
// process's CPU time (user and system, where getrusage exists): on a
// machine shared with other work, time spent waiting for a core counts in
// the first and not in the second, which pil_pixel.py reports alike for
// Pillow.
//
// Each ISA first makes one untimed call. The destination is fresh memory,
// and in a VM faulting in its pages costs milliseconds (a 4 MB image) to
// tens of milliseconds (the 49 MB tensor): with a short -benchtime such as
// 20x, that landed on whichever ISA ran first and halved its figure (RGB→L
// on AVX-512 alone in a process: 4100 Mpx/s at 20x, 9600 at 200x).
func pxHotloop(b *testing.B, op func() error) {
	for _, isa := range kernels.Supported() {
		b.Run("hotloop-"+isa.String(), func(b *testing.B) {
			defer kbUse(b, isa)()
			if err := op(); err != nil {
				b.Fatal(err)
			}
			c0, ok := processCPU()
			for b.Loop() { // the first call resets the timer: the warm-up is not timed
				if err := op(); err != nil {
					b.Fatal(err)
				}
			}
			if c1, _ := processCPU(); ok && c1 > c0 {
				b.ReportMetric(float64(pxW*pxH)*float64(b.N)/(c1-c0).Seconds()/1e6, "cpu-Mpx/s")
			}
			pxReport(b)
		})
	}
}

func BenchmarkPixel(b *testing.B) {
	kbPrintConfig() // which ISA the dispatcher picks: the report's ratio column
	b.Run("Convert/RGB-L", func(b *testing.B) {
		src, dst := pxSource(pixel.RGB), pixel.New(pixel.Gray, pxW, pxH)
		pxHotloop(b, func() error { return pixel.Convert(dst, src) })
		rgba := pxSource(pixel.RGBA).Image()
		b.Run("imaging", func(b *testing.B) {
			for b.Loop() {
				imaging.Grayscale(rgba)
			}
			pxReport(b)
		})
	})
	b.Run("Convert/RGBA-RGB", func(b *testing.B) {
		src, dst := pxSource(pixel.RGBA), pixel.New(pixel.RGB, pxW, pxH)
		pxHotloop(b, func() error { return pixel.Convert(dst, src) })
	})
	type resize struct {
		name   string
		w, h   int
		format pixel.Format
		filter pixel.Filter
		xdraw  draw.Interpolator
		imgF   *imaging.ResampleFilter
	}
	for _, r := range []resize{
		{"320x200/box", 320, 200, pixel.RGB, pixel.Box, nil, &imaging.Box},
		{"320x200/bilinear", 320, 200, pixel.RGB, pixel.Bilinear, draw.BiLinear, &imaging.Linear},
		{"320x200/hamming", 320, 200, pixel.RGB, pixel.Hamming, nil, &imaging.Hamming},
		{"320x200/bicubic", 320, 200, pixel.RGB, pixel.Bicubic, draw.CatmullRom, &imaging.CatmullRom},
		{"320x200/lanczos", 320, 200, pixel.RGB, pixel.Lanczos, nil, &imaging.Lanczos},
		{"64x64/bicubic", 64, 64, pixel.RGB, pixel.Bicubic, draw.CatmullRom, &imaging.CatmullRom},
		{"RGBA-64x64/bicubic", 64, 64, pixel.RGBA, pixel.Bicubic, draw.CatmullRom, &imaging.CatmullRom},
		// Grey has no comparison: x/image and imaging resize RGBA.
		{"Gray-64x64/bicubic", 64, 64, pixel.Gray, pixel.Bicubic, nil, nil},
	} {
		b.Run("Resize/"+r.name, func(b *testing.B) {
			src, dst := pxSource(r.format), pixel.New(r.format, r.w, r.h)
			pxHotloop(b, func() error { return pixel.Resize(dst, src, r.filter) })
			img := pxSource(pixel.RGBA).Image()
			if r.xdraw != nil {
				b.Run("x-image", func(b *testing.B) {
					out := image.NewNRGBA(image.Rect(0, 0, r.w, r.h))
					for b.Loop() {
						r.xdraw.Scale(out, out.Bounds(), img, img.Bounds(), draw.Src, nil)
					}
					pxReport(b)
				})
			}
			if r.imgF == nil {
				return
			}
			b.Run("imaging", func(b *testing.B) {
				for b.Loop() {
					imaging.Resize(img, r.w, r.h, *r.imgF)
				}
				pxReport(b)
			})
		})
	}
	b.Run("Resize/320x200/bicubic-reducing-gap-2", func(b *testing.B) {
		src, dst := pxSource(pixel.RGB), pixel.New(pixel.RGB, 320, 200)
		pxHotloop(b, func() error { return pixel.ResizeReducing(dst, src, pixel.Bicubic, 2) })
	})
	b.Run("ToTensor/RGB-CHW-normalised", func(b *testing.B) {
		src := pxSource(pixel.RGB)
		dst := make([]float32, pixel.TensorSize(pixel.RGB, pxW, pxH))
		mean, std := []float32{0.485, 0.456, 0.406}, []float32{0.229, 0.224, 0.225}
		pxHotloop(b, func() error { return pixel.ToTensor(dst, src, pixel.CHW, mean, std) })
	})
}
