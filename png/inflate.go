package png

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// inflater decompresses a whole zlib stream into a buffer of known size,
// keeping its state for the next image.
type inflater struct {
	src bytes.Reader
	zr  io.ReadCloser
}

// inflate fills dst with the decompressed start of the zlib stream src.
// Data after the image's bytes is ignored, as Pillow does; a stream ending
// early is an error.
func (f *inflater) inflate(dst, src []byte) error {
	f.src.Reset(src)
	var err error
	if f.zr == nil {
		f.zr, err = zlib.NewReader(&f.src)
	} else {
		err = f.zr.(zlib.Resetter).Reset(&f.src, nil)
	}
	if err != nil {
		return fmt.Errorf("png: image data: %w", err)
	}
	if _, err := io.ReadFull(f.zr, dst); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return fmt.Errorf("png: image data ends early: %w", errTruncated)
		}
		return fmt.Errorf("png: image data: %w", err)
	}
	return nil
}
