package flow

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// lpTransport solves the transportation problem as a plain LP with gonum's
// simplex: variables x_k per arc and a slack per source, rows
// Σ_out x + slack = supply and Σ_in x = demand.
func lpTransport(supply, demand []float64, arcs []Arc) (float64, error) {
	m, n := len(supply), len(demand)
	nv := len(arcs) + m
	A := mat.NewDense(m+n, nv, nil)
	c := make([]float64, nv)
	b := make([]float64, m+n)
	for k, a := range arcs {
		A.Set(a.From, k, 1)
		A.Set(m+a.To, k, 1)
		c[k] = a.Cost
	}
	for i := range m {
		A.Set(i, len(arcs)+i, 1)
		b[i] = supply[i]
	}
	for j := range n {
		b[m+j] = demand[j]
	}
	f, _, err := lp.Simplex(c, A, b, 1e-10, nil)
	return f, err
}

// TestTransportAgainstLP checks small random problems against an
// independent general LP solver.
func TestTransportAgainstLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	checked := 0
	for it := range 60 {
		m, n := 1+rng.IntN(5), 1+rng.IntN(6)
		supply, demand, arcs := randomTransport(rng, m, n, 1+rng.IntN(m), it%2 == 0)
		want, lerr := lpTransport(supply, demand, arcs)
		res, err := Transport(context.Background(), supply, demand, arcs)
		if lerr != nil {
			if errors.Is(lerr, lp.ErrInfeasible) && !errors.Is(err, ErrInfeasible) {
				t.Fatalf("it %d: LP infeasible, Transport gave %v", it, err)
			}
			continue // other LP failures (degenerate rows) prove nothing
		}
		if err != nil {
			t.Fatalf("it %d: %v (LP optimum %g)", it, err, want)
		}
		if math.Abs(res.Cost-want) > 1e-6*(1+math.Abs(want)) {
			t.Fatalf("it %d: got cost %.9g, LP %.9g", it, res.Cost, want)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d instances compared with the LP", checked)
	}
}
