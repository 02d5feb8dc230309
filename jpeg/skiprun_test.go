package jpeg

import (
	"math/rand"
	"testing"
	"unsafe"
)

// TestRunStepLayout checks runStep and huffTable against the offsets
// gen/jpegac's skipRun reads them by.
func TestRunStepLayout(t *testing.T) {
	var s runStep
	got := [...]uintptr{unsafe.Offsetof(s.dc), unsafe.Offsetof(s.skip), unsafe.Offsetof(s.pred), unsafe.Offsetof(s.next), unsafe.Offsetof(s.ac), unsafe.Offsetof(s.q), unsafe.Offsetof(s.pair), unsafe.Offsetof(s.zz), unsafe.Offsetof(s.slot), unsafe.Sizeof(s)}
	if want := [...]uintptr{0, 8, 16, 24, 32, 40, 48, 56, 64, 72}; got != want {
		t.Errorf("runStep offsets and size %v, gen/jpegac reads %v", got, want)
	}
	var h huffTable
	got2 := [...]uintptr{unsafe.Offsetof(h.lut), unsafe.Offsetof(h.maxcode), unsafe.Offsetof(h.valptr), unsafe.Offsetof(h.vals)}
	if want := [...]uintptr{0, 4096, 4168, 4236}; got2 != want {
		t.Errorf("huffTable offsets %v, gen/jpegac reads %v", got2, want)
	}
}

// TestSkipRunInUse checks that a grey and a 4:4:4 file decoded at 1/8
// take skipRun where the assembly loops run (the test of the runs
// against the per-block path would pass vacuously otherwise).
func TestSkipRunInUse(t *testing.T) {
	if !haveACLoop {
		t.Skip("no assembly loops in this build")
	}
	defer func(old string) { forceACLoop = old }(forceACLoop)
	forceACLoop = "asm"
	for _, sampling := range [][][2]int{{{1, 1}, {1, 1}, {1, 1}}, {{2, 1}, {2, 1}, {2, 1}}, {{2, 2}, {1, 1}, {1, 1}}} {
		rng := rand.New(rand.NewSource(1))
		data := randomJPEG(rng, sampling, 64, 48, 0, false)
		var dec Decoder
		dec.MinWidth, dec.MinHeight = 8, 6
		if _, err := dec.DecodeBytes(data); err != nil {
			t.Fatal(err)
		}
		if blocks := blocksPerMCU(sampling); dec.d.run == nil || dec.d.run.per != blocks {
			t.Errorf("sampling %v: the scan did not go through skipRun", sampling)
		}
	}
}

// TestSkipRunMatchesBlocks decodes random scans at 1/8 through skipRun
// and through the per-block path (both with the assembly loops) and
// compares the pixels and errors: one, three and four components, sampled
// alike 1x1, 2x1, 1x2 or 2x2 (every block of every component then decodes
// to one pixel) or not (4:2:2, one pixel a block too; 4:2:0, chroma above
// luma: value blocks in the runs), Huffman tables in random orders with DC and AC codes longer
// than the 11-bit lookups (skipRun's search of the code lengths), random
// quantisers, stuffed 0xFF bytes, restart intervals with
// markers where the data puts them or nowhere near, data cut short, and
// bit flips; and one file in seven with wild tables (random code lengths
// up to 16 bits, often incomplete, any symbols: DC categories above 15,
// AC symbols without magnitude that are neither EOB nor ZRL) and a wild
// scan (fill bytes before stuffed ones and markers, stray RSTn, no end).
func TestSkipRunMatchesBlocks(t *testing.T) {
	if !haveACLoop {
		t.Skip("no assembly loops in this build")
	}
	rng := rand.New(rand.NewSource(4))
	decoded := 0
	const trials = 2100
	for trial := 0; trial < trials; trial++ {
		f := newRunTrial(rng, trial, 150, 100, 3, 6, false)
		sampling, w, h, restart, wild, data := f.sampling, f.w, f.h, f.restart, f.wild, f.data
		diff, ok := runsDiffer(data)
		if ok && !wild {
			decoded++
		}
		if diff != "" {
			t.Fatalf("trial %d (sampling %v, %dx%d, restart %d): %s", trial, sampling, w, h, restart, diff)
		}
	}
	if decoded < trials*6/7/2 {
		t.Errorf("only %d of %d files decode without an error: the test no longer exercises whole runs", decoded, trials)
	}
}

