package route_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routecheck"
)

// grid builds a Problem over points with Euclidean distances ×10, rounded,
// durations equal to distances.
func grid(pts [][2]float64) *route.Problem {
	n := len(pts)
	p := &route.Problem{N: n, Dist: make([]int64, n*n)}
	for i := range n {
		for j := range n {
			p.Dist[i*n+j] = int64(math.Round(10 * math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])))
		}
	}
	return p
}

func solveChecked(t *testing.T, p *route.Problem, opt route.Options) *route.Solution {
	t.Helper()
	if opt.MaxIterations == 0 && opt.TimeLimit == 0 {
		opt.MaxIterations = 2000
	}
	s, err := route.Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	rep, err := routecheck.Check(p, s)
	if err != nil {
		t.Fatalf("routecheck: %v", err)
	}
	if !rep.Feasible {
		t.Fatalf("routecheck violations: %s", strings.Join(rep.Violations, "\n"))
	}
	return s
}

// bruteVRPTW returns the least distance serving every client of p (one
// depot, one unlimited vehicle type with one capacity, single windows),
// over every giant tour and every way of cutting it.
func bruteVRPTW(p *route.Problem) int64 {
	n := len(p.Clients)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	capv := p.Vehicles[0].Capacity[0]
	shift := p.Vehicles[0].Shift
	dep := p.Depots[0]
	best := int64(math.MaxInt64)
	routeOK := func(seq []int) (int64, bool) {
		t, load, dist, prev := shift.Start, int64(0), int64(0), dep
		for _, c := range seq {
			cl := p.Clients[c]
			t += p.Travel(prev, cl.Location)
			dist += p.Arc(prev, cl.Location)
			if len(cl.TimeWindows) > 0 {
				if t > cl.TimeWindows[0].End {
					return 0, false
				}
				t = max(t, cl.TimeWindows[0].Start)
			}
			t += cl.Service
			load += cl.Demand[0]
			prev = cl.Location
		}
		t += p.Travel(prev, dep)
		dist += p.Arc(prev, dep)
		return dist, load <= capv && t <= shift.End
	}
	var rec func(k int)
	rec = func(k int) {
		if k == n {
			for mask := 0; mask < 1<<(n-1); mask++ {
				total, start, ok := int64(0), 0, true
				for i := 1; i <= n && ok; i++ {
					if i == n || mask&(1<<(i-1)) != 0 {
						d, f := routeOK(perm[start:i])
						total += d
						ok = f
						start = i
					}
				}
				if ok && total < best {
					best = total
				}
			}
			return
		}
		for i := k; i < n; i++ {
			perm[k], perm[i] = perm[i], perm[k]
			rec(k + 1)
			perm[k], perm[i] = perm[i], perm[k]
		}
	}
	rec(0)
	return best
}

// tinyVRPTW is a random VRPTW of n clients small enough for bruteVRPTW:
// capacity 12, shift [0, 1500], windows opening after the direct drive.
func tinyVRPTW(rng *rand.Rand, n int) *route.Problem {
	pts := make([][2]float64, n+1)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 50, rng.Float64() * 50}
	}
	p := grid(pts)
	p.Depots = []int{0}
	p.Vehicles = []route.Vehicle{{Capacity: []int64{12}, Shift: route.TimeWindow{Start: 0, End: 1500}}}
	for i := 1; i <= n; i++ {
		a := p.Dist[i] + int64(rng.IntN(600))
		p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{int64(1 + rng.IntN(5))},
			Service: int64(10 + rng.IntN(40)), TimeWindows: []route.TimeWindow{{Start: a, End: a + 100 + int64(rng.IntN(300))}}})
	}
	return p
}

// TestRichBruteForceVRPTW checks the rich engine against brute-force
// optima; a stop limit that never binds keeps these plain VRPTWs out of
// the genetic search.
func TestRichBruteForceVRPTW(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 6 {
		n := 5 + trial%2
		p := tinyVRPTW(rng, n)
		p.Vehicles[0].MaxStops = n
		if route.HGSShaped(p) {
			t.Fatal("a stop limit should send the problem to the rich engine")
		}
		want := bruteVRPTW(p)
		s := solveChecked(t, p, route.Options{MaxIterations: 3000, Seed: uint64(trial)})
		if len(s.Unassigned) > 0 {
			if want != math.MaxInt64 {
				t.Fatalf("trial %d: %d unassigned, but a feasible solution of %d exists", trial, len(s.Unassigned), want)
			}
			continue
		}
		if s.Distance != want {
			t.Errorf("trial %d: distance %d, brute-force optimum %d", trial, s.Distance, want)
		}
	}
}

