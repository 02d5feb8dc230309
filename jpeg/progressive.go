package jpeg

import (
	"encoding/binary"
	"math/bits"
)

// The AC block decoders of progressive scans: first passes of a spectral
// band, and successive-approximation refinements. (DC scans are simple
// enough to live in block.) Both keep the block's non-zero mask (nz: bit
// k for the coefficient at zigzag position k) equal to coef != 0.

// nzBit is the mask bit of zigzag position k: corrupt runs may step past
// 63, and zigzag sends those to the last coefficient, bit 63.
func nzBit(k int) uint64 { return 1 << min(k, 63) }

// acFirst decodes the first AC scan of a band for one block. Most
// coefficients come from one lookup of the combined table, with the bit
// buffer and the non-zero mask in locals, and the buffer refilled once
// every seqRound lookups (as in decodeSequential); the rest, EOB runs
// and ZRL included, go through decode and receiveExtend.
func (d *decoder) acFirst(coef *[64]int16, nz *uint64, ta int) {
	if d.eobrun > 0 {
		d.eobrun--
		return
	}
	br := &d.br
	ss, se := d.scan.ss, d.scan.se
	ac := &d.ac[ta]
	fast := &d.acFast[ta]
	al := uint(d.scan.al)
	// 1<<al as a factor: a second variable shift in the loop would
	// compete with the buffer's for CX
	scale := int32(1) << al
	acc, n := br.acc, br.n
	m := *nz
	k := ss
	for k <= se {
		var ok bool
		if acc, n, ok = br.refillFast(acc, n); !ok {
			acc, n = br.refillSlow(acc, n)
		}
		sh := uint(0) // the last symbol's length, shifted out late (see decodeSequential)
		for range seqRound {
			acc <<= sh & 63 // at most fastBits; the mask spares the shift its >= 64 case
			e := fast[acc>>(64-fastBits)]
			if e>>16 == 0 {
				goto symbol // not a coefficient (see acFast), or beyond the table
			}
			sh = uint(e & 63)
			n -= sh
			k += int(e >> 8 & 0xFF)
			v := int16(int32(e) >> 16 * scale)
			coef[zigzag[k&127]&63] = v
			if v != 0 {
				m |= nzBit(k)
			} else {
				m &^= nzBit(k) // a shift past int16 in corrupt data
			}
			if k++; k > se {
				break
			}
		}
		acc <<= sh & 63
		continue
	symbol:
		br.acc, br.n = acc, n
		rs := br.decode(ac)
		r, sz := int(rs>>4), rs&15
		if sz == 0 {
			if r < 15 {
				d.eobrun = 1<<r - 1
				if r > 0 {
					d.eobrun += int(br.bits(uint(r)))
				}
				*nz = m
				return // br holds the buffer
			}
			k += 16
			acc, n = br.acc, br.n
			continue
		}
		k += r
		v := int16(br.receiveExtend(sz) << al)
		acc, n = br.acc, br.n
		coef[zigzag[k&127]&63] = v
		if v != 0 {
			m |= nzBit(k)
		} else {
			m &^= nzBit(k)
		}
		k++
	}
	*nz = m
	br.acc, br.n = acc, n
}

// span is the mask of zigzag positions lo..hi-1 (hi up to 64).
func span(lo, hi int) uint64 {
	return (1<<uint(hi) - 1) &^ (1<<uint(lo) - 1)
}

