package pixel

import "sync"

// scratchPool holds the pixel buffers of intermediate images (the
// horizontal pass's output, premultiplied copies of sources), reused
// across calls so that a batch neither allocates nor clears megabytes per
// image; the runtime empties the pool at garbage collections, so idle
// buffers are not held for long.
var scratchPool sync.Pool // of *[]uint8

// scratchImage returns a packed image of format f and size w×h whose
// pixels are left as a previous user wrote them: the caller writes every
// byte of every row before reading any. Release it with releaseScratch.
func scratchImage(f Format, w, h int) *Image {
	stride := w * f.Channels()
	n := stride * h
	var pix []uint8
	if p, ok := scratchPool.Get().(*[]uint8); ok && cap(*p) >= n {
		pix = (*p)[:n]
	} else {
		if ok {
			scratchPool.Put(p) // too small for this image; another may use it
		}
		pix = make([]uint8, n)
	}
	return &Image{Format: f, Width: w, Height: h, Stride: stride, Pix: pix}
}

// releaseScratch returns a scratchImage's pixels to the pool; m must not
// be used after.
func releaseScratch(m *Image) {
	p := m.Pix[:0]
	m.Pix = nil
	scratchPool.Put(&p)
}
