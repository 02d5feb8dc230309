package inflate

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"testing"
)

// bitWriter writes deflate's bits, least significant first.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

func (w *bitWriter) write(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		w.out = append(w.out, byte(w.acc))
	}
	return w.out
}

// canonicalCodes returns the canonical Huffman code (most significant bit
// first) of each symbol of lengths.
func canonicalCodes(lengths []uint8) []int {
	var count [maxCodeLen + 2]int
	for _, l := range lengths {
		count[l]++
	}
	count[0] = 0
	var next [maxCodeLen + 2]int
	code := 0
	for l := 1; l <= maxCodeLen; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	codes := make([]int, len(lengths))
	for s, l := range lengths {
		if l != 0 {
			codes[s] = next[l]
			next[l]++
		}
	}
	return codes
}

// comb gives the symbols syms the code lengths 1, 2, ..., len-1, then
// len-1 again: a complete code whose last two codes are the longest.
func comb(n int, syms []int) []uint8 {
	lengths := make([]uint8, n)
	for i, s := range syms {
		lengths[s] = uint8(min(i+1, len(syms)-1))
	}
	return lengths
}

// longCodeStream writes one final dynamic block whose literal/length and
// distance codes reach 15 bits (a literal, a length symbol and two
// distance symbols among them), holding n symbols drawn so that every
// code occurs, and returns it with compress/flate's decoding of it.
func longCodeStream(t testing.TB, r *rand.Rand, n int) (stream, want []byte) {
	litSyms := []int{'a', 'b', 'c', 256, 257, 265, 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 200, 284}
	distSyms := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 29, 28}
	litLen, distLen := comb(286, litSyms), comb(30, distSyms)
	litCode, distCode := canonicalCodes(litLen), canonicalCodes(distLen)
	var w bitWriter
	w.write(1, 1) // final
	w.write(2, 2) // dynamic
	w.write(286-257, 5)
	w.write(30-1, 5)
	w.write(19-4, 4)
	// The code-length code: symbols 0..15 (lengths, no repeats) of 4 bits.
	for _, s := range codeLengthOrder {
		if s < 16 {
			w.write(4, 3)
		} else {
			w.write(0, 3)
		}
	}
	writeSym := func(code, l int) { w.write(uint64(reverse(code, l)), uint(l)) }
	for _, l := range append(append([]uint8(nil), litLen...), distLen...) {
		writeSym(int(l), 4) // the code-length code is the identity on 0..15
	}
	o := 0
	for i := 0; i < n; i++ {
		s := litSyms[r.IntN(len(litSyms))]
		if i < 50 || s == 256 || s > 256 && o < 40000 && r.IntN(4) != 0 {
			s = litSyms[[]int{0, 1, 2, 6, 7, 14}[r.IntN(6)]] // literals, the long one too
		}
		writeSym(litCode[s], int(litLen[s]))
		if s < 256 {
			o++
			continue
		}
		length := 3
		switch s {
		case 265: // 11..12
			x := r.IntN(2)
			w.write(uint64(x), 1)
			length = 11 + x
		case 284: // 227..257
			x := r.IntN(31)
			w.write(uint64(x), 5)
			length = 227 + x
		}
		// A distance symbol whose whole range lies within the output.
		var d int
		for {
			d = distSyms[r.IntN(len(distSyms))]
			if int(distBase[d])+1<<distExtra[d]-1 <= o {
				break
			}
		}
		x := r.IntN(1 << distExtra[d])
		writeSym(distCode[d], int(distLen[d]))
		w.write(uint64(x), uint(distExtra[d]))
		o += length
	}
	writeSym(litCode[256], int(litLen[256]))
	stream = w.bytes()
	want, err := io.ReadAll(flate.NewReader(bytes.NewReader(stream)))
	if err != nil {
		t.Fatalf("compress/flate refuses the test stream: %v", err)
	}
	if len(want) != o {
		t.Fatalf("compress/flate decodes %d bytes, the writer wrote %d", len(want), o)
	}
	return stream, want
}

