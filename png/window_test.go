package png

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/pixel"
)

// encodePNG encodes img (8-bit Gray, RGB or RGBA) as a PNG file, Adam7
// interlaced or not, each row with a filter type drawn from r, the image
// data in IDAT chunks of idatLen bytes. It returns the file and the
// filtered scanlines it compressed, for tests that damage them.
func encodePNG(r *rand.Rand, img *pixel.Image, interlaced bool, level, idatLen int) (file, raw []byte) {
	ctype := map[pixel.Format]byte{pixel.Gray: 0, pixel.RGB: 2, pixel.RGBA: 6}[img.Format]
	ch := img.Format.Channels()
	var ps [7]pass
	h := header{width: img.Width, height: img.Height, depth: 8, ctype: ColorType(ctype), interlaced: interlaced}
	for _, p := range h.passes(&ps) {
		rb := p.w * ch
		prev := make([]byte, rb)
		for y := 0; y < p.h; y++ {
			cur := make([]byte, rb)
			row := img.Row(p.y0 + y*p.dy)
			for i := 0; i < p.w; i++ {
				x := p.x0 + i*p.dx
				copy(cur[i*ch:], row[x*ch:x*ch+ch])
			}
			ft := byte(r.IntN(5))
			raw = append(raw, ft)
			for i := range cur {
				var a, c int
				if i >= ch {
					a, c = int(cur[i-ch]), int(prev[i-ch])
				}
				b := int(prev[i])
				var pred int
				switch ft {
				case 1:
					pred = a
				case 2:
					pred = b
				case 3:
					pred = (a + b) / 2
				case 4:
					pa, pb, pc := abs(b-c), abs(a-c), abs(a+b-2*c)
					switch {
					case pa <= pb && pa <= pc:
						pred = a
					case pb <= pc:
						pred = b
					default:
						pred = c
					}
				}
				raw = append(raw, cur[i]-byte(pred))
			}
			prev = cur
		}
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, level)
	zw.Write(raw)
	zw.Close()
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(img.Width)), uint32(img.Height))
	il := byte(0)
	if interlaced {
		il = 1
	}
	ihdr = append(ihdr, 8, ctype, 0, 0, il)
	file = appendChunk([]byte(signature), "IHDR", ihdr)
	for data := z.Bytes(); len(data) > 0; {
		n := min(len(data), idatLen)
		file = appendChunk(file, "IDAT", data[:n])
		data = data[n:]
	}
	return appendChunk(file, "IEND", nil), raw
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// testImage returns a w×h image of format f whose rows mix gradients,
// noise and copies of rows 2 to 40 rows above: matches at every distance,
// up to deflate's 32 KiB, across the window's slides.
func testImage(r *rand.Rand, f pixel.Format, w, h int) *pixel.Image {
	img := pixel.New(f, w, h)
	for y := 0; y < h; y++ {
		row := img.Row(y)
		if y >= 40 && r.IntN(3) == 0 {
			copy(row, img.Row(y-2-r.IntN(39)))
			continue
		}
		for i := range row {
			row[i] = byte(i/3 + y)
			if r.IntN(4) == 0 {
				row[i] += byte(r.IntN(16))
			}
		}
	}
	return img
}

// TestSlidingWindow decodes images far larger than the inflater's window,
// plain and interlaced, of short and of very long rows, with Decode and
// DecodeInto, in their own format and converted, and compares the pixels
// with the encoded ones: every row goes through the window, most after
// slides.
func TestSlidingWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var d Decoder
	for _, tc := range []struct {
		f    pixel.Format
		w, h int
	}{
		{pixel.RGB, 700, 300},
		{pixel.Gray, 3, 40_000},
		{pixel.RGBA, 20_000, 12},
		{pixel.Gray, 1, 150_000},
		{pixel.RGB, 97, 1500},
	} {
		for _, interlaced := range []bool{false, true} {
			img := testImage(r, tc.f, tc.w, tc.h)
			level := []int{1, 6, 9, 0}[r.IntN(4)]
			file, _ := encodePNG(r, img, interlaced, level, 1+r.IntN(70_000))
			name := func(s string) string {
				return strings.Join([]string{tc.f.String(), s}, " ") + map[bool]string{true: " interlaced"}[interlaced]
			}
			d.Format = 0
			got, err := d.Decode(bytes.NewReader(file))
			if err != nil || !bytes.Equal(got.Pix, img.Pix) {
				t.Fatalf("%s %dx%d level %d: %v (equal: %v)", name("Decode"), tc.w, tc.h, level, err, err == nil && bytes.Equal(got.Pix, img.Pix))
			}
			scratch := pixel.New(pixel.RGBA, tc.w, tc.h)
			if got, err = d.DecodeInto(scratch, file); err != nil || got != scratch || !bytes.Equal(got.Pix, img.Pix) {
				t.Fatalf("%s %dx%d: %v", name("DecodeInto"), tc.w, tc.h, err)
			}
			// Converted to another format: row by row, or after the
			// passes for an interlaced image.
			other := pixel.RGBA
			if tc.f == pixel.RGBA {
				other = pixel.Gray
			}
			want := pixel.New(other, tc.w, tc.h)
			if err := pixel.Convert(want, img); err != nil {
				t.Fatal(err)
			}
			d.Format = other
			if got, err = d.Decode(bytes.NewReader(file)); err != nil || !bytes.Equal(got.Pix, want.Pix) {
				t.Fatalf("%s %dx%d: %v", name("converted to "+other.String()), tc.w, tc.h, err)
			}
		}
	}
}

