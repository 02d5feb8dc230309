// Package inflate decompresses deflate (RFC 1951) and zlib (RFC 1950)
// streams whose decompressed size is known in advance, such as a PNG
// image's scanlines: into a caller's buffer in one call, or in steps into
// a caller's window that the caller slides (StartZlibChunks, Next,
// Slide), so that a large output needs no buffer of its size. Matches are
// copied within the caller's buffer, which holds the last 32 KiB of
// output, rather than through a separate history as in compress/flate.
// A 64-bit bit buffer
// refilled eight bytes at a time and 12-bit lookup tables decode most
// symbols, or two literals whose codes fit together, in one step. The
// input may be one slice or several read one after the other (a PNG
// file's IDAT chunks, decompressed where they lie).
package inflate

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Errors for broken streams; all errors of this package wrap one of them.
var (
	// ErrTruncated: the input ends before the output is complete.
	ErrTruncated = errors.New("inflate: compressed data ends early")
	// ErrCorrupt: the input is not a valid deflate or zlib stream.
	ErrCorrupt = errors.New("inflate: corrupt compressed data")
)

// Window is the largest distance a deflate match reaches back: a
// resumable decoder (see StartZlibChunks) keeps at least this many output
// bytes, or all output so far when there are fewer, behind its position.
const Window = 32768

// Decoder holds the Huffman tables between blocks and calls, and the state
// of a resumable decompression (see StartZlibChunks); its zero value is
// ready. A Decoder must not be used by several goroutines at once.
type Decoder struct {
	lit, dist huffman
	lengths   [288 + 32]uint8

	// The stream being decompressed, kept between calls of Next.
	s      stream
	win    []byte     // the output buffer
	o      int        // output position in win
	base   int        // output bytes slid out of win's front
	total  int        // output bytes wanted in all
	block  blockState // where the stream is: between blocks or in one
	tables *Decoder   // the current Huffman block's tables: d or the fixed ones
	stored int        // bytes left in the current stored block
	final  bool       // the current block is the stream's last
	// A match cut by win's end: pendLen bytes are still to copy from
	// pendDist back once Slide made room.
	pendLen, pendDist int
	err               error // sticky: every later Next returns it
}

// blockState says whether the stream is between blocks or in one, and of
// which kind.
type blockState uint8

const (
	betweenBlocks blockState = iota
	inStored
	inHuffman
)

// Zlib decompresses the zlib stream src until dst is full. Data after dst
// is full is not read (PNG decoders ignore it, as Pillow does), so the
// Adler-32 checksum at the stream's end is not checked; PNG's chunk CRCs
// cover the data instead. It returns an error wrapping ErrTruncated when
// the stream ends (or its final block ends) before dst is full, and one
// wrapping ErrCorrupt for invalid data.
func (d *Decoder) Zlib(dst, src []byte) error {
	return d.oneShot(dst, stream{src: src}, true)
}

// ZlibChunks is Zlib on the stream made of src's slices one after the
// other, as a PNG file's IDAT chunks hold it: decompressing them where
// they lie saves concatenating them.
func (d *Decoder) ZlibChunks(dst []byte, src [][]byte) error {
	return d.oneShot(dst, chunkStream(src), true)
}

// Deflate decompresses the raw deflate stream src until dst is full, with
// Zlib's contract.
func (d *Decoder) Deflate(dst, src []byte) error {
	return d.oneShot(dst, stream{src: src}, false)
}

// DeflateChunks is Deflate on the stream made of src's slices one after
// the other.
func (d *Decoder) DeflateChunks(dst []byte, src [][]byte) error {
	return d.oneShot(dst, chunkStream(src), false)
}

// oneShot decompresses into the whole of dst: the resumable decoder with
// dst as a window that never slides.
func (d *Decoder) oneShot(dst []byte, s stream, zlib bool) error {
	d.start(dst, s, len(dst), zlib)
	_, err := d.Next(len(dst))
	d.Release()
	return err
}

