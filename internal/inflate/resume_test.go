package inflate

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// resumable decompresses the stream made of src's slices (zlib or raw
// deflate) through StartZlibChunks/StartDeflateChunks, Next and Slide,
// into a window of winSize bytes, asking for random amounts and sliding
// by random allowed amounts at random points (and whenever the window is
// full), and returns the output in order and the error. It fails t when
// Next breaks its contract (stops short of what was asked without an
// error) or when the window is too small to go on.
func resumable(t testing.TB, r *rand.Rand, d *Decoder, src [][]byte, zlib bool, total, winSize int) ([]byte, error) {
	t.Helper()
	win := make([]byte, winSize)
	if zlib {
		d.StartZlibChunks(win, src, total)
	} else {
		d.StartDeflateChunks(win, src, total)
	}
	var out []byte
	flushed, base := 0, 0 // win[:flushed] is in out; base bytes were slid out
	for first := true; first || base+flushed < total; first = false {
		var want int
		switch r.IntN(4) {
		case 0:
			want = flushed + 1 + r.IntN(10)
		case 1:
			want = flushed + 1 + r.IntN(3000)
		case 2:
			want = winSize
		default:
			want = flushed + r.IntN(winSize+1) // zero or more, maybe past the end
		}
		n, err := d.Next(want)
		if err != nil {
			return out, err
		}
		if n < min(want, winSize, total-base) {
			t.Fatalf("Next(%d) returned %d bytes without an error (window %d, %d of %d slid out)", want, n, winSize, base, total)
		}
		out = append(out, win[flushed:n]...)
		flushed = n
		// Any slide leaving min(Window, produced) bytes is allowed.
		keep := min(Window, base+n)
		if n == winSize || r.IntN(3) == 0 {
			if n-keep <= 0 && n == winSize && base+n < total {
				t.Fatalf("window of %d bytes full and no slide allowed", winSize)
			}
			if n-keep > 0 {
				k := n - keep
				if r.IntN(2) == 0 {
					k = r.IntN(k + 1)
				}
				d.Slide(k)
				base += k
				flushed -= k
			}
		}
	}
	// Once the output is complete, Next keeps returning it.
	if n, err := d.Next(winSize); err != nil || base+n != total {
		t.Fatalf("Next after the end: %d, %v", base+n, err)
	}
	return out, nil
}

// TestResumable decompresses every corpus stream, in one piece and in
// pieces, through the resumable API with windows from just large enough
// (Window plus the fast loop's margin) to several times Window, and
// compares output and error with the one-shot Zlib, on whole streams and
// on streams cut short.
func TestResumable(t *testing.T) {
	var d, one Decoder
	r := rand.New(rand.NewPCG(7, 8))
	for name, data := range corpus() {
		for _, level := range levels {
			z := compress(t, data, level)
			for _, winSize := range []int{Window + fastOutMargin, Window + 1000 + r.IntN(40_000), 3 * Window} {
				src := [][]byte{z}
				if r.IntN(2) == 0 {
					src = split(r, z)
				}
				got, err := resumable(t, r, &d, src, true, len(data), winSize)
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("%s level %d window %d: %v (equal: %v)", name, level, winSize, err, bytes.Equal(got, data))
				}
			}
			// Truncated streams, and outputs asked past the stream's end:
			// the same error as the one-shot decoder, or, without an
			// error, the same output.
			for try := 0; try < 6; try++ {
				cut := r.IntN(len(z) + 1)
				total := len(data)
				if try == 0 {
					cut, total = len(z), len(data)+1+r.IntN(100)
				}
				want := make([]byte, total)
				wantErr := one.Zlib(want, z[:cut])
				winSize := Window + fastOutMargin + r.IntN(2*Window)
				got, err := resumable(t, r, &d, split(r, z[:cut]), true, total, winSize)
				if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
					t.Fatalf("%s level %d cut at %d of %d, total %d: error %v, one-shot %v", name, level, cut, len(z), total, err, wantErr)
				}
				if err == nil && !bytes.Equal(got, want) {
					t.Fatalf("%s level %d cut at %d: output differs from the one-shot's", name, level, cut)
				}
			}
		}
	}
}

