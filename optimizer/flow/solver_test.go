package flow

import (
	"context"
	"errors"
	"math"
	"testing"
)

func TestTransportSolverNoAllocs(t *testing.T) {
	supply, demand, cost := denseInstance(3, 20, 200)
	arcs := denseArcs(20, 200, cost)
	var ts TransportSolver
	ctx := context.Background()
	tests := []struct {
		name string
		f    func()
	}{
		{"SolveDense", func() { ts.SolveDense(ctx, supply, demand, cost) }},
		{"Solve", func() { ts.Solve(ctx, supply, demand, arcs) }},
		{"Resolve", func() { ts.Resolve(ctx, supply, demand) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.f()
			if got := testing.AllocsPerRun(10, tc.f); got != 0 {
				t.Fatalf("got %g allocations per run, want 0", got)
			}
		})
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	supply, demand, cost := denseInstance(4, 10, 50)
	if _, err := TransportDense(ctx, supply, demand, cost); !errors.Is(err, context.Canceled) {
		t.Fatalf("TransportDense: got %v, want context.Canceled", err)
	}
	g := NewNetwork(2)
	g.SetSupply(0, 1)
	g.SetSupply(1, -1)
	g.AddArc(0, 1, 0, math.Inf(1), 1)
	if err := g.Solve(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Network.Solve: got %v, want context.Canceled", err)
	}
}

// TestTransportSolverReuseSizes reuses one solver across problems of
// different shapes and kinds.
func TestTransportSolverReuseSizes(t *testing.T) {
	var ts TransportSolver
	ctx := context.Background()
	for _, sz := range [][2]int{{5, 40}, {30, 300}, {2, 3}, {12, 100}} {
		supply, demand, cost := denseInstance(uint64(sz[0]), sz[0], sz[1])
		arcs := denseArcs(sz[0], sz[1], cost)
		want, err := Transport(ctx, supply, demand, arcs)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ts.SolveDense(ctx, supply, demand, cost)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got.Cost-want.Cost) > 1e-6*want.Cost {
			t.Fatalf("%v: dense %g, sparse %g", sz, got.Cost, want.Cost)
		}
		checkTransport(t, supply, demand, arcs, got)
		got, err = ts.Solve(ctx, supply, demand, arcs)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got.Cost-want.Cost) > 1e-6*want.Cost {
			t.Fatalf("%v: reused %g, fresh %g", sz, got.Cost, want.Cost)
		}
	}
}

// TestTransportLarge checks the benchmark-size problems against their
// optimality certificates.
func TestTransportLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	ctx := context.Background()
	supply, demand, cost := denseInstance(1, 100, 1000)
	res, err := TransportDense(ctx, supply, demand, cost)
	if err != nil {
		t.Fatal(err)
	}
	checkTransport(t, supply, demand, denseArcs(100, 1000, cost), res)
	ss, ds, arcs := sparseInstance(2, 3000, 3000, 30)
	res, err = Transport(ctx, ss, ds, arcs)
	if err != nil {
		t.Fatal(err)
	}
	checkTransport(t, ss, ds, arcs, res)
}
