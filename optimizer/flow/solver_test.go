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

func TestTransportEdgeCases(t *testing.T) {
	ctx := context.Background()
	if res, err := Transport(ctx, nil, []float64{0, 0}, nil); err != nil || res.Cost != 0 {
		t.Fatalf("no sources, zero demand: got %v, %v", res, err)
	}
	_, err := Transport(ctx, nil, []float64{0, 3}, nil)
	if !errors.Is(err, ErrInfeasible) || err.Error() != "flow: infeasible: sink 1 cannot be served: 3 of its demand 3 is short" {
		t.Fatalf("no sources: got %v", err)
	}
	if res, err := TransportDense(ctx, []float64{2}, nil, nil); err != nil || len(res.Flow) != 0 || len(res.U) != 1 {
		t.Fatalf("no sinks: got %v, %v", res, err)
	}
	if _, err := TransportDense(ctx, []float64{2}, []float64{1}, []float64{1, 2}); err == nil {
		t.Fatal("wrong matrix size accepted")
	}
	// Huge and tiny costs keep their relative precision.
	for _, scale := range []float64{1e-9, 1, 1e12} {
		arcs := []Arc{{0, 0, 3 * scale}, {1, 0, 2 * scale}, {1, 1, 5 * scale}, {0, 1, 4.5 * scale}}
		res, err := Transport(ctx, []float64{5, 5}, []float64{4, 4}, arcs)
		if err != nil {
			t.Fatal(err)
		}
		want := (4*2 + 4*4.5) * scale
		if math.Abs(res.Cost-want) > 1e-12*want {
			t.Fatalf("scale %g: got %g, want %g", scale, res.Cost, want)
		}
	}
}

// TestTransportConcurrent solves from several goroutines at once through
// the pooled package functions.
func TestTransportConcurrent(t *testing.T) {
	ctx := context.Background()
	supply, demand, cost := denseInstance(6, 15, 120)
	want, err := TransportDense(ctx, supply, demand, cost)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 20 {
				got, err := TransportDense(ctx, supply, demand, cost)
				if err == nil && got.Cost != want.Cost {
					err = errors.New("cost differs")
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
