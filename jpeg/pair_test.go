package jpeg

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// refSequential decodes one sequential block the plain way, one symbol at
// a time through the Huffman table and its magnitude after it, with
// libjpeg's rules for corrupt runs (a position past 63 stores into the
// last coefficient's slot, and ends the block): the oracle of
// decodeSequential's combined and pair lookups.
func refSequential(br *bitReader, dc, ac *huffTable, pred *int32, q *[64]int32, blk *[64]int32) (ac1 bool) {
	*pred += br.receiveExtend(br.decode(dc) & 15)
	blk[0] = int32(int16(*pred)) * int32(q[0])
	k := 1
	for k < 64 {
		rs := br.decode(ac)
		r, s := int(rs>>4), rs&15
		if s == 0 {
			if r != 15 {
				break // end of block
			}
			k += 16 // ZRL
			continue
		}
		k += r
		z := zigzag[k&127] & 63
		blk[z] = br.receiveExtend(s) * int32(q[z])
		k++
	}
	return k > 1
}

// TestSequentialMatchesReference decodes random bits block after block
// with decodeSequential and with refSequential, under the standard tables
// in their order (short codes for the common symbols: most lookups take
// two) and shuffled (EOB and ZRL short in some, long in others, codes
// past the lookups), with random quantisers: the coefficients, the
// may-have-AC answer, the DC prediction and the bits left must agree,
// stuffed 0xFF bytes and data that runs out mid-scan included. It runs
// the Go loop and, where built, the assembly one (acLoop).
func TestSequentialMatchesReference(t *testing.T) {
	bothLoops(t, testSequentialMatchesReference)
}

// bothLoops runs test with the Go AC loops and, where built, with the
// assembly ones.
func bothLoops(t *testing.T, test func(*testing.T)) {
	for _, loop := range []string{"go", "asm"} {
		if loop == "asm" && !haveACLoop {
			continue
		}
		t.Run(loop, func(t *testing.T) {
			defer func(old string) { forceACLoop = old }(forceACLoop)
			forceACLoop = loop
			test(t)
		})
	}
}

func testSequentialMatchesReference(t *testing.T) {
	// the standard luminance AC order's first symbols, then the rest
	acSyms := []uint8{0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
		0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0}
	seen := map[uint8]bool{}
	for _, s := range acSyms {
		seen[s] = true
	}
	for r := 0; r < 16; r++ {
		for s := 1; s <= 10; s++ {
			if !seen[uint8(r<<4|s)] {
				acSyms = append(acSyms, uint8(r<<4|s))
			}
		}
	}
	dcSyms := []uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	rng := rand.New(rand.NewSource(2))
	var pairs, lookups int
	for trial := 0; trial < 300; trial++ {
		if trial%3 != 0 { // every third trial keeps the standard order
			rng.Shuffle(len(acSyms), func(i, j int) { acSyms[i], acSyms[j] = acSyms[j], acSyms[i] })
			rng.Shuffle(len(dcSyms), func(i, j int) { dcSyms[i], dcSyms[j] = dcSyms[j], dcSyms[i] })
		}
		data := randomScan(rng, 50+rng.Intn(3000), trial%2 == 0)
		var d, ref decoder
		scanDecoder(t, &d, data, acSyms, dcSyms)
		scanDecoder(t, &ref, data, acSyms, dcSyms)
		for i := range d.quant[0] {
			d.quant[0][i] = int32(1 + rng.Intn(255))
		}
		for _, e := range d.pairTable(0) {
			lookups++
			if e != pairNone && int8(e>>32) != -1 {
				pairs++
			}
		}
		var c component
		var refPred int32
		for blocks := 0; !d.br.overrun(); blocks++ {
			var got, want [64]int32
			gotAC := d.decodeSequential(&c, &got, false)
			wantAC := refSequential(&ref.br, &ref.dc[0], &ref.ac[0], &refPred, &d.quant[0], &want)
			a, b := peek(d.br), peek(ref.br)
			if got != want || gotAC != wantAC || c.pred != refPred || a != b || d.br.overrun() != ref.br.overrun() {
				t.Fatalf("trial %d block %d:\ngot  %v ac %v pred %d next %x\nwant %v ac %v pred %d next %x",
					trial, blocks, got, gotAC, c.pred, a, want, wantAC, refPred, b)
			}
		}
	}
	if pairs < lookups/10 {
		t.Errorf("%d of %d lookup entries hold two symbols: the test no longer exercises pairs", pairs, lookups)
	}
}

