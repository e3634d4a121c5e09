package route_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/huishou/huishou/optimizer/route"
)

// randomTW builds a random VRPTW with n clients that the hybrid genetic
// search handles: one depot with a shift, one capacity, a window and a
// service time per client (every client servable on its own), and a fleet
// bound when fleet > 0.
func randomTW(rng *rand.Rand, n int, capQ int64, fleet int) *route.Problem {
	pts := make([][2]float64, n+1)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 100, rng.Float64() * 100}
	}
	p := grid(pts)
	p.Depots = []int{0}
	const horizon = 4000
	p.Vehicles = []route.Vehicle{{Capacity: []int64{capQ}, Count: fleet, Shift: route.TimeWindow{Start: 0, End: horizon}}}
	for i := 1; i <= n; i++ {
		d0 := p.Dist[i]
		e := max(d0, rng.Int64N(horizon-2*d0-200))
		l := min(e+100+rng.Int64N(900), horizon-d0-60)
		p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{1 + rng.Int64N(9)}, Service: 50,
			TimeWindows: []route.TimeWindow{{Start: e, End: l}}})
	}
	return p
}

// TestHGSTWBruteForce checks that the hybrid genetic search finds the
// brute-force optimum of tiny VRPTW instances.
func TestHGSTWBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	solved := 0
	for trial := range 8 {
		n := 5 + trial%3
		p := tinyVRPTW(rng, n)
		if !route.HGSShaped(p) {
			continue // a client no route can serve: the rich engine's case
		}
		want := bruteVRPTW(p)
		s := solveChecked(t, p, route.Options{MaxIterations: 1500, Seed: uint64(trial)})
		if len(s.Unassigned) > 0 {
			t.Fatalf("trial %d: %d unassigned", trial, len(s.Unassigned))
		}
		solved++
		if s.Distance != want {
			t.Errorf("trial %d (n=%d): distance %d, brute-force optimum %d", trial, n, s.Distance, want)
		}
	}
	if solved < 6 {
		t.Errorf("only %d of 8 instances were HGS-shaped", solved)
	}
}

// TestHGSTWRandomChecked solves 20 random VRPTW problems (some with a
// bounded fleet) by the hybrid genetic search and checks every solution
// with routecheck.
func TestHGSTWRandomChecked(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 1))
	for trial := range 20 {
		n := 10 + rng.IntN(30)
		fleet := 0
		if trial%3 == 1 {
			fleet = n // bounded, loose
		}
		p := randomTW(rng, n, 15+rng.Int64N(30), fleet)
		if trial%4 == 3 { // durations apart from distances: 2/3 of them
			p.Dur = make([]int64, len(p.Dist))
			for k, d := range p.Dist {
				p.Dur[k] = d * 2 / 3
			}
		}
		if !route.HGSShaped(p) {
			t.Fatalf("trial %d: not HGS-shaped", trial)
		}
		s := solveChecked(t, p, route.Options{MaxIterations: 150, Seed: uint64(trial)})
		if len(s.Unassigned) > 0 {
			t.Errorf("trial %d: %d clients unassigned", trial, len(s.Unassigned))
		}
		var dist int64
		for _, r := range s.Routes {
			dist += r.Distance
		}
		if s.Cost != dist || s.Distance != dist {
			t.Errorf("trial %d: cost %d, distance %d, routes' distances %d", trial, s.Cost, s.Distance, dist)
		}
	}
}

// TestHGSTWDeterministic: the same seed and iteration budget give the same
// routes.
func TestHGSTWDeterministic(t *testing.T) {
	p := randomTW(rand.New(rand.NewPCG(3, 3)), 40, 30, 0)
	opt := route.Options{MaxIterations: 400, Seed: 9}
	a := solveChecked(t, p, opt)
	b := solveChecked(t, p, opt)
	if !reflect.DeepEqual(a.Routes, b.Routes) {
		t.Errorf("two runs with seed 9 differ: cost %d vs %d", a.Cost, b.Cost)
	}
}

// TestHGSTWInitialSolution: a feasible initial solution joins the
// population, so the result is never worse than it; an infeasible one is
// rejected as input.
func TestHGSTWInitialSolution(t *testing.T) {
	p := randomTW(rand.New(rand.NewPCG(8, 8)), 30, 40, 0)
	first := solveChecked(t, p, route.Options{MaxIterations: 200, Seed: 1})
	init := &route.Solution{}
	for _, r := range first.Routes {
		init.Routes = append(init.Routes, route.Route{Clients: r.Clients})
	}
	// The fleet fixed to the initial solution's routes, as a fleet
	// minimisation phase hands it over.
	p.Vehicles[0].Count = len(first.Routes)
	for _, iters := range []int{1, 5, 50} {
		s := solveChecked(t, p, route.Options{MaxIterations: iters, Seed: 2, InitialSolution: init})
		if s.Cost > first.Cost || len(s.Unassigned) > 0 {
			t.Errorf("%d iterations: cost %d, %d unassigned, with a feasible initial solution of cost %d", iters, s.Cost, len(s.Unassigned), first.Cost)
		}
	}
	p.Vehicles[0].Count = 0
	// All clients on one route break the windows.
	all := route.Route{}
	for i := range p.Clients {
		all.Clients = append(all.Clients, i)
	}
	_, err := route.Solve(context.Background(), p, route.Options{MaxIterations: 5, InitialSolution: &route.Solution{Routes: []route.Route{all}}})
	if _, ok := err.(*route.InputError); !ok {
		t.Errorf("infeasible initial solution: got error %v, want an *InputError", err)
	}
}

// TestHGSTWFleetTooSmall: when the fleet cannot serve every window, the
// genetic search ends infeasible and the solution leaves clients out with a
// reason, every route feasible, as the rich engine does.
func TestHGSTWFleetTooSmall(t *testing.T) {
	p := randomTW(rand.New(rand.NewPCG(6, 6)), 25, 1000, 1)
	if !route.HGSShaped(p) {
		t.Fatal("not HGS-shaped")
	}
	s := solveChecked(t, p, route.Options{MaxIterations: 100, Seed: 1})
	if len(s.Unassigned) == 0 {
		t.Fatalf("one vehicle served all 25 windowed clients (%d routes)", len(s.Routes))
	}
	for _, u := range s.Unassigned {
		if u.Reason == "" {
			t.Errorf("unassigned %v without a reason", u)
		}
	}
}
