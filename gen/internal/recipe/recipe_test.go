package recipe

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// trace is an Emitter that records the calls Run makes.
type trace struct{ log []string }

func (t *trace) Repeat(stage string, step int, body func()) {
	t.log = append(t.log, fmt.Sprintf("repeat %s %d {", stage, step))
	body()
	t.log = append(t.log, "}")
}

func (t *trace) Tail(lanes int, body func()) {
	t.log = append(t.log, fmt.Sprintf("tail %d {", lanes))
	body()
	t.log = append(t.log, "}")
}

func TestRun(t *testing.T) {
	for _, c := range []struct {
		unroll int
		before bool
		want   string
	}{
		{4, true, "repeat blocks 32 { block 4 } repeat vectors 8 { block 1 } before tail 8 { tail }"},
		{1, false, "repeat vectors 8 { block 1 } tail 8 { tail }"},
	} {
		tr := &trace{}
		l := Loop{
			Lanes: 8, Unroll: c.unroll,
			Block: func(count int) { tr.log = append(tr.log, fmt.Sprintf("block %d", count)) },
			Tail:  func() { tr.log = append(tr.log, "tail") },
		}
		if c.before {
			l.Before = func() { tr.log = append(tr.log, "before") }
		}
		Run(tr, l)
		if got := strings.Join(tr.log, " "); got != c.want {
			t.Errorf("unroll %d: got %q, want %q", c.unroll, got, c.want)
		}
	}
}

func TestTree(t *testing.T) {
	acc := []int{1, 2, 3, 4, 5, 6, 7, 8}
	var steps [][2]int
	Tree(acc, func(dst, src int) { steps = append(steps, [2]int{dst, src}) })
	// The values are the accumulators' indices plus one.
	want := [][2]int{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {1, 3}, {5, 7}, {1, 5}}
	if !reflect.DeepEqual(steps, want) {
		t.Errorf("got %v, want %v", steps, want)
	}
	sums := []float64{1, 2, 3, 4, 5}
	ptrs := make([]*float64, len(sums))
	for k := range sums {
		ptrs[k] = &sums[k]
	}
	Tree(ptrs, func(dst, src *float64) { *dst += *src })
	if sums[0] != 15 {
		t.Errorf("tree of 5 sums to %v, want 15", sums[0])
	}
}
