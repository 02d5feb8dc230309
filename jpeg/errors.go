package jpeg

import (
	"errors"
	"fmt"
)

// The errors Decode wraps, for errors.Is: every error this package returns
// (other than a reader's) wraps one of them; a header cut short wraps both
// ErrFormat and ErrTruncated.
var (
	// ErrFormat reports data that is not a JPEG file or is corrupt.
	ErrFormat = errors.New("jpeg: invalid data")
	// ErrUnsupported reports a valid JPEG feature this package does not
	// decode: arithmetic coding, lossless or hierarchical frames, 12- or
	// 16-bit samples, component counts other than 1, 3 and 4, fractional
	// sampling ratios, DNL-defined heights.
	ErrUnsupported = errors.New("jpeg: unsupported")
	// ErrTooLarge reports an image over the pixel limit; it is returned
	// before the pixels are allocated.
	ErrTooLarge = errors.New("jpeg: image too large")
	// ErrTruncated reports data that ends before the image is complete.
	// Decode still returns the image: what the data held, the rest filled
	// as libjpeg fills it (see Decode).
	ErrTruncated = errors.New("jpeg: truncated data")
)

func errorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnsupported}, args...)...)
}
