package bench

import (
	"bytes"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	hjpeg "github.com/hotloop/hotloop/jpeg"
)

var (
	jpegOnce  sync.Once
	jpegDir   string
	jpegErr   error
	jpegKinds = []string{"gray", "420", "444", "progressive"}
)

// jpegFiles returns the directory of the benchmark JPEGs, written once by
// testdata/make_jpeg.py (Pillow) into the temporary directory; the
// benchmark is skipped where Debian's python3-pil is missing.
func jpegFiles(b *testing.B) string {
	jpegOnce.Do(func() {
		jpegDir = filepath.Join(os.TempDir(), "hotloop-jpeg-bench-v1")
		if _, err := os.Stat(filepath.Join(jpegDir, "progressive.jpg")); err == nil {
			return
		}
		out, err := exec.Command("/usr/bin/python3", "testdata/make_jpeg.py", jpegDir).CombinedOutput()
		if err != nil {
			jpegErr = err
			b.Logf("make_jpeg.py: %s", out)
		}
	})
	if jpegErr != nil {
		b.Skip("benchmark files need /usr/bin/python3 with PIL:", jpegErr)
	}
	return jpegDir
}

// BenchmarkJPEG decodes the same files with hotloop's jpeg (full size and
// scaled 1/8 on load) and Go's image/jpeg, reporting megapixels of the
// file per second.
func BenchmarkJPEG(b *testing.B) {
	dir := jpegFiles(b)
	for _, kind := range jpegKinds {
		data, err := os.ReadFile(filepath.Join(dir, kind+".jpg"))
		if err != nil {
			b.Fatal(err)
		}
		cfg, err := hjpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		mp := float64(cfg.Width*cfg.Height) / 1e6
		// report adds MP/s of wall time and, where getrusage exists, CPU
		// milliseconds per decode: on a shared machine the wall time
		// varies with the load, the CPU time much less
		var cpu0 time.Duration
		start := func() { cpu0, _ = processCPU() }
		report := func(b *testing.B) {
			b.ReportMetric(mp*float64(b.N)/b.Elapsed().Seconds(), "MP/s")
			if cpu1, ok := processCPU(); ok {
				b.ReportMetric(float64(cpu1-cpu0)/1e6/float64(b.N), "cpu-ms/op")
			}
		}
		b.Run(kind+"/hotloop", func(b *testing.B) {
			var dec hjpeg.Decoder
			b.SetBytes(int64(len(data)))
			b.ReportAllocs() // the output image only, once the Decoder is warm
			start()
			for b.Loop() {
				if _, err := dec.DecodeBytes(data); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
		b.Run(kind+"/hotloop-scale1_8", func(b *testing.B) {
			dec := hjpeg.Decoder{Options: hjpeg.Options{MinWidth: cfg.Width / 8, MinHeight: cfg.Height / 8}}
			b.SetBytes(int64(len(data)))
			start()
			for b.Loop() {
				if _, err := dec.DecodeBytes(data); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
		b.Run(kind+"/image-jpeg", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			start()
			for b.Loop() {
				if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
	}
}
