package inflate

import (
	"fmt"
	"math/bits"
)

// tableBits is the width of the primary lookup tables: codes up to this
// many bits decode with one lookup; longer ones (rare symbols, by the
// nature of Huffman codes) with a second lookup in a subtable of their
// prefix (see subtables). Twelve bits let a literal/length lookup return
// two literals whose codes fit together (see
// pairUp), which about half the lookups of literal-heavy streams (noisy
// images' scanlines) do.
const tableBits = 12

// The fast loop decodes four literal lookups per refill and looks the
// fifth up before the next one, from the 64 bits a refill leaves: wider
// tables would read bits the buffer does not hold yet (silently wrong
// output, which a 13-bit trial produced on PNG data while this package's
// tests passed), so this fails to compile.
const _ uint = 64 - 5*tableBits

// Narrower tables for the other codes, which are rebuilt for every
// dynamic block too (about every 16 KiB of output in zlib's streams) and
// whose filling would otherwise cost as much as the pairs save: a
// distance code's 30 symbols rarely need codes over 10 bits, and a
// code-length code has none over 7.
const (
	distTableBits       = 10
	codeLengthTableBits = 7
)

// tableWidth returns the table width of codes of kind k.
func tableWidth(k codeKind) uint {
	switch k {
	case litLenCode:
		return tableBits
	case distCode:
		return distTableBits
	}
	return codeLengthTableBits
}

// maxCodeLen is the longest code deflate allows.
const maxCodeLen = 15

// Entry layout of huffman.table, chosen so the fast loop decodes a symbol
// with one lookup and no second table:
//
//	bits 0..5    the code's length: a 6-bit field, so that `bits >>= e & 63`
//	             compiles to a single shift on amd64 and arm64 (the shift is
//	             on the decoder's critical path)
//	bit 6        the prefix of codes longer than the table is wide: bits
//	             16..31 are the index of its subtable in the table, bits
//	             8..11 the subtable's width (the length field is 0)
//	bit 7        an index no code reaches, or a symbol deflate forbids
//	bits 8..11   extra bits that follow the code (length and distance
//	             symbols); in a pair, the first code's length
//	bit 12       a length symbol (literal/length code)
//	bit 13       the end-of-block symbol (literal/length code)
//	bit 14       a pair: two literals, bits 16..23 then bits 24..31, whose
//	             codes take the length field together
//	bits 16..31  the value: a literal byte, a length or distance base, or
//	             the symbol itself (code-length code)
const (
	entryLenMask = 0x3f
	entrySub     = 1 << 6
	entryInvalid = 1 << 7
	entryLength  = 1 << 12
	entryEnd     = 1 << 13
	entryPair    = 1 << 14
	// entryNotLiteral is set in every literal/length entry but a literal's.
	entryNotLiteral = entrySub | entryInvalid | entryLength | entryEnd
)

// codeKind says what a code's symbols mean, which decides its entries'
// values.
type codeKind uint8

const (
	codeLengthCode codeKind = iota // code-length code: the value is the symbol
	litLenCode                     // literal/length code
	distCode                       // distance code
)

// entryOf returns the table entry, without the code length, of symbol
// sym of a code of kind k.
func entryOf(k codeKind, sym int) uint32 {
	switch {
	case k == codeLengthCode || k == litLenCode && sym < 256:
		return uint32(sym) << 16
	case k == litLenCode && sym == 256:
		return entryEnd
	case k == litLenCode && sym-257 < len(lengthBase):
		i := sym - 257
		return uint32(lengthBase[i])<<16 | uint32(lengthExtra[i])<<8 | entryLength
	case k == distCode && sym < len(distBase):
		return uint32(distBase[sym])<<16 | uint32(distExtra[sym])<<8
	}
	// Length symbols 286 and 287 and distance symbols 30 and 31 have
	// codes in the fixed tables only, and no meaning.
	return entryInvalid
}

