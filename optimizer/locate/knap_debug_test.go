package locate

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestKnapsackBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 2000; trial++ {
		n := 1 + rng.IntN(12)
		items := make([]cand, n)
		for i := range items {
			w := float64(1 + rng.IntN(20))
			rc := -float64(1 + rng.IntN(30))
			items[i] = cand{idx: i, rc: rc, w: w, ub: 1, ratio: rc / w}
		}
		slices.SortFunc(items, cmpRatio)
		capy := float64(rng.IntN(60))
		best := 0.0
		for m := 0; m < 1<<n; m++ {
			v, w := 0.0, 0.0
			for i := range n {
				if m>>i&1 == 1 {
					v += items[i].rc
					w += items[i].w
				}
			}
			if w <= capy && v < best {
				best = v
			}
		}
		var k knapsack
		var sel []int
		got, _ := k.solve(items, capy, &sel)
		sv, sw := 0.0, 0.0
		for _, c := range sel {
			sv += items[c].rc
			sw += items[c].w
		}
		if got != best || sv != best || sw > capy {
			t.Fatalf("trial %d: got %v (sel %v w %v), want %v", trial, got, sv, sw, best)
		}
	}
}
