package flow

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

type netArc struct {
	from, to           int
	lower, upper, cost float64
}

func buildNetwork(n int, supply []float64, arcs []netArc) *Network {
	g := NewNetwork(n)
	for u, b := range supply {
		g.SetSupply(u, b)
	}
	for _, a := range arcs {
		g.AddArc(a.from, a.to, a.lower, a.upper, a.cost)
	}
	return g
}

// checkNetwork verifies bounds, conservation and the optimality conditions
// on reduced costs c_uv + π_u − π_v.
func checkNetwork(t *testing.T, g *Network, supply []float64, arcs []netArc) {
	t.Helper()
	const tol = 1e-6
	net := make([]float64, len(supply))
	var cost float64
	for e, a := range arcs {
		x := g.Flow(e)
		if x < a.lower-tol || x > a.upper+tol {
			t.Fatalf("arc %d: flow %g outside [%g, %g]", e, x, a.lower, a.upper)
		}
		net[a.from] += x
		net[a.to] -= x
		cost += a.cost * x
		rc := a.cost + g.Potential(a.from) - g.Potential(a.to)
		s := tol * (1 + math.Abs(a.cost))
		if x < a.upper-tol && rc < -s {
			t.Fatalf("arc %d: flow %g < upper with reduced cost %g", e, x, rc)
		}
		if x > a.lower+tol && rc > s {
			t.Fatalf("arc %d: flow %g > lower with reduced cost %g", e, x, rc)
		}
	}
	var sum float64
	for _, b := range supply {
		sum += b
	}
	for u, b := range supply {
		switch {
		case sum > tol && b > 0:
			if net[u] > b+tol {
				t.Fatalf("node %d: net out %g > supply %g", u, net[u], b)
			}
			if g.Potential(u) < -tol {
				t.Fatalf("node %d: potential %g < 0", u, g.Potential(u))
			}
			if net[u] < b-tol && math.Abs(g.Potential(u)) > tol {
				t.Fatalf("node %d keeps supply but has potential %g", u, g.Potential(u))
			}
		case math.Abs(net[u]-b) > tol:
			t.Fatalf("node %d: net out %g, want %g", u, net[u], b)
		}
	}
	if math.Abs(cost-g.Cost()) > tol*(1+math.Abs(cost)) {
		t.Fatalf("Cost() = %g, Σ cost·flow = %g", g.Cost(), cost)
	}
}

func TestNetworkSmall(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		supply []float64
		arcs   []netArc
		want   float64
	}{
		{"path", []float64{4, 0, -4}, []netArc{{0, 1, 0, inf, 1}, {1, 2, 0, inf, 2}}, 12},
		{"path reversed ids", []float64{-4, 0, 4}, []netArc{{2, 1, 0, inf, 1}, {1, 0, 0, inf, 2}}, 12},
		{"capacity split", []float64{5, 0, -5}, []netArc{{0, 2, 0, 3, 1}, {0, 1, 0, inf, 1}, {1, 2, 0, inf, 1}}, 3 + 2*2},
		{"lower bound forces expensive arc", []float64{5, 0, -5}, []netArc{{0, 2, 0, inf, 1}, {0, 1, 2, inf, 3}, {1, 2, 0, inf, 3}}, 3 + 12},
		{"negative cycle with capacity", []float64{0, 0, 0}, []netArc{{0, 1, 0, 2, -5}, {1, 2, 0, inf, 1}, {2, 0, 0, inf, 1}}, -6},
		{"excess supply stays", []float64{5, 3, -4}, []netArc{{0, 2, 0, inf, 4}, {1, 2, 0, inf, 1}}, 3 + 4},
		{"multi-echelon with node capacity", []float64{3, 4, 0, 0, 0, 0, -7},
			// customers 0,1 → tier-1 in nodes 2 (cap arc 2→3 of 5) and 4 (cap 4→5 of inf) → sink 6.
			[]netArc{{0, 2, 0, inf, 1}, {1, 2, 0, inf, 1}, {0, 4, 0, inf, 3}, {1, 4, 0, inf, 2},
				{2, 3, 0, 5, 0}, {4, 5, 0, inf, 1}, {3, 6, 0, inf, 2}, {5, 6, 0, inf, 0}},
			5*3 + 2*3},
		{"empty", nil, nil, 0},
		{"fractional", []float64{0.75, -0.75}, []netArc{{0, 1, 0.25, 1.5, 2}}, 1.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := buildNetwork(len(tc.supply), tc.supply, tc.arcs)
			if err := g.Solve(context.Background()); err != nil {
				t.Fatal(err)
			}
			if math.Abs(g.Cost()-tc.want) > 1e-9 {
				t.Fatalf("got cost %g, want %g", g.Cost(), tc.want)
			}
			checkNetwork(t, g, tc.supply, tc.arcs)
			for u := range tc.supply {
				if p := g.Potential(u); math.Abs(p) > 100 {
					t.Fatalf("potential %d = %g: big-M offset left", u, p)
				}
			}
		})
	}
}

