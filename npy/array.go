package npy

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// Write writes data as an array of the given shape, C order, in .npy
// format. len(data) must equal the product of shape.
func Write[T Elem](w io.Writer, shape []int, data []T) error {
	h := Header{DType: dtypeOf[T](), Shape: shape}
	if n := h.Len(); n != len(data) {
		return fmt.Errorf("npy: shape %v holds %d elements, data has %d", shape, n, len(data))
	}
	head, err := h.encode()
	if err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	return writeData(w, data)
}

// chunkElems is how many elements are converted to little-endian bytes at
// a time.
const chunkElems = 8192

// writeData writes data little-endian, chunk by chunk.
func writeData[T Elem](w io.Writer, data []T) error {
	size := dtypeOf[T]().Size()
	buf := make([]byte, size*min(len(data), chunkElems))
	for len(data) > 0 {
		n := min(len(data), chunkElems)
		encode(buf[:n*size], data[:n])
		if _, err := w.Write(buf[:n*size]); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// encode puts data into b little-endian.
func encode[T Elem](b []byte, data []T) {
	switch dtypeOf[T]() {
	case Uint8:
		for i, v := range data {
			b[i] = uint8(v)
		}
	case Int64:
		for i, v := range data {
			binary.LittleEndian.PutUint64(b[8*i:], uint64(int64(v)))
		}
	case Float32:
		for i, v := range data {
			binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(float32(v)))
		}
	case Float64:
		for i, v := range data {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(float64(v)))
		}
	}
}

// decode is encode's inverse.
func decode[T Elem](data []T, b []byte) {
	switch dtypeOf[T]() {
	case Uint8:
		for i := range data {
			data[i] = T(b[i])
		}
	case Int64:
		for i := range data {
			data[i] = T(int64(binary.LittleEndian.Uint64(b[8*i:])))
		}
	case Float32:
		for i := range data {
			data[i] = T(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
		}
	case Float64:
		for i := range data {
			data[i] = T(math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:])))
		}
	}
}

// Read reads a whole .npy array of element type T (the file's dtype must
// be T's) and returns its shape and elements. Memory grows with the data
// actually read, never beyond it: a header claiming more than the file
// holds is an error (io.ErrUnexpectedEOF), not an allocation.
func Read[T Elem](r io.Reader) (shape []int, data []T, err error) {
	h, err := ReadHeader(r)
	if err != nil {
		return nil, nil, err
	}
	if want := dtypeOf[T](); h.DType != want {
		return nil, nil, fmt.Errorf("npy: the array holds %s, not %s", h.DType, want)
	}
	n := h.Len()
	size := h.DType.Size()
	buf := make([]byte, size*min(n, chunkElems))
	for len(data) < n {
		k := min(n-len(data), chunkElems)
		if _, err := io.ReadFull(r, buf[:k*size]); err != nil {
			return nil, nil, fmt.Errorf("npy: reading element %d of %d: %w", len(data), n, noEOF(err))
		}
		start := len(data)
		data = append(data, make([]T, k)...)
		decode(data[start:], buf[:k*size])
	}
	if data == nil {
		data = []T{}
	}
	return h.Shape, data, nil
}
