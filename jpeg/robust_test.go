package jpeg

import (
	"bytes"
	"errors"
	"image"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/hotloop/hotloop/pixel"
)

func testFiles(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("testdata/files/*.jpg")
	if err != nil || len(names) == 0 {
		t.Fatal("no test files", err)
	}
	files := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(n)] = b
	}
	return files
}

// TestTruncatedEveryLength cuts files at every length: each prefix gives
// an error (truncated or invalid), never a panic, and an image only with
// ErrTruncated.
func TestTruncatedEveryLength(t *testing.T) {
	files := testFiles(t)
	for _, name := range []string{"seq_420_33x27.jpg", "prog_420_40x30.jpg", "rst_411_40x30.jpg", "grayprog_33x27.jpg", "prog_mix_40x30.jpg"} {
		data := files[name]
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(name, err)
		}
		var dec Decoder
		for n := 0; n < len(data); n++ {
			m, err := dec.DecodeBytes(data[:n])
			if err == nil {
				// only the EOI marker may go missing without harm
				if n < len(data)-2 {
					t.Errorf("%s cut to %d of %d bytes: no error", name, n, len(data))
				}
				continue
			}
			if m != nil {
				if !errors.Is(err, ErrTruncated) {
					t.Errorf("%s cut to %d: image with error %v", name, n, err)
				}
				if m.Width != cfg.Width || m.Height != cfg.Height {
					t.Errorf("%s cut to %d: %dx%d image", name, n, m.Width, m.Height)
				}
			} else if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrFormat) {
				t.Errorf("%s cut to %d: unexpected error %v", name, n, err)
			}
		}
	}
}

// TestBitFlips flips random bits of every file: decoding may fail or give
// other pixels, but must not panic or return an image with a foreign error.
func TestBitFlips(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var dec Decoder
	dec.MaxPixels = 1 << 20
	for name, data := range testFiles(t) {
		for i := 0; i < 40; i++ {
			b := bytes.Clone(data)
			for k := 0; k < 1+i%4; k++ {
				p := rng.Intn(len(b))
				b[p] ^= 1 << rng.Intn(8)
			}
			m, err := dec.DecodeBytes(b)
			if m != nil && err != nil && !errors.Is(err, ErrTruncated) {
				t.Errorf("%s flip %d: image with error %v", name, i, err)
			}
			if m != nil {
				if e := m.Check(); e != nil {
					t.Errorf("%s flip %d: malformed image: %v", name, i, e)
				}
			}
		}
	}
}

// bombHeader is a valid header declaring a w x h image and nothing else.
func bombHeader(w, h int) []byte {
	b := []byte{0xFF, 0xD8, 0xFF, 0xDB, 0, 67, 0} // DQT table 0, all ones
	b = append(b, bytes.Repeat([]byte{1}, 64)...)
	b = append(b, 0xFF, 0xC0, 0, 11, 8, byte(h>>8), byte(h), byte(w>>8), byte(w), 1, 1, 0x11, 0)
	return append(b, 0xFF, 0xD9)
}

// TestPixelLimit checks that a tiny file declaring 60000x60000 is refused
// before its pixels are allocated, and that the limit is configurable.
func TestPixelLimit(t *testing.T) {
	data := bombHeader(60000, 60000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m, err := Decode(bytes.NewReader(data))
	runtime.ReadMemStats(&after)
	if m != nil || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("60000x60000: %v, %v; want ErrTooLarge", m, err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("refusing a 60000x60000 header allocated %d bytes", grew)
	}
	cfg, err := DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != 60000 || cfg.Height != 60000 {
		t.Errorf("DecodeConfig: %+v, %v", cfg, err)
	}
	dec := Decoder{Options: Options{MaxPixels: 99}}
	if _, err := dec.DecodeBytes(bombHeader(10, 10)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("10x10 with MaxPixels 99: %v", err)
	}
	dec.MaxPixels = 100
	if _, err := dec.DecodeBytes(bombHeader(10, 10)); errors.Is(err, ErrTooLarge) {
		t.Errorf("10x10 with MaxPixels 100: %v", err)
	}
}

// TestUnsupported checks the clear refusals.
func TestUnsupported(t *testing.T) {
	for _, n := range []string{"arithmetic.jpg", "arithmetic_prog.jpg"} {
		b, err := os.ReadFile(filepath.Join("testdata/unsupported", n))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Decode(bytes.NewReader(b)); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", n, err)
		}
	}
	// 12-bit precision: the SOF's first byte
	b := bombHeader(8, 8)
	b[7+64+4] = 12
	if _, err := Decode(bytes.NewReader(b)); !errors.Is(err, ErrUnsupported) {
		t.Errorf("12-bit: %v, want ErrUnsupported", err)
	}
	if _, err := Decode(bytes.NewReader([]byte("GIF89a"))); !errors.Is(err, ErrFormat) {
		t.Errorf("not a JPEG: %v, want ErrFormat", err)
	}
}

