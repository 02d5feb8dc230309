package jpeg

import "bytes"

// Scans: the SOS header, the MCU loop with restart intervals and the end
// of the data, and the dispatch of each block to its decoder
// (sequential.go, progressive.go).

// maxScans bounds the scans of a file; real progressive files have about
// ten (libjpeg's default script) to a few dozen.
const maxScans = 1000

// scanState is the current scan's header.
type scanState struct {
	comps          [4]*component
	n              int
	ss, se, ah, al int
}

// parseSOS reads a scan header and checks it against the frame and the
// tables defined so far.
func (d *decoder) parseSOS(p []byte) error {
	if !d.frame {
		return errorf("scan before frame header")
	}
	if len(p) < 1 {
		return errorf("short SOS segment")
	}
	n := int(p[0])
	if n < 1 || n > d.ncomp || len(p) != 4+2*n {
		return errorf("SOS with %d components", n)
	}
	// every scan visits every block of its components, and a progressive
	// scan can skip thousands of blocks in two bytes: bounding the scan
	// count bounds the work a small corrupt file can cause
	d.nscans++
	if d.nscans > maxScans {
		return errorf("more than %d scans", maxScans)
	}
	s := &d.scan
	s.n = n
	blocks := 0
	for i := 0; i < n; i++ {
		id, t := p[1+2*i], p[2+2*i]
		var c *component
		for j := 0; j < d.ncomp; j++ {
			if d.comp[j].id == id {
				c = &d.comp[j]
			}
		}
		if c == nil {
			return errorf("scan names unknown component %d", id)
		}
		for j := 0; j < i; j++ {
			if s.comps[j] == c {
				return errorf("scan names component %d twice", id)
			}
		}
		c.td, c.ta = int(t>>4), int(t&15)
		if c.td > 3 || c.ta > 3 {
			return errorf("Huffman table selector %d/%d", c.td, c.ta)
		}
		s.comps[i] = c
		blocks += c.h * c.v
	}
	if n > 1 && blocks > 10 {
		return errorf("%d blocks in an MCU", blocks)
	}
	q := p[1+2*n:]
	s.ss, s.se, s.ah, s.al = int(q[0]), int(q[1]), int(q[2]>>4), int(q[2]&15)
	if d.progressive {
		switch {
		case s.ss > s.se || s.se > 63 || s.ah > 13 || s.al > 13:
			return errorf("progressive scan parameters Ss=%d Se=%d Ah=%d Al=%d", s.ss, s.se, s.ah, s.al)
		case s.ss == 0 && s.se != 0:
			return errorf("progressive scan mixes DC and AC")
		case s.ss > 0 && n != 1:
			return errorf("progressive AC scan of %d components", n)
		}
	} else {
		s.ss, s.se, s.ah, s.al = 0, 63, 0, 0 // libjpeg ignores them in sequential mode
	}
	// the tables this scan uses must exist
	for i := 0; i < n; i++ {
		c := s.comps[i]
		needDC := !d.progressive || (s.ss == 0 && s.ah == 0)
		needAC := !d.progressive || s.ss > 0
		if needDC && !d.dc[c.td].defined || needAC && !d.ac[c.ta].defined {
			return errorf("scan uses an undefined Huffman table")
		}
		if !d.quantSet[c.tq] {
			return errorf("component uses an undefined quantisation table")
		}
	}
	return nil
}

// decodeScan decodes the entropy-coded data after an SOS header and leaves
// d.pos after it. Once the data runs out (the bits reach a marker or the
// end), the MCU being decoded is finished with zero bits and the rest of
// the scan is skipped, as libjpeg does: their blocks keep what earlier
// scans gave them, or zero coefficients (a flat 128) in sequential mode.
func (d *decoder) decodeScan() error {
	s := &d.scan
	if d.progressive && s.ss > 0 && s.comps[0].size == 1 {
		// at 1/8 scale only the DC coefficient of this component reaches
		// the output (the 1x1 inverse DCT): its AC scans are skipped
		d.skipScan()
		s.comps[0].done = true
		return nil
	}
	d.br.reset(d.data, d.pos)
	for i := 0; i < s.n; i++ {
		s.comps[i].pred = 0
	}
	d.eobrun = 0
	var mcusX, mcusY int
	if s.n == 1 {
		c := s.comps[0]
		mcusX, mcusY = c.bwScan, c.bhScan
	} else {
		mcusX, mcusY = d.mcusX, d.mcusY
	}
	total := mcusX * mcusY
	skip := false
	runs := d.setupSkipRuns()
	for m := 0; m < total; m++ {
		// the overrun is checked before a restart resets the reader: once
		// the data has run out, no restart brings it back
		if !skip && d.br.overrun() {
			skip = true
			if !d.hitEnd() {
				return errorf("entropy-coded data ends early at a marker")
			}
			d.truncated = true
		}
		if d.restart > 0 && m > 0 && m%d.restart == 0 {
			d.restartMarker()
		}
		if runs && !skip && !d.br.stop {
			// a run of MCUs, to the row's end or the next restart (not
			// once the reader has stopped: its zero bits are Go's)
			limit := total
			if d.restart > 0 {
				limit = min(limit, (m/d.restart+1)*d.restart)
			}
			if n := d.dualRunMCUs(m, limit, mcusX); n > 0 {
				m += n - 1
				continue
			}
			m += d.skipRunMCUs(m, limit, mcusX) - 1
			continue
		}
		mx, my := m%mcusX, m/mcusX
		if s.n == 1 {
			d.block(s.comps[0], mx, my, skip)
			continue
		}
		for i := 0; i < s.n; i++ {
			c := s.comps[i]
			for y := 0; y < c.v; y++ {
				for x := 0; x < c.h; x++ {
					d.block(c, mx*c.h+x, my*c.v+y, skip)
				}
			}
		}
	}
	if !skip && d.br.overrun() {
		if !d.hitEnd() {
			return errorf("entropy-coded data ends early at a marker")
		}
		d.truncated = true
	}
	for i := 0; i < s.n; i++ {
		s.comps[i].done = true
	}
	d.pos = d.br.pos
	return nil
}