// TestResumableErrors: corrupt streams give the one-shot decoder's error,
// also when it comes after slides (a match reaching before the stream's
// start is caught at every output position), and the error sticks.
func TestResumableErrors(t *testing.T) {
	var d, one Decoder
	r := rand.New(rand.NewPCG(9, 10))
	data := corpus()["text"]
	z := compress(t, data, 6)
	for try := 0; try < 300; try++ {
		bad := bytes.Clone(z)
		for i := 0; i < 1+r.IntN(3); i++ {
			bad[2+r.IntN(len(bad)-2)] ^= byte(1 << r.IntN(8))
		}
		want := make([]byte, len(data))
		wantErr := one.Zlib(want, bad)
		got, err := resumable(t, r, &d, [][]byte{bad}, true, len(data), Window+fastOutMargin+r.IntN(Window))
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("try %d: error %v, one-shot %v", try, err, wantErr)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("try %d: output differs from the one-shot's", try)
		}
		if err != nil {
			if _, again := d.Next(1 << 20); again != err {
				t.Fatalf("try %d: error %v, then %v", try, err, again)
			}
		}
	}
	// A raw deflate stream whose first match reaches one byte before the
	// start, after 40,000 literals: the check must see it after slides.
	// A stored block, then a match of distance 32768: valid only after
	// at least 32768 bytes, whatever slides came before.
	lits := bytes.Repeat([]byte("abcdefgh"), 5000)
	for _, prefix := range []int{100, 32767, 32768, 40000} {
		stream := fixedMatchStream(lits[:prefix], 32768)
		want := make([]byte, prefix+3)
		wantErr := one.Deflate(want, stream)
		got, err := resumable(t, r, &d, [][]byte{stream}, false, prefix+3, Window+fastOutMargin)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() || err == nil && !bytes.Equal(got, want) {
			t.Fatalf("match of distance 32768 after %d bytes: %v, one-shot %v", prefix, err, wantErr)
		}
		if (err == nil) != (prefix >= 32768) {
			t.Fatalf("match of distance 32768 after %d bytes: error %v", prefix, err)
		}
	}
}

// fixedMatchStream returns a raw deflate stream: a stored block holding
// lits, then a final fixed-code block with one match of length 3 and the
// given distance (at least 24577), then the end-of-block code.
func fixedMatchStream(lits []byte, distance int) []byte {
	n := len(lits)
	out := []byte{0, byte(n), byte(n >> 8), ^byte(n), ^byte(n >> 8)}
	out = append(out, lits...)
	var acc uint64
	var nb uint
	put := func(v uint64, k uint) { acc |= v << nb; nb += k }
	putRev := func(code uint64, k uint) { // Huffman codes go most significant bit first
		for i := int(k) - 1; i >= 0; i-- {
			put(code>>uint(i)&1, 1)
		}
	}
	put(1, 1) // final
	put(1, 2) // fixed codes
	putRev(1, 7)
	putRev(29, 5)
	put(uint64(distance-24577), 13)
	putRev(0, 7) // end of block
	for ; nb > 0; nb -= min(nb, 8) {
		out = append(out, byte(acc))
		acc >>= 8
	}
	return out
}

// TestSlideKeepsWindow: a Slide that would leave fewer than
// min(Window, produced) bytes behind the output position is a
// programming error and panics.
func TestSlideKeepsWindow(t *testing.T) {
	data := corpus()["text"][:100_000]
	z := compress(t, data, 6)
	mustPanic := func(what string, f func()) {
		t.Helper()
		defer func() {
			if e := recover(); e == nil || !strings.Contains(e.(string), "Slide") {
				t.Errorf("%s: recovered %v, want a panic naming Slide", what, e)
			}
		}()
		f()
	}
	var d Decoder
	win := make([]byte, 2*Window)
	d.StartZlibChunks(win, [][]byte{z}, len(data))
	n, err := d.Next(1000)
	if err != nil || n < 1000 {
		t.Fatal(n, err)
	}
	mustPanic("slide before Window bytes exist", func() { d.Slide(1) })
	mustPanic("slide past the output", func() { d.Slide(n + 1) })
	d.Slide(0)
	n, err = d.Next(len(win))
	if err != nil || n != len(win) {
		t.Fatal(n, err)
	}
	mustPanic("slide keeping Window-1 bytes", func() { d.Slide(n - Window + 1) })
	d.Slide(n - Window)
	got := bytes.Clone(win[:Window])
	if !bytes.Equal(got, data[n-Window:n]) {
		t.Fatal("Slide moved the wrong bytes")
	}
	if n, err = d.Next(len(win)); err != nil || !bytes.Equal(win[Window:n], data[len(win):len(win)+n-Window]) {
		t.Fatalf("after Slide: %v", err)
	}
}

// TestReleaseDropsReferences: the one-shot functions keep neither the
// caller's buffers nor the input.
func TestReleaseDropsReferences(t *testing.T) {
	var d Decoder
	z := compress(t, []byte("hello hello hello"), 6)
	if err := d.Zlib(make([]byte, 17), z); err != nil {
		t.Fatal(err)
	}
	if d.win != nil || d.s.src != nil || d.s.rest != nil {
		t.Error("the Decoder keeps references after Zlib")
	}
	if _, err := d.Next(1); !errors.Is(err, errReleased) {
		t.Errorf("Next after Release: %v", err)
	}
}
