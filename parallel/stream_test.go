package parallel

import (
	"sync"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

// TestChunksStream checks overElements' chunking for kernels that stream
// large calls: from twice kernels.StreamThreshold of slices, every chunk
// but the last holds at least the threshold's worth, so that each call
// streams; below that, and for kernels that do not stream (callBytes 0),
// the chunks stay as small as mapChunk allows.
func TestChunksStream(t *testing.T) {
	if kernels.StreamThreshold() == 1<<63-1 {
		t.Skip("the active ISA does not stream")
	}
	const threshold = 1 << 18
	defer kernels.SetStreamThreshold(kernels.SetStreamThreshold(threshold))
	chunks := func(n, callBytes int) (sizes []int) {
		var mu sync.Mutex
		overElements(n, callBytes, 2, func(lo, hi int) {
			mu.Lock()
			sizes = append(sizes, hi-lo)
			mu.Unlock()
		})
		return sizes
	}
	for _, tc := range []struct {
		n, size int // size: bytes of all the slices per element
		streams bool
	}{
		{1 << 20, 4, true},    // 4 MiB: 16 chunks of 256 KiB
		{1<<20 + 5, 8, true},  // a last chunk of less
		{3 << 20, 1, true},    // 3 MiB of bytes
		{1 << 16, 4, false},   // 256 KiB: below twice the threshold
		{1<<17 - 1, 4, false}, // just below
		{1 << 20, 0, false},   // a kernel that does not stream
	} {
		sizes := chunks(tc.n, tc.n*tc.size)
		total, small := 0, 0
		for _, s := range sizes {
			total += s
			if s*tc.size < threshold {
				small++
			}
		}
		if total != tc.n {
			t.Fatalf("n=%d size=%d: chunks cover %d elements", tc.n, tc.size, total)
		}
		if tc.streams && small > 1 {
			t.Errorf("n=%d size=%d: %d chunks under the threshold of %d bytes: %v", tc.n, tc.size, small, threshold, sizes)
		}
		if !tc.streams && len(sizes) < 2 && tc.n >= 2*mapChunk {
			t.Errorf("n=%d size=%d: %d chunks, want the usual small ones", tc.n, tc.size, len(sizes))
		}
	}
}
