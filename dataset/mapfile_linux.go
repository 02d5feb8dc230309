package dataset

import (
	"os"
	"syscall"
)

// mapFile maps f read-only when it is a regular file (size >= 0) of at
// least mapMin bytes; ok is false when it is not mapped (a small or
// special file, or a failed mapping), and the caller reads it instead.
// MAP_POPULATE sets the whole mapping up in the one call, not page fault
// by page fault during the decode.
func mapFile(f *os.File, size int64) (data []byte, ok bool) {
	if size < mapMin || size != int64(int(size)) {
		return nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		return nil, false
	}
	return data, true
}

// unmapFile releases a mapping made by mapFile.
func unmapFile(data []byte) {
	if err := syscall.Munmap(data); err != nil {
		panic("hotloop: dataset: unmapping an input file: " + err.Error())
	}
}
