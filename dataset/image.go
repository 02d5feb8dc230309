package dataset

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/hotloop/hotloop/pixel"
)

// load reads, decodes, converts and fits one file with the buffers of a
// worker state from ws.
func (c *config) load(ws workerList, path string) (*pixel.Image, int64, error) {
	w := ws.get()
	defer ws.put(w)
	data, err := readFile(path, w.file[:0])
	if err != nil {
		return nil, 0, err
	}
	w.file = data
	n := int64(len(data))
	src, err := c.decode(w, data)
	if err != nil {
		return nil, n, err
	}
	dst := pixel.New(c.mode, c.w, c.h)
	err = c.fitTo(dst, src)
	w.adopt(src)
	if err != nil {
		return nil, n, err
	}
	return dst, n, nil
}

// readFile reads the file at path into buf's capacity (growing it when the
// file is larger), as os.ReadFile does into a new buffer.
func readFile(path string, buf []byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 && int64(cap(buf)) < fi.Size()+1 {
		// One byte more than the size, so that EOF is seen without
		// growing; files that grow while read still read whole below.
		// A buffer reused from a smaller file gets a quarter more, so
		// that a batch of files of varying sizes reallocates (and
		// clears and page-faults anew) a few times, not at every file
		// larger than all before it.
		n := fi.Size() + 1
		if cap(buf) > 0 {
			n += n / 4
		}
		buf = make([]byte, 0, n)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// fitTo brings src to dst's size as the configured Fit says, with
// Pillow's arithmetic (Python floats, banker's rounding in round()).
func (c *config) fitTo(dst, src *pixel.Image) error {
	W, H := float64(src.Width), float64(src.Height)
	w, h := float64(dst.Width), float64(dst.Height)
	switch c.fit {
	case Crop: // ImageOps.fit with bleed 0 and centering (0.5, 0.5)
		live, out := W/H, w/h
		cw, ch := W, H
		switch {
		case live == out:
		case live >= out:
			cw = out * H
		default:
			ch = W / out
		}
		left := 0 + float64((W-cw)*0.5) // rounded apart: Go would fuse into an FMA on arm64
		top := 0 + float64((H-ch)*0.5)
		return pixel.ResizeBox(dst, src, c.filter, [4]float64{left, top, left + cw, top + ch})
	case Pad: // ImageOps.pad with a black background and centering (0.5, 0.5)
		im, dest := W/H, w/h
		if im == dest {
			return c.resize(dst, src)
		}
		clear(dst.Pix)
		fitted, x, y := src, 0, 0
		if im > dest {
			nh := int(math.RoundToEven(H / W * w))
			// ImageOps.contain resizes whether or not the rounded side
			// equals the target's
			r, err := c.resized(src, dst.Width, nh)
			if err != nil {
				return err
			}
			fitted = r
			y = int(math.RoundToEven(float64(dst.Height-nh) * 0.5))
		} else {
			nw := int(math.RoundToEven(W / H * h))
			// ImageOps.contain resizes whether or not the rounded side
			// equals the target's
			r, err := c.resized(src, nw, dst.Height)
			if err != nil {
				return err
			}
			fitted = r
			x = int(math.RoundToEven(float64(dst.Width-nw) * 0.5))
		}
		paste(dst, fitted, x, y)
		return nil
	}
	return c.resize(dst, src)
}

// resize is Image.resize with the configured filter, with reducing_gap
// FastGap under Fast.
func (c *config) resize(dst, src *pixel.Image) error {
	if c.fast {
		return pixel.ResizeReducing(dst, src, c.filter, FastGap)
	}
	return pixel.Resize(dst, src, c.filter)
}

func (c *config) resized(src *pixel.Image, w, h int) (*pixel.Image, error) {
	if w < 1 || h < 1 {
		return nil, fmt.Errorf("padding a %dx%d image leaves it %dx%d", src.Width, src.Height, w, h)
	}
	m := pixel.New(src.Format, w, h)
	return m, c.resize(m, src)
}

// paste copies src into dst with its top-left corner at (x, y), clipped to
// dst, as Image.paste does.
func paste(dst, src *pixel.Image, x, y int) {
	ch := dst.Format.Channels()
	for sy := 0; sy < src.Height; sy++ {
		dy := y + sy
		if dy < 0 || dy >= dst.Height {
			continue
		}
		x0, x1 := max(x, 0), min(x+src.Width, dst.Width)
		if x0 >= x1 {
			return
		}
		copy(dst.Row(dy)[x0*ch:x1*ch], src.Row(sy)[(x0-x)*ch:])
	}
}
