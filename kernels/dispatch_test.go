package kernels

import (
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/testkit"
)

// startISA is the ISA chosen at start-up, before any test called Use.
var startISA ISA

func TestMain(m *testing.M) {
	startISA = Active()
	os.Exit(m.Run())
}

// TestExpectedISA proves which path a run takes: CI sets
// HOTLOOP_EXPECT_ISA for each emulated CPU (generic on a CPU without AVX,
// avx2 on Haswell, neon on arm64), so a wrong dispatch fails loudly.
func TestExpectedISA(t *testing.T) {
	want := os.Getenv("HOTLOOP_EXPECT_ISA")
	if want == "" {
		t.Skipf("HOTLOOP_EXPECT_ISA not set; started on %s (%s)", startISA, ActiveReason())
	}
	if startISA.String() != want {
		t.Fatalf("started on %s, want %s (supported %v)", startISA, want, Supported())
	}
}

func TestSupported(t *testing.T) {
	s := Supported()
	if len(s) == 0 || s[0] != Generic {
		t.Fatalf("Supported() = %v, want Generic first", s)
	}
	if os.Getenv("HOTLOOP_ISA") == "" && startISA != s[len(s)-1] {
		t.Fatalf("started on %s, want the best supported %s", startISA, s[len(s)-1])
	}
	for _, isa := range s {
		if tables[isa] == nil {
			t.Fatalf("%s supported but has no table", isa)
		}
	}
	prev := Active()
	defer Use(prev)
	for isa := ISA(0); isa < numISA+2; isa++ {
		err := Use(isa)
		supported := false
		for _, x := range s {
			supported = supported || x == isa
		}
		if supported != (err == nil) {
			t.Fatalf("Use(%s) = %v, supported %v", isa, err, supported)
		}
		if err == nil && Active() != isa {
			t.Fatalf("Use(%s) left Active() = %s", isa, Active())
		}
		if err != nil && Active() == isa {
			t.Fatalf("failed Use(%s) changed the active ISA", isa)
		}
	}
}

func TestISANames(t *testing.T) {
	for isa, name := range map[ISA]string{Generic: "generic", AVX2: "avx2", AVX512: "avx512", NEON: "neon"} {
		if isa.String() != name {
			t.Errorf("%d.String() = %q, want %q", isa, isa.String(), name)
		}
		for _, s := range []string{name, strings.ToUpper(name)} {
			if got, err := ParseISA(s); err != nil || got != isa {
				t.Errorf("ParseISA(%q) = %v, %v", s, got, err)
			}
		}
	}
	if _, err := ParseISA("sse9"); err == nil {
		t.Error("ParseISA(sse9) succeeded")
	}
	if s := ISA(200).String(); s != "ISA(200)" {
		t.Errorf("ISA(200).String() = %q", s)
	}
}

// TestEnvironmentSelection covers HOTLOOP_ISA's rules without restarting
// the process: a supported name is used, anything else falls back to the
// best ISA with a reason that says why.
func TestEnvironmentSelection(t *testing.T) {
	best := bestISA()
	cases := []struct {
		env    string
		want   ISA
		reason string
	}{
		{"", best, "best"},
		{"generic", Generic, "HOTLOOP_ISA=generic"},
		{"GENERIC", Generic, "HOTLOOP_ISA"},
		{"nonsense", best, "not an ISA name"},
	}
	for _, isa := range []ISA{AVX2, AVX512, NEON} {
		if tables[isa] != nil {
			cases = append(cases, struct {
				env    string
				want   ISA
				reason string
			}{isa.String(), isa, "chosen by HOTLOOP_ISA"})
		} else {
			cases = append(cases, struct {
				env    string
				want   ISA
				reason string
			}{isa.String(), best, "not supported"})
		}
	}
	for _, c := range cases {
		s := initialSelection(c.env)
		if s.isa != c.want || s.table != tables[c.want] || !strings.Contains(s.reason, c.reason) {
			t.Errorf("HOTLOOP_ISA=%q: got %s (%q), want %s with %q", c.env, s.isa, s.reason, c.want, c.reason)
		}
	}
}

// TestTablesComplete checks that no kernel of any usable table is nil:
// the dispatcher calls them without checking.
func TestTablesComplete(t *testing.T) {
	for isa, tab := range tables {
		if tab == nil {
			continue
		}
		testkit.EachFunc(tab, func(name string, f reflect.Value) {
			if f.IsNil() {
				t.Errorf("%s: %s is nil", ISA(isa), name)
			}
		})
	}
}

// TestUseWhileRunning switches ISA while other goroutines run kernels
// (meaningful under -race): every call must complete on one consistent
// implementation and give the right answer.
func TestUseWhileRunning(t *testing.T) {
	prev := Active()
	defer Use(prev)
	a := make([]float32, 1000)
	for i := range a {
		a[i] = float32(i % 10)
	}
	var wg sync.WaitGroup
	var calls atomic.Int64
	stop := make(chan struct{})
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := make([]float32, len(a))
			for {
				select {
				case <-stop:
					return
				default:
				}
				if s := Sum(a); s != 4500 {
					t.Errorf("Sum = %v during Use", s)
					return
				}
				Add(dst, a, a)
				if dst[999] != 18 {
					t.Errorf("Add gave %v during Use", dst[999])
					return
				}
				calls.Add(1)
			}
		}()
	}
	// Switch until the workers have made enough calls to have overlapped
	// many switches (bounded, in case the workers fail early).
	for i := 0; calls.Load() < 20000 && i < 10_000_000; i++ {
		s := Supported()
		if err := Use(s[i%len(s)]); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}

// TestCompletedFillsFromBase checks the gap filling of an ISA that extends
// another: a kernel its table lacks comes from the base table before the
// generic one, so AVX-512 runs AVX2's version of a kernel its table was
// not regenerated for.
func TestCompletedFillsFromBase(t *testing.T) {
	called := false
	base := &asm.Table{}
	base.F32.Add = func(dst, a, b []float32) { called = true }
	c := completed(&asm.Table{}, base)
	c.F32.Add(nil, nil, nil)
	if !called {
		t.Error("Add did not come from the base table")
	}
	if reflect.ValueOf(c.F32.Sub).Pointer() != reflect.ValueOf(genericTable.F32.Sub).Pointer() {
		t.Error("Sub, in neither table, is not the generic one")
	}
	if c := completed(&asm.Table{}, nil); reflect.ValueOf(c.F32.Add).Pointer() != reflect.ValueOf(genericTable.F32.Add).Pointer() {
		t.Error("without a base, Add is not the generic one")
	}
}
