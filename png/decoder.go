package png

import (
	"errors"
	"fmt"
	"io"

	"github.com/hotloop/hotloop/internal/inflate"
	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/pixel"
)

// DefaultMaxPixels is the pixel limit of a Decoder whose MaxPixels is 0:
// Pillow's decompression-bomb error threshold, twice Image.MAX_IMAGE_PIXELS
// (89,478,485).
const DefaultMaxPixels = 2 * 89478485

// maxExpansion bounds deflate's output per input byte: a length-258 match
// coded in two bits expands 1032 times, and nothing expands more.
const maxExpansion = 1032

// A Decoder decodes PNG files, keeping its buffers from one file to the
// next so that a batch allocates little beyond the results. Its exported
// fields configure it; the zero value decodes to Pillow's open mode with
// the default pixel limit. A Decoder must not be used by several
// goroutines at once; use one per goroutine.
type Decoder struct {
	// Format is the pixel format of the result, converted from the file as
	// Pillow's Image.convert does; zero means the file's own (see
	// Config.Format).
	Format pixel.Format
	// MaxPixels refuses files declaring more pixels (width × height); zero
	// means DefaultMaxPixels. It cannot exceed pixel.MaxPixels.
	MaxPixels int
	// IgnoreCRC skips the CRC check of every chunk.
	IgnoreCRC bool

	m       meta
	idat    []byte      // compressed image data read from an io.Reader, all IDAT chunks
	segs    [][]byte    // the image data to inflate: idat, or the IDAT chunks' data in DecodeInto's file
	win     []byte      // the inflater's sliding window of scanlines with their filter bytes
	rows    []byte      // two unfiltered rows: the current one and the one above
	img     pixel.Image // the result's header for DecodeInto until it succeeds
	scratch []byte      // skipped chunks' data, then one natural row
	zero    []byte      // the all-zero row above each pass's first row
	inf     inflater
	cr      chunkReader
	passBuf [7]pass
}

// Decode reads a PNG file from r in Pillow's open mode (Config.Format).
func Decode(r io.Reader) (*pixel.Image, error) {
	var d Decoder
	return d.Decode(r)
}

// DecodeAs reads a PNG file from r as format f, with the pixels Pillow's
// Image.open(file).convert(f's mode) gives.
func DecodeAs(r io.Reader, f pixel.Format) (*pixel.Image, error) {
	d := Decoder{Format: f}
	return d.Decode(r)
}

// DecodeConfig reads a PNG file's header and the chunks before its image
// data, without decoding pixels.
func DecodeConfig(r io.Reader) (Config, error) {
	var d Decoder
	return d.DecodeConfig(r)
}

// DecodeConfig reads a PNG file's header and the chunks before its image
// data with d's settings (CRC checks and pixel limit), without decoding
// pixels.
func (d *Decoder) DecodeConfig(r io.Reader) (Config, error) {
	err := d.readChunks(r, nil, true)
	d.cr.r = nil // the caller's reader is not kept
	if err != nil {
		return Config{}, err
	}
	return d.config(), nil
}

func (d *Decoder) config() Config {
	h := d.m.header
	return Config{Width: h.width, Height: h.height, ColorType: h.ctype, BitDepth: h.depth,
		Interlaced: h.interlaced, Format: d.m.natural(0)}
}

// Decode reads one PNG file from r. It returns an error for a file that is
// not PNG, is corrupt or truncated, or declares more than the pixel limit;
// in that case no image is returned.
func (d *Decoder) Decode(r io.Reader) (*pixel.Image, error) {
	if d.Format != 0 && !d.Format.Valid() {
		return nil, fmt.Errorf("png: invalid pixel format %d", uint8(d.Format))
	}
	return d.decode(r, nil, d.chosen, nil)
}

// chosen is the format Decode and DecodeInto give a file whose natural
// format is natural.
func (d *Decoder) chosen(natural pixel.Format) pixel.Format {
	if d.Format == 0 {
		return natural
	}
	return d.Format
}

// DecodeInto is Decode reading the file from data (which it does not keep
// or modify) and writing into dst's pixel buffer when its capacity holds
// the result, whatever dst's format and size were: *dst is rewritten to
// describe the result and dst is returned. When the buffer is too small
// the result is a new image and dst is left as it was. Decoding a batch
// into one scratch image (adopting each larger result) allocates nothing
// per file once the buffers have grown. On an error, dst's pixels are
// unspecified.
func (d *Decoder) DecodeInto(dst *pixel.Image, data []byte) (*pixel.Image, error) {
	if d.Format != 0 && !d.Format.Valid() {
		return nil, fmt.Errorf("png: invalid pixel format %d", uint8(d.Format))
	}
	return d.decode(nil, data, d.chosen, dst)
}