// huffman is one canonical Huffman code: a primary table indexed by the
// next tableBits input bits (deflate sends codes most significant bit
// first into a least-significant-bit-first stream, so indexes are
// bit-reversed codes) followed by the subtables of long codes, and the
// counts and symbols in canonical order.
type huffman struct {
	kind codeKind
	// mask selects the index bits: the table's first 1<<tableWidth(kind)
	// entries are the primary ones; subtables start at 1<<tableBits.
	mask    uint64
	width   uint8
	table   [tableSize]uint32
	count   [maxCodeLen + 1]uint16
	symbols [288]uint16
	// lits are the literal codes of a literal/length code that leave room
	// in the table for a second code, in canonical order (shortest
	// first), for pairUp.
	lits  [256]litCode
	nlits int
}

// litCode is one literal's code: the table index bits (reversed code),
// its length and the byte.
type litCode struct {
	rev uint16
	len uint8
	sym uint8
}

var (
	errOversubscribed = fmt.Errorf("%w: over-subscribed Huffman code", ErrCorrupt)
	errEmptyCode      = fmt.Errorf("%w: Huffman code without symbols", ErrCorrupt)
)

// build makes the code of kind k whose symbol i has code length
// lengths[i] (0: not used). Incomplete codes are accepted; their unused
// codes decode as invalid.
func (h *huffman) build(k codeKind, lengths []uint8) error {
	h.kind = k
	width := tableWidth(k)
	h.mask = 1<<width - 1
	h.width = uint8(width)
	table := h.table[:1<<width]
	h.count = [maxCodeLen + 1]uint16{}
	for _, l := range lengths {
		h.count[l]++
	}
	h.count[0] = 0
	left := 1 // codes of the current length not yet assigned
	used := 0
	for l := 1; l <= maxCodeLen; l++ {
		left = left<<1 - int(h.count[l])
		if left < 0 {
			return errOversubscribed
		}
		used += int(h.count[l])
	}
	if used == 0 {
		return errEmptyCode
	}
	// offsets[l] is where symbols of length l start in canonical order.
	var offsets [maxCodeLen + 2]uint16
	for l := 1; l <= maxCodeLen; l++ {
		offsets[l+1] = offsets[l] + h.count[l]
	}
	for sym, l := range lengths {
		if l != 0 {
			h.symbols[offsets[l]] = uint16(sym)
			offsets[l]++
		}
	}
	// Walk the symbols in canonical order, assigning consecutive codes.
	// The table grows by doubling: after length l, table[:1<<l] decodes
	// every code of up to l bits from l input bits, and the next length
	// starts from two copies of it (a code's entry belongs at every index
	// whose low bits are its reversed code). Each code's entry is written
	// once and the copies are memmoves, where filling each code's
	// 1<<(width-l) indexes one by one cost several times more for codes
	// rebuilt every 16 KiB or so of output. Indexes no code reaches (an
	// incomplete code) keep the invalid entry they start from.
	h.nlits = 0
	table[0] = entryInvalid
	var long [288]longCode // the codes longer than width, in canonical order
	nlong := 0
	code, index := 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		if l <= int(width) {
			half := 1 << (l - 1)
			copy(table[half:2*half], table[:half])
		}
		for n := 0; n < int(h.count[l]); n++ {
			sym := h.symbols[index]
			index++
			rev := reverse(code, l)
			if l <= int(width) {
				table[rev] = entryOf(k, int(sym)) | uint32(l)
				if k == litLenCode && sym < 256 && l < tableBits {
					h.lits[h.nlits] = litCode{rev: uint16(rev), len: uint8(l), sym: uint8(sym)}
					h.nlits++
				}
			} else {
				long[nlong] = longCode{rev: uint16(rev), len: uint8(l), sym: sym}
				nlong++
			}
			code++
		}
		code <<= 1
	}
	h.subtables(long[:nlong])
	h.pairUp()
	return nil
}

// subTablesSize bounds the subtables of a code: at most 288 long codes
// (a literal/length code's symbols), each prefix's subtable at most 8
// entries wide for a literal/length code (codes of up to 15 bits past a
// 12-bit table) and 32 for a distance code (10-bit table, at most 30
// codes: 960 entries).
const subTablesSize = 288 << (maxCodeLen - tableBits)

// tableSize is a table's size: the primary entries, then the subtables.
const tableSize = 1<<tableBits + subTablesSize

