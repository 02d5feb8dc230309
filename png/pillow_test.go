package png

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/pixel"
)

// vectorCase is one file of testdata/vectors.json (make_vectors.py).
type vectorCase struct {
	File        string `json:"file"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Note        string `json:"note"`
	PillowMode  string `json:"pillow_mode"`
	Golden      string `json:"golden"`
	PillowError string `json:"pillow_error"`
}

func loadVectors(t testing.TB) []vectorCase {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Modes []string     `json:"modes"`
		Cases []vectorCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(v.Modes) != "[L LA RGB RGBA]" {
		t.Fatalf("vectors.json modes %v, want L LA RGB RGBA", v.Modes)
	}
	if len(v.Cases) < 100 {
		t.Fatalf("vectors.json lists %d cases; regenerate it", len(v.Cases))
	}
	return v.Cases
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var allFormats = []pixel.Format{pixel.Gray, pixel.GrayAlpha, pixel.RGB, pixel.RGBA}

// TestPillow decodes every test file to every format, on every ISA, and
// compares bit for bit with Pillow's convert; files Pillow refuses must be
// refused.
func TestPillow(t *testing.T) {
	cases := loadVectors(t)
	testkit.ForEachISA(t, kernels.Supported(), kernels.Active, kernels.Use, func(t *testing.T) {
		var d Decoder // one decoder for every file: buffers are reused
		for _, c := range cases {
			data := readFile(t, c.File)
			if c.PillowError != "" {
				for _, f := range allFormats {
					d.Format = f
					if img, err := d.Decode(bytes.NewReader(data)); err == nil {
						t.Errorf("%s (%s): decoded to %s %dx%d, Pillow refuses it: %s", c.File, c.Note, f, img.Width, img.Height, c.PillowError)
					}
				}
				continue
			}
			golden := readFile(t, c.Golden)
			for _, f := range allFormats {
				d.Format = f
				img, err := d.Decode(bytes.NewReader(data))
				if err != nil {
					t.Errorf("%s as %s: %v", c.File, f, err)
					continue
				}
				n := c.Width * c.Height * f.Channels()
				want := golden[:n]
				golden = golden[n:]
				if img.Width != c.Width || img.Height != c.Height || img.Format != f {
					t.Errorf("%s: got %s %dx%d, want %s %dx%d", c.File, img.Format, img.Width, img.Height, f, c.Width, c.Height)
					continue
				}
				if i := firstDiff(img.Pix, want); i >= 0 {
					ch := f.Channels()
					t.Errorf("%s (Pillow %s) as %s: pixel (%d, %d) is %v, Pillow %v", c.File, c.PillowMode, f,
						i/ch%c.Width, i/ch/c.Width, img.Pix[i/ch*ch:i/ch*ch+ch], want[i/ch*ch:i/ch*ch+ch])
				}
			}
			if len(golden) != 0 {
				t.Errorf("%s: %d golden bytes left over", c.Golden, len(golden))
			}
		}
	})
}

func firstDiff(a, b []byte) int {
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}
