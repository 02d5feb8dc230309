package inflate

import (
	"bytes"
	"errors"
	"testing"
)

// TestPairAtInputEnd: a stream whose last needed literal ends exactly at
// the input's last bit, where the table entry at that point is a pair
// whose second code would lie past the input's end. Filling dst with
// the first literal must not take the second's (phantom) bits.
func TestPairAtInputEnd(t *testing.T) {
	// Literal 'a' code 0 (1 bit), 'b' code 10, end-of-block 11.
	var out []byte
	var nacc uint
	put := func(v uint64, n uint) { // LSB-first
		for i := uint(0); i < n; i++ {
			if nacc&7 == 0 {
				out = append(out, 0)
			}
			out[nacc>>3] |= byte(v>>i&1) << (nacc & 7)
			nacc++
		}
	}
	put(0, 1)  // not final
	put(2, 2)  // dynamic
	put(0, 5)  // 257 literal/length codes
	put(0, 5)  // 1 distance code
	put(15, 4) // 19 code-length codes
	for i := 0; i < 19; i++ {
		l := uint64(0)
		if codeLengthOrder[i] <= 2 {
			l = 2 // code-length symbols 0, 1, 2: codes 00, 01, 10
		}
		put(l, 3)
	}
	sym := func(s uint64) { // code-length code: symbol s = code s, MSB first
		put(s>>1&1, 1)
		put(s&1, 1)
	}
	for i := 0; i < 257+1; i++ {
		switch i {
		case 'a':
			sym(1)
		case 'b', 256:
			sym(2)
		default:
			sym(0)
		}
	}
	var want []byte
	var d Decoder
	for k := 0; k < 2000; k++ {
		if k*k%7 < 3 { // an irregular mix, so pairs end on odd and even counts
			put(1, 1) // 'b': code 10, MSB first
			put(0, 1)
			want = append(want, 'b')
		} else {
			put(0, 1)
			want = append(want, 'a')
		}
		if nacc%8 != 0 {
			continue
		}
		got := make([]byte, len(want))
		if err := d.Deflate(got, out); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%d literals ending at the input's end: %v", len(want), err)
		}
		if err := d.Deflate(make([]byte, len(want)+1), out); !errors.Is(err, ErrTruncated) {
			t.Fatalf("%d+1 bytes from %d literals: %v", len(want), len(want), err)
		}
	}
}
