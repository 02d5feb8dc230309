package jpeg

// Microbenchmarks of the hot block and row functions (the candidates for
// registry kernels); the file-level comparison is bench.BenchmarkJPEG.

import (
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hotloop/hotloop/kernels"
)

func BenchmarkRowH2V2(b *testing.B) {
	near, far := make([]uint8, 750), make([]uint8, 750)
	for i := range near {
		near[i], far[i] = uint8(i*7), uint8(i*13)
	}
	out := make([]uint8, 1500)
	b.SetBytes(1500)
	for b.Loop() {
		kernels.UpsampleH2V2(out, near, far)
	}
}

func BenchmarkRowYCC(b *testing.B) {
	y, cb, cr := make([]uint8, 1500), make([]uint8, 1500), make([]uint8, 1500)
	for i := range y {
		y[i], cb[i], cr[i] = uint8(i*7), uint8(i*13), uint8(i*5)
	}
	dst := make([]uint8, 4500)
	b.SetBytes(1500)
	for b.Loop() {
		kernels.YCbCrToRGB(dst, y, cb, cr)
	}
}

func BenchmarkIDCT8(b *testing.B) {
	var blk [64]int32
	for i := range blk {
		blk[i] = int32((i*37)%61-30) * 4 // every coefficient non-zero
	}
	dst := make([]uint8, 8*64)
	for b.Loop() {
		kernels.IDCT(dst, 64, blk[:])
	}
}

// BenchmarkDualAB decodes files at 1/8 with one chain and with two in
// turn within each iteration, so that both see the same phases of a
// shared machine, and reports the milliseconds of each a decode: a grey
// 1500x1000 file of random blocks (encodedJPEG), and the noisy
// photo-like files of bench.BenchmarkJPEG (written by Pillow into the
// temporary directory) when a run of that benchmark has left them there.
func BenchmarkDualAB(b *testing.B) {
	if !haveACLoop {
		b.Skip("no assembly loops in this build")
	}
	defer func(old string) { forceDual = old }(forceDual)
	files := map[string][]byte{"random": encodedJPEG(rand.New(rand.NewSource(1)), [][2]int{{1, 1}}, 1500, 1000, 0, false)}
	for _, kind := range []string{"gray", "444", "420"} {
		if data, err := os.ReadFile(filepath.Join(os.TempDir(), "hotloop-jpeg-bench-v1", kind+".jpg")); err == nil {
			files[kind] = data
		}
	}
	for name, data := range files {
		b.Run(name, func(b *testing.B) {
			dec := Decoder{Options: Options{MinWidth: 1, MinHeight: 1}}
			var took [2]time.Duration
			for b.Loop() {
				for i, mode := range []string{"off", ""} {
					forceDual = mode
					t0 := time.Now()
					if _, err := dec.DecodeBytes(data); err != nil {
						b.Fatal(err)
					}
					took[i] += time.Since(t0)
				}
			}
			b.ReportMetric(float64(took[0].Microseconds())/1e3/float64(b.N), "ms-one")
			b.ReportMetric(float64(took[1].Microseconds())/1e3/float64(b.N), "ms-two")
			b.ReportMetric(float64(took[0])/float64(took[1]), "x")
		})
	}
}
