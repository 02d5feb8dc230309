package dataset

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // the standard decoders behind decodeStandard, and x/image's

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

// worker is the state one worker reuses from file to file: the file's
// bytes, both decoders with their buffers, and the decoded image. A run
// keeps them in a free list rather than a sync.Pool: the garbage collector
// empties a pool at every cycle, and with images of megabytes a cycle
// comes every few files, so pooled buffers were dropped and every file
// allocated, cleared and page-faulted its buffers anew (about a fifth of
// the CPU time of a batch, measured).
type worker struct {
	file    []byte
	jpeg    jpeg.Decoder
	png     png.Decoder
	scratch pixel.Image // the decoded image; its buffer is reused
}

// workerList is a run's free list of worker states: at most as many as
// the run has workers, so the memory it holds is bounded by the workers
// times the largest file and image each has seen.
type workerList chan *worker

func (l workerList) get() *worker {
	select {
	case w := <-l:
		return w
	default:
		return new(worker)
	}
}

func (l workerList) put(w *worker) {
	select {
	case l <- w:
	default: // more states than slots: let it go
	}
}

// adopt keeps img's buffer as w's scratch when it is larger than the
// scratch's, so that the next file of that size decodes in place. img
// must not be used after the next decode.
func (w *worker) adopt(img *pixel.Image) {
	if img != &w.scratch && cap(img.Pix) > cap(w.scratch.Pix) {
		w.scratch = pixel.Image{Pix: img.Pix[:0]}
	}
}

// loadJPEG decodes a JPEG file with package jpeg, bit-identical to
// Pillow's, in the configured mode: decoded as L or RGB (Pillow's
// convert from the file's mode) into w's scratch image, then converted as
// Pillow converts L or RGB to LA or RGBA. A truncated file is an error, as
// in Pillow. The result may be w's scratch image.
func (c *config) loadJPEG(w *worker, data []byte) (*pixel.Image, error) {
	base := pixel.RGB
	if c.mode == pixel.Gray || c.mode == pixel.GrayAlpha {
		base = pixel.Gray
	}
	w.jpeg.Options = jpeg.Options{Format: base, MaxPixels: c.maxPixels}
	if c.fast {
		w.jpeg.Options.MinWidth, w.jpeg.Options.MinHeight = int(FastGap*float64(c.w)), int(FastGap*float64(c.h))
	}
	m, err := w.jpeg.DecodeInto(&w.scratch, data)
	if err != nil {
		return nil, err
	}
	if c.mode == base {
		return m, nil
	}
	out := pixel.New(c.mode, m.Width, m.Height)
	return out, pixel.Convert(out, m)
}

// decode turns one file's bytes into an image of the configured mode with
// Pillow's pixels: JPEG (recognised by its SOI marker) and PNG through
// hotloop's decoders, other formats through the standard library's and
// x/image's decoders and pixel.FromImage. All refuse images over the pixel
// limit before decoding them. The image may be w's scratch image: it is
// valid until w decodes the next file.
func (c *config) decode(w *worker, data []byte) (*pixel.Image, error) {
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xD8:
		return c.loadJPEG(w, data)
	case bytes.HasPrefix(data, pngSignature):
		w.png.Format, w.png.MaxPixels = c.mode, c.maxPixels
		return w.png.DecodeInto(&w.scratch, data)
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