func TestNetworkErrors(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		supply []float64
		arcs   []netArc
		want   error
	}{
		{"unbounded", []float64{1, -1}, []netArc{{0, 1, 0, inf, 1}, {1, 0, 0, inf, -2}}, ErrUnbounded},
		{"capacity", []float64{5, -5}, []netArc{{0, 1, 0, 4, 1}}, ErrInfeasible},
		{"demand exceeds supply", []float64{1, -2}, []netArc{{0, 1, 0, inf, 1}}, ErrInfeasible},
		{"lower bound cannot be met", []float64{0, 0}, []netArc{{0, 1, 1, 2, 1}}, ErrInfeasible},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := buildNetwork(len(tc.supply), tc.supply, tc.arcs)
			if err := g.Solve(context.Background()); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	var ie *InputError
	g := buildNetwork(2, []float64{1, -1}, []netArc{{0, 1, 2, 1, 1}})
	if err := g.Solve(context.Background()); !errors.As(err, &ie) || ie.Field != "arcs[0].upper" {
		t.Fatalf("got %v, want InputError on arcs[0].upper", err)
	}
}

// TestNetworkAsTransport models random transportation problems as networks
// (sources with excess supply) and compares with Transport.
func TestNetworkAsTransport(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for it := range 200 {
		m, n := 1+rng.IntN(8), 1+rng.IntN(12)
		supply, demand, arcs := randomTransport(rng, m, n, 1+rng.IntN(m+1), it%2 == 0)
		tr, terr := Transport(context.Background(), supply, demand, arcs)
		b := make([]float64, m+n)
		copy(b, supply)
		var na []netArc
		for _, a := range arcs {
			na = append(na, netArc{a.From, m + a.To, 0, math.Inf(1), a.Cost})
		}
		for j, d := range demand {
			b[m+j] = -d
		}
		g := buildNetwork(m+n, b, na)
		gerr := g.Solve(context.Background())
		if (terr == nil) != (gerr == nil) {
			t.Fatalf("it %d: transport %v, network %v", it, terr, gerr)
		}
		if terr != nil {
			continue
		}
		if math.Abs(tr.Cost-g.Cost()) > 1e-6*(1+math.Abs(tr.Cost)) {
			t.Fatalf("it %d: transport %g, network %g", it, tr.Cost, g.Cost())
		}
		checkNetwork(t, g, b, na)
	}
}

// TestNetworkRandomCertificate solves random capacitated networks with
// lower bounds and negative costs and checks the optimality certificate.
func TestNetworkRandomCertificate(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	solved := 0
	for it := range 400 {
		n := 2 + rng.IntN(12)
		supply, arcs := randomNetwork(rng, n, it%3 == 0)
		g := buildNetwork(n, supply, arcs)
		err := g.Solve(context.Background())
		if errors.Is(err, ErrInfeasible) || errors.Is(err, ErrUnbounded) {
			continue
		}
		if err != nil {
			t.Fatalf("it %d: %v", it, err)
		}
		solved++
		checkNetwork(t, g, supply, arcs)
	}
	if solved < 100 {
		t.Fatalf("only %d of 400 random networks feasible", solved)
	}
}

func randomNetwork(rng *rand.Rand, n int, frac bool) ([]float64, []netArc) {
	supply := make([]float64, n)
	for range n / 2 {
		u, v := rng.IntN(n), rng.IntN(n)
		b := float64(rng.IntN(10))
		if frac {
			b = math.Round(rng.Float64()*1000) / 100
		}
		supply[u] += b
		supply[v] -= b
	}
	var arcs []netArc
	for range 3 * n {
		u, v := rng.IntN(n), rng.IntN(n)
		if u == v {
			continue
		}
		lo, up := 0.0, math.Inf(1)
		if rng.IntN(2) == 0 {
			up = float64(rng.IntN(15))
		}
		if rng.IntN(5) == 0 {
			lo = float64(rng.IntN(3))
			up = max(up, lo)
		}
		c := float64(rng.IntN(200)-30) / 8
		if c < 0 && math.IsInf(up, 1) {
			c = -c
		}
		arcs = append(arcs, netArc{u, v, lo, up, c})
	}
	return supply, arcs
}
