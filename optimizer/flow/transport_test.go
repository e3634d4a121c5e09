package flow

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// checkTransport verifies primal feasibility, dual feasibility and
// complementary slackness of res, which together prove optimality.
func checkTransport(t *testing.T, supply, demand []float64, arcs []Arc, res *TransportResult) {
	t.Helper()
	const tol = 1e-6
	m, n := len(supply), len(demand)
	out := make([]float64, m)
	in := make([]float64, n)
	var cost float64
	for k, a := range arcs {
		x := res.Flow[k]
		if x < -tol {
			t.Fatalf("flow[%d] = %g < 0", k, x)
		}
		if math.IsInf(a.Cost, 1) {
			if x != 0 {
				t.Fatalf("flow[%d] = %g on an infinite-cost arc", k, x)
			}
			continue
		}
		out[a.From] += x
		in[a.To] += x
		cost += a.Cost * x
		rc := a.Cost - res.U[a.From] - res.V[a.To]
		scale := 1 + math.Abs(a.Cost)
		if rc < -tol*scale {
			t.Fatalf("arc %d: reduced cost %g < 0", k, rc)
		}
		if x > tol && math.Abs(rc) > tol*scale {
			t.Fatalf("arc %d: flow %g with reduced cost %g ≠ 0", k, x, rc)
		}
	}
	for i := range m {
		if out[i] > supply[i]+tol {
			t.Fatalf("source %d ships %g > supply %g", i, out[i], supply[i])
		}
		if res.U[i] > tol {
			t.Fatalf("U[%d] = %g > 0", i, res.U[i])
		}
		if out[i] < supply[i]-tol && math.Abs(res.U[i]) > tol {
			t.Fatalf("source %d has slack but U = %g", i, res.U[i])
		}
	}
	for j := range n {
		if math.Abs(in[j]-demand[j]) > tol {
			t.Fatalf("sink %d receives %g, want %g", j, in[j], demand[j])
		}
	}
	if math.Abs(cost-res.Cost) > tol*(1+math.Abs(cost)) {
		t.Fatalf("Cost = %g, Σ cost·flow = %g", res.Cost, cost)
	}
	var dual float64
	for i, u := range res.U {
		dual += supply[i] * u
	}
	for j, v := range res.V {
		dual += demand[j] * v
	}
	if math.Abs(dual-cost) > tol*(1+math.Abs(cost)) {
		t.Fatalf("dual objective %g ≠ primal %g", dual, cost)
	}
}

func TestTransportSmall(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name           string
		supply, demand []float64
		arcs           []Arc
		want           float64
	}{
		{"one arc", []float64{5}, []float64{3}, []Arc{{0, 0, 2}}, 6},
		{"two by two", []float64{10, 10}, []float64{8, 12},
			[]Arc{{0, 0, 1}, {0, 1, 4}, {1, 0, 3}, {1, 1, 2}}, 8*1 + 2*4 + 10*2},
		{"supply exceeds demand", []float64{10, 10}, []float64{5, 5},
			[]Arc{{0, 0, 1}, {0, 1, 4}, {1, 0, 3}, {1, 1, 2}}, 5 + 10},
		{"capacity forces detour", []float64{4, 10}, []float64{6},
			[]Arc{{0, 0, 1}, {1, 0, 5}}, 4 + 2*5},
		{"zero costs", []float64{3, 3}, []float64{2, 2, 2},
			[]Arc{{0, 0, 0}, {0, 1, 0}, {0, 2, 0}, {1, 0, 0}, {1, 1, 0}, {1, 2, 0}}, 0},
		{"zero demand", []float64{3}, []float64{0, 2}, []Arc{{0, 0, 7}, {0, 1, 1}}, 2},
		{"infinite cost ignored", []float64{3, 3}, []float64{3}, []Arc{{0, 0, inf}, {1, 0, 2}}, 6},
		{"decimal costs", []float64{7, 9}, []float64{5, 6},
			[]Arc{{0, 0, 1234.875}, {0, 1, 17.125}, {1, 0, 1000.5}, {1, 1, 3.25}}, 5*1000.5 + 4*3.25 + 2*17.125},
		{"negative cost", []float64{5, 5}, []float64{4}, []Arc{{0, 0, -3}, {1, 0, -1}}, -12},
		{"parallel arcs", []float64{5}, []float64{4}, []Arc{{0, 0, 3}, {0, 0, 2}}, 8},
		{"degenerate 3x3", []float64{1, 1, 1}, []float64{1, 1, 1},
			[]Arc{{0, 0, 1}, {0, 1, 1}, {0, 2, 1}, {1, 0, 1}, {1, 1, 1}, {1, 2, 1}, {2, 0, 1}, {2, 1, 1}, {2, 2, 1}}, 3},
		{"fractional amounts", []float64{0.5, 1.25}, []float64{1.5},
			[]Arc{{0, 0, 1}, {1, 0, 2}}, 0.5 + 2},
		{"empty", nil, nil, nil, 0},
		{"sources only", []float64{3, 4}, nil, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Transport(context.Background(), tc.supply, tc.demand, tc.arcs)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(res.Cost-tc.want) > 1e-9 {
				t.Fatalf("got cost %g, want %g (flow %v)", res.Cost, tc.want, res.Flow)
			}
			checkTransport(t, tc.supply, tc.demand, tc.arcs, res)
		})
	}
}

