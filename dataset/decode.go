package dataset

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // the standard decoders behind decodeStandard, and x/image's
	_ "image/jpeg"
	"sync"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/hotloop/hotloop/pixel"
	"github.com/hotloop/hotloop/png"
)

// pngSignature opens every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Walk recognises files by the formats registered with package image;
// hotloop's PNG decoder stands in for image/png there.
func init() { png.Register() }

// pngDecoders keeps png.Decoders and their buffers between files; a
// decoder is taken for one file at a time.
var pngDecoders = sync.Pool{New: func() any { return new(png.Decoder) }}

// decode turns one file's bytes into an image of the configured mode with
// Pillow's pixels: PNG through hotloop's decoder, other formats through the
// standard library's decoders and pixel.FromImage. Both refuse images
// over the pixel limit before decoding them.
func (c *config) decode(data []byte) (*pixel.Image, error) {
	if bytes.HasPrefix(data, pngSignature) {
		d := pngDecoders.Get().(*png.Decoder)
		defer pngDecoders.Put(d)
		d.Format, d.MaxPixels = c.mode, c.maxPixels
		return d.Decode(bytes.NewReader(data))
	}
	return c.decodeStandard(data)
}

// decodeStandard decodes with package image's registered decoders.
func (c *config) decodeStandard(data []byte) (*pixel.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > c.maxPixels/cfg.Height {
		return nil, fmt.Errorf("%dx%d image exceeds the limit of %d pixels (dataset.MaxPixels)", cfg.Width, cfg.Height, c.maxPixels)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return pixel.FromImage(img, c.mode)
}