// runSamplings are the samplings of the run tests: alike (every block
// one pixel at 1/8), 4:2:2 (one pixel a block too), and 4:2:0 and a
// chroma sampled above luma (value blocks in the runs).
var runSamplings = [][][2]int{{{1, 1}}, {{2, 1}}, {{1, 2}}, {{2, 2}},
	{{2, 2}, {1, 1}}, {{2, 1}, {1, 1}}, {{1, 1}, {2, 2}}}

// runTrial is a random file of the run tests and how it was made.
type runTrial struct {
	sampling [][2]int
	w, h     int
	restart  int
	wild     bool
	data     []byte
}

// newRunTrial makes trial's file: 1, 3 or 4 components (by trial)
// sampled as one of runSamplings (at most 10 blocks an MCU), up to maxW
// by maxH, restart intervals of 1 to maxRestart MCUs in one trial in
// restartEvery, in one trial in seven randomJPEG's wild tables and
// scan, else randomJPEG's random scan or (encoded) encodedJPEG's valid
// one; one trial in five cut short and one in five with flipped bits.
func newRunTrial(rng *rand.Rand, trial, maxW, maxH, restartEvery, maxRestart int, encoded bool) runTrial {
	var f runTrial
	ncomp := []int{1, 3, 4}[trial%3]
	for f.sampling == nil || blocksPerMCU(f.sampling) > 10 {
		pick := runSamplings[rng.Intn(len(runSamplings))]
		f.sampling = make([][2]int, ncomp)
		for i := range f.sampling {
			f.sampling[i] = pick[min(i, len(pick)-1)]
		}
	}
	f.w, f.h = 1+rng.Intn(maxW), 1+rng.Intn(maxH)
	if trial%restartEvery == 0 {
		f.restart = 1 + rng.Intn(maxRestart)
	}
	f.wild = trial%7 == 6
	if encoded && !f.wild {
		f.data = encodedJPEG(rng, f.sampling, f.w, f.h, f.restart, false)
	} else {
		f.data = randomJPEG(rng, f.sampling, f.w, f.h, f.restart, f.wild)
	}
	switch trial % 5 {
	case 1:
		f.data = f.data[:len(f.data)/2+rng.Intn(len(f.data)/2)]
	case 2:
		for range 1 + rng.Intn(4) {
			p := len(f.data)/4 + rng.Intn(len(f.data)-len(f.data)/4)
			f.data[p] ^= 1 << rng.Intn(8)
		}
	}
	return f
}

// runsDiffer decodes data at 1/8 with and without skipRun and describes
// how the results differ ("" when the pixels, or their absence, and the
// errors are the same); ok reports that the runs decoded without an
// error.
func runsDiffer(data []byte) (diff string, ok bool) {
	defer func(loop, run string) { forceACLoop, forceSkipRun = loop, run }(forceACLoop, forceSkipRun)
	forceACLoop = "asm"
	return outcomesDiffer(data, Options{MinWidth: 1, MinHeight: 1}, [2]string{"blocks", "runs"},
		func(i int) { forceSkipRun = []string{"off", "on"}[i] })
}

// randomJPEG returns a baseline file of one component for each sampling
// (h, v) given, one interleaved scan of random entropy-coded bytes
// (in restart intervals of restart MCUs when restart > 0, each given
// somewhat more bytes than its blocks take), and Huffman tables of random symbol
// orders: table 0 with the standard code lengths, table 1 with DC codes
// of up to 13 bits and the standard AC lengths. With wild, the tables are
// wildTables' and the scan wildScan's.
func randomJPEG(rng *rand.Rand, sampling [][2]int, w, h, restart int, wild bool) []byte {
	return makeJPEG(rng, sampling, w, h, restart, wild, false, false)
}

