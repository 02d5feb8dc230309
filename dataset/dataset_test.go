package dataset

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotloop/hotloop/npy"
	"github.com/hotloop/hotloop/pixel"
)

// testPaths walks testdata/images and checks the order against the list
// the golden script wrote (Python's sorted order).
func testPaths(t *testing.T) []string {
	t.Helper()
	paths, err := Walk(filepath.Join("testdata", "images"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "paths.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range paths {
		rel, _ := filepath.Rel("testdata", p)
		got = append(got, filepath.ToSlash(rel))
	}
	if strings.Join(got, "\n")+"\n" != string(want) {
		t.Fatalf("Walk found\n%s\nPillow's script used\n%s", strings.Join(got, "\n"), want)
	}
	return paths
}

func golden[T npy.Elem](t *testing.T, name string) ([]int, []T) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shape, data, err := npy.Read[T](f)
	if err != nil {
		t.Fatal(err)
	}
	return shape, data
}

// TestPillowPipeline compares Load with Pillow's pipeline on JPEGs (4:2:0,
// grey, progressive 4:4:4) and PNGs of every
// mode (L, LA, RGB, RGBA, P with and without transparency, 16-bit grey),
// bit for bit, for each fit, both modes and the float32 tensor output, on
// 1, 2 and 3 workers.
func TestPillowPipeline(t *testing.T) {
	paths := testPaths(t)
	for _, c := range []struct {
		golden string
		opts   []Option
	}{
		{"stretch_rgb_16x12", []Option{Size(16, 12)}},
		{"crop_rgb_16x12", []Option{Size(16, 12), Fitting(Crop)}},
		{"pad_rgb_16x12", []Option{Size(16, 12), Fitting(Pad)}},
		{"stretch_l_10x10_bilinear", []Option{Size(10, 10), Mode(pixel.Gray), Filter(pixel.Bilinear)}},
		{"tensor_rgb_8x8", []Option{Size(8, 8), Float32([]float32{0.485, 0.456, 0.406}, []float32{0.229, 0.224, 0.225})}},
	} {
		for _, workers := range []int{1, 2, 3} {
			t.Run(fmt.Sprintf("%s/workers=%d", c.golden, workers), func(t *testing.T) {
				b, err := Load(context.Background(), paths, append(c.opts, Workers(workers))...)
				if err != nil {
					t.Fatal(err)
				}
				if b.Float32 != nil {
					shape, want := golden[float32](t, c.golden)
					compareBatch(t, b.Shape, b.Float32, shape, want, paths)
				} else {
					shape, want := golden[uint8](t, c.golden)
					if len(shape) == 3 { // numpy drops the channel axis of L images
						shape = append(shape, 1)
					}
					compareBatch(t, b.Shape, b.Uint8, shape, want, paths)
				}
				if len(b.Skipped) != 0 || len(b.Paths) != len(paths) {
					t.Fatalf("kept %d, skipped %v", len(b.Paths), b.Skipped)
				}
			})
		}
	}
}

func compareBatch[T comparable](t *testing.T, gotShape []int, got []T, wantShape []int, want []T, paths []string) {
	t.Helper()
	if fmt.Sprint(gotShape) != fmt.Sprint(wantShape) {
		t.Fatalf("shape %v, Pillow %v", gotShape, wantShape)
	}
	if len(got) != len(want) {
		t.Fatalf("%d values, Pillow %d", len(got), len(want))
	}
	per := len(want) / wantShape[0]
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: value %d = %v, Pillow %v", paths[i/per], i%per, got[i], want[i])
		}
	}
}

