package jpeg

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/hotloop/hotloop/pixel"
)

// DefaultMaxPixels is the pixel limit when Options.MaxPixels is 0: twice
// Pillow's Image.MAX_IMAGE_PIXELS, the size at which Pillow refuses an
// image as a decompression bomb.
const DefaultMaxPixels = 2 * 89478485

// Options control a decode. The zero value decodes at full size into Gray
// for a one-component file and RGB otherwise, with DefaultMaxPixels.
type Options struct {
	// Format is the output: pixel.Gray or pixel.RGB, or 0 for the file's
	// own (Gray for one component, RGB for three or four). The result is
	// Pillow's Image.open(f).convert(mode): grey replicated into RGB, or
	// colour reduced with L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16.
	Format pixel.Format
	// MaxPixels refuses files whose declared width times height exceeds
	// it, before anything the size depends on is allocated; 0 means
	// DefaultMaxPixels, and values above pixel.MaxPixels count as
	// pixel.MaxPixels. The
	// component planes and progressive coefficients are further refused
	// beyond 8 bytes a pixel of the limit (heavy padding); the output adds
	// 1 (L) or 3 (RGB) bytes a pixel, twice during Orient.
	MaxPixels int
	// MinWidth and MinHeight ask for decode-time downscaling, as Pillow's
	// Image.draft(mode, (MinWidth, MinHeight)) does: the largest of the
	// factors 8, 4, 2 not above min(width/MinWidth, height/MinHeight)
	// (integer divisions) is applied through libjpeg's reduced inverse
	// DCTs, and the result is ceil(width/factor) x ceil(height/factor).
	// Zero (or negative) leaves that side unconstrained; both zero decode
	// at full size.
	MinWidth, MinHeight int
	// Orient applies the EXIF orientation, as Pillow's
	// ImageOps.exif_transpose does after decoding: the image comes out
	// upright, with width and height swapped for orientations 5 to 8.
	// Without it the orientation is only reported (Config.Orientation).
	// Scaling applies to the file's own width and height, before turning.
	Orient bool
}

// Config describes a JPEG file's header.
type Config struct {
	Width, Height int
	// Components is 1 (grey), 3 (YCbCr or RGB) or 4 (CMYK or YCCK).
	Components  int
	Progressive bool
	// Orientation is the EXIF orientation tag (1..8), or 0 when the file
	// has none. Decoding applies it only with Options.Orient.
	Orientation int
}

// Decoder decodes JPEG files, keeping its buffers (the file's bytes,
// component planes, coefficients, rows) from one file to the next, so that
// a batch allocates little more than each output image. A Decoder is not
// safe for concurrent use; use one per goroutine, and do not copy one
// that has decoded (the copies would share some of those buffers). The
// zero value is ready to use with the zero Options.
type Decoder struct {
	Options
	d    decoder
	buf  []byte
	last Config
}

// Decode decodes a JPEG file with the zero Options: Gray for a grey file,
// RGB for a colour one, bit-identical to Pillow's
// Image.open(f).convert("L" or "RGB") (libjpeg-turbo's accurate integer
// IDCT, fancy upsampling and fixed-point colour conversion).
//
// Errors wrap ErrFormat, ErrUnsupported, ErrTooLarge or ErrTruncated, or
// are r's read error. With ErrTruncated the image is returned too: the
// blocks the data held, and the rest as libjpeg (and Pillow with
// ImageFile.LOAD_TRUNCATED_IMAGES) makes them: in a sequential file the
// MCU where the data ends is finished with zero bits and later blocks get
// zero coefficients (flat 128); in a progressive file the blocks keep what
// the scans received. With any other error the image is nil.
func Decode(r io.Reader) (*pixel.Image, error) {
	var dec Decoder
	return dec.Decode(r)
}

// DecodeAs is Decode with the output format f (pixel.Gray or pixel.RGB),
// whatever the file holds.
func DecodeAs(r io.Reader, f pixel.Format) (*pixel.Image, error) {
	dec := Decoder{Options: Options{Format: f}}
	return dec.Decode(r)
}

// DecodeScaled is Decode with decode-time downscaling to at least
// minW x minH where possible (see Options.MinWidth), matching Pillow's
// im.draft("RGB" or "L", (minW, minH)) followed by convert.
func DecodeScaled(r io.Reader, minW, minH int) (*pixel.Image, error) {
	dec := Decoder{Options: Options{MinWidth: minW, MinHeight: minH}}
	return dec.Decode(r)
}

// DecodeConfig returns a file's header without decoding the pixels. It
// applies no pixel limit: the size it reports is what the file declares.
// It reads r only as far as the frame header (in growing chunks), not to
// the end.
func DecodeConfig(r io.Reader) (Config, error) {
	var data []byte
	for chunk := 4096; ; chunk = min(2*chunk, 1<<20) {
		n := len(data)
		data = append(data, make([]byte, chunk)...)
		m, rerr := io.ReadFull(r, data[n:])
		data = data[:n+m]
		var d decoder
		d.data = data
		err := d.readHeader()
		if err == nil {
			return d.config(), nil
		}
		if !isTruncated(err) {
			return Config{}, err
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			return Config{}, err // the header really is cut short
		}
		if rerr != nil {
			return Config{}, rerr
		}
	}
}

