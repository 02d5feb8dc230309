package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/hotloop/hotloop/npy"
	"github.com/hotloop/hotloop/parallel"
	"github.com/hotloop/hotloop/pixel"
)

// Batch is the stacked result of Load.
type Batch struct {
	// Shape is N (the images kept), then H, W, C for uint8 output or C,
	// H, W for float32 output.
	Shape   []int
	Uint8   []uint8   // the uint8 output, nil for float32 output
	Float32 []float32 // the float32 output, nil for uint8 output
	Paths   []string  // the files kept, in input order
	Kept    []int     // their indices in the input (for labels)
	Skipped []Skip    // under SkipBad, the files left out, in input order
	First   int       // under Shard, the input index this part starts at
}

// Summary describes what Write wrote: the fields of Batch without the data.
type Summary struct {
	Shape   []int
	Paths   []string
	Kept    []int
	Skipped []Skip
	First   int
}

// File is where Write streams its .npy: an *os.File, or anything that
// writes and reads at offsets and can be truncated.
type File interface {
	io.WriterAt
	io.ReaderAt
	Truncate(size int64) error
}

// sink receives each processed image at its input index.
type sink interface {
	put(i int, img *pixel.Image) error
}

// run processes every path on the configured workers, handing each image
// to s at its input index, and returns which indices were kept and the
// skips. Without SkipBad the first bad file ends the run with an error
// that names it.
func (c *config) run(ctx context.Context, paths []string, s sink) (kept []bool, skipped []Skip, err error) {
	kept = make([]bool, len(paths))
	skips := make([]error, len(paths))
	var mu sync.Mutex
	var done int
	var bytesRead int64
	start := time.Now()
	idx := make([]int, len(paths))
	for i := range idx {
		idx[i] = i
	}
	ws := make(workerList, c.workers)
	_, err = parallel.Map(ctx, idx, func(ctx context.Context, i int) (struct{}, error) {
		img, n, err := c.load(ws, paths[i])
		if err == nil {
			err = s.put(i, img)
		}
		mu.Lock()
		done++
		bytesRead += n
		p := Progress{Done: done, Total: len(paths), Bytes: bytesRead, Elapsed: time.Since(start)}
		if err == nil {
			kept[i] = true
		} else if c.skipBad {
			skips[i] = err
		}
		if c.progress != nil {
			c.progress(p)
		}
		mu.Unlock()
		if err != nil && !c.skipBad {
			return struct{}{}, fmt.Errorf("%s: %w", paths[i], err)
		}
		return struct{}{}, nil
	}, parallel.Limit(c.workers))
	if err != nil {
		var ie *parallel.ItemError
		if errors.As(err, &ie) {
			return nil, nil, fmt.Errorf("dataset: %w", ie.Err)
		}
		return nil, nil, fmt.Errorf("dataset: %w", err)
	}
	for i, e := range skips {
		if e != nil {
			skipped = append(skipped, Skip{Path: paths[i], Err: e})
		}
	}
	return kept, skipped, nil
}

// memSink writes images into a batch in memory.
type memSink struct {
	c   *config
	u8  []uint8
	f32 []float32
}

func (m *memSink) put(i int, img *pixel.Image) error {
	size := m.c.itemSize()
	if m.c.float {
		return pixel.ToTensor(m.f32[i*size:(i+1)*size], img, pixel.CHW, m.c.mean, m.c.std)
	}
	copy(m.u8[i*size:(i+1)*size], img.Pix) // New packs rows tightly
	return nil
}

