package dataset

import (
	"fmt"
	"runtime"
	"time"

	"github.com/hotloop/hotloop/pixel"
)

// Fit says how an image is brought to the target size.
type Fit uint8

const (
	// Stretch resizes to the target size, ignoring the aspect ratio:
	// Image.resize(size), the default.
	Stretch Fit = iota
	// Crop keeps the aspect ratio and crops the centre that fills the
	// target, as Pillow's ImageOps.fit(image, size).
	Crop
	// Pad keeps the aspect ratio, fits the whole image inside the target
	// and fills the rest with black, centred, as Pillow's
	// ImageOps.pad(image, size).
	Pad
)

// Option sets a parameter of Load and Write.
type Option func(*config) error

type config struct {
	w, h      int
	fit       Fit
	mode      pixel.Format
	filter    pixel.Filter
	float     bool
	mean, std []float32
	workers   int
	skipBad   bool
	maxPixels int
	progress  func(Progress)
	shard     [2]int // k, n: this run takes part k of n
	fast      bool
}

// DefaultMaxPixels is the largest image a file may decode to by default,
// Pillow's decompression-bomb error limit (twice Image.MAX_IMAGE_PIXELS).
const DefaultMaxPixels = 2 * 89478485

func newConfig(opts []Option) (*config, error) {
	c := &config{w: 64, h: 64, mode: pixel.RGB, filter: pixel.Bicubic, workers: runtime.GOMAXPROCS(0), maxPixels: DefaultMaxPixels,
		shard: [2]int{0, 1}}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Size sets the target width and height (default 64x64).
func Size(w, h int) Option {
	return func(c *config) error {
		if w < 1 || h < 1 || w > pixel.MaxPixels/h {
			return fmt.Errorf("dataset: invalid size %dx%d", w, h)
		}
		c.w, c.h = w, h
		return nil
	}
}

// Fitting sets how images reach the target size (default Stretch).
func Fitting(f Fit) Option {
	return func(c *config) error {
		if f > Pad {
			return fmt.Errorf("dataset: invalid fit %d", f)
		}
		c.fit = f
		return nil
	}
}

// Mode sets the colour format of the output: pixel.RGB (default) or
// pixel.Gray, as Pillow's convert("RGB") or convert("L").
func Mode(f pixel.Format) Option {
	return func(c *config) error {
		if f != pixel.RGB && f != pixel.Gray {
			return fmt.Errorf("dataset: mode %s, want RGB or L", f)
		}
		c.mode = f
		return nil
	}
}

// Filter sets the resampling filter (default pixel.Bicubic, Pillow's).
func Filter(f pixel.Filter) Option {
	return func(c *config) error {
		if !f.Valid() {
			return fmt.Errorf("dataset: invalid filter %d", uint8(f))
		}
		c.filter = f
		return nil
	}
}

// Float32 makes the output float32 in NCHW layout, as torchvision's
// ToTensor then Normalize(mean, std) computes it (pixel.ToTensor); nil mean
// and std give ToTensor alone (x/255). The default output is uint8 NHWC,
// the array np.asarray of the images stacks.
func Float32(mean, std []float32) Option {
	return func(c *config) error {
		c.float, c.mean, c.std = true, mean, std
		return nil
	}
}

// Workers sets how many images are processed at once (default
// GOMAXPROCS). Memory stays bounded by it: each worker holds one file and
// its decoded image at a time.
func Workers(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("dataset: %d workers", n)
		}
		c.workers = n
		return nil
	}
}

// FastGap is the reducing gap of Fast: JPEG files decode to at least
// FastGap times the target size, and every shrink first reduces by an
// integer factor while the image stays FastGap times larger than the
// target. 2 is what Pillow's Image.thumbnail uses.
const FastGap = 2.0

// Fast trades bit-exactness with Pillow's Image.resize pipeline for speed,
// the way Pillow's own Image.thumbnail does: a JPEG file is decoded scaled
// down on load (libjpeg's reduced inverse DCTs, Image.draft) to no less than
// FastGap times the target size, and Stretch and Pad shrink with
// reducing_gap FastGap (pixel.ResizeReducing: an exact box reduction by an
// integer factor, then the filter). The result is Pillow's
// im.draft(mode, (FastGap*w, FastGap*h)) followed by
// im.resize(size, filter, reducing_gap=FastGap) bit for bit, and close to,
// not equal to, the default pipeline's: the README gives the measured
// difference. Crop fits are computed as without Fast after the JPEG draft.
func Fast() Option {
	return func(c *config) error { c.fast = true; return nil }
}

// SkipBad makes a file that cannot be read or decoded a Skip in the result
// instead of the end of the run (the default stops at the first bad file,
// whose error names it). The survivors keep their input order.
func SkipBad() Option {
	return func(c *config) error { c.skipBad = true; return nil }
}

// MaxPixels sets the largest image a file may declare, checked before it
// is decoded, against decompression bombs (default DefaultMaxPixels).
func MaxPixels(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("dataset: pixel limit %d", n)
		}
		c.maxPixels = n
		return nil
	}
}

// OnProgress sets a function called after each file, from one goroutine at
// a time.
func OnProgress(f func(Progress)) Option {
	return func(c *config) error { c.progress = f; return nil }
}

// Progress reports a run's advance.
type Progress struct {
	Done, Total int           // files finished (kept or skipped) and in all
	Bytes       int64         // bytes of the files read so far
	Elapsed     time.Duration // since the run started
}

// Rate returns the files finished per second so far.
func (p Progress) Rate() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Done) / p.Elapsed.Seconds()
}

// Skip is a file left out under SkipBad, and why.
type Skip struct {
	Path string
	Err  error
}

// itemShape is the shape of one image in the output: HWC for uint8, CHW
// for float32.
func (c *config) itemShape() []int {
	ch := c.mode.Channels()
	if c.float {
		return []int{ch, c.h, c.w}
	}
	return []int{c.h, c.w, ch}
}

func (c *config) itemSize() int { return c.w * c.h * c.mode.Channels() }

// Shard makes a run process only part k (0 <= k < n) of its inputs: the
// k-th of n contiguous, nearly equal slices of the path list, so that n
// machines (a Kubernetes job array, Slurm, a Beam pipeline) can split a
// dataset too large for one. The parts, concatenated in k order, are the
// whole run's result: np.concatenate([np.load(f"part{k}.npy") for k in
// range(n)]), and likewise the parts' Paths and Kept (offset by each
// part's first index, Batch.First).
func Shard(k, n int) Option {
	return func(c *config) error {
		if n < 1 || k < 0 || k >= n {
			return fmt.Errorf("dataset: shard %d of %d", k, n)
		}
		c.shard = [2]int{k, n}
		return nil
	}
}

// part returns the bounds of this run's shard of n items.
func (c *config) part(n int) (lo, hi int) {
	k, parts := c.shard[0], c.shard[1]
	return shardBound(n, k, parts), shardBound(n, k+1, parts)
}

// shardBound is k*n/parts without overflow.
func shardBound(n, k, parts int) int {
	return n/parts*k + n%parts*k/parts
}