// encodedJPEG is randomJPEG with a scan that is valid data: random blocks
// encoded with the file's tables (encodedBlock), each restart interval
// padded to its byte with ones as an encoder does; with shared, every
// component uses tables 0, as libjpeg writes RGB and CMYK.
func encodedJPEG(rng *rand.Rand, sampling [][2]int, w, h, restart int, shared bool) []byte {
	return makeJPEG(rng, sampling, w, h, restart, false, true, shared)
}

// makeJPEG writes randomJPEG's and encodedJPEG's files.
func makeJPEG(rng *rand.Rand, sampling [][2]int, w, h, restart int, wild, encoded, shared bool) []byte {
	ncomp := len(sampling)
	var dcCodes, acCodes [2]map[byte]huffCode
	seg := func(b []byte, marker byte, body ...byte) []byte {
		b = append(b, 0xFF, marker, byte((len(body)+2)>>8), byte(len(body)+2))
		return append(b, body...)
	}
	b := []byte{0xFF, 0xD8}
	for tq := 0; tq < 2; tq++ {
		q := []byte{byte(tq)}
		for range 64 {
			q = append(q, byte(1+rng.Intn(40)))
		}
		b = seg(b, 0xDB, q...)
	}
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(ncomp)}
	for i := 0; i < ncomp; i++ {
		sof = append(sof, byte(i+1), byte(sampling[i][0]<<4|sampling[i][1]), byte(i%2))
	}
	b = seg(b, 0xC0, sof...)
	if wild {
		b = append(b, wildTables(rng)...)
	}
	longDC := [16]uint8{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1} // 2..13 bits
	for th := 0; th < 2 && !wild; th++ {
		dcCounts := testDCCounts
		if th == 1 {
			dcCounts = longDC
		}
		dc := rng.Perm(12)
		body := append([]byte{byte(th)}, dcCounts[:]...)
		for _, s := range dc {
			body = append(body, byte(s))
		}
		dcCodes[th] = huffCodes(dcCounts, body[17:])
		b = seg(b, 0xC4, body...)
		var ac []byte
		ac = append(ac, 0x00, 0xF0)
		for r := 0; r < 16; r++ {
			for s := 1; s <= 10; s++ {
				ac = append(ac, byte(r<<4|s))
			}
		}
		rng.Shuffle(len(ac), func(i, j int) { ac[i], ac[j] = ac[j], ac[i] })
		acCodes[th] = huffCodes(testACCounts, ac)
		body = append([]byte{0x10 | byte(th)}, testACCounts[:]...)
		b = seg(b, 0xC4, append(body, ac...)...)
	}
	if restart > 0 {
		b = seg(b, 0xDD, byte(restart>>8), byte(restart))
	}
	sos := []byte{byte(ncomp)}
	var td, ta []int
	for i := 0; i < ncomp; i++ {
		dcT, acT := byte(rng.Intn(2)), byte(rng.Intn(2))
		if shared {
			dcT, acT = 0, 0
		}
		sos = append(sos, byte(i+1), dcT<<4|acT)
		td, ta = append(td, int(dcT)), append(ta, int(acT))
	}
	b = seg(b, 0xDA, append(sos, 0, 63, 0)...)
	hmax, vmax := 1, 1
	for _, s := range sampling {
		hmax, vmax = max(hmax, s[0]), max(vmax, s[1])
	}
	mcus := ((w + 8*hmax - 1) / (8 * hmax)) * ((h + 8*vmax - 1) / (8 * vmax))
	per := blocksPerMCU(sampling)
	if ncomp == 1 {
		// a scan of one component has one block an MCU, over the
		// component's own extent
		mcus, per = ((w+7)/8)*((h+7)/8), 1
	}
	intervals, interval := 1, mcus
	if restart > 0 {
		intervals, interval = (mcus+restart-1)/restart, restart
	}
	sparse := rng.Intn(2) == 0
	if wild {
		return append(b, wildScan(rng, 50+rng.Intn(w*h/2+100), restart > 0)...)
	}
	if encoded {
		// the components of the MCU's blocks in order
		var comps []int
		for i, s := range sampling {
			for range s[0] * s[1] {
				comps = append(comps, i)
			}
		}
		if ncomp == 1 {
			comps = comps[:1]
		}
		end := 0.02 + 0.3*rng.Float64()*rng.Float64() // how soon blocks end
		for i := 0; i < mcus; i++ {
			if restart > 0 && i > 0 && i%restart == 0 {
				b = append(b, 0xFF, 0xD0+byte((i/restart-1)%8))
			}
			var bw bitWriter
			for m := i; m < mcus && (m == i || restart == 0 || m%restart != 0); m++ {
				for _, c := range comps {
					encodedBlock(rng, &bw, dcCodes[td[c]], acCodes[ta[c]], end)
				}
				i = m
			}
			b = append(b, bw.flush()...)
		}
		return append(b, 0xFF, 0xD9)
	}
	for i := 0; i < intervals; i++ {
		if i > 0 {
			b = append(b, 0xFF, 0xD0+byte((i-1)%8))
		}
		// more bytes than the interval's blocks take, most of the time:
		// the rest is garbage the decoder skips to the marker
		b = append(b, randomScan(rng, 8+interval*per*(150+rng.Intn(150)), sparse)...)
	}
	return append(b, 0xFF, 0xD9)
}

