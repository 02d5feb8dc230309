package pixel

import (
	"image"
	"image/color"
	"strings"
	"testing"
)

func TestCheckRejectsMalformed(t *testing.T) {
	for _, c := range []struct {
		m    *Image
		want string
	}{
		{nil, "nil image"},
		{&Image{Format: 9, Width: 1, Height: 1, Stride: 1, Pix: []uint8{0}}, "invalid format"},
		{&Image{Format: Gray, Width: -1, Height: 1}, "negative size"},
		{&Image{Format: RGB, Width: 4, Height: 2, Stride: 11, Pix: make([]uint8, 100)}, "stride 11 shorter"},
		{&Image{Format: RGBA, Width: 2, Height: 3, Stride: 8, Pix: make([]uint8, 23)}, "needs 24"},
		{&Image{Format: Gray, Width: 1 << 20, Height: 1 << 20, Stride: 1 << 20}, "exceeds"},
	} {
		err := c.m.Check()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%+v) = %v, want %q", c.m, err, c.want)
		}
	}
	// The last row needs only its pixels, not a whole stride.
	ok := &Image{Format: RGBA, Width: 2, Height: 3, Stride: 10, Pix: make([]uint8, 28)}
	if err := ok.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	if err := (&Image{Format: RGB}).Check(); err != nil {
		t.Errorf("zero-sized image: %v", err)
	}
}

func TestConvertRejects(t *testing.T) {
	a, b := New(RGB, 4, 3), New(Gray, 3, 4)
	if err := Convert(b, a); err == nil || !strings.Contains(err.Error(), "destination is 3x4, source 4x3") {
		t.Errorf("size mismatch: %v", err)
	}
	bad := &Image{Format: Gray, Width: 4, Height: 3, Stride: 4, Pix: make([]uint8, 5)}
	if err := Convert(bad, a); err == nil || !strings.Contains(err.Error(), "destination") {
		t.Errorf("short destination: %v", err)
	}
	// A destination sharing the source's memory is refused.
	m := New(RGBA, 4, 4)
	g := &Image{Format: Gray, Width: 4, Height: 4, Stride: 16, Pix: m.Pix[1:]}
	if err := Convert(g, m); err == nil || !strings.Contains(err.Error(), "share memory") {
		t.Errorf("overlap: %v", err)
	}
	if err := Convert(m, m); err != nil {
		t.Errorf("same image: %v", err)
	}
}

func TestNewPanics(t *testing.T) {
	for _, f := range []func(){
		func() { New(0, 1, 1) },
		func() { New(RGB, -1, 1) },
		func() { New(RGB, 1<<20, 1<<20) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), "pixel.New") {
					t.Errorf("panic %v", r)
				}
			}()
			f()
		}()
	}
}

func TestSubImageSharesPixels(t *testing.T) {
	m := New(RGB, 5, 4)
	for i := range m.Pix {
		m.Pix[i] = uint8(i)
	}
	s := m.SubImage(image.Rect(1, 1, 3, 9)) // clipped to 2x3
	if s.Width != 2 || s.Height != 3 || s.Stride != 15 {
		t.Fatalf("SubImage: %dx%d stride %d", s.Width, s.Height, s.Stride)
	}
	if got := s.Row(0); got[0] != 18 || len(got) != 6 {
		t.Fatalf("row 0 = %v", got)
	}
	s.Row(2)[5] = 99
	if m.Pix[3*15+3*2+2] != 99 {
		t.Fatal("write through SubImage not visible in the parent")
	}
	if e := m.SubImage(image.Rect(7, 7, 9, 9)); e.Width != 0 || e.Height != 0 || e.Check() != nil {
		t.Fatalf("empty SubImage: %+v", e)
	}
}

func TestImageViews(t *testing.T) {
	g := New(Gray, 3, 2)
	g.Pix[4] = 77
	gi, ok := g.Image().(*image.Gray)
	if !ok || gi.GrayAt(1, 1).Y != 77 {
		t.Fatalf("Gray view: %T", g.Image())
	}
	gi.SetGray(2, 0, color.Gray{5})
	if g.Pix[2] != 5 {
		t.Fatal("Gray view is not zero-copy")
	}
	a := New(RGBA, 2, 2)
	copy(a.Pix[4:], []uint8{1, 2, 3, 4})
	if c := a.Image().(*image.NRGBA).NRGBAAt(1, 0); c != (color.NRGBA{1, 2, 3, 4}) {
		t.Fatalf("RGBA view: %v", c)
	}
	la := New(GrayAlpha, 2, 1)
	copy(la.Pix, []uint8{9, 8, 7, 6})
	if c := la.Image().At(1, 0); c != (color.NRGBA{7, 7, 7, 6}) {
		t.Fatalf("LA view: %v", c)
	}
	rgb := New(RGB, 1, 1)
	copy(rgb.Pix, []uint8{1, 2, 3})
	back, err := FromImage(rgb.Image(), RGB)
	if err != nil || string(back.Pix) != string(rgb.Pix) {
		t.Fatalf("RGB view round trip: %v %v", back.Pix, err)
	}
}

func TestFromImageStandardTypes(t *testing.T) {
	r := image.Rect(0, 0, 3, 2)
	nrgba := image.NewNRGBA(r)
	nrgba.SetNRGBA(1, 1, color.NRGBA{10, 20, 30, 40})
	rgba := image.NewRGBA(r)
	rgba.SetRGBA(2, 0, color.RGBA{50, 60, 70, 255})
	n64 := image.NewNRGBA64(r)
	n64.SetNRGBA64(0, 1, color.NRGBA64{0x1234, 0x5678, 0x9abc, 0xffff})
	y := image.NewYCbCr(image.Rect(0, 0, 3, 3), image.YCbCrSubsampleRatio420)
	y.Y[y.YOffset(2, 2)] = 200
	for _, c := range []struct {
		img  image.Image
		x, y int
		want []uint8
	}{
		{nrgba, 1, 1, []uint8{10, 20, 30, 40}},
		{rgba, 2, 0, []uint8{50, 60, 70, 255}},
		{n64, 0, 1, []uint8{0x12, 0x56, 0x9a, 0xff}},
	} {
		m, err := FromImage(c.img, RGBA)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Row(c.y)[4*c.x : 4*c.x+4]; string(got) != string(c.want) {
			t.Errorf("%T: %v, want %v", c.img, got, c.want)
		}
	}
	m, err := FromImage(y, RGB)
	if err != nil {
		t.Fatal(err)
	}
	ci := y.COffset(2, 2)
	r8, g8, b8 := color.YCbCrToRGB(200, y.Cb[ci], y.Cr[ci])
	if got := m.Row(2)[6:9]; got[0] != r8 || got[1] != g8 || got[2] != b8 {
		t.Errorf("YCbCr: %v", got)
	}
	if _, err := FromImage(nil, RGB); err == nil {
		t.Error("nil image accepted")
	}
	if _, err := FromImage(nrgba, 0); err == nil {
		t.Error("invalid format accepted")
	}
}
