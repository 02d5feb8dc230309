package parallel

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"
)

// RetryPolicy says how Map retries an item whose function failed: up to
// Attempts calls in all, waiting between them with exponential back-off and
// jitter. The n-th wait (n = 1, 2, ...) is drawn uniformly from [d/2, d)
// with d = min(Base·2ⁿ⁻¹, Max): doubling spreads retries out when a server
// is overloaded, and jitter keeps the items that failed together from
// retrying together. A wait ends at once when the context is cancelled.
type RetryPolicy struct {
	// Attempts is the most calls made for one item, the first included;
	// below 2 means no retries.
	Attempts int
	// Base is the nominal wait before the second attempt.
	Base time.Duration
	// Max caps the nominal wait; 0 means no cap.
	Max time.Duration
	// Retryable reports whether an error deserves another attempt. nil
	// retries every error but context cancellation and deadline. Panics are
	// never retried: they are bugs, not weather.
	Retryable func(error) bool
	// Jitter returns uniform random numbers in [0, 1); nil uses
	// math/rand/v2. Map serialises its calls, so the Float64 method of a
	// seeded *rand.Rand can be used as it is for reproducible waits.
	Jitter func() float64
}

// Retry makes Map retry failed items according to p. For and Reduce ignore
// it.
func Retry(p RetryPolicy) Option { return Option{set: setRetry, retry: &p} }

// backoff returns the wait before retry n (1 for the first retry), given a
// jitter draw u in [0, 1).
func (p *RetryPolicy) backoff(n int, u float64) time.Duration {
	d := p.Base
	for i := 1; i < n && (p.Max <= 0 || d < p.Max); i++ {
		if d > time.Duration(1<<62)/2 {
			break // doubling again would overflow
		}
		d *= 2
	}
	if p.Max > 0 && d > p.Max {
		d = p.Max
	}
	return d/2 + time.Duration(float64(d/2)*u)
}

func (p *RetryPolicy) retryable(err error) bool {
	var pe *PanicError
	if errors.As(err, &pe) {
		return false
	}
	if p.Retryable != nil {
		return p.Retryable(err)
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// jitterSource serialises calls to a policy's Jitter.
type jitterSource struct {
	mu sync.Mutex
	fn func() float64
}

func (j *jitterSource) draw() float64 {
	if j.fn == nil {
		return rand.Float64()
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.fn()
}

// sleep waits for d or until ctx is done, whichever comes first, and
// returns ctx's error in the second case.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
