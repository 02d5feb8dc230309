package pixel

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// vector is one case of testdata/pillow/vectors.json, written by
// make_vectors.py from Pillow's output.
type vector struct {
	Kind         string       `json:"kind"`
	SrcMode      string       `json:"src_mode"`
	DstMode      string       `json:"dst_mode"`
	Width        int          `json:"width"`
	Height       int          `json:"height"`
	Src          string       `json:"src"`
	Dst          string       `json:"dst"`
	Palette      string       `json:"palette"`
	PaletteAlpha string       `json:"palette_alpha"`
	Filter       string       `json:"filter"`
	Targets      [][2]int     `json:"targets"`
	Boxes        [][4]float64 `json:"boxes"`
	Lut          string       `json:"lut"`
	Factors      [][2]int     `json:"factors"`
	Gaps         []float64    `json:"gaps"`
	Mean         []float32    `json:"mean"`
	Std          []float32    `json:"std"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	data, err := os.ReadFile("testdata/pillow/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Pillow string   `json:"pillow"`
		Cases  []vector `json:"cases"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Cases) == 0 {
		t.Fatal("no vectors")
	}
	return v.Cases
}

func readVector(t *testing.T, name string) []uint8 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/pillow", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const guardByte = 0xA5

// padded returns a w×h image of format f whose rows are pad bytes longer
// than needed and which starts pad bytes into its buffer, every byte
// outside the rows set to guardByte, and a check that they stayed so.
func padded(t *testing.T, f Format, w, h, pad int) (*Image, func(what string)) {
	row := w * f.Channels()
	stride := row + pad
	buf := bytes.Repeat([]byte{guardByte}, pad+stride*h+pad)
	m := &Image{Format: f, Width: w, Height: h, Stride: stride, Pix: buf[pad : pad+stride*h-pad]}
	if h == 0 || w == 0 {
		m.Pix = buf[pad:pad]
	}
	inRow := func(i int) bool {
		i -= pad
		return i >= 0 && i < stride*h && i%stride < row
	}
	return m, func(what string) {
		t.Helper()
		for i, b := range buf {
			if !inRow(i) && b != guardByte {
				t.Fatalf("%s: guard byte %d overwritten (stride %d, pad %d)", what, i, stride, pad)
			}
		}
	}
}

// fill copies packed rows into m.
func fill(m *Image, packed []uint8) {
	row := m.Width * m.Channels()
	for y := 0; y < m.Height; y++ {
		copy(m.Row(y), packed[y*row:])
	}
}

// packed returns m's rows without padding.
func packed(m *Image) []uint8 {
	var out []uint8
	for y := 0; y < m.Height; y++ {
		out = append(out, m.Row(y)...)
	}
	return out
}

func compare(t *testing.T, what string, got, want []uint8, ch, w int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d bytes, Pillow %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			px := i / ch
			t.Fatalf("%s: pixel (%d, %d) channel %d = %d, Pillow %d", what, px%w, px/w, i%ch, got[i], want[i])
		}
	}
}

// TestPillowVectors checks every conversion against Pillow's output, bit
// for bit, on images with padded rows whose padding must stay untouched.
func TestPillowVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Kind+"/"+v.SrcMode+"-"+v.DstMode, func(t *testing.T) {
			src, want := readVector(t, v.Src), readVector(t, v.Dst)
			switch v.Kind {
			case "resize", "resizebox", "tensor", "reducinggap":
				t.Skip("TestResizePillowVectors, TestTensorVectors")
			case "reduce":
				testReduceVector(t, v, src, want)
			case "point":
				testPointVector(t, v, src, want)
			case "histogram":
				testHistogramVector(t, v, src, want)
			case "convert":
				testConvertVector(t, v, src, want)
			case "alpha":
				testAlphaVector(t, v, src, want)
			default:
				testFromImageVector(t, v, src, want)
			}
		})
	}
}

