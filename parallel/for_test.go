package parallel

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// expectedChunks lists the chunks For must make of [0, n): they depend on n
// and the grain only.
func expectedChunks(n, grain int) [][2]int {
	var cs [][2]int
	size := chunkSize(n, grain)
	for lo := 0; lo < n; lo += size {
		cs = append(cs, [2]int{lo, min(lo+size, n)})
	}
	return cs
}

func TestForCoversEveryIndexOnce(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 2, 3, 7, 100, 255, 256, 257, 1000, 4097, 100_000} {
		for _, grain := range []int{0, 1, 3, 64, 1000} {
			for _, w := range []int{0, 1, 2, 3, 8} {
				hits := make([]int32, n)
				var mu sync.Mutex
				var chunks [][2]int
				For(n, func(lo, hi int) {
					for i := lo; i < hi; i++ {
						atomic.AddInt32(&hits[i], 1)
					}
					mu.Lock()
					chunks = append(chunks, [2]int{lo, hi})
					mu.Unlock()
				}, Grain(grain), Workers(w))
				for i, h := range hits {
					if h != 1 {
						t.Fatalf("n=%d grain=%d workers=%d: index %d ran %d times", n, grain, w, i, h)
					}
				}
				slices.SortFunc(chunks, func(a, b [2]int) int { return a[0] - b[0] })
				if want := expectedChunks(n, grain); !slices.Equal(chunks, want) {
					t.Fatalf("n=%d grain=%d workers=%d: chunks %v, want %v", n, grain, w, chunks, want)
				}
				if len(chunks) > maxChunks {
					t.Fatalf("n=%d grain=%d: %d chunks, more than %d", n, grain, len(chunks), maxChunks)
				}
			}
		}
	}
}

func TestForInlineRunsOnCallerInOrder(t *testing.T) {
	// One chunk, or one worker: no other goroutine may run the body, and
	// the chunks come in order.
	for _, tc := range []struct{ n, grain, workers int }{{10, 10, 0}, {10, 100, 8}, {1000, 1, 1}} {
		var got [][2]int
		For(tc.n, func(lo, hi int) { got = append(got, [2]int{lo, hi}) }, Grain(tc.grain), Workers(tc.workers))
		if want := expectedChunks(tc.n, tc.grain); !slices.Equal(got, want) {
			t.Errorf("%+v: chunks %v, want %v in order", tc, got, want)
		}
	}
}

func TestForNestedDepth3(t *testing.T) {
	t.Parallel()
	const a, b, c = 6, 5, 300
	for _, w := range []int{0, 2, 3, 8} {
		var hits [a][b][c]int32
		For(a, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				For(b, func(lo, hi int) {
					for j := lo; j < hi; j++ {
						For(c, func(lo, hi int) {
							for k := lo; k < hi; k++ {
								atomic.AddInt32(&hits[i][j][k], 1)
							}
						}, Workers(w), Grain(7))
					}
				}, Workers(w))
			}
		}, Workers(w))
		for i := range hits {
			for j := range hits[i] {
				for k, h := range hits[i][j] {
					if h != 1 {
						t.Fatalf("workers=%d: [%d][%d][%d] ran %d times", w, i, j, k, h)
					}
				}
			}
		}
	}
}