// TestSlidingWindowErrors: data cut short reads as truncated, after slides
// too, even when a bad filter byte comes first (the whole data inflated
// before the filters were reversed, so the truncation was reported); a
// bad filter byte in complete data is reported as such; and DecodeInto
// leaves dst as it was when the image data fails to inflate.
func TestSlidingWindowErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	var d Decoder
	img := testImage(r, pixel.RGB, 500, 400)
	for _, interlaced := range []bool{false, true} {
		file, raw := encodePNG(r, img, interlaced, 6, 1<<20)
		// Cut the single IDAT chunk's data at several points (the CRC is
		// not checked), from the header on to past the middle.
		idat := bytes.Index(file, []byte("IDAT"))
		n := int(binary.BigEndian.Uint32(file[idat-4:]))
		for _, cut := range []int{1, 100, n / 3, n - 20} {
			cf := bytes.Clone(file[:idat+4+cut])
			binary.BigEndian.PutUint32(cf[idat-4:], uint32(cut))
			d.IgnoreCRC = true
			_, err := d.Decode(bytes.NewReader(cf))
			if !errors.Is(err, errTruncated) {
				t.Errorf("interlaced %v, image data cut at %d of %d: %v, want truncated", interlaced, cut, n, err)
			}
		}
		d.IgnoreCRC = false
		// A bad filter byte in the 3rd row, and the same data cut short.
		bad := bytes.Clone(raw)
		rb := 0
		if !interlaced {
			rb = 1 + 3*500
		} else {
			rb = 1 + 3*((500+7)/8)
		}
		bad[2*rb] = 7
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(bad)
		zw.Close()
		bf := replaceIDAT(file, z.Bytes())
		if _, err := d.Decode(bytes.NewReader(bf)); err == nil || errors.Is(err, errTruncated) || !strings.Contains(err.Error(), "filter") {
			t.Errorf("interlaced %v: bad filter byte: %v", interlaced, err)
		}
		bf = replaceIDAT(file, z.Bytes()[:z.Len()*2/3])
		scratch := pixel.New(pixel.RGBA, 500, 400) // large enough for the result
		before := *scratch
		if _, err := d.DecodeInto(scratch, bf); !errors.Is(err, errTruncated) {
			t.Errorf("interlaced %v: bad filter byte, then the data cut short: %v, want truncated", interlaced, err)
		}
		if scratch.Width != before.Width || scratch.Format != before.Format || len(scratch.Pix) != len(before.Pix) {
			t.Errorf("interlaced %v: DecodeInto changed dst's header on an image data error", interlaced)
		}
	}
}

// replaceIDAT returns file (one IDAT chunk) with z as its image data.
func replaceIDAT(file, z []byte) []byte {
	idat := bytes.Index(file, []byte("IDAT"))
	n := int(binary.BigEndian.Uint32(file[idat-4:]))
	out := appendChunk(bytes.Clone(file[:idat-4]), "IDAT", z)
	return append(out, file[idat+4+n+4:]...)
}

// appendChunk appends a chunk of the given kind and data, with its length
// and CRC, to b.
func appendChunk(b []byte, kind string, data []byte) []byte {
	start := len(b)
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	b = append(append(b, kind...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start+4:]))
}
