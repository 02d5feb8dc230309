package inflate

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"io"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// corpus returns inputs of the kinds deflate meets: empty, tiny,
// incompressible noise, long runs (overlapping matches, distance 1),
// text-like data with repeats at every distance, and mixtures longer than
// the 32 KiB window.
func corpus() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	noise := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	words := [][]byte{[]byte("pixel "), []byte("kernel "), []byte("hotloop "), []byte("a"), []byte("\x00\x00\x00\xff")}
	var text []byte
	for len(text) < 200_000 {
		text = append(text, words[r.IntN(len(words))]...)
		if r.IntN(50) == 0 {
			text = append(text, noise(r.IntN(300))...)
		}
	}
	smooth := make([]byte, 150_000)
	for i := range smooth {
		smooth[i] = byte(i/7 + r.IntN(3))
	}
	// Runs of every period from 1 to 9 bytes and many lengths, separated
	// by noise: matches at the distances copyFast treats specially, of
	// lengths around its period and word boundaries.
	var periodic []byte
	for period := 1; period <= 9; period++ {
		for length := 3; length <= 300; length += 1 + length/16 {
			pattern := noise(period)
			for i := 0; i < period+length; i++ {
				periodic = append(periodic, pattern[i%period])
			}
			periodic = append(periodic, noise(3)...)
		}
	}
	// Bytes of a steep distribution (half of them one value, a quarter
	// another...): short literal codes, so most table entries are pairs.
	skewed := make([]byte, 120_000)
	for i := range skewed {
		skewed[i] = byte(3 * bits.TrailingZeros32(r.Uint32()|1<<12))
	}
	// PNG-like scanlines: the Sub-filtered residuals of a noisy image,
	// values around zero (sigma 16) whose literal codes of 5 to 9 bits pair
	// up often (four pairs can take 52 bits between refills: the case
	// that catches a table too wide for the fast loop), with runs where
	// the image is flat.
	scanlines := make([]byte, 200_000)
	for i := range scanlines {
		if i%5000 < 400 {
			continue // a flat stretch: zero residuals, long matches
		}
		scanlines[i] = byte(int(r.NormFloat64() * 16))
	}
	return map[string][]byte{
		"scanlines": scanlines,
		"skewed":    skewed,
		"periodic":  periodic,
		"empty":     nil,
		"one":       {42},
		"noise":     noise(100_000),
		"zeros":     make([]byte, 300_000),
		"text":      text,
		"smooth":    smooth,
		"mixed":     append(append(noise(40_000), make([]byte, 70_000)...), text[:90_000]...),
	}
}

