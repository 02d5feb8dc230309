package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/npy"
)

const testImages = "../../dataset/testdata/images"

// TestImagesCommand runs hotloop images on the dataset package's test
// images (flags after the folder, as people type them) and compares the
// output with Pillow's golden array.
func TestImagesCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.npy")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"images", testImages, "-o", out, "-size", "16x12", "-workers", "2"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "7 images, shape [7 12 16 3], 0 skipped") {
		t.Errorf("summary: %q", stdout.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../dataset/testdata/stretch_rgb_16x12.npy")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, want, err := npy.Read[uint8](f)
	if err != nil {
		t.Fatal(err)
	}
	_, data, err := npy.Read[uint8](bytes.NewReader(got))
	if err != nil || string(data) != string(want) {
		t.Fatalf("hotloop images differs from Pillow's pipeline (%v)", err)
	}
}

// TestImagesAtomic checks that a failed run leaves no output file (and no
// temporary one), and that -skip-bad lists the bad file and succeeds.
func TestImagesAtomic(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.png")
	os.WriteFile(bad, []byte("\x89PNG\r\n\x1a\ngarbage"), 0o644)
	out := filepath.Join(dir, "out.npy")
	var stdout, stderr bytes.Buffer
	code := run([]string{"images", testImages, bad, "-o", out}, &stdout, &stderr)
	if code != exitFail || !strings.Contains(stderr.String(), "bad.png") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 { // only bad.png
		t.Fatalf("a failed run left files: %v", entries)
	}
	stdout.Reset()
	if code := run([]string{"images", "-skip-bad", "-normalize", "imagenet", testImages, bad, "-o", out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "shape [7 3 64 64], 1 skipped") || !strings.Contains(stdout.String(), "skipped "+bad) {
		t.Fatalf("summary: %q", stdout.String())
	}
	for _, args := range [][]string{
		{"images", testImages},                                 // no -o
		{"images", testImages, "-o", out, "-size", "12"},       // bad size
		{"images", testImages, "-o", out, "-normalize", "1,2"}, // bad normalize
		{"images", testImages, "-o", out, "-fit", "squash"},
	} {
		if code := run(args, &stdout, &stderr); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}
