package parallel

import (
	"context"
	"errors"
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
// calls in flight have returned. A panic in fn, or in a callback Map calls
// for an item (Progress, RetryPolicy.Retryable, RetryPolicy.Jitter), is
// recovered and becomes the item's error, a *PanicError with the value and
// stack, like any other failure.
//
// If ctx is done (cancelled, or past its deadline) before any item has
// failed, items not yet started are skipped and Map returns ctx.Err() itself,
// not an *ItemError, as errgroup does: errors.Is(err, context.Canceled) (or
// context.DeadlineExceeded) holds, and so does err == ctx.Err(). Errors the
// calls in flight return after that are put down to the cancellation and
// dropped, except panics, which are always returned as an *ItemError. A
// nil error means every item succeeded, even if ctx was cancelled after
// the last one had started. Any Context implementation works: Map watches
// ctx.Done() itself between items, so a cancellation stops new items at once
// even when it reaches the context Map derives from ctx only later.
//
// On error the returned slice still holds the results of the items that
// succeeded; the others are zero.
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

	m := mapper{parent: ctx, retry: c.retry, jitter: jitterSource{fn: c.retry.Jitter}, progress: c.progress, total: n}
	var next atomic.Int64
	var wg sync.WaitGroup
	g := min(workerCount(c.workers), n)
	wg.Add(g)
	for range g {
		go func() {
			defer wg.Done()
			for !m.stopped(inner) {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				v, attempts, err := call(inner, &m, fn, items[i])
				if err == nil {
					out[i] = v
					err = m.succeeded()
				}
				if err != nil {
					m.fail(&ItemError{Index: i, Attempts: attempts, Err: err}, cancel)
					return
				}
			}
		}()
	}
	wg.Wait()
	if m.err != nil {
		return out, m.err
	}
	if m.done < n {
		// Only the caller's ctx can have stopped us; its Done is closed,
		// so its Err is not nil.
		return out, ctx.Err()
	}
	return out, nil
}

// isDone reports whether ctx's Done channel is closed.
func isDone(ctx context.Context) bool {
	select {
	case <-ctx.Done():
		return true
	default:
		return false
	}
}

// mapper is the state the goroutines of one Map call share.
type mapper struct {
	parent context.Context // the caller's ctx
	retry  RetryPolicy
	jitter jitterSource

	mu       sync.Mutex
	err      *ItemError // the first failure not put down to the caller's cancellation
	done     int        // items that succeeded
	total    int
	progress func(done, total int)
}

// stopped reports whether no new item may start: the call's own context is
// done (a failure, or the caller's cancellation having reached it) or the
// caller's ctx is. The caller's is checked directly because its
// cancellation reaches inner asynchronously when ctx is not one of the
// context package's own types, and could lag behind (it was seen lagging
// by hundreds of items under qemu on arm64).
func (m *mapper) stopped(inner context.Context) bool {
	return inner.Err() != nil || isDone(m.parent)
}

// fail records the first failure and cancels the other items. A failure
// once the caller's ctx is done is put down to the cancellation (Map then
// returns ctx.Err()), unless it is a panic.
func (m *mapper) fail(e *ItemError, cancel context.CancelFunc) {
	var pe *PanicError
	m.mu.Lock()
	if m.err == nil && (!isDone(m.parent) || errors.As(e.Err, &pe)) {
		m.err = e
	}
	m.mu.Unlock()
	cancel()
}

// succeeded counts an item and reports progress, under the lock so that
// the callback sees one call at a time and done in order. A panic in the
// callback is returned as a *PanicError.
func (m *mapper) succeeded() (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = asPanicError(r)
		}
	}()
	m.done++
	if m.progress != nil {
		m.progress(m.done, m.total)
	}
	return nil
}

// call runs fn on one item with the retry policy; it returns the result,
// the number of calls made and the last error. A panic in fn or in the
// policy's callbacks (Retryable, Jitter) is returned as a *PanicError and
// ends the item's attempts.
func call[In, Out any](ctx context.Context, m *mapper, fn func(context.Context, In) (Out, error), item In) (v Out, attempt int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = asPanicError(r)
		}
	}()
	for attempt = 1; ; attempt++ {
		v, err = protect(ctx, fn, item)
		if err == nil {
			return v, attempt, nil
		}
		if attempt >= m.retry.Attempts || m.stopped(ctx) || !m.retry.retryable(err) {
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
