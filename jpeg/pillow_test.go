package jpeg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/hotloop/hotloop/pixel"
)

// pillowCase is one entry of testdata/cases.json (see make_vectors.py).
type pillowCase struct {
	Name      string `json:"name"`
	Mode      string `json:"mode"`
	Width     int    `json:"width"`
	Height    int    `json:"height"`
	Draft     []int  `json:"draft"`
	Truncated bool   `json:"truncated"`
	Orient    bool   `json:"orient"`
}

func loadCases(t testing.TB) []pillowCase {
	t.Helper()
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Cases []pillowCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Cases) == 0 {
		t.Fatal("no cases")
	}
	return v.Cases
}

// goldenPixels reads a golden PNG as packed L or RGB bytes.
func goldenPixels(t testing.TB, c pillowCase) []uint8 {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata/golden", c.Name+"."+c.Mode+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []uint8
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			switch m := img.(type) {
			case *image.Gray:
				out = append(out, m.GrayAt(x, y).Y)
			default:
				r, g, bl, _ := img.At(x, y).RGBA()
				out = append(out, uint8(r>>8), uint8(g>>8), uint8(bl>>8))
			}
		}
	}
	return out
}

// TestPillow decodes every committed file and compares with Pillow's
// pixels bit for bit.
func TestPillow(t *testing.T) {
	worst := 0
	for _, c := range loadCases(t) {
		data, err := os.ReadFile(filepath.Join("testdata/files", c.Name+".jpg"))
		if err != nil {
			t.Fatal(err)
		}
		f, err := pixel.ParseFormat(c.Mode)
		if err != nil {
			t.Fatal(err)
		}
		dec := Decoder{Options: Options{Format: f, Orient: c.Orient}}
		if c.Draft != nil {
			dec.MinWidth, dec.MinHeight = c.Draft[0], c.Draft[1]
		}
		m, err := dec.DecodeBytes(data)
		if c.Truncated {
			if !errors.Is(err, ErrTruncated) {
				t.Errorf("%s: error %v, want ErrTruncated", c.Name, err)
			}
		} else if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if m == nil {
			t.Errorf("%s: no image", c.Name)
			continue
		}
		if m.Width != c.Width || m.Height != c.Height || m.Format != f {
			t.Errorf("%s: %dx%d %v, Pillow %dx%d %s", c.Name, m.Width, m.Height, m.Format, c.Width, c.Height, c.Mode)
			continue
		}
		want := goldenPixels(t, c)
		if c.Truncated && bytes.Contains(data, []byte{0xFF, 0xC2}) {
			// libjpeg smooths the blocks of a progressive file whose AC
			// coefficients stopped short; that estimate is not reproduced
			d, _ := maxDiff(m, want)
			t.Logf("%s (truncated progressive, not smoothed): differs from Pillow by up to %d", c.Name, d)
			continue
		}
		if d, where := maxDiff(m, want); d != 0 {
			t.Errorf("%s: differs from Pillow by up to %d (first at %s)", c.Name, d, where)
			worst = max(worst, d)
		}
	}
	if worst != 0 {
		t.Logf("largest difference from Pillow: %d", worst)
	}
}

func maxDiff(m *pixel.Image, want []uint8) (int, string) {
	ch := m.Channels()
	worst, where := 0, ""
	for y := 0; y < m.Height; y++ {
		row := m.Row(y)
		for i, v := range row {
			w := want[y*m.Width*ch+i]
			d := int(v) - int(w)
			if d < 0 {
				d = -d
			}
			if d > worst {
				worst = d
				where = fmt.Sprintf("x=%d y=%d channel %d: %d, Pillow %d", i/ch, y, i%ch, v, w)
			}
		}
	}
	return worst, where
}
