package main

import (
	"math"
	"time"
)

// nsPerOp times call and returns nanoseconds per call. It aims at about
// target of wall time: a warm-up call (first touch of fresh memory costs
// page faults), a calibration that grows the count until a batch lasts a
// tenth of the target, then three batches of a third of the target each,
// of which the fastest counts. The minimum, not the mean, because on a
// shared machine noise only ever adds time.
func nsPerOp(call func(), target time.Duration) float64 {
	call()
	n := 1
	var d time.Duration
	for {
		d = timeBatch(call, n)
		if d >= target/10 || n >= 1<<30 {
			break
		}
		// Grow towards the calibration goal, at most 100x per step so a
		// timer hiccup on a tiny batch cannot overshoot wildly.
		next := n * 100
		if d > 0 {
			next = min(next, int(float64(n)*float64(target/10)/float64(d))+1)
		}
		n = max(next, n+1)
	}
	perOp := float64(d) / float64(n)
	batch := max(1, int(float64(target/3)/perOp))
	best := math.Inf(1)
	for range 3 {
		best = min(best, float64(timeBatch(call, batch))/float64(batch))
	}
	return best
}

func timeBatch(call func(), n int) time.Duration {
	start := time.Now()
	for range n {
		call()
	}
	return time.Since(start)
}
