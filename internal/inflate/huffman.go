package inflate

import "fmt"

// tableBits is the width of the primary lookup tables: codes up to this
// many bits decode with one lookup; longer ones (rare symbols, by the
// nature of Huffman codes) take the canonical slow path.
const tableBits = 11

// maxCodeLen is the longest code deflate allows.
const maxCodeLen = 15

// Entry layout of huffman.table: bits 0..4 the code length, bit 5 set for
// a code longer than tableBits (decode with slow), bit 6 set for an
// index no code reaches (corrupt data), bits 16..31 the symbol.
const (
	entryLenMask = 0x1f
	entrySlow    = 1 << 5
	entryInvalid = 1 << 6
)

// huffman is one canonical Huffman code: a primary table indexed by the
// next tableBits input bits (deflate sends codes most significant bit
// first into a least-significant-bit-first stream, so indexes are
// bit-reversed codes), and the counts and symbols in canonical order for
// the slow path.
type huffman struct {
	table   [1 << tableBits]uint32
	count   [maxCodeLen + 1]uint16
	symbols [288]uint16
}

var (
	errOversubscribed = fmt.Errorf("%w: over-subscribed Huffman code", ErrCorrupt)
	errEmptyCode      = fmt.Errorf("%w: Huffman code without symbols", ErrCorrupt)
)

// build makes the code whose symbol i has code length lengths[i] (0: not
// used). Incomplete codes are accepted; their unused codes decode as
// invalid.
func (h *huffman) build(lengths []uint8) error {
	h.count = [maxCodeLen + 1]uint16{}
	for _, l := range lengths {
		h.count[l]++
	}
	h.count[0] = 0
	left := 1
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
	for i := range h.table {
		h.table[i] = entryInvalid
	}
	// Walk the symbols in canonical order, assigning consecutive codes.
	code, index := 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		for n := 0; n < int(h.count[l]); n++ {
			sym := h.symbols[index]
			index++
			rev := reverse(code, l)
			if l <= tableBits {
				e := uint32(sym)<<16 | uint32(l)
				for i := rev; i < len(h.table); i += 1 << l {
					h.table[i] = e
				}
			} else {
				h.table[rev&(1<<tableBits-1)] = entrySlow
			}
			code++
		}
		code <<= 1
	}
	return nil
}

// reverse returns the low n bits of code in reverse order.
func reverse(code, n int) int {
	r := 0
	for i := 0; i < n; i++ {
		r = r<<1 | code&1
		code >>= 1
	}
	return r
}

// slow decodes a code longer than tableBits from the low bits of bits:
// the symbol and the code's length, or length 0 when no code matches.
func (h *huffman) slow(bits uint64) (sym, length int) {
	code, first, index := 0, 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		code |= int(bits & 1)
		bits >>= 1
		count := int(h.count[l])
		// code >= first always holds (a prefix below first would have
		// matched a shorter code); the check keeps that out of the proof
		// of memory safety.
		if d := code - first; d >= 0 && d < count {
			return int(h.symbols[index+d]), l
		}
		index += count
		first = (first + count) << 1
		code <<= 1
	}
	return 0, 0
}
