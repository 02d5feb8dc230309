package dataset

import (
	"bytes"
	"context"
	"errors"
	"image"
	stdpng "image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unsafe"
)

// writeNoisyPNG writes a w×h RGB PNG of noise (which deflate cannot
// shrink, so the file is about 3 bytes a pixel) to path.
func writeNoisyPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	x := uint32(1)
	for i := 0; i < len(m.Pix); i += 4 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = uint8(x), uint8(x>>8), uint8(x>>16), 255
	}
	var b bytes.Buffer
	if err := stdpng.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMappedInput checks which files are mapped (on Linux: regular files
// of mapMin bytes or more) and that a mapped file gives the batch a read
// one gives.
func TestMappedInput(t *testing.T) {
	dir := t.TempDir()
	big, small := filepath.Join(dir, "big.png"), filepath.Join(dir, "small.png")
	writeNoisyPNG(t, big, 160, 160)
	writeNoisyPNG(t, small, 40, 40)
	want, err := os.ReadFile(big)
	if err != nil || len(want) < mapMin {
		t.Fatalf("big.png: %d bytes, %v; want at least %d", len(want), err, mapMin)
	}
	var w worker
	got, mapped, err := w.readInput(big)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("readInput(big.png): %d bytes, %v", len(got), err)
	}
	if mapped != (runtime.GOOS == "linux") {
		t.Errorf("big.png mapped %v on %s", mapped, runtime.GOOS)
	}
	if mapped {
		unmapFile(got)
	}
	if _, mapped, err := w.readInput(small); err != nil || mapped {
		t.Errorf("small.png: mapped %v, %v; want read", mapped, err)
	}
	if _, mapped, err := w.readInput(os.DevNull); err != nil || mapped {
		t.Errorf("%s: mapped %v, %v; want read", os.DevNull, mapped, err)
	}

	// The same batch from the mapped file and from its bytes in a file
	// small enough to be read: mapping changes nothing but the reading.
	for _, fast := range []bool{false, true} {
		opts := []Option{Size(24, 24)}
		if fast {
			opts = append(opts, Fast())
		}
		b, err := Load(context.Background(), []string{big, big, small}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		c, err := newConfig(opts)
		if err != nil {
			t.Fatal(err)
		}
		img, err := c.process(&worker{}, want, false)
		if err != nil {
			t.Fatal(err)
		}
		n := len(img.Pix)
		if !bytes.Equal(b.Uint8[:n], img.Pix) || !bytes.Equal(b.Uint8[n:2*n], img.Pix) {
			t.Errorf("fast %v: the mapped file's images differ from its bytes' decoded in memory", fast)
		}
	}
}

// TestMappedFileShrinks cuts a mapped file short before it is decoded:
// the read past the new end faults, and the file fails with errChanged
// instead of killing the process; the worker's state is dropped.
func TestMappedFileShrinks(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files are mapped on Linux only")
	}
	p := filepath.Join(t.TempDir(), "big.png")
	writeNoisyPNG(t, p, 200, 200)
	c, err := newConfig([]Option{Size(8, 8)})
	if err != nil {
		t.Fatal(err)
	}
	w := &worker{file: make([]byte, 10)}
	data, mapped, err := w.readInput(p)
	if err != nil || !mapped {
		t.Fatalf("readInput: mapped %v, %v", mapped, err)
	}
	defer unmapFile(data)
	if err := os.Truncate(p, 100); err != nil {
		t.Fatal(err)
	}
	if _, err := c.process(w, data, mapped); !errors.Is(err, errChanged) {
		t.Fatalf("decoding a mapped file cut to 100 bytes: %v, want %v", err, errChanged)
	}
	if w.file != nil {
		t.Error("the worker's state survived the fault")
	}
}

// TestWithin checks the fault address test at a slice's edges.
func TestWithin(t *testing.T) {
	b := make([]byte, 16)
	p := uintptr(unsafe.Pointer(&b[0]))
	for _, c := range []struct {
		addr uintptr
		want bool
	}{{p, true}, {p + 15, true}, {p + 16, false}, {p - 1, false}, {0, false}} {
		if got := within(b, c.addr); got != c.want {
			t.Errorf("within(b, b+%d) = %v", int(c.addr-p), got)
		}
	}
	if within(b[:0], p) {
		t.Error("an empty slice holds an address")
	}
}
