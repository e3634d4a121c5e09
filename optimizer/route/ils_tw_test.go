package route

import (
	"context"
	"slices"
	"testing"
	"time"
)

// rrFixtureTW is rrFixture for a random VRPTW: a worker whose best
// solution is a feasible educated one, with the ruin-and-recreate state
// built and chain 0 at that solution.
func rrFixtureTW(t *testing.T, n int) (*worker, *rrChain) {
	t.Helper()
	p := randomVRPTW(23, n, 60, 0)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	in := newInstance(p, 20)
	opt := Options{Seed: 5}
	w := newWorker(in, &opt, 1, time.Now(), time.Time{}, func(*worker) {})
	for try := 0; !w.hasBest && try < 20; try++ {
		e := w.eds[0]
		for k := range e.off.tour {
			e.off.tour[k] = int32(k + 1)
		}
		w.rng.Shuffle(len(e.off.tour), func(a, b int) { e.off.tour[a], e.off.tour[b] = e.off.tour[b], e.off.tour[a] })
		e.maxR = in.nR
		w.educateAll(1)
	}
	if !w.hasBest {
		t.Fatal("no feasible start")
	}
	w.rr = newRR(in, w.eds)
	c := w.rr.chains[0]
	c.cur.copyFrom(w.best)
	return w, c
}

// checkTW recomputes the cost, load and time warp of ind from its routes:
// every client once, capacity and windows kept.
func checkTW(t *testing.T, in *instance, ind *individual) {
	t.Helper()
	checkIndividual(t, in, ind)
	for r, rt := range ind.routes {
		if w := in.routeWarp(rt); w != 0 {
			t.Fatalf("route %d: time warp %d", r, w)
		}
	}
}

// TestRuinRecreateTW checks one time-window ruin and recreate: every
// client once, the segments of every route matching a recomputation, the
// route of every client known, nothing left pending.
func TestRuinRecreateTW(t *testing.T) {
	w, c := rrFixtureTW(t, 150)
	in := w.in
	for step := range 200 {
		c.cand.copyFrom(c.cur)
		w.ruinRecreate(c, 1000, 1000)
		seen := make([]bool, in.n+1)
		for r, rt := range c.cand.routes {
			if !c.cand.dirty[r] && !slices.Equal(rt, c.cur.routes[r]) {
				t.Fatalf("step %d: route %d changed but is not dirty", step, r)
			}
			if got, want := c.fw[r][len(rt)].warp, in.routeWarp(rt); got != want {
				t.Fatalf("step %d: route %d: cached warp %d, recomputed %d", step, r, got, want)
			}
			if got, want := c.bw[r][0].warp, in.routeWarp(rt); got != want {
				t.Fatalf("step %d: route %d: cached suffix warp %d, recomputed %d", step, r, got, want)
			}
			for _, x := range rt {
				if seen[x] {
					t.Fatalf("step %d: client %d twice", step, x)
				}
				seen[x] = true
				if c.pending[x] {
					t.Fatalf("step %d: client %d placed but still pending", step, x)
				}
				if int(c.routeOf[x]) != r && slices.Contains(c.removed, x) {
					t.Fatalf("step %d: client %d in route %d, recorded in %d", step, x, r, c.routeOf[x])
				}
			}
		}
		for x := 1; x <= in.n; x++ {
			if !seen[x] {
				t.Fatalf("step %d: client %d lost", step, x)
			}
		}
	}
}

// TestRecreatePhaseTW runs the phase from a feasible VRPTW solution: the
// chain only moves to feasible solutions, and the best it returns is
// feasible and no worse than the start.
func TestRecreatePhaseTW(t *testing.T) {
	w, c := rrFixtureTW(t, 120)
	in := w.in
	start := w.best.cost
	steps := 1500
	if testing.Short() {
		steps = 500
	}
	w.recreatePhase(context.Background(), steps)
	if w.rrSteps != steps {
		t.Errorf("%d steps, want %d", w.rrSteps, steps)
	}
	if !c.cur.feasible {
		t.Error("the chain ended at an infeasible solution")
	}
	t.Logf("%d → %d", start, w.best.cost)
	if !w.best.feasible || w.best.cost > start {
		t.Errorf("best %d (feasible %v) from %d", w.best.cost, w.best.feasible, start)
	}
	checkTW(t, in, w.best)
}

// TestRecreateStepTWNoAllocs: a time-window step allocates nothing once
// warm.
func TestRecreateStepTWNoAllocs(t *testing.T) {
	w, c := rrFixtureTW(t, 150)
	for range 300 {
		w.rrStep(c, 10, 1000, 1000)
	}
	if a := testing.AllocsPerRun(200, func() { w.rrStep(c, 10, 1000, 1000) }); a != 0 {
		t.Errorf("%.1f allocations per step", a)
	}
}

