package npy

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// magic starts every .npy file.
const magic = "\x93NUMPY"

// maxHeader bounds the header length a reader accepts (1 MiB): numpy
// writes a few hundred bytes for any realistic array, and a version 2.0
// header of this package's own (for tens of thousands of axes) fits.
const maxHeader = 1 << 20

// Header is an array's description: element type and shape (C order).
type Header struct {
	DType DType
	Shape []int
}

// Len returns the number of elements, the product of the shape (1 for a
// 0-d array), or -1 when it overflows an int.
func (h Header) Len() int {
	n := 1
	for _, d := range h.Shape {
		if d < 0 || d > 0 && n > math.MaxInt/d {
			return -1
		}
		n *= d
	}
	return n
}

// dict returns the header's Python dict literal, as numpy writes it.
func (h Header) dict() string {
	dims := make([]string, len(h.Shape))
	for i, d := range h.Shape {
		dims[i] = strconv.Itoa(d)
	}
	shape := "(" + strings.Join(dims, ", ")
	if len(dims) == 1 {
		shape += ","
	}
	shape += ")"
	return fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", h.DType, shape)
}

// encodeAs returns the header padded to exactly size bytes (a header
// encode made, for at least as many elements), so that rewriting it in
// place leaves the data where it was.
func (h Header) encodeAs(size int) ([]byte, error) {
	b, err := h.encode()
	if err != nil {
		return nil, err
	}
	if len(b) > size {
		return nil, fmt.Errorf("npy: header of %d bytes does not fit %d", len(b), size)
	}
	if len(b) == size {
		return b, nil
	}
	prefix := 10
	if b[6] == 2 {
		prefix = 12
	}
	out := append([]byte{}, b[:len(b)-1]...) // without the newline
	out = append(out, bytes.Repeat([]byte{' '}, size-len(b))...)
	out = append(out, '\n')
	hlen := size - prefix
	if b[6] == 1 {
		if hlen > math.MaxUint16 {
			return nil, fmt.Errorf("npy: header of %d bytes does not fit version 1.0", size)
		}
		binary.LittleEndian.PutUint16(out[8:], uint16(hlen))
	} else {
		binary.LittleEndian.PutUint32(out[8:], uint32(hlen))
	}
	return out, nil
}