// StartZlibChunks starts decompressing the zlib stream made of src's
// slices one after the other, whose first total bytes are wanted, into
// win, which Next fills and Slide empties from the front. A Decoder
// decompresses one stream at a time: this abandons any earlier one. The
// Decoder keeps win and src until the next Start or Release. The errors
// of Next are those Zlib would return for the same stream and total; a
// bad zlib header is returned by the first Next.
func (d *Decoder) StartZlibChunks(win []byte, src [][]byte, total int) {
	d.start(win, chunkStream(src), total, true)
}

// StartDeflateChunks is StartZlibChunks for a raw deflate stream.
func (d *Decoder) StartDeflateChunks(win []byte, src [][]byte, total int) {
	d.start(win, chunkStream(src), total, false)
}

func (d *Decoder) start(win []byte, s stream, total int, zlib bool) {
	if total < 0 {
		panic("inflate: negative output size")
	}
	d.s, d.win, d.o, d.base, d.total = s, win, 0, 0, total
	d.block, d.tables, d.stored, d.final = betweenBlocks, nil, 0, false
	d.pendLen, d.pendDist, d.err = 0, 0, nil
	if zlib {
		d.err = d.zlibHeader()
	}
}

// Next decompresses until at least min(want, len(win), total - the bytes
// slid out) bytes of win are final, and returns how many are: bytes past
// them are scratch. When the output reaches total it stops; to go on
// once win is full, Slide. It returns the error Zlib would return for the
// stream, and returns it again at every later call. An error may show only
// later than bytes decoded from a stream that turns out to be truncated:
// such bytes are not to be trusted until the output reaches total without
// an error (checks run where the one-shot functions run them, so the
// errors are theirs).
func (d *Decoder) Next(want int) (int, error) {
	if d.err == nil {
		d.err = d.run(want)
	}
	return d.o, d.err
}

// Slide drops the first k bytes of win, moving the final bytes after them
// to the front, to make room for Next. At least min(Window, bytes
// produced so far) final bytes must remain, so that every match of a
// valid stream still reaches its source (and one reaching before the
// stream's start is still detected): Slide panics otherwise, a
// programming error.
func (d *Decoder) Slide(k int) {
	if k < 0 || k > d.o || d.o-k < min(Window, d.base+d.o) {
		panic(fmt.Sprintf("inflate: Slide(%d) with %d final bytes in the window would keep fewer than the %d bytes matches may reach back",
			k, d.o, min(Window, d.base+d.o)))
	}
	copy(d.win, d.win[k:d.o])
	d.o -= k
	d.base += k
}

// Release drops the Decoder's references to the window and input of the
// last Start, keeping its tables.
func (d *Decoder) Release() {
	d.s, d.win, d.tables = stream{}, nil, nil
	if d.err == nil {
		d.err = errReleased
	}
}

var errReleased = errors.New("inflate: Next after Release")

// chunkStream returns the stream of the slices of src one after the other.
func chunkStream(src [][]byte) stream {
	if len(src) == 0 {
		return stream{}
	}
	return stream{src: src[0], rest: src[1:]}
}

func (d *Decoder) zlibHeader() error {
	s := &d.s
	// The two header bytes may lie in different chunks: read them as
	// bits.
	s.refill()
	cmf, flg := byte(s.bits), byte(s.bits>>8)
	s.consume(16)
	if s.overrun() {
		return fmt.Errorf("inflate: zlib header: %w", ErrTruncated)
	}
	switch {
	case cmf&0x0f != 8 || cmf>>4 > 7:
		return fmt.Errorf("%w: zlib header %#02x %#02x is not deflate with a window of at most 32 KiB", ErrCorrupt, cmf, flg)
	case (uint16(cmf)<<8|uint16(flg))%31 != 0:
		return fmt.Errorf("%w: zlib header check bits", ErrCorrupt)
	case flg&0x20 != 0:
		return fmt.Errorf("%w: zlib stream needs a preset dictionary", ErrCorrupt)
	}
	return nil
}

