package pixel

import "fmt"

// Point maps channel c of every pixel of src through lut[c] into dst, as
// Pillow's Image.point(table) does with a table of 256 entries per band.
// dst and src must be well formed and of the same format and size, and lut
// must hold one table per channel. dst may be src (or share its pixels
// exactly); any other overlap is refused.
func Point(dst, src *Image, lut [][256]uint8) error {
	if err := dst.Check(); err != nil {
		return fmt.Errorf("pixel.Point: destination: %w", err)
	}
	if err := src.Check(); err != nil {
		return fmt.Errorf("pixel.Point: source: %w", err)
	}
	if dst.Format != src.Format || dst.Width != src.Width || dst.Height != src.Height {
		return fmt.Errorf("pixel.Point: destination is %s %dx%d, source %s %dx%d", dst.Format, dst.Width, dst.Height, src.Format, src.Width, src.Height)
	}
	ch := src.Channels()
	if len(lut) != ch {
		return fmt.Errorf("pixel.Point: %d tables for a %s image of %d channels", len(lut), src.Format, ch)
	}
	if !inPlaceOrDisjoint(dst, src) {
		return fmt.Errorf("pixel.Point: destination and source share memory without being the same pixels")
	}
	for y := 0; y < src.Height; y++ {
		d, s := dst.Row(y), src.Row(y)
		for i, v := range s {
			d[i] = lut[i%ch][v]
		}
	}
	return nil
}

// Histogram returns how many pixels of m hold each value of each channel:
// 256 counts for channel 0, then 256 for channel 1, and so on, exactly as
// Pillow's Image.histogram() returns them. For GrayAlpha that includes a
// quirk of Pillow's: it counts the grey channel twice, so the second 256
// counts repeat the first instead of counting alpha (Pillow stores LA
// pixels as L, L, L, A and reads bands 0 and 1). Convert to Gray and
// histogram the alpha bytes yourself for an alpha histogram.
func Histogram(m *Image) ([]int, error) {
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("pixel.Histogram: %w", err)
	}
	ch := m.Channels()
	h := make([]int, 256*ch)
	for y := 0; y < m.Height; y++ {
		for i, v := range m.Row(y) {
			h[256*(i%ch)+int(v)]++
		}
	}
	if m.Format == GrayAlpha {
		copy(h[256:], h[:256])
	}
	return h, nil
}
