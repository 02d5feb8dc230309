package jpeg

import (
	"math/rand"
	"testing"
	"unsafe"
)

// TestDualStateLayout checks dualState against the offsets gen/jpegac's
// dualRun reads it by.
func TestDualStateLayout(t *testing.T) {
	var s dualState
	got := [...]uintptr{unsafe.Offsetof(s.last), unsafe.Offsetof(s.end), unsafe.Offsetof(s.b0), unsafe.Offsetof(s.e),
		unsafe.Offsetof(s.reason), unsafe.Offsetof(s.a), unsafe.Offsetof(s.b), unsafe.Sizeof(s)}
	if want := [...]uintptr{0, 8, 16, 24, 32, 40, 152, 264}; got != want {
		t.Errorf("dualState offsets and size %v, gen/jpegac reads %v", got, want)
	}
	var c dualChain
	got2 := [...]uintptr{unsafe.Offsetof(c.acc), unsafe.Offsetof(c.n), unsafe.Offsetof(c.pos), unsafe.Offsetof(c.k),
		unsafe.Offsetof(c.step), unsafe.Offsetof(c.out), unsafe.Offsetof(c.outEnd), unsafe.Offsetof(c.stuff),
		unsafe.Offsetof(c.recs), unsafe.Offsetof(c.kind), unsafe.Offsetof(c.coef), unsafe.Offsetof(c.coefEnd),
		unsafe.Offsetof(c.limit), unsafe.Offsetof(c.cursor)}
	if want := [...]uintptr{0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104}; got2 != want {
		t.Errorf("dualChain offsets %v, gen/jpegac reads %v", got2, want)
	}
	var r dualRec
	if unsafe.Sizeof(r) != 16 || unsafe.Offsetof(r.step) != 8 {
		t.Errorf("dualRec layout: size %d, step at %d; gen/jpegac writes 16 and 8", unsafe.Sizeof(r), unsafe.Offsetof(r.step))
	}
}

// dualDiffer decodes data at 1/8 with skipRun alone and with dualRun
// wherever the data allows (dualMinBytes at its least) and describes how
// the results differ ("" when the pixels, or their absence, and the
// errors are the same); ok reports that they decoded without an error.
// maxPixels is the decoder's limit (0: the default).
func dualDiffer(data []byte, maxPixels int) (diff string, ok bool) {
	defer func(loop, dual string, least int) { forceACLoop, forceDual, dualMinBytes = loop, dual, least }(forceACLoop, forceDual, dualMinBytes)
	forceACLoop, dualMinBytes = "asm", 0
	return outcomesDiffer(data, Options{MinWidth: 1, MinHeight: 1, MaxPixels: maxPixels}, [2]string{"one chain", "two"},
		func(i int) { forceDual = []string{"off", ""}[i] })
}

// TestDualRunMatchesRuns decodes random scans at 1/8 with one chain and
// with two and compares the results: one, three and four components
// sampled alike or not (4:2:2, every block of which keeps the DC alone
// at 1/8 too; 4:2:0 and chroma above luma, with value blocks), Huffman
// tables with long codes,
// stuffed bytes, restart intervals, data cut short, bit flips, and wild
// tables and scans (randomJPEG's); B is taken in some runs and dropped
// in others, and both must happen for the test to mean something.
func TestDualRunMatchesRuns(t *testing.T) {
	if !haveACLoop {
		t.Skip("no assembly loops in this build")
	}
	rng := rand.New(rand.NewSource(5))
	syncs0, drops0 := dualSyncs.Load(), dualDrops.Load()
	decoded := 0
	const trials = 1500
	for trial := 0; trial < trials; trial++ {
		f := newRunTrial(rng, trial, 300, 200, 4, 40, true)
		sampling, w, h, restart, wild, data := f.sampling, f.w, f.h, f.restart, f.wild, f.data
		diff, ok := dualDiffer(data, 0)
		if ok && !wild {
			decoded++
		}
		if diff != "" {
			t.Fatalf("trial %d (sampling %v, %dx%d, restart %d): %s", trial, sampling, w, h, restart, diff)
		}
	}
	syncs, drops := dualSyncs.Load()-syncs0, dualDrops.Load()-drops0
	t.Logf("%d files decoded whole; B taken %d times, dropped %d", decoded, syncs, drops)
	if decoded < trials/4 || syncs < trials/2 || drops == 0 {
		t.Errorf("%d files decoded whole, B taken %d times and dropped %d: the test no longer exercises both ways", decoded, syncs, drops)
	}
}