// run decodes until the output position reaches want, win's end or
// total. The truncation checks run where the one-shot decoder ran them,
// at each block's end and when the output is complete, so that a
// truncated stream gives the same error (which can be ErrCorrupt, when
// the phantom zero bits past the input's end decode to invalid data
// before either point) whatever the calls' wants and slides.
func (d *Decoder) run(want int) error {
	s := &d.s
	dst := d.win[:min(len(d.win), d.total-d.base)]
	stop := min(want, len(dst))
	o := d.o
	for o < stop {
		var err error
		ended := false
		switch {
		case d.pendLen > 0:
			n := copyMatch(dst, o, d.pendDist, d.pendLen)
			d.pendLen -= n - o
			o = n
		case d.block == inStored:
			o, err = d.copyStored(dst, o)
			ended = err == nil && d.stored == 0
		case d.block == inHuffman:
			o, ended, err = d.huffmanBlock(dst, o, stop)
		default:
			err = d.blockHeader()
		}
		if err != nil {
			d.o = o
			return err
		}
		if ended {
			d.block = betweenBlocks
		}
		if ended || d.base+o == d.total {
			if s.overrun() {
				d.o = o
				return ErrTruncated
			}
			if ended && d.final && d.base+o < d.total {
				d.o = o
				return fmt.Errorf("inflate: final block ends after %d of %d bytes: %w", d.base+o, d.total, ErrTruncated)
			}
		}
	}
	d.o = o
	return nil
}

// blockHeader reads the next block's header: its kind and, for a stored
// block, its length, for a dynamic one, its codes.
func (d *Decoder) blockHeader() error {
	s := &d.s
	s.refill()
	d.final = s.bits&1 == 1
	kind := s.bits >> 1 & 3
	s.consume(3)
	switch kind {
	case 0:
		// Drop the bits up to the byte boundary and read LEN and NLEN
		// from the bit buffer.
		s.consume(s.nbits & 7)
		s.refill()
		n := int(uint16(s.bits))
		nlen := uint16(s.bits >> 16)
		s.consume(32)
		if s.overrun() {
			return ErrTruncated
		}
		if ^uint16(n) != nlen {
			return fmt.Errorf("%w: stored block length check", ErrCorrupt)
		}
		d.block, d.stored = inStored, n
	case 1:
		d.block, d.tables = inHuffman, fixedTables()
	case 2:
		if err := d.readDynamic(s); err != nil {
			return err
		}
		d.block, d.tables = inHuffman, d
	default:
		return fmt.Errorf("%w: block type 3", ErrCorrupt)
	}
	return nil
}

// stream is the input and its bit buffer: the low nbits bits of bits are
// the next input bits, least significant first. The input is src from pos,
// then the slices of rest in turn; the fast loop reads within src, and
// refill's byte-by-byte path moves on to the next slice. Bytes past the
// input's end read as zero and are counted in phantom, so a truncated
// stream decodes to its end without special cases and is reported
// afterwards.
type stream struct {
	src     []byte
	rest    [][]byte
	pos     int
	bits    uint64
	nbits   uint
	phantom uint
}

// refill tops the bit buffer up to at least 56 bits.
func (s *stream) refill() {
	if s.pos+8 <= len(s.src) {
		// Load eight bytes and keep as many whole bytes as fit; the
		// surplus bits are loaded again, identically, by the next refill.
		s.bits |= binary.LittleEndian.Uint64(s.src[s.pos:]) << s.nbits
		n := (63 - s.nbits) >> 3
		s.pos += int(n)
		s.nbits += n << 3
		return
	}
	for s.nbits <= 56 {
		s.nextChunk()
		if s.pos < len(s.src) {
			s.bits |= uint64(s.src[s.pos]) << s.nbits
			s.pos++
		} else {
			s.phantom++
		}
		s.nbits += 8
	}
}

// nextChunk moves the input on to the next non-empty slice when src is
// used up and one follows.
func (s *stream) nextChunk() {
	for s.pos == len(s.src) && len(s.rest) > 0 {
		s.src, s.rest, s.pos = s.rest[0], s.rest[1:], 0
	}
}

// consume drops n bits.
func (s *stream) consume(n uint) {
	s.bits >>= n
	s.nbits -= n
}

// overrun reports whether bits past the input's end were consumed.
func (s *stream) overrun() bool { return s.phantom*8 > s.nbits }

