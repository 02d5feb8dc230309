package png

import (
	"errors"
	"fmt"

	"github.com/hotloop/hotloop/internal/inflate"
)

// inflater decompresses the image data through a sliding window, keeping
// its tables for the next image.
type inflater struct {
	d inflate.Decoder
}

// start begins decompressing the zlib stream made of src's slices one
// after the other, of which total bytes are wanted, into win. Data after
// the image's bytes is ignored, as Pillow does; a stream ending early is
// an error (from next).
func (f *inflater) start(win []byte, src [][]byte, total int) {
	f.d.StartZlibChunks(win, src, total)
}

// next decompresses until at least want bytes of the window are final (or
// the image data is complete) and returns how many are.
func (f *inflater) next(want int) (int, error) {
	n, err := f.d.Next(want)
	return n, wrapInflateError(err)
}

// slide drops the window's first k bytes (see inflate.Decoder.Slide).
func (f *inflater) slide(k int) { f.d.Slide(k) }

// release drops the references to the window and the image data.
func (f *inflater) release() { f.d.Release() }

// wrapInflateError gives inflate's errors the package's messages.
func wrapInflateError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, inflate.ErrTruncated):
		return fmt.Errorf("png: image data ends early: %w", errTruncated)
	}
	return fmt.Errorf("png: image data: %w", err)
}
