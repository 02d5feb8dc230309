package jpeg

import "math/bits"

// The AC block decoders of progressive scans: first passes of a spectral
// band, and successive-approximation refinements. (DC scans are simple
// enough to live in block.) Both keep the block's non-zero mask (nz: bit
// k for the coefficient at zigzag position k) equal to coef != 0.

// nzBit is the mask bit of zigzag position k: corrupt runs may step past
// 63, and zigzag sends those to the last coefficient, bit 63.
func nzBit(k int) uint64 { return 1 << min(k, 63) }

// acFirst decodes the first AC scan of a band for one block. Most
// coefficients come from one lookup of the combined table, with the bit
// buffer in locals; the rest go through decode and receiveExtend.
func (d *decoder) acFirst(coef *[64]int16, nz *uint64, ta int) {
	if d.eobrun > 0 {
		d.eobrun--
		return
	}
	br := &d.br
	s := &d.scan
	ac := &d.ac[ta]
	fast := &d.acFast[ta]
	al := uint(s.al)
	acc, n := br.acc, br.n
	for k := s.ss; k <= s.se; k++ {
		if n < 32 {
			acc, n = br.refill(acc, n)
		}
		var v int16
		if e := fast[acc>>(64-fastBits)]; e != 0 {
			acc <<= e & 63
			n -= uint(e & 0xFF)
			k += int(e >> 8 & 0xFF)
			v = int16(int32(e) >> 16 << al)
		} else {
			br.acc, br.n = acc, n
			rs := br.decode(ac)
			r, sz := int(rs>>4), rs&15
			if sz == 0 {
				if r < 15 {
					d.eobrun = 1<<r - 1
					if r > 0 {
						d.eobrun += int(br.bits(uint(r)))
					}
					return // br holds the buffer
				}
				k += 15
				acc, n = br.acc, br.n
				continue
			}
			k += r
			v = int16(br.receiveExtend(sz) << al)
			acc, n = br.acc, br.n
		}
		coef[zigzag[k]] = v
		if v != 0 {
			*nz |= nzBit(k)
		} else {
			*nz &^= nzBit(k) // a shift past int16 in corrupt data
		}
	}
	br.acc, br.n = acc, n
}

// span is the mask of zigzag positions lo..hi-1 (hi up to 64).
func span(lo, hi int) uint64 {
	return (1<<uint(hi) - 1) &^ (1<<uint(lo) - 1)
}

// acRefine decodes a successive-approximation refinement AC scan for one
// block: new coefficients of ±1<<al in zero positions, and one correction
// bit for each coefficient already non-zero that the run passes. The bit
// buffer lives in locals, and the non-zero mask gives the positions a run
// passes, the one it ends at and the coefficients owed a bit without a
// test per position.
func (d *decoder) acRefine(coef *[64]int16, nz *uint64, ta int) {
	br := &d.br
	se := d.scan.se
	al := uint(d.scan.al)
	p1 := int16(1) << al
	m1 := int16(-1) << al
	acc, n := br.acc, br.n
	m := *nz
	k := d.scan.ss
	if d.eobrun == 0 {
		ac := &d.ac[ta]
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
			// the run ends at the (r+1)-th zero coefficient from k, or
			// past se when the band has no such zero
			zeros := ^m & span(k, se+1)
			for ; r > 0 && zeros != 0; r-- {
				zeros &= zeros - 1
			}
			end := se + 1
			if zeros != 0 {
				end = bits.TrailingZeros64(zeros)
			}
			// correct's loop, written out: the call per symbol showed
			for set := m & span(k, end); set != 0; set &= set - 1 {
				z := zigzag[bits.TrailingZeros64(set)] & 63
				if n == 0 {
					acc, n = br.refill(acc, n)
				}
				coef[z] = refineBit(coef[z], acc>>63, al)
				acc <<= 1
				n--
			}
			k = end
			if v != 0 {
				coef[zigzag[k&127]&63] = v
				m |= nzBit(k)
			}
		}
	}
	if d.eobrun > 0 {
		if k <= se {
			acc, n = br.correct(coef, m&span(k, se+1), al, acc, n)
		}
		d.eobrun--
	}
	*nz = m
	br.acc, br.n = acc, n
}

// correct reads one correction bit (from acc, n) for each coefficient in
// zigzag positions set, in zigzag order (see refineBit).
func (br *bitReader) correct(coef *[64]int16, set uint64, al uint, acc uint64, n uint) (uint64, uint) {
	for ; set != 0; set &= set - 1 {
		z := zigzag[bits.TrailingZeros64(set)] & 63
		if n == 0 {
			acc, n = br.refill(acc, n)
		}
		coef[z] = refineBit(coef[z], acc>>63, al)
		acc <<= 1
		n--
	}
	return acc, n
}

// refineBit applies correction bit b (0 or 1) at bit al to the non-zero
// coefficient c: a 1 adds 1<<al to its magnitude unless it has that bit
// already. The bits are as good as random, so this is written without
// branches: a test of the bit was mispredicted about half the time.
func refineBit(c int16, b uint64, al uint) int16 {
	t := int16(b) << al &^ c // 1<<al when the bit is 1 and c lacks it
	s := c >> 15             // 0 for c > 0, -1 for c < 0
	return c + (t ^ s) - s
}