// huffCode is a symbol's Huffman code and its length.
type huffCode struct {
	code uint64
	len  uint
}

// huffCodes returns the canonical code of DHT code length counts and
// symbols.
func huffCodes(counts [16]uint8, syms []byte) map[byte]huffCode {
	codes := map[byte]huffCode{}
	code, k := uint64(0), 0
	for l := uint(1); l <= 16; l++ {
		for range counts[l-1] {
			codes[syms[k]] = huffCode{code, l}
			code++
			k++
		}
		code <<= 1
	}
	return codes
}

// bitWriter writes an entropy-coded segment: bits MSB first, an 0xFF
// byte stuffed with 0x00.
type bitWriter struct {
	b   []byte
	acc uint64
	n   uint
}

// put writes the n low bits of v.
func (w *bitWriter) put(v uint64, n uint) {
	for i := int(n) - 1; i >= 0; i-- {
		w.acc = w.acc<<1 | v>>uint(i)&1
		if w.n++; w.n == 8 {
			w.b = append(w.b, byte(w.acc))
			if byte(w.acc) == 0xFF {
				w.b = append(w.b, 0)
			}
			w.acc, w.n = 0, 0
		}
	}
}

// flush pads the last byte with ones and returns the bytes.
func (w *bitWriter) flush() []byte {
	if w.n > 0 {
		w.put(1<<(8-w.n)-1, 8-w.n)
	}
	return w.b
}

// encodedBlock writes a random block: a DC difference of a random
// category, then AC symbols of random runs and magnitudes until the
// block is full or, with probability end before each symbol, an EOB;
// now and then a ZRL.
func encodedBlock(rng *rand.Rand, w *bitWriter, dc, ac map[byte]huffCode, end float64) {
	put := func(t map[byte]huffCode, sym byte) {
		c := t[sym]
		w.put(c.code, c.len)
		s := uint(sym & 15)
		w.put(rng.Uint64()&(1<<s-1), s)
	}
	put(dc, byte(rng.Intn(1+rng.Intn(12))))
	for k := 1; k < 64; {
		switch {
		case rng.Float64() < end && !denseBlocks:
			put(ac, 0x00)
			return
		case k <= 47 && rng.Intn(30) == 0:
			put(ac, 0xF0)
			k += 16
			continue
		}
		r := rng.Intn(min(16, 64-k))
		if denseBlocks {
			r = 0
		}
		put(ac, byte(r<<4|(1+rng.Intn(1+rng.Intn(10)))))
		k += r + 1
	}
}

