package flow

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// TestResolve runs local-search-like sequences: sites close (supply 0) and
// reopen, demands change; every warm-started Resolve must match a cold
// solve and carry a valid optimality certificate.
func TestResolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for it := range 40 {
		m, n := 2+rng.IntN(10), 1+rng.IntN(40)
		integral := it%2 == 0
		supply, demand, arcs := randomTransport(rng, m, n, 1+rng.IntN(m), integral)
		var ts TransportSolver
		dense := it%4 == 1
		var cost []float64
		if dense {
			cost = make([]float64, m*n)
			for k := range cost {
				cost[k] = math.Inf(1)
			}
			for _, a := range arcs {
				cost[a.From*n+a.To] = min(cost[a.From*n+a.To], a.Cost)
			}
			arcs = arcs[:0]
			for i := range m {
				for j := range n {
					arcs = append(arcs, Arc{i, j, cost[i*n+j]})
				}
			}
		}
		var err error
		if dense {
			_, err = ts.SolveDense(context.Background(), supply, demand, cost)
		} else {
			_, err = ts.Solve(context.Background(), supply, demand, arcs)
		}
		if err != nil && !errors.Is(err, ErrInfeasible) {
			t.Fatal(err)
		}
		base := append([]float64(nil), supply...)
		for step := range 15 {
			switch rng.IntN(3) {
			case 0: // close a site
				supply[rng.IntN(m)] = 0
			case 1: // reopen a site
				i := rng.IntN(m)
				supply[i] = base[i]
			default: // change a demand
				j := rng.IntN(n)
				if integral {
					demand[j] = float64(rng.IntN(20))
				} else {
					demand[j] = math.Round(rng.Float64()*2000) / 100
				}
			}
			want, werr := Transport(context.Background(), supply, demand, arcs)
			got, gerr := ts.Resolve(context.Background(), supply, demand)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("it %d step %d: cold %v, warm %v", it, step, werr, gerr)
			}
			if werr != nil {
				if !errors.Is(gerr, ErrInfeasible) {
					t.Fatalf("it %d step %d: got %v, want ErrInfeasible", it, step, gerr)
				}
				continue
			}
			if math.Abs(got.Cost-want.Cost) > 1e-6*(1+math.Abs(want.Cost)) {
				t.Fatalf("it %d step %d: warm cost %g, cold %g", it, step, got.Cost, want.Cost)
			}
			checkTransport(t, supply, demand, arcs, got)
		}
	}
}
