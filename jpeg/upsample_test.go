package jpeg

import (
	"bytes"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
	"github.com/hotloop/hotloop/kernels"
)

// h2v1 (libjpeg-turbo's loop, with its edge cases written out; the
// decoder runs kernels.UpsampleH2V1) doubles in (the real samples of one row, at least 3) horizontally
// into out, which holds 2*len(in) or 2*len(in)-1 samples: out[2i] =
// (3 in[i] + in[i-1] + 1) >> 2, out[2i+1] = (3 in[i] + in[i+1] + 2) >> 2,
// the first and last outputs copying the edge samples.
func h2v1(out, in []uint8) {
	n := len(in)
	out[0] = in[0]
	out[1] = uint8((3*int32(in[0]) + int32(in[1]) + 2) >> 2)
	// interior: walk a window of three samples and an advancing output
	// slice, which keeps the loop free of bounds checks
	dst := out[2 : 2*n-2]
	prev, cur := int32(in[0]), int32(in[1])
	for _, v := range in[2:] {
		next := int32(v)
		if len(dst) < 2 {
			break
		}
		s := 3 * cur
		dst[0] = uint8((s + prev + 1) >> 2)
		dst[1] = uint8((s + next + 2) >> 2)
		dst = dst[2:]
		prev, cur = cur, next
	}
	out[2*n-2] = uint8((3*int32(in[n-1]) + int32(in[n-2]) + 1) >> 2)
	if len(out) > 2*n-1 {
		out[2*n-1] = in[n-1]
	}
}

// h2v2 (libjpeg-turbo's loop; the decoder runs kernels.UpsampleH2V2)
// computes one output row from the nearer and farther input rows
// (the real samples only, at least 3): vertical sums 3*near+far, then the
// horizontal triangle with biases 8 and 7, the edge sums standing in for
// the missing neighbours. out holds 2*len(near) or one fewer samples.
func h2v2(out, near, far []uint8, sum []int32) {
	n := len(near)
	far, sum = far[:n], sum[:n]
	for i := range sum {
		sum[i] = 3*int32(near[i]) + int32(far[i])
	}
	out[0] = uint8((4*sum[0] + 8) >> 4)
	out[1] = uint8((3*sum[0] + sum[1] + 7) >> 4)
	dst := out[2 : 2*n-2]
	prev, cur := sum[0], sum[1]
	for _, next := range sum[2:] {
		if len(dst) < 2 {
			break
		}
		s := 3 * cur
		dst[0] = uint8((s + prev + 8) >> 4)
		dst[1] = uint8((s + next + 7) >> 4)
		dst = dst[2:]
		prev, cur = cur, next
	}
	out[2*n-2] = uint8((3*sum[n-1] + sum[n-2] + 8) >> 4)
	if len(out) > 2*n-1 {
		out[2*n-1] = uint8((4*sum[n-1] + 7) >> 4)
	}
}

// TestUpsampleKernelsAreLibjpeg checks the upsampling kernels against
// libjpeg-turbo's loops for rows of 3 to 300 samples and both output
// widths (2n and 2n-1, the kernels' last sample left off).
func TestUpsampleKernelsAreLibjpeg(t *testing.T) {
	r := testkit.NewRand(3)
	for n := 3; n <= 300; n++ {
		near, far := make([]uint8, n), make([]uint8, n)
		for i := range near {
			near[i], far[i] = uint8(r.Uint32()), uint8(r.Uint32())
		}
		got := make([]uint8, 2*n)
		kernels.UpsampleH2V1(got, near)
		for _, w := range []int{2 * n, 2*n - 1} {
			want := make([]uint8, w)
			h2v1(want, near)
			if !bytes.Equal(got[:w], want) {
				t.Fatalf("h2v1, %d samples to %d: %v, want %v", n, w, got[:w], want)
			}
		}
		kernels.UpsampleH2V2(got, near, far)
		for _, w := range []int{2 * n, 2*n - 1} {
			want := make([]uint8, w)
			h2v2(want, near, far, make([]int32, n))
			if !bytes.Equal(got[:w], want) {
				t.Fatalf("h2v2, %d samples to %d: %v, want %v", n, w, got[:w], want)
			}
		}
	}
}
