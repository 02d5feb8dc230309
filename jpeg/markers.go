package jpeg

import "encoding/binary"

// Marker parsing: the segments before and between scans.

// Marker codes (the byte after 0xFF).
const (
	mSOF0 = 0xC0 // baseline
	mSOF1 = 0xC1 // extended sequential, Huffman
	mSOF2 = 0xC2 // progressive, Huffman
	mDHT  = 0xC4
	mRST0 = 0xD0
	mRST7 = 0xD7
	mSOI  = 0xD8
	mEOI  = 0xD9
	mSOS  = 0xDA
	mDQT  = 0xDB
	mDNL  = 0xDC
	mDRI  = 0xDD
	mAPP0 = 0xE0
	mAPP1 = 0xE1
	mAPPE = 0xEE
	mCOM  = 0xFE
)

// component is one colour component of the frame and its decoded data.
type component struct {
	id     uint8
	h, v   int // sampling factors
	tq     int // quantisation table
	td, ta int // Huffman tables of the current scan

	bw, bh int // blocks in the MCU-padded grid
	// blocks of the component's own (non-interleaved) extent
	bwScan, bhScan int
	size           int // DCT output size (8, 4, 2 or 1) at the current scale
	stride         int // plane row length: bw*size
	plane          []uint8
	coef           []int16 // progressive: bw*bh*64 coefficients, natural order
	// progressive: per block, bit k set when the coefficient at zigzag
	// position k (1..63) is non-zero, so that refinement scans find the
	// coefficients owed a correction bit without testing each position
	nz   []uint64
	pred int32 // DC predictor
	done bool  // a scan has carried its data
}

// nextMarker returns the marker at or after pos, skipping bytes that are
// not a marker (libjpeg warns about them and goes on), and the position
// after it; ok is false at the end of the data.
func (d *decoder) nextMarker() (m byte, ok bool) {
	for d.pos+1 < len(d.data) {
		if d.data[d.pos] != 0xFF {
			d.pos++
			continue
		}
		c := d.data[d.pos+1]
		if c == 0xFF { // fill byte
			d.pos++
			continue
		}
		d.pos += 2
		if c == 0 { // a stuffed 0xFF outside a scan: garbage
			continue
		}
		return c, true
	}
	d.pos = len(d.data)
	return 0, false
}

// segment returns the payload of the length-prefixed segment at pos and
// moves past it.
func (d *decoder) segment() ([]byte, error) {
	if d.pos+2 > len(d.data) {
		return nil, ErrTruncated
	}
	n := int(binary.BigEndian.Uint16(d.data[d.pos:]))
	if n < 2 {
		return nil, errorf("segment length %d", n)
	}
	if d.pos+n > len(d.data) {
		return nil, ErrTruncated
	}
	p := d.data[d.pos+2 : d.pos+n]
	d.pos += n
	return p, nil
}

// parseDQT reads quantisation tables (8- or 16-bit entries) into natural
// order.
func (d *decoder) parseDQT(p []byte) error {
	for len(p) > 0 {
		pq, tq := p[0]>>4, int(p[0]&15)
		if tq > 3 || pq > 1 {
			return errorf("DQT table %d precision %d", tq, pq)
		}
		n := 64 << pq
		if len(p) < 1+n {
			return errorf("short DQT segment")
		}
		for k := 0; k < 64; k++ {
			var q uint16
			if pq == 0 {
				q = uint16(p[1+k])
			} else {
				q = binary.BigEndian.Uint16(p[1+2*k:])
			}
			d.quant[tq][zigzag[k]] = int32(q)
		}
		d.quantSet[tq] = true
		p = p[1+n:]
	}
	return nil
}

