package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	stdjpeg "image/jpeg"
	stdpng "image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/hotloop/hotloop/dataset"
	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/pixel"
)

// runImageSection reproduces the seeds' talk on images it writes to a
// temporary folder (grey and RGB PNGs, colour JPEGs, as in
// anchors/make_images.py): every file opened, converted to RGB and resized
// to 64x64 (bicubic), stacked. Three ways: sequential pure Go (the
// standard library's decoders and hotloop's generic kernels), hotloop on
// one core (its own decoders where it has them, the active ISA) and
// hotloop on every core; images/s, speedups, and the parallel fraction
// Amdahl's law gives for the all-core speedup.
func runImageSection(env *demoEnv) error {
	n, w, h := 24, 1024, 768
	if env.opts.quick {
		n, w, h = 6, 320, 240
	}
	dir, err := os.MkdirTemp("", "hotloop-demo-images-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	paths, err := writeDemoImages(dir, n, w, h)
	if err != nil {
		return err
	}
	cores := runtime.GOMAXPROCS(0)
	fmt.Fprintf(env.out, "(%d generated %dx%d images: grey PNG, RGB PNG, colour JPEG; each to RGB 64x64 bicubic; best of 3 runs after a warm-up)\n", n, w, h)

	simd := kernels.Active()
	defer kernels.Use(simd) //nolint:errcheck // simd was active, so it is supported
	rate := func(run func() error) (float64, error) {
		if err := run(); err != nil { // warm-up: page faults, pools, caches
			return 0, err
		}
		best := math.Inf(1)
		for range 3 {
			start := time.Now()
			if err := run(); err != nil {
				return 0, err
			}
			best = min(best, time.Since(start).Seconds())
		}
		return float64(n) / best, nil
	}
	ctx := context.Background()
	load := func(workers int) func() error {
		return func() error {
			_, err := dataset.Load(ctx, paths, dataset.Size(64, 64), dataset.Workers(workers))
			return err
		}
	}
	if err := kernels.Use(kernels.Generic); err != nil {
		return err
	}
	base, err := rate(func() error { return standardPipeline(paths) })
	if err != nil {
		return err
	}
	if err := kernels.Use(simd); err != nil {
		return err
	}
	one, err := rate(load(1))
	if err != nil {
		return err
	}
	all, err := rate(load(cores))
	if err != nil {
		return err
	}

	t := newTable("pipeline", "images/s", "vs pure Go")
	t.leftAlign(0)
	t.row("pure Go, sequential (standard decoders, generic kernels)", fmt.Sprintf("%.1f", base), "1.0x")
	t.row(fmt.Sprintf("hotloop, 1 core (%s)", simd), fmt.Sprintf("%.1f", one), fmt.Sprintf("%.1fx", one/base))
	t.row(fmt.Sprintf("hotloop, %d cores", cores), fmt.Sprintf("%.1f", all), fmt.Sprintf("%.1fx", all/base))
	if err := t.write(env.out); err != nil {
		return err
	}
	if cores > 1 {
		s := all / one
		fmt.Fprintf(env.out, "%d cores: %.2fx one core; Amdahl's parallel fraction %.2f (speedup S on N cores: p = (1 - 1/S) / (1 - 1/N))\n",
			cores, s, amdahlFraction(s, cores))
	}
	return nil
}

// amdahlFraction is the parallel fraction p with speedup s on n cores:
// s = 1 / ((1 - p) + p/n).
func amdahlFraction(s float64, n int) float64 {
	return (1 - 1/s) / (1 - 1/float64(n))
}

// standardPipeline is the baseline: the standard library's decoders,
// pixel.FromImage to RGB and pixel.Resize, one file after another. The
// decoders are called directly, not through image.Decode, which may
// resolve PNG to hotloop's decoder once package dataset has registered it.
func standardPipeline(paths []string) error {
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var img image.Image
		if bytes.HasPrefix(data, []byte("\x89PNG")) {
			img, err = stdpng.Decode(bytes.NewReader(data))
		} else {
			img, err = stdjpeg.Decode(bytes.NewReader(data))
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		src, err := pixel.FromImage(img, pixel.RGB)
		if err != nil {
			return err
		}
		if err := pixel.Resize(pixel.New(pixel.RGB, 64, 64), src, pixel.Bicubic); err != nil {
			return err
		}
	}
	return nil
}

// writeDemoImages writes n w×h images in turn grey PNG, RGB PNG and
// colour JPEG (quality 90): smooth waves with Gaussian noise, the content
// of anchors/make_images.py.
func writeDemoImages(dir string, n, w, h int) ([]string, error) {
	var paths []string
	r := rand.New(rand.NewPCG(2019, 7))
	for i := range n {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				v := (math.Sin(float64(x)/float64(20+i%17))+math.Cos(float64(y)/float64(15+i%11)))*60 + 128 + r.NormFloat64()*18
				g.Pix[y*g.Stride+x] = uint8(max(0, min(255, v)))
			}
		}
		var img image.Image = g
		if i%3 != 0 {
			c := image.NewNRGBA(g.Rect)
			for y := range h {
				for x := range w {
					v := g.Pix[y*g.Stride+x]
					c.SetNRGBA(x, y, color.NRGBA{v, g.Pix[y*g.Stride+(x+7)%w], 255 - v, 255})
				}
			}
			img = c
		}
		var buf bytes.Buffer
		name := fmt.Sprintf("img_%03d.png", i)
		var err error
		if i%3 == 2 {
			name = fmt.Sprintf("img_%03d.jpg", i)
			err = stdjpeg.Encode(&buf, img, &stdjpeg.Options{Quality: 90})
		} else {
			err = stdpng.Encode(&buf, img)
		}
		if err != nil {
			return nil, err
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