// TestLongCodes decodes blocks whose literal/length and distance codes
// take 13 to 15 bits (second lookups in the subtables), on both fast
// loops and through the careful one at every end of output.
func TestLongCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var d Decoder
	for _, n := range []int{1, 10, 300, 20_000, 200_000} {
		stream, want := longCodeStream(t, r, n)
		got := make([]byte, len(want))
		if err := d.Deflate(got, stream); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%d symbols: %v (equal: %v)", n, err, bytes.Equal(got, want))
		}
		if haveFastLoop {
			bothLoops(t, stream, len(want))
		}
		if n <= 300 {
			for m := 0; m < len(want); m++ {
				part := make([]byte, m)
				if err := d.Deflate(part, stream); err != nil || !bytes.Equal(part, want[:m]) {
					t.Fatalf("%d symbols, %d bytes: %v", n, m, err)
				}
			}
		}
	}
}

// TestSubtables checks every code of a comb reaching 15 bits decodes to
// its entry and length through the table (with a subtable lookup past
// the primary width), for both table widths.
func TestSubtables(t *testing.T) {
	for _, k := range []codeKind{litLenCode, distCode} {
		n := map[codeKind]int{litLenCode: 286, distCode: 30}[k]
		syms := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
		if k == litLenCode {
			// length symbols: no literal pairs in the table
			for i := range syms {
				syms[i] += 257
			}
		}
		lengths := comb(n, syms)
		codes := canonicalCodes(lengths)
		var h huffman
		if err := h.build(k, lengths); err != nil {
			t.Fatal(err)
		}
		long := 0
		for _, sym := range syms {
			l := int(lengths[sym])
			s := stream{bits: uint64(reverse(codes[sym], l)) | 0xAAAA<<l, nbits: 60}
			e, err := s.decode(&h)
			if err != nil || e != entryOf(k, sym)|uint32(l) || s.nbits != 60-uint(l) {
				t.Fatalf("kind %d symbol %d (%d bits): entry %#x, %v, %d bits left", k, sym, l, e, err, s.nbits)
			}
			if l > int(tableWidth(k)) {
				long++
			}
		}
		if long == 0 {
			t.Fatalf("kind %d: no code longer than the table", k)
		}
	}
}

// TestPairEntries checks every primary entry of literal/length tables
// built from random code lengths against a decoding by canonical codes:
// an index whose low bits hold a literal's code and whose next bits
// another literal's, within tableBits, is the pair entry of the two;
// any other index holds no pair.
func TestPairEntries(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	var h huffman
	pairs := 0
	for round := 0; round < 100; round++ {
		// Random lengths of 2..15 bits (mostly 5..9, as on scanlines)
		// for symbols in random order, each taken while the code's
		// Kraft sum (in units of 2^-15) has room: complete or not.
		lengths := make([]uint8, 286)
		room := 1 << maxCodeLen
		for _, s := range r.Perm(len(lengths)) {
			l := 5 + r.IntN(5)
			if r.IntN(4) == 0 {
				l = 2 + r.IntN(14)
			}
			if 1<<(maxCodeLen-l) <= room {
				lengths[s] = uint8(l)
				room -= 1 << (maxCodeLen - l)
			}
		}
		if err := h.build(litLenCode, lengths); err != nil {
			t.Fatal(err)
		}
		codes := canonicalCodes(lengths)
		// lit[i] is the literal whose code the low bits of i start with.
		type lit struct {
			sym, len int
		}
		first := func(i int) (lit, bool) {
			for s := 0; s < 256; s++ {
				l := int(lengths[s])
				if l != 0 && l <= tableBits && i&(1<<l-1) == reverse(codes[s], l) {
					return lit{s, l}, true
				}
			}
			return lit{}, false
		}
		for i := 0; i < 1<<tableBits; i++ {
			e := h.table[i]
			a, okA := first(i)
			var b lit
			okB := false
			if okA {
				b, okB = first(i >> a.len)
				okB = okB && a.len+b.len <= tableBits
			}
			if !okA || !okB {
				if e&entryPair != 0 {
					t.Fatalf("round %d index %#x: pair entry %#x where no two literals fit", round, i, e)
				}
				continue
			}
			want := uint32(a.sym)<<16 | uint32(b.sym)<<24 | entryPair | uint32(a.len)<<8 | uint32(a.len+b.len)
			if e != want {
				t.Fatalf("round %d index %#x: entry %#x, want %#x", round, i, e, want)
			}
			pairs++
		}
	}
	if pairs < 10000 {
		t.Fatalf("only %d pair entries in all rounds: the codes are not what the test means", pairs)
	}
}