// TestDecoderReuse decodes every file with one Decoder, in two orders, and
// compares with fresh decodes: nothing leaks from one file to the next.
// The same at 1/8 scale, where the skipping tables are kept across files
// and reused when a file's AC table is the same as the last one's.
func TestDecoderReuse(t *testing.T) {
	files := testFiles(t)
	var dec Decoder
	dec8 := Decoder{Options: Options{MinWidth: 1, MinHeight: 1}}
	for pass := 0; pass < 2; pass++ {
		for name, data := range files {
			want, werr := Decode(bytes.NewReader(data))
			got, gerr := dec.DecodeBytes(data)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%s: reused %v, fresh %v", name, gerr, werr)
			}
			if want != nil && !bytes.Equal(want.Pix, got.Pix) {
				t.Errorf("%s: reused Decoder gives other pixels", name)
			}
			want, werr = DecodeScaled(bytes.NewReader(data), 1, 1)
			got, gerr = dec8.DecodeBytes(data)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%s at 1/8: reused %v, fresh %v", name, gerr, werr)
			}
			if want != nil && !bytes.Equal(want.Pix, got.Pix) {
				t.Errorf("%s at 1/8: reused Decoder gives other pixels", name)
			}
		}
	}
}

func TestOrientation(t *testing.T) {
	b, err := os.ReadFile("testdata/files/pil_exif6.jpg")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Orientation != 6 {
		t.Errorf("orientation %d, %v; want 6", cfg.Orientation, err)
	}
	var dec Decoder
	if _, err := dec.DecodeBytes(b); err != nil || dec.Config().Orientation != 6 {
		t.Errorf("Decoder.Config().Orientation %d, %v; want 6", dec.Config().Orientation, err)
	}
}

