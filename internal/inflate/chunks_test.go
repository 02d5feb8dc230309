package inflate

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

// split cuts src into pieces of random lengths, some empty and many of
// one to nine bytes (so that the zlib header, a stored block's length
// fields and the fast loop's eight-byte refills straddle pieces), the
// rest longer.
func split(r *rand.Rand, src []byte) [][]byte {
	var out [][]byte
	for len(src) > 0 {
		var n int
		switch r.IntN(4) {
		case 0:
			n = 0
		case 1:
			n = 1 + r.IntN(9)
		default:
			n = 1 + r.IntN(5000)
		}
		n = min(n, len(src))
		out = append(out, src[:n])
		src = src[n:]
	}
	if r.IntN(2) == 0 {
		out = append(out, nil)
	}
	return out
}

// TestChunks decompresses every corpus stream cut into pieces, at every
// level (stored blocks included), whole and truncated: the result and the
// error must be those of the same stream in one piece.
func TestChunks(t *testing.T) {
	var d Decoder
	r := rand.New(rand.NewPCG(3, 4))
	for name, data := range corpus() {
		for _, level := range levels {
			z := compress(t, data, level)
			for try := 0; try < 4; try++ {
				got := make([]byte, len(data))
				if err := d.ZlibChunks(got, split(r, z)); err != nil || !bytes.Equal(got, data) {
					t.Fatalf("%s level %d: %v (equal: %v)", name, level, err, bytes.Equal(got, data))
				}
				cut := r.IntN(len(z) + 1)
				want := make([]byte, len(data))
				wantErr := d.Zlib(want, z[:cut])
				got = make([]byte, len(data))
				err := d.ZlibChunks(got, split(r, z[:cut]))
				if (err == nil) != (wantErr == nil) || err != nil && errors.Is(err, ErrTruncated) != errors.Is(wantErr, ErrTruncated) {
					t.Fatalf("%s level %d cut at %d of %d: error %v, in one piece %v", name, level, cut, len(z), err, wantErr)
				}
				if err == nil && !bytes.Equal(got, want) {
					t.Fatalf("%s level %d cut at %d: output differs from one piece's", name, level, cut)
				}
			}
		}
	}
	if err := d.ZlibChunks(make([]byte, 1), nil); !errors.Is(err, ErrTruncated) {
		t.Errorf("no chunks: %v, want ErrTruncated", err)
	}
}
