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
// through the Go loops too, with the same pixels and errors.
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
			var pix [2]string
			var msg [2]string
			for i, loop := range []string{"asm", "go"} {
				forceACLoop = loop
				dec := Decoder{Options: Options{MaxPixels: 1 << 18, MinWidth: scale, MinHeight: scale}}
				m, err := dec.DecodeBytes(data)
				if m != nil {
					pix[i] = string(m.Pix)
				}
				if err != nil {
					msg[i] = err.Error()
				}
			}
			forceACLoop = ""
			if pix[0] != pix[1] || msg[0] != msg[1] {
				t.Fatalf("scale %d: the AC loops differ: pixels equal %v, errors %q and %q", scale, pix[0] == pix[1], msg[0], msg[1])
			}
		}
	})
}