// TestRichRandomFeasible solves random problems mixing every feature and
// checks each answer with the independent checker.
func TestRichRandomFeasible(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	trials := 40
	if testing.Short() {
		trials = 10
	}
	for trial := range trials {
		p := randomRich(rng, 6+rng.IntN(20))
		s := solveChecked(t, p, route.Options{MaxIterations: 300, Seed: uint64(trial)})
		for _, u := range s.Unassigned {
			if u.Reason == "" {
				t.Errorf("trial %d: unassigned %v without a reason", trial, u)
			}
		}
	}
}

func randomRich(rng *rand.Rand, n int) *route.Problem {
	nLoc := n + 2
	pts := make([][2]float64, nLoc)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 100, rng.Float64() * 100}
	}
	p := grid(pts)
	p.Depots = []int{0, 1}
	tw := func() []route.TimeWindow {
		switch rng.IntN(4) {
		case 0:
			return nil
		case 1:
			a := int64(rng.IntN(3000))
			return []route.TimeWindow{{Start: a, End: a + 200 + int64(rng.IntN(1500))}}
		default:
			a := int64(rng.IntN(1500))
			b := a + 100 + int64(rng.IntN(500))
			c := b + 100 + int64(rng.IntN(1000))
			return []route.TimeWindow{{Start: a, End: b}, {Start: c, End: c + 300}}
		}
	}
	amt := func() []int64 { return []int64{int64(rng.IntN(4)), int64(rng.IntN(3))} }
	for i := 0; i < n; i++ {
		loc := 2 + rng.IntN(n)
		if rng.IntN(4) == 0 {
			a := 2 + rng.IntN(n)
			b := 2 + rng.IntN(n)
			p.Shipments = append(p.Shipments, route.Shipment{
				Pickup:   route.Stop{Location: a, Service: int64(rng.IntN(50)), Setup: int64(rng.IntN(20)), TimeWindows: tw()},
				Delivery: route.Stop{Location: b, Service: int64(rng.IntN(50)), TimeWindows: tw()},
				Amount:   amt(), Skills: skills(rng)})
			if rng.IntN(2) == 0 {
				p.Shipments[len(p.Shipments)-1].Return = amt() // a trade-in from a warehouse
			}
			continue
		}
		c := route.Client{Location: loc, Demand: amt(), Service: int64(rng.IntN(60)), Setup: int64(rng.IntN(20)),
			TimeWindows: tw(), Skills: skills(rng), Priority: rng.IntN(3) * 10}
		if rng.IntN(3) == 0 {
			c.Delivery = amt()
		}
		p.Clients = append(p.Clients, c)
	}
	for k := range 2 + rng.IntN(2) {
		v := route.Vehicle{Capacity: []int64{int64(6 + rng.IntN(10)), int64(4 + rng.IntN(8))}, Count: 1 + rng.IntN(3),
			StartDepot: k % 2, EndDepot: k % 2, Skills: skills(rng), FixedCost: int64(rng.IntN(100)),
			DistanceCost: 1, TimeCost: float64(rng.IntN(2))}
		if rng.IntN(3) == 0 {
			v.EndDepot = route.NoDepot
		}
		if rng.IntN(3) == 0 {
			v.Shift = route.TimeWindow{Start: int64(rng.IntN(500)), End: 3000 + int64(rng.IntN(3000))}
		}
		if rng.IntN(2) == 0 {
			a := int64(500 + rng.IntN(1500))
			v.Breaks = []route.Break{{TimeWindows: []route.TimeWindow{{Start: a, End: a + 600}}, Duration: 60}}
		}
		switch rng.IntN(5) {
		case 0:
			v.MaxStops = 3 + rng.IntN(4)
		case 1:
			v.MaxDistance = 1500 + int64(rng.IntN(2000))
		case 2:
			v.MaxTravelTime = 1500 + int64(rng.IntN(2000))
		case 3:
			v.MaxDuration = 2000 + int64(rng.IntN(3000))
		}
		p.Vehicles = append(p.Vehicles, v)
	}
	return p
}

func skills(rng *rand.Rand) []int {
	if rng.IntN(3) > 0 {
		return nil
	}
	return []int{rng.IntN(3)}
}

