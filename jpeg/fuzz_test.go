package jpeg

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the decoder: no panic, no hang,
// memory bounded by the pixel limit, and an image only with no error or
// ErrTruncated.
func FuzzDecode(f *testing.F) {
	names, _ := filepath.Glob("testdata/files/*.jpg")
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, scale := range []int{0, 4} {
			dec := Decoder{Options: Options{MaxPixels: 1 << 18, MinWidth: scale, MinHeight: scale}}
			m, err := dec.DecodeBytes(data)
			if m == nil {
				continue
			}
			if err != nil && !errors.Is(err, ErrTruncated) {
				t.Fatalf("image with error %v", err)
			}
			if e := m.Check(); e != nil {
				t.Fatal(e)
			}
		}
	})
}