// longCode is a code longer than its table's primary index: the reversed
// code, its length and its symbol.
type longCode struct {
	rev, sym uint16
	len      uint8
}

// subtables gives the long codes (longer than the primary table is wide,
// in canonical order) their second-level entries. The codes sharing a
// prefix (the table index of their first width bits) are consecutive in
// canonical order, with non-decreasing lengths, so the
// last one's length sets the subtable's width k: the prefix's entry says
// where the subtable is and k, and each code's entry fills the subtable
// indexes whose low bits are the code's bits past the prefix, with the
// code's whole length. Indexes no code reaches (an incomplete code) are
// invalid.
func (h *huffman) subtables(long []longCode) {
	width := uint(h.width)
	next := 1 << tableBits
	for i := 0; i < len(long); {
		p := int(long[i].rev) & int(h.mask)
		j := i + 1
		for j < len(long) && int(long[j].rev)&int(h.mask) == p {
			j++
		}
		k := uint(long[j-1].len) - width
		sub := h.table[next : next+1<<k] // bounded by subTablesSize
		for x := range sub {
			sub[x] = entryInvalid
		}
		h.table[p] = entrySub | uint32(next)<<16 | uint32(k)<<8
		for _, c := range long[i:j] {
			e := entryOf(h.kind, int(c.sym)) | uint32(c.len)
			for x := int(c.rev) >> width; x < len(sub); x += 1 << (uint(c.len) - width) {
				sub[x] = e
			}
		}
		next += 1 << k
		i = j
	}
}

// pairUp overwrites the entries whose index starts with two literal codes
// with a pair entry, so one lookup decodes both. An index whose low bits
// are literal a's code and whose next bits are literal b's code decodes
// to a then b whatever the remaining bits are (codes are prefix-free):
// for a of length l, the indexes a's code | y<<l, y below 2^(tableBits-l),
// get a pair wherever the table without pairs decodes index y to a
// literal whose code fits in those bits (its first 2^k entries decode
// every code of up to k bits, see build). Those y depend only on the room
// k, so each room's list of them (seconds) is made once, from 2^k entries,
// before any pair is written; then each literal writes its pairs from its
// room's list, one entry a step without a branch on the data. Walking the
// pairs (a, b) instead, thousands a block on noisy scanlines' 5- to 8-bit
// codes, each with its own short loop, took 4 to 5 times as long on the
// codes of BenchmarkInflate's grey and RGB files (about 7 against 1.5 us
// a table on Zen 4), and as long on its RGBA file's.
func (h *huffman) pairUp() {
	lits := h.lits[:h.nlits]
	if len(lits) == 0 {
		return
	}
	// For room k, ys[start[k]:start[k+1]] are the y below 2^k whose
	// entry is a literal of at most k bits, and adds the same entries'
	// parts of a pair: the byte in bits 24..31 and the length.
	var ys [1 << tableBits]uint16 // at most 2^1 + ... + 2^11 entries
	var adds [1 << tableBits]uint32
	var start [tableBits + 1]int
	var need [tableBits]bool
	for _, a := range lits {
		need[tableBits-a.len] = true
	}
	n := 0
	for k := 1; k < tableBits; k++ {
		start[k] = n
		if !need[k] {
			continue
		}
		for y, e := range h.table[:1<<k] {
			if e&entryNotLiteral == 0 && e&entryLenMask <= uint32(k) {
				ys[n] = uint16(y)
				adds[n] = e>>16<<24 | e&entryLenMask
				n++
			}
		}
	}
	start[tableBits] = n
	for _, a := range lits {
		k := tableBits - a.len
		pair := uint32(a.sym)<<16 | entryPair | uint32(a.len)<<8 | uint32(a.len)
		ys, adds := ys[start[k]:start[k+1]], adds[start[k]:start[k+1]]
		adds = adds[:len(ys)]
		for j, y := range ys {
			h.table[(int(a.rev)|int(y)<<a.len)&(1<<tableBits-1)] = pair + adds[j]
		}
	}
}

// reverse returns the low n bits of code in reverse order.
func reverse(code, n int) int {
	return int(bits.Reverse16(uint16(code)) >> (16 - n))
}
