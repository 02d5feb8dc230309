package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/pixel"
)

// pixelOp is one row of the pixel section: a package pixel call on a
// source image, and Pillow's figure for the same operation.
type pixelOp struct {
	name   string
	src    pixel.Format
	pillow float64 // Mpx/s, Pillow 9.4 (numpy for the tensor)
	bind   func(src *pixel.Image) func() error
}

// pixelOps are the section's rows. Pillow's figures were measured with
// anchors/pil_kernels.py on a 2560x1600 image on an Intel Sapphire Rapids
// machine of this project's kind (REFERENCES.md): a reference point, not
// a same-machine measurement.
var pixelOps = []pixelOp{
	{"Convert RGB→L", pixel.RGB, 1151, func(src *pixel.Image) func() error {
		dst := pixel.New(pixel.Gray, src.Width, src.Height)
		return func() error { return pixel.Convert(dst, src) }
	}},
	{"Convert RGBA→RGB", pixel.RGBA, 1449, func(src *pixel.Image) func() error {
		dst := pixel.New(pixel.RGB, src.Width, src.Height)
		return func() error { return pixel.Convert(dst, src) }
	}},
	{"Resize 320x200 bicubic", pixel.RGB, 169, func(src *pixel.Image) func() error {
		dst := pixel.New(pixel.RGB, 320, 200)
		return func() error { return pixel.Resize(dst, src, pixel.Bicubic) }
	}},
	{"Resize 64x64 bicubic", pixel.RGB, 256, func(src *pixel.Image) func() error {
		dst := pixel.New(pixel.RGB, 64, 64)
		return func() error { return pixel.Resize(dst, src, pixel.Bicubic) }
	}},
	{"ToTensor CHW normalised", pixel.RGB, 135, func(src *pixel.Image) func() error {
		dst := make([]float32, pixel.TensorSize(src.Format, src.Width, src.Height))
		mean, std := []float32{0.485, 0.456, 0.406}, []float32{0.229, 0.224, 0.225}
		return func() error { return pixel.ToTensor(dst, src, pixel.CHW, mean, std) }
	}},
}

// runPixelSection times each pixel operation on a 2560x1600 image (640x400
// with -quick) on the generic ISA and the active one, beside Pillow's
// figure. Every output is Pillow's (torchvision's for the tensor), bit for
// bit, on both.
func runPixelSection(env *demoEnv) error {
	w, h := 2560, 1600
	if env.opts.quick {
		w, h = 640, 400
	}
	simd := kernels.Active()
	defer kernels.Use(simd) //nolint:errcheck // simd was active, so it is supported
	fmt.Fprintf(env.out, "(%dx%d random image, Mpx/s of the source; Pillow 9.4's figures from REFERENCES.md, measured on Sapphire Rapids)\n", w, h)
	t := newTable("operation", "generic", simd.String(), "Pillow", "vs Pillow")
	t.leftAlign(0)
	if err := t.stream(env.out, 24, 9, 9, 7, 9); err != nil {
		return err
	}
	sources := map[pixel.Format]*pixel.Image{}
	for _, op := range pixelOps {
		src := sources[op.src]
		if src == nil {
			src = pixel.New(op.src, w, h)
			r := rand.New(rand.NewPCG(11, uint64(op.src)))
			for i := range src.Pix {
				src.Pix[i] = uint8(r.Uint32())
			}
			sources[op.src] = src
		}
		var fail error
		call := op.bind(src)
		run := func() {
			if err := call(); err != nil {
				fail = err
			}
		}
		mpx := func(isa kernels.ISA) (float64, error) {
			ns, err := timeOn(isa, run, env.opts.target)
			return float64(w*h) / ns * 1e3, err
		}
		gen, err := mpx(kernels.Generic)
		if err != nil {
			return err
		}
		fast, err := mpx(simd)
		if err != nil {
			return err
		}
		if fail != nil {
			return fmt.Errorf("%s: %w", op.name, fail)
		}
		row := []string{op.name, fmt.Sprintf("%.0f", gen), fmt.Sprintf("%.0f", fast), fmt.Sprintf("%.0f", op.pillow), fmt.Sprintf("%.1fx", fast/op.pillow)}
		if err := t.streamRow(env.out, row...); err != nil {
			return err
		}
	}
	return nil
}
