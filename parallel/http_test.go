package parallel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The I/O-bound case of the talk: 100 calls to a web API that takes 50 ms
// per request and sheds load now and then with a 503. Sequentially that is
// 100 × 50 ms; with 40 requests in flight, about three rounds of 50 ms plus
// the retries.

const (
	apiLatency  = 50 * time.Millisecond
	apiRequests = 100
)

// squareAPI answers GET /square?i=N with N*N after apiLatency, except that
// the first attempt at every 7th item gets an immediate 503, so the test is
// deterministic.
type squareAPI struct {
	mu       sync.Mutex
	attempts map[int]int
}

func (s *squareAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(r.URL.Query().Get("i"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.attempts[i]++
	first := s.attempts[i] == 1
	s.mu.Unlock()
	if first && (i+1)%7 == 0 {
		http.Error(w, "overloaded, try again", http.StatusServiceUnavailable)
		return
	}
	select {
	case <-time.After(apiLatency):
		fmt.Fprintf(w, "%d\n", i*i)
	case <-r.Context().Done():
	}
}

type statusError struct{ code int }

func (e *statusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.code, http.StatusText(e.code))
}

// runAPI serves a fresh squareAPI on loopback and fetches every item with
// Map and the given limit; it returns how long Map took.
func runAPI(t *testing.T, limit int) time.Duration {
	api := &squareAPI{attempts: map[int]int{}}
	srv := httptest.NewServer(api) // listens on 127.0.0.1 only
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()

	fetch := func(ctx context.Context, i int) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/square?i=%d", srv.URL, i), nil)
		if err != nil {
			return 0, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, &statusError{resp.StatusCode}
		}
		return strconv.Atoi(strings.TrimSpace(string(body)))
	}
	retry := RetryPolicy{
		Attempts: 4,
		Base:     10 * time.Millisecond,
		Max:      200 * time.Millisecond,
		Retryable: func(err error) bool {
			var se *statusError
			return errors.As(err, &se) && se.code == http.StatusServiceUnavailable
		},
	}
	items := make([]int, apiRequests)
	for i := range items {
		items[i] = i
	}
	start := time.Now()
	out, err := Map(context.Background(), items, fetch, Limit(limit), Retry(retry))
	took := time.Since(start)
	if err != nil {
		t.Fatalf("limit %d: %v", limit, err)
	}
	for i, v := range out {
		if v != i*i {
			t.Fatalf("limit %d: item %d = %d, want %d", limit, i, v, i*i)
		}
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	for i := range items {
		want := 1
		if (i+1)%7 == 0 {
			want = 2
		}
		if api.attempts[i] != want {
			t.Errorf("limit %d: item %d requested %d times, want %d", limit, i, api.attempts[i], want)
		}
	}
	return took
}

// The sequential run takes over 5 s; with -cpu 1,2,4 it is measured once.
var sequentialAPI struct {
	once sync.Once
	took time.Duration
}

func TestMapWebAPI(t *testing.T) {
	t.Parallel()
	sequentialAPI.once.Do(func() { sequentialAPI.took = runAPI(t, 1) })
	seq := sequentialAPI.took
	par := runAPI(t, 40)
	t.Logf("%d requests of %v: sequential %v, Map with Limit(40) %v: %.1fx",
		apiRequests, apiLatency, seq.Round(time.Millisecond), par.Round(time.Millisecond), float64(seq)/float64(par))
	// Timing is noisy on shared machines: only a very loose sanity bound.
	if seq > 0 && par > seq/4 {
		t.Errorf("Map with Limit(40) took %v, sequential %v: not even 4x faster", par, seq)
	}
}