// TestImageDecode goes through image.Decode after RegisterFormat and
// compares with Decode.
func TestImageDecode(t *testing.T) {
	RegisterFormat()
	RegisterFormat()
	for _, name := range []string{"seq_420_33x27.jpg", "gray_17x9.jpg"} {
		data := testFiles(t)[name]
		img, format, err := image.Decode(bytes.NewReader(data))
		if err != nil || format != "hotloop-jpeg" {
			t.Fatalf("%s: %v %q", name, err, format)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != img.Bounds().Dx() || cfg.Height != img.Bounds().Dy() {
			t.Fatalf("%s: config %+v %v", name, cfg, err)
		}
		m, _ := Decode(bytes.NewReader(data))
		back, err := pixel.FromImage(img, m.Format)
		if err != nil || !bytes.Equal(back.Pix, m.Pix) {
			t.Errorf("%s: image.Decode gives other pixels (%v)", name, err)
		}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestDecodeConfigReadsHeaderOnly checks that DecodeConfig stops reading
// after the frame header, and reads on through long segments before it.
func TestDecodeConfigReadsHeaderOnly(t *testing.T) {
	data := testFiles(t)["seq_420_33x27.jpg"]
	// a 60000-byte comment before everything, and 1 MB of data after
	com := append([]byte{0xFF, 0xD8, 0xFF, 0xFE, 0xEA, 0x62}, bytes.Repeat([]byte{'x'}, 60000)...)
	big := append(append(com, data[2:]...), make([]byte, 1<<20)...)
	cr := &countingReader{r: bytes.NewReader(big)}
	cfg, err := DecodeConfig(cr)
	if err != nil || cfg.Width != 33 || cfg.Height != 27 {
		t.Fatalf("%+v %v", cfg, err)
	}
	if cr.n > 200000 {
		t.Errorf("read %d bytes for a header within the first 61000", cr.n)
	}
	if _, err := DecodeConfig(bytes.NewReader(data[:40])); !errors.Is(err, ErrTruncated) {
		t.Errorf("cut header: %v", err)
	}
}

// TestPaddingLimit checks that a narrow image whose MCUs pad it 32-fold
// is refused by the memory bound although its pixel count is allowed.
func TestPaddingLimit(t *testing.T) {
	b := []byte{0xFF, 0xD8, 0xFF, 0xDB, 0, 67, 0}
	b = append(b, bytes.Repeat([]byte{1}, 64)...)
	b = append(b, 0xFF, 0xC2, 0, 8+3*3, 8, 0xFF, 0xFF, 0, 1, 3,
		1, 0x44, 0, 2, 0x44, 0, 3, 0x44, 0)
	b = append(b, 0xFF, 0xD9)
	dec := Decoder{Options: Options{MaxPixels: 70000}}
	if _, err := dec.DecodeBytes(b); !errors.Is(err, ErrTooLarge) {
		t.Errorf("1x65535 progressive with 4x4 sampling: %v, want ErrTooLarge", err)
	}
}

// TestPackageFunctions checks that DecodeAs and DecodeScaled are the
// Decoder with those options.
func TestPackageFunctions(t *testing.T) {
	data := testFiles(t)["draft2_420.jpg"]
	as, err := DecodeAs(bytes.NewReader(data), pixel.Gray)
	if err != nil {
		t.Fatal(err)
	}
	dec := Decoder{Options: Options{Format: pixel.Gray}}
	want, _ := dec.DecodeBytes(data)
	if !bytes.Equal(as.Pix, want.Pix) {
		t.Error("DecodeAs differs from the Decoder")
	}
	sc, err := DecodeScaled(bytes.NewReader(data), 30, 22)
	if err != nil || sc.Width != 31 || sc.Height != 23 {
		t.Fatalf("DecodeScaled: %v %v", sc, err)
	}
	dec = Decoder{Options: Options{MinWidth: 30, MinHeight: 22}}
	want, _ = dec.DecodeBytes(data)
	if !bytes.Equal(sc.Pix, want.Pix) {
		t.Error("DecodeScaled differs from the Decoder")
	}
	if _, err := DecodeAs(bytes.NewReader(data), pixel.RGBA); !errors.Is(err, ErrUnsupported) {
		t.Errorf("RGBA output: %v", err)
	}
}

// TestDecodeInto decodes files of different sizes and formats into one
// scratch image: the pixels equal DecodeBytes', and once the buffer is
// large enough no pixel buffer is allocated.
func TestDecodeInto(t *testing.T) {
	files := testFiles(t)
	var dec Decoder
	scratch := &pixel.Image{}
	for _, name := range []string{"seq_444_33x27.jpg", "gray_64x48.jpg", "seq_420_7x13.jpg", "rgb_as_l.jpg"} {
		data := files[name]
		want, err := dec.DecodeBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := dec.DecodeInto(scratch, data)
		if err != nil {
			t.Fatal(err)
		}
		if got.Width != want.Width || got.Height != want.Height || got.Format != want.Format || !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("%s: DecodeInto differs from DecodeBytes", name)
		}
		if e := got.Check(); e != nil {
			t.Errorf("%s: %v", name, e)
		}
		scratch = got
	}
	data := files["seq_420_7x13.jpg"]
	if n := testing.AllocsPerRun(20, func() { dec.DecodeInto(scratch, data) }); n != 0 {
		t.Errorf("%v allocations a decode into a warm scratch image", n)
	}
}

// TestBuffersGrowWithHeadroom decodes ever larger images with one Decoder
// into the image it returned last, as a batch does: buffers that grow get
// a quarter to spare, so an image a fifth larger than the one that grew
// them decodes without allocating (without the headroom every new largest
// image reallocated, cleared and page-faulted its buffers). The images
// are one file with its height patched: the scan data past the last row
// is ignored.
func TestBuffersGrowWithHeadroom(t *testing.T) {
	data := testFiles(t)["gray_64x48.jpg"]
	sof := bytes.Index(data, []byte{0xff, 0xc0})
	if sof < 0 {
		t.Fatal("no SOF0 marker")
	}
	var dec Decoder
	dst := &pixel.Image{}
	for i, h := range []int{32, 40, 48} {
		file := bytes.Clone(data)
		file[sof+5], file[sof+6] = byte(h>>8), byte(h)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m, err := dec.DecodeInto(dst, file)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if m.Height != h {
			t.Fatalf("decoded %d rows of %d", m.Height, h)
		}
		if n := after.Mallocs - before.Mallocs; i == 2 && (n != 0 || m != dst) {
			t.Errorf("%d rows after 40: %d allocations (a new image: %v), want none", h, n, m != dst)
		}
		dst = m
	}
}
