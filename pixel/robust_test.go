package pixel

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
)

// TestMalformedInputsGiveErrors feeds the inputs a review found to panic
// or to compute wrong results; each must now be an error or correct.
func TestMalformedInputsGiveErrors(t *testing.T) {
	// A zero-width image with a stride and no pixels is valid and empty.
	z := &Image{Format: Gray, Width: 0, Height: 5, Stride: 7}
	if err := Convert(New(RGB, 0, 5), z); err != nil {
		t.Errorf("zero-width Convert: %v", err)
	}
	if h, err := Histogram(z); err != nil || h[0] != 0 {
		t.Errorf("zero-width Histogram: %v", err)
	}
	if err := (&Image{Format: RGBA, Width: 0, Height: 2, Stride: -3}).Check(); err == nil || !strings.Contains(err.Error(), "negative stride") {
		t.Errorf("negative stride: %v", err)
	}
	// The intermediate image of a resize that grows one axis and shrinks
	// the other would exceed MaxPixels: an error, not a panic.
	if err := Resize(New(Gray, 32768, 1), New(Gray, 1, 32768), Bilinear); err == nil || !strings.Contains(err.Error(), "intermediate") {
		t.Errorf("huge intermediate: %v", err)
	}
	// Malformed standard images and bounds.
	for _, img := range []image.Image{
		&image.NRGBA{Pix: make([]uint8, 4), Stride: 16, Rect: image.Rect(0, 0, 4, 4)},
		&image.Gray{Pix: make([]uint8, 16), Stride: -4, Rect: image.Rect(0, 0, 4, 4)},
		&image.YCbCr{Rect: image.Rect(0, 0, 4, 4), SubsampleRatio: image.YCbCrSubsampleRatio420},
		&image.Gray{Rect: image.Rectangle{Max: image.Pt(-3, 4)}},
		&image.Gray{Rect: image.Rect(math.MinInt/2-1, 0, math.MaxInt/2+1, 1)}, // Dx overflows
	} {
		if _, err := FromImage(img, RGB); err == nil {
			t.Errorf("FromImage(%T %v) accepted a malformed image", img, img.Bounds())
		}
	}
	pal := &image.Paletted{Pix: []uint8{0, 1}, Stride: 2, Rect: image.Rect(0, 0, 2, 1), Palette: color.Palette{nil}}
	if m, err := FromImage(pal, RGBA); err != nil || string(m.Pix) != "\x00\x00\x00\xff\x00\x00\x00\xff" {
		t.Errorf("nil palette entry: %v %q", err, m.Pix)
	}
	// Factors beyond the image reduce to one pixel; blocks too large for
	// Pillow's 32-bit sums are refused.
	if err := Reduce(New(Gray, 1, 1), New(Gray, 10, 1), math.MaxInt, 1); err != nil {
		t.Errorf("huge factor: %v", err)
	}
	big := New(Gray, 1<<24, 1)
	if err := Reduce(New(Gray, 1, 1), big, 1<<24, 1); err == nil || !strings.Contains(err.Error(), "2^24") {
		t.Errorf("2^24-pixel block: %v", err)
	}
}

// TestNearestOutsideFillsZero checks Pillow's fill where float rounding
// puts the nearest coordinate past the source's last pixel: a 2^24+3
// pixel wide source scaled to one pixel less (the box goes through
// float32, which cannot hold 2^24+3).
func TestNearestOutsideFillsZero(t *testing.T) {
	if testing.Short() {
		t.Skip("16 MB images")
	}
	w := 1<<24 + 3
	src := New(Gray, w, 1)
	for i := range src.Pix {
		src.Pix[i] = 7
	}
	dst := New(Gray, w-1, 1)
	if err := Resize(dst, src, Nearest); err != nil {
		t.Fatal(err)
	}
	if got := dst.Pix[w-2]; got != 0 {
		t.Fatalf("last pixel %d, want Pillow's fill 0", got)
	}
	if dst.Pix[0] != 7 || dst.Pix[w/2] != 7 {
		t.Fatal("nearest did not copy the source")
	}
}