// acRefine decodes a successive-approximation refinement AC scan for one
// block: new coefficients of ±1<<al in zero positions, and one correction
// bit for each coefficient already non-zero in the band, each read where
// a run passes it. The bit buffer lives in locals. The band's zero
// positions are listed once (zpos), so a run's end is one load and the
// correction bits it passes a subtraction; those bits are taken from the
// buffer in one piece and collected, and applied once at the end of the
// block in zigzag order. Every coefficient non-zero before the scan gets
// exactly one bit, whatever the symbols, so the collected bits match
// those positions one for one. (The loops of the earlier version, over
// the run and over the corrections of each symbol, ended after a
// data-dependent count that the processor mispredicted about once a
// symbol.)
func (d *decoder) acRefine(coef *[64]int16, nz *uint64, ta int) {
	br := &d.br
	ss, se := d.scan.ss, d.scan.se
	al := uint(d.scan.al) & 15
	acc, n := br.acc, br.n
	m := *nz
	owed := m & span(ss, se+1) // the coefficients owed a correction bit
	var got uint64             // their bits as read, the last in the low bit
	k := ss
	if d.eobrun == 0 {
		// The band's zero positions in order, then se+1, se+2, ... for
		// runs that go past the last one (corrupt data): with those, a
		// run of r zeros from k that ends at end passes end-k-r
		// non-zero coefficients wherever it ends. Such a run stops at
		// se+1, as libjpeg's does.
		var zpos [64 + 16 + 8]uint8 // 8 to spare for 8-byte stores
		nzero := 0
		zs := ^m & span(ss, se+1)
		for b := ss >> 3; b <= se>>3; b++ {
			x := uint8(zs >> (8 * b))
			// all of x's positions in one store; the bytes past them
			// are overwritten by the next byte's or the runs' entries
			binary.LittleEndian.PutUint64(zpos[nzero&63:], bitPositions[x]+uint64(b)*0x0808080808080808)
			nzero += bits.OnesCount8(x)
		}
		past := uint64(se+1)*0x0101010101010101 + 0x0706050403020100
		binary.LittleEndian.PutUint64(zpos[nzero&63:], past)
		binary.LittleEndian.PutUint64(zpos[nzero&63+8:], past+0x0808080808080808)
		zi := 0 // the index in zpos of the first zero at or after k
		ac := &d.ac[ta]
		for ; k <= se; k++ {
			if n < 32 {
				var ok bool
				if acc, n, ok = br.refillFast(acc, n); !ok {
					acc, n = br.refillSlow(acc, n)
				}
			}
			var rs uint8
			if e := ac.lut[acc>>(64-lutBits)]; e != 0 {
				l := uint(e>>8) & 63
				acc <<= l
				n -= l
				rs = uint8(e)
			} else {
				br.acc, br.n = acc, n
				rs = br.decodeSlow(ac)
				acc, n = br.refill(br.acc, br.n)
			}
			r := int(rs >> 4)
			var v int16
			if rs&15 != 0 {
				// sz should be 1; libjpeg takes one sign bit whatever
				// it is: 1 gives 1<<al, 0 gives -1<<al
				v = -(int16(int64(acc)>>63) | 1) << al
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
			// the run ends at the (r+1)-th zero from k; the positions it
			// passes that are not zeros are owed a bit, at most 63 (an
			// AC band starts at 1)
			end := int(zpos[zi+r])
			c := uint(end-k-r) & 63
			zi += r + 1
			// take, written out where the bits are at hand (the call showed)
			if c <= n {
				// acc>>1>>(63-c) is acc>>(64-c), 0 for c = 0, with
				// counts below 64 (single shift instructions)
				got = got<<c | acc>>1>>((63-c)&63)
				acc <<= c
				n -= c
			} else {
				acc, n, got = br.take(acc, n, got, c)
			}
			k = min(end, se+1)
			if v != 0 {
				coef[zigzag[k&127]&63] = v
				m |= nzBit(k)
			}
		}
	}
	if d.eobrun > 0 {
		if k <= se {
			acc, n, got = br.take(acc, n, got, uint(bits.OnesCount64(m&span(k, se+1))))
		}
		d.eobrun--
	}
	// the bits in the order read, the first at the top
	got <<= (64 - uint(bits.OnesCount64(owed))) & 63 // none owed: got is 0
	for ; owed != 0; owed &= owed - 1 {
		z := zigzag[bits.TrailingZeros64(owed)] & 63
		coef[z] = refineBit(coef[z], got>>63, al)
		got <<= 1
	}
	*nz = m
	br.acc, br.n = acc, n
}

// bitPositions[x] lists the positions (0..7) of x's set bits, lowest
// first, one per byte from the lowest byte up.
var bitPositions = func() (t [256]uint64) {
	for x := range t {
		sh := 0
		for i := 0; i < 8; i++ {
			if x>>i&1 != 0 {
				t[x] |= uint64(i) << sh
				sh += 8
			}
		}
	}
	return t
}()

// take moves the next c (0..63) bits of the buffer (acc, n) to the low
// end of got, refilling first when the buffer holds fewer, and in two
// pieces when c is more than a refill holds (56 bits at least).
func (br *bitReader) take(acc uint64, n uint, got uint64, c uint) (uint64, uint, uint64) {
	if c > n {
		acc, n = br.refill(acc, n)
		if c > n {
			got = got<<32 | acc>>32
			acc, n = br.refill(acc<<32, n-32)
			c -= 32
		}
	}
	got = got<<c | acc>>(64-c) // a shift by 64 gives 0 in Go
	return acc << c, n - c, got
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
