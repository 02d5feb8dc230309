package x86

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
)

// StreamVar is the Go variable of package asm holding the size of a
// call's slices, in bytes, from which the kernels that stream write with
// non-temporal stores (asm/stream.go sets it from the CPU's last-level
// cache).
const StreamVar = "·streamBytes"

// streamAlign is the alignment of the output from which the streaming
// loop runs: a cache line, so each block writes whole lines, which the
// write-combining buffers send to memory without reading them first, and
// every VMOVNTPS (YMM or ZMM) is aligned as it must be.
const streamAlign = 64

// Stream emits, before a kernel's loops, the loop that writes the output
// (out) of a large call with non-temporal stores. When the slices of a
// call (inputs and output) hold StreamVar bytes or more, they do not stay
// in the cache together; ordinary stores would read each output line from
// memory before writing it (a fourth stream for Add) and evict the
// inputs. A smaller call is better served by the cache: Float32To64 of
// 1M elements (12 MB) ran 1.56x slower streamed on a Zen 4 with 32 MiB
// of L3, Add of 1M float64 (24 MB) twice as fast. The emitted code:
//
//   - skips to the ordinary loops when the slices hold fewer bytes than
//     the threshold, or the output's address is not a multiple of the
//     element size (it then never reaches a cache line boundary);
//   - runs head, one element's work at i with ordinary stores, until
//     out[i] starts a cache line (at most 63 bytes: the threshold, at
//     least 256 bytes of at most four slices, keeps i inside them);
//   - runs block, which emits the work of step elements at i with
//     non-temporal stores, while step elements are left, then SFENCE, so
//     that the streamed data is ordered before whatever the caller
//     stores next (the Go memory model's synchronisation included).
//
// The ordinary loops then finish from i. Only the stores differ, so the
// results are the same on both paths.
//
// Stream emits the size test where it is called, before the ordinary
// loops, and returns the function that emits the rest, to be called after
// the kernel's RET (see Large).
//
// An output that is also an input (Axpy's y by definition, or the same
// slice passed as dst and an input) is stored through the cache: its lines
// are read anyway, so streaming saves no memory traffic, and it would
// send to memory what the next call over the same data, when the whole
// fits in the cache, reads again: Axpy of 1M float64 ran 1.5x slower
// streamed on a Zen 4 with 32 MiB of L3. Stream emits nothing when out is
// one of inputs by name, and the streaming section returns to the
// ordinary loops at run time when out's address is an input's.
func (a *Arrays) Stream(out string, inputs []string, step int, head, block func()) (section func()) {
	for _, in := range inputs {
		if in == out {
			return func() {}
		}
	}
	size := a.Size[out]
	footprint := size // bytes per element of all the slices
	for _, in := range inputs {
		footprint += a.Size[in]
	}
	return a.Large("stream", footprint, func(back string) {
		for _, in := range inputs {
			build.CMPQ(a.Ptr[out], a.Ptr[in])
			build.JE(operand.LabelRef(back))
		}
		if size > 1 {
			build.TESTQ(operand.U32(uint64(size-1)), a.Ptr[out])
			build.JNZ(operand.LabelRef(back))
		}
		top, aligned := a.Prefix+"stream_head", a.Prefix+"stream_aligned"
		p := build.GP64()
		build.Label(top)
		build.LEAQ(a.At(out, 0), p)
		build.TESTQ(operand.U32(streamAlign-1), p)
		build.JZ(operand.LabelRef(aligned))
		head()
		build.INCQ(a.I)
		build.JMP(operand.LabelRef(top))
		build.Label(aligned)
		s := *a
		s.Prefix, s.Lim = a.Prefix+"stream_", nil
		s.Repeat("blocks", step, block)
		build.SFENCE()
	})
}

// Large emits, where it is called, the test of a large call: n times
// footprint (the bytes per element of all the slices) against StreamVar,
// branching forward to label name when it is at least that. It returns the
// function that emits the section there, to be called after the kernel's
// RET: body (given the label to leave by, name+"_done", which sits right
// after the test), then a jump back to the ordinary code. A small call
// falls through without a taken branch, and the ordinary loops come first
// in the text, where readers and tools (make roofline takes a kernel's
// first loop of the most elements per iteration as its main loop) find
// them.
func (a *Arrays) Large(name string, footprint int, body func(back string)) (section func()) {
	start, back := a.Prefix+name, a.Prefix+name+"_done"
	t := build.GP64()
	build.IMUL3Q(operand.Imm(uint64(footprint)), a.N, t)
	build.CMPQ(t, operand.NewDataAddr(operand.Symbol{Name: StreamVar}, 0))
	build.JAE(operand.LabelRef(start))
	build.Label(back)
	return func() {
		build.Label(start)
		body(back)
		build.JMP(operand.LabelRef(back))
	}
}

// StoreNT is VMOVNTPS in the variadic form of the generators' instruction
// tables: a non-temporal store of a YMM or ZMM register's bits to an
// aligned address, for float32 and float64 alike.
func StoreNT(ops ...operand.Op) { build.VMOVNTPS(ops[0], ops[1]) }
