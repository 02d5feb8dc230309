package png

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/hotloop/hotloop/pixel"
)

// FuzzDecode feeds arbitrary bytes, seeded with every test file, to the
// decoder with CRCs checked and ignored (so mutations reach the inflater
// and the unfilterer). It must not panic or hang, must keep to the pixel
// limit, must return well-formed images of the declared size, and must
// decode a file in memory (DecodeInto) as it decodes the same bytes read
// from an io.Reader.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.png")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		d := Decoder{IgnoreCRC: mode&1 != 0, Format: pixel.Format(mode >> 1 % 5), MaxPixels: 1 << 20}
		cfg, cerr := d.DecodeConfig(bytes.NewReader(data))
		img, err := d.Decode(bytes.NewReader(data))
		// The file in memory (its image data inflated where it lies)
		// decodes as the stream does.
		mimg, merr := d.DecodeInto(nil, data)
		if (merr == nil) != (err == nil) || err == nil && !bytes.Equal(mimg.Pix, img.Pix) || err != nil && merr.Error() != err.Error() {
			t.Fatalf("DecodeInto: %v (same pixels: %v); Decode: %v", merr, err == nil && merr == nil && bytes.Equal(mimg.Pix, img.Pix), err)
		}
		if err != nil {
			return
		}
		if cerr != nil {
			t.Fatalf("Decode succeeds where DecodeConfig fails: %v", cerr)
		}
		if err := img.Check(); err != nil {
			t.Fatal(err)
		}
		if img.Width != cfg.Width || img.Height != cfg.Height || img.Width*img.Height > 1<<20 {
			t.Fatalf("decoded %dx%d, declared %dx%d", img.Width, img.Height, cfg.Width, cfg.Height)
		}
	})
}