func mustFormat(t *testing.T, mode string) Format {
	t.Helper()
	f, err := ParseFormat(mode)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func testConvertVector(t *testing.T, v vector, src, want []uint8) {
	sf, df := mustFormat(t, v.SrcMode), mustFormat(t, v.DstMode)
	for _, pad := range []int{0, 1, 7} {
		s, checkSrc := padded(t, sf, v.Width, v.Height, pad)
		fill(s, src)
		d, checkDst := padded(t, df, v.Width, v.Height, pad+3)
		if err := Convert(d, s); err != nil {
			t.Fatal(err)
		}
		what := fmt.Sprintf("Convert %s→%s pad %d", sf, df, pad)
		compare(t, what, packed(d), want, df.Channels(), v.Width)
		checkDst(what)
		checkSrc(what + " (source)")
		compare(t, what+": source changed", packed(s), src, sf.Channels(), v.Width)
	}
}

func testAlphaVector(t *testing.T, v vector, src, want []uint8) {
	op, name := Premultiply, "Premultiply"
	if v.SrcMode == "RGBa" {
		op, name = Unpremultiply, "Unpremultiply"
	}
	s, _ := padded(t, RGBA, v.Width, v.Height, 2)
	fill(s, src)
	d, checkDst := padded(t, RGBA, v.Width, v.Height, 5)
	if err := op(d, s); err != nil {
		t.Fatal(err)
	}
	compare(t, name, packed(d), want, 4, v.Width)
	checkDst(name)
	// In place.
	if err := op(s, s); err != nil {
		t.Fatal(err)
	}
	compare(t, name+" in place", packed(s), want, 4, v.Width)
}

// testFromImageVector builds the image Go's decoders would return for the
// source and checks FromImage against Pillow's conversion of it.
func testFromImageVector(t *testing.T, v vector, src, want []uint8) {
	r := image.Rect(3, -2, 3+v.Width, -2+v.Height) // bounds need not start at 0
	var img image.Image
	switch v.Kind {
	case "cmyk":
		img = &image.CMYK{Pix: src, Stride: 4 * v.Width, Rect: r}
	case "gray16":
		img = &image.Gray16{Pix: src, Stride: 2 * v.Width, Rect: r}
	case "palette":
		rgb, alpha := readVector(t, v.Palette), readVector(t, v.PaletteAlpha)
		pal := make(color.Palette, 256)
		for i := range pal {
			pal[i] = color.NRGBA{rgb[3*i], rgb[3*i+1], rgb[3*i+2], alpha[i]}
		}
		img = &image.Paletted{Pix: src, Stride: v.Width, Rect: r, Palette: pal}
	default:
		t.Fatalf("unknown vector kind %q", v.Kind)
	}
	df := mustFormat(t, v.DstMode)
	got, err := FromImage(img, df)
	if err != nil {
		t.Fatal(err)
	}
	if got.Width != v.Width || got.Height != v.Height || got.Format != df {
		t.Fatalf("FromImage: %s %dx%d, want %s %dx%d", got.Format, got.Width, got.Height, df, v.Width, v.Height)
	}
	compare(t, "FromImage "+v.Kind, packed(got), want, df.Channels(), v.Width)
}

// TestResizePillowVectors checks Resize against Pillow's Image.resize for
// every format, filter and target size of the vectors, bit for bit, with
// padded rows, on every ISA this machine runs (the resampling kernels).
func TestResizePillowVectors(t *testing.T) {
	prev := kernels.Active()
	defer kernels.Use(prev) //nolint:errcheck
	for _, isa := range kernels.Supported() {
		if err := kernels.Use(isa); err != nil {
			t.Fatal(err)
		}
		t.Run(isa.String(), resizePillowVectors)
	}
}

func resizePillowVectors(t *testing.T) {
	n := 0
	for _, v := range loadVectors(t) {
		if v.Kind != "resize" && v.Kind != "resizebox" && v.Kind != "reducinggap" {
			continue
		}
		n++
		t.Run(fmt.Sprintf("%s/%dx%d/%s", v.SrcMode, v.Width, v.Height, v.Filter), func(t *testing.T) {
			f := mustFormat(t, v.SrcMode)
			flt, err := ParseFilter(v.Filter)
			if err != nil {
				t.Fatal(err)
			}
			src, want := readVector(t, v.Src), readVector(t, v.Dst)
			s, checkSrc := padded(t, f, v.Width, v.Height, 3)
			fill(s, src)
			off := 0
			for i, tgt := range v.Targets {
				w, h := tgt[0], tgt[1]
				d, checkDst := padded(t, f, w, h, 5)
				what := fmt.Sprintf("Resize %s %dx%d→%dx%d %s", f, v.Width, v.Height, w, h, flt)
				switch v.Kind {
				case "resizebox":
					box := v.Boxes[i]
					what += fmt.Sprintf(" box %v", box)
					if err := ResizeBox(d, s, flt, box); err != nil {
						t.Fatal(err)
					}
				case "reducinggap":
					what += fmt.Sprintf(" reducing gap %v", v.Gaps[i])
					if err := ResizeReducing(d, s, flt, v.Gaps[i]); err != nil {
						t.Fatal(err)
					}
				default:
					if err := Resize(d, s, flt); err != nil {
						t.Fatal(err)
					}
				}
				size := w * h * f.Channels()
				compare(t, what, packed(d), want[off:off+size], f.Channels(), w)
				off += size
				checkDst(what)
				checkSrc(what + " (source)")
			}
			if off != len(want) {
				t.Fatalf("vectors hold %d bytes, the targets %d", len(want), off)
			}
			compare(t, "source changed", packed(s), src, f.Channels(), v.Width)
		})
	}
	if n == 0 {
		t.Fatal("no resize vectors")
	}
}

// TestTensorVectors checks ToTensor against torchvision's arithmetic
// (ToTensor, then Normalize) as numpy computes it in float32, bit for bit,
// in both layouts, writing into the middle of a larger buffer, on every
// ISA this machine runs.
func TestTensorVectors(t *testing.T) {
	prev := kernels.Active()
	defer kernels.Use(prev) //nolint:errcheck
	for _, isa := range kernels.Supported() {
		if err := kernels.Use(isa); err != nil {
			t.Fatal(err)
		}
		t.Run(isa.String(), testTensorVectors)
	}
}

func testTensorVectors(t *testing.T) {
	n := 0
	for _, v := range loadVectors(t) {
		if v.Kind != "tensor" {
			continue
		}
		n++
		f := mustFormat(t, v.SrcMode)
		l := map[string]Layout{"CHW": CHW, "HWC": HWC}[v.DstMode]
		src, want := readVector(t, v.Src), readVector(t, v.Dst)
		s, _ := padded(t, f, v.Width, v.Height, 3)
		fill(s, src)
		size := TensorSize(f, v.Width, v.Height)
		buf := make([]float32, size+10)
		for i := range buf {
			buf[i] = -7
		}
		if err := ToTensor(buf[5:5+size], s, l, v.Mean, v.Std); err != nil {
			t.Fatal(err)
		}
		for i, g := range buf {
			if i < 5 || i >= 5+size {
				if g != -7 {
					t.Fatalf("%s %s: value %d outside the destination written", v.SrcMode, v.DstMode, i)
				}
				continue
			}
			w := math.Float32frombits(binary.LittleEndian.Uint32(want[4*(i-5):]))
			if math.Float32bits(g) != math.Float32bits(w) {
				t.Fatalf("%s %s mean %v: value %d = %v (%#x), numpy %v (%#x)", v.SrcMode, v.DstMode, v.Mean, i-5, g, math.Float32bits(g), w, math.Float32bits(w))
			}
		}
	}
	if n == 0 {
		t.Fatal("no tensor vectors")
	}
}

func TestToTensorRejects(t *testing.T) {
	m := New(RGB, 4, 2)
	for _, c := range []struct {
		dst       []float32
		l         Layout
		mean, std []float32
		want      string
	}{
		{make([]float32, 23), CHW, nil, nil, "holds 23 values"},
		{make([]float32, 24), 0, nil, nil, "invalid layout"},
		{make([]float32, 24), CHW, []float32{0.5}, []float32{0.2}, "3 values each"},
		{make([]float32, 24), CHW, []float32{0, 0, 0}, nil, "3 values each"},
		{make([]float32, 24), HWC, []float32{0, 0, 0}, []float32{1, 0, 1}, "std"},
	} {
		if err := ToTensor(c.dst, m, c.l, c.mean, c.std); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ToTensor: %v, want %q", err, c.want)
		}
	}
}

