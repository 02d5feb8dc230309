package jpeg

// The AC block decoders of progressive scans: first passes of a spectral
// band, and successive-approximation refinements. (DC scans are simple
// enough to live in block.)

// acFirst decodes the first AC scan of a band for one block.
func (d *decoder) acFirst(c *component, coef *[64]int16) {
	if d.eobrun > 0 {
		d.eobrun--
		return
	}
	br := &d.br
	s := &d.scan
	ac := &d.ac[c.ta]
	for k := s.ss; k <= s.se; k++ {
		rs := br.decode(ac)
		r, sz := int(rs>>4), rs&15
		if sz != 0 {
			k += r
			coef[zigzag[k]] = int16(br.receiveExtend(sz) << s.al)
			continue
		}
		if r < 15 {
			d.eobrun = 1<<r - 1
			if r > 0 {
				d.eobrun += int(br.bits(uint(r)))
			}
			break
		}
		k += 15
	}
}

// acRefine decodes a successive-approximation refinement AC scan for one
// block: new coefficients of ±1<<al in zero positions, and one correction
// bit for each coefficient already non-zero that the run passes. The bit
// buffer lives in locals: most of a refinement scan is single bits.
func (d *decoder) acRefine(c *component, coef *[64]int16) {
	br := &d.br
	se := d.scan.se
	p1 := int16(1) << d.scan.al
	m1 := int16(-1) << d.scan.al
	acc, n := br.acc, br.n
	k := d.scan.ss
	if d.eobrun == 0 {
		ac := &d.ac[c.ta]
		for ; k <= se; k++ {
			if n < 32 {
				acc, n = br.refill(acc, n)
			}
			var rs uint8
			if e := ac.lut[acc>>(64-lutBits)]; e != 0 {
				l := uint(e >> 8)
				acc <<= l
				n -= l
				rs = uint8(e)
			} else {
				br.acc, br.n = acc, n
				rs = br.decodeSlow(ac)
				acc, n = br.refill(br.acc, br.n)
			}
			r, sz := int(rs>>4), rs&15
			var v int16
			if sz != 0 {
				// sz should be 1; libjpeg takes one sign bit whatever it is
				if acc>>63 != 0 {
					v = p1
				} else {
					v = m1
				}
				acc <<= 1
				n--
			} else if r != 15 {
				d.eobrun = 1 << r
				if r > 0 {
					d.eobrun += int(acc >> (64 - uint(r)))
					acc <<= uint(r)
					n -= uint(r)
				}
				break
			}
			for k <= se {
				z := zigzag[k] & 63
				if coef[z] != 0 {
					if n == 0 {
						acc, n = br.refill(acc, n)
					}
					if acc>>63 != 0 && coef[z]&p1 == 0 {
						if coef[z] >= 0 {
							coef[z] += p1
						} else {
							coef[z] += m1
						}
					}
					acc <<= 1
					n--
				} else {
					r--
					if r < 0 {
						break
					}
				}
				k++
			}
			if v != 0 {
				coef[zigzag[k&127]&63] = v
			}
		}
	}
	if d.eobrun > 0 {
		for ; k <= se; k++ {
			z := zigzag[k] & 63
			if coef[z] == 0 {
				continue
			}
			if n == 0 {
				acc, n = br.refill(acc, n)
			}
			if acc>>63 != 0 && coef[z]&p1 == 0 {
				if coef[z] >= 0 {
					coef[z] += p1
				} else {
					coef[z] += m1
				}
			}
			acc <<= 1
			n--
		}
		d.eobrun--
	}
	br.acc, br.n = acc, n
}
