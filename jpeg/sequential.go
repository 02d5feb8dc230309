package jpeg

// The block decoder of sequential (baseline and extended) scans, the
// hottest loop of a decode.

// seqRound is how many combined-table lookups follow one refill in
// decodeSequential: a refill leaves at least 56 bits, and each lookup
// takes at most fastBits.
const seqRound = 56 / fastBits

// decodeSequential decodes one block of a sequential scan into
// dequantised coefficients in natural order, and reports whether it may
// have AC terms (false: the block is flat, its inverse DCT is the rounded
// DC at any size). The bit buffer lives in locals for the block, and
// most AC coefficients come from a lookup of the pair table (acPair: code
// and magnitude bits together, of one symbol or two), in assembly on
// amd64 (acLoop). With dcOnly (a component at 1/8 scale, whose 1x1
// inverse DCT reads the DC alone) the AC symbols are skipped (skipAC) and
// only blk[0] is set.
func (d *decoder) decodeSequential(c *component, blk *[64]int32, dcOnly bool) (ac bool) {
	br := &d.br
	q := &d.quant[c.tq]
	acc, n := br.acc, br.n
	if n < 32 {
		acc, n = br.refill(acc, n)
	}
	// DC
	dct := &d.dc[c.td]
	var s uint8
	if e := dct.lut[acc>>(64-lutBits)]; e != 0 {
		l := uint(e >> 8)
		acc <<= l
		n -= l
		s = uint8(e)
	} else {
		br.acc, br.n = acc, n
		s = br.decodeSlow(dct)
		acc, n = br.acc, br.n
	}
	if s != 0 {
		s &= 15 // a category above 15 only comes from a corrupt table
		if n < 16 {
			acc, n = br.refill(acc, n)
		}
		v := int32(acc >> (64 - uint(s)))
		acc <<= s
		n -= uint(s)
		if v < 1<<(s-1) {
			v += -1<<s + 1
		}
		c.pred += v
	}
	blk[0] = int32(int16(c.pred)) * int32(q[0])
	if dcOnly {
		br.acc, br.n = acc, n
		d.skipAC(c.ta)
		return false
	}
	act := &d.ac[c.ta]
	pair := d.pairTable(c.ta)
	if n < 16 {
		acc, n = br.refill(acc, n)
	}
	if e := pair[acc>>(64-fastBits)]; e>>8&0xFF == fastEnd {
		// an end of block first: no AC terms (a flat block)
		acc <<= e & 63
		n -= uint(e & 63)
		br.acc, br.n = acc, n
		return false
	}
	asm := useACLoop()
	k := 1
	for k < 64 {
		var ok bool
		var sh uint
		if asm {
			// the same rounds in assembly, back here for a symbol beyond
			// the table or a refill that needs the careful way
			var exit int
			acc, n, br.pos, k, exit = acLoop(blk, q, (*[1 << fastBits]uint64)(pair), &zigzag, br.data, br.pos, acc, n, k)
			switch exit {
			case acDoneExit:
				br.acc, br.n = acc, n
				return true
			case acSymbolExit:
				goto symbol
			}
			// acRefillExit: this round in Go, whose refill takes the
			// careful way
		}
		// refilled once a round, whatever the level: a test of the level
		// before each symbol was a branch the processor often mispredicted
		if acc, n, ok = br.refillFast(acc, n); !ok {
			acc, n = br.refillSlow(acc, n)
		}
		// sh is the length of the last lookup's symbols, shifted out at
		// the top of the next lookup: a loop-carried shift count gets the
		// shift's register (CX) to itself, where one computed in the body
		// was spilled to the stack and reloaded on the critical chain
		for range seqRound {
			acc <<= sh & 63 // at most fastBits; the mask spares the shift its >= 64 case
			e := pair[acc>>(64-fastBits)]
			if e&0xFF == 0 { // pairNone
				goto symbol
			}
			sh = uint(e & 0xFF)
			k += int(e >> 8 & 0xFF)
			z := zigzag[k&127] & 63
			blk[z] = int32(int16(e>>16)) * int32(q[z])
			if k++; k >= 64 {
				// the first symbol ends the block: the bits after it
				// are the next block's
				sh = uint(e >> 40 & 0xFF)
				n -= sh
				break
			}
			n -= sh
			k += int(int8(e >> 32)) // -1 without a second symbol: the first's store again
			z = zigzag[k&127] & 63
			blk[z] = int32(int64(e)>>48) * int32(q[z])
			if k++; k >= 64 {
				break
			}
		}
		acc <<= sh & 63
		continue
	symbol:
		// a code or magnitude beyond the combined table
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
		r, sz := int(rs>>4), uint(rs&15)
		if sz == 0 {
			if r != 15 {
				break
			}
			k += 16
			continue
		}
		k += r
		v := int32(acc >> (64 - sz))
		acc <<= sz
		n -= sz
		if v < 1<<(sz-1) {
			v += -1<<sz + 1
		}
		z := zigzag[k&127] & 63
		blk[z] = v * int32(q[z])
		k++
	}
	br.acc, br.n = acc, n
	// k is still 1 when the first symbol ends the block; otherwise there
	// may be AC terms (a ZRL then EOB has none, and its inverse DCT is
	// then flat anyway)
	return k > 1
}
