package jpeg

import (
	"math/bits"
	"math/rand"
	"testing"
)

// TestRefineMatchesReference checks acRefine against acRefineRef (the
// earlier bit-by-bit version, below) on random bits, bands, non-zero
// masks, EOB runs and shuffled tables (short and long codes for EOB, ZRL
// and the runs), with stuffed 0xFF bytes and data running out: the
// coefficients, masks, EOB runs and the bits read must agree.
func TestRefineMatchesReference(t *testing.T) {
	counts := [16]uint8{0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d}
	var syms []uint8
	for r := 0; r < 16; r++ {
		syms = append(syms, uint8(r<<4), uint8(r<<4|1)) // EOBn, ZRL, and ±1 after runs
	}
	for r := 0; r < 16; r++ {
		for s := 2; s <= 10; s++ {
			syms = append(syms, uint8(r<<4|s)) // other sizes: corrupt in a refinement, read as one bit
		}
	}
	syms = syms[:162]
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 400; trial++ {
		rng.Shuffle(len(syms), func(i, j int) { syms[i], syms[j] = syms[j], syms[i] })
		data := randomScan(rng, 20+rng.Intn(600), false)
		ss := 1 + rng.Intn(63)
		se := ss + rng.Intn(64-ss)
		al := rng.Intn(4)
		var dA, dB decoder
		for _, d := range []*decoder{&dA, &dB} {
			d.reset(Options{}, data)
			if err := d.ac[0].build(&counts, syms); err != nil {
				t.Fatal(err)
			}
			d.br.reset(data, 0)
			d.scan.ss, d.scan.se, d.scan.al = ss, se, al
		}
		density := rng.Float64()
		for blk := 0; blk < 300 && !dA.br.overrun(); blk++ {
			var cA, cB [64]int16
			var m uint64
			for k := 1; k < 64; k++ {
				if rng.Float64() < density {
					v := int16(rng.Intn(40)+1) << (al + 1)
					if rng.Intn(2) == 0 {
						v = -v
					}
					cA[zigzag[k]], cB[zigzag[k]] = v, v
					m |= 1 << k
				}
			}
			if rng.Intn(8) == 0 {
				e := rng.Intn(3)
				dA.eobrun, dB.eobrun = e, e
			}
			nA, nB := m, m
			dA.acRefine(&cA, &nA, 0)
			dB.acRefineRef(&cB, &nB, 0)
			a, b := peek(dA.br), peek(dB.br)
			if cA != cB || nA != nB || dA.eobrun != dB.eobrun || a != b {
				t.Fatalf("trial %d block %d (Ss %d Se %d Al %d): coef %v nz %x eobrun %d next %x, reference coef %v nz %x eobrun %d next %x",
					trial, blk, ss, se, al, cA, nA, dA.eobrun, a, cB, nB, dB.eobrun, b)
			}
		}
	}
}

// TestFirstMatchesReference checks acFirst against acFirstRef (the
// earlier version, below) as TestRefineMatchesReference does for
// refinements: random bits, bands, point transforms, EOB runs and
// shuffled tables.
func TestFirstMatchesReference(t *testing.T) {
	counts := [16]uint8{0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d}
	var syms []uint8
	for r := 0; r < 16; r++ {
		syms = append(syms, uint8(r<<4))
		for s := 1; s <= 10; s++ {
			syms = append(syms, uint8(r<<4|s))
		}
	}
	rng := rand.New(rand.NewSource(11))
	for trial := 0; trial < 400; trial++ {
		// 162 of the 176 symbols, a different choice each time
		rng.Shuffle(len(syms), func(i, j int) { syms[i], syms[j] = syms[j], syms[i] })
		data := randomScan(rng, 20+rng.Intn(600), false)
		ss := 1 + rng.Intn(63)
		se := ss + rng.Intn(64-ss)
		al := rng.Intn(14)
		var dA, dB decoder
		for _, d := range []*decoder{&dA, &dB} {
			d.reset(Options{}, data)
			if err := d.ac[0].build(&counts, syms[:162]); err != nil {
				t.Fatal(err)
			}
			d.buildACLookups(0)
			d.br.reset(data, 0)
			d.scan.ss, d.scan.se, d.scan.al = ss, se, al
		}
		for blk := 0; blk < 300 && !dA.br.overrun(); blk++ {
			var cA, cB [64]int16
			m := rng.Uint64() & rng.Uint64() &^ 1
			for k := 1; k < 64; k++ {
				if m>>k&1 != 0 {
					cA[zigzag[k]], cB[zigzag[k]] = 1, 1
				}
			}
			nA, nB := m, m
			dA.acFirst(&cA, &nA, 0)
			dB.acFirstRef(&cB, &nB, 0)
			a, b := peek(dA.br), peek(dB.br)
			if cA != cB || nA != nB || dA.eobrun != dB.eobrun || a != b {
				t.Fatalf("trial %d block %d (Ss %d Se %d Al %d): coef %v nz %x eobrun %d next %x, reference coef %v nz %x eobrun %d next %x",
					trial, blk, ss, se, al, cA, nA, dA.eobrun, a, cB, nB, dB.eobrun, b)
			}
		}
	}
}

// acRefineRef is acRefine as it was before the corrections were
// collected per block (bit by bit, applied as read): the reference of
// TestRefineMatchesReference.
//
// acRefineRef decodes a successive-approximation refinement AC scan for one
// block: new coefficients of ±1<<al in zero positions, and one correction
// bit for each coefficient already non-zero that the run passes. The bit
// buffer lives in locals, and the non-zero mask gives the positions a run
// passes, the one it ends at and the coefficients owed a bit without a
// test per position.
func (d *decoder) acRefineRef(coef *[64]int16, nz *uint64, ta int) {
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
			acc, n = br.correctRef(coef, m&span(k, se+1), al, acc, n)
		}
		d.eobrun--
	}
	*nz = m
	br.acc, br.n = acc, n
}

// correct reads one correction bit (from acc, n) for each coefficient in
// zigzag positions set, in zigzag order (see refineBit).
func (br *bitReader) correctRef(coef *[64]int16, set uint64, al uint, acc uint64, n uint) (uint64, uint) {
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

// acFirstRef is acFirst as it was before the refills by rounds: the
// reference of TestFirstMatchesReference.
//
// acFirstRef decodes the first AC scan of a band for one block. Most
// coefficients come from one lookup of the combined table, with the bit
// buffer in locals; the rest go through decode and receiveExtend.
func (d *decoder) acFirstRef(coef *[64]int16, nz *uint64, ta int) {
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
		if e := fast[acc>>(64-fastBits)]; e>>16 != 0 { // a coefficient (see acFast)
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
