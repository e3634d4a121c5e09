package route

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"
)

// rrFixture is a worker on a random CVRP whose best solution is the
// educated savings solution, with the ruin-and-recreate state built.
func rrFixture(t *testing.T, n int, q int64) (*worker, *rrChain) {
	t.Helper()
	p := randomProblem(17, n, q)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	in := newInstance(p, 20)
	opt := Options{Seed: 5}
	w := newWorker(in, &opt, 1, time.Now(), time.Time{}, func(*worker) {})
	e := w.eds[0]
	if !in.savings(e.off) {
		t.Fatal("savings did not fit")
	}
	e.maxR = 0
	w.educateAll(1)
	if !w.hasBest {
		t.Fatal("no feasible start")
	}
	w.rr = newRR(in, w.eds)
	c := w.rr.chains[0]
	c.cur.copyFrom(w.best)
	return w, c
}

// TestRuinRecreate checks one ruin and recreate: every client once, the
// removed ones back, every route that changed flagged dirty, the clients
// whose neighbours changed flagged moved, and strings taken from
// different routes.
func TestRuinRecreate(t *testing.T) {
	w, c := rrFixture(t, 150, 40)
	in := w.in
	changedSome := false
	for step := range 200 {
		c.cand.copyFrom(c.cur)
		w.ruinRecreate(c, 1000, 0)
		if len(c.removed) == 0 || len(c.removed) > 4*rrAvgRemoved*rrMaxString {
			t.Fatalf("step %d: %d clients removed", step, len(c.removed))
		}
		seen := make([]bool, in.n+1)
		for r, rt := range c.cand.routes {
			if !c.cand.dirty[r] && !slices.Equal(rt, c.cur.routes[r]) {
				t.Fatalf("step %d: route %d changed but is not dirty", step, r)
			}
			for k, x := range rt {
				if seen[x] {
					t.Fatalf("step %d: client %d twice", step, x)
				}
				seen[x] = true
				if k == 0 && c.cur.pred[x] != 0 || k > 0 && c.cur.pred[x] != rt[k-1] {
					changedSome = true
				}
			}
		}
		for x := 1; x <= in.n; x++ {
			if !seen[x] {
				t.Fatalf("step %d: client %d lost", step, x)
			}
		}
		// The removed clients came in strings from distinct routes.
		routes := map[int32]bool{}
		for _, x := range c.removed {
			routes[c.routeOf[x]] = true
		}
		if len(routes) > 4*rrAvgRemoved {
			t.Fatalf("step %d: strings from %d routes", step, len(routes))
		}
	}
	if !changedSome {
		t.Error("200 ruins and recreates never changed the solution")
	}
}

// TestRecreateStepsImprove runs the phase alone from a bad solution (a
// random tour, split) and checks that it ends feasible, at least as good
// as the educated savings solution, and valid.
func TestRecreateStepsImprove(t *testing.T) {
	w, _ := rrFixture(t, 120, 40)
	in := w.in
	ref := w.best.cost // savings, educated
	bad := w.best
	for k := range bad.tour {
		bad.tour[k] = int32(k + 1)
	}
	w.rng.Shuffle(len(bad.tour), func(a, b int) { bad.tour[a], bad.tour[b] = bad.tour[b], bad.tour[a] })
	w.eds[0].sp.split(bad, 1e6, 0, in.nR, w.eds[0].load)
	bad.evaluate(in, w.penalty, 0, w.eds[0].load)
	if !bad.feasible {
		t.Fatal("the random start is infeasible")
	}
	start := bad.cost
	steps := 2000
	if testing.Short() { // keeps `go test -race -short` quick
		steps = 600
	}
	w.recreatePhase(context.Background(), steps)
	if w.stop != StopIterations {
		t.Errorf("stop %q, want %q", w.stop, StopIterations)
	}
	if w.rrSteps != steps {
		t.Errorf("%d steps, want %d", w.rrSteps, steps)
	}
	t.Logf("random %d → %d (educated savings %d)", start, w.best.cost, ref)
	if !w.best.feasible || w.best.cost > ref {
		t.Errorf("best %d (feasible %v) from %d: want at most the educated savings cost %d", w.best.cost, w.best.feasible, start, ref)
	}
	checkIndividual(t, in, w.best)
}

