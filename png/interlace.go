package png

// pass is one pass of the image data: a w×h grid of pixels placed at
// (x0 + i*dx, y0 + j*dy). A plain image has one pass covering it.
type pass struct {
	x0, y0, dx, dy int
	w, h           int
}

// adam7 lists the seven passes of Adam7 interlacing as (x0, y0, dx, dy).
var adam7 = [7][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}

// passes returns the non-empty passes of the image data.
func (h *header) passes(buf *[7]pass) []pass {
	ps := buf[:0]
	if !h.interlaced {
		return append(ps, pass{0, 0, 1, 1, h.width, h.height})
	}
	for _, a := range adam7 {
		p := pass{x0: a[0], y0: a[1], dx: a[2], dy: a[3]}
		p.w = (h.width - p.x0 + p.dx - 1) / p.dx
		p.h = (h.height - p.y0 + p.dy - 1) / p.dy
		if p.w > 0 && p.h > 0 {
			ps = append(ps, p)
		}
	}
	return ps
}
