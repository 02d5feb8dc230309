package jpeg

// Skipping the AC coefficients of a sequential block whose output needs
// only the DC term (a component decoded at 1/8 scale, where the 1x1
// inverse DCT reads the DC alone). The bits must still be consumed
// exactly as decodeSequential consumes them, but no value is built and
// nothing is stored: one lookup gives the bits of the whole symbols
// (codes and magnitudes) a prefix holds and how far they move along the
// block.

// skipBits is the lookahead of the skipping table. Symbols of the noisy,
// detailed blocks where skipping costs the most take 3 to 6 bits with
// their magnitude, so 13 bits often hold two or three of them.
const skipBits = 13

// skipFirstBits is the lookahead of the skipping table's second part, the
// first symbol alone (acSkip).
const skipFirstBits = 11

// skipFirstAt is where that part begins in acSkip.
const skipFirstAt = 1 << skipBits

// acSkip is the skipping lookup of an AC table, two tables of 16-bit
// entries one after the other. For each skipBits-bit prefix, entry i <
// skipFirstAt holds
//
//	bits 0-7    the bits of the whole symbols the prefix starts with
//	bits 8-15   the coefficient positions they cover together (run+1
//	            each, 16 for a ZRL, skipEnd for an EOB)
//
// or skipNone when the prefix does not hold a whole first symbol. An EOB
// is only ever alone in an entry. Where the symbols together would carry
// the block to its end, the caller takes the first alone, so the block's
// end never falls inside the symbols it takes; an EOB, or a run to the
// end, thus costs one lookup too. (The advance of 13 bits of symbols, 16
// at most each, fits the byte.) Several symbols a lookup shorten the
// chain of dependent loads and shifts that bounds the loop. The first
// symbol alone is the entry at skipFirstAt plus the skipFirstBits-bit
// prefix, in the same form (0 where it takes more bits, or there is no
// whole symbol: the caller then decodes it from the Huffman table).
//
// The first symbol's bits and positions had been the top half of each
// 32-bit entry (32 KiB): the whole of Zen 4's L1 data cache, which a
// 4:2:0 scan at 1/8 shares with its chroma's 16 KiB pair table. Apart,
// the entries the loop reads at every lookup take 16 KiB, and the
// block's end reads one more entry of the 4 KiB part, mostly the few of
// its end of block.
type acSkip [skipFirstAt + 1<<skipFirstBits]uint16

// skipTables holds the skipping tables of the four AC table slots, with
// the lookup table each was built from: it is kept across files, and a
// file whose AC table is the same as the last one's (the standard tables
// of most encoders, in a batch) reuses it instead of spending the build
// (about 45 us an AC table) on every small image decoded at 1/8. The
// build reads only the Huffman table's lut, so an equal lut is an equal
// table.
type skipTables struct {
	t     [4]acSkip
	from  [4][1 << lutBits]uint16
	built [4]bool
}

// skipEnd is the advance of an end-of-block symbol: past any position.
const skipEnd = 64

// skipNone is the entry of a prefix without a whole symbol: no bits, and
// an advance past any position (no entry of whole symbols covers more
// than 13*16), so that the loops need no test of their own for it: it
// takes the way of the block's end, to the first symbol alone, whose
// entry is then 0.
const skipNone = 0xFF << 8

// build fills f from the decoding table t. It works from short windows
// to long ones: the symbols of a w-bit value x are its first symbol and
// then those of the bits after it, a shorter window already done
// (tails[1<<rest | x's last rest bits]), so each entry costs one step.
// A tail never starts with an EOB, which only ever stands alone. The
// first symbol alone of a skipFirstBits-bit window is its single.
func (f *acSkip) build(t *huffTable) {
	var tails [1 << (skipBits - 1 + 1)]uint16 // windows of 1..skipBits-1 bits
	for w := uint(1); w <= skipBits; w++ {
		for x := range 1 << w {
			var i uint
			if w >= lutBits {
				i = uint(x) >> (w - lutBits)
			} else {
				i = uint(x) << (lutBits - w)
			}
			e := t.lut[i]
			l, rs := uint(e>>8), uint8(e)
			r, s := uint16(rs>>4), uint(rs&15)
			var entry, single uint16
			switch {
			case e == 0 || l+s > w:
				// no whole symbol in the window
			case s == 0 && r != 15: // EOB: alone, and never in a tail
				single = skipEnd<<8 | uint16(l)
				if w == skipBits {
					entry = single
				}
			default:
				adv := uint16(16) // ZRL
				if s != 0 {
					adv = r + 1
				}
				entry = adv<<8 | uint16(l+s)
				single = entry
				if rest := w - l - s; rest > 0 {
					entry += tails[1<<rest|x&(1<<rest-1)]
				}
			}
			switch {
			case w == skipBits && entry == 0:
				f[x] = skipNone
			case w == skipBits:
				f[x] = entry
			case w == skipFirstBits:
				f[skipFirstAt+x] = single
			}
			if w < skipBits {
				tails[1<<w|x] = entry
			}
		}
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
func (d *decoder) skipAC(ta int) { d.skipACFrom(ta, 1) }

// skipTable returns the skipping table of AC table slot ta, building it
// (or checking the one kept from the last file) on the file's first use.
func (d *decoder) skipTable(ta int) *acSkip {
	if !d.acSkipSet[ta] {
		if d.acSkip == nil {
			d.acSkip = new(skipTables)
		}
		if st := d.acSkip; !st.built[ta] || st.from[ta] != d.ac[ta].lut {
			st.t[ta].build(&d.ac[ta])
			st.from[ta], st.built[ta] = d.ac[ta].lut, true
		}
		d.acSkipSet[ta] = true
	}
	return &d.acSkip.t[ta]
}

// skipACFrom is skipAC from zigzag position k0 (1..63) of the block: the
// rest of a block whose skipping skipRun left at k0.
func (d *decoder) skipACFrom(ta int, k0 uint) {
	br := &d.br
	skip := d.skipTable(ta)
	act := &d.ac[ta]
	acc, n := br.acc, br.n
	asm := useACLoop()
	for k := k0; k < 64; {
		var ok bool
		if asm {
			// the same rounds in assembly, back here for a symbol beyond
			// the table or a refill that needs the careful way
			var rk, exit int
			acc, n, br.pos, rk, exit = skipLoop((*[len(acSkip{})]uint16)(skip), br.data, br.pos, acc, n, int(k))
			k = uint(rk)
			switch exit {
			case acDoneExit:
				continue
			case acSymbolExit:
				goto single
			}
			// acRefillExit: this round in Go, whose refill takes the
			// careful way
		}
		if acc, n, ok = br.refillFast(acc, n); !ok {
			acc, n = br.refillSlow(acc, n)
		}
		for range skipRound {
			e := skip[acc>>(64-skipBits)]
			if a := uint(e >> 8); k+a < 64 {
				k += a
			} else {
				// near the end: the first symbol alone, which may end the block
				if e = skip[skipFirstAt+acc>>(64-skipFirstBits)]; e == 0 {
					goto single
				}
				k += uint(e >> 8)
			}
			l := uint(e & 0xFF)
			acc <<= l & 63 // at most skipBits; the mask spares the shift its >= 64 case
			n -= l
			if k >= 64 {
				break
			}
		}
		continue
	single:
		// a symbol the table does not hold
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
