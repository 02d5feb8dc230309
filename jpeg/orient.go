package jpeg

import "github.com/hotloop/hotloop/pixel"

// orient returns m turned upright as the EXIF orientation o (2..8) says,
// pixel for pixel as Pillow's ImageOps.exif_transpose does; orientations
// 5 to 8 swap width and height. Other values return m itself.
func orient(m *pixel.Image, o int) *pixel.Image {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Width, m.Height
	if o >= 5 {
		w, h = h, w
	}
	out := pixel.New(m.Format, w, h)
	ch := m.Channels()
	for y := 0; y < h; y++ {
		row := out.Row(y)
		for x := 0; x < w; x++ {
			// the source pixel of output (x, y)
			var sx, sy int
			switch o {
			case 2: // mirrored horizontally
				sx, sy = m.Width-1-x, y
			case 3: // rotated 180
				sx, sy = m.Width-1-x, m.Height-1-y
			case 4: // mirrored vertically
				sx, sy = x, m.Height-1-y
			case 5: // transposed
				sx, sy = y, x
			case 6: // stored rotated 90 counter-clockwise
				sx, sy = y, m.Height-1-x
			case 7: // transversed
				sx, sy = m.Width-1-y, m.Height-1-x
			case 8: // stored rotated 90 clockwise
				sx, sy = m.Width-1-y, x
			}
			copy(row[x*ch:x*ch+ch], m.Pix[sy*m.Stride+sx*ch:])
		}
	}
	return out
}
