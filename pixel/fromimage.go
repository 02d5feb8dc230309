package pixel

import (
	"fmt"
	"image"
	"image/color"
)

// FromImage converts any image.Image to a new Image of format f, with the
// values Pillow gives when it opens the same file and converts it to f:
//
//   - *image.Gray is Pillow's L; *image.Gray16 is Pillow's I (16-bit grey
//     PNG), which Pillow clamps to 255 on conversion to 8 bits, so does this.
//   - *image.NRGBA is RGBA; *image.NRGBA64 and *image.RGBA64 keep the high
//     byte of each sample, as Pillow reads 16-bit PNGs.
//   - *image.RGBA (Go's type for opaque 8-bit RGB PNGs) and other
//     premultiplied types are un-premultiplied with Go's color.NRGBAModel,
//     which is exact for opaque pixels.
//   - *image.Paletted is Pillow's P: entries expanded to RGBA with the
//     palette's alpha (tRNS); to L through luma, as Pillow converts P.
//   - *image.CMYK is Pillow's CMYK: each of R, G, B is
//     (255-c)*(255-k)/255 rounded, as Pillow computes it.
//   - *image.YCbCr (JPEG) is converted with Go's color.YCbCrToRGB; Go's
//     decoder and libjpeg differ in IDCT and chroma upsampling, so JPEG
//     pixels are not Pillow's until the jpeg package decodes them.
//
// The image's bounds may start anywhere; the result starts at (0, 0).
func FromImage(img image.Image, f Format) (*Image, error) {
	if img == nil {
		return nil, fmt.Errorf("pixel.FromImage: nil image")
	}
	if !f.Valid() {
		return nil, fmt.Errorf("pixel.FromImage: invalid format %d", uint8(f))
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > 0 && h > MaxPixels/w {
		return nil, fmt.Errorf("pixel.FromImage: %dx%d exceeds %d pixels", w, h, MaxPixels)
	}
	dst := New(f, w, h)
	if w == 0 || h == 0 {
		return dst, nil
	}
	// Each source type fills rows of its natural Pillow mode, which are
	// then converted to f with Pillow's formulas.
	var natural Format
	var fill func(row []uint8, y int)
	switch m := img.(type) {
	case *image.Gray:
		natural = Gray
		fill = func(row []uint8, y int) { copy(row, m.Pix[m.PixOffset(b.Min.X, y):]) }
	case *image.Gray16:
		natural = Gray
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range row {
				row[x] = uint8(min(255, uint32(p[2*x])<<8|uint32(p[2*x+1])))
			}
		}
	case *image.NRGBA:
		natural = RGBA
		fill = func(row []uint8, y int) { copy(row, m.Pix[m.PixOffset(b.Min.X, y):]) }
	case *image.NRGBA64:
		natural = RGBA
		fill = func(row []uint8, y int) { highBytes(row, m.Pix[m.PixOffset(b.Min.X, y):]) }
	case *image.RGBA64:
		natural = RGBA
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < len(row)/4; x++ {
				if p[8*x+6] == 0xff && p[8*x+7] == 0xff {
					highBytes(row[4*x:4*x+4], p[8*x:8*x+8])
					continue
				}
				c := color.NRGBA64Model.Convert(m.RGBA64At(b.Min.X+x, y)).(color.NRGBA64)
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8), uint8(c.A>>8)
			}
		}
	case *image.Paletted:
		natural = RGBA
		pal := paletteRGBA(m.Palette)
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < len(row)/4; x++ {
				copy(row[4*x:4*x+4], pal[4*int(p[x]):])
			}
		}
	case *image.CMYK:
		natural = RGBA
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < len(row)/4; x++ {
				k := uint32(255 - p[4*x+3])
				for c := 0; c < 3; c++ {
					row[4*x+c] = mulDiv255(uint32(255-p[4*x+c]), k)
				}
				row[4*x+3] = 255
			}
		}
	case *image.YCbCr:
		natural = RGB
		fill = func(row []uint8, y int) {
			for x := 0; x < len(row)/3; x++ {
				yi, ci := m.YOffset(b.Min.X+x, y), m.COffset(b.Min.X+x, y)
				row[3*x], row[3*x+1], row[3*x+2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			}
		}
	default:
		natural = RGBA
		fill = func(row []uint8, y int) {
			for x := 0; x < len(row)/4; x++ {
				c := color.NRGBAModel.Convert(img.At(b.Min.X+x, y)).(color.NRGBA)
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
			}
		}
	}
	if natural == f {
		for y := 0; y < h; y++ {
			fill(dst.Row(y), b.Min.Y+y)
		}
		return dst, nil
	}
	tmp := make([]uint8, w*natural.Channels())
	conv := converter(natural, f)
	for y := 0; y < h; y++ {
		fill(tmp, b.Min.Y+y)
		conv(dst.Row(y), tmp)
	}
	return dst, nil
}

// highBytes keeps the most significant byte of each big-endian 16-bit
// sample of src.
func highBytes(dst, src []uint8) {
	for i := range dst {
		dst[i] = src[2*i]
	}
}

// paletteRGBA expands a palette to 256 straight-alpha RGBA entries; indices
// beyond the palette are opaque black, as Pillow pads short palettes.
func paletteRGBA(p color.Palette) []uint8 {
	out := make([]uint8, 4*256)
	for i := range 256 {
		out[4*i+3] = 255
		if i < len(p) {
			c := color.NRGBAModel.Convert(p[i]).(color.NRGBA)
			out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = c.R, c.G, c.B, c.A
		}
	}
	return out
}

// mulDiv255 is a*b/255 rounded to nearest, as Pillow's MULDIV255.
func mulDiv255(a, b uint32) uint8 {
	t := a*b + 128
	return uint8((t + t>>8) >> 8)
}