// TestDualRunLarge decodes larger files (grey, 4:4:4 with tables of its
// own or shared by its components, 4:2:2 with restart intervals of many
// MCUs, data followed by junk, 4:2:0 in one run and in runs of a few
// hundred value blocks, each with B's start guessed in proportion) at
// the default threshold with one chain and with two: the same pixels,
// and B taken (in most of the short runs).
func TestDualRunLarge(t *testing.T) {
	if !haveACLoop {
		t.Skip("no assembly loops in this build")
	}
	defer func(loop, dual string, slots int) { forceACLoop, forceDual, dualMaxSlots = loop, dual, slots }(forceACLoop, forceDual, dualMaxSlots)
	forceACLoop = "asm"
	rng := rand.New(rand.NewSource(6))
	for _, tc := range []struct {
		sampling     [][2]int
		w, h, rest   int
		shared, junk bool
		maxSlots     int
	}{
		{[][2]int{{1, 1}}, 1500, 1000, 0, false, false, 0},
		{[][2]int{{1, 1}, {1, 1}, {1, 1}}, 1001, 333, 0, false, false, 0},
		{[][2]int{{1, 1}, {1, 1}, {1, 1}}, 1001, 333, 0, true, false, 0},
		{[][2]int{{2, 1}, {1, 1}, {1, 1}}, 257, 1500, 1000, false, false, 0},
		{[][2]int{{1, 1}}, 700, 500, 0, false, true, 0},
		{[][2]int{{2, 2}, {1, 1}, {1, 1}}, 1000, 700, 0, false, false, 0},
		{[][2]int{{2, 2}, {1, 1}, {1, 1}}, 1000, 700, 0, false, false, 600},
	} {
		dualMaxSlots = 1 << 14
		if tc.maxSlots > 0 {
			dualMaxSlots = tc.maxSlots
		}
		data := encodedJPEG(rng, tc.sampling, tc.w, tc.h, tc.rest, tc.shared)
		if tc.junk {
			// bytes after the last block, before the EOI: B starts in
			// the blocks and runs on into the junk
			junk := make([]byte, len(data)/3)
			for i := range junk {
				junk[i] = byte(rng.Intn(255))
			}
			data = append(append(data[:len(data)-2:len(data)-2], junk...), 0xFF, 0xD9)
		}
		syncs := dualSyncs.Load()
		var pix, msg [2]string
		for i, dual := range []string{"off", ""} {
			forceDual = dual
			pix[i], msg[i] = decodeOutcome(data, Options{MinWidth: 1, MinHeight: 1})
		}
		if msg[0] != "" && !tc.junk || msg[0] != msg[1] || pix[0] != pix[1] {
			t.Errorf("%v %dx%d: errors %q and %q, pixels equal %v", tc.sampling, tc.w, tc.h, msg[0], msg[1], pix[0] == pix[1])
		}
		want := int64(1)
		if tc.maxSlots > 0 {
			// 2 chroma blocks an MCU, 300 MCUs a run: 9 runs, the last
			// too short for two chains
			want = 6
		}
		if got := dualSyncs.Load() - syncs; got < want && !tc.junk { // B runs into the junk and is dropped
			t.Errorf("%v %dx%d (%d bytes): B was taken %d times, want %d at least", tc.sampling, tc.w, tc.h, len(data), got, want)
		}
	}
}

// TestDualRunValueStops decodes 4:2:0 files (and chroma above luma) of
// blocks longer than dualRun's margin before a marker, in short restart
// intervals and cut short, with one chain and with two: a chain's value
// block then runs into the marker or the data's end, and dualRun takes
// the chain back to the block's start (its bits, stuffed pairs, DC slot
// and B's record), where the per-block path goes on.
func TestDualRunValueStops(t *testing.T) {
	if !haveACLoop {
		t.Skip("no assembly loops in this build")
	}
	defer func(dense bool) { denseBlocks = dense }(denseBlocks)
	denseBlocks = true
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 300; trial++ {
		sampling := [][][2]int{{{2, 2}, {1, 1}, {1, 1}}, {{1, 1}, {2, 2}, {1, 1}}}[trial%2]
		w, h, restart := 16+rng.Intn(120), 16+rng.Intn(80), rng.Intn(6)
		data := encodedJPEG(rng, sampling, w, h, restart, false)
		if trial%3 == 1 {
			data = data[:len(data)/2+rng.Intn(len(data)/2)]
		}
		if diff, _ := dualDiffer(data, 0); diff != "" {
			t.Fatalf("trial %d (sampling %v, %dx%d, restart %d): %s", trial, sampling, w, h, restart, diff)
		}
	}
}

// TestDualStart checks where B starts: the middle byte, or the next one
// where the middle is the 0x00 of a stuffed pair.
func TestDualStart(t *testing.T) {
	data := []byte{1, 2, 3, 0xFF, 0, 5, 6, 7}
	for _, c := range []struct{ o, end, want int }{{0, 8, 5}, {0, 7, 3}, {2, 8, 5}, {1, 7, 5}, {0, 2, 1}} {
		if got := dualStart(data, c.o, c.end); got != c.want {
			t.Errorf("dualStart(%d, %d) = %d, want %d", c.o, c.end, got, c.want)
		}
	}
}