func TestTransportInfeasible(t *testing.T) {
	tests := []struct {
		name           string
		supply, demand []float64
		arcs           []Arc
	}{
		{"not enough supply", []float64{3}, []float64{2, 2}, []Arc{{0, 0, 1}, {0, 1, 1}}},
		{"sink without arcs", []float64{10}, []float64{2, 2}, []Arc{{0, 0, 1}}},
		{"capacity", []float64{1, 10}, []float64{2, 2}, []Arc{{0, 0, 1}, {1, 1, 1}}},
		{"only infinite arcs", []float64{1}, []float64{1}, []Arc{{0, 0, math.Inf(1)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Transport(context.Background(), tc.supply, tc.demand, tc.arcs)
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("got %v, want ErrInfeasible", err)
			}
		})
	}
}

func TestTransportInputErrors(t *testing.T) {
	tests := []struct {
		name           string
		supply, demand []float64
		arcs           []Arc
		field          string
	}{
		{"negative supply", []float64{-1}, []float64{0}, nil, "supply[0]"},
		{"NaN demand", []float64{1}, []float64{math.NaN()}, nil, "demand[0]"},
		{"bad from", []float64{1}, []float64{1}, []Arc{{1, 0, 1}}, "arcs[0].from"},
		{"bad to", []float64{1}, []float64{1}, []Arc{{0, 0, 1}, {0, -1, 1}}, "arcs[1].to"},
		{"NaN cost", []float64{1}, []float64{1}, []Arc{{0, 0, math.NaN()}}, "arcs[0].cost"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Transport(context.Background(), tc.supply, tc.demand, tc.arcs)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Fatalf("got %v, want InputError on %s", err, tc.field)
			}
		})
	}
}

// randomTransport makes a feasible-or-not random problem.
func randomTransport(rng *rand.Rand, m, n, deg int, integral bool) (supply, demand []float64, arcs []Arc) {
	supply = make([]float64, m)
	demand = make([]float64, n)
	amount := func() float64 {
		if integral {
			return float64(rng.IntN(20))
		}
		return math.Round(rng.Float64()*2000) / 100
	}
	for j := range demand {
		demand[j] = amount()
	}
	for i := range supply {
		supply[i] = amount() * float64(n) / float64(m) * 1.3
		if integral {
			supply[i] = math.Round(supply[i])
		}
	}
	for j := range n {
		for range deg {
			i := rng.IntN(m)
			c := math.Round(rng.Float64()*1e5) / 8 // decimals like 1234.875
			arcs = append(arcs, Arc{i, j, c})
		}
	}
	return supply, demand, arcs
}

func TestTransportRandomAgainstSSP(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for it := range 300 {
		m := 1 + rng.IntN(12)
		n := 1 + rng.IntN(15)
		deg := 1 + rng.IntN(m+1)
		integral := it%2 == 0
		supply, demand, arcs := randomTransport(rng, m, n, deg, integral)
		want, _, ok := sspTransport(supply, demand, arcs)
		res, err := Transport(context.Background(), supply, demand, arcs)
		if !ok {
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("it %d: got %v, want ErrInfeasible", it, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("it %d: %v", it, err)
		}
		if math.Abs(res.Cost-want) > 1e-6*(1+math.Abs(want)) {
			t.Fatalf("it %d: got cost %.9g, want %.9g", it, res.Cost, want)
		}
		checkTransport(t, supply, demand, arcs, res)
		if integral {
			for k, x := range res.Flow {
				if x != math.Trunc(x) {
					t.Fatalf("it %d: flow[%d] = %g not integral", it, k, x)
				}
			}
		}
	}
}

func TestTransportDenseMatchesSparse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var ts TransportSolver
	for it := range 50 {
		m, n := 1+rng.IntN(10), 1+rng.IntN(30)
		supply := make([]float64, m)
		demand := make([]float64, n)
		for j := range demand {
			demand[j] = float64(1 + rng.IntN(9))
		}
		for i := range supply {
			supply[i] = float64(5 + rng.IntN(10*n/m+5))
		}
		cost := make([]float64, m*n)
		var arcs []Arc
		for i := range m {
			for j := range n {
				c := float64(rng.IntN(1000)) / 4
				if rng.IntN(5) == 0 {
					c = math.Inf(1)
				}
				cost[i*n+j] = c
				arcs = append(arcs, Arc{i, j, c})
			}
		}
		want, err1 := Transport(context.Background(), supply, demand, arcs)
		got, err2 := ts.SolveDense(context.Background(), supply, demand, cost)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("it %d: sparse err %v, dense err %v", it, err1, err2)
		}
		if err1 != nil {
			continue
		}
		if math.Abs(got.Cost-want.Cost) > 1e-6 {
			t.Fatalf("it %d: dense cost %g, sparse %g", it, got.Cost, want.Cost)
		}
		checkTransport(t, supply, demand, arcs, got)
	}
}

// TestTransportZeroDemandPrice: a sink without demand gets the tightest
// price its arcs allow, not a big-M artefact.
func TestTransportZeroDemandPrice(t *testing.T) {
	supply := []float64{5, 5}
	demand := []float64{3, 0, 0}
	arcs := []Arc{{0, 0, 2}, {1, 0, 4}, {0, 1, 7}, {1, 1, 6}}
	for _, dense := range []bool{false, true} {
		var res *TransportResult
		var err error
		if dense {
			inf := math.Inf(1)
			res, err = TransportDense(context.Background(), supply, demand, []float64{2, 7, inf, 4, 6, inf})
		} else {
			res, err = Transport(context.Background(), supply, demand, arcs)
		}
		if err != nil {
			t.Fatal(err)
		}
		// U = 0 (both sources have slack), so V_1 = min(7, 6) and V_2 = 0.
		if res.V[1] != 6 || res.V[2] != 0 {
			t.Fatalf("dense=%v: got V %v, want V[1] = 6, V[2] = 0", dense, res.V)
		}
	}
}