// copyStored copies the current stored block's bytes into dst from o,
// as many as remain or fit.
func (d *Decoder) copyStored(dst []byte, o int) (int, error) {
	s := &d.s
	n := min(d.stored, len(dst)-o) // bytes past dst wait for the next call
	d.stored -= n
	// The block's first bytes are the whole bytes left in the bit
	// buffer: the real ones, below any phantom ones.
	for ; n > 0 && s.nbits >= 8; n-- {
		if s.phantom*8 >= s.nbits {
			return o, ErrTruncated
		}
		dst[o] = byte(s.bits)
		o++
		s.consume(8)
	}
	if n == 0 {
		return o, nil
	}
	// The buffer is empty: the rest comes straight from the input. The
	// buffer's surplus bits (see refill) are stale after that, so it
	// restarts from zero.
	s.bits, s.nbits = 0, 0
	for n > 0 {
		s.nextChunk()
		if s.pos == len(s.src) {
			return o, ErrTruncated
		}
		k := copy(dst[o:o+n], s.src[s.pos:])
		o, n, s.pos = o+k, n-k, s.pos+k
	}
	return o, nil
}

// Length and distance codes: base values and extra bits (RFC 1951 3.2.5).
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// decode reads one symbol of h from the bit buffer, which holds at least
// 15 bits, and returns its table entry (see entryOf). An entry of a
// symbol deflate forbids is an error here, so callers see only valid
// entries.
func (s *stream) decode(h *huffman) (uint32, error) {
	e := h.table[s.bits&h.mask]
	if e&entrySub != 0 {
		e = h.table[subIndex(e, s.bits, uint(h.width))]
	}
	if e&entryInvalid != 0 {
		return 0, errInvalidCode
	}
	s.consume(uint(e & entryLenMask))
	return e, nil
}

var errInvalidCode = fmt.Errorf("%w: invalid Huffman code", ErrCorrupt)

// subIndex returns the subtable index of a long code whose prefix has
// entry e (entrySub) in a table width bits wide: the subtable's start
// plus its width's worth of the bits after the prefix.
func subIndex(e uint32, bits uint64, width uint) int {
	return int(e>>16) + int(bits>>width&(1<<(e>>8&15)-1))
}

// huffmanBlock decodes the current block's symbols into dst from o until
// the end-of-block symbol or until the output reaches stop (at most
// len(dst); it may go past it, by up to one match), alternating between
// the fast loop and the careful one, which decodes at least one symbol
// each time (so the alternation always progresses). It returns the
// output position and whether the block ended.
func (d *Decoder) huffmanBlock(dst []byte, o, stop int) (int, bool, error) {
	for {
		var end bool
		var err error
		if o, end, err = d.s.fastBlock(dst, o, stop, d.tables); err != nil || end || o >= stop {
			return o, end, err
		}
		if o, end, err = d.carefulBlock(dst, o, stop); err != nil || end || o >= stop {
			return o, end, err
		}
	}
}

// Margins of the fast loop: it runs while the input holds eight bytes for
// an unconditional refill and the output has room for a longest match plus
// the eight-byte overshoot of copyFast (or eight literals, two bytes more).
const (
	fastOutMargin = 258 + 8
	fastInMargin  = 8
)

