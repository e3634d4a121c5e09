package route

import (
	"math"
	"math/rand/v2"
	"testing"
)

// vrptwLike builds an n-client VRPTW with tight windows and capacity.
func vrptwLike(seed uint64, n int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	pts := make([][2]float64, n+1)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 100, rng.Float64() * 100}
	}
	p := &Problem{N: n + 1, Dist: make([]int64, (n+1)*(n+1))}
	for i := range n + 1 {
		for j := range n + 1 {
			p.Dist[i*(n+1)+j] = int64(math.Round(1000 * math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])))
		}
	}
	p.Vehicles = []Vehicle{{Capacity: []int64{100}, Shift: TimeWindow{Start: 0, End: 1000000}}}
	for i := 1; i <= n; i++ {
		a := int64(150000 + rng.IntN(600000))
		p.Clients = append(p.Clients, Client{Location: i, Demand: []int64{int64(5 + rng.IntN(20))}, Service: 10000,
			TimeWindows: []TimeWindow{{Start: a, End: a + 60000 + int64(rng.IntN(100000))}}})
	}
	p.VehiclesFirst = true
	return p
}

// TestFleetMinMoveEvaluation checks the O(1) evaluation of every move
// (from time-warp segments and prefix loads) against the routes rebuilt
// after applying it, on random and mostly infeasible routes.
func TestFleetMinMoveEvaluation(t *testing.T) {
	p := vrptwLike(3, 60)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	in := newRinst(p)
	rng := rand.New(rand.NewPCG(1, 1))
	f := newFleetMin(in, rng)
	perm := rng.Perm(in.nC)
	for k := 0; k < len(perm); k += 6 {
		r := f.newRoute()
		for _, v := range perm[k:min(k+6, len(perm))] {
			r.nodes = append(r.nodes, int32(v))
		}
		f.routes = append(f.routes, r)
		f.update(len(f.routes) - 1)
	}
	tested := 0
	for range 3000 {
		v := int32(rng.IntN(in.nC))
		w := int32(rng.IntN(in.nC))
		if f.where[v] == f.where[w] {
			continue
		}
		m := rng.IntN(nMoves)
		wa, ea, wb, eb := f.evalMove(m, v, w)
		ra, rb := f.routes[f.where[v]], f.routes[f.where[w]]
		f.applyMove(m, v, w)
		if ra.warp != wa || ra.excess != ea || rb.warp != wb || rb.excess != eb {
			t.Fatalf("move %d (%d, %d): evaluated warp/excess %d/%d and %d/%d, rebuilt %d/%d and %d/%d",
				m, v, w, wa, ea, wb, eb, ra.warp, ra.excess, rb.warp, rb.excess)
		}
		tested++
	}
	if tested < 1000 {
		t.Fatalf("only %d moves tested", tested)
	}
}

// TestFleetMinRemovesRoutes starts from one route per client and checks
// that the route minimisation ends with far fewer routes, every client
// served and every route feasible.
func TestFleetMinRemovesRoutes(t *testing.T) {
	p := vrptwLike(5, 50)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	in := newRinst(p)
	s := &Solution{}
	for c := range in.nC {
		s.Routes = append(s.Routes, Route{Clients: []int{c}})
	}
	sol, err := in.initial(s)
	if err != nil {
		t.Fatal(err)
	}
	f := newFleetMin(in, rand.New(rand.NewPCG(1, 1)))
	b := &searchBudget{ctx: t.Context(), maxIter: 20000}
	f.minimise(b, 1, 0, fleetPatience, sol, nil)
	if sol.nUnass != 0 {
		t.Fatalf("%d clients unassigned", sol.nUnass)
	}
	if got := sol.vehicles(); got > in.nC/4 {
		t.Fatalf("%d routes left for %d clients", got, in.nC)
	}
	sim := newSimulator(in)
	for i := range sol.routes {
		if r := &sol.routes[i]; len(r.nodes) > 0 && !sim.feasible(r.t, r.nodes) {
			t.Fatalf("route %d infeasible", i)
		}
	}
}

// TestMinimiseFleetPatience checks that SISR's route minimisation gives up
// once its patience has passed without a smaller complete fleet (as it
// does after Nagata & Bräysy's on large problems), that without patience
// it searches to the end of its phase, and that either way it ends on the
// complete fleet it started from when no route can go.
func TestMinimiseFleetPatience(t *testing.T) {
	// Ten clients due at the same instant, far apart: no two can share a
	// route, so every route deletion fails.
	const n = 10
	p := &Problem{N: n + 1, Dist: make([]int64, (n+1)*(n+1))}
	for i := range n + 1 {
		for j := range n + 1 {
			switch {
			case i == j:
			case i == 0 || j == 0:
				p.Dist[i*(n+1)+j] = 10000
			default:
				p.Dist[i*(n+1)+j] = 50000
			}
		}
	}
	p.Vehicles = []Vehicle{{Capacity: []int64{100}, Shift: TimeWindow{Start: 0, End: 1000000}}}
	for i := 1; i <= n; i++ {
		p.Clients = append(p.Clients, Client{Location: i, Demand: []int64{1}, Service: 1000,
			TimeWindows: []TimeWindow{{Start: 20000, End: 20000}}})
	}
	p.VehiclesFirst = true
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	in := newRinst(p)
	if in.lbVehicles >= n {
		t.Fatalf("lower bound %d: the test needs room to try deletions", in.lbVehicles)
	}
	s := &Solution{}
	for c := range n {
		s.Routes = append(s.Routes, Route{Clients: []int{c}})
	}
	start, err := in.initial(s)
	if err != nil {
		t.Fatal(err)
	}
	const maxIter = 10000
	for _, tc := range []struct {
		patience     float64
		minIt, maxIt int
	}{
		{patience: 0.1, minIt: maxIter / 10, maxIt: maxIter/10 + 1},
		{patience: 1, minIt: maxIter, maxIt: maxIter},
	} {
		cur, cand := newRsol(in), newRsol(in)
		cur.copyFrom(start)
		b := &searchBudget{ctx: t.Context(), maxIter: maxIter}
		reports := 0
		newSISR(in, 1, 1).minimiseFleet(b, cur, cand, 1, tc.patience, func(*rsol, int) { reports++ })
		if b.iter < tc.minIt || b.iter > tc.maxIt {
			t.Errorf("patience %g: stopped after %d iterations, want %d to %d", tc.patience, b.iter, tc.minIt, tc.maxIt)
		}
		if cur.nUnass != 0 || cur.vehicles() != n {
			t.Errorf("patience %g: ended with %d routes and %d clients out, want the %d routes it started with", tc.patience, cur.vehicles(), cur.nUnass, n)
		}
		if reports != 0 {
			t.Errorf("patience %g: %d smaller fleets reported, none exists", tc.patience, reports)
		}
	}
}
