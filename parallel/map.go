package parallel

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// ItemError is the error Map returns when an item fails: which item, how
// many calls it got, and the function's last error (a *PanicError if it
// panicked).
type ItemError struct {
	Index    int   // index of the item in Map's items
	Attempts int   // calls made for the item, retries included
	Err      error // the last error
}

// Error names the item and, after retries, the number of attempts.
func (e *ItemError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("hotloop: parallel.Map: item %d (after %d attempts): %v", e.Index, e.Attempts, e.Err)
	}
	return fmt.Sprintf("hotloop: parallel.Map: item %d: %v", e.Index, e.Err)
}

// Unwrap returns the item's error, for errors.Is and errors.As.
func (e *ItemError) Unwrap() error { return e.Err }

// Map calls fn for every item, at most Limit at a time (default GOMAXPROCS),
// and returns the results in the order of items.
//
// The first item to fail, in time, cancels the context the other calls got,
// no new item starts, and Map returns that failure as an *ItemError once the
// calls in flight have returned. A panic in fn is recovered and becomes the
// item's error, a *PanicError with the value and stack. If ctx itself is
// cancelled, items not yet started are skipped and Map returns ctx.Err()
// (unless an item failed first). On error the returned slice still holds
// the results of the items that succeeded; the others are zero.
//
// Options: Limit (or Workers), Retry, Progress. Map runs fn on goroutines of
// its own, not on For's pool: fn is expected to wait (on the network, on
// disk), and waiting must not hold up CPU-bound work.
func Map[In, Out any](ctx context.Context, items []In, fn func(context.Context, In) (Out, error), opts ...Option) ([]Out, error) {
	c := makeConfig(opts)
	n := len(items)
	out := make([]Out, n)
	if n == 0 {
		return out, nil
	}
	inner, cancel := context.WithCancel(ctx)
	defer cancel()

	m := mapper{retry: c.retry, jitter: jitterSource{fn: c.retry.Jitter}, progress: c.progress, total: n}
	var next atomic.Int64
	var wg sync.WaitGroup
	g := min(workerCount(c.workers), n)
	wg.Add(g)
	for range g {
		go func() {
			defer wg.Done()
			for inner.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				v, attempts, err := call(inner, &m, fn, items[i])
				if err != nil {
					m.fail(&ItemError{Index: i, Attempts: attempts, Err: err}, cancel)
					return
				}
				out[i] = v
				m.succeeded()
			}
		}()
	}
	wg.Wait()
	if m.err != nil {
		return out, m.err
	}
	if m.done < n {
		return out, ctx.Err() // only the caller's ctx can have stopped us
	}
	return out, nil
}

// mapper is the state the goroutines of one Map call share.
type mapper struct {
	retry  RetryPolicy
	jitter jitterSource

	mu       sync.Mutex
	err      *ItemError // the first failure
	done     int        // items that succeeded
	total    int
	progress func(done, total int)
}

// fail records the first failure and cancels the other items.
func (m *mapper) fail(e *ItemError, cancel context.CancelFunc) {
	m.mu.Lock()
	if m.err == nil {
		m.err = e
		cancel()
	}
	m.mu.Unlock()
}

// succeeded counts an item and reports progress, under the lock so that
// the callback sees one call at a time and done in order.
func (m *mapper) succeeded() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done++
	if m.progress != nil {
		m.progress(m.done, m.total)
	}
}

// call runs fn on one item with the retry policy; it returns the result,
// the number of calls made and the last error.
func call[In, Out any](ctx context.Context, m *mapper, fn func(context.Context, In) (Out, error), item In) (Out, int, error) {
	for attempt := 1; ; attempt++ {
		v, err := protect(ctx, fn, item)
		if err == nil {
			return v, attempt, nil
		}
		if attempt >= m.retry.Attempts || ctx.Err() != nil || !m.retry.retryable(err) {
			return v, attempt, err
		}
		if werr := sleep(ctx, m.retry.backoff(attempt, m.jitter.draw())); werr != nil {
			return v, attempt, fmt.Errorf("%w (while waiting to retry after: %w)", werr, err)
		}
	}
}

// protect calls fn and turns a panic into a *PanicError.
func protect[In, Out any](ctx context.Context, fn func(context.Context, In) (Out, error), item In) (v Out, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = asPanicError(r)
		}
	}()
	return fn(ctx, item)
}
