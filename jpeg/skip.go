package jpeg

// Skipping the AC coefficients of a sequential block whose output needs
// only the DC term (a component decoded at 1/8 scale, where the 1x1
// inverse DCT reads the DC alone). The bits must still be consumed
// exactly as decodeSequential consumes them, but no value is built and
// nothing is stored: one lookup gives the bits of up to two symbols
// (codes and magnitudes) and how far each moves along the block.

// skipBits is the lookahead of the skipping table. Symbols of the noisy,
// detailed blocks where skipping costs the most take 3 to 6 bits with
// their magnitude, so 13 bits often hold two or three of them; the table
// (16 KiB) still stays in L1.
const skipBits = 13

// acSkip is the skipping lookup of an AC table. For each skipBits-bit
// prefix, the entry holds in its low byte the bits of the whole symbols
// (codes and magnitudes) the prefix starts with, and in its high byte
// the coefficient positions they cover together (run+1 each, 16 for a
// ZRL, skipEnd for an EOB); 0 when the prefix does not hold a whole
// first symbol. An EOB is only ever alone in an entry, and the symbols
// of an entry cover at most 63 positions otherwise: an entry that would
// carry the block past its end is not used (the caller takes such
// symbols one at a time), so the block's end never falls inside an
// entry. Several symbols a lookup shorten the chain of dependent loads
// and shifts that bounds the loop.
type acSkip [1 << skipBits]uint16

// skipEnd is the advance of an end-of-block symbol: past any position.
const skipEnd = 64

// skipSymbol returns the bits (code and magnitude) and the advance of the
// symbol whose code starts the width-bit value w, or 0 bits when w does
// not hold all of it.
func (t *huffTable) skipSymbol(w uint32, width uint) (bits, adv uint32) {
	if width < lutBits {
		w <<= lutBits - width // the code must lie within the width bits anyway
	} else {
		w >>= width - lutBits
	}
	e := t.lut[w&(1<<lutBits-1)]
	if e == 0 {
		return 0, 0
	}
	l, rs := uint(e>>8), uint8(e)
	r, s := uint(rs>>4), uint(rs&15)
	if l+s > width {
		return 0, 0
	}
	switch {
	case s != 0:
		adv = uint32(r + 1)
	case r == 15:
		adv = 16
	default:
		adv = skipEnd
	}
	return uint32(l + s), adv
}

// build fills f from the decoding table t.
func (f *acSkip) build(t *huffTable) {
	for i := range f {
		var bits, adv uint32
		for bits < skipBits {
			rest := skipBits - uint(bits)
			b, a := t.skipSymbol(uint32(i)&(1<<rest-1), rest)
			if b == 0 || bits > 0 && (a == skipEnd || adv+a > 63) {
				break
			}
			bits += b
			adv += a
			if a == skipEnd {
				break
			}
		}
		f[i] = uint16(adv<<8 | bits)
	}
}

// skipRound is how many table lookups follow one refill in skipAC: a
// refill leaves at least 56 bits, and each lookup takes at most skipBits.
const skipRound = 56 / skipBits

// skipAC consumes the AC symbols of one sequential block of table ta,
// reading from bit position k=1 to the end of block as decodeSequential
// does, without building any coefficient. The buffer is refilled once
// every skipRound lookups, whatever it holds: a test of its level before
// each lookup was a branch the processor mispredicted often, and the
// refill's load then waited on the last symbol's length.
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
		var ok bool
		if acc, n, ok = br.refillFast(acc, n); !ok {
			acc, n = br.refillSlow(acc, n)
		}
		for range skipRound {
			e := skip[acc>>(64-skipBits)]
			if e == 0 || k+uint(e>>8) >= 64 {
				goto single
			}
			l := uint(e & 63) // at most skipBits; the mask spares the shift its >= 64 case
			acc <<= l
			n -= l
			k += uint(e >> 8)
		}
		continue
	single:
		// a symbol the table does not hold, or one near the block's end
		if n < 32 {
			acc, n = br.refill(acc, n)
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