// fastBlock decodes while both margins hold and the output is before
// stop, with the bit buffer in local variables (the compiler keeps them in
// registers), and leaves invalid codes to the careful loop. It returns
// the output position and whether it met the end of the block. On amd64
// the same loop runs as generated assembly (fastBlockAsm, gen/inflate),
// which keeps every value in a register: this one is its reference.
func (s *stream) fastBlock(dst []byte, o, stop int, t *Decoder) (int, bool, error) {
	if useFastLoop() {
		return s.fastBlockAsm(dst, o, stop, t)
	}
	lit, dist := &t.lit.table, &t.dist.table
	src := s.src
	// The state is written back at every return: a deferred closure
	// would capture the locals and keep them in memory.
	bits, nbits, pos := s.bits, s.nbits, s.pos
	const mask = 1<<tableBits - 1
	const distMask = 1<<distTableBits - 1
	// One bound for both output limits keeps the loop's test as it was
	// without stop.
	last := min(len(dst)-fastOutMargin, stop-1)
	if o > last || pos+fastInMargin > len(src) {
		return o, false, nil
	}
	// refill tops the buffer up from eight input bytes: all 64 bits of
	// bits are then input bits, though nbits counts only the whole bytes
	// taken (56 to 63 bits); the surplus is loaded again, identically,
	// by the next refill. nbits is kept modulo 64: subtracting a whole
	// entry, rather than its length field, leaves the low six bits right
	// and saves a mask and a register on the literal path, where Go's
	// register allocator would otherwise spill inside the decode chain.
	refill := func() {
		nb := nbits & 63
		bits |= binary.LittleEndian.Uint64(src[pos:]) << nb
		n := (63 - nb) >> 3
		pos += int(n)
		nbits = nb + n<<3
	}
	refill()
	// e is always the entry of the next symbol, looked up before the
	// refill that precedes its use: a refill adds bits above the 16 or
	// more still in the buffer, so the entry (12 bits) does not change,
	// and the lookup does not wait for the refill's shift and or. Each
	// lookup waits only for the previous one's shift: that chain sets the
	// speed, and a pair entry halves its length per byte.
	e := lit[bits&mask]
	for {
		// Each iteration starts from 64 buffered bits and uses at most
		// 48: four lookups of literals or literal pairs (at most
		// tableBits = 12 bits each), or one literal with a long code
		// (15), or a length code (15) with its extra bits (5), a
		// distance code (15) and its extra bits (13), 48 bits. The
		// shifts mask their count with 63, which the compiler folds
		// into the shift instruction.
		if e&entryNotLiteral == 0 {
			// Each lookup stores two bytes, within the output margin; a
			// single literal's second byte is overwritten by the next
			// output.
			bits >>= e & 63
			nbits -= uint(e)
			binary.LittleEndian.PutUint16(dst[o:], uint16(e>>16))
			o += 1 + int(e>>14&1)
			if e = lit[bits&mask]; e&entryNotLiteral == 0 {
				bits >>= e & 63
				nbits -= uint(e)
				binary.LittleEndian.PutUint16(dst[o:], uint16(e>>16))
				o += 1 + int(e>>14&1)
				if e = lit[bits&mask]; e&entryNotLiteral == 0 {
					bits >>= e & 63
					nbits -= uint(e)
					binary.LittleEndian.PutUint16(dst[o:], uint16(e>>16))
					o += 1 + int(e>>14&1)
					if e = lit[bits&mask]; e&entryNotLiteral == 0 {
						bits >>= e & 63
						nbits -= uint(e)
						binary.LittleEndian.PutUint16(dst[o:], uint16(e>>16))
						o += 1 + int(e>>14&1)
						e = lit[bits&mask]
					}
				}
			}
		} else {
			nbits &= 63
			if e&entrySub != 0 {
				e = lit[subIndex(e, bits, tableBits)]
			}
			if e&entryInvalid != 0 {
				s.bits, s.nbits, s.pos = bits, nbits, pos
				return o, false, nil // the careful loop reports it
			}
			// The state before the symbol, for the careful loop when
			// the distance code after a length code is invalid.
			before, beforeN := bits, nbits
			bits >>= e & 63
			nbits -= uint(e & entryLenMask)
			switch {
			case e&(entryLength|entryEnd) == 0:
				// A literal whose code is longer than the table is
				// wide: one byte.
				dst[o] = byte(e >> 16)
				o++
				e = lit[bits&mask]
				goto check
			case e&entryEnd != 0:
				s.bits, s.nbits, s.pos = bits, nbits, pos
				return o, true, nil
			}
			ex := uint(e>>8) & 15
			length := int(e>>16) + int(bits&(1<<ex-1))
			bits >>= ex
			nbits -= ex
			e = dist[bits&distMask]
			if e&entrySub != 0 {
				e = dist[subIndex(e, bits, distTableBits)]
			}
			if e&entryInvalid != 0 {
				// The careful loop takes the match from its length
				// code, and reports the distance code.
				s.bits, s.nbits, s.pos = before, beforeN, pos
				return o, false, nil
			}
			bits >>= e & 63
			nbits -= uint(e & entryLenMask)
			ex = uint(e>>8) & 15
			distance := int(e>>16) + int(bits&(1<<ex-1))
			bits >>= ex
			nbits -= ex
			if distance > o {
				return o, false, fmt.Errorf("%w: distance %d reaches before the start of the output (at %d)", ErrCorrupt, distance, o)
			}
			o = copyFast(dst, o, distance, length)
			e = lit[bits&mask]
		}
	check:
		if o > last || pos+fastInMargin > len(src) {
			break
		}
		refill()
	}
	s.bits, s.nbits, s.pos = bits, nbits&63, pos
	return o, false, nil
}

