package dataset

import (
	"context"
	"path/filepath"
	"testing"
)

// TestOtherFormats loads one file of each format read through the
// standard library and golang.org/x/image (GIF, BMP with and without a
// palette, TIFF RGB, grey and RGBA, lossless WebP), found by Walk, and
// compares with Pillow's pipeline on the same files
// (testdata/make_formats.py): every format is lossless here, so the
// result must be bit-identical.
func TestOtherFormats(t *testing.T) {
	paths, err := Walk(filepath.Join("testdata", "formats"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 7 {
		t.Fatalf("Walk found %d of the 7 files: %v", len(paths), paths)
	}
	b, err := Load(context.Background(), paths, Size(16, 12))
	if err != nil {
		t.Fatal(err)
	}
	shape, want := golden[uint8](t, "formats_rgb_16x12")
	compareBatch(t, b.Shape, b.Uint8, shape, want, paths)
}
