package jpeg

import "encoding/binary"

// Huffman decoding: canonical tables from DHT segments, a lookup table for
// codes of up to lutBits bits (almost every code in real files), and a
// per-length fallback for the longer ones.

// lutBits is the lookahead of the fast path: 11 bits cover the DC codes
// and all but the rarest AC codes of typical tables (4 KiB a table). At 9
// bits, the AC codes of 10 and 11 bits that noisy chroma uses often (the
// standard chroma table's runs of 1 to 3 with 4 to 6 bits of magnitude)
// went through decodeSlow's search of the lengths: 11 bits made 1/8
// decodes 1.07x (4:2:0), 1.05x (grey) and 1.03x (4:4:4) as fast, 14
// paired rounds each faster, and left full decodes as they were.
const lutBits = 11

// huffTable is one decoding table. lut[code prefix] holds the code length
// in its high byte and the symbol in its low byte, or 0 when the code is
// longer than lutBits.
type huffTable struct {
	lut     [1 << lutBits]uint16
	maxcode [18]int32 // largest code of each length, -1 if none; [17] is a sentinel
	valptr  [17]int32 // index in vals of the first code of each length minus that code
	vals    [256]uint8
	defined bool
}

// build fills t from the DHT counts (codes of each length 1..16) and
// symbols, refusing a code set that overflows its lengths, as a corrupt
// table would.
func (t *huffTable) build(counts *[16]uint8, symbols []uint8) error {
	*t = huffTable{}
	copy(t.vals[:], symbols)
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		if code+n > 1<<l {
			return errorf("corrupt Huffman table: more codes than %d-bit space", l)
		}
		if n == 0 {
			t.maxcode[l] = -1
		} else {
			t.valptr[l] = k - code
			for i := int32(0); i < n; i++ {
				if l <= lutBits {
					// every lutBits-bit prefix starting with this code
					shift := uint(lutBits - l)
					base := (code + i) << shift
					for j := int32(0); j < 1<<shift; j++ {
						t.lut[base+j] = uint16(l)<<8 | uint16(symbols[k+i])
					}
				}
			}
			code += n
			k += n
			t.maxcode[l] = code - 1
		}
		code <<= 1
	}
	t.maxcode[17] = 1<<31 - 1 // ends the slow search whatever the bits
	t.defined = true
	return nil
}

// bitReader reads the entropy-coded bytes of a scan most significant bit
// first, removing the 0x00 stuffed after each 0xFF data byte. At a marker
// or the end of the data it supplies zero bits, as libjpeg does; once any
// of those is consumed the scan has run out of data (overrun), which
// decides how the rest of the image is filled (see decodeScan).
type bitReader struct {
	data []byte
	pos  int    // next byte to read
	acc  uint64 // bits, left-aligned
	n    uint   // valid bits in acc (real and padding)
	pad  uint   // how many of the low bits of the n are zero padding
	stop bool   // a marker or the end was reached
}

func (br *bitReader) reset(data []byte, pos int) {
	*br = bitReader{data: data, pos: pos}
}

// overrun reports whether padding bits have been consumed.
func (br *bitReader) overrun() bool { return br.n < br.pad }

// fill tops the accumulator up to at least 56 bits. It never holds 64:
// every refill leaves 56 to 63 bits, so that refillFast's shift by n
// always moves the new word below the bits held.
func (br *bitReader) fill() {
	for br.n <= 55 {
		if !br.stop {
			if br.pos < len(br.data) {
				c := br.data[br.pos]
				if c != 0xFF {
					br.pos++
					br.acc |= uint64(c) << (56 - br.n)
					br.n += 8
					continue
				}
				// 0xFF: fill bytes may repeat; 0x00 after them makes a data 0xFF
				p := br.pos + 1
				for p < len(br.data) && br.data[p] == 0xFF {
					p++
				}
				if p < len(br.data) && br.data[p] == 0 {
					br.pos = p + 1
					br.acc |= 0xFF << (56 - br.n)
					br.n += 8
					continue
				}
			}
			br.stop = true
		}
		// past the data: zero bits (acc already holds zeros there)
		br.n += 8
		br.pad += 8
	}
}

// bits returns the next n (1..16) bits as an unsigned value.
func (br *bitReader) bits(n uint) int32 {
	if br.n < n {
		br.fill()
	}
	v := int32(br.acc >> (64 - n))
	br.acc <<= n
	br.n -= n
	return v
}

// bit returns the next bit.
func (br *bitReader) bit() int32 {
	if br.n < 1 {
		br.fill()
	}
	v := int32(br.acc >> 63)
	br.acc <<= 1
	br.n--
	return v
}

