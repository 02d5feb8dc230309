package jpeg

import (
	"image"
	"image/color"
	"io"
	"sync"
)

// DecodeImage decodes a JPEG file as an image.Image: *image.Gray for a
// grey file (sharing the decoded pixels) and, for a colour one, a view of
// the RGB pixels whose At returns color.RGBA (see pixel.Image.Image). With
// ErrTruncated the partial image is returned as by Decode.
func DecodeImage(r io.Reader) (image.Image, error) {
	m, err := Decode(r)
	if m == nil {
		return nil, err
	}
	return m.Image(), err
}

// DecodeImageConfig is DecodeConfig in image.Config form, for
// image.RegisterFormat: the colour model is color.GrayModel for one
// component and color.RGBAModel otherwise.
func DecodeImageConfig(r io.Reader) (image.Config, error) {
	c, err := DecodeConfig(r)
	if err != nil {
		return image.Config{}, err
	}
	cfg := image.Config{Width: c.Width, Height: c.Height}
	cfg.ColorModel = color.RGBAModel
	if c.Components == 1 {
		cfg.ColorModel = color.GrayModel
	}
	return cfg, nil
}

var registerOnce sync.Once

// RegisterFormat registers this decoder with image.Decode under the name
// "hotloop-jpeg". image.Decode tries formats in the order they were
// registered, so it takes effect for JPEG files only when image/jpeg is
// not registered too (or was registered later). Calling it more than once
// registers once.
func RegisterFormat() {
	registerOnce.Do(func() {
		image.RegisterFormat("hotloop-jpeg", "\xff\xd8", DecodeImage, DecodeImageConfig)
	})
}
