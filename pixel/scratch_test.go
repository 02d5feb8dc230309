package pixel

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestScratchPoisoned resizes and reduces random images of every format
// twice, the second time with the scratch pool holding a buffer of
// garbage: every intermediate byte must be written before it is read, so
// the results agree.
func TestScratchPoisoned(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < 40; i++ {
		f := Format(1 + r.IntN(4))
		w, h := 1+r.IntN(90), 1+r.IntN(90)
		src := New(f, w, h)
		for j := range src.Pix {
			src.Pix[j] = uint8(r.Uint32())
		}
		tw, th := 1+r.IntN(2*w), 1+r.IntN(2*h)
		flt := Filter(int(Box) + r.IntN(int(Lanczos-Box)+1))
		fx, fy := 1+r.IntN(5), 1+r.IntN(5)
		run := func() ([]uint8, []uint8) {
			a := New(f, tw, th)
			if err := Resize(a, src, flt); err != nil {
				t.Fatal(err)
			}
			b := New(f, ceilDiv(w, fx), ceilDiv(h, fy))
			if err := Reduce(b, src, fx, fy); err != nil {
				t.Fatal(err)
			}
			return a.Pix, b.Pix
		}
		wantA, wantB := run()
		poison := bytes.Repeat([]byte{0xab}, 4*w*h*4+4*tw*h*4)
		scratchPool.Put(&poison)
		gotA, gotB := run()
		if !bytes.Equal(gotA, wantA) || !bytes.Equal(gotB, wantB) {
			t.Fatalf("%s %dx%d→%dx%d %s, reduce %dx%d: results differ with a poisoned scratch pool", f, w, h, tw, th, flt, fx, fy)
		}
	}
}
