package jpeg

import (
	"math/rand"
	"testing"
)

// Standard-shaped Huffman tables for the block decoder tests: the code
// length counts of the standard luminance tables, for symbol lists the
// tests order (standard or shuffled).
var (
	testACCounts = [16]uint8{0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d}
	testDCCounts = [16]uint8{0, 1, 5, 1, 1, 1, 1, 1, 1}
)

// randomScan returns n random bytes of entropy-coded data: every 0xFF
// followed by a stuffed 0x00, and no 0xFF at the end. With sparse, each
// byte is ANDed with a second random byte (more zero bits: shorter
// symbols under the standard tables).
func randomScan(rng *rand.Rand, n int, sparse bool) []byte {
	data := make([]byte, n)
	for i := 0; i < n; i++ {
		data[i] = byte(rng.Intn(256))
		if sparse {
			data[i] &= byte(rng.Intn(256))
		}
		if data[i] == 0xFF && i+1 < n {
			i++
			data[i] = 0 // a stuffed data 0xFF
		}
	}
	if data[len(data)-1] == 0xFF {
		data[len(data)-1] = 0xFE
	}
	return data
}

// scanDecoder readies d to decode data's blocks with table slot 0 holding
// the AC and DC symbols given, in the order given.
func scanDecoder(t *testing.T, d *decoder, data, acSyms, dcSyms []uint8) {
	t.Helper()
	d.reset(Options{}, data)
	if err := d.ac[0].build(&testACCounts, acSyms); err != nil {
		t.Fatal(err)
	}
	if err := d.dc[0].build(&testDCCounts, dcSyms); err != nil {
		t.Fatal(err)
	}
	d.buildACLookups(0)
	d.br.reset(data, 0)
}
