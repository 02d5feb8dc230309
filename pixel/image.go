package pixel

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
)

// Image is a rectangle of 8-bit pixels of one Format. Row y starts at
// Pix[y*Stride] and holds Width*Format.Channels() bytes; bytes between the
// end of a row and the next row's start belong to the caller and are never
// read or written. The zero-sized image (Width or Height 0) is valid.
type Image struct {
	Format
	Width, Height int
	Stride        int
	Pix           []uint8
}

// MaxPixels bounds the pixel count of an image (2^28, about 268
// megapixels, above Pillow's decompression-bomb error at about 179): four
// bytes a pixel, and four float32 values a pixel in a tensor, then stay
// below 2^31, so size arithmetic cannot overflow an int on any platform,
// and a corrupt size fails fast.
const MaxPixels = 1 << 28

// New returns a w×h image of format f with tightly packed rows, all pixels
// zero. It panics on an invalid format, a negative size or one of more than
// MaxPixels pixels, which are programming errors.
func New(f Format, w, h int) *Image {
	if !f.Valid() {
		panic(fmt.Sprintf("pixel.New: invalid format %d", uint8(f)))
	}
	if w < 0 || h < 0 || w > 0 && h > MaxPixels/w {
		panic(fmt.Sprintf("pixel.New: invalid size %dx%d", w, h))
	}
	stride := w * f.Channels()
	return &Image{Format: f, Width: w, Height: h, Stride: stride, Pix: make([]uint8, stride*h)}
}

// Check returns an error unless m is a well-formed image: a valid format,
// non-negative sizes, a stride of at least a row's bytes, and Pix holding
// every row. Every function of this package checks its images first, so
// that a malformed one is refused instead of read or written out of bounds.
func (m *Image) Check() error {
	switch {
	case m == nil:
		return errors.New("pixel: nil image")
	case !m.Format.Valid():
		return fmt.Errorf("pixel: invalid format %d", uint8(m.Format))
	case m.Width < 0 || m.Height < 0:
		return fmt.Errorf("pixel: negative size %dx%d", m.Width, m.Height)
	case m.Stride < 0:
		return fmt.Errorf("pixel: negative stride %d", m.Stride)
	case m.Width > 0 && m.Height > MaxPixels/m.Width:
		return fmt.Errorf("pixel: size %dx%d exceeds %d pixels", m.Width, m.Height, MaxPixels)
	case m.Width == 0 || m.Height == 0:
		return nil
	}
	row := m.Width * m.Channels()
	if m.Stride < row {
		return fmt.Errorf("pixel: stride %d shorter than a %s row of %d pixels (%d bytes)", m.Stride, m.Format, m.Width, row)
	}
	if m.Stride > math.MaxInt/m.Height {
		return fmt.Errorf("pixel: stride %d times %d rows overflows", m.Stride, m.Height)
	}
	if need := (m.Height-1)*m.Stride + row; len(m.Pix) < need {
		return fmt.Errorf("pixel: Pix holds %d bytes, a %dx%d %s image with stride %d needs %d", len(m.Pix), m.Width, m.Height, m.Format, m.Stride, need)
	}
	return nil
}

// Row returns the bytes of row y (Width*Channels of them). It panics when
// y is out of range.
func (m *Image) Row(y int) []uint8 {
	if y < 0 || y >= m.Height {
		panic(fmt.Sprintf("pixel: row %d of an image %d rows high", y, m.Height))
	}
	n := m.Width * m.Channels()
	if n == 0 {
		return nil // a zero-width image's rows hold nothing, whatever its Pix
	}
	return m.Pix[y*m.Stride : y*m.Stride+n : y*m.Stride+n]
}

// SubImage returns the part of m inside r (clipped to m's bounds), sharing
// m's pixels: writes to one show in the other. It panics when m is
// malformed.
func (m *Image) SubImage(r image.Rectangle) *Image {
	if err := m.Check(); err != nil {
		panic(err)
	}
	r = r.Intersect(image.Rect(0, 0, m.Width, m.Height))
	if r.Empty() {
		return &Image{Format: m.Format, Stride: m.Stride}
	}
	ch := m.Channels()
	start := r.Min.Y*m.Stride + r.Min.X*ch
	end := (r.Max.Y-1)*m.Stride + r.Max.X*ch
	return &Image{Format: m.Format, Width: r.Dx(), Height: r.Dy(), Stride: m.Stride, Pix: m.Pix[start:end:end]}
}

// Image returns m as an image.Image: a zero-copy *image.Gray for Gray and
// *image.NRGBA for RGBA (sharing m's pixels), and for GrayAlpha and RGB,
// which have no standard type, a view that converts on each At call.
// It panics when m is malformed.
func (m *Image) Image() image.Image {
	if err := m.Check(); err != nil {
		panic(err)
	}
	r := image.Rect(0, 0, m.Width, m.Height)
	switch m.Format {
	case Gray:
		return &image.Gray{Pix: m.Pix, Stride: m.Stride, Rect: r}
	case RGBA:
		return &image.NRGBA{Pix: m.Pix, Stride: m.Stride, Rect: r}
	}
	return view{m}
}

// view adapts GrayAlpha and RGB images to image.Image.
type view struct{ m *Image }

func (v view) ColorModel() color.Model {
	if v.m.Format == GrayAlpha {
		return color.NRGBAModel
	}
	return color.RGBAModel
}

func (v view) Bounds() image.Rectangle { return image.Rect(0, 0, v.m.Width, v.m.Height) }

func (v view) At(x, y int) color.Color {
	if !(image.Point{x, y}.In(v.Bounds())) {
		return color.NRGBA{}
	}
	p := v.m.Pix[y*v.m.Stride+x*v.m.Channels():]
	if v.m.Format == GrayAlpha {
		return color.NRGBA{p[0], p[0], p[0], p[1]}
	}
	return color.RGBA{p[0], p[1], p[2], 255}
}
