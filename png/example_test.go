package png_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/hotloop/hotloop/pixel"
	"github.com/hotloop/hotloop/png"
)

// Decode a file as Pillow's Image.open(f).convert("RGB") would, reusing
// one Decoder (and its buffers) for a batch.
func ExampleDecoder() {
	d := png.Decoder{Format: pixel.RGB}
	for _, name := range []string{"testdata/ct3_d4_13x7.png", "testdata/ct0_d16_33x17_i.png"} {
		data, err := os.ReadFile(name)
		if err != nil {
			panic(err)
		}
		img, err := d.Decode(bytes.NewReader(data))
		if err != nil {
			panic(err)
		}
		fmt.Println(img.Format, img.Width, img.Height, img.Pix[:3])
	}
	// Output:
	// RGB 13 7 [190 69 49]
	// RGB 33 17 [255 255 255]
}

// DecodeConfig reads the header and tells the format Decode returns when
// none is asked for (Pillow's open mode).
func ExampleDecodeConfig() {
	data, _ := os.ReadFile("testdata/trns_ct3_5.png")
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		panic(err)
	}
	fmt.Println(cfg.Width, cfg.Height, cfg.ColorType, cfg.BitDepth, cfg.Format)
	// Output: 12 4 indexed-colour 4 RGBA
}
