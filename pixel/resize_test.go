package pixel

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

func TestResizeRejects(t *testing.T) {
	src := New(RGB, 8, 8)
	for _, c := range []struct {
		dst  *Image
		f    Filter
		want string
	}{
		{New(RGB, 0, 4), Bicubic, "target size 0x4"},
		{New(RGBA, 4, 4), Bicubic, "destination is RGBA, source RGB"},
		{New(RGB, 4, 4), 0, "invalid filter"},
		{New(RGB, 4, 4), 99, "invalid filter"},
		{&Image{Format: RGB, Width: 4, Height: 4, Stride: 12, Pix: make([]uint8, 40)}, Box, "destination"},
		{&Image{Format: RGB, Width: 4, Height: 4, Stride: 24, Pix: src.Pix[3:]}, Box, "share memory"},
	} {
		err := Resize(c.dst, src, c.f)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Resize(%dx%d %s, %s) = %v, want %q", c.dst.Width, c.dst.Height, c.dst.Format, c.f, err, c.want)
		}
	}
	if err := Resize(New(Gray, 2, 2), New(Gray, 0, 3), Bilinear); err == nil || !strings.Contains(err.Error(), "empty source") {
		t.Errorf("empty source: %v", err)
	}
}

// TestCoeffCacheBounded checks that the coefficient cache reuses entries
// and never grows past its bound.
func TestCoeffCacheBounded(t *testing.T) {
	a := axisCoeffs(100, 7, 0, 100, Bicubic)
	if b := axisCoeffs(100, 7, 0, 100, Bicubic); a != b {
		t.Error("the same axis computed twice")
	}
	for out := 1; out < 3*coeffCacheMax; out++ {
		axisCoeffs(50, out, 0, 50, Lanczos)
	}
	coeffMu.Lock()
	n := len(coeffCache)
	coeffMu.Unlock()
	if n > coeffCacheMax {
		t.Errorf("cache holds %d entries, bound %d", n, coeffCacheMax)
	}
}

func TestFilterNames(t *testing.T) {
	for f := Nearest; f <= Lanczos; f++ {
		g, err := ParseFilter(f.String())
		if err != nil || g != f {
			t.Errorf("ParseFilter(%q) = %v, %v", f, g, err)
		}
	}
	if _, err := ParseFilter("cubic"); err == nil {
		t.Error("ParseFilter accepted an unknown name")
	}
}

func TestPremultiplyRejects(t *testing.T) {
	if err := Premultiply(New(RGB, 2, 2), New(RGB, 2, 2)); err == nil || !strings.Contains(err.Error(), "want RGBA or LA") {
		t.Errorf("RGB: %v", err)
	}
	if err := Unpremultiply(New(RGBA, 2, 2), New(GrayAlpha, 2, 2)); err == nil || !strings.Contains(err.Error(), "destination is RGBA, source LA") {
		t.Errorf("mixed formats: %v", err)
	}
	la := New(GrayAlpha, 1, 1)
	copy(la.Pix, []uint8{200, 128})
	if err := Premultiply(la, la); err != nil || la.Pix[0] != 100 {
		t.Errorf("LA premultiplied in place: %v %v", la.Pix, err)
	}
}

func TestResizeBoxRejects(t *testing.T) {
	src, dst := New(RGB, 10, 8), New(RGB, 4, 4)
	for _, c := range []struct {
		box  [4]float64
		want string
	}{
		{[4]float64{-1, 0, 5, 5}, "exceeds"},
		{[4]float64{0, 0, 10.5, 8}, "exceeds"},
		{[4]float64{3, 2, 3, 6}, "empty box"},
		{[4]float64{0, 5, 10, 4}, "empty box"},
	} {
		if err := ResizeBox(dst, src, Bilinear, c.box); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ResizeBox(%v) = %v, want %q", c.box, err, c.want)
		}
	}
}

func TestPointRejects(t *testing.T) {
	m := New(RGB, 3, 3)
	if err := Point(m, m, make([][256]uint8, 2)); err == nil || !strings.Contains(err.Error(), "2 tables") {
		t.Errorf("table count: %v", err)
	}
	if err := Point(New(Gray, 3, 3), m, make([][256]uint8, 3)); err == nil {
		t.Error("format mismatch accepted")
	}
	shifted := &Image{Format: RGB, Width: 3, Height: 2, Stride: 9, Pix: m.Pix[3:]}
	if err := Point(shifted, &Image{Format: RGB, Width: 3, Height: 2, Stride: 9, Pix: m.Pix}, make([][256]uint8, 3)); err == nil {
		t.Error("partial overlap accepted")
	}
}

