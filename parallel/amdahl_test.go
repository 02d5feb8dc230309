package parallel

import (
	"math"
	"testing"
)

func TestAmdahl(t *testing.T) {
	for _, tc := range []struct {
		s    float64
		n    int
		want float64
	}{
		{2, 2, 1}, {1, 2, 0}, {1.5, 2, 2.0 / 3}, {4, 8, 6.0 / 7}, {0.5, 2, -2},
	} {
		if got := Amdahl(tc.s, tc.n); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Amdahl(%g, %d) = %g, want %g", tc.s, tc.n, got, tc.want)
		}
	}
	for _, p := range []float64{0, 0.5, 0.9, 0.99, 1} {
		for _, n := range []int{2, 3, 16} {
			if got := Amdahl(AmdahlSpeedup(p, n), n); math.Abs(got-p) > 1e-12 {
				t.Errorf("Amdahl(AmdahlSpeedup(%g, %d)) = %g", p, n, got)
			}
		}
	}
	for _, bad := range []struct {
		s float64
		n int
	}{{2, 1}, {2, 0}, {0, 2}, {-1, 2}, {math.NaN(), 2}} {
		if got := Amdahl(bad.s, bad.n); !math.IsNaN(got) {
			t.Errorf("Amdahl(%g, %d) = %g, want NaN", bad.s, bad.n, got)
		}
	}
}
