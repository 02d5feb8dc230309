package png

import (
	"errors"
	"fmt"

	"github.com/hotloop/hotloop/internal/inflate"
)

// inflater decompresses the image data into a buffer of known size,
// keeping its tables for the next image.
type inflater struct {
	d inflate.Decoder
}

// inflate fills dst with the decompressed start of the zlib stream made
// of src's slices one after the other. Data after the image's bytes is
// ignored, as Pillow does; a stream ending early is an error.
func (f *inflater) inflate(dst []byte, src [][]byte) error {
	err := f.d.ZlibChunks(dst, src)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, inflate.ErrTruncated):
		return fmt.Errorf("png: image data ends early: %w", errTruncated)
	}
	return fmt.Errorf("png: image data: %w", err)
}
