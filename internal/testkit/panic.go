package testkit

import (
	"strings"
	"testing"
	"unsafe"
)

// ExpectPanic runs f and fails t unless f panics with a string or error
// whose message contains every one of want.
func ExpectPanic(t testing.TB, what string, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("%s: no panic", what)
		}
		msg := ""
		switch v := r.(type) {
		case string:
			msg = v
		case error:
			msg = v.Error()
		default:
			t.Fatalf("%s: panic value %T %v", what, r, r)
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Fatalf("%s: panic %q lacks %q", what, msg, w)
			}
		}
	}()
	f()
}

// Overlapping returns a destination of nd Ds and a source of ns Ss in one
// buffer, the destination starting 8 bytes (one element of any kernel
// type, so both stay aligned) after the source: for lengths of 16 and more
// they share memory without being the very same slice, the misuse kernels
// must refuse.
func Overlapping[D, S any](nd, ns int) (dst []D, src []S) {
	var d D
	var s S
	size := max(uintptr(nd)*unsafe.Sizeof(d), uintptr(ns)*unsafe.Sizeof(s))
	buf := make([]uint64, (8+size)/8+1)
	return unsafe.Slice((*D)(unsafe.Pointer(&buf[1])), nd), unsafe.Slice((*S)(unsafe.Pointer(&buf[0])), ns)
}