// receiveExtend reads an n-bit magnitude category (n 0..16) and extends
// it to the signed value it codes.
func (br *bitReader) receiveExtend(n uint8) int32 {
	if n == 0 {
		return 0
	}
	if n > 16 {
		n = 16 // only corrupt tables hold such symbols; keep the shift defined
	}
	v := br.bits(uint(n))
	if v < 1<<(n-1) {
		v += -1<<n + 1
	}
	return v
}

// decode reads one Huffman-coded symbol with t. A bit pattern no code
// matches (possible only in corrupt data) returns symbol 0, as libjpeg
// does after its warning.
func (br *bitReader) decode(t *huffTable) uint8 {
	if br.n < 16 {
		br.fill()
	}
	if e := t.lut[br.acc>>(64-lutBits)]; e != 0 {
		l := uint(e >> 8)
		br.acc <<= l
		br.n -= l
		return uint8(e)
	}
	return br.decodeSlow(t)
}

func (br *bitReader) decodeSlow(t *huffTable) uint8 {
	code := int32(br.acc >> (64 - lutBits))
	l := lutBits
	for l < 16 && code > t.maxcode[l] {
		l++
		code = int32(br.acc >> (64 - uint(l)))
	}
	if code > t.maxcode[l] {
		// no code of 16 bits or fewer: corrupt; consume 16 bits
		br.acc <<= 16
		br.n -= 16
		return 0
	}
	br.acc <<= uint(l)
	br.n -= uint(l)
	return t.vals[uint8(t.valptr[l]+code)]
}

// fastBits is the lookahead of the combined AC table: a short code and its
// magnitude bits together often exceed lutBits in detailed images.
const fastBits = 11

// acFast is the combined lookup of an AC table: for each fastBits-bit
// prefix holding a whole code (of up to lutBits) and its magnitude bits,
// one word with the bits they take in the low byte (0: not in the
// table), the run in the next and the coefficient in the high half. One
// word and the length in the low bits keep the decode loop's critical
// chain (prefix, load, shift) as short as it goes: the length is the
// shift count as loaded.
//
// The symbols without magnitude are there too, with coefficient 0, for
// the sequential decoder: a ZRL with its run of 15 (storing a zero where
// one is), and an end of block with the run fastEnd, which carries the
// position past 63 (its zero goes to the last coefficient's slot, not
// yet written). They cost that loop one lookup instead of a way through
// the Huffman table; the progressive first scans, where an end of band
// means something else, take every entry of coefficient 0 the long way.
type acFast [1 << fastBits]uint32

// fastEnd is the run of an end of block in acFast.
const fastEnd = 64

// build fills f from the decoding table t.
func (f *acFast) build(t *huffTable) {
	for i := range f {
		e := t.lut[i>>(fastBits-lutBits)]
		f[i] = 0
		if e == 0 {
			continue
		}
		l, rs := uint(e>>8), uint8(e)
		r, s := uint32(rs>>4), uint(rs&15)
		switch {
		case l+s > fastBits:
			continue // magnitude bits beyond the prefix
		case s == 0 && r == 15:
			f[i] = 15<<8 | uint32(l)
			continue
		case s == 0:
			f[i] = fastEnd<<8 | uint32(l)
			continue
		}
		v := int32(i>>(fastBits-l-s)) & (1<<s - 1)
		if v < 1<<(s-1) {
			v += -1<<s + 1
		}
		f[i] = uint32(v)<<16 | r<<8 | uint32(l+s)
	}
}

// acPair is the sequential decoder's lookup of an AC table: acFast's
// entry for each fastBits-bit prefix, plus, where the bits after its
// first symbol hold a whole second one, that symbol too. Two coefficients
// a lookup shorten the chain of dependent loads and shifts that bounds
// the decode of detailed blocks, whose symbols with their magnitudes
// take 3 to 6 bits. Each word holds
//
//	bits 0-7    the bits of both symbols (of the first where it is alone)
//	bits 8-15   the first's run, as in acFast (15 for a ZRL, fastEnd
//	            for an end of block)
//	bits 16-31  the first's coefficient
//	bits 32-39  the second's run as a signed byte: -1 where there is no
//	            second symbol, so that the second store repeats the
//	            first's at the first's position
//	bits 40-47  the bits of the first symbol alone, for when it ends the
//	            block and the bits after it are the next block's
//	bits 48-63  the second's coefficient (the first's where there is none)
//
// or pairNone where acFast's entry is 0. An end of block is never first
// in a pair; as the second, its run (fastEnd) carries the position past
// 63 as in acFast.
type acPair [1 << fastBits]uint64