// TestWriteMatchesLoad streams the same pipeline into a .npy file: it must
// read back as Load's batch, with and without skipped files.
func TestWriteMatchesLoad(t *testing.T) {
	paths := testPaths(t)
	bad := filepath.Join(t.TempDir(), "bad.png")
	os.WriteFile(bad, []byte("\x89PNG\r\n\x1a\nnot really"), 0o644)
	withBad := append([]string{bad}, append(paths[:3:3], append([]string{bad}, paths[3:]...)...)...)
	for _, in := range [][]string{paths, withBad} {
		want, err := Load(context.Background(), in, Size(16, 12), SkipBad())
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(t.TempDir(), "out.npy"))
		if err != nil {
			t.Fatal(err)
		}
		sum, err := Write(context.Background(), in, f, Size(16, 12), SkipBad(), Workers(2))
		if err != nil {
			t.Fatal(err)
		}
		f.Seek(0, 0)
		shape, data, err := npy.Read[uint8](f)
		if err != nil {
			t.Fatal(err)
		}
		if rest, _ := f.Read(make([]byte, 1)); rest != 0 {
			t.Fatal("bytes after the array")
		}
		f.Close()
		if fmt.Sprint(shape) != fmt.Sprint(want.Shape) || string(data) != string(want.Uint8) {
			t.Fatalf("Write gave %v, Load %v (or the data differ)", shape, want.Shape)
		}
		if fmt.Sprint(sum.Paths) != fmt.Sprint(want.Paths) || len(sum.Skipped) != len(in)-len(paths) {
			t.Fatalf("summary %v skipped %v", sum.Paths, sum.Skipped)
		}
	}
}

// TestBadFiles checks the error policy: the default stops with an error
// naming the file; SkipBad reports it and keeps the others in order.
func TestBadFiles(t *testing.T) {
	paths := testPaths(t)
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.png")
	os.WriteFile(corrupt, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), 0o644)
	missing := filepath.Join(dir, "missing.png")
	in := []string{paths[0], corrupt, paths[1], missing, paths[2]}
	_, err := Load(context.Background(), in, Size(4, 4), Workers(1))
	if err == nil || !strings.Contains(err.Error(), "corrupt.png") {
		t.Fatalf("default policy: %v", err)
	}
	b, err := Load(context.Background(), in, Size(4, 4), SkipBad())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(b.Paths) != fmt.Sprint([]string{paths[0], paths[1], paths[2]}) || len(b.Skipped) != 2 ||
		b.Skipped[0].Path != corrupt || b.Skipped[1].Path != missing || !errors.Is(b.Skipped[1].Err, os.ErrNotExist) {
		t.Fatalf("kept %v, skipped %v", b.Paths, b.Skipped)
	}
	one, err := Load(context.Background(), paths[:3], Size(4, 4))
	if err != nil || string(one.Uint8) != string(b.Uint8) || b.Shape[0] != 3 {
		t.Fatalf("survivors differ from a clean run: %v", err)
	}
	// The pixel limit is checked before decoding.
	if _, err := Load(context.Background(), paths[:1], MaxPixels(100)); err == nil || !strings.Contains(err.Error(), "exceeds the limit") {
		t.Fatalf("pixel limit: %v", err)
	}
	// A cancelled context stops the run.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, paths, Size(4, 4)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestProgressAndOptions(t *testing.T) {
	paths := testPaths(t)
	var last Progress
	calls := 0
	if _, err := Load(context.Background(), paths, Size(4, 4), OnProgress(func(p Progress) { calls++; last = p })); err != nil {
		t.Fatal(err)
	}
	if calls != len(paths) || last.Done != len(paths) || last.Total != len(paths) || last.Bytes <= 0 || last.Rate() <= 0 {
		t.Fatalf("%d calls, last %+v", calls, last)
	}
	for _, o := range []Option{Size(0, 3), Mode(pixel.RGBA), Filter(0), Workers(0), MaxPixels(0), Fitting(9)} {
		if _, err := Load(context.Background(), paths, o); err == nil {
			t.Error("an invalid option was accepted")
		}
	}
}

