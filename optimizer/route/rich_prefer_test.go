package route_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/huishou/huishou/optimizer/route"
)

// preferProblem is 24 clients and 2 shipments around one depot, served by
// three vehicles (one type each, four capacity units of room to spare).
func preferProblem() *route.Problem {
	rng := rand.New(rand.NewPCG(7, 11))
	pts := [][2]float64{{50, 50}}
	for range 28 {
		pts = append(pts, [2]float64{rng.Float64() * 100, rng.Float64() * 100})
	}
	p := grid(pts)
	p.Depots = []int{0}
	for i := 1; i <= 24; i++ {
		p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{1}, Service: 5})
	}
	for s := range 2 {
		p.Shipments = append(p.Shipments, route.Shipment{Pickup: route.Stop{Location: 25 + 2*s}, Delivery: route.Stop{Location: 26 + 2*s},
			Amount: []int64{1}})
	}
	for range 3 {
		p.Vehicles = append(p.Vehicles, route.Vehicle{Capacity: []int64{12}, Count: 1})
	}
	return p
}

// vehicleOf maps jobs (clients 0.., then shipments) to their route's
// vehicle type.
func vehicleOf(p *route.Problem, s *route.Solution) map[int]int {
	m := map[int]int{}
	for _, r := range s.Routes {
		for _, st := range r.Steps {
			switch st.Kind {
			case route.StepClient:
				m[st.Index] = r.Vehicle
			case route.StepPickup:
				m[len(p.Clients)+st.Index] = r.Vehicle
			}
		}
	}
	return m
}

// TestPreferKeepsJobsOnTheirVehicle: jobs given an arbitrary earlier
// vehicle (round robin, far from the best routes) stay on it when moving
// costs more than any saving, move freely when it costs nothing, and
// a middle cost keeps some and moves others; Solution.Cost never includes
// the preference.
func TestPreferKeepsJobsOnTheirVehicle(t *testing.T) {
	opt := route.Options{Seed: 3, MaxIterations: 3000}
	moved := func(cost int64) (int, *route.Solution) {
		p := preferProblem()
		for i := range p.Clients {
			p.Clients[i].Prefer = &route.Prefer{Vehicle: i % 3, Cost: cost}
		}
		for s := range p.Shipments {
			p.Shipments[s].Prefer = &route.Prefer{Vehicle: (len(p.Clients) + s) % 3, Cost: cost}
		}
		sol := solveChecked(t, p, opt)
		if len(sol.Unassigned) > 0 {
			t.Fatalf("cost %d: %d jobs unassigned", cost, len(sol.Unassigned))
		}
		n := 0
		for j, v := range vehicleOf(p, sol) {
			if v != j%3 {
				n++
			}
		}
		return n, sol
	}
	free, solFree := moved(0)
	if free == 0 {
		t.Fatal("without a cost the search kept the round-robin assignment: the test cannot tell a preference from none")
	}
	kept, solKept := moved(1 << 30)
	if kept != 0 {
		t.Errorf("with a prohibitive move cost %d jobs left their vehicle, want 0", kept)
	}
	if solKept.Cost <= solFree.Cost {
		t.Errorf("kept routes cost %d, free ones %d: the kept assignment should cost more (and the preference stay out of Solution.Cost)", solKept.Cost, solFree.Cost)
	}
	if solKept.Cost >= 1<<30 {
		t.Errorf("Solution.Cost %d includes the preference", solKept.Cost)
	}
	mid, _ := moved(200)
	t.Logf("jobs moved: free %d, at 200 a move %d, prohibitive %d", free, mid, kept)
	if mid == 0 || mid >= free {
		t.Errorf("a move cost of 200 (about half a mean arc) moved %d jobs; want some, fewer than the %d moved for free", mid, free)
	}
}

func TestPreferValidation(t *testing.T) {
	for _, tc := range []struct {
		set   func(p *route.Problem)
		field string
	}{
		{func(p *route.Problem) { p.Clients[2].Prefer = &route.Prefer{Vehicle: 3, Cost: 1} }, "clients[2].prefer.vehicle"},
		{func(p *route.Problem) { p.Clients[0].Prefer = &route.Prefer{Vehicle: -1} }, "clients[0].prefer.vehicle"},
		{func(p *route.Problem) { p.Shipments[1].Prefer = &route.Prefer{Vehicle: 0, Cost: -5} }, "shipments[1].prefer.cost"},
	} {
		p := preferProblem()
		tc.set(p)
		_, err := route.Solve(context.Background(), p, route.Options{MaxIterations: 10})
		var ie *route.InputError
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("got %v, want an InputError on %s", err, tc.field)
		}
	}
}
