package route

import (
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"
)

// chunkFleet is a complete rsol of in that serves its clients in k routes
// of consecutive clients (feasibility does not matter to the share).
func chunkFleet(in *rinst, k int) *rsol {
	s := newRsol(in)
	for r := range k {
		rt := rroute{t: 0, ver: in.freshVer()}
		for c := r; c < in.nC; c += k {
			rt.nodes = append(rt.nodes, int32(c))
			s.where[c] = int32(r)
		}
		in.update(&rt)
		s.routes = append(s.routes, rt)
		s.cost += rt.cost
		s.used[0]++
	}
	s.nUnass, s.pen = 0, 0
	return s
}

func sameRoutes(a, b *rsol) bool {
	if len(a.routes) != len(b.routes) {
		return false
	}
	for i := range a.routes {
		if !slices.Equal(a.routes[i].nodes, b.routes[i].nodes) {
			return false
		}
	}
	return true
}

// TestFleetShareLockstep checks a reproducible run's exchange: polls off
// a barrier return nothing; at a barrier the searches that want fewer
// vehicles than the smallest offer adopt it, the others (the one that
// offered it, one not yet minimising) do not; a search that leaves no
// longer holds the others at the barrier.
func TestFleetShareLockstep(t *testing.T) {
	in := newRinst(vrptwLike(3, 12))
	small, big := chunkFleet(in, 3), chunkFleet(in, 4)
	sh := newFleetShare(in, 3, true)
	sh.offer(0, small)
	sh.offer(2, big)
	var got [3]*rsol
	var wg sync.WaitGroup
	for k, want := range []int{3, 4, 0} {
		wg.Go(func() {
			if x := sh.poll(k, fleetEpoch-1, want); x != nil {
				t.Errorf("search %d: a fleet off the barrier", k)
			}
			if x := sh.poll(k, fleetEpoch, want); x != nil {
				got[k] = newRsol(in)
				got[k].copyFrom(x)
			}
		})
	}
	wg.Wait()
	if got[0] != nil || got[2] != nil {
		t.Errorf("search 0 (offered the smallest) or 2 (wants none) adopted a fleet: %v %v", got[0] != nil, got[2] != nil)
	}
	if got[1] == nil || got[1].vehicles() != 3 || !sameRoutes(got[1], small) {
		t.Fatalf("search 1 (holds 4 vehicles) should adopt search 0's 3 vehicles, got %v", got[1])
	}
	// Search 2 leaves; 0 and 1 meet without it, and search 1 now holds 3
	// vehicles, so nobody adopts.
	sh.leave(2)
	for k := range 2 {
		wg.Go(func() {
			if x := sh.poll(k, 2*fleetEpoch, 3); x != nil {
				t.Errorf("search %d adopted a fleet no smaller than its own", k)
			}
		})
	}
	wg.Wait()
	// Search 0 waits at the next barrier until search 1 leaves.
	done := make(chan *rsol)
	go func() { done <- sh.poll(0, 3*fleetEpoch, 5) }()
	sh.leave(1)
	select {
	case x := <-done:
		if x != nil {
			t.Error("search 0 adopted a fleet of its own size")
		}
	case <-time.After(time.Minute):
		t.Fatal("a search that left still holds the barrier")
	}
}

// TestFleetShareAsync checks a time-limited run's exchange: a search
// adopts the smallest fleet offered as soon as it polls, only when that
// is smaller than its own, and a larger offer does not replace it.
func TestFleetShareAsync(t *testing.T) {
	in := newRinst(vrptwLike(3, 12))
	small, big := chunkFleet(in, 3), chunkFleet(in, 4)
	sh := newFleetShare(in, 2, false)
	if sh.poll(0, 1, 10) != nil {
		t.Error("a fleet before any offer")
	}
	sh.offer(1, small)
	sh.offer(1, big)
	x := sh.poll(0, 7, 4)
	if x == nil || !sameRoutes(x, small) {
		t.Fatal("want the 3-vehicle offer at once")
	}
	if sh.poll(0, 8, 3) != nil {
		t.Error("adopted a fleet no smaller than its own")
	}
}

// TestCopyFromForeignRoutes checks that route versions never collide
// between solutions built outside a search: copying one initial solution
// over another with the same routes in another order copies every route
// (rsol.copyFrom skips a route whose version it holds).
func TestCopyFromForeignRoutes(t *testing.T) {
	p := randomProblem(4, 6, 40)
	in := newRinst(p)
	one := &Solution{}
	two := &Solution{}
	for c := range len(p.Clients) {
		one.Routes = append(one.Routes, Route{Clients: []int{c}})
		two.Routes = append(two.Routes, Route{Clients: []int{len(p.Clients) - 1 - c}})
	}
	a, err := in.initial(one)
	if err != nil {
		t.Fatal(err)
	}
	b, err := in.initial(two)
	if err != nil {
		t.Fatal(err)
	}
	a.copyFrom(b)
	if !sameRoutes(a, b) {
		t.Error("copyFrom kept routes of the solution it overwrote")
	}
}

