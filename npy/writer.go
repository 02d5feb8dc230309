package npy

import (
	"fmt"
	"io"
)

// Writer streams an array whose shape is known up front into a file (an
// io.WriterAt, such as *os.File): items, the sub-arrays along the first
// axis (rows of a matrix, images of a batch), can be written in any order
// and from several goroutines at once, each at its own offset.
type Writer[T Elem] struct {
	w        io.WriterAt
	data     int64 // offset of the first element
	itemSize int   // elements per item
	items    int
	shape    []int
}

// NewWriter writes the header of an array of the given shape (at least one
// axis) at offset 0 of w and returns a Writer for its items. The file's
// size is the header's plus len(items)*itemSize elements; items never
// written read back as whatever w holds there (zeros for a new file once
// the last item is written or the file is truncated to Size).
func NewWriter[T Elem](w io.WriterAt, shape []int) (*Writer[T], error) {
	if len(shape) == 0 {
		return nil, fmt.Errorf("npy: NewWriter needs at least one axis")
	}
	h := Header{DType: dtypeOf[T](), Shape: shape}
	if h.Len() < 0 {
		return nil, fmt.Errorf("npy: invalid shape %v", shape)
	}
	head, err := h.encode()
	if err != nil {
		return nil, err
	}
	if _, err := w.WriteAt(head, 0); err != nil {
		return nil, err
	}
	return &Writer[T]{w: w, data: int64(len(head)), itemSize: Header{Shape: shape[1:]}.Len(), items: shape[0],
		shape: append([]int(nil), shape...)}, nil
}

// ItemSize returns the elements of one item (the product of the shape
// without its first axis).
func (w *Writer[T]) ItemSize() int { return w.itemSize }

// Size returns the bytes of the whole file.
func (w *Writer[T]) Size() int64 {
	return w.data + int64(w.items)*int64(w.itemSize)*int64(dtypeOf[T]().Size())
}

// WriteItem writes item i (0 <= i < shape[0]); data must hold exactly
// ItemSize elements. It is safe to call from several goroutines for
// different items.
func (w *Writer[T]) WriteItem(i int, data []T) error {
	if i < 0 || i >= w.items {
		return fmt.Errorf("npy: item %d of %d", i, w.items)
	}
	if len(data) != w.itemSize {
		return fmt.Errorf("npy: item of %d elements, want %d", len(data), w.itemSize)
	}
	size := dtypeOf[T]().Size()
	buf := make([]byte, len(data)*size)
	encode(buf, data)
	_, err := w.w.WriteAt(buf, w.ItemOffset(i))
	return err
}

// ItemOffset returns the file offset of item i, and ItemBytes the bytes
// of one item: the layout a caller needs to move items within the file.
func (w *Writer[T]) ItemOffset(i int) int64 { return w.data + int64(i)*w.ItemBytes() }

// ItemBytes returns the bytes of one item.
func (w *Writer[T]) ItemBytes() int64 { return int64(w.itemSize) * int64(dtypeOf[T]().Size()) }

// Shrink rewrites the header for the first n items only (n at most the
// current count), keeping its length so that the data stays in place.
// Items from n on are no longer part of the array; truncate the file to
// Size to drop their bytes.
func (w *Writer[T]) Shrink(n int) error {
	if n < 0 || n > w.items {
		return fmt.Errorf("npy: shrink to %d items of %d", n, w.items)
	}
	shape := append([]int{n}, w.shape[1:]...)
	head, err := Header{DType: dtypeOf[T](), Shape: shape}.encodeAs(int(w.data))
	if err != nil {
		return err
	}
	if _, err := w.w.WriteAt(head, 0); err != nil {
		return err
	}
	w.items, w.shape = n, shape
	return nil
}