// denseBlocks makes encodedBlock write every coefficient of a block
// (no zero runs, no end of block): blocks of about 900 bits, longer than
// dualRun's margin before a marker.
var denseBlocks bool

// blocksPerMCU is the blocks of an interleaved MCU of components sampled
// so.
func blocksPerMCU(sampling [][2]int) int {
	n := 0
	for _, s := range sampling {
		n += s[0] * s[1]
	}
	return n
}

// wildTables returns DHT segments for DC and AC slots 0 and 1 with random
// code lengths of up to 16 bits (canonical, often incomplete) and random
// symbols, mostly DC-like in the DC tables.
func wildTables(rng *rand.Rand) []byte {
	var b []byte
	for th := 0; th < 2; th++ {
		for class := 0; class < 2; class++ {
			var counts [16]uint8
			total := 0
			for total == 0 {
				counts, total = randomCodeLengths(rng, []int{12, 40, 162, 256}[rng.Intn(4)])
			}
			body := append([]byte{byte(class<<4 | th)}, counts[:]...)
			for range total {
				var sym byte
				switch {
				case class == 0 && rng.Intn(3) != 0:
					sym = byte(rng.Intn(16))
				case rng.Intn(4) == 0:
					sym = byte(rng.Intn(256))
				case rng.Intn(3) == 0:
					sym = byte(rng.Intn(16)) << 4 // no magnitude: EOB, ZRL or corrupt
				default:
					sym = byte(rng.Intn(16)<<4 | (1 + rng.Intn(10)))
				}
				body = append(body, sym)
			}
			b = append(b, 0xFF, 0xC4, byte((len(body)+2)>>8), byte(len(body)+2))
			b = append(b, body...)
		}
	}
	return b
}

// randomCodeLengths returns the code length counts of a random canonical
// code of at most maxSyms symbols and lengths up to 16 bits, the code
// space often left incomplete.
func randomCodeLengths(rng *rand.Rand, maxSyms int) (counts [16]uint8, total int) {
	code := 0
	for l := 1; l <= 16; l++ {
		free := min(1<<l-code, maxSyms-total, 255)
		n := 0
		if free > 0 {
			n = rng.Intn(free + 1)
			if l < 4 && n == free && rng.Intn(4) != 0 {
				n-- // keep some code space for the longer lengths
			}
		}
		counts[l-1] = uint8(n)
		total += n
		code = (code + n) << 1
	}
	return counts, total
}

// wildScan returns n bytes of scan data (stuffed where 0xFF) with fill
// bytes before stuffed 0xFF 0x00 pairs and, with restarts, RSTn markers
// at random places, some after fill bytes; it ends with nothing, a lone
// 0xFF or an EOI.
func wildScan(rng *rand.Rand, n int, restarts bool) []byte {
	var b []byte
	rst := byte(0)
	for range n {
		switch r := rng.Intn(400); {
		case r < 6:
			b = append(b, 0xFF, 0xFF, 0x00)
			continue
		case r < 9 && restarts:
			b = append(b, 0xFF, 0xD0+rst%8)
			rst++
			continue
		case r < 10 && restarts:
			b = append(b, 0xFF, 0xFF, 0xD0+rst%8)
			rst++
			continue
		}
		c := byte(rng.Intn(256))
		if rng.Intn(2) == 0 {
			c &= byte(rng.Intn(256))
		}
		b = append(b, c)
		if c == 0xFF {
			b = append(b, 0)
		}
	}
	switch rng.Intn(3) {
	case 0:
		return b
	case 1:
		return append(b, 0xFF)
	}
	return append(b, 0xFF, 0xD9)
}