func TestForConcurrentCallers(t *testing.T) {
	t.Parallel()
	// Many goroutines calling For (and nesting) at once share the pool:
	// every call must still cover its range exactly once.
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for range 100 {
				n := r.IntN(5000)
				var total atomic.Int64
				For(n, func(lo, hi int) {
					if hi-lo > 50 {
						Reduce(hi-lo, func(l, h int) int { total.Add(int64(h - l)); return 0 },
							func(x, y int) int { return x + y }, Grain(10))
						return
					}
					total.Add(int64(hi - lo))
				}, Grain(1+r.IntN(100)), Workers(1+r.IntN(4)))
				if got := total.Load(); got != int64(n) {
					t.Errorf("covered %d indices of %d", got, n)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestForPanicReachesCaller(t *testing.T) {
	for _, w := range []int{1, 2, 8} {
		for _, at := range []int{0, 50, 99} {
			var ran atomic.Int32
			p := catch(func() {
				For(100, func(lo, hi int) {
					ran.Add(1)
					if lo <= at && at < hi {
						panic(fmt.Sprintf("boom at %d", at))
					}
				}, Grain(1), Workers(w))
			})
			pe, ok := p.(*PanicError)
			if !ok {
				t.Fatalf("workers=%d: recovered %T %v, want *PanicError", w, p, p)
			}
			if pe.Value != fmt.Sprintf("boom at %d", at) {
				t.Errorf("workers=%d: panic value %v", w, pe.Value)
			}
			if !strings.Contains(string(pe.Stack), "for_test.go") {
				t.Errorf("workers=%d: the stack does not show where the panic happened:\n%s", w, pe.Stack)
			}
		}
	}
	// The pool survives: a later call covers its range.
	var n atomic.Int64
	For(1000, func(lo, hi int) { n.Add(int64(hi - lo)) }, Workers(4))
	if n.Load() != 1000 {
		t.Fatalf("after panics, For covered %d of 1000", n.Load())
	}
}

func TestForNestedPanicIsWrappedOnce(t *testing.T) {
	p := catch(func() {
		For(4, func(lo, hi int) {
			For(4, func(lo, hi int) {
				var s []int
				_ = s[lo+10] // a runtime error, deep inside
			}, Grain(1), Workers(2))
		}, Grain(1), Workers(2))
	})
	pe, ok := p.(*PanicError)
	if !ok {
		t.Fatalf("recovered %T, want *PanicError", p)
	}
	if _, twice := pe.Value.(*PanicError); twice {
		t.Fatal("nested panic wrapped twice")
	}
	var re runtime.Error
	if !errors.As(pe, &re) {
		t.Fatalf("errors.As cannot reach the runtime.Error in %v", pe.Value)
	}
}

func catch(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestReduceIsDeterministic(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float32, 1_000_003)
	for i := range xs {
		xs[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(8))))
	}
	sum := func(lo, hi int) float32 {
		s := float32(0)
		for _, x := range xs[lo:hi] {
			s += x
		}
		return s
	}
	add := func(a, b float32) float32 { return a + b }
	for _, grain := range []int{0, 1000, 100_000} {
		// The reference: the same chunks, folded in order, on one goroutine.
		var want float32
		for i, c := range expectedChunks(len(xs), grain) {
			if i == 0 {
				want = sum(c[0], c[1])
			} else {
				want += sum(c[0], c[1])
			}
		}
		for _, w := range []int{1, 2, 3, 8} {
			for range 3 {
				got := Reduce(len(xs), sum, add, Grain(grain), Workers(w))
				if math.Float32bits(got) != math.Float32bits(want) {
					t.Fatalf("grain=%d workers=%d: %g, want %g bit for bit", grain, w, got, want)
				}
			}
		}
	}
	if got := Reduce(0, sum, add); got != 0 {
		t.Errorf("Reduce of nothing = %g", got)
	}
}

func TestChunkSize(t *testing.T) {
	for _, tc := range []struct{ n, grain, want int }{
		{1, 0, 1}, {256, 1, 1}, {257, 1, 2}, {1 << 20, 1, 4096}, {1 << 20, 1 << 16, 1 << 16}, {10, 100, 100},
	} {
		if got := chunkSize(tc.n, tc.grain); got != tc.want {
			t.Errorf("chunkSize(%d, %d) = %d, want %d", tc.n, tc.grain, got, tc.want)
		}
	}
}

// checkCover reports what is wrong with chunks as a partition of [0, n)
// into at most maxChunks chunks: "" if nothing.
func checkCover(n int, chunks [][2]int) string {
	if len(chunks) > maxChunks {
		return fmt.Sprintf("%d chunks, more than %d", len(chunks), maxChunks)
	}
	slices.SortFunc(chunks, func(a, b [2]int) int {
		if a[0] < b[0] {
			return -1
		}
		if a[0] > b[0] {
			return 1
		}
		return 0
	})
	next := 0
	for _, c := range chunks {
		if c[0] != next || c[1] <= c[0] || c[1] > n {
			return fmt.Sprintf("chunk [%d, %d) after index %d", c[0], c[1], next)
		}
		next = c[1]
	}
	if next != n {
		return fmt.Sprintf("chunks end at %d", next)
	}
	return ""
}

func TestForAndReduceHugeRangesAndGrains(t *testing.T) {
	t.Parallel()
	ns := []int{1, 10, 257, math.MaxInt / 2, math.MaxInt - 255, math.MaxInt - 1, math.MaxInt}
	grains := []int{0, 1, 300, math.MaxInt / 256, math.MaxInt/2 + 1, math.MaxInt - 1, math.MaxInt}
	for _, n := range ns {
		for _, grain := range grains {
			for _, w := range []int{1, 2, 4} {
				// The body does no work per index; it records its bounds and
				// panics on nonsense, so that a wrapped loop cannot run forever.
				var mu sync.Mutex
				var chunks [][2]int
				record := func(lo, hi int) {
					mu.Lock()
					defer mu.Unlock()
					chunks = append(chunks, [2]int{lo, hi})
					if len(chunks) > maxChunks || lo < 0 || hi <= lo || hi > n {
						panic(fmt.Sprintf("chunk %d is [%d, %d)", len(chunks), lo, hi))
					}
				}
				if p := catch(func() { For(n, record, Grain(grain), Workers(w)) }); p != nil {
					t.Fatalf("For(%d) grain=%d workers=%d: panic %v", n, grain, w, p)
				}
				if msg := checkCover(n, chunks); msg != "" {
					t.Fatalf("For(%d) grain=%d workers=%d: %s", n, grain, w, msg)
				}

				chunks = nil
				var got [][2]int
				p := catch(func() {
					got = Reduce(n, func(lo, hi int) [][2]int { record(lo, hi); return [][2]int{{lo, hi}} },
						func(acc, next [][2]int) [][2]int { return append(acc, next...) },
						Grain(grain), Workers(w))
				})
				if p != nil {
					t.Fatalf("Reduce(%d) grain=%d workers=%d: panic %v", n, grain, w, p)
				}
				if msg := checkCover(n, chunks); msg != "" {
					t.Fatalf("Reduce(%d) grain=%d workers=%d: %s", n, grain, w, msg)
				}
				// Folded in chunk order.
				if !slices.Equal(got, chunks) {
					t.Fatalf("Reduce(%d) grain=%d workers=%d: folded %v, chunks %v", n, grain, w, got, chunks)
				}
			}
		}
	}
}

func TestChunkArithmeticSaturates(t *testing.T) {
	for _, tc := range []struct{ a, b, want int }{
		{0, 1, 0}, {1, 1, 1}, {7, 2, 4}, {8, 2, 4}, {10, math.MaxInt, 1},
		{math.MaxInt, 1, math.MaxInt}, {math.MaxInt, 256, 1 << (strconv.IntSize - 9)},
		{math.MaxInt, math.MaxInt, 1}, {math.MaxInt - 1, math.MaxInt, 1},
	} {
		if got := ceilDiv(tc.a, tc.b); got != tc.want {
			t.Errorf("ceilDiv(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	for _, tc := range []struct{ lo, size, n, want int }{
		{0, 5, 3, 3}, {0, 2, 3, 2}, {4, math.MaxInt, 10, 10},
		{math.MaxInt - 2, math.MaxInt / 8, math.MaxInt, math.MaxInt}, {1, math.MaxInt, math.MaxInt, math.MaxInt},
	} {
		if got := chunkEnd(tc.lo, tc.size, tc.n); got != tc.want {
			t.Errorf("chunkEnd(%d, %d, %d) = %d, want %d", tc.lo, tc.size, tc.n, got, tc.want)
		}
	}
	// The reduction chunks of the largest slice length end where they should.
	if lo, hi := bounds(ceilDiv(math.MaxInt, reduceChunk)-1, math.MaxInt); hi != math.MaxInt || lo >= hi {
		t.Errorf("last reduction chunk of math.MaxInt elements: [%d, %d)", lo, hi)
	}
}

func TestTypedNilPanicErrorSurfaces(t *testing.T) {
	// A body that panics with a nil *PanicError must not pass for a body
	// that did not panic, on the inline path or the parallel one.
	for _, w := range []int{1, 2, 4} {
		var ran atomic.Int32
		p := catch(func() {
			For(64, func(lo, hi int) {
				ran.Add(1)
				if lo == 32 {
					var nilPE *PanicError
					panic(nilPE)
				}
			}, Grain(1), Workers(w))
		})
		pe, ok := p.(*PanicError)
		if !ok || pe == nil {
			t.Fatalf("workers=%d: recovered %T %v after %d chunks, want a non-nil *PanicError", w, p, p, ran.Load())
		}
		if v, ok := pe.Value.(*PanicError); !ok || v != nil {
			t.Errorf("workers=%d: panic value %T %v, want the nil *PanicError", w, pe.Value, pe.Value)
		}
		// Its methods and errors.Is/As cope with the nil inside.
		if msg := pe.Error(); !strings.Contains(msg, "panic") {
			t.Errorf("workers=%d: Error() = %q", w, msg)
		}
		if errors.Is(pe, errors.ErrUnsupported) {
			t.Errorf("workers=%d: errors.Is matched an unrelated error", w)
		}
	}
	// Reduce surfaces it too.
	p := catch(func() {
		Reduce(100, func(lo, hi int) int {
			if lo == 50 {
				panic((*PanicError)(nil))
			}
			return hi - lo
		}, func(a, b int) int { return a + b }, Grain(1), Workers(3))
	})
	if pe, ok := p.(*PanicError); !ok || pe == nil {
		t.Fatalf("Reduce: recovered %T %v, want a non-nil *PanicError", p, p)
	}
	// Map returns it as the item's error.
	_, err := Map(context.Background(), []int{0, 1, 2}, func(_ context.Context, x int) (int, error) {
		if x == 1 {
			panic((*PanicError)(nil))
		}
		return x, nil
	}, Limit(2))
	var ie *ItemError
	var pe *PanicError
	if !errors.As(err, &ie) || ie.Index != 1 || !errors.As(err, &pe) || pe == nil {
		t.Fatalf("Map: err = %#v, want an *ItemError for item 1 wrapping a non-nil *PanicError", err)
	}
	if !strings.Contains(err.Error(), "item 1") {
		t.Errorf("Map: error text %q", err.Error())
	}
}