// tradeIn: a truck of capacity 2 must deliver a new appliance (2) at A and
// take an old one (2) at B. Only A before B fits: the load peaks at 2 either
// way round only in that order.
func TestRichTradeInLoadProfile(t *testing.T) {
	p := grid([][2]float64{{0, 0}, {10, 0}, {0, 10}})
	p.Vehicles = []route.Vehicle{{Capacity: []int64{2}, Count: 1}}
	p.Clients = []route.Client{
		{Location: 2, Demand: []int64{2}},   // pickup only, the nearer… not first
		{Location: 1, Delivery: []int64{2}}, // delivery
	}
	s := solveChecked(t, p, route.Options{})
	if len(s.Unassigned) != 0 || len(s.Routes) != 1 {
		t.Fatalf("want both jobs on one route, got %d routes, unassigned %v", len(s.Routes), s.Unassigned)
	}
	if got := s.Routes[0].Clients; !reflect.DeepEqual(got, []int{1, 0}) {
		t.Errorf("visit order %v, want the delivery (1) before the pickup (0)", got)
	}
}

func TestRichShipmentPrecedence(t *testing.T) {
	p := grid([][2]float64{{0, 0}, {10, 0}, {20, 0}, {5, 5}})
	p.Vehicles = []route.Vehicle{{Capacity: []int64{1}, Count: 1}}
	// Deliver where the truck passes first: precedence forces the detour.
	p.Shipments = []route.Shipment{
		{Pickup: route.Stop{Location: 2}, Delivery: route.Stop{Location: 1}, Amount: []int64{1}},
		{Pickup: route.Stop{Location: 3}, Delivery: route.Stop{Location: 2}, Amount: []int64{1}},
	}
	s := solveChecked(t, p, route.Options{})
	if len(s.Unassigned) != 0 {
		t.Fatalf("unassigned: %v", s.Unassigned)
	}
}

func TestRichUnassignedReasons(t *testing.T) {
	p := grid([][2]float64{{0, 0}, {10, 0}, {20, 0}, {30, 0}, {500, 0}})
	p.SkillNames = []string{"two_person", "uninstall"}
	p.DimNames = []string{"pieces"}
	p.Vehicles = []route.Vehicle{{Capacity: []int64{2}, Count: 1, Skills: []int{1}, Shift: route.TimeWindow{Start: 0, End: 5000}}}
	p.Clients = []route.Client{
		{Location: 1, Demand: []int64{1}, Skills: []int{0}},                                      // skill nobody has
		{Location: 2, Demand: []int64{3}},                                                        // too big
		{Location: 4, Demand: []int64{1}, TimeWindows: []route.TimeWindow{{Start: 0, End: 100}}}, // 5000 away at ×10
		{Location: 3, Demand: []int64{1}, Skills: []int{1}},                                      // fine
	}
	s := solveChecked(t, p, route.Options{})
	want := map[int]string{0: "no vehicle has skill two_person", 1: "pickup of 3 pieces exceeds every vehicle's 2", 2: "time window 0–100 cannot be reached"}
	if len(s.Unassigned) != len(want) {
		t.Fatalf("unassigned %v, want clients 0, 1, 2", s.Unassigned)
	}
	for _, u := range s.Unassigned {
		if w, ok := want[u.Index]; !ok || !strings.HasPrefix(u.Reason, w) {
			t.Errorf("client %d: reason %q, want it to start with %q", u.Index, u.Reason, w)
		}
	}
}

func TestRichFleetFullReason(t *testing.T) {
	p := grid([][2]float64{{0, 0}, {10, 0}, {0, 10}})
	p.Vehicles = []route.Vehicle{{Capacity: []int64{1}, Count: 1}}
	p.Clients = []route.Client{{Location: 1, Demand: []int64{1}}, {Location: 2, Demand: []int64{1}, Priority: 100}}
	s := solveChecked(t, p, route.Options{})
	if len(s.Unassigned) != 1 || s.Unassigned[0].Index != 0 {
		t.Fatalf("want client 0 (lower priority) unassigned, got %v", s.Unassigned)
	}
	if !strings.Contains(s.Unassigned[0].Reason, "in use") {
		t.Errorf("reason %q should say the fleet is in use", s.Unassigned[0].Reason)
	}
}

func TestRichMultiDepotAndOpenRoutes(t *testing.T) {
	// Two depots 1000 apart, three clients near each.
	pts := [][2]float64{{0, 0}, {1000, 0}, {5, 5}, {-5, 5}, {0, -7}, {1005, 5}, {995, 5}, {1000, -7}}
	p := grid(pts)
	p.Depots = []int{0, 1}
	p.Vehicles = []route.Vehicle{
		{Capacity: []int64{10}, Count: 1, StartDepot: 0, EndDepot: route.NoDepot},
		{Capacity: []int64{10}, Count: 1, StartDepot: 1, EndDepot: 1},
	}
	for i := 2; i < 8; i++ {
		p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{1}})
	}
	s := solveChecked(t, p, route.Options{})
	for _, r := range s.Routes {
		for _, c := range r.Clients {
			near := 0
			if c >= 3 {
				near = 1
			}
			if r.Vehicle != near {
				t.Errorf("client %d served from depot %d, want %d", c, r.Vehicle, near)
			}
		}
		last := r.Steps[len(r.Steps)-1]
		if r.Vehicle == 0 && last.Location != -1 {
			t.Errorf("open route ends at %d, want -1", last.Location)
		}
	}
}

