package testkit

import (
	"strings"
	"testing"
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