// TestSkipInactiveSameMoves: with selective vertex caching the local
// search skips clients with no stamped pair; that must apply exactly the
// moves testing every client would.
func TestSkipInactiveSameMoves(t *testing.T) {
	for _, tw := range []bool{false, true} {
		run := func(skip bool) []int32 {
			svcSkip = skip
			defer func() { svcSkip = true }()
			var w *worker
			var c *rrChain
			if tw {
				w, c = rrFixtureTW(t, 150)
			} else {
				w, c = rrFixture(t, 150, 40)
			}
			for range 100 {
				w.rrStep(c, 10, 1000, 1000*boolf(tw))
			}
			return slices.Clone(c.cur.tour)
		}
		a, b := run(true), run(false)
		if !slices.Equal(a, b) {
			t.Errorf("tw %v: skipping inactive clients changed the search", tw)
		}
	}
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestAllRecreateFromInitial: a VRPTW handed an initial solution with a
// ruin-and-recreate share of at least twAllRecreate runs that phase alone
// from it: reproducible, feasible, no worse than the start.
func TestAllRecreateFromInitial(t *testing.T) {
	p := randomVRPTW(29, 120, 60, 0)
	first, err := Solve(context.Background(), p, Options{MaxIterations: 20, Seed: 1, RecreateShare: -1})
	if err != nil || !first.Feasible {
		t.Fatalf("first solve: %v (feasible %v)", err, first != nil && first.Feasible)
	}
	opt := Options{MaxIterations: 60, Seed: 2, RecreateShare: 0.95, InitialSolution: first}
	a, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Solve(context.Background(), p, opt)
	if a.Stats.RecreateSteps != 600 || a.Stats.Iterations != 0 {
		t.Errorf("%d genetic iterations and %d steps, want 0 and 600", a.Stats.Iterations, a.Stats.RecreateSteps)
	}
	if !a.Feasible || a.Cost > first.Cost {
		t.Errorf("cost %d (feasible %v) from %d", a.Cost, a.Feasible, first.Cost)
	}
	if a.Cost != b.Cost || len(a.Routes) != len(b.Routes) {
		t.Errorf("same seed and iterations gave %d and %d", a.Cost, b.Cost)
	}
}

// TestSyncChains: between epochs every chain takes a copy of the best
// current solution (lowest penalised cost, the first on ties), and a chain
// at that cost keeps its own.
func TestSyncChains(t *testing.T) {
	w, c0 := rrFixtureTW(t, 120)
	w.eds = append(w.eds, &educator{rng: w.eds[0].rng, sp: w.eds[0].sp, ls: w.eds[0].ls, load: w.eds[0].load,
		off: newIndividual(w.in), rep: newIndividual(w.in)})
	w.eds = append(w.eds, w.eds[1])
	w.rr = newRR(w.in, w.eds)
	chains := w.rr.chains
	for _, c := range chains {
		c.cur.copyFrom(c0.cur)
		c.cur.penCost = c.cur.penalised(1000, 1000)
	}
	// Chain 1 walks a few steps at a high temperature: a different, worse
	// or better current solution than chain 0's.
	for range 50 {
		w.rrStep(chains[1], 1e9, 1000, 1000)
	}
	if slices.Equal(chains[1].cur.tour, chains[0].cur.tour) && chains[1].cur.cost == chains[0].cur.cost {
		t.Fatal("the walk did not move chain 1")
	}
	want := chains[0]
	if chains[1].cur.penCost < chains[0].cur.penCost {
		want = chains[1]
	}
	other := chains[1]
	if want == chains[1] {
		other = chains[0]
	}
	wantCost, wantPen := want.cur.cost, want.cur.penCost
	wantRoutes := make([][]int32, len(want.cur.routes))
	for r, rt := range want.cur.routes {
		wantRoutes[r] = slices.Clone(rt)
	}
	chains[2].cur.penCost = wantPen // a tie with the best: keeps its own routes
	chains[2].cur.cost = -1
	syncChains(chains)
	if other.cur.cost != wantCost || other.cur.penCost != wantPen {
		t.Errorf("the worse chain has cost %d (pen %.1f), want %d (%.1f)", other.cur.cost, other.cur.penCost, wantCost, wantPen)
	}
	for r, rt := range other.cur.routes {
		if !slices.Equal(rt, wantRoutes[r]) {
			t.Fatalf("route %d of the worse chain differs from the best chain's", r)
		}
	}
	if chains[2].cur.cost != -1 {
		t.Error("a chain tied with the best was overwritten")
	}
	checkTW(t, w.in, other.cur)
}