// TestImageFolderAndShards builds a two-class folder, loads it with a bad
// file among the images, and checks the labels of the survivors, and that
// the shards of a run concatenate to the whole run.
func TestImageFolderAndShards(t *testing.T) {
	paths := testPaths(t)
	root := t.TempDir()
	for i, p := range paths {
		class := []string{"cats", "dogs"}[i%2]
		os.MkdirAll(filepath.Join(root, class), 0o755)
		data, _ := os.ReadFile(p)
		os.WriteFile(filepath.Join(root, class, fmt.Sprintf("%02d.png", i)), data, 0o644)
	}
	os.WriteFile(filepath.Join(root, "dogs", "99.png"), []byte("\x89PNG\r\n\x1a\nbad"), 0o644)
	os.WriteFile(filepath.Join(root, "readme.png"), []byte("\x89PNG\r\n\x1a\nignored"), 0o644)
	f, err := ImageFolder(root)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(f.Classes) != "[cats dogs]" || len(f.Paths) != len(paths)+1 {
		t.Fatalf("classes %v, %d paths", f.Classes, len(f.Paths))
	}
	b, err := Load(context.Background(), f.Paths, Size(8, 8), SkipBad())
	if err != nil {
		t.Fatal(err)
	}
	labels := f.LabelsOf(b.Kept)
	if len(labels) != len(paths) || len(b.Skipped) != 1 || labels[0] != 0 || labels[len(labels)-1] != 1 {
		t.Fatalf("labels %v, skipped %v", labels, b.Skipped)
	}
	for i, k := range b.Kept {
		if b.Paths[i] != f.Paths[k] {
			t.Fatalf("Kept[%d] = %d names %s, Paths[%d] = %s", i, k, f.Paths[k], i, b.Paths[i])
		}
	}
	// Three shards, concatenated, are the whole run.
	var joined []uint8
	var kept []int
	for k := 0; k < 3; k++ {
		part, err := Load(context.Background(), f.Paths, Size(8, 8), SkipBad(), Shard(k, 3))
		if err != nil {
			t.Fatal(err)
		}
		joined = append(joined, part.Uint8...)
		kept = append(kept, part.Kept...)
	}
	if string(joined) != string(b.Uint8) || fmt.Sprint(kept) != fmt.Sprint(b.Kept) {
		t.Fatal("the shards do not concatenate to the whole run")
	}
	if _, err := Load(context.Background(), f.Paths, Shard(3, 3)); err == nil {
		t.Error("Shard(3, 3) accepted")
	}
	for n := 0; n < 50; n++ {
		for parts := 1; parts < 7; parts++ {
			c := &config{}
			total := 0
			for k := 0; k < parts; k++ {
				c.shard = [2]int{k, parts}
				lo, hi := c.part(n)
				if lo != total || hi < lo {
					t.Fatalf("n=%d parts=%d: part %d is [%d, %d)", n, parts, k, lo, hi)
				}
				total = hi
			}
			if total != n {
				t.Fatalf("n=%d parts=%d cover %d", n, parts, total)
			}
		}
	}
}

// TestFastMatchesPillow checks Fast against Pillow's thumbnail-style
// pipeline on the same files (testdata/make_fast.py): JPEG drafted to
// twice the target, then resize with reducing_gap 2, bit for bit.
func TestFastMatchesPillow(t *testing.T) {
	paths := testPaths(t)
	for _, workers := range []int{1, 2} {
		b, err := Load(context.Background(), paths, Size(3, 2), Fast(), Workers(workers))
		if err != nil {
			t.Fatal(err)
		}
		shape, want := golden[uint8](t, "fast_rgb_3x2")
		compareBatch(t, b.Shape, b.Uint8, shape, want, paths)
	}
}

// TestWalkFollowsFileLinks: a folder of symbolic links to image files
// (a common dataset layout) is walked like the files themselves; a link
// to a directory and a dangling link are skipped.
func TestWalkFollowsFileLinks(t *testing.T) {
	src := testPaths(t)
	dir := t.TempDir()
	for i, p := range src[:3] {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(abs, filepath.Join(dir, fmt.Sprintf("link%d%s", i, filepath.Ext(p)))); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	if err := os.Symlink(dir, filepath.Join(dir, "zloop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing.png"), filepath.Join(dir, "zdangling.png")); err != nil {
		t.Fatal(err)
	}
	got, err := Walk(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("Walk found %d files, want the 3 linked images: %v", len(got), got)
	}
}

// TestReadFileHeadroom reads ever larger files into the buffer each read
// returned, as a worker does: the buffer that grows gets a quarter to
// spare, so a file 9% larger than the one that grew it is read in place.
func TestReadFileHeadroom(t *testing.T) {
	dir := t.TempDir()
	var buf []byte
	for i, n := range []int{1000, 1100, 1200} {
		p := filepath.Join(dir, fmt.Sprint(n))
		want := make([]byte, n)
		for j := range want {
			want[j] = byte(j * 7)
		}
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(p, buf[:0])
		if err != nil || string(got) != string(want) {
			t.Fatalf("%d bytes: read %d bytes, %v", n, len(got), err)
		}
		if i == 2 && cap(got) != cap(buf) {
			t.Errorf("%d bytes after 1100: buffer reallocated (%d -> %d bytes), want reused", n, cap(buf), cap(got))
		}
		buf = got
	}
}