// decode reads one file, from r or, when r is nil, from mem, and converts
// it to the format choose picks from the file's natural one, into dst's
// buffer when it is large enough (see DecodeInto; nil: a new image).
func (d *Decoder) decode(r io.Reader, mem []byte, choose func(natural pixel.Format) pixel.Format, dst *pixel.Image) (*pixel.Image, error) {
	// The image data of a file in memory is inflated where it lies; the
	// references to it are dropped on return, the caller's file being
	// the caller's.
	defer func() {
		clear(d.segs)
		d.segs = d.segs[:0]
		d.cr.r, d.cr.mem = nil, nil
		d.inf.release()
		d.img = pixel.Image{}
	}()
	if err := d.readChunks(r, mem, false); err != nil {
		return nil, err
	}
	if r != nil {
		d.segs = append(d.segs[:0], d.idat)
	}
	idatLen := 0
	for _, s := range d.segs {
		idatLen += len(s)
	}
	h := &d.m.header
	passes := h.passes(&d.passBuf)
	rawSize := 0
	for _, p := range passes {
		rawSize += p.h * (1 + h.rowBytes(p.w))
	}
	if rawSize > maxExpansion*idatLen+maxExpansion {
		return nil, fmt.Errorf("png: %d bytes of compressed data cannot hold a %dx%d image (%d bytes of scanlines): %w",
			idatLen, h.width, h.height, rawSize, errTruncated)
	}
	// The first rows are inflated before the image is allocated, so
	// that data corrupt from its start, as most damaged files' is, costs
	// no image, as when the whole data was inflated first.
	win, avail, err := d.startInflate(rawSize)
	if err != nil {
		return nil, err
	}
	out := choose(d.m.natural(0))
	nat := d.m.natural(out)
	var img *pixel.Image
	if n := h.width * h.height * out.Channels(); dst != nil && cap(dst.Pix) >= n {
		// Every pixel is written below (each row, or each Adam7 pass's
		// share), so the old contents need no clearing.
		// *dst is rewritten only once the image data has inflated
		// without an error, as when it was inflated before decoding
		// began: until then the header lives in d.img.
		d.img = pixel.Image{Format: out, Width: h.width, Height: h.height, Stride: h.width * out.Channels(), Pix: dst.Pix[:n]}
		img = &d.img
	} else if dst != nil && cap(dst.Pix) > 0 {
		// A caller's buffer that was too small: the new image gets
		// headroom, for the caller to reuse its buffer in turn.
		img = &pixel.Image{Format: out, Width: h.width, Height: h.height, Stride: h.width * out.Channels(),
			Pix: make([]uint8, n, withHeadroom(cap(dst.Pix), n))}
	} else {
		img = pixel.New(out, h.width, h.height)
	}
	inflated, err := d.unfilterAndUnpack(img, nat, passes, win, avail)
	if img == &d.img && inflated {
		*dst = d.img
		img = dst
	}
	if err != nil {
		return nil, err
	}
	return img, nil
}

// readChunks reads the signature and chunks, from r or, when r is nil,
// from mem, up to the end of the image data (or only up to its start, for
// DecodeConfig), filling d.m, and d.idat (from r) or d.segs (from mem).
func (d *Decoder) readChunks(r io.Reader, mem []byte, headerOnly bool) error {
	// The chunk reader lives in d: its header buffer goes to r.Read, an
	// interface call, so a local one would be allocated on every call.
	c := &d.cr
	*c = chunkReader{r: r, mem: mem, inMem: r == nil, ignoreCRC: d.IgnoreCRC}
	if err := c.readFull(c.hdr[:]); err != nil || string(c.hdr[:]) != signature {
		return errors.New("png: not a PNG file")
	}
	d.m = meta{}
	d.m.resetPalette()
	d.idat = d.idat[:0]
	d.segs = d.segs[:0]
	seenIHDR, seenIDAT, idatDone := false, false, false
	for {
		kind, n, err := c.next()
		if err == io.EOF && seenIDAT {
			return nil // Pillow stops at the end of the image data; IEND may be missing
		}
		if err == io.EOF {
			err = errTruncated
		}
		if err != nil {
			return err
		}
		if !seenIHDR && string(kind[:]) != "IHDR" {
			return fmt.Errorf("png: first chunk is %q, not IHDR", string(kind[:]))
		}
		switch string(kind[:]) {
		case "IHDR":
			if seenIHDR {
				return errors.New("png: second IHDR chunk")
			}
			seenIHDR = true
			if d.scratch, err = c.readSmall(d.scratch, n); err != nil {
				return err
			}
			if d.m.header, err = parseIHDR(d.scratch); err != nil {
				return err
			}
			if err := d.checkSize(); err != nil {
				return err
			}
		case "PLTE", "tRNS":
			if seenIDAT {
				return fmt.Errorf("png: %s chunk after the image data", string(kind[:]))
			}
			if d.scratch, err = c.readSmall(d.scratch, n); err != nil {
				return err
			}
			if err := d.m.parse(string(kind[:]), d.scratch); err != nil {
				return err
			}
		case "IDAT":
			if idatDone {
				return errors.New("png: IDAT chunks are not consecutive")
			}
			if d.m.ctype == Paletted && !d.m.hasPLTE {
				return errors.New("png: indexed-colour image without a PLTE chunk")
			}
			if headerOnly {
				return nil
			}
			seenIDAT = true
			if c.inMem {
				var seg []byte
				if seg, err = c.data(n); err != nil {
					return err
				}
				d.segs = append(d.segs, seg)
			} else if d.idat, err = c.appendData(d.idat, n); err != nil {
				return err
			}
		case "IEND":
			if !seenIDAT {
				return errors.New("png: no image data (IDAT) before IEND")
			}
			return nil
		default:
			// Ancillary and unknown chunks carry nothing Pillow's
			// conversion uses; their CRCs are still checked.
			idatDone = idatDone || seenIDAT
			if d.scratch, err = c.skip(n, d.scratch); err != nil {
				return err
			}
		}
	}
}

