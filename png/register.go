package png

import (
	"image"
	"image/color"
	"io"
	"sync"

	"github.com/hotloop/hotloop/pixel"
)

// FormatName is the name Register gives this decoder in package image.
const FormatName = "hotloop-png"

var registerOnce sync.Once

// Register adds this decoder to package image under FormatName, so that
// image.Decode and image.DecodeConfig can use it. It is not done on
// import: image/png registers the same signature, and image.Decode picks
// the first format registered whose signature matches, so a program that
// imports both gets this decoder only if Register runs before image/png's
// init, which Go's initialisation order does not promise. Call DecodeImage
// directly to be sure. Register is safe to call more than once.
func Register() {
	registerOnce.Do(func() {
		image.RegisterFormat(FormatName, signature, DecodeImage, decodeImageConfig)
	})
}

// DecodeImage decodes a PNG file into a standard image: *image.Gray for
// grey files without transparency, *image.NRGBA for every other, with
// Pillow's pixels (convert("L") or convert("RGBA")). The result shares
// nothing with the decoder.
func DecodeImage(r io.Reader) (image.Image, error) {
	var d Decoder
	img, err := d.decode(r, nil, func(natural pixel.Format) pixel.Format {
		if natural == pixel.Gray {
			return pixel.Gray
		}
		return pixel.RGBA
	}, nil)
	if err != nil {
		return nil, err
	}
	return img.Image(), nil
}

func decodeImageConfig(r io.Reader) (image.Config, error) {
	c, err := DecodeConfig(r)
	if err != nil {
		return image.Config{}, err
	}
	m := color.Model(color.NRGBAModel)
	if c.Format == pixel.Gray {
		m = color.GrayModel
	}
	return image.Config{ColorModel: m, Width: c.Width, Height: c.Height}, nil
}
