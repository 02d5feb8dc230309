package jpeg

import "testing"

func TestExifOrientation(t *testing.T) {
	mm := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x03\x00\x00")
	ii := []byte("II\x2a\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x08\x00\x00\x00")
	long := []byte("II\x2a\x00\x08\x00\x00\x00\x01\x00\x12\x01\x04\x00\x01\x00\x00\x00\x05\x00\x00\x00")
	for _, c := range []struct {
		name string
		t    []byte
		want int
	}{
		{"big-endian", mm, 3},
		{"little-endian", ii, 8},
		{"LONG", long, 5},
		{"cut entry", ii[:len(ii)-4], 0},
		{"bad order mark", append([]byte("XX"), ii[2:]...), 0},
		{"offset past end", []byte("II\x2a\x00\xff\xff\x00\x00"), 0},
		{"empty", nil, 0},
		{"value out of range", []byte("II\x2a\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x09\x00\x00\x00"), 0},
	} {
		if got := exifOrientation(c.t); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