// checkSize applies the pixel limit to the declared size.
func (d *Decoder) checkSize() error {
	limit := d.MaxPixels
	if limit <= 0 {
		limit = DefaultMaxPixels
	}
	limit = min(limit, pixel.MaxPixels)
	if w, h := d.m.width, d.m.height; w > limit/h {
		return fmt.Errorf("png: %dx%d image exceeds the limit of %d pixels", w, h, limit)
	}
	return nil
}

// readSmall reads a chunk that must be small (IHDR, PLTE, tRNS: at most
// 768 bytes in a valid file) into buf.
func (c *chunkReader) readSmall(buf []byte, n int) ([]byte, error) {
	if n > 1024 {
		return buf, fmt.Errorf("png: %s chunk of %d bytes is too long", c.hdr[4:8], n)
	}
	return c.appendData(buf[:0], n)
}

// parse reads a PLTE or tRNS chunk into m.
func (m *meta) parse(kind string, b []byte) error {
	switch kind {
	case "PLTE":
		if m.hasPLTE {
			return errors.New("png: second PLTE chunk")
		}
		if len(b)%3 != 0 || len(b) == 0 || len(b) > 3*256 {
			return fmt.Errorf("png: PLTE chunk of %d bytes", len(b))
		}
		m.hasPLTE = true
		if m.ctype != Paletted {
			return nil // a suggested palette for a truecolour image: unused
		}
		for i := 0; i < len(b)/3; i++ {
			m.pal[i][0], m.pal[i][1], m.pal[i][2] = b[3*i], b[3*i+1], b[3*i+2]
		}
	case "tRNS":
		if m.trns {
			return errors.New("png: second tRNS chunk")
		}
		switch m.ctype {
		case Paletted:
			if len(b) > 256 {
				return fmt.Errorf("png: tRNS chunk of %d bytes for a palette", len(b))
			}
			for i, a := range b {
				m.pal[i][3] = a
			}
		case Grey:
			if len(b) != 2 {
				return fmt.Errorf("png: tRNS chunk of %d bytes for a grey image, want 2", len(b))
			}
			m.trnsKey[0] = uint16(b[0])<<8 | uint16(b[1])
		case Truecolor:
			if len(b) != 6 {
				return fmt.Errorf("png: tRNS chunk of %d bytes for an RGB image, want 6", len(b))
			}
			for i := range m.trnsKey {
				m.trnsKey[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
			}
		default:
			return fmt.Errorf("png: tRNS chunk in a %s image", m.ctype)
		}
		m.trns = true
	}
	return nil
}

// windowMargin is the room the sliding window has beyond deflate's window
// and two rows: the inflater fills it between slides, each of which moves
// Window bytes, so a larger margin means fewer slides, a smaller one a
// window that stays in a faster cache.
const windowMargin = 64 << 10

// readAhead is how far past the next row the inflater is asked to go, so
// that images of short rows do not pay a call per row.
const readAhead = 16 << 10

// startInflate starts inflating the image data, total bytes of scanlines
// with their filter bytes, into d.win, and inflates the first rows. It
// returns the window (all of d.win's capacity) and how many of its bytes
// are final.
func (d *Decoder) startInflate(total int) (win []byte, avail int, err error) {
	// The widest pass is the first one or, interlaced, no wider than the
	// image. A window holding all the data never slides; a smaller one
	// has room for Window bytes behind the next row (the most a match
	// reaches back), that row and the margin.
	maxRB := d.m.header.rowBytes(d.m.header.width)
	d.win = resize(d.win, min(inflate.Window+2*(maxRB+1)+windowMargin, total))
	win = d.win[:cap(d.win)]
	d.inf.start(win, d.segs, total)
	avail, err = d.inf.next(min(1+maxRB+readAhead, len(win)))
	return win, avail, err
}

// unfilterAndUnpack continues inflating the image data into win, of which
// avail bytes are final (see startInflate), reverses the filters and
// writes the pixels into img, converting from nat to img.Format. The
// window slides, keeping deflate's window behind the next row: matches
// reach back into the filtered bytes of earlier rows, so each row is
// copied out to be unfiltered, against the row above kept in a second
// buffer. inflated reports whether the image data inflated without an
// error. An error of the image data is returned in preference to a
// filter or conversion error, as when the whole data was inflated first:
// after such an error, the rest of the data is still inflated, unused.
func (d *Decoder) unfilterAndUnpack(img *pixel.Image, nat pixel.Format, passes []pass, win []byte, avail int) (inflated bool, err error) {
	h := &d.m.header
	unpack := d.m.unpacker(nat)
	bpp := h.bpp()
	// Interlaced pixels are scattered into an image of the natural format;
	// a plain image's rows go straight to img when no conversion is due.
	// natRow and imgRow are one row of each, for converting a plain
	// image row by row without allocating per row.
	dst := img
	var natRow, imgRow pixel.Image
	if nat != img.Format {
		if h.interlaced {
			dst = pixel.New(nat, h.width, h.height)
		} else {
			natRow = pixel.Image{Format: nat, Width: h.width, Height: 1, Stride: h.width * nat.Channels()}
			imgRow = pixel.Image{Format: img.Format, Width: img.Width, Height: 1, Stride: img.Stride}
			dst = &natRow
		}
	}
	ch := nat.Channels()
	d.scratch = resize(d.scratch, h.width*ch)
	maxRB := h.rowBytes(h.width)
	d.rows = resize(d.rows, 2*maxRB)
	d.zero = resize(d.zero, maxRB)
	clear(d.zero)
	start := 0 // the next row's offset in win; win[:avail] is final
	var rowErr error
	for _, p := range passes {
		rb := h.rowBytes(p.w)
		rowBuf := [2][]byte{d.rows[:rb], d.rows[maxRB : maxRB+rb]}
		prev := d.zero[:rb] // the row above each pass's first row is zeros
		for y := 0; y < p.h; y++ {
			end := start + 1 + rb
			if end > avail {
				if end > len(win) {
					// Slide, keeping Window bytes behind the row: start
					// exceeds Window here by the window's sizing.
					k := start - inflate.Window
					d.inf.slide(k)
					start, end = start-k, end-k
				}
				if avail, err = d.inf.next(min(end+readAhead, len(win))); err != nil {
					return false, err
				}
			}
			line := win[start:end]
			start = end
			if rowErr != nil {
				continue // inflate to the end, for its errors
			}
			cur := rowBuf[y&1]
			copy(cur, line[1:])
			if err := kernels.Unfilter(line[0], cur, prev, bpp); err != nil {
				rowErr = fmt.Errorf("png: %w", err)
				continue
			}
			prev = cur
			switch {
			case h.interlaced:
				unpack(d.scratch, cur, p.w)
				row := dst.Row(p.y0 + y*p.dy)
				for i := 0; i < p.w; i++ {
					x := p.x0 + i*p.dx
					copy(row[x*ch:x*ch+ch], d.scratch[i*ch:])
				}
			case dst == img:
				unpack(img.Row(y), cur, p.w)
			default:
				unpack(d.scratch, cur, p.w)
				natRow.Pix = d.scratch
				imgRow.Pix = img.Row(y)
				if err := pixel.Convert(&imgRow, &natRow); err != nil {
					rowErr = err
				}
			}
		}
	}
	if rowErr != nil {
		return true, rowErr
	}
	if h.interlaced && dst != img {
		return true, pixel.Convert(img, dst)
	}
	return true, nil
}

// resize returns buf with length n, reallocating only when it is too small.
// A buffer that grows gets a quarter more than asked: a Decoder reused
// over a batch of images of varying sizes would otherwise reallocate, and
// clear and page-fault anew, at every image larger than all before it.
func resize(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n, withHeadroom(cap(buf), n))
	}
	return buf[:n]
}

// withHeadroom returns the capacity to allocate for n elements in place of
// a buffer of capacity old: n for a first allocation, a quarter more when
// an earlier buffer proved too small.
func withHeadroom(old, n int) int {
	if old == 0 {
		return n
	}
	return n + n/4
}