// parseDHT reads Huffman tables.
func (d *decoder) parseDHT(p []byte) error {
	for len(p) > 0 {
		if len(p) < 17 {
			return errorf("short DHT segment")
		}
		tc, th := p[0]>>4, int(p[0]&15)
		if tc > 1 || th > 3 {
			return errorf("DHT class %d table %d", tc, th)
		}
		var counts [16]uint8
		copy(counts[:], p[1:17])
		total := 0
		for _, c := range counts {
			total += int(c)
		}
		if total > 256 || len(p) < 17+total {
			return errorf("DHT with %d symbols", total)
		}
		t := &d.dc[th]
		if tc == 1 {
			t = &d.ac[th]
		}
		if err := t.build(&counts, p[17:17+total]); err != nil {
			return err
		}
		if tc == 1 {
			d.buildACLookups(th)
		}
		p = p[17+total:]
	}
	return nil
}

// parseSOF reads the frame header and checks it against the limits before
// anything is allocated.
func (d *decoder) parseSOF(p []byte, marker byte) error {
	if d.frame {
		return errorf("second frame header")
	}
	if len(p) < 6 {
		return errorf("short SOF segment")
	}
	if p[0] != 8 {
		return unsupported("%d-bit samples", p[0])
	}
	d.height = int(binary.BigEndian.Uint16(p[1:]))
	d.width = int(binary.BigEndian.Uint16(p[3:]))
	n := int(p[5])
	if d.height == 0 {
		return unsupported("height defined by a DNL marker")
	}
	if d.width == 0 {
		return errorf("zero width")
	}
	if n != 1 && n != 3 && n != 4 {
		return unsupported("%d components", n)
	}
	if len(p) < 6+3*n {
		return errorf("short SOF segment")
	}
	d.ncomp = n
	d.progressive = marker == mSOF2
	d.hmax, d.vmax = 1, 1
	for i := 0; i < n; i++ {
		c := &d.comp[i]
		*c = component{plane: c.plane, coef: c.coef, nz: c.nz} // keep buffers
		c.id = p[6+3*i]
		c.h, c.v = int(p[7+3*i]>>4), int(p[7+3*i]&15)
		c.tq = int(p[8+3*i])
		if c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 {
			return errorf("sampling factors %dx%d", c.h, c.v)
		}
		if c.tq > 3 {
			return errorf("quantisation table %d", c.tq)
		}
		d.hmax, d.vmax = max(d.hmax, c.h), max(d.vmax, c.v)
	}
	d.frame = true
	return nil
}

// parseAPP reads the markers that decide the colour transform (JFIF,
// Adobe) and the EXIF orientation.
func (d *decoder) parseAPP(m byte, p []byte) {
	switch {
	case m == mAPP0 && len(p) >= 14 && string(p[:5]) == "JFIF\x00":
		// libjpeg recognises only a full JFIF header (14 bytes)
		d.jfif = true
	case m == mAPPE && len(p) >= 12 && string(p[:5]) == "Adobe":
		d.adobe = true
		d.adobeTransform = p[11]
	case m == mAPP1 && len(p) >= 6 && string(p[:6]) == "Exif\x00\x00" && !d.exif:
		// the first EXIF segment counts, as in Pillow
		d.exif = true
		d.orientation = exifOrientation(p[6:])
	}
}

// zigzag maps the position in coding order to natural (row-major) order.
var zigzag = [128]uint8{
	0, 1, 8, 16, 9, 2, 3, 10,
	17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34,
	27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36,
	29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46,
	53, 60, 61, 54, 47, 55, 62, 63,
	// corrupt run lengths may step past 63: these land in the last
	// coefficient's slot harmlessly instead of out of bounds, as libjpeg's
	// extra table entries do.
	63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
	63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
	63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
	63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
}

// buildACLookups builds the lookups of AC table slot th from d.ac[th]:
// acFast now, acPair and acSkip when a block first needs them.
func (d *decoder) buildACLookups(th int) {
	d.acFast[th].build(&d.ac[th])
	d.acPairSet[th], d.acSkipSet[th] = false, false
}
