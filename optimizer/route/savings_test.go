package route

import "testing"

// TestSavings checks the savings construction: every client once, every
// route within capacity, and far cheaper than serving each client alone.
func TestSavings(t *testing.T) {
	for _, n := range []int{10, 200} {
		p := randomProblem(7, n, 50)
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		in := newInstance(p, 20)
		ind := newIndividual(in)
		if !in.savings(ind) {
			t.Fatalf("n=%d: routes do not fit %d slots", n, in.nR)
		}
		seen := make([]bool, n+1)
		var cost, alone int64
		for r, rt := range ind.routes {
			load := make([]int64, in.nD)
			prev := 0
			for _, c := range rt {
				if seen[c] {
					t.Fatalf("n=%d: client %d twice", n, c)
				}
				seen[c] = true
				for d := range in.nD {
					load[d] += in.dem[int(c)*in.nD+d]
				}
				cost += in.d(prev, int(c))
				prev = int(c)
			}
			if len(rt) > 0 {
				cost += in.d(prev, 0)
			}
			for d := range in.nD {
				if load[d] > in.capv[d] {
					t.Fatalf("n=%d: route %d loads %d > %d", n, r, load[d], in.capv[d])
				}
			}
		}
		for c := 1; c <= n; c++ {
			if !seen[c] {
				t.Fatalf("n=%d: client %d missing", n, c)
			}
			alone += in.d(0, c) + in.d(c, 0)
		}
		if 2*cost > alone {
			t.Errorf("n=%d: savings routes cost %d, more than half of %d for one route per client", n, cost, alone)
		}
	}
}