// skipScan moves d.pos to the marker ending the entropy-coded data at
// d.pos (the next 0xFF followed by neither 0x00 nor an RSTn), marking the
// data truncated when there is none.
func (d *decoder) skipScan() {
	p := d.pos
	for {
		i := bytes.IndexByte(d.data[p:], 0xFF)
		if i < 0 {
			d.pos = len(d.data)
			d.truncated = true
			return
		}
		p += i
		q := p + 1
		for q < len(d.data) && d.data[q] == 0xFF {
			q++
		}
		if q >= len(d.data) {
			d.pos = len(d.data)
			d.truncated = true
			return
		}
		if c := d.data[q]; c != 0 && (c < mRST0 || c > mRST7) {
			d.pos = p
			return
		}
		p = q + 1
	}
}

// hitEnd reports whether the bit reader stopped at the end of the data
// or at an EOI marker: a truncated file, as opposed to a corrupt one.
func (d *decoder) hitEnd() bool {
	p := d.br.pos
	for p < len(d.data) && d.data[p] == 0xFF {
		p++
	}
	return p >= len(d.data) || d.data[p] == mEOI
}

// restartMarker ends a restart interval: the bits left are dropped, the
// bytes up to the next marker skipped (stuffed 0xFF 0x00 pairs included),
// the marker read if it is an RSTn, and the predictions start again.
// At any other marker the reader stays stopped, so the following MCUs are
// decoded from zero bits, overrun and are skipped, as in libjpeg.
func (d *decoder) restartMarker() {
	p, q := d.br.pos, 0
	for {
		for p < len(d.data) && d.data[p] != 0xFF {
			p++ // garbage before the marker
		}
		q = p
		for q < len(d.data) && d.data[q] == 0xFF {
			q++
		}
		if q >= len(d.data) || d.data[q] != 0 {
			break
		}
		p = q + 1 // a stuffed 0xFF 0x00 is garbage too, as in libjpeg's next_marker
	}
	if q < len(d.data) && d.data[q] >= mRST0 && d.data[q] <= mRST7 {
		d.br.reset(d.data, q+1)
	} else {
		d.br.reset(d.data, p)
		d.br.stop = true
	}
	for i := 0; i < d.scan.n; i++ {
		d.scan.comps[i].pred = 0
	}
	d.eobrun = 0
}

// block decodes (or, when skip, leaves as it is) block (bx, by) of c.
func (d *decoder) block(c *component, bx, by int, skip bool) {
	if bx >= c.bw || by >= c.bh {
		return // cannot happen for a checked frame; keeps indexing provably safe
	}
	if !d.progressive {
		blk := &d.blk
		*blk = [64]int32{}
		if skip || !d.decodeSequential(c, blk, c.size == 1) {
			d.flat(c, blk[0], bx, by)
			return
		}
		d.idct(c, blk, bx, by)
		return
	}
	if skip {
		return
	}
	i := (by*c.bw + bx) * 64
	coef := (*[64]int16)(c.coef[i : i+64])
	s := &d.scan
	switch {
	case s.ss == 0 && s.ah == 0:
		t := d.br.decode(&d.dc[c.td])
		c.pred += d.br.receiveExtend(t)
		coef[0] = int16(c.pred << s.al)
	case s.ss == 0:
		if d.br.bit() != 0 {
			coef[0] |= 1 << s.al
		}
	case s.ah == 0:
		d.acFirst(coef, &c.nz[by*c.bw+bx], c.ta)
	default:
		d.acRefine(coef, &c.nz[by*c.bw+bx], c.ta)
	}
}
