package inflate

import (
	"fmt"
	"sync"
)

// codeLengthOrder is the order of the code-length code's lengths.
var codeLengthOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// readDynamic reads a dynamic block's header into d.lit and d.dist.
func (d *Decoder) readDynamic(s *stream) error {
	s.refill()
	nlit := int(s.bits&31) + 257
	ndist := int(s.bits>>5&31) + 1
	nclen := int(s.bits>>10&15) + 4
	s.consume(14)
	if nlit > 286 || ndist > 30 {
		return fmt.Errorf("%w: %d literal/length and %d distance codes", ErrCorrupt, nlit, ndist)
	}
	var clens [19]uint8
	for i := 0; i < nclen; i++ {
		if s.nbits < 3 {
			s.refill()
		}
		clens[codeLengthOrder[i]] = uint8(s.bits & 7)
		s.consume(3)
	}
	if s.overrun() {
		return ErrTruncated
	}
	// The code-length code is at most 7 bits long, within the primary
	// table; d.lit is free until the lengths are read.
	cl := &d.lit
	if err := cl.build(codeLengthCode, clens[:]); err != nil {
		return fmt.Errorf("code-length code: %w", err)
	}
	lengths := d.lengths[:nlit+ndist]
	for i := 0; i < len(lengths); {
		s.refill()
		if s.overrun() {
			return ErrTruncated
		}
		e, err := s.decode(cl)
		if err != nil {
			return err
		}
		sym := int(e >> 16)
		if sym < 16 {
			lengths[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return fmt.Errorf("%w: length repeat with no previous length", ErrCorrupt)
			}
			val = lengths[i-1]
			rep = 3 + int(s.bits&3)
			s.consume(2)
		case 17:
			rep = 3 + int(s.bits&7)
			s.consume(3)
		default:
			rep = 11 + int(s.bits&127)
			s.consume(7)
		}
		if i+rep > len(lengths) {
			return fmt.Errorf("%w: code lengths overflow", ErrCorrupt)
		}
		for ; rep > 0; rep-- {
			lengths[i] = val
			i++
		}
	}
	if lengths[256] == 0 {
		return fmt.Errorf("%w: no end-of-block code", ErrCorrupt)
	}
	if err := d.lit.build(litLenCode, lengths[:nlit]); err != nil {
		return fmt.Errorf("literal/length code: %w", err)
	}
	if err := d.dist.build(distCode, lengths[nlit:]); err != nil {
		if err != errEmptyCode {
			return fmt.Errorf("distance code: %w", err)
		}
		// A block of literals only may declare no distance codes; any
		// distance symbol then decodes as invalid.
		for i := range d.dist.table[:d.dist.mask+1] {
			d.dist.table[i] = entryInvalid
		}
		d.dist.count = [maxCodeLen + 1]uint16{}
	}
	return nil
}

// fixedTables returns the fixed Huffman codes of block type 1.
var fixedTables = sync.OnceValue(func() *Decoder {
	var d Decoder
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	if err := d.lit.build(litLenCode, l[:]); err != nil {
		panic(err)
	}
	var dl [30]uint8
	for i := range dl {
		dl[i] = 5
	}
	if err := d.dist.build(distCode, dl[:]); err != nil {
		panic(err)
	}
	return &d
})
