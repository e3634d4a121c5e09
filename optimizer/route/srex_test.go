package route

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestSrexChild checks the selective route exchange: the child serves
// every client once, fits the route slots, its tour is its routes in
// order, and it takes routes from both parents.
func TestSrexChild(t *testing.T) {
	p := randomProblem(3, 120, 50)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	in := newInstance(p, 20)
	opt := Options{Seed: 1}
	w := newWorker(in, &opt, 1, time.Now(), time.Time{}, func(*worker) {})
	p1 := newIndividual(in)
	if !in.savings(p1) {
		t.Fatal("savings did not fit")
	}
	p2 := newIndividual(in)
	for k := range p2.tour {
		p2.tour[k] = int32(k + 1)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	rng.Shuffle(len(p2.tour), func(a, b int) { p2.tour[a], p2.tour[b] = p2.tour[b], p2.tour[a] })
	newSplitter(in).split(p2, in.penalty0, 0, in.nR, make([]int64, in.nD))
	same := func(a, b []int32) bool { return slices.Equal(a, b) }
	res := newIndividual(in)
	fromBoth := 0
	for range 50 {
		if !w.srex(res, p1, p2) {
			t.Fatal("srex declined two parents with coordinates and many routes")
		}
		seen := make([]bool, in.n+1)
		k := 0
		for _, rt := range res.routes {
			for _, c := range rt {
				if seen[c] {
					t.Fatalf("client %d twice", c)
				}
				seen[c] = true
				if res.tour[k] != c {
					t.Fatalf("tour[%d] = %d, route order says %d", k, res.tour[k], c)
				}
				k++
			}
		}
		if k != in.n {
			t.Fatalf("%d clients in the child, want %d", k, in.n)
		}
		var a, b bool
		for _, rt := range res.routes {
			for _, q := range p1.routes {
				a = a || (len(rt) > 0 && same(rt, q))
			}
			for _, q := range p2.routes {
				b = b || (len(rt) > 0 && same(rt, q))
			}
		}
		if a && b {
			fromBoth++
		}
	}
	if fromBoth == 0 {
		t.Error("no child kept a route of each parent whole")
	}
}