func TestRichBreakTaken(t *testing.T) {
	p := grid([][2]float64{{0, 0}, {10, 0}, {20, 0}, {30, 0}})
	p.Vehicles = []route.Vehicle{{Capacity: []int64{9}, Count: 1, Shift: route.TimeWindow{Start: 0, End: 10000},
		Breaks: []route.Break{{TimeWindows: []route.TimeWindow{{Start: 150, End: 400}}, Duration: 500}}}}
	for i := 1; i < 4; i++ {
		p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{1}, Service: 100})
	}
	s := solveChecked(t, p, route.Options{})
	found := false
	for _, st := range s.Routes[0].Steps {
		if st.Kind == route.StepBreak {
			found = true
			if st := st.Arrival + st.Wait; st < 150 || st > 400 {
				t.Errorf("break starts at %d, outside [150, 400]", st)
			}
		}
	}
	if !found {
		t.Fatal("no break step")
	}
}

func TestRichVehiclesFirst(t *testing.T) {
	// Two clusters of two clients, 10 from the depot, 1 apart inside a
	// cluster, 50 across: two routes cost 42, one route 72.
	d := func(a, b int) int64 {
		switch {
		case a == b:
			return 0
		case a == 0 || b == 0:
			return 10
		case (a <= 2) == (b <= 2):
			return 1
		}
		return 50
	}
	p := &route.Problem{N: 5, Dist: make([]int64, 25)}
	for a := range 5 {
		for b := range 5 {
			p.Dist[a*5+b] = d(a, b)
		}
	}
	p.Vehicles = []route.Vehicle{{Capacity: []int64{4}, Count: 2}}
	for i := 1; i < 5; i++ {
		p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{1}, TimeWindows: []route.TimeWindow{{Start: 0, End: 10000}}})
	}
	cost := solveChecked(t, p, route.Options{})
	p.VehiclesFirst = true
	hier := solveChecked(t, p, route.Options{})
	if len(cost.Routes) != 2 || cost.Distance != 42 {
		t.Errorf("cost objective: %d routes, distance %d; want 2 and 42", len(cost.Routes), cost.Distance)
	}
	if len(hier.Routes) != 1 || hier.Distance != 72 {
		t.Errorf("vehicles first: %d routes, distance %d; want 1 and 72", len(hier.Routes), hier.Distance)
	}
}

func TestRichDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	p := randomRich(rng, 25)
	a := solveChecked(t, p, route.Options{MaxIterations: 500, Seed: 3, Threads: 2})
	b := solveChecked(t, p, route.Options{MaxIterations: 500, Seed: 3, Threads: 2})
	a.Stats, b.Stats = route.Stats{}, route.Stats{}
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, threads and iterations gave different solutions")
	}
}

func TestRichInitialSolution(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	p := randomRich(rng, 20)
	first := solveChecked(t, p, route.Options{MaxIterations: 300, Seed: 1})
	again := solveChecked(t, p, route.Options{MaxIterations: 1, Seed: 2, InitialSolution: first})
	if again.Cost > first.Cost {
		t.Errorf("starting from a solution of cost %d gave a worse one, %d", first.Cost, again.Cost)
	}
	bad := *first
	bad.Routes = append([]route.Route(nil), first.Routes...)
	if len(bad.Routes) == 0 {
		t.Skip("no route to break")
	}
	r := bad.Routes[0]
	for _, st := range r.Steps {
		if st.Kind == route.StepClient || st.Kind == route.StepPickup {
			r.Steps = append(append([]route.Step(nil), r.Steps...), st) // a job twice
			break
		}
	}
	bad.Routes[0] = r
	_, err := route.Solve(context.Background(), p, route.Options{MaxIterations: 1, InitialSolution: &bad})
	var ie *route.InputError
	if !errors.As(err, &ie) || !strings.HasPrefix(ie.Field, "initial_solution.routes[0]") {
		t.Errorf("a job visited twice: got %v, want an InputError on initial_solution.routes[0]", err)
	}
}
