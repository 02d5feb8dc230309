package png

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// signature opens every PNG file.
const signature = "\x89PNG\r\n\x1a\n"

// maxChunk is the largest chunk length PNG allows (2^31 - 1).
const maxChunk = 1<<31 - 1

// readStep bounds each read of a chunk's data, so that a length field
// promising gigabytes in a short file costs no more memory than the file.
const readStep = 1 << 20

// errTruncated reports a file that ends before its image data does.
var errTruncated = errors.New("png: file is truncated")

// chunkReader reads a PNG file's chunks in order, checking CRCs, from r
// or, for a file in memory (inMem), from mem, the part not yet read.
type chunkReader struct {
	r         io.Reader
	mem       []byte
	inMem     bool
	ignoreCRC bool
	hdr       [8]byte
}

// readFull fills p with the file's next bytes, with io.ReadFull's errors.
func (c *chunkReader) readFull(p []byte) error {
	if !c.inMem {
		_, err := io.ReadFull(c.r, p)
		return err
	}
	if len(c.mem) == 0 && len(p) > 0 {
		return io.EOF
	}
	n := copy(p, c.mem)
	c.mem = c.mem[n:]
	if n < len(p) {
		return io.ErrUnexpectedEOF
	}
	return nil
}

// data returns the current chunk's n data bytes of a file in memory,
// where they lie (not copied), and checks the chunk's CRC.
func (c *chunkReader) data(n int) ([]byte, error) {
	if len(c.mem) < n {
		c.mem = nil
		return nil, errTruncated
	}
	b := c.mem[:n:n]
	c.mem = c.mem[n:]
	crc := crc32.Update(crc32.Update(0, crc32.IEEETable, c.hdr[4:8]), crc32.IEEETable, b)
	return b, c.checkCRC(crc)
}

// next reads the next chunk's length and type.
// The type is returned as an array, not a string: converting it would
// allocate for every chunk, and encoders write hundreds of IDAT chunks.
func (c *chunkReader) next() (kind [4]byte, length int, err error) {
	if err := c.readFull(c.hdr[:]); err != nil {
		if err == io.EOF {
			return kind, 0, io.EOF
		}
		return kind, 0, errTruncated
	}
	n := binary.BigEndian.Uint32(c.hdr[:4])
	if n > maxChunk {
		return kind, 0, fmt.Errorf("png: chunk length %d exceeds 2^31-1", n)
	}
	for _, b := range c.hdr[4:8] {
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			return kind, 0, fmt.Errorf("png: invalid chunk type %q", c.hdr[4:8])
		}
	}
	return [4]byte(c.hdr[4:8]), int(n), nil
}

// appendData appends the current chunk's n data bytes to buf and checks the
// chunk's CRC.
func (c *chunkReader) appendData(buf []byte, n int) ([]byte, error) {
	crc := crc32.Update(0, crc32.IEEETable, c.hdr[4:8])
	for n > 0 {
		step := min(n, readStep)
		start := len(buf)
		buf = grow(buf, step)
		if err := c.readFull(buf[start:]); err != nil {
			return buf[:start], errTruncated
		}
		crc = crc32.Update(crc, crc32.IEEETable, buf[start:])
		n -= step
	}
	return buf, c.checkCRC(crc)
}

// checkCRC reads the chunk's CRC and compares it with the computed one.
func (c *chunkReader) checkCRC(crc uint32) error {
	b := c.hdr[:4] // the length field is no longer needed; a local array would escape to r.Read
	if err := c.readFull(b); err != nil {
		return errTruncated
	}
	if got := binary.BigEndian.Uint32(b); !c.ignoreCRC && got != crc {
		return fmt.Errorf("png: %s chunk CRC mismatch (stored %08x, computed %08x)", c.hdr[4:8], got, crc)
	}
	return nil
}

// skip reads past the current chunk's n data bytes, checking its CRC.
func (c *chunkReader) skip(n int, scratch []byte) ([]byte, error) {
	crc := crc32.Update(0, crc32.IEEETable, c.hdr[4:8])
	if cap(scratch) < 4096 {
		scratch = make([]byte, 4096)
	}
	scratch = scratch[:cap(scratch)]
	for n > 0 {
		step := min(n, len(scratch))
		if err := c.readFull(scratch[:step]); err != nil {
			return scratch, errTruncated
		}
		crc = crc32.Update(crc, crc32.IEEETable, scratch[:step])
		n -= step
	}
	return scratch, c.checkCRC(crc)
}

// grow extends buf by n bytes, reallocating geometrically.
func grow(buf []byte, n int) []byte {
	if len(buf)+n <= cap(buf) {
		return buf[:len(buf)+n]
	}
	nb := make([]byte, len(buf)+n, max(2*cap(buf), len(buf)+n))
	copy(nb, buf)
	return nb
}