func testPointVector(t *testing.T, v vector, src, want []uint8) {
	f := mustFormat(t, v.SrcMode)
	raw := readVector(t, v.Lut)
	lut := make([][256]uint8, f.Channels())
	for c := range lut {
		copy(lut[c][:], raw[256*c:])
	}
	s, _ := padded(t, f, v.Width, v.Height, 2)
	fill(s, src)
	d, checkDst := padded(t, f, v.Width, v.Height, 4)
	if err := Point(d, s, lut); err != nil {
		t.Fatal(err)
	}
	compare(t, "Point", packed(d), want, f.Channels(), v.Width)
	checkDst("Point")
	if err := Point(s, s, lut); err != nil {
		t.Fatal(err)
	}
	compare(t, "Point in place", packed(s), want, f.Channels(), v.Width)
}

func testHistogramVector(t *testing.T, v vector, src, want []uint8) {
	f := mustFormat(t, v.SrcMode)
	s, _ := padded(t, f, v.Width, v.Height, 3)
	fill(s, src)
	h, err := Histogram(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(h)*4 != len(want) {
		t.Fatalf("Histogram: %d counts, Pillow %d", len(h), len(want)/4)
	}
	for i, n := range h {
		if w := int(binary.LittleEndian.Uint32(want[4*i:])); n != w {
			t.Fatalf("Histogram of %s: channel %d value %d: %d, Pillow %d", f, i/256, i%256, n, w)
		}
	}
}

func testReduceVector(t *testing.T, v vector, src, want []uint8) {
	f := mustFormat(t, v.SrcMode)
	s, checkSrc := padded(t, f, v.Width, v.Height, 3)
	fill(s, src)
	off := 0
	for _, fac := range v.Factors {
		w, h := (v.Width+fac[0]-1)/fac[0], (v.Height+fac[1]-1)/fac[1]
		d, checkDst := padded(t, f, w, h, 2)
		if err := Reduce(d, s, fac[0], fac[1]); err != nil {
			t.Fatal(err)
		}
		what := fmt.Sprintf("Reduce %s by %dx%d", f, fac[0], fac[1])
		size := w * h * f.Channels()
		compare(t, what, packed(d), want[off:off+size], f.Channels(), w)
		off += size
		checkDst(what)
		checkSrc(what + " (source)")
	}
	if off != len(want) {
		t.Fatalf("vectors hold %d bytes, the reductions %d", len(want), off)
	}
}