// encode returns the whole header: magic, version, length and the dict,
// padded with spaces and ended by a newline so that the data starts at a
// multiple of 64 bytes. Version 1.0 has a 16-bit length; a longer header
// needs 2.0's 32-bit one.
func (h Header) encode() ([]byte, error) {
	if h.DType < Uint8 || h.DType > Float64 {
		return nil, fmt.Errorf("npy: invalid dtype %d", uint8(h.DType))
	}
	if h.Len() < 0 {
		return nil, fmt.Errorf("npy: invalid shape %v", h.Shape)
	}
	dict := h.dict()
	for _, v := range []struct {
		major  byte
		prefix int
	}{{1, 10}, {2, 12}} {
		total := (v.prefix + len(dict) + 1 + 63) / 64 * 64
		hlen := total - v.prefix
		if v.major == 1 && hlen > math.MaxUint16 {
			continue
		}
		var b bytes.Buffer
		b.WriteString(magic)
		b.Write([]byte{v.major, 0})
		if v.major == 1 {
			binary.Write(&b, binary.LittleEndian, uint16(hlen))
		} else {
			binary.Write(&b, binary.LittleEndian, uint32(hlen))
		}
		b.WriteString(dict)
		b.WriteString(strings.Repeat(" ", hlen-len(dict)-1))
		b.WriteByte('\n')
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("npy: header of %d bytes", len(dict))
}

// ReadHeader reads and checks a .npy header, leaving r at the first data
// byte. It returns an error for anything numpy would not write for a
// supported array: bad magic or version, a header over 1 MiB, a dict that
// is not exactly descr, fortran_order and shape, a dtype other than
// uint8, int64, float32 or float64 (little-endian), Fortran order, or a
// negative or overflowing shape.
func ReadHeader(r io.Reader) (Header, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return Header{}, fmt.Errorf("npy: reading the magic: %w", noEOF(err))
	}
	if string(pre[:6]) != magic {
		return Header{}, errors.New("npy: not a .npy file (bad magic)")
	}
	var hlen int
	switch pre[6] {
	case 1:
		var n uint16
		if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
			return Header{}, fmt.Errorf("npy: reading the header length: %w", noEOF(err))
		}
		hlen = int(n)
	case 2, 3:
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
			return Header{}, fmt.Errorf("npy: reading the header length: %w", noEOF(err))
		}
		if n > maxHeader {
			return Header{}, fmt.Errorf("npy: header of %d bytes (limit %d)", n, maxHeader)
		}
		hlen = int(n)
	default:
		return Header{}, fmt.Errorf("npy: unsupported format version %d.%d", pre[6], pre[7])
	}
	buf := make([]byte, hlen)
	if _, err := io.ReadFull(r, buf); err != nil {
		return Header{}, fmt.Errorf("npy: reading the header: %w", noEOF(err))
	}
	return parseDict(strings.TrimRight(string(buf), " \n\x00"))
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// parseDict parses the header dict: a Python literal with exactly the
// keys descr (a string), fortran_order (a bool) and shape (a tuple of
// non-negative ints), in any order.
func parseDict(s string) (Header, error) {
	p := &parser{s: s}
	var h Header
	seen := map[string]bool{}
	p.expect('{')
	for !p.peek('}') && p.err == nil {
		key := p.str()
		p.expect(':')
		if seen[key] {
			p.fail("key %q twice", key)
		}
		seen[key] = true
		switch key {
		case "descr":
			d, err := parseDescr(p.str())
			if err != nil && p.err == nil {
				p.err = err
			}
			h.DType = d
		case "fortran_order":
			if p.word() != "False" && p.err == nil {
				p.err = errors.New("npy: Fortran-order arrays are not supported")
			}
		case "shape":
			h.Shape = p.tuple()
		default:
			p.fail("unexpected key %q", key)
		}
		if !p.peek('}') {
			p.expect(',')
		}
	}
	p.expect('}')
	if p.err == nil && p.pos != len(p.s) {
		p.fail("trailing %q", p.s[p.pos:])
	}
	if p.err == nil && (!seen["descr"] || !seen["fortran_order"] || !seen["shape"]) {
		p.fail("missing key (have %v)", seen)
	}
	if p.err != nil {
		return Header{}, p.err
	}
	if h.Len() < 0 {
		return Header{}, fmt.Errorf("npy: shape %v overflows", h.Shape)
	}
	return h, nil
}

// parser reads the Python literal subset of .npy headers.
type parser struct {
	s   string
	pos int
	err error
}

func (p *parser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("npy: malformed header %q: "+format, append([]any{p.s}, args...)...)
	}
}

func (p *parser) space() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

func (p *parser) peek(c byte) bool {
	p.space()
	return p.pos < len(p.s) && p.s[p.pos] == c
}

func (p *parser) expect(c byte) {
	if !p.peek(c) {
		p.fail("want %q at %d", c, p.pos)
		return
	}
	p.pos++
}

func (p *parser) str() string {
	p.space()
	if p.pos >= len(p.s) || p.s[p.pos] != '\'' && p.s[p.pos] != '"' {
		p.fail("want a string at %d", p.pos)
		return ""
	}
	q := p.s[p.pos]
	end := strings.IndexByte(p.s[p.pos+1:], q)
	if end < 0 {
		p.fail("unterminated string")
		return ""
	}
	v := p.s[p.pos+1 : p.pos+1+end]
	p.pos += end + 2
	return v
}

func (p *parser) word() string {
	p.space()
	start := p.pos
	for p.pos < len(p.s) && (p.s[p.pos] >= 'A' && p.s[p.pos] <= 'Z' || p.s[p.pos] >= 'a' && p.s[p.pos] <= 'z') {
		p.pos++
	}
	return p.s[start:p.pos]
}

func (p *parser) tuple() []int {
	p.expect('(')
	shape := []int{}
	for !p.peek(')') && p.err == nil {
		p.space()
		start := p.pos
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
		}
		if p.peek('L') { // Python 2's long suffix
			p.pos++
		}
		d, err := strconv.Atoi(strings.TrimSuffix(p.s[start:p.pos], "L"))
		if err != nil {
			p.fail("bad dimension at %d", start)
			return nil
		}
		shape = append(shape, d)
		if !p.peek(')') {
			p.expect(',')
		}
	}
	p.expect(')')
	return shape
}
