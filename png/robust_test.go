package png

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/pixel"
)

// naturalOf maps Pillow's open mode to the Format Decode returns.
func naturalOf(c vectorCase) pixel.Format {
	switch c.PillowMode {
	case "1", "L", "I":
		return pixel.Gray
	case "RGBA":
		return pixel.RGBA // also 16-bit grey+alpha, which Pillow opens as RGBA
	case "LA":
		return pixel.GrayAlpha
	case "RGB":
		return pixel.RGB
	case "P":
		if strings.HasPrefix(c.File, "trns_") {
			return pixel.RGBA
		}
		return pixel.RGB
	}
	panic("unknown Pillow mode " + c.PillowMode)
}

// TestNaturalFormat checks DecodeConfig and Decode without a format
// against Pillow's open mode, and that Decode without a format equals
// DecodeAs with that format.
func TestNaturalFormat(t *testing.T) {
	for _, c := range loadVectors(t) {
		if c.PillowError != "" {
			continue
		}
		data := readFile(t, c.File)
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: DecodeConfig: %v", c.File, err)
		}
		want := naturalOf(c)
		if cfg.Width != c.Width || cfg.Height != c.Height || cfg.Format != want {
			t.Errorf("%s: DecodeConfig %+v, want %dx%d %s", c.File, cfg, c.Width, c.Height, want)
		}
		img, err := Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		as, err := DecodeAs(bytes.NewReader(data), want)
		if err != nil {
			t.Fatal(err)
		}
		if img.Format != want || !bytes.Equal(img.Pix, as.Pix) {
			t.Errorf("%s: Decode gives %s, DecodeAs(%s) other pixels", c.File, img.Format, want)
		}
	}
}