// Decode reads all of r and decodes it as dec's Options say (see the
// package-level Decode for the result and errors).
func (dec *Decoder) Decode(r io.Reader) (*pixel.Image, error) {
	b := bytes.NewBuffer(dec.buf[:0])
	if _, err := b.ReadFrom(r); err != nil {
		return nil, err
	}
	dec.buf = b.Bytes()
	m, err := dec.DecodeBytes(dec.buf)
	dec.d.data = nil
	return m, err
}

// DecodeBytes decodes a JPEG file held in data, which it does not keep
// or modify.
func (dec *Decoder) DecodeBytes(data []byte) (*pixel.Image, error) {
	m, err := dec.decode(data, nil)
	dec.d.data = nil
	return m, err
}

// DecodeInto is DecodeBytes writing into dst's pixel buffer when its
// capacity holds the result (whatever dst's format and size were; *dst is
// rewritten to describe the result and dst is returned), and into a new
// image otherwise. With Options.Orient a turned result is a new image.
// Decoding a batch this way into one scratch image allocates nothing per
// file once the buffers have grown. On an error other than ErrTruncated,
// dst's pixels are unspecified.
func (dec *Decoder) DecodeInto(dst *pixel.Image, data []byte) (*pixel.Image, error) {
	if dst == nil {
		dst = new(pixel.Image)
	}
	m, err := dec.decode(data, dst)
	dec.d.data = nil
	return m, err
}

// Config returns the header of the file the last Decode, DecodeBytes or
// DecodeInto call read (the zero Config before any, or when its header was
// bad).
func (dec *Decoder) Config() Config { return dec.last }

func (dec *Decoder) decode(data []byte, dst *pixel.Image) (*pixel.Image, error) {
	d := &dec.d
	d.reset(dec.Options, data)
	dec.last = Config{}
	if err := d.readHeader(); err != nil {
		return nil, err
	}
	dec.last = d.config()
	limit := dec.MaxPixels
	if limit <= 0 {
		limit = DefaultMaxPixels
	}
	limit = min(limit, pixel.MaxPixels)
	if d.width > limit/d.height {
		return nil, fmt.Errorf("%w: %dx%d exceeds the limit of %d pixels", ErrTooLarge, d.width, d.height, limit)
	}
	// planes and progressive coefficients: 1 + 2*3 bytes a pixel for a
	// progressive 4:4:4 file, with slack for the padding of small images
	// (capped so that every buffer size fits an int on 32-bit platforms)
	d.memLimit = min(8*int64(limit)+1<<20, int64(math.MaxInt/4))
	f := dec.Format
	switch {
	case f == 0 && d.ncomp == 1:
		f = pixel.Gray
	case f == 0:
		f = pixel.RGB
	case f != pixel.Gray && f != pixel.RGB:
		return nil, fmt.Errorf("%w: output format %v (only L and RGB)", ErrUnsupported, f)
	}
	if err := d.setup(scaleFor(d.width, d.height, dec.MinWidth, dec.MinHeight)); err != nil {
		return nil, err
	}
	if err := d.decodeBody(); err != nil {
		return nil, err
	}
	if d.nscans == 0 {
		return nil, errorf("no scan before the end of the data")
	}
	d.finish()
	m, err := d.output(f, dst)
	if err != nil {
		return nil, err
	}
	if dec.Orient {
		m = orient(m, d.orientation)
	}
	if d.truncated {
		return m, fmt.Errorf("%w: the data ends before the image is complete", ErrTruncated)
	}
	return m, nil
}

// scaleFor picks Pillow's draft() factor for a w x h image asked to be at
// least minW x minH.
func scaleFor(w, h, minW, minH int) int {
	if minW <= 0 && minH <= 0 {
		return 1
	}
	s := int(^uint(0) >> 1)
	if minW > 0 {
		s = w / minW
	}
	if minH > 0 {
		s = min(s, h/minH)
	}
	for _, f := range [...]int{8, 4, 2} {
		if s >= f {
			return f
		}
	}
	return 1
}

// reset prepares d for a new file, keeping its buffers.
func (d *decoder) reset(o Options, data []byte) {
	var keep [4]struct {
		plane []uint8
		coef  []int16
		nz    []uint64
	}
	for i := range d.comp {
		keep[i].plane, keep[i].coef, keep[i].nz = d.comp[i].plane, d.comp[i].coef, d.comp[i].nz
	}
	rows, tmp, pairs, skip, run := d.rows, d.tmp, d.acPairs, d.acSkip, d.run
	*d = decoder{opts: o, data: data, rows: rows, tmp: tmp, acPairs: pairs, acSkip: skip, run: run}
	for i := range d.comp {
		d.comp[i].plane, d.comp[i].coef, d.comp[i].nz = keep[i].plane, keep[i].coef, keep[i].nz
	}
}

func (d *decoder) config() Config {
	return Config{Width: d.width, Height: d.height, Components: d.ncomp, Progressive: d.progressive, Orientation: d.orientation}
}

func isTruncated(err error) bool { return errors.Is(err, ErrTruncated) }
