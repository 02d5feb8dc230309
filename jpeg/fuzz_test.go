package jpeg

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the decoder: no panic, no hang,
// memory bounded by the pixel limit, and an image only with no error or
// ErrTruncated. Where the assembly AC loops are built, both decodes run
// through the Go loops too, with the same pixels and errors, and the
// 1/8 decode with one chain and with two (dualDiffer).
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
		for _, scale := range []int{0, 4} {
			if !haveACLoop {
				break
			}
			if diff := loopsDiffer(data, scale, 1<<18); diff != "" {
				t.Fatalf("scale %d: %s", scale, diff)
			}
		}
		if haveACLoop {
			if diff, _ := dualDiffer(data, 1<<18); diff != "" {
				t.Fatalf("two chains: %s", diff)
			}
		}
	})
}
