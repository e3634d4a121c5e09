package route

import (
	"reflect"
	"testing"
	"time"
)

func TestTwoStageShape(t *testing.T) {
	p := vrptwLike(1, 10)
	if !twoStage(p) {
		t.Error("hierarchical VRPTW: want the two stages")
	}
	q := *p
	q.VehiclesFirst = false
	if twoStage(&q) {
		t.Error("cost objective: the genetic search alone, not two stages")
	}
	q = *p
	q.Vehicles = append(q.Vehicles, q.Vehicles[0])
	if twoStage(&q) {
		t.Error("two vehicle types: want the rich engine")
	}
	q = *p
	q.Shipments = []Shipment{{Pickup: Stop{Location: 1}, Delivery: Stop{Location: 2}}}
	if twoStage(&q) {
		t.Error("shipments: want the rich engine")
	}
}

// TestTwoStage checks that the second stage keeps the fleet of the first,
// serves every client feasibly, costs no more, and that a run bounded by
// iterations is reproducible.
func TestTwoStage(t *testing.T) {
	p := vrptwLike(11, 60)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	opt := Options{MaxIterations: 3000, Seed: 2}
	fleet, err := searchRich(t.Context(), p, opt, time.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	sol, err := Solve(t.Context(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(sol.Unassigned) > 0 {
		t.Fatalf("%d clients unassigned", len(sol.Unassigned))
	}
	t.Logf("stage one %d routes cost %d; two stages %d routes cost %d", len(fleet.Routes), fleet.Cost, len(sol.Routes), sol.Cost)
	if len(sol.Routes) > len(fleet.Routes) || sol.Cost >= fleet.Cost {
		t.Errorf("two stages: %d routes cost %d; want cheaper than stage one alone: %d routes cost %d",
			len(sol.Routes), sol.Cost, len(fleet.Routes), fleet.Cost)
	}
	in := newRinst(p)
	sim := newSimulator(in)
	seen := make([]bool, len(p.Clients))
	for i, r := range sol.Routes {
		nodes := make([]int32, len(r.Clients))
		for k, c := range r.Clients {
			nodes[k] = int32(c)
			if seen[c] {
				t.Fatalf("client %d served twice", c)
			}
			seen[c] = true
		}
		if !sim.feasible(0, nodes) {
			t.Fatalf("route %d infeasible", i)
		}
	}
	again, err := Solve(t.Context(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	sol.Stats, again.Stats = Stats{}, Stats{}
	if !reflect.DeepEqual(sol, again) {
		t.Error("same seed and iterations gave different solutions")
	}
}

// TestTwoStageProgress checks that progress reports go on through the
// second stage, with the time and iterations of the whole solve.
func TestTwoStageProgress(t *testing.T) {
	p := vrptwLike(4, 30)
	opt := Options{MaxIterations: 26000, Seed: 1}
	fleet, err := searchRich(t.Context(), p, opt, time.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	var last Progress
	calls := 0
	opt.Progress = func(pr Progress) {
		if pr.Elapsed < last.Elapsed || pr.Iterations < last.Iterations {
			t.Errorf("progress went back: %+v after %+v", pr, last)
		}
		last = pr
		calls++
	}
	sol, err := Solve(t.Context(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last.Iterations <= fleet.Stats.Iterations {
		t.Errorf("%d progress calls, last at %d iterations; want reports from the second stage (past the first stage's %d)",
			calls, last.Iterations, fleet.Stats.Iterations)
	}
	if last.BestCost < sol.Cost {
		t.Errorf("last reported cost %d below the solution's %d", last.BestCost, sol.Cost)
	}
}
