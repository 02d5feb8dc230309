package jpeg

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// largeScript writes large files (too big to commit) and Pillow's raw
// decoded pixels next to them.
const largeScript = `
import io, sys, os
import numpy as np
from PIL import Image
out = sys.argv[1]
rng = np.random.default_rng(8193)
def save(name, im, mode, draft=None, **kw):
    b = io.BytesIO(); im.save(b, "JPEG", **kw)
    open(os.path.join(out, name + ".jpg"), "wb").write(b.getvalue())
    d = Image.open(io.BytesIO(b.getvalue()))
    if draft: d.draft("RGB", draft)
    open(os.path.join(out, name + ".bin"), "wb").write(d.convert(mode).tobytes())
w, h = 8193, 21
y, x = np.mgrid[0:h, 0:w]
a = np.clip(np.stack([x % 251, (x // 7 + y * 5) % 256, 128 + 100 * np.sin(x / 40.0)], -1) + rng.normal(0, 20, (h, w, 3)), 0, 255).astype(np.uint8)
rgb = Image.fromarray(a, "RGB")
save("wide_420", rgb, "RGB", quality=80)
save("wide_444_prog", rgb, "RGB", quality=95, subsampling=0, progressive=True)
save("wide_gray", rgb.convert("L"), "L", quality=50)
save("wide_422_draft4", rgb, "RGB", draft=(2048, 5), quality=85, subsampling=1)
big = Image.fromarray(np.clip(rng.normal(128, 60, (1201, 1603, 3)), 0, 255).astype(np.uint8), "RGB")
save("big_420_prog", big, "RGB", quality=92, progressive=True)
save("big_420_draft8", big, "RGB", draft=(200, 150), quality=92)
y, x = np.mgrid[0:1000, 0:1500].astype(np.float32)
g = np.clip((np.sin(x / 27) + np.cos(y / 19)) * 60 + 128 + rng.normal(0, 18, (1000, 1500)), 0, 255).astype(np.uint8)
photo = Image.fromarray(np.stack([g, np.roll(g, 7, 1), 255 - g], -1), "RGB")
save("photo_gray_draft8", Image.fromarray(g, "L"), "L", draft=(187, 125), quality=90)
save("photo_444_draft8", photo, "RGB", draft=(187, 125), quality=90, subsampling=0)
save("photo_422_draft8", photo, "RGB", draft=(187, 125), quality=75, subsampling=1)
save("photo_420_draft8", photo, "RGB", draft=(187, 125), quality=90)
`

// TestPillowLarge decodes large files made at test time with Pillow
// (8193 pixels wide, 1.9 megapixels; noisy photo-like 1500x1000 files
// decoded at 1/8, whose runs take two chains) and compares bit for bit;
// it is skipped where Debian's python3-pil is missing.
func TestPillowLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	if out, err := exec.Command("/usr/bin/python3", "-c", largeScript, dir).CombinedOutput(); err != nil {
		t.Skipf("needs /usr/bin/python3 with PIL and numpy: %v %s", err, out)
	}
	cases := map[string][2]int{"wide_420": {}, "wide_444_prog": {}, "wide_gray": {}, "wide_422_draft4": {2048, 5}, "big_420_prog": {}, "big_420_draft8": {200, 150},
		"photo_gray_draft8": {187, 125}, "photo_444_draft8": {187, 125}, "photo_422_draft8": {187, 125}, "photo_420_draft8": {187, 125}}
	for name, draft := range cases {
		syncs := dualSyncs.Load()
		data, err := os.ReadFile(filepath.Join(dir, name+".jpg"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(dir, name+".bin"))
		if err != nil {
			t.Fatal(err)
		}
		dec := Decoder{Options: Options{MinWidth: draft[0], MinHeight: draft[1]}}
		m, err := dec.DecodeBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(m.Pix) != len(want) {
			t.Fatalf("%s: %dx%d, %d bytes; Pillow %d bytes", name, m.Width, m.Height, len(m.Pix), len(want))
		}
		if !bytes.Equal(m.Pix, want) {
			d, where := maxDiff(m, want)
			t.Errorf("%s: differs from Pillow by up to %d (%s)", name, d, where)
		}
		// two chains in every photo-like file at 1/8, in several runs for
		// the 4:2:0 ones (5,922 MCUs, in runs of 1,024: dualMaxSlots)
		least := map[string]int64{"photo_gray_draft8": 1, "photo_444_draft8": 1, "photo_422_draft8": 1, "photo_420_draft8": 5, "big_420_draft8": 4}[name]
		if n := dualSyncs.Load() - syncs; haveACLoop && useACLoop() && n < least {
			t.Errorf("%s: B taken %d times, want %d at least", name, n, least)
		}
		t.Logf("%s: B taken %d times", name, dualSyncs.Load()-syncs)
	}
}
