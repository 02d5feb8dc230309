package parallel

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMapKeepsInputOrder(t *testing.T) {
	t.Parallel()
	items := make([]int, 500)
	for i := range items {
		items[i] = i
	}
	for _, limit := range []int{0, 1, 3, 40} {
		out, err := Map(context.Background(), items, func(_ context.Context, x int) (string, error) {
			time.Sleep(time.Duration(rand.IntN(50)) * time.Microsecond) // finish out of order
			return fmt.Sprint(x * x), nil
		}, Limit(limit))
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range out {
			if s != fmt.Sprint(i*i) {
				t.Fatalf("limit %d: out[%d] = %q", limit, i, s)
			}
		}
	}
	out, err := Map(context.Background(), []int(nil), func(context.Context, int) (int, error) { return 0, errors.New("never called") })
	if err != nil || len(out) != 0 {
		t.Errorf("Map of nothing = %v, %v", out, err)
	}
}

func TestMapRespectsLimit(t *testing.T) {
	t.Parallel()
	for _, limit := range []int{1, 4, 16} {
		var now, peak atomic.Int32
		_, err := Map(context.Background(), make([]int, 64), func(context.Context, int) (int, error) {
			n := now.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(2 * time.Millisecond)
			now.Add(-1)
			return 0, nil
		}, Limit(limit))
		if err != nil {
			t.Fatal(err)
		}
		if p := peak.Load(); p > int32(limit) || p < 1 {
			t.Errorf("limit %d: %d calls at once", limit, p)
		}
	}
}

var errBoom = errors.New("boom")

func TestMapFirstErrorCancelsTheRest(t *testing.T) {
	t.Parallel()
	const n, bad = 1000, 37
	var started, sawCancel atomic.Int32
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	out, err := Map(context.Background(), items, func(ctx context.Context, x int) (int, error) {
		started.Add(1)
		if x == bad {
			return 0, errBoom
		}
		select {
		case <-ctx.Done():
			sawCancel.Add(1)
			return 0, ctx.Err()
		case <-time.After(time.Millisecond):
			return x + 1, nil
		}
	}, Limit(4))
	var ie *ItemError
	if !errors.As(err, &ie) || ie.Index != bad || ie.Attempts != 1 || !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want an *ItemError for item %d wrapping errBoom", err, bad)
	}
	if !strings.Contains(err.Error(), "item 37") {
		t.Errorf("error text %q does not name the item", err)
	}
	if s := started.Load(); s >= n/2 {
		t.Errorf("%d of %d items started after the failure of item %d", s, n, bad)
	}
	// Results of items that succeeded are kept.
	for i := range bad - 4 {
		if out[i] != 0 && out[i] != i+1 {
			t.Errorf("out[%d] = %d", i, out[i])
		}
	}
}

func TestMapRecoversPanics(t *testing.T) {
	t.Parallel()
	_, err := Map(context.Background(), []int{0, 1, 2, 3, 4, 5, 6}, func(_ context.Context, x int) (int, error) {
		if x == 5 {
			panic("kaboom")
		}
		return x, nil
	}, Limit(2), Retry(RetryPolicy{Attempts: 5, Base: time.Millisecond}))
	var ie *ItemError
	var pe *PanicError
	if !errors.As(err, &ie) || ie.Index != 5 || !errors.As(err, &pe) {
		t.Fatalf("err = %v, want an *ItemError for item 5 wrapping a *PanicError", err)
	}
	if pe.Value != "kaboom" || !strings.Contains(string(pe.Stack), "map_test.go") {
		t.Errorf("panic value %v, stack:\n%s", pe.Value, pe.Stack)
	}
	if ie.Attempts != 1 {
		t.Errorf("a panic was retried: %d attempts", ie.Attempts)
	}
}

