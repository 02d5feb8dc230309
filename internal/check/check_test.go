package check

import (
	"strings"
	"testing"
)

func panicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(string)
		}
	}()
	f()
	return ""
}

func TestMessages(t *testing.T) {
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { Len2("kernels.AddConst", "dst,a", 3, 4) }, "hotloop: kernels.AddConst: slice lengths differ: dst=3 a=4"},
		{func() { Len3("parallel.Add", "dst,a,b", 3, 3, 5) }, "hotloop: parallel.Add: slice lengths differ: dst=3 a=3 b=5"},
		{func() { Len4("kernels.MulAdd", "dst,a,b,c", 1, 1, 1, 0) }, "hotloop: kernels.MulAdd: slice lengths differ: dst=1 a=1 b=1 c=0"},
		{func() { NotEmpty("kernels.Min", 0) }, "hotloop: kernels.Min: empty slice"},
	} {
		if got := panicOf(c.f); got != c.want {
			t.Errorf("panic %q, want %q", got, c.want)
		}
	}
	if got := panicOf(func() { Len3("x", "a,b,c", 2, 2, 2); Len2("x", "a,b", 0, 0); NotEmpty("x", 1) }); got != "" {
		t.Errorf("valid arguments panicked: %s", got)
	}
}

func TestNoPartialOverlap(t *testing.T) {
	f := make([]float32, 16)
	b := make([]byte, 64)
	for _, c := range []struct {
		name  string
		f     func()
		panic bool
	}{
		{"same slice", func() { NoPartialOverlap("k", f, f) }, false},
		{"disjoint halves", func() { NoPartialOverlap("k", f[:8], f[8:]) }, false},
		{"empty", func() { NoPartialOverlap("k", f[:0], f) }, false},
		{"shifted up", func() { NoPartialOverlap("k", f[1:], f[:15]) }, true},
		{"shifted down", func() { NoPartialOverlap("k", f[:15], f[1:]) }, true},
		{"prefix", func() { NoPartialOverlap("k", f[:8], f) }, true},
		{"same start, other element size", func() { NoPartialOverlap("k", b[:16], b) }, true},
	} {
		msg := panicOf(c.f)
		if (msg != "") != c.panic || c.panic && !strings.Contains(msg, "hotloop: k: destination partially overlaps") {
			t.Errorf("%s: panic %q", c.name, msg)
		}
	}
}

// TestResampleFitsOneBad puts one window past the source's end, or one
// negative field, at every position among good windows: the random test
// rarely draws a good first window, so rarely tests a later one.
func TestResampleFitsOneBad(t *testing.T) {
	for out := 1; out <= 7; out++ {
		for bad := 0; bad < out; bad++ {
			for _, w := range [][2]int32{{4, 1}, {0, 5}, {-1, 1}, {1, -1}, {1 << 30, 1}} {
				bounds := make([]int32, 2*out)
				for x := 0; x < out; x++ {
					bounds[2*x], bounds[2*x+1] = int32(x%4), 1
				}
				bounds[2*bad], bounds[2*bad+1] = w[0], w[1]
				if resampleFits(bounds, 4, 100) {
					t.Errorf("%d windows, window %d = %v of 4 pixels: resampleFits passes it", out, bad, w)
				}
			}
		}
		good := make([]int32, 2*out)
		for x := 0; x < out; x++ {
			good[2*x], good[2*x+1] = int32(x%4), 1
		}
		if !resampleFits(good, 4, uint64(out)) || resampleFits(good, 4, uint64(out-1)) {
			t.Errorf("%d good windows of one tap: wrong answer at %d or %d weights", out, out, out-1)
		}
	}
}

// TestResampleFits checks resampleFits, the per-row fast test of the
// windows, against the loop that names the problem: they agree on random
// bounds with negative, huge and edge values.
func TestResampleFits(t *testing.T) {
	vals := []int32{-1 << 31, -2, -1, 0, 1, 2, 3, 7, 8, 9, 1 << 30, 1<<31 - 1}
	seed := uint32(1)
	next := func() int32 { // a small xorshift: no import of math/rand here
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		return vals[seed%uint32(len(vals))]
	}
	for trial := 0; trial < 20000; trial++ {
		out := int(seed % 4)
		bounds := make([]int32, 2*out)
		for i := range bounds {
			bounds[i] = next()
		}
		in, k := int(seed%10), int(seed>>8%20)
		slow := ""
		taps := 0
		for x := 0; x < len(bounds) && slow == ""; x += 2 {
			first, n := int(bounds[x]), int(bounds[x+1])
			if first < 0 || n < 0 || n > in-first {
				slow = "window"
			} else if taps += n; taps > k {
				slow = "taps"
			}
		}
		if got := resampleFits(bounds, uint64(in), uint64(k)); got != (slow == "") {
			t.Fatalf("bounds %v, %d pixels, %d weights: resampleFits %v, the loop says %q", bounds, in, k, got, slow)
		}
	}
}

// BenchmarkResampleProblem times the per-row check of a 2560-pixel RGB
// row resized to 320 pixels with 32-tap windows (bicubic's), which every
// row of such a resize pays.
func BenchmarkResampleProblem(b *testing.B) {
	const in, out, taps = 2560, 320, 32
	bounds := make([]int32, 2*out)
	for x := range out {
		bounds[2*x] = int32(min(max(8*x-12, 0), in-taps))
		bounds[2*x+1] = taps
	}
	dst, src, k := make([]uint8, 3*out), make([]uint8, 3*in), make([]int32, out*taps)
	for b.Loop() {
		if p := ResampleProblem(3, dst, src, bounds, k); p != "" {
			b.Fatal(p)
		}
	}
}