// copyFast is copyMatch for a match that fits, with eight bytes to spare,
// before dst's end. It copies eight bytes at a time, overshooting the
// match by up to seven bytes that later output overwrites. A word's
// source must be final when it is read, so a distance under eight first
// writes the pattern byte by byte up to a whole number of periods of at
// least eight bytes, then copies words from that many bytes back (the
// same pattern, as it repeats with the distance's period).
func copyFast(dst []byte, o, distance, length int) int {
	src := o - distance
	i := 0
	if distance < 8 {
		period := distance * ((8 + distance - 1) / distance)
		for ; i < period && i < length; i++ {
			dst[o+i] = dst[src+i]
		}
		src = o - period
	}
	for ; i < length; i += 8 {
		binary.LittleEndian.PutUint64(dst[o+i:], binary.LittleEndian.Uint64(dst[src+i:]))
	}
	return o + length
}

// carefulBlock decodes with every bound checked, near the ends of input
// and output and for codes longer than the lookup tables: at least one
// symbol, then more until the output reaches stop or the fast loop's
// margins hold again. A match cut by dst's end is left in d.pendLen for
// the next call. It returns the output position and whether it met the
// end of the block.
func (d *Decoder) carefulBlock(dst []byte, o, stop int) (int, bool, error) {
	s := &d.s
	lit, dist := &d.tables.lit, &d.tables.dist
	for first := true; o < len(dst); first = false {
		if !first && (o >= stop || o+fastOutMargin <= len(dst) && s.pos+fastInMargin <= len(s.src)) {
			return o, false, nil
		}
		s.refill()
		if e := lit.table[s.bits&(1<<tableBits-1)]; e&entryPair != 0 {
			// Two literals, or only the first when it fills dst: the
			// second's bits may lie past the input's end, and taking
			// them would report a complete stream as truncated.
			dst[o] = byte(e >> 16)
			o++
			if o == len(dst) {
				s.consume(uint(e>>8) & 15)
				continue
			}
			dst[o] = byte(e >> 24)
			o++
			s.consume(uint(e & entryLenMask))
			continue
		}
		e, err := s.decode(lit)
		if err != nil {
			return o, false, err
		}
		if e&(entryLength|entryEnd) == 0 {
			dst[o] = byte(e >> 16)
			o++
			continue
		}
		if e&entryEnd != 0 {
			return o, true, nil
		}
		ex := uint(e>>8) & 15
		length := int(e>>16) + int(s.bits&(1<<ex-1))
		s.consume(ex)
		if e, err = s.decode(dist); err != nil {
			return o, false, err
		}
		ex = uint(e>>8) & 15
		distance := int(e>>16) + int(s.bits&(1<<ex-1))
		s.consume(ex)
		if distance > o {
			return o, false, fmt.Errorf("%w: distance %d reaches before the start of the output (at %d)", ErrCorrupt, distance, o)
		}
		end := o + length
		if o = copyMatch(dst, o, distance, length); o < end {
			d.pendLen, d.pendDist = end-o, distance
		}
	}
	return o, false, nil
}

// copyMatch copies length bytes from distance back to dst[o:], clipped to
// dst's end, repeating the pattern when the source overlaps the copy, and
// returns the new output position.
func copyMatch(dst []byte, o, distance, length int) int {
	end := min(o+length, len(dst))
	src := o - distance
	if distance >= length {
		copy(dst[o:end], dst[src:src+end-o])
		return end
	}
	// Each copy doubles the available pattern: dst[src:o+n] is final.
	for n := o; n < end; {
		n += copy(dst[n:end], dst[src:n])
	}
	return end
}