// TestFleetShareSearch runs the first stage with two searches that
// exchange fleets, on a problem of the route minimisation's shape and on
// one outside it (SISR's minimisation): a run bounded by iterations gives
// the same fleet twice, a time-limited one a complete feasible fleet, and
// neither more vehicles than its own searches would reach alone from
// their start (checked loosely: no more than one thread's result + 1).
func TestFleetShareSearch(t *testing.T) {
	// Windows of 20 units over a 1,000 horizon and room for every load:
	// the windows set the fleet, and the searches take a few thousand
	// iterations to minimise it.
	tight := func() *Problem {
		p := vrptwLike(11, 120)
		p.Vehicles[0].Capacity = []int64{1000}
		for i := range p.Clients {
			w := &p.Clients[i].TimeWindows[0]
			w.End = w.Start + 20000
		}
		return p
	}
	shaped, unshaped := tight(), tight()
	c := &unshaped.Clients[0]
	w := c.TimeWindows[0]
	c.TimeWindows = []TimeWindow{{Start: w.Start, End: w.Start + 20000}, {Start: w.End + 50000, End: w.End + 90000}}
	const iters = 6000
	for name, p := range map[string]*Problem{"shaped": shaped, "unshaped": unshaped} {
		t.Run(name, func(t *testing.T) {
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := fleetMinShaped(p, newRinst(p)); got != (name == "shaped") {
				t.Fatalf("fleetMinShaped %v", got)
			}
			var shares []*fleetShare
			newShare = func(in *rinst, n int, lockstep bool) *fleetShare {
				sh := newFleetShare(in, n, lockstep)
				shares = append(shares, sh)
				return sh
			}
			defer func() { newShare = newFleetShare }()
			opt := Options{MaxIterations: iters, Seed: 9, Threads: 2}
			a, err := searchRich(t.Context(), p, opt, time.Now(), true)
			if err != nil {
				t.Fatal(err)
			}
			if len(shares) != 1 || !shares[0].lockstep || shares[0].adoptions.Load() == 0 {
				t.Fatalf("want one lockstep share with fleets adopted; got %d shares", len(shares))
			}
			t.Logf("%d fleets adopted", shares[0].adoptions.Load())
			b, err := searchRich(t.Context(), p, opt, time.Now(), true)
			if err != nil {
				t.Fatal(err)
			}
			checkComplete(t, p, a)
			a.Stats, b.Stats = Stats{}, Stats{}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("two runs of the same seed and iterations differ: %d and %d routes, cost %d and %d",
					len(a.Routes), len(b.Routes), a.Cost, b.Cost)
			}
			tl, err := searchRich(t.Context(), p, Options{TimeLimit: 300 * time.Millisecond, Seed: 9, Threads: 2}, time.Now(), true)
			if err != nil {
				t.Fatal(err)
			}
			checkComplete(t, p, tl)
			if testing.Short() { // keeps the race run quick
				return
			}
			one, err := searchRich(t.Context(), p, Options{MaxIterations: iters, Seed: 9, Threads: 1}, time.Now(), true)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d routes with two searches, %d with one", len(a.Routes), len(one.Routes))
			if len(a.Routes) > len(one.Routes)+1 {
				t.Errorf("two searches: %d routes; one alone: %d", len(a.Routes), len(one.Routes))
			}
		})
	}
}

// checkComplete fails unless sol serves every client once, on routes
// feasible for the only vehicle type.
func checkComplete(t *testing.T, p *Problem, sol *Solution) {
	t.Helper()
	if len(sol.Unassigned) > 0 || !sol.Feasible {
		t.Fatalf("%d unassigned, feasible %v", len(sol.Unassigned), sol.Feasible)
	}
	sim := newSimulator(newRinst(p))
	seen := make([]bool, len(p.Clients))
	for i, r := range sol.Routes {
		nodes := make([]int32, len(r.Clients))
		for k, c := range r.Clients {
			if seen[c] {
				t.Fatalf("client %d served twice", c)
			}
			seen[c] = true
			nodes[k] = int32(c)
		}
		if !sim.feasible(0, nodes) {
			t.Fatalf("route %d infeasible", i)
		}
	}
	for c, ok := range seen {
		if !ok {
			t.Fatalf("client %d not served", c)
		}
	}
}
