package jpeg

import (
	"math/rand"
	"testing"
)

// TestSkipACConsumesAsDecode checks that skipping a block's AC symbols
// (1/8 scale) leaves the bit reader and the DC prediction exactly where
// decoding the block does, on random bits with shuffled standard tables
// (so that EOB and ZRL get short codes in some and long ones in others),
// stuffed 0xFF bytes, and data that runs out mid-scan. It runs the Go
// loops and, where built, the assembly ones (acLoop, skipLoop).
func TestSkipACConsumesAsDecode(t *testing.T) {
	bothLoops(t, testSkipACConsumesAsDecode)
}

func testSkipACConsumesAsDecode(t *testing.T) {
	var acSyms []uint8
	acSyms = append(acSyms, 0x00, 0xF0)
	for r := 0; r < 16; r++ {
		for s := 1; s <= 10; s++ {
			acSyms = append(acSyms, uint8(r<<4|s))
		}
	}
	dcSyms := []uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 200; trial++ {
		rng.Shuffle(len(acSyms), func(i, j int) { acSyms[i], acSyms[j] = acSyms[j], acSyms[i] })
		rng.Shuffle(len(dcSyms), func(i, j int) { dcSyms[i], dcSyms[j] = dcSyms[j], dcSyms[i] })
		data := randomScan(rng, 50+rng.Intn(2000), false)
		var dec, skip decoder
		for _, d := range []*decoder{&dec, &skip} {
			scanDecoder(t, d, data, acSyms, dcSyms)
			d.quant[0][0] = 3
		}
		var c1, c2 component
		for blocks := 0; !dec.br.overrun(); blocks++ {
			var blk1, blk2 [64]int32
			dec.decodeSequential(&c1, &blk1, false)
			skip.decodeSequential(&c2, &blk2, true)
			// the readers may hold different amounts of look-ahead: compare
			// what they read next
			a, b := peek(dec.br), peek(skip.br)
			if a != b || dec.br.overrun() != skip.br.overrun() || c1.pred != c2.pred || blk1[0] != blk2[0] {
				t.Fatalf("trial %d block %d: decode next %x pred %d dc %d, skip next %x pred %d dc %d",
					trial, blocks, a, c1.pred, blk1[0], b, c2.pred, blk2[0])
			}
		}
	}
}

// peek returns the next 48 bits a copy of br reads and whether that copy
// then has overrun.
func peek(br bitReader) [2]int64 {
	v := int64(br.bits(16))<<32 | int64(br.bits(16))<<16 | int64(br.bits(16))
	o := int64(0)
	if br.overrun() {
		o = 1
	}
	return [2]int64{v, o}
}
