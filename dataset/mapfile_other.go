//go:build !linux

package dataset

import "os"

// mapFile maps nothing on this platform: every file is read.
func mapFile(*os.File, int64) ([]byte, bool) { return nil, false }

// unmapFile is never called where mapFile maps nothing.
func unmapFile([]byte) { panic("hotloop: dataset: unmapFile without a mapping") }