// TestRecreateFromInfeasible starts the phase from an overloaded solution
// (two routes holding everything): the penalty must lead it to a
// feasible one.
func TestRecreateFromInfeasible(t *testing.T) {
	w, _ := rrFixture(t, 60, 30)
	in := w.in
	bad := w.bestInfeas
	for r := range bad.routes {
		bad.routes[r] = bad.routes[r][:0]
	}
	for x := 1; x <= in.n; x++ {
		bad.routes[x%2] = append(bad.routes[x%2], int32(x))
	}
	bad.evaluate(in, w.penalty, 0, w.eds[0].load)
	if bad.feasible {
		t.Fatal("the start is feasible")
	}
	w.hasBest, w.hasInfeas = false, true
	steps := 3000
	if testing.Short() {
		steps = 1000
	}
	w.recreatePhase(context.Background(), steps)
	if !w.hasBest || !w.best.feasible {
		t.Fatalf("no feasible solution after %d steps from an overloaded start", steps)
	}
	checkIndividual(t, in, w.best)
}

// checkIndividual recomputes cost and load of ind from its routes.
func checkIndividual(t *testing.T, in *instance, ind *individual) {
	t.Helper()
	seen := make([]bool, in.n+1)
	var cost int64
	for _, rt := range ind.routes {
		if len(rt) == 0 {
			continue
		}
		var load int64
		prev := 0
		for _, x := range rt {
			if seen[x] {
				t.Fatalf("client %d twice", x)
			}
			seen[x] = true
			load += in.dem[int(x)*in.nD]
			cost += in.d(prev, int(x))
			prev = int(x)
		}
		cost += in.d(prev, 0) + in.fixed
		if load > in.capv[0] {
			t.Fatalf("route load %d over capacity %d", load, in.capv[0])
		}
	}
	for x := 1; x <= in.n; x++ {
		if !seen[x] {
			t.Fatalf("client %d missing", x)
		}
	}
	if cost != ind.cost {
		t.Fatalf("cost %d recomputed as %d", ind.cost, cost)
	}
}

// TestRecreateStepNoAllocs: a step allocates nothing once warm.
func TestRecreateStepNoAllocs(t *testing.T) {
	w, c := rrFixture(t, 150, 40)
	for range 300 { // warm: route slices reach their working capacity
		w.rrStep(c, 10, 1000, 0)
	}
	if a := testing.AllocsPerRun(200, func() { w.rrStep(c, 10, 1000, 0) }); a != 0 {
		t.Errorf("%.1f allocations per step", a)
	}
}

func TestRecreateShare(t *testing.T) {
	for _, tc := range []struct {
		opt  float64
		n    int
		want float64
	}{
		{0, 100, 0.3}, {0, 200, 0.3}, {0, 400, 0.55}, {0, 600, 0.8}, {0, 1000, 0.8},
		{-1, 1000, 0}, {0.5, 100, 0.5}, {2, 100, 0.95},
	} {
		if got := recreateShare(&Options{RecreateShare: tc.opt}, tc.n); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("share(%v, n=%d) = %v, want %v", tc.opt, tc.n, got, tc.want)
		}
	}
}

// TestRecreatePhaseInSolve: an iteration-bounded Solve spends the given
// share in the phase (10 steps per iteration) and stays reproducible;
// RecreateShare < 0 turns it off.
func TestRecreatePhaseInSolve(t *testing.T) {
	p := randomProblem(8, 60, 40)
	opt := Options{Seed: 2, MaxIterations: 100, RecreateShare: 0.5, PopulationSize: 10}
	a, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if a.Stats.Iterations != 50 || a.Stats.RecreateSteps != 500 {
		t.Errorf("%d iterations and %d steps, want 50 and 500", a.Stats.Iterations, a.Stats.RecreateSteps)
	}
	if a.Stats.StopReason != StopIterations || !a.Feasible {
		t.Errorf("stop %q feasible %v", a.Stats.StopReason, a.Feasible)
	}
	b, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if a.Cost != b.Cost {
		t.Errorf("two runs: %d and %d", a.Cost, b.Cost)
	}
	opt.RecreateShare = -1
	c, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if c.Stats.Iterations != 100 || c.Stats.RecreateSteps != 0 {
		t.Errorf("off: %d iterations and %d steps, want 100 and 0", c.Stats.Iterations, c.Stats.RecreateSteps)
	}
}