// TestACLoopInUse checks that the assembly loop is what runs natively on
// amd64 and that the generic setting turns it off, as for every kernel.
func TestACLoopInUse(t *testing.T) {
	if !haveACLoop {
		t.Skip("no assembly AC loop in this build")
	}
	old := kernels.Active()
	defer kernels.Use(old)
	if kernels.Active() != kernels.Generic && !useACLoop() {
		t.Errorf("the assembly AC loop is built but not used under %v", kernels.Active())
	}
	if err := kernels.Use(kernels.Generic); err != nil {
		t.Fatal(err)
	}
	if useACLoop() {
		t.Error("the assembly AC loop runs under the generic setting")
	}
}

// TestACLoopMatchesGo decodes every test file whole, cut short and with
// random bit flips, at full size and at 1/8 (skipLoop), through the Go
// loops and through the assembly ones: the pixels (or their absence) and
// the errors must be the same.
func TestACLoopMatchesGo(t *testing.T) {
	if !haveACLoop {
		t.Skip("no assembly AC loop in this build")
	}
	rng := rand.New(rand.NewSource(3))
	files := testFiles(t)
	// in a fixed order: the variants each file gets depend on the
	// generator's state, and a failure must come back on every run
	for _, name := range slices.Sorted(maps.Keys(files)) {
		data := files[name]
		for i := 0; i < 24; i++ {
			b := bytes.Clone(data)
			switch {
			case i == 1:
				b = b[:len(b)*2/3]
			case i > 1:
				for range 1 + i%4 {
					p := len(b)/8 + rng.Intn(len(b)-len(b)/8) // mostly scan data
					b[p] ^= 1 << rng.Intn(8)
				}
			}
			for _, scale := range []int{0, 1} {
				if diff := loopsDiffer(b, scale, 1<<22); diff != "" {
					t.Errorf("%s variant %d scale %d: %s", name, i, scale, diff)
				}
			}
		}
	}
}

// loopsDiffer decodes data (at the smallest scale keeping scale×scale
// pixels; 0: full size) through the Go AC loops and through the assembly
// ones, and describes how the results differ ("" when the pixels, or
// their absence, and the errors are the same).
func loopsDiffer(data []byte, scale, maxPixels int) string {
	defer func(old string) { forceACLoop = old }(forceACLoop)
	o := Options{MaxPixels: maxPixels, MinWidth: scale, MinHeight: scale}
	diff, _ := outcomesDiffer(data, o, [2]string{"Go", "assembly"}, func(i int) { forceACLoop = []string{"go", "asm"}[i] })
	if diff != "" {
		return "the loops differ: " + diff
	}
	return ""
}

// outcomesDiffer decodes data with o twice, after set(0) and after
// set(1), and describes how the results differ ("" when the pixels, or
// their absence, and the errors are the same; the two named by names);
// ok reports that the second decoded without an error.
func outcomesDiffer(data []byte, o Options, names [2]string, set func(i int)) (diff string, ok bool) {
	var pix, msg [2]string
	for i := range 2 {
		set(i)
		pix[i], msg[i] = decodeOutcome(data, o)
	}
	if pix[0] == pix[1] && msg[0] == msg[1] {
		return "", msg[1] == ""
	}
	return fmt.Sprintf("pixels equal %v, errors %q (%s) and %q (%s)", pix[0] == pix[1], msg[0], names[0], msg[1], names[1]), false
}

// decodeOutcome decodes data with o and returns the pixels ("" without an
// image) and the error's text ("" without one).
func decodeOutcome(data []byte, o Options) (pix, msg string) {
	dec := Decoder{Options: o}
	m, err := dec.DecodeBytes(data)
	if m != nil {
		pix = string(m.Pix)
	}
	if err != nil {
		msg = err.Error()
	}
	return pix, msg
}