func TestMapProgress(t *testing.T) {
	t.Parallel()
	var calls [][2]int
	_, err := Map(context.Background(), make([]int, 50), func(context.Context, int) (int, error) {
		return 1, nil
	}, Limit(8), Progress(func(done, total int) { calls = append(calls, [2]int{done, total}) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 50 {
		t.Fatalf("%d progress calls, want 50", len(calls))
	}
	for i, c := range calls {
		if c != [2]int{i + 1, 50} {
			t.Fatalf("progress call %d was %v", i, c)
		}
	}
}

func TestMapParentCancellation(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var calls, late atomic.Int32
	var cancelled atomic.Bool
	_, err := Map(ctx, make([]int, 1000), func(ctx context.Context, _ int) (int, error) {
		if cancelled.Load() {
			late.Add(1)
		}
		switch n := calls.Add(1); {
		case n == 10:
			cancel()
			cancelled.Store(true)
		case n > 10:
			// Hold the other goroutine until the cancellation, so that a
			// slow scheduler cannot let it finish every item first.
			<-ctx.Done()
		}
		return 0, nil
	}, Limit(2))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Only calls that start once cancel has returned are counted. After it,
	// each of the 2 goroutines may be past its check and start one more.
	if l := late.Load(); l > 2 {
		t.Errorf("%d calls started after the cancellation (of %d in all)", l, calls.Load())
	}
	// A context cancelled up front runs nothing.
	_, err = Map(ctx, []int{1}, func(context.Context, int) (int, error) { t.Error("called"); return 0, nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// flaky fails the first k calls of every item with a retryable error.
type flaky struct {
	mu    sync.Mutex
	calls map[int]int
	k     int
}

var errTransient = errors.New("transient")

func (f *flaky) call(_ context.Context, x int) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[x]++
	if f.calls[x] <= f.k {
		return 0, fmt.Errorf("item %d: %w", x, errTransient)
	}
	return -x, nil
}

func TestMapRetries(t *testing.T) {
	t.Parallel()
	items := []int{0, 1, 2, 3, 4, 5, 6, 7}
	var draws atomic.Int32
	policy := RetryPolicy{
		Attempts:  3,
		Base:      time.Millisecond,
		Max:       2 * time.Millisecond,
		Retryable: func(err error) bool { return errors.Is(err, errTransient) },
		Jitter:    func() float64 { draws.Add(1); return 0.5 },
	}

	f := &flaky{calls: map[int]int{}, k: 2}
	out, err := Map(context.Background(), items, f.call, Limit(3), Retry(policy))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range out {
		if v != -i || f.calls[i] != 3 {
			t.Errorf("item %d: result %d after %d calls", i, v, f.calls[i])
		}
	}
	if d := draws.Load(); d != 2*int32(len(items)) {
		t.Errorf("%d jitter draws, want one per retry (%d)", d, 2*len(items))
	}

	// Exhausted: the item's error says how many attempts it got.
	f = &flaky{calls: map[int]int{}, k: 3}
	_, err = Map(context.Background(), items[:1], f.call, Retry(policy))
	var ie *ItemError
	if !errors.As(err, &ie) || ie.Attempts != 3 || !errors.Is(err, errTransient) {
		t.Errorf("err = %v, want item 0 failing after 3 attempts", err)
	}

	// Not retryable: one attempt.
	_, err = Map(context.Background(), items[:1], func(context.Context, int) (int, error) { return 0, errBoom }, Retry(policy))
	if !errors.As(err, &ie) || ie.Attempts != 1 {
		t.Errorf("err = %v, want a single attempt for a permanent error", err)
	}
}

func TestMapRetryWaitStopsOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	start := time.Now()
	_, err := Map(ctx, []int{1}, func(context.Context, int) (int, error) {
		// Cancel while Map waits an hour to retry.
		once.Do(func() { time.AfterFunc(20*time.Millisecond, cancel) })
		return 0, errTransient
	}, Retry(RetryPolicy{Attempts: 10, Base: time.Hour}))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Map waited %v after its context was cancelled", took)
	}
	// The caller cancelled: Map returns ctx.Err(), not the item's error.
	if err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled itself", err)
	}
}

func TestBackoff(t *testing.T) {
	p := RetryPolicy{Base: 10 * time.Millisecond, Max: 50 * time.Millisecond}
	ms := time.Millisecond
	for _, tc := range []struct {
		n    int
		u    float64
		want time.Duration
	}{
		{1, 0, 5 * ms}, {1, 0.5, 7500 * time.Microsecond}, {2, 0, 10 * ms}, {3, 0, 20 * ms},
		{4, 0, 25 * ms}, {4, 0.999999, 49999975 * time.Nanosecond}, {60, 0, 25 * ms},
	} {
		if got := p.backoff(tc.n, tc.u); got != tc.want {
			t.Errorf("backoff(%d, %g) = %v, want %v", tc.n, tc.u, got, tc.want)
		}
	}
	// No cap: doubling saturates instead of overflowing.
	p.Max = 0
	var prev time.Duration
	for n := 1; n < 100; n++ {
		d := p.backoff(n, 0)
		if d < prev {
			t.Fatalf("backoff(%d) = %v < backoff(%d) = %v", n, d, n-1, prev)
		}
		prev = d
	}
	// A seeded source gives the same waits every run.
	waits := func() []time.Duration {
		r := rand.New(rand.NewPCG(1, 2))
		var ws []time.Duration
		for n := 1; n <= 5; n++ {
			ws = append(ws, p.backoff(n, r.Float64()))
		}
		return ws
	}
	if a, b := waits(), waits(); !slices.Equal(a, b) {
		t.Errorf("seeded jitter differs: %v vs %v", a, b)
	}
}

// manualCtx is a Context that is not one of the context package's types, so
// the context Map derives from it learns of its cancellation only through a
// goroutine watching Done.
type manualCtx struct {
	done chan struct{}
	mu   sync.Mutex
	err  error
}

func newManualCtx() *manualCtx { return &manualCtx{done: make(chan struct{})} }

func (c *manualCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *manualCtx) Done() <-chan struct{}       { return c.done }
func (c *manualCtx) Value(any) any               { return nil }
func (c *manualCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *manualCtx) cancel() {
	c.mu.Lock()
	c.err = context.Canceled
	c.mu.Unlock()
	close(c.done)
}

func TestMapCustomContextCancellation(t *testing.T) {
	t.Parallel()
	const n, at = 1000, 10
	for _, tc := range []struct{ limit int }{{1}, {4}} {
		ctx := newManualCtx()
		var calls, late atomic.Int32
		var cancelled atomic.Bool
		_, err := Map(context.Context(ctx), make([]int, n), func(inner context.Context, _ int) (int, error) {
			if cancelled.Load() {
				late.Add(1)
			}
			switch k := calls.Add(1); {
			case k == at:
				ctx.cancel()
				cancelled.Store(true)
			case k > at:
				<-inner.Done() // reached asynchronously, but reached
				return 0, inner.Err()
			}
			return 0, nil
		}, Limit(tc.limit))
		// Only calls that start once cancel has returned count as late;
		// each other goroutine may be past its check and start one more.
		if l := late.Load(); l > int32(tc.limit-1) {
			t.Errorf("%+v: %d calls started after the cancellation (of %d)", tc, l, calls.Load())
		}
		if err != context.Canceled {
			t.Errorf("%+v: err = %v, want context.Canceled", tc, err)
		}
	}
}

func TestMapCallerCancellationReturnsCtxErr(t *testing.T) {
	t.Parallel()
	// Items in flight see the cancellation and fail with it, as well-behaved
	// functions do: Map returns ctx.Err() itself, not an *ItemError.
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{}, 100)
	go func() {
		for range 3 {
			<-started
		}
		cancel()
	}()
	_, err := Map(ctx, make([]int, 100), func(ctx context.Context, _ int) (int, error) {
		started <- struct{}{}
		<-ctx.Done()
		return 0, fmt.Errorf("request: %w", ctx.Err())
	}, Limit(3))
	var ie *ItemError
	if !errors.Is(err, context.Canceled) || err != ctx.Err() || errors.As(err, &ie) {
		t.Errorf("cancelled: err = %#v, want ctx.Err() itself, no *ItemError", err)
	}

	// The same with a deadline, and an error that does not wrap ctx.Err().
	dctx, dcancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer dcancel()
	_, err = Map(dctx, make([]int, 100), func(ctx context.Context, _ int) (int, error) {
		<-ctx.Done()
		return 0, errBoom
	}, Limit(3))
	if !errors.Is(err, context.DeadlineExceeded) || err != dctx.Err() || errors.As(err, &ie) {
		t.Errorf("deadline: err = %#v, want ctx.Err() itself, no *ItemError", err)
	}

	// A failure of fn before the cancellation is still the item's error.
	ctx, cancel = context.WithCancel(context.Background())
	_, err = Map(ctx, []int{0, 1}, func(inner context.Context, x int) (int, error) {
		if x == 0 {
			return 0, errBoom
		}
		<-inner.Done() // cancelled by item 0's failure
		cancel()
		return 0, inner.Err()
	}, Limit(2))
	if !errors.As(err, &ie) || ie.Index != 0 || !errors.Is(err, errBoom) {
		t.Errorf("failure then cancel: err = %v, want item 0's *ItemError", err)
	}

	// A panic is never put down to the cancellation.
	ctx, cancel = context.WithCancel(context.Background())
	_, err = Map(ctx, []int{0}, func(context.Context, int) (int, error) {
		cancel()
		panic("after cancel")
	})
	var pe *PanicError
	if !errors.As(err, &ie) || !errors.As(err, &pe) || pe.Value != "after cancel" {
		t.Errorf("panic after cancel: err = %v, want an *ItemError wrapping the *PanicError", err)
	}
}

func TestMapCallbackPanicsBecomeErrors(t *testing.T) {
	t.Parallel()
	const n = 200
	items := make([]int, n)
	for _, tc := range []struct {
		name     string
		opt      Option
		fails    bool // fn fails (retryably) on its first attempt
		attempts int
	}{
		{"Progress", Progress(func(done, _ int) {
			if done == 5 {
				panic("progress")
			}
		}), false, 1},
		{"Retryable", Retry(RetryPolicy{Attempts: 3, Retryable: func(error) bool { panic("retryable") }}), true, 1},
		{"Jitter", Retry(RetryPolicy{Attempts: 3, Base: time.Millisecond, Jitter: func() float64 { panic("jitter") }}), true, 1},
	} {
		var started atomic.Int32
		_, err := Map(context.Background(), items, func(ctx context.Context, _ int) (int, error) {
			started.Add(1)
			if tc.fails {
				return 0, errTransient
			}
			select { // slow enough that the failure stops most items
			case <-ctx.Done():
			case <-time.After(time.Millisecond):
			}
			return 1, nil
		}, Limit(2), tc.opt)
		var ie *ItemError
		var pe *PanicError
		if !errors.As(err, &ie) || !errors.As(err, &pe) || pe.Value != strings.ToLower(tc.name) {
			t.Errorf("%s: err = %v, want an *ItemError wrapping the callback's *PanicError", tc.name, err)
			continue
		}
		if ie.Attempts != tc.attempts {
			t.Errorf("%s: %d attempts, want %d", tc.name, ie.Attempts, tc.attempts)
		}
		if !strings.Contains(string(pe.Stack), "map_test.go") {
			t.Errorf("%s: the stack does not show the callback:\n%s", tc.name, pe.Stack)
		}
		if s := started.Load(); s >= n/2 {
			t.Errorf("%s: %d of %d items started; the panic did not cancel the rest", tc.name, s, n)
		}
	}
}
