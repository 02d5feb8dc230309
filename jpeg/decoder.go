package jpeg

// The decoder's state and its top-level loop over the markers.

// decoder holds one file's state; its buffers (planes, coefficients,
// output rows) are kept across files by Decoder.
type decoder struct {
	opts Options
	data []byte
	pos  int

	frame          bool
	progressive    bool
	width, height  int
	ncomp          int
	comp           [4]component
	hmax, vmax     int
	mcusX, mcusY   int
	quant          [4][64]int32 // natural order; int32 for the AC loop's multiplies
	quantSet       [4]bool
	dc, ac         [4]huffTable
	acFast         [4]acFast
	acPairs        *pairTables // built on first use (decodeSequential), kept across files
	acPairSet      [4]bool     // acPairs' table is this file's (checked or built)
	acSkip         *skipTables // built on first use (skipAC), kept across files
	acSkipSet      [4]bool     // acSkip's table is this file's (checked or built)
	run            *skipRuns   // skipRun's steps and buffer, kept across files
	restart        int
	jfif, adobe    bool
	adobeTransform uint8
	orientation    int
	exif           bool // an EXIF segment was seen

	memLimit int64 // bytes of planes and coefficients allowed
	nscans   int

	scale   int // 1, 2, 4 or 8: the output is 1/scale of the image
	minSize int // 8/scale: the DCT output size of the largest component

	scan      scanState
	br        bitReader
	eobrun    int
	blk       [64]int32
	truncated bool
	eoi       bool

	rows [4][]uint8 // upsampled component rows
	tmp  []uint8    // RGB row when the output is L
}

// readHeader parses the markers up to and including the frame header.
func (d *decoder) readHeader() error {
	if len(d.data) < 2 || d.data[0] != 0xFF || d.data[1] != mSOI {
		return errorf("missing SOI marker")
	}
	d.pos = 2
	for !d.frame {
		m, ok := d.nextMarker()
		if !ok {
			return errorf("no frame header: %w", ErrTruncated)
		}
		if err := d.marker(m); err != nil {
			return err
		}
	}
	return nil
}

// marker handles one marker segment other than SOS.
func (d *decoder) marker(m byte) error {
	switch {
	case m == mSOI || m >= mRST0 && m <= mRST7 || m == 0x01:
		return nil // no payload
	case m == mEOI:
		return errorf("EOI before the image")
	}
	p, err := d.segment()
	if err != nil {
		if err == ErrTruncated {
			return errorf("marker segment: %w", ErrTruncated)
		}
		return err
	}
	switch {
	case m == mSOF0 || m == mSOF1 || m == mSOF2:
		return d.parseSOF(p, m)
	case m == 0xC3 || m >= 0xC5 && m <= 0xC7 || m >= 0xC9 && m <= 0xCB || m >= 0xCD && m <= 0xCF:
		if m >= 0xC9 {
			return unsupported("arithmetic coding (SOF%d)", m-mSOF0)
		}
		return unsupported("lossless or hierarchical frame (SOF%d)", m-mSOF0)
	case m == 0xCC:
		return unsupported("arithmetic coding (DAC)")
	case m == mDHT:
		return d.parseDHT(p)
	case m == mDQT:
		return d.parseDQT(p)
	case m == mDRI:
		if len(p) != 2 {
			return errorf("DRI length %d", len(p))
		}
		d.restart = int(p[0])<<8 | int(p[1])
	case m == mDNL:
		return unsupported("DNL marker")
	case m >= mAPP0 && m <= 0xEF:
		d.parseAPP(m, p)
	}
	return nil // COM and others: skipped
}

// decodeBody parses and decodes the scans after the frame header until
// EOI or the end of the data.
func (d *decoder) decodeBody() error {
	for {
		m, ok := d.nextMarker()
		if !ok {
			d.truncated = true
			return nil
		}
		if m == mEOI {
			d.eoi = true
			return nil
		}
		if m != mSOS {
			if err := d.marker(m); err != nil {
				if isTruncated(err) {
					d.truncated = true
					return nil
				}
				return err
			}
			continue
		}
		p, err := d.segment()
		if err != nil {
			if err == ErrTruncated {
				d.truncated = true
				return nil
			}
			return err
		}
		if err := d.parseSOS(p); err != nil {
			return err
		}
		if err := d.decodeScan(); err != nil {
			return err
		}
		if d.truncated {
			return nil
		}
	}
}
