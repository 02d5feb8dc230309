package dataset

import (
	"errors"
	"unsafe"
)

// Input files are mapped into memory where the platform allows it
// (mapfile_linux.go) rather than read: reading copies every byte from the
// page cache into a buffer, which on the pipeline's PNG files (3 MB each)
// was 8% of the decode's CPU time, and the decoders read their input
// once, in order, so the pages mapped where they lie serve as well.

// mapMin is the smallest file mapped: below it a read (one copy of a few
// pages) costs less than a mapping's system calls and page-table set-up.
const mapMin = 64 << 10

// errChanged reports a mapped file that shrank while it was decoded.
var errChanged = errors.New("file shrank while being read")

// within reports whether addr falls inside b's bytes.
func within(b []byte, addr uintptr) bool {
	if len(b) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return addr-start < uintptr(len(b))
}
