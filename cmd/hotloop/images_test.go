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
	if !strings.Contains(stdout.String(), "10 images, shape [10 12 16 3], 0 skipped") {
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
	if !strings.Contains(stdout.String(), "shape [10 3 64 64], 1 skipped") || !strings.Contains(stdout.String(), "skipped "+bad) {
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

// TestImagesLabelsAndShards runs -labels on an ImageFolder layout and
// -shard over the test images.
func TestImagesLabelsAndShards(t *testing.T) {
	root := t.TempDir()
	for _, c := range []struct{ class, src string }{{"a", "a_gray.png"}, {"b", "c_rgb.png"}, {"b", "g_gray16.png"}} {
		os.MkdirAll(filepath.Join(root, "in", c.class), 0o755)
		data, _ := os.ReadFile(filepath.Join(testImages, c.src))
		os.WriteFile(filepath.Join(root, "in", c.class, c.src), data, 0o644)
	}
	out, labels := filepath.Join(root, "x.npy"), filepath.Join(root, "y.npy")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"images", filepath.Join(root, "in"), "-o", out, "-labels", labels, "-size", "4x4"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, _ := os.Open(labels)
	defer f.Close()
	_, l, err := npy.Read[int64](f)
	if err != nil || len(l) != 3 || l[0] != 0 || l[1] != 1 || l[2] != 1 {
		t.Fatalf("labels %v %v", l, err)
	}
	if classes, _ := os.ReadFile(filepath.Join(root, "y.classes.txt")); string(classes) != "a\nb\n" {
		t.Fatalf("classes %q", classes)
	}
	if code := run([]string{"images", testImages, "-o", out, "-shard", "1/2", "-size", "4x4"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("shard: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "5 images, shape [5 4 4 3]") {
		t.Fatalf("shard 1/2 of 10: %q", stdout.String())
	}
}
