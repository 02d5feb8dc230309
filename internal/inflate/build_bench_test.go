package inflate

import (
	"bytes"
	"compress/flate"
	"math/rand/v2"
	"testing"
)

// BenchmarkReadDynamic reads a dynamic block's header and builds its two
// tables, as inflating does for every block (zlib ends one every 16K
// symbols or so: a few hundred a megapixel image). The blocks are
// compress/flate's over filter residuals of two spreads: "noisy", whose
// literal codes take 7 to 9 bits, and "smooth", 3 to 6 bits, where most
// literals pair up.
func BenchmarkReadDynamic(b *testing.B) {
	for _, c := range []struct {
		name   string
		spread float64
	}{{"noisy", 24}, {"smooth", 2}} {
		r := rand.New(rand.NewPCG(1, 2))
		raw := make([]byte, 1<<16)
		for i := range raw {
			raw[i] = byte(int(r.NormFloat64() * c.spread))
		}
		var z bytes.Buffer
		w, _ := flate.NewWriter(&z, 6)
		w.Write(raw)
		w.Close()
		var d Decoder
		s0 := stream{src: z.Bytes()}
		s0.refill()
		if s0.bits&7 != 2<<1 { // not final, dynamic
			b.Fatalf("%s: first block header %03b, want a dynamic block", c.name, s0.bits&7)
		}
		s0.consume(3)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				s := s0
				if err := d.readDynamic(&s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
