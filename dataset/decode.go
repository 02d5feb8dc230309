package dataset

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // the standard decoders behind decodeStandard, and x/image's
	"sync"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/hotloop/hotloop/jpeg"
	"github.com/hotloop/hotloop/pixel"
	"github.com/hotloop/hotloop/png"
)

// pngSignature opens every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Walk recognises files by the formats registered with package image;
// hotloop's PNG decoder stands in for image/png there.
func init() { png.Register() }

// jpegDecoders keeps JPEG decoders and their scratch images (buffers
// reused from file to file) across files and workers.
var jpegDecoders = sync.Pool{New: func() any { return new(jpegState) }}

type jpegState struct {
	dec     jpeg.Decoder
	scratch pixel.Image
}

// loadJPEG decodes a JPEG file with package jpeg, bit-identical to
// Pillow's, in the configured mode: decoded as L or RGB (Pillow's
// convert from the file's mode) into j's scratch image, then converted as
// Pillow converts L or RGB to LA or RGBA. A truncated file is an error, as
// in Pillow. The result may be j's scratch image: it is valid until j goes
// back to the pool.
func (c *config) loadJPEG(j *jpegState, data []byte) (*pixel.Image, error) {
	base := pixel.RGB
	if c.mode == pixel.Gray || c.mode == pixel.GrayAlpha {
		base = pixel.Gray
	}
	j.dec.Options = jpeg.Options{Format: base, MaxPixels: c.maxPixels}
	if c.fast {
		j.dec.Options.MinWidth, j.dec.Options.MinHeight = int(FastGap*float64(c.w)), int(FastGap*float64(c.h))
	}
	m, err := j.dec.DecodeInto(&j.scratch, data)
	if err != nil {
		return nil, err
	}
	if c.mode == base {
		return m, nil
	}
	out := pixel.New(c.mode, m.Width, m.Height)
	return out, pixel.Convert(out, m)
}

// pngDecoders keeps png.Decoders and their buffers between files; a
// decoder is taken for one file at a time.
var pngDecoders = sync.Pool{New: func() any { return new(png.Decoder) }}

// decode turns one file's bytes into an image of the configured mode with
// Pillow's pixels: JPEG (recognised by its SOI marker) and PNG through
// hotloop's decoders, other formats through the standard library's and
// x/image's decoders and pixel.FromImage. All refuse images over the pixel
// limit before decoding them. The caller calls release once done with the
// image, which may belong to a pooled decoder until then.
func (c *config) decode(data []byte) (img *pixel.Image, release func(), err error) {
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xD8:
		j := jpegDecoders.Get().(*jpegState)
		img, err = c.loadJPEG(j, data)
		return img, func() { jpegDecoders.Put(j) }, err
	case bytes.HasPrefix(data, pngSignature):
		d := pngDecoders.Get().(*png.Decoder)
		defer pngDecoders.Put(d)
		d.Format, d.MaxPixels = c.mode, c.maxPixels
		img, err = d.Decode(bytes.NewReader(data))
		return img, func() {}, err
	}
	img, err = c.decodeStandard(data)
	return img, func() {}, err
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
