package pixel

import "fmt"

// Format is the layout of a pixel: which 8-bit channels, in which order.
type Format uint8

// The formats, named after Pillow's modes.
const (
	// Gray is one channel of luminance (Pillow "L").
	Gray Format = iota + 1
	// GrayAlpha is luminance and straight alpha (Pillow "LA").
	GrayAlpha
	// RGB is red, green, blue (Pillow "RGB").
	RGB
	// RGBA is red, green, blue and straight, not premultiplied, alpha
	// (Pillow "RGBA").
	RGBA
)

var formats = [...]struct {
	name     string
	channels int
}{
	Gray:      {"L", 1},
	GrayAlpha: {"LA", 2},
	RGB:       {"RGB", 3},
	RGBA:      {"RGBA", 4},
}

// Valid reports whether f is one of the formats above.
func (f Format) Valid() bool { return f >= Gray && f <= RGBA }

// Channels returns the bytes per pixel of f; it panics on an invalid
// format.
func (f Format) Channels() int {
	if !f.Valid() {
		panic(fmt.Sprintf("pixel: invalid format %d", uint8(f)))
	}
	return formats[f].channels
}

// HasAlpha reports whether f's last channel is alpha.
func (f Format) HasAlpha() bool { return f == GrayAlpha || f == RGBA }

// String returns Pillow's name for the mode ("L", "LA", "RGB", "RGBA").
func (f Format) String() string {
	if !f.Valid() {
		return fmt.Sprintf("Format(%d)", uint8(f))
	}
	return formats[f].name
}

// ParseFormat returns the format with Pillow's mode name.
func ParseFormat(name string) (Format, error) {
	for f := Gray; f <= RGBA; f++ {
		if formats[f].name == name {
			return f, nil
		}
	}
	return 0, fmt.Errorf("pixel: unknown format %q (want L, LA, RGB or RGBA)", name)
}
