package parallel

import "sync/atomic"

// Scheduling within one call. The chunks are split into one contiguous
// block per participant (the caller is participant 0), and each runs its
// own block first, from the front, then helps the others by taking chunks
// from the back of their blocks (work stealing).
//
// Why not one shared counter: when a kernel is called again and again on
// the same cache-resident slices, a static split sends each chunk to the
// same core every call, so its data is still in that core's cache; with a
// shared counter the assignment changes with timing, and written lines
// bounce between cores. Stealing from the back keeps a slow participant's
// next chunks (at the front) its own, and still balances the load when a
// helper starts late or is descheduled.
//
// Which participant runs a chunk never changes the chunk boundaries, so
// this has no effect on results.

// job is one For call in flight. Chunk c covers [c*size, min((c+1)*size, n));
// blocks says who runs which chunk. The team (pool.go) owns the one job
// there can be at a time.
type job struct {
	body    func(lo, hi int)
	n, size int
	chunks  int
	blocks  []block
	failure atomic.Pointer[PanicError]
}

// block is the unclaimed part [lo, hi) of one participant's chunks, packed
// in one word so that the owner (at lo) and thieves (at hi) can claim with
// one compare-and-swap. Padding keeps each block on its own cache line.
type block struct {
	span atomic.Uint64
	_    [56]byte
}

func pack(lo, hi int) uint64 { return uint64(lo)<<32 | uint64(hi) }

func unpack(s uint64) (lo, hi int) { return int(s >> 32), int(s & 0xffffffff) }

// split divides the chunks into p blocks of nearly equal size.
func (j *job) split(p int) {
	if cap(j.blocks) < p {
		j.blocks = make([]block, p)
	}
	j.blocks = j.blocks[:p]
	for s := range p {
		j.blocks[s].span.Store(pack(s*j.chunks/p, (s+1)*j.chunks/p))
	}
}

// front takes chunks from the front of b for its owner: a quarter of what
// is left (at least one), so that the owner rarely touches the shared word
// while thieves still find work to take at the end.
func (b *block) front() (c0, c1 int, ok bool) {
	for {
		s := b.span.Load()
		lo, hi := unpack(s)
		if lo >= hi {
			return 0, 0, false
		}
		k := max(1, (hi-lo)/4)
		if b.span.CompareAndSwap(s, pack(lo+k, hi)) {
			return lo, lo + k, true
		}
	}
}

// back takes the last chunk of b, for a thief.
func (b *block) back() (c int, ok bool) {
	for {
		s := b.span.Load()
		lo, hi := unpack(s)
		if lo >= hi {
			return 0, false
		}
		if b.span.CompareAndSwap(s, pack(lo, hi-1)) {
			return hi - 1, true
		}
	}
}

// run works on chunks, its own block first, until none are left anywhere,
// and returns how many it ran. A panic empties every block, so that the
// others stop soon, and is reported to the caller.
func (j *job) run(slot int) (ran int) {
	defer func() {
		if v := recover(); v != nil {
			j.failure.CompareAndSwap(nil, asPanicError(v))
			for i := range j.blocks {
				j.blocks[i].span.Store(0)
			}
		}
	}()
	own := &j.blocks[slot]
	for {
		c0, c1, ok := own.front()
		if !ok {
			break
		}
		for c := c0; c < c1; c++ {
			j.chunk(c)
		}
		ran += c1 - c0
	}
	for i := 1; i < len(j.blocks); i++ {
		victim := &j.blocks[(slot+i)%len(j.blocks)]
		for {
			c, ok := victim.back()
			if !ok {
				break
			}
			j.chunk(c)
			ran++
		}
	}
	return ran
}

func (j *job) chunk(c int) {
	lo := c * j.size // < n, as c < ceilDiv(n, size)
	j.body(lo, chunkEnd(lo, j.size, j.n))
}
