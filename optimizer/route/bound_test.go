package route_test

import (
	"math"
	"testing"

	"github.com/huishou/huishou/optimizer/route"
)

// lineProblem: a depot at x=0 and n clients at x=1..n (10 per unit), 20 of
// service each, one vehicle of shift [0, shift].
func lineProblem(n int, shift int64) *route.Problem {
	var pts [][2]float64
	for i := range n + 1 {
		pts = append(pts, [2]float64{float64(i), 0})
	}
	p := grid(pts)
	p.Depots = []int{0}
	for i := 1; i <= n; i++ {
		p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{1}, Service: 20})
	}
	p.Vehicles = []route.Vehicle{{Capacity: []int64{100}, Count: 1, Shift: route.TimeWindow{Start: 0, End: shift}}}
	return p
}

func TestServedBound(t *testing.T) {
	// Each client takes 20 + 10 (the nearest place it can be reached from);
	// the shift of 100 less the 10 back to the depot holds 3 of them. (A
	// route serves 2: 1, 2 and back is 80; 1, 2, 3 and back 120.)
	p := lineProblem(6, 100)
	if got := route.ServedBound(p); math.Abs(got-3) > 1e-9 {
		t.Errorf("time bound %g, want 3", got)
	}
	sol := solveChecked(t, p, route.Options{Seed: 1, MaxIterations: 500})
	if served := len(p.Clients) - len(sol.Unassigned); float64(served) > route.ServedBound(p) {
		t.Errorf("the engine serves %d, above the bound", served)
	}
	// Capacity binds: 2 units a truck.
	p = lineProblem(6, 10000)
	p.Vehicles[0].Capacity = []int64{2}
	p.Vehicles[0].Count = 2
	if got := route.ServedBound(p); math.Abs(got-4) > 1e-9 {
		t.Errorf("load bound %g, want 4", got)
	}
	// Skills: clients 3..6 need skill 7, which only vehicle type 1 has;
	// clients 1, 2 (first in the greedy's order) go anywhere. Type 1 holds
	// three of the skilled (90 of 30 each), type 0 the two others: 5, not
	// the 6 that 180 units of time would hold without skills.
	p = lineProblem(6, 100)
	for i := 2; i < 6; i++ {
		p.Clients[i].Skills = []int{7}
	}
	p.Vehicles = append(p.Vehicles, p.Vehicles[0])
	p.Vehicles[1].Skills = []int{7}
	if got := route.ServedBound(p); math.Abs(got-5) > 1e-9 {
		t.Errorf("bound with skills %g, want 5", got)
	}
	// Windows: every client must start within [0, 10]; its work (10 in,
	// 20 of service) lies in [-10, 30], widened to the day's stretches of
	// 25 (a shift of 1,000 in 40): 50 of the vehicle's time, 5/3 of a
	// client, where the shift alone would hold all six.
	w := lineProblem(6, 1000)
	for i := range w.Clients {
		w.Clients[i].TimeWindows = []route.TimeWindow{{Start: 0, End: 10}}
	}
	if got := route.ServedBound(w); math.Abs(got-5.0/3) > 1e-9 {
		t.Errorf("bound with windows %g, want 5/3", got)
	}
	sol = solveChecked(t, w, route.Options{Seed: 1, MaxIterations: 200})
	if served := len(w.Clients) - len(sol.Unassigned); served != 1 {
		t.Errorf("the engine serves %d of the windowed clients, want 1", served)
	}
	// An unlimited fleet bounds nothing.
	p.Vehicles[0].Count = 0
	if got := route.ServedBound(p); got != 6 {
		t.Errorf("unlimited fleet: bound %g, want 6", got)
	}
}
