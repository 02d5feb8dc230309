package png

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// refPredict is the PNG specification's predictor for filter ft, written
// as the specification states it: the oracle for unfilter.
func refPredict(ft byte, a, b, c int) int {
	switch ft {
	case ftSub:
		return a
	case ftUp:
		return b
	case ftAverage:
		return (a + b) / 2
	case ftPaeth:
		p := a + b - c
		pa, pb, pc := p-a, p-b, p-c
		if pa < 0 {
			pa = -pa
		}
		if pb < 0 {
			pb = -pb
		}
		if pc < 0 {
			pc = -pc
		}
		if pa <= pb && pa <= pc {
			return a
		}
		if pb <= pc {
			return b
		}
		return c
	}
	return 0
}

func refUnfilter(ft byte, cur, prev []byte, bpp int) {
	for i := range cur {
		a, c := 0, 0
		if i >= bpp {
			a, c = int(cur[i-bpp]), int(prev[i-bpp])
		}
		cur[i] += uint8(refPredict(ft, a, int(prev[i]), c))
	}
}

// TestUnfilter compares unfilter with the specification's definition for
// every filter type, every pixel size PNG has (1, 2, 3, 4, 6, 8 bytes),
// row lengths 0..64, on random bytes and on extreme ones (all 0, all 255,
// alternating) that stress the Paeth ties. The previous row must come out
// unchanged.
func TestUnfilter(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fills := map[string]func(i int) byte{
		"random":      func(int) byte { return byte(r.Uint32()) },
		"zero":        func(int) byte { return 0 },
		"max":         func(int) byte { return 255 },
		"alternating": func(i int) byte { return byte(255 * (i & 1)) },
	}
	for name, fill := range fills {
		for _, bpp := range []int{1, 2, 3, 4, 6, 8} {
			for n := 0; n <= 64; n++ {
				for ft := byte(0); ft <= 4; ft++ {
					cur, prev := make([]byte, n), make([]byte, n)
					for i := range cur {
						cur[i], prev[i] = fill(i), fill(i+7)
					}
					want := bytes.Clone(cur)
					refUnfilter(ft, want, prev, bpp)
					prevCopy := bytes.Clone(prev)
					if err := unfilter(ft, cur, prev, bpp); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(cur, want) || !bytes.Equal(prev, prevCopy) {
						t.Fatalf("%s bpp %d n %d filter %d: got %v, want %v", name, bpp, n, ft, cur, want)
					}
				}
			}
		}
	}
	if err := unfilter(5, nil, nil, 1); err == nil {
		t.Error("filter type 5 accepted")
	}
}

// TestPaethAllInputs checks the branch-free predictor against the
// specification's on all 2^24 inputs.
func TestPaethAllInputs(t *testing.T) {
	cur, prev := make([]byte, 2), make([]byte, 2)
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			for c := 0; c < 256; c++ {
				cur[0], cur[1], prev[0], prev[1] = byte(a), 0, byte(c), byte(b)
				unfilterPaeth(cur, prev, 1)
				// cur[0] became a + c (first pixel: predictor = up = c).
				want := byte(refPredict(ftPaeth, int(cur[0]), b, c))
				if cur[1] != want {
					t.Fatalf("paeth(a=%d, b=%d, c=%d) = %d, want %d", cur[0], b, c, cur[1], want)
				}
			}
		}
	}
}