// pairNone is acPair's word for a prefix without a whole symbol: no bits
// and a run of 63, which carries the position past 63 (its store of 0
// lands on the last coefficient's slot, not yet written), so that the
// loops take it the way of a first symbol that ends the block, where a
// word of no bits sends them to the symbol's own way: no test of its
// own on the chain's way.
const pairNone = 63 << 8

// pairTables holds the pair tables of the four AC table slots, with the
// lookup table each was built from: it is kept across files, and a file
// whose AC table is the same as the last one's (the standard tables of
// most encoders, in a batch) reuses it instead of building it again, as
// skipTables does: a build takes about 5 us (Zen 4), and building a
// file's two AC tables at every file made a 64x64 thumbnail's decode 56
// us instead of 46. acFast, which it is built from, reads only the Huffman
// table's lut, so an equal lut is an equal table.
type pairTables struct {
	t     [4]acPair
	from  [4][1 << lutBits]uint16
	built [4]bool
}

// pairTable returns the pair table of AC slot ta, checking or building it
// on the file's first sequential block of that slot.
func (d *decoder) pairTable(ta int) *acPair {
	if !d.acPairSet[ta] {
		if d.acPairs == nil {
			d.acPairs = new(pairTables)
		}
		if pt := d.acPairs; !pt.built[ta] || pt.from[ta] != d.ac[ta].lut {
			pt.t[ta].build(&d.acFast[ta])
			pt.from[ta], pt.built[ta] = d.ac[ta].lut, true
		}
		d.acPairSet[ta] = true
	}
	return &d.acPairs.t[ta]
}

// build fills p from f, the same table's acFast.
func (p *acPair) build(f *acFast) {
	const mask = 1<<fastBits - 1
	for i := range p {
		first := uint64(f[i])
		l1 := uint(first & 0xFF)
		switch {
		case first == 0:
			p[i] = pairNone
			continue
		case first>>8&0xFF == fastEnd:
			// an end of block stands alone
		default:
			// the bits after the first symbol, at the top of a window
			// padded with zeros, which a symbol of at most the bits
			// left does not read
			second := uint64(f[i<<l1&mask])
			if l2 := uint(second & 0xFF); second != 0 && l2 <= fastBits-l1 {
				p[i] = first&^0xFF | uint64(l1+l2) | (second>>8&0xFF)<<32 | uint64(l1)<<40 | second>>16<<48
				continue
			}
		}
		// alone: run -1 and the first's coefficient for the second
		p[i] = first | 0xFF<<32 | uint64(l1)<<40 | first>>16<<48
	}
}

// refill returns acc and n topped up to 56..63 bits (zero bits past
// the data). Eight bytes without an 0xFF, the usual case, are taken with
// one load (refillFast); the rest goes through fill.
func (br *bitReader) refill(acc uint64, n uint) (uint64, uint) {
	if a, m, ok := br.refillFast(acc, n); ok {
		return a, m
	}
	return br.refillSlow(acc, n)
}

// refillSlow is refill's way through fill (an 0xFF in the next eight
// bytes, or the end of the data), apart so that refill inlines into the
// block decoders.
//
//go:noinline
func (br *bitReader) refillSlow(acc uint64, n uint) (uint64, uint) {
	br.acc, br.n = acc, n
	br.fill()
	return br.acc, br.n
}

// refillFast is refill's fast path alone, small enough to inline into the
// block loops: ok is false when the next eight bytes are not all data
// (an 0xFF among them, or the end), and the caller then calls refillSlow.
// It takes the whole bytes that fit, and also ORs in the high bits of the
// byte after them (w>>n): that byte is data (not 0xFF), so the next refill
// ORs the same bits at the same place, and the bits past n stay what the
// data holds there.
func (br *bitReader) refillFast(acc uint64, n uint) (uint64, uint, bool) {
	// br.stop needs no test: a stopped reader's pos is at the end or at
	// the 0xFF of a marker, which the test below finds
	p := br.pos
	if p+8 > len(br.data) {
		return acc, n, false
	}
	w := binary.BigEndian.Uint64(br.data[p:])
	if x := ^w; (x-0x0101010101010101)&^x&0x8080808080808080 != 0 {
		return acc, n, false
	}
	b := (63 - n) >> 3 // the whole bytes that leave n below 64 (see fill)
	br.pos = p + int(b)
	return acc | w>>(n&63), n + 8*b, true
}