// TestImageAdapter checks Register and DecodeImage: image.Decode finds the
// decoder by its name and returns Gray or NRGBA with Pillow's pixels.
func TestImageAdapter(t *testing.T) {
	Register()
	Register() // twice is fine
	for _, name := range []string{"ct0_d8_13x7", "ct2_d8_13x7", "trns_ct3_5", "ct0_d16_33x17_i"} {
		data := readFile(t, name+".png")
		img, format, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		// image/png is not imported by this package's tests, so the format
		// is ours.
		if format != FormatName {
			t.Fatalf("%s: image.Decode used %q", name, format)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != img.Bounds().Dx() || cfg.Height != img.Bounds().Dy() {
			t.Fatalf("%s: DecodeConfig %+v, %v", name, cfg, err)
		}
		switch m := img.(type) {
		case *image.Gray:
			want, _ := DecodeAs(bytes.NewReader(data), pixel.Gray)
			if !bytes.Equal(m.Pix, want.Pix) {
				t.Errorf("%s: Gray pixels differ", name)
			}
		case *image.NRGBA:
			want, _ := DecodeAs(bytes.NewReader(data), pixel.RGBA)
			if !bytes.Equal(m.Pix, want.Pix) {
				t.Errorf("%s: NRGBA pixels differ", name)
			}
		default:
			t.Errorf("%s: DecodeImage returned %T", name, img)
		}
	}
}

// TestTruncatedFiles cuts files at every length: each cut must be refused
// with an error, unless it keeps the whole image data (then the pixels
// must be the full file's).
func TestTruncatedFiles(t *testing.T) {
	var d Decoder
	for _, name := range []string{"ct2_d8_13x7", "ct6_d16_33x17_i", "idat_many", "ct3_d2_9x2_i"} {
		data := readFile(t, name+".png")
		full, err := d.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; n < len(data); n++ {
			img, err := d.Decode(bytes.NewReader(data[:n]))
			if err == nil && !bytes.Equal(img.Pix, full.Pix) {
				t.Fatalf("%s cut at %d of %d: decoded other pixels without an error", name, n, len(data))
			}
		}
	}
}

// TestCorruptFiles flips random bits: with CRCs checked every flip inside
// a chunk is refused; with them ignored, decoding must still end in an
// image of the declared size or an error, never a panic.
func TestCorruptFiles(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, name := range []string{"ct2_d8_33x17", "ct6_d8_33x17_i", "ct3_d4_13x7", "level0", "trns_ct0_d2_0"} {
		data := readFile(t, name+".png")
		for i := 0; i < 400; i++ {
			bad := bytes.Clone(data)
			for k := 1 + r.IntN(3); k > 0; k-- {
				bad[8+r.IntN(len(bad)-8)] ^= 1 << r.IntN(8)
			}
			for _, ignore := range []bool{false, true} {
				d := Decoder{IgnoreCRC: ignore, Format: pixel.RGBA}
				img, err := d.Decode(bytes.NewReader(bad))
				if err == nil {
					if err := img.Check(); err != nil {
						t.Fatalf("%s: malformed result: %v", name, err)
					}
				}
			}
		}
	}
}

// TestErrors covers refusals with their messages.
func TestErrors(t *testing.T) {
	good := readFile(t, "ct2_d8_33x17.png")
	huge := readFile(t, "huge_declared.png")
	cases := []struct {
		name string
		d    Decoder
		data []byte
		want string
	}{
		{"not png", Decoder{}, []byte("GIF89a..."), "not a PNG"},
		{"empty", Decoder{}, nil, "not a PNG"},
		{"format", Decoder{Format: 9}, good, "invalid pixel format"},
		{"limit", Decoder{MaxPixels: 33*17 - 1}, good, "exceeds the limit"},
		{"bomb", Decoder{}, huge, "exceeds the limit of 178956970"},
		{"bomb raised limit", Decoder{MaxPixels: pixel.MaxPixels}, bomb(), "cannot hold"},
		{"bad crc", Decoder{}, readFile(t, "bad_idat_crc.png"), "CRC mismatch"},
		{"bad filter", Decoder{}, readFile(t, "bad_filter.png"), "unknown PNG filter type 7"},
		{"no idat", Decoder{}, readFile(t, "no_idat.png"), "no image data"},
	}
	for _, c := range cases {
		_, err := c.d.Decode(bytes.NewReader(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	if _, err := Decode(bytes.NewReader(readFile(t, "truncated_idat.png"))); !errors.Is(err, errTruncated) {
		t.Errorf("truncated file: %v", err)
	}
}

// TestBombMemory checks that a small file declaring a huge image is
// refused before anything near its size is allocated, even with the
// pixel limit raised to the maximum.
func TestBombMemory(t *testing.T) {
	huge := bomb()
	d := Decoder{MaxPixels: pixel.MaxPixels}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := d.Decode(bytes.NewReader(huge)); err == nil {
		t.Fatal("decoded")
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("refusing a %d-byte file allocated %d bytes", len(huge), n)
	}
}

// bomb is a valid-looking PNG declaring 16000x16000 RGB pixels (within
// pixel.MaxPixels) with a few bytes of image data.
func bomb() []byte {
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 16000), 16000)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	b := appendChunk([]byte(signature), "IHDR", ihdr)
	b = appendChunk(b, "IDAT", []byte{0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1})
	return appendChunk(b, "IEND", nil)
}

// TestDecodeInto decodes every Pillow test file to every format through
// DecodeInto, into a scratch buffer poisoned before each call, and
// compares with Decode: every pixel must be written. A too-small dst is
// left alone, and a warmed-up decoder allocates nothing per file.
func TestDecodeInto(t *testing.T) {
	var d, ref Decoder
	scratch := &pixel.Image{Pix: make([]byte, 0, 1<<20)}
	decoded := 0
	for _, c := range loadVectors(t) {
		if c.PillowError != "" {
			continue
		}
		data := readFile(t, c.File)
		for _, f := range allFormats {
			d.Format, ref.Format = f, f
			want, err := ref.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s as %s: %v", c.File, f, err)
			}
			poison := scratch.Pix[:cap(scratch.Pix)]
			for i := range poison {
				poison[i] = 0xA5
			}
			got, err := d.DecodeInto(scratch, data)
			if err != nil {
				t.Fatalf("%s as %s: DecodeInto: %v", c.File, f, err)
			}
			if got != scratch && len(want.Pix) <= cap(scratch.Pix) {
				t.Errorf("%s as %s: %d bytes fit the scratch's %d, but DecodeInto made a new image", c.File, f, len(want.Pix), cap(scratch.Pix))
			}
			if got.Format != want.Format || got.Width != want.Width || got.Height != want.Height || got.Stride != want.Stride || !bytes.Equal(got.Pix, want.Pix) {
				t.Errorf("%s as %s: DecodeInto gives %s %dx%d (stride %d), different from Decode's %s %dx%d", c.File, f,
					got.Format, got.Width, got.Height, got.Stride, want.Format, want.Width, want.Height)
			}
			decoded++
		}
	}
	if decoded == 0 {
		t.Fatal("no test files decoded")
	}

	data := readFile(t, loadVectors(t)[0].File)
	small := &pixel.Image{Format: pixel.Gray, Width: 1, Height: 1, Stride: 1, Pix: []byte{7}}
	d.Format = pixel.RGBA
	got, err := d.DecodeInto(small, data)
	if err != nil {
		t.Fatal(err)
	}
	if got == small || small.Width != 1 || small.Format != pixel.Gray || small.Pix[0] != 7 || len(small.Pix) != 1 {
		t.Errorf("a dst too small for the result was changed or returned: %+v", small)
	}
	// A file converted row by row (grey 1-bit to RGBA): what remains is
	// the row unpacker, one closure per file, nothing per row or pixel.
	if n := testing.AllocsPerRun(20, func() { d.DecodeInto(scratch, data) }); n > 1 {
		t.Errorf("DecodeInto allocates %v times per file once warmed up, want at most 1", n)
	}
}

// TestBuffersGrowWithHeadroom decodes ever larger images with one Decoder
// into the image it returned last, as a batch does: a buffer that grows
// gets a quarter to spare, so an image 9% larger than the one that grew it
// needs no new buffer (without the headroom every new largest image
// reallocated, cleared and page-faulted its buffers).
func TestBuffersGrowWithHeadroom(t *testing.T) {
	var d Decoder
	d.Format = pixel.RGB
	dst := &pixel.Image{}
	for i, w := range []int{100, 110, 120} {
		winCap, pixCap := cap(d.win), cap(dst.Pix)
		m, err := d.DecodeInto(dst, grayPNG(w, 50))
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 && (cap(d.win) != winCap || m != dst || cap(m.Pix) != pixCap) {
			t.Errorf("%d pixels wide after %d: window %d -> %d bytes, image buffer %d -> %d (reused: %v); want both reused",
				w, 110, winCap, cap(d.win), pixCap, cap(m.Pix), m == dst)
		}
		dst = m
	}
}

// grayPNG encodes a w x h 8-bit grey PNG of a diagonal ramp.
func grayPNG(w, h int) []byte {
	img := pixel.New(pixel.Gray, w, h)
	for y := range h {
		for x, row := 0, img.Row(y); x < w; x++ {
			row[x] = uint8(x + y)
		}
	}
	file, _ := encodePNG(rand.New(rand.NewPCG(1, 2)), img, false, 6, 1<<20)
	return file
}

// TestPaletteRowRGB checks the palette expansion against a pixel-by-pixel
// reference at every width up to 40 (the four-pixel steps, their tail and
// the last pixel), and that it writes nothing past the row.
func TestPaletteRowRGB(t *testing.T) {
	var pal [256][4]uint8
	for i := range pal {
		pal[i] = [4]uint8{uint8(i), uint8(i * 7), uint8(255 - i), 0xEE}
	}
	for w := 0; w <= 40; w++ {
		src := make([]byte, w)
		for i := range src {
			src[i] = uint8(i*37 + w)
		}
		dst := bytes.Repeat([]byte{0xA5}, 3*w+8)
		paletteRowRGB(dst[:3*w], src, &pal)
		for i, v := range src {
			if got := dst[3*i : 3*i+3]; !bytes.Equal(got, pal[v][:3]) {
				t.Fatalf("width %d, pixel %d: %v, want %v", w, i, got, pal[v][:3])
			}
		}
		if tail := dst[3*w:]; !bytes.Equal(tail, bytes.Repeat([]byte{0xA5}, 8)) {
			t.Fatalf("width %d: wrote past the row: %v", w, tail)
		}
	}
}

// TestSplitImageData re-chunks every Pillow test file's image data into
// IDAT chunks of random lengths, many empty or of one to nine bytes, and
// checks that a file in memory (inflated across the chunks where they
// lie) and the same file read from an io.Reader (chunks concatenated)
// decode to the pixels of the original file.
func TestSplitImageData(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var d Decoder
	tested := 0
	for _, c := range loadVectors(t) {
		if c.PillowError != "" {
			continue
		}
		data := readFile(t, c.File)
		want, err := d.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", c.File, err)
		}
		split := resplitIDAT(r, data)
		for name, decode := range map[string]func() (*pixel.Image, error){
			"DecodeInto": func() (*pixel.Image, error) { return d.DecodeInto(nil, split) },
			"Decode":     func() (*pixel.Image, error) { return d.Decode(bytes.NewReader(split)) },
		} {
			got, err := decode()
			if err != nil || !bytes.Equal(got.Pix, want.Pix) {
				t.Fatalf("%s re-chunked, %s: %v (same pixels: %v)", c.File, name, err, err == nil && bytes.Equal(got.Pix, want.Pix))
			}
		}
		tested++
	}
	if tested == 0 {
		t.Fatal("no test files")
	}
}

// resplitIDAT rewrites a PNG file with its image data in IDAT chunks of
// random lengths.
func resplitIDAT(r *rand.Rand, file []byte) []byte {
	out := []byte(signature)
	var idat []byte
	flush := func() {
		for len(idat) > 0 {
			n := min(len(idat), []int{0, 1 + r.IntN(9), 1 + r.IntN(500)}[r.IntN(3)])
			out = appendChunk(out, "IDAT", idat[:n])
			idat = idat[n:]
		}
	}
	p := len(signature)
	for p+12 <= len(file) {
		n := int(binary.BigEndian.Uint32(file[p:]))
		if n > len(file)-p-12 {
			break // a damaged file: kept as it is from here
		}
		kind, data := string(file[p+4:p+8]), file[p+8:p+8+n]
		p += 12 + n
		if kind == "IDAT" {
			idat = append(idat, data...)
			continue
		}
		flush()
		out = appendChunk(out, kind, data)
	}
	flush()
	return append(out, file[p:]...)
}
