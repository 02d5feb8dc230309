package jpeg

// Skipping the AC coefficients of a sequential block whose output needs
// only the DC term (a component decoded at 1/8 scale, where the 1x1
// inverse DCT reads the DC alone). The bits must still be consumed
// exactly as decodeSequential consumes them, but no value is built and
// nothing is stored: one lookup gives the bits of a code and its
// magnitude together and how far the symbol moves along the block.

// acSkip is the skipping lookup of an AC table: for each fastBits-bit
// prefix that holds a whole code (and its magnitude bits), the bits to
// consume in the low byte and the coefficient positions the symbol
// covers in the high byte (run+1, 16 for ZRL, skipEnd for EOB); 0 when
// the prefix does not hold them and the symbol takes the long way.
type acSkip [1 << fastBits]uint16

// skipEnd is the advance of an end-of-block symbol: past any position.
const skipEnd = 64

// build fills f from the decoding table t.
func (f *acSkip) build(t *huffTable) {
	for i := range f {
		f[i] = 0
		e := t.lut[i>>(fastBits-lutBits)]
		if e == 0 {
			continue
		}
		l, rs := uint(e>>8), uint8(e)
		r, s := uint(rs>>4), uint(rs&15)
		var adv uint
		switch {
		case s != 0:
			adv = r + 1
		case r == 15:
			adv = 16
		default:
			adv = skipEnd
		}
		if l+s > fastBits {
			continue
		}
		f[i] = uint16(adv)<<8 | uint16(l+s)
	}
}

// skipAC consumes the AC symbols of one sequential block of table ta,
// reading from bit position k=1 to the end of block as decodeSequential
// does, without building any coefficient.
func (d *decoder) skipAC(ta int) {
	if !d.acSkipSet[ta] {
		d.acSkip[ta].build(&d.ac[ta])
		d.acSkipSet[ta] = true
	}
	br := &d.br
	skip := &d.acSkip[ta]
	act := &d.ac[ta]
	acc, n := br.acc, br.n
	for k := uint(1); k < 64; {
		if n < 32 {
			var ok bool
			if acc, n, ok = br.refillFast(acc, n); !ok {
				acc, n = br.refillSlow(acc, n)
			}
		}
		if e := skip[acc>>(64-fastBits)]; e != 0 {
			l := uint(e & 63) // at most fastBits; the mask spares the shift its >= 64 case
			acc <<= l
			n -= l
			k += uint(e >> 8)
			continue
		}
		var rs uint8
		if e := act.lut[acc>>(64-lutBits)]; e != 0 {
			l := uint(e >> 8)
			acc <<= l
			n -= l
			rs = uint8(e)
		} else {
			br.acc, br.n = acc, n
			rs = br.decodeSlow(act)
			acc, n = br.refill(br.acc, br.n)
		}
		r, sz := uint(rs>>4), uint(rs&15)
		if sz == 0 {
			if r != 15 {
				break
			}
			k += 16
			continue
		}
		acc <<= sz
		n -= sz
		k += r + 1
	}
	br.acc, br.n = acc, n
}
