package inflate

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// bothLoops decodes src with the assembly fast loop and with the Go one
// and fails unless they agree on every output byte (scratch included)
// and on the error.
func bothLoops(t *testing.T, src []byte, n int) {
	t.Helper()
	defer func() { forceLoop = "" }()
	var d Decoder
	forceLoop = "asm"
	asmOut := make([]byte, n)
	asmErr := d.Deflate(asmOut, src)
	forceLoop = "go"
	goOut := make([]byte, n)
	goErr := d.Deflate(goOut, src)
	if (asmErr == nil) != (goErr == nil) || asmErr != nil && asmErr.Error() != goErr.Error() {
		t.Fatalf("assembly loop: %v; Go loop: %v", asmErr, goErr)
	}
	if !bytes.Equal(asmOut, goOut) {
		i := 0
		for asmOut[i] == goOut[i] {
			i++
		}
		t.Fatalf("outputs differ from byte %d of %d (error %v)", i, n, goErr)
	}
}

// TestFastLoopMatchesGo runs the assembly loop against the Go loop on the
// corpus at every level, whole and with bytes changed at random (corrupt
// streams: invalid and long codes, distances before the start, early
// ends), and on outputs cut short.
func TestFastLoopMatchesGo(t *testing.T) {
	if !haveFastLoop {
		t.Skip("no assembly fast loop on this platform")
	}
	r := rand.New(rand.NewPCG(7, 8))
	for name, data := range corpus() {
		for _, level := range levels {
			z := compress(t, data, level)[2:] // raw deflate
			t.Run(name, func(t *testing.T) {
				bothLoops(t, z, len(data))
				bothLoops(t, z, len(data)/2)
				for range 20 {
					bad := bytes.Clone(z)
					for range 1 + r.IntN(4) {
						if len(bad) > 0 {
							bad[r.IntN(len(bad))] ^= byte(1 + r.IntN(255))
						}
					}
					bothLoops(t, bad, len(data))
				}
			})
		}
	}
}

// TestFastLoopInUse proves the tests above compare something: on amd64
// without the purego tag the assembly runs unless the kernels are set to
// their pure-Go reference, which turns it off too.
func TestFastLoopInUse(t *testing.T) {
	if runtime.GOARCH != "amd64" || !haveFastLoop {
		if haveFastLoop {
			t.Fatal("assembly fast loop claimed off amd64")
		}
		t.Skip("pure Go build")
	}
	prev := kernels.Active()
	defer kernels.Use(prev)
	if prev != kernels.Generic && !useFastLoop() {
		t.Fatalf("kernels run %v, but the fast loop is Go", prev)
	}
	if err := kernels.Use(kernels.Generic); err != nil {
		t.Fatal(err)
	}
	if useFastLoop() {
		t.Fatal("kernels set to the generic reference, but the fast loop is assembly")
	}
}
