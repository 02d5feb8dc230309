package pixel

import (
	"fmt"

	"github.com/hotloop/hotloop/kernels"
)

// Layout is the order of a float tensor's axes.
type Layout uint8

const (
	// CHW is channel-major: all of channel 0, then channel 1, ...
	// (PyTorch's and torchvision's layout).
	CHW Layout = iota + 1
	// HWC is pixel-major, channels interleaved as in the image.
	HWC
)

// String returns "CHW" or "HWC".
func (l Layout) String() string {
	switch l {
	case CHW:
		return "CHW"
	case HWC:
		return "HWC"
	}
	return fmt.Sprintf("Layout(%d)", uint8(l))
}

// ToTensor writes m's pixels into dst as float32 in layout l, exactly as
// torchvision's ToTensor followed by Normalize(mean, std) computes them on
// the CPU: x/255 rounded to float32, then (x - mean[c]) rounded, then
// divided by std[c] and rounded, for each channel c. With mean and std nil
// it is ToTensor alone. dst must hold exactly Width*Height*Channels values,
// so that a batch tensor is filled in place by passing each image its
// part; mean and std, when given, hold one value per channel, and no std
// may be 0 (torchvision refuses that too).
//
// CHW planes (and grey images) run kernels.TensorPlane, the active ISA's
// kernel, row by row; interleaved HWC computes each channel's 256 results
// once per call with those very operations and looks them up.
func ToTensor(dst []float32, m *Image, l Layout, mean, std []float32) error {
	if err := m.Check(); err != nil {
		return fmt.Errorf("pixel.ToTensor: %w", err)
	}
	ch := m.Channels()
	if l != CHW && l != HWC {
		return fmt.Errorf("pixel.ToTensor: invalid layout %d", uint8(l))
	}
	if n := m.Width * m.Height * ch; len(dst) != n {
		return fmt.Errorf("pixel.ToTensor: destination holds %d values, a %dx%d %s image needs %d", len(dst), m.Width, m.Height, m.Format, n)
	}
	if (mean == nil) != (std == nil) || mean != nil && (len(mean) != ch || len(std) != ch) {
		return fmt.Errorf("pixel.ToTensor: mean and std need %d values each (got %d and %d)", ch, len(mean), len(std))
	}
	for _, s := range std {
		if s == 0 || s != s {
			return fmt.Errorf("pixel.ToTensor: std %v", std)
		}
	}
	plane := m.Width * m.Height
	if l == CHW || ch == 1 {
		// Each channel's plane row by row through kernels.TensorPlane
		// (the active ISA's kernel), which computes the very operations
		// below, rounded alike.
		for c := 0; c < ch; c++ {
			mc, sc := float32(0), float32(1) // x - 0 and x / 1 are exact
			if mean != nil {
				mc, sc = mean[c], std[c]
			}
			for y := 0; y < m.Height; y++ {
				kernels.TensorPlane(dst[c*plane+y*m.Width:c*plane+(y+1)*m.Width], m.Row(y)[c:], ch, mc, sc)
			}
		}
		return nil
	}
	var lut [4][256]float32
	for c := 0; c < ch; c++ {
		for x := range lut[c] {
			v := float32(x) / 255
			if mean != nil {
				v = float32(v - mean[c]) // the explicit conversions keep each step rounded
				v = float32(v / std[c])
			}
			lut[c][x] = v
		}
	}
	for y := 0; y < m.Height; y++ {
		out := dst[y*m.Width*ch : (y+1)*m.Width*ch]
		for i, p := range m.Row(y) {
			out[i] = lut[i%ch][p]
		}
	}
	return nil
}

// TensorSize returns the float32 values ToTensor writes for a w×h image of
// format f, the stride of one image in a batch.
func TensorSize(f Format, w, h int) int { return w * h * f.Channels() }
