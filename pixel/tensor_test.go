package pixel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// TestTensorLayoutsAgree fills CHW tensors of random images of every
// format, with padded strides and random means and stds (or none), on
// every ISA (kernels.TensorPlane), and checks each value bit for bit
// against the HWC tensor, which the per-call lookup table computes in Go.
func TestTensorLayoutsAgree(t *testing.T) {
	prev := kernels.Active()
	defer kernels.Use(prev) //nolint:errcheck
	r := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 60; i++ {
		f := Format(1 + r.IntN(4))
		ch := f.Channels()
		w, h := 1+r.IntN(40), 1+r.IntN(20)
		m := &Image{Format: f, Width: w, Height: h, Stride: w*ch + r.IntN(5)}
		m.Pix = make([]uint8, m.Stride*h)
		for j := range m.Pix {
			m.Pix[j] = uint8(r.Uint32())
		}
		var mean, std []float32
		if i%4 != 0 {
			for c := 0; c < ch; c++ {
				mean = append(mean, r.Float32()*2-0.5)
				std = append(std, r.Float32()+0.01)
			}
		}
		hwc := make([]float32, TensorSize(f, w, h))
		if err := ToTensor(hwc, m, HWC, mean, std); err != nil {
			t.Fatal(err)
		}
		for _, isa := range kernels.Supported() {
			if err := kernels.Use(isa); err != nil {
				t.Fatal(err)
			}
			chw := make([]float32, len(hwc))
			if err := ToTensor(chw, m, CHW, mean, std); err != nil {
				t.Fatal(err)
			}
			for p := 0; p < w*h; p++ {
				for c := 0; c < ch; c++ {
					if g, want := chw[c*w*h+p], hwc[p*ch+c]; math.Float32bits(g) != math.Float32bits(want) {
						t.Fatalf("%s: %s %dx%d pixel %d channel %d: CHW %v, HWC %v", isa, f, w, h, p, c, g, want)
					}
				}
			}
		}
	}
}