func TestReduceRejects(t *testing.T) {
	src := New(RGB, 10, 7)
	for _, c := range []struct {
		dst    *Image
		fx, fy int
		want   string
	}{
		{New(RGB, 5, 4), 0, 2, "factors 0x2"},
		{New(RGB, 5, 3), 2, 2, "gives 5x4"},
		{New(Gray, 5, 4), 2, 2, "destination is L"},
	} {
		if err := Reduce(c.dst, src, c.fx, c.fy); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Reduce(%dx%d by %dx%d) = %v, want %q", c.dst.Width, c.dst.Height, c.fx, c.fy, err, c.want)
		}
	}
	if err := ResizeReducing(New(RGB, 2, 2), src, Bicubic, 0.5); err == nil || !strings.Contains(err.Error(), "gap") {
		t.Errorf("gap 0.5: %v", err)
	}
}

// TestHorizontalKernels checks the horizontal pass through the resampling
// kernels against the Go loop it replaced, on every ISA, for random rows,
// widths (down and up, extreme ratios included), boxes and filters, with
// and without premultiplying by alpha on the way.
func TestHorizontalKernels(t *testing.T) {
	prev := kernels.Active()
	defer kernels.Use(prev) //nolint:errcheck
	r := rand.New(rand.NewPCG(8, 8))
	for _, isa := range kernels.Supported() {
		if err := kernels.Use(isa); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 300; i++ {
			f := []Format{Gray, GrayAlpha, RGB, RGBA}[r.IntN(4)]
			w, h := 1+r.IntN(300), 1+r.IntN(3)
			if i%10 == 0 {
				w = 1 + r.IntN(4000)
			}
			if i%4 == 0 { // bands of premultiplied rows, and a part band
				h = 1 + r.IntN(3*premulBand)
			}
			tw := 1 + r.IntN(2*w+2)
			flt := Filter(int(Box) + r.IntN(int(Lanczos-Box)+1))
			src := New(f, w, h)
			for j := range src.Pix {
				src.Pix[j] = uint8(r.Uint32())
			}
			if i%7 == 0 {
				for j := range src.Pix {
					src.Pix[j] = 255 * uint8(j/f.Channels()%2)
				}
			}
			lo := r.Float64() * float64(w) / 4
			c := axisCoeffs(w, tw, lo, float64(w)-lo, flt)
			for _, premul := range []bool{false, f.HasAlpha()} {
				got, want := New(f, tw, h), New(f, tw, h)
				horizontal(got, src, 0, c, premul)
				if premul {
					horizontalGo(want, premultiplied(src), 0, c)
				} else {
					horizontalGo(want, src, 0, c)
				}
				if !bytes.Equal(got.Pix, want.Pix) {
					t.Fatalf("%s: %s %d→%d %s from %v, premultiplied %v: kernels and Go differ", isa, f, w, tw, flt, lo, premul)
				}
			}
		}
	}
}

// TestResizeSameOnEveryISA resizes random images of every format, size
// pair and filter on every ISA: the SIMD kernels (horizontal, vertical,
// premultiplying) must give the generic kernels' bytes, which the Pillow
// vectors pin.
func TestResizeSameOnEveryISA(t *testing.T) {
	prev := kernels.Active()
	defer kernels.Use(prev) //nolint:errcheck
	r := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 150; i++ {
		f := Format(1 + r.IntN(4))
		w, h := 1+r.IntN(200), 1+r.IntN(200)
		tw, th := 1+r.IntN(2*w), 1+r.IntN(2*h)
		flt := Filter(int(Box) + r.IntN(int(Lanczos-Box)+1))
		src := New(f, w, h)
		for j := range src.Pix {
			src.Pix[j] = uint8(r.Uint32())
		}
		var want []uint8
		for _, isa := range kernels.Supported() {
			if err := kernels.Use(isa); err != nil {
				t.Fatal(err)
			}
			dst := New(f, tw, th)
			if err := Resize(dst, src, flt); err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = dst.Pix
			} else if !bytes.Equal(dst.Pix, want) {
				t.Fatalf("%s: %s %dx%d→%dx%d %s differs from %s", isa, f, w, h, tw, th, flt, kernels.Supported()[0])
			}
		}
	}
}