func compress(t testing.TB, data []byte, level int) []byte {
	var buf bytes.Buffer
	w, err := zlib.NewWriterLevel(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

var levels = []int{zlib.NoCompression, zlib.BestSpeed, 3, zlib.DefaultCompression, zlib.BestCompression, zlib.HuffmanOnly}

// TestRoundTrip decompresses what compress/zlib writes at every level,
// with one Decoder reused throughout.
func TestRoundTrip(t *testing.T) {
	var d Decoder
	for name, data := range corpus() {
		for _, level := range levels {
			z := compress(t, data, level)
			got := make([]byte, len(data))
			if err := d.Zlib(got, z); err != nil {
				t.Fatalf("%s level %d: %v", name, level, err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("%s level %d: output differs from the input", name, level)
			}
			// A shorter output buffer takes the stream's start.
			if len(data) > 10 {
				part := make([]byte, len(data)/3)
				if err := d.Zlib(part, z); err != nil || !bytes.Equal(part, data[:len(part)]) {
					t.Fatalf("%s level %d: prefix: %v", name, level, err)
				}
			}
		}
	}
}

// TestEveryPrefix decodes every prefix of short streams, so the output's
// end falls on every symbol, including between the two literals of a
// pair entry, on the careful path near the end.
func TestEveryPrefix(t *testing.T) {
	var d Decoder
	for _, name := range []string{"skewed", "text", "smooth"} {
		data := corpus()[name][:2500]
		for _, level := range levels {
			z := compress(t, data, level)
			for n := 0; n <= len(data); n++ {
				got := make([]byte, n)
				if err := d.Zlib(got, z); err != nil || !bytes.Equal(got, data[:n]) {
					t.Fatalf("%s level %d, %d bytes: %v (equal: %v)", name, level, n, err, bytes.Equal(got, data[:n]))
				}
			}
		}
	}
}

// TestTruncated cuts streams at many points: every cut that removes data
// the output needs must give ErrTruncated (or ErrCorrupt), never a panic
// or a silent success.
func TestTruncated(t *testing.T) {
	var d Decoder
	data := corpus()["mixed"][:60_000]
	for _, level := range levels {
		z := compress(t, data, level)
		got := make([]byte, len(data))
		for cut := 0; cut < len(z)-4; cut += 1 + cut/50 {
			err := d.Zlib(got, z[:cut])
			if err == nil {
				// The output may be complete before the stream's end-of-block
				// and checksum: then it must be right.
				if !bytes.Equal(got, data) {
					t.Fatalf("level %d cut at %d of %d: success with wrong output", level, cut, len(z))
				}
				continue
			}
			if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("level %d cut at %d: error %v wraps neither ErrTruncated nor ErrCorrupt", level, cut, err)
			}
		}
	}
}

// TestTooLongOutput asks for more than the stream holds.
func TestTooLongOutput(t *testing.T) {
	var d Decoder
	for _, level := range levels {
		z := compress(t, []byte("short"), level)
		if err := d.Zlib(make([]byte, 6), z); !errors.Is(err, ErrTruncated) {
			t.Errorf("level %d: error %v, want ErrTruncated", level, err)
		}
	}
}

// TestBadHeaders checks the zlib header checks and the block-level ones.
func TestBadHeaders(t *testing.T) {
	var d Decoder
	dst := make([]byte, 10)
	for name, src := range map[string][]byte{
		"short":       {0x78},
		"not deflate": {0x79, 0x9c - 4},
		"check bits":  {0x78, 0x9d},
		"dictionary":  {0x78, 0xbb},
		"block type3": {0x78, 0x9c, 0x07, 0, 0, 0},
		"stored nlen": {0x78, 0x9c, 0x01, 5, 0, 5, 0, 'h', 'e', 'l', 'l', 'o'},
		"distance":    {0x78, 0x9c, 0x63, 0x00, 0x02, 0x00}, // fixed block: a match before the start
	} {
		if err := d.Zlib(dst, src); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// differential checks Decoder against compress/flate on any raw deflate
// input: where the standard library decodes n bytes without error, the
// Decoder must give the same bytes; it must never panic.
func differential(t *testing.T, src []byte) {
	want, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(src)), 1<<20))
	got := make([]byte, len(want))
	var d Decoder
	gerr := d.Deflate(got, src)
	if err == nil && (gerr != nil || !bytes.Equal(got, want)) {
		t.Fatalf("compress/flate decodes %d bytes, Decoder: %v (equal: %v)", len(want), gerr, bytes.Equal(got, want))
	}
	// The same stream in pieces decodes alike.
	pieces := split(rand.New(rand.NewPCG(uint64(len(src)), 5)), src)
	cgot := make([]byte, len(want))
	if cerr := d.DeflateChunks(cgot, pieces); (cerr == nil) != (gerr == nil) || cerr == nil && !bytes.Equal(cgot, got) {
		t.Fatalf("in %d pieces: %v (equal: %v); in one: %v", len(pieces), cerr, bytes.Equal(cgot, got), gerr)
	}
	// Decoded through a sliding window, it gives the same output and
	// error.
	r := rand.New(rand.NewPCG(uint64(len(src)), 6))
	rgot, rerr := resumable(t, r, &d, pieces, false, len(want), Window+fastOutMargin+r.IntN(Window))
	if (rerr == nil) != (gerr == nil) || rerr != nil && rerr.Error() != gerr.Error() || rerr == nil && !bytes.Equal(rgot, got) {
		t.Fatalf("through a sliding window: %v (equal: %v); in one call: %v", rerr, bytes.Equal(rgot, got), gerr)
	}
	// The assembly fast loop and the Go one agree, bytes and errors.
	if haveFastLoop {
		bothLoops(t, src, len(want)+r.IntN(300))
	}
	// A larger buffer than the stream fills must be an error.
	if err == nil && len(want) < 1<<20 {
		if gerr := d.Deflate(make([]byte, len(want)+1), src); gerr == nil {
			t.Fatalf("Decoder filled %d bytes from a stream of %d", len(want)+1, len(want))
		}
	}
}

func FuzzDeflate(f *testing.F) {
	for _, data := range corpus() {
		for _, level := range levels {
			var buf bytes.Buffer
			w, _ := flate.NewWriter(&buf, level)
			w.Write(data[:min(len(data), 3000)])
			w.Close()
			f.Add(buf.Bytes())
		}
	}
	// Codes of 13 to 15 bits, which the corpus's streams hardly have.
	long, _ := longCodeStream(f, rand.New(rand.NewPCG(3, 4)), 300)
	f.Add(long)
	f.Fuzz(differential)
}
