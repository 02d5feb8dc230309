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