// Load processes every file into one batch in memory: decode, convert to
// the mode, fit to the size, and stack, in input order, on all workers.
// Each file's pixels are bit-identical to Pillow's pipeline on the same
// file wherever the decoders agree (see the package doc).
func Load(ctx context.Context, paths []string, opts ...Option) (*Batch, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	first, end := c.part(len(paths))
	paths = paths[first:end]
	size := c.itemSize()
	if len(paths) > math.MaxInt32/size {
		return nil, fmt.Errorf("dataset: %d images of %d values do not fit one batch; use Write", len(paths), size)
	}
	m := &memSink{c: c}
	if c.float {
		m.f32 = make([]float32, len(paths)*size)
	} else {
		m.u8 = make([]uint8, len(paths)*size)
	}
	kept, skipped, err := c.run(ctx, paths, m)
	if err != nil {
		return nil, err
	}
	// Close the gaps skipped files left, keeping the input order.
	n := 0
	var keptPaths []string
	var keptIdx []int
	for i, k := range kept {
		if !k {
			continue
		}
		keptIdx = append(keptIdx, first+i)
		if n != i {
			if c.float {
				copy(m.f32[n*size:(n+1)*size], m.f32[i*size:(i+1)*size])
			} else {
				copy(m.u8[n*size:(n+1)*size], m.u8[i*size:(i+1)*size])
			}
		}
		keptPaths = append(keptPaths, paths[i])
		n++
	}
	b := &Batch{Shape: append([]int{n}, c.itemShape()...), Paths: keptPaths, Kept: keptIdx, Skipped: skipped, First: first}
	if c.float {
		b.Float32 = m.f32[: n*size : n*size]
	} else {
		b.Uint8 = m.u8[: n*size : n*size]
	}
	return b, nil
}

// fileSink writes images into a .npy file at their input index.
type fileSink[T npy.Elem] struct {
	c *config
	w *npy.Writer[T]
}

func (f *fileSink[T]) put(i int, img *pixel.Image) error {
	var item any
	if f.c.float {
		t := make([]float32, f.c.itemSize())
		if err := pixel.ToTensor(t, img, pixel.CHW, f.c.mean, f.c.std); err != nil {
			return err
		}
		item = t
	} else {
		item = img.Pix
	}
	return f.w.WriteItem(i, item.([]T))
}

// Write processes every file as Load does and streams the batch into f as
// a .npy array (uint8 NHWC, or float32 NCHW with Float32), each image
// written at its index as soon as it is ready, so memory stays bounded by
// the workers whatever the number of files. Under SkipBad the survivors
// are moved up to close the gaps and the array shrunk to them. f is
// written from offset 0 and truncated to the array's end. Write does not
// make the output appear atomically; write to a temporary file and rename
// it (as hotloop images does) for that.
func Write(ctx context.Context, paths []string, f File, opts ...Option) (*Summary, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	first, end := c.part(len(paths))
	paths = paths[first:end]
	shape := append([]int{len(paths)}, c.itemShape()...)
	var sum *Summary
	if c.float {
		sum, err = write[float32](ctx, c, paths, f, shape)
	} else {
		sum, err = write[uint8](ctx, c, paths, f, shape)
	}
	if sum != nil {
		sum.First = first
		for i := range sum.Kept {
			sum.Kept[i] += first
		}
	}
	return sum, err
}

func write[T npy.Elem](ctx context.Context, c *config, paths []string, f File, shape []int) (*Summary, error) {
	w, err := npy.NewWriter[T](f, shape)
	if err != nil {
		return nil, err
	}
	kept, skipped, err := c.run(ctx, paths, &fileSink[T]{c: c, w: w})
	if err != nil {
		return nil, err
	}
	var keptPaths []string
	if len(skipped) > 0 {
		// Move the survivors up, in order: each moves to an index at or
		// below its own, so nothing is overwritten before it is read.
		buf := make([]byte, w.ItemBytes())
		n := 0
		for i, k := range kept {
			if !k {
				continue
			}
			if n != i {
				if _, err := f.ReadAt(buf, w.ItemOffset(i)); err != nil {
					return nil, err
				}
				if _, err := f.WriteAt(buf, w.ItemOffset(n)); err != nil {
					return nil, err
				}
			}
			n++
		}
		if err := w.Shrink(n); err != nil {
			return nil, err
		}
	}
	var keptIdx []int
	for i, k := range kept {
		if k {
			keptPaths = append(keptPaths, paths[i])
			keptIdx = append(keptIdx, i)
		}
	}
	if err := f.Truncate(w.Size()); err != nil {
		return nil, err
	}
	return &Summary{Shape: append([]int{len(keptPaths)}, shape[1:]...), Paths: keptPaths, Kept: keptIdx, Skipped: skipped}, nil
}
