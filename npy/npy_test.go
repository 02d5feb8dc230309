package npy

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func roundTrip[T Elem](t *testing.T, shape []int, data []T) {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, shape, data); err != nil {
		t.Fatal(err)
	}
	head := b.Bytes()[:10+int(b.Bytes()[8])|int(b.Bytes()[9])<<8]
	if len(head)%64 != 0 || head[len(head)-1] != '\n' {
		t.Fatalf("header of %d bytes, ending %q: want a multiple of 64 ending in a newline", len(head), head[len(head)-1])
	}
	gotShape, got, err := Read[T](bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(gotShape) != fmt.Sprint(shape) || len(got) != len(data) {
		t.Fatalf("shape %v len %d, want %v len %d", gotShape, len(got), shape, len(data))
	}
	for i := range data {
		if got[i] != data[i] && !(got[i] != got[i] && data[i] != data[i]) {
			t.Fatalf("element %d = %v, want %v", i, got[i], data[i])
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, shape := range [][]int{{}, {0}, {1}, {5}, {2, 3}, {2, 3, 4}, {3, 0, 2}, {1000}} {
		n := Header{Shape: shape}.Len()
		u8, i64, f32, f64 := make([]uint8, n), make([]int64, n), make([]float32, n), make([]float64, n)
		for i := 0; i < n; i++ {
			u8[i] = uint8(i * 7)
			i64[i] = int64(i)*-3_000_000_000_123 + math.MaxInt64/7
			f32[i] = float32(i)/3 - 11
			f64[i] = math.Ldexp(float64(i)+0.1, i%60-30)
		}
		if n > 3 {
			f32[1], f64[2], f32[3] = float32(math.NaN()), math.Inf(-1), float32(math.Copysign(0, -1))
		}
		t.Run(fmt.Sprint(shape), func(t *testing.T) {
			roundTrip(t, shape, u8)
			roundTrip(t, shape, i64)
			roundTrip(t, shape, f32)
			roundTrip(t, shape, f64)
			type celsius float32
			named := make([]celsius, n)
			roundTrip(t, shape, named)
		})
	}
}

// TestVersion2 writes a header too long for version 1.0 (tens of
// thousands of axes) and reads it back.
func TestVersion2(t *testing.T) {
	shape := make([]int, 25000)
	for i := range shape {
		shape[i] = 1
	}
	var b bytes.Buffer
	if err := Write(&b, shape, []float32{7}); err != nil {
		t.Fatal(err)
	}
	if v := b.Bytes()[6]; v != 2 {
		t.Fatalf("version %d, want 2", v)
	}
	if _, d, err := Read[float32](&b); err != nil || len(d) != 1 || d[0] != 7 {
		t.Fatalf("Read: %v %v", d, err)
	}
}

func header(dict string) []byte {
	b := []byte(magic + "\x01\x00")
	b = append(b, byte(len(dict)), byte(len(dict)>>8))
	return append(b, dict...)
}

func TestMalformed(t *testing.T) {
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "unexpected EOF"},
		{"magic", []byte("\x93NUMPZ\x01\x00\x00\x00"), "bad magic"},
		{"version", []byte(magic + "\x09\x00\x00\x00"), "version 9"},
		{"short header", append([]byte(magic+"\x01\x00\x40\x00"), "{'descr'"...), "unexpected EOF"},
		{"big endian", header("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }"), "unsupported dtype"},
		{"complex", header("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }"), "unsupported dtype"},
		{"fortran", header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }"), "Fortran"},
		{"negative", header("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }"), "bad dimension"},
		{"overflow", header("{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 4), }"), "overflows"},
		{"missing", header("{'descr': '<f4', 'shape': (2,), }"), "missing key"},
		{"duplicate", header("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"), "twice"},
		{"extra key", header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}"), "unexpected key"},
		{"trailing", header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x"), "trailing"},
		{"unterminated", header("{'descr': '<f4"), "unterminated"},
		{"v2 huge", []byte(magic + "\x02\x00\xff\xff\xff\x7f"), "header of"},
		// A header claiming a terabyte over a 16-byte body: an error, not an allocation.
		{"claims more than it holds", append(header("{'descr': '<f8', 'fortran_order': False, 'shape': (131072, 1048576), }"), make([]byte, 16)...), "unexpected EOF"},
	} {
		_, _, err := Read[float32](bytes.NewReader(c.file))
		if c.name == "claims more than it holds" {
			_, _, err = Read[float64](bytes.NewReader(c.file))
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	var b bytes.Buffer
	Write(&b, []int{2}, []int64{1, 2})
	if _, _, err := Read[float64](&b); err == nil || !strings.Contains(err.Error(), "holds <i8, not <f8") {
		t.Errorf("dtype mismatch: %v", err)
	}
	if err := Write(io.Discard, []int{3}, []uint8{1, 2}); err == nil {
		t.Error("Write accepted 2 elements for shape (3,)")
	}
}

// TestNumpyFiles reads files numpy wrote (testdata/make_npy.py) and checks
// their values against numpy's own printout.
func TestNumpyFiles(t *testing.T) {
	for _, name := range []string{"u8_2x3x4", "i64_5", "f32_3x7", "f64_scalar", "f64_0x4"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", name+".npy"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			txt, err := os.ReadFile(filepath.Join("testdata", name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(txt), "\n")
			wantShape := strings.Fields(lines[0])
			wantVals := strings.Fields(lines[1])
			var shape []int
			var vals []string
			switch name[:2] {
			case "u8":
				var d []uint8
				shape, d, err = Read[uint8](f)
				for _, v := range d {
					vals = append(vals, strconv.Itoa(int(v)))
				}
			case "i6":
				var d []int64
				shape, d, err = Read[int64](f)
				for _, v := range d {
					vals = append(vals, strconv.FormatInt(v, 10))
				}
			case "f3":
				var d []float32
				shape, d, err = Read[float32](f)
				for _, v := range d {
					vals = append(vals, strconv.FormatFloat(float64(v), 'g', -1, 64))
				}
			default:
				var d []float64
				shape, d, err = Read[float64](f)
				for _, v := range d {
					vals = append(vals, strconv.FormatFloat(v, 'g', -1, 64))
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(len(shape), shape) != fmt.Sprint(len(wantShape), strings.Join(wantShape, " ")) && !(len(shape) == len(wantShape) && fmt.Sprint(shape) == "["+strings.Join(wantShape, " ")+"]") {
				t.Fatalf("shape %v, numpy %v", shape, wantShape)
			}
			if len(vals) != len(wantVals) {
				t.Fatalf("%d values, numpy %d", len(vals), len(wantVals))
			}
			for i := range vals {
				w, _ := strconv.ParseFloat(wantVals[i], 64)
				g, _ := strconv.ParseFloat(vals[i], 64)
				if g != w && vals[i] != wantVals[i] {
					t.Fatalf("value %d = %s, numpy %s", i, vals[i], wantVals[i])
				}
			}
		})
	}
}

// TestNumpyLoadsOurs writes arrays with Write and a Writer and has numpy
// load them, when Debian's python3-numpy is installed.
func TestNumpyLoadsOurs(t *testing.T) {
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import numpy").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must run this test: apt-get install python3-numpy")
		}
		t.Skip("needs Debian's python3-numpy")
	}
	dir := t.TempDir()
	f32 := []float32{1.5, -2, float32(math.Inf(1)), 0.1}
	var b bytes.Buffer
	if err := Write(&b, []int{2, 2}, f32); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a.npy"), b.Bytes(), 0o644)
	f, err := os.Create(filepath.Join(dir, "b.npy"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter[uint8](f, []int{3, 2, 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{2, 0, 1} {
		if err := w.WriteItem(i, []uint8{uint8(4 * i), uint8(4*i + 1), uint8(4*i + 2), uint8(4*i + 3)}); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	out, err := exec.Command(py, "-c", `
import numpy as np, sys
a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
print(a.dtype, a.shape, a.ravel().tolist()); print(b.dtype, b.shape, b.ravel().tolist())`,
		filepath.Join(dir, "a.npy"), filepath.Join(dir, "b.npy")).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
	want := "float32 (2, 2) [1.5, -2.0, inf, 0.10000000149011612]\nuint8 (3, 2, 2) [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n"
	if string(out) != want {
		t.Fatalf("numpy read:\n%s\nwant:\n%s", out, want)
	}
}

// memFile is an in-memory io.WriterAt.
type memFile struct {
	mu sync.Mutex
	b  []byte
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if end := int(off) + len(p); end > len(m.b) {
		m.b = append(m.b, make([]byte, end-len(m.b))...)
	}
	copy(m.b[off:], p)
	return len(p), nil
}

// TestWriterConcurrent writes the items of an array from several
// goroutines in scrambled order: the file must equal Write's.
func TestWriterConcurrent(t *testing.T) {
	shape := []int{64, 3, 5}
	data := make([]float64, 64*15)
	for i := range data {
		data[i] = float64(i) * 1.25
	}
	var want bytes.Buffer
	Write(&want, shape, data)
	m := &memFile{}
	w, err := NewWriter[float64](m, shape)
	if err != nil {
		t.Fatal(err)
	}
	if w.ItemSize() != 15 || w.Size() != int64(want.Len()) {
		t.Fatalf("ItemSize %d Size %d, want 15 and %d", w.ItemSize(), w.Size(), want.Len())
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < 64; i += 4 {
				j := (i * 37) % 64
				if err := w.WriteItem(j, data[15*j:15*j+15]); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if !bytes.Equal(m.b, want.Bytes()) {
		t.Fatal("the streamed file differs from Write's")
	}
	for _, c := range []struct {
		i    int
		n    int
		want string
	}{{64, 15, "item 64 of 64"}, {-1, 15, "item -1"}, {0, 14, "14 elements, want 15"}} {
		if err := w.WriteItem(c.i, make([]float64, c.n)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WriteItem(%d, %d elements) = %v, want %q", c.i, c.n, err, c.want)
		}
	}
	if _, err := NewWriter[float64](m, nil); err == nil {
		t.Error("NewWriter accepted a 0-d shape")
	}
}

func FuzzReadHeader(f *testing.F) {
	var b bytes.Buffer
	Write(&b, []int{2, 3}, []float32{1, 2, 3, 4, 5, 6})
	f.Add(b.Bytes())
	f.Add(header("{'descr': '<f8', 'fortran_order': False, 'shape': (), }"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadHeader(bytes.NewReader(data))
		if err != nil {
			return
		}
		if h.Len() < 0 {
			t.Fatalf("accepted shape %v", h.Shape)
		}
		// What was accepted must re-encode and parse to the same header.
		enc, err := h.encode()
		if err != nil {
			t.Fatal(err)
		}
		h2, err := ReadHeader(bytes.NewReader(enc))
		if err != nil || fmt.Sprint(h2) != fmt.Sprint(h) {
			t.Fatalf("re-encoded header %v: %v, %v", h, h2, err)
		}
	})
}

// TestWriterShrink writes 5 items, shrinks the array to 3 and checks that
// the file (truncated to Size) reads back as those 3 items.
func TestWriterShrink(t *testing.T) {
	for _, items := range []int{5, 1000, 100000} {
		m := &memFile{}
		w, err := NewWriter[int64](m, []int{items, 2})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < items; i++ {
			w.WriteItem(i, []int64{int64(i), -int64(i)})
		}
		if err := w.Shrink(3); err != nil {
			t.Fatal(err)
		}
		shape, d, err := Read[int64](bytes.NewReader(m.b[:w.Size()]))
		if err != nil || fmt.Sprint(shape) != "[3 2]" || fmt.Sprint(d) != "[0 0 1 -1 2 -2]" {
			t.Fatalf("after Shrink(3) of %d: %v %v %v", items, shape, d, err)
		}
		if err := w.Shrink(4); err == nil {
			t.Error("Shrink grew the array")
		}
	}
}
