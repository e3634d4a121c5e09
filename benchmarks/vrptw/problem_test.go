package vrptw

import (
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/route"
)

func TestProblemSolomon(t *testing.T) {
	in := tiny()
	in.Nodes[1].Ready, in.Nodes[1].Due = 2, 9
	got := in.Problem(ProblemOptions{Scale: 10})
	want := &route.Problem{
		N: 3,
		// d(0,1) = 5, d(0,2) = 6, d(1,2) = 5, times 10.
		Dist:      []int64{0, 50, 60, 50, 0, 50, 60, 50, 0},
		Dur:       []int64{0, 50, 60, 50, 0, 50, 60, 50, 0},
		CostScale: 10,
		Depots:    []int{0},
		Clients: []route.Client{
			{Location: 1, Demand: []int64{5}, Service: 10, TimeWindows: []route.TimeWindow{{Start: 20, End: 90}}},
			{Location: 2, Demand: []int64{5}, Service: 10, TimeWindows: []route.TimeWindow{{Start: 0, End: 10000}}},
		},
		Vehicles:      []route.Vehicle{{Capacity: []int64{10}, Count: 2, Shift: route.TimeWindow{Start: 0, End: 10000}}},
		VehiclesFirst: true,
		Coords:        [][2]float64{{0, 0}, {3, 4}, {6, 0}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, want)
	}
	if p := in.Problem(ProblemOptions{Scale: 10, DistanceOnly: true}); p.VehiclesFirst {
		t.Errorf("DistanceOnly: got VehiclesFirst true, want false")
	}
	if p := in.Problem(ProblemOptions{}); p.CostScale != DefaultScale || p.Dist[1] != 5000 || p.Clients[0].Service != 1000 {
		t.Errorf("default scale: got CostScale %g, dist(0,1) %d, service %d; want %d, 5000, 1000", p.CostScale, p.Dist[1], p.Clients[0].Service, DefaultScale)
	}
}

// TestProblemRounding: distances round to the nearest integer, travel
// times up; fractional windows shrink inwards and services grow.
func TestProblemRounding(t *testing.T) {
	in := tiny()
	in.Nodes[1].X, in.Nodes[1].Y = 1, 1 // √2 from the depot
	in.Nodes[1].Ready, in.Nodes[1].Due, in.Nodes[1].Service = 1.0004, 2.0006, 0.5004
	p := in.Problem(ProblemOptions{})
	if p.Dist[1] != 1414 || p.Dur[1] != 1415 {
		t.Errorf("√2·1000: got dist %d, dur %d; want 1414, 1415", p.Dist[1], p.Dur[1])
	}
	c := p.Clients[0]
	if w := c.TimeWindows[0]; w.Start != 1001 || w.End != 2000 || c.Service != 501 {
		t.Errorf("got window %+v, service %d; want [1001, 2000], 501", w, c.Service)
	}
}

func TestProblemLiLim(t *testing.T) {
	in := tinyPD()
	in.Vehicles = 3
	in.Nodes[2].Ready, in.Nodes[2].Due, in.Nodes[2].Service = 4, 8, 2
	got := in.Problem(ProblemOptions{Scale: 1})
	tw := []route.TimeWindow{{Start: 0, End: 1000}}
	want := []route.Shipment{
		{Pickup: route.Stop{Location: 1, TimeWindows: tw}, Delivery: route.Stop{Location: 2, Service: 2, TimeWindows: []route.TimeWindow{{Start: 4, End: 8}}}, Amount: []int64{6}},
		{Pickup: route.Stop{Location: 3, TimeWindows: tw}, Delivery: route.Stop{Location: 4, TimeWindows: tw}, Amount: []int64{6}},
	}
	if !reflect.DeepEqual(got.Shipments, want) {
		t.Errorf("got shipments %+v, want %+v", got.Shipments, want)
	}
	if len(got.Clients) != 0 {
		t.Errorf("got %d clients, want none", len(got.Clients))
	}
	v := []route.Vehicle{{Capacity: []int64{10}, Count: 3, Shift: route.TimeWindow{Start: 0, End: 1000}}}
	if !reflect.DeepEqual(got.Vehicles, v) || !got.VehiclesFirst {
		t.Errorf("got vehicles %+v, vehicles first %v; want %+v, true", got.Vehicles, got.VehiclesFirst, v)
	}
}

func TestProblemCordeau(t *testing.T) {
	in := tinyMD()
	in.Vehicles = 2
	in.DepotCapacity = []int{10, 7}
	in.MaxDuration = []float64{0, 20}
	got := in.Problem(ProblemOptions{Scale: 1})
	if !reflect.DeepEqual(got.Depots, []int{2, 3}) {
		t.Errorf("got depots %v, want [2 3]", got.Depots)
	}
	v := []route.Vehicle{
		{Capacity: []int64{10}, Count: 2, StartDepot: 0, EndDepot: 0},
		{Capacity: []int64{7}, Count: 2, StartDepot: 1, EndDepot: 1, MaxDuration: 20},
	}
	if !reflect.DeepEqual(got.Vehicles, v) {
		t.Errorf("got vehicles %+v, want %+v", got.Vehicles, v)
	}
	c := []route.Client{{Location: 0, Demand: []int64{5}, Service: 1}, {Location: 1, Demand: []int64{5}, Service: 1}}
	if !reflect.DeepEqual(got.Clients, c) {
		t.Errorf("got clients %+v, want %+v", got.Clients, c)
	}
	if got.VehiclesFirst {
		t.Error("got VehiclesFirst true, want distance only")
	}
	// d(depot 3 at (10,0), customer 0 at (3,4)) = √65.
	if d := got.Arc(3, 0); d != int64(math.Round(math.Sqrt(65))) {
		t.Errorf("got arc(3, 0) = %d, want round(√65) = 8", d)
	}
}

// validate fails the test unless p passes route's Validate.
func validate(t *testing.T, name string, p *route.Problem) {
	t.Helper()
	if err := p.Validate(); err != nil {
		t.Errorf("%s: Validate: %v", name, err)
	}
}

func TestProblemValidates(t *testing.T) {
	validate(t, "tiny", tiny().Problem(ProblemOptions{}))
	validate(t, "tinyPD", tinyPD().Problem(ProblemOptions{}))
	validate(t, "tinyMD", tinyMD().Problem(ProblemOptions{}))
	for _, set := range []struct {
		kind Kind
		dir  string
	}{{KindVRPTW, "vrptw/solomon"}, {KindPDPTW, "pdptw/li_lim_100"}, {KindMDVRP, "mdvrp/cordeau"}} {
		files := sharedFiles(t, set.dir)
		for _, f := range files {
			if testing.Short() && f != files[0] {
				break
			}
			in, err := ReadFile(set.kind, f)
			if err != nil {
				t.Fatal(err)
			}
			validate(t, filepath.Base(f), in.Problem(ProblemOptions{}))
		}
	}
}

// steps builds a rich route of vehicle v from (kind, index) pairs.
func steps(v int, jobs ...[2]int) route.Route {
	rt := route.Route{Vehicle: v, Steps: []route.Step{{Kind: route.StepStart, Index: -1}}}
	for _, j := range jobs {
		rt.Steps = append(rt.Steps, route.Step{Kind: route.StepKind(j[0]), Index: j[1]})
	}
	rt.Steps = append(rt.Steps, route.Step{Kind: route.StepEnd, Index: -1})
	return rt
}

const (
	cl = int(route.StepClient)
	pu = int(route.StepPickup)
	de = int(route.StepDelivery)
	br = int(route.StepBreak)
)

func TestRoutesRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		in       *Instance
		sol      route.Solution
		want     []Route
		distance float64
	}{
		{"solomon", tiny(), route.Solution{Routes: []route.Route{steps(0, [2]int{cl, 0}, [2]int{cl, 1})}},
			[]Route{{Nodes: []int{1, 2}}}, 16},
		{"solomon two routes", tiny(), route.Solution{Routes: []route.Route{
			steps(0, [2]int{cl, 1}), steps(0), steps(0, [2]int{cl, 0}, [2]int{br, 0})}},
			[]Route{{Nodes: []int{2}}, {Nodes: []int{1}}}, 22},
		{"plain clients", tiny(), route.Solution{Routes: []route.Route{{Clients: []int{1, 0}}}},
			[]Route{{Nodes: []int{2, 1}}}, 16},
		{"li lim", tinyPD(), route.Solution{Routes: []route.Route{
			steps(0, [2]int{pu, 0}, [2]int{de, 0}, [2]int{pu, 1}, [2]int{de, 1})}},
			[]Route{{Nodes: []int{1, 2, 3, 4}}}, 8},
		{"cordeau", tinyMD(), route.Solution{Routes: []route.Route{
			steps(1, [2]int{cl, 1}), steps(0, [2]int{cl, 0})}},
			[]Route{{Depot: 1, Nodes: []int{1}}, {Depot: 0, Nodes: []int{0}}}, 8 + 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.in.Problem(ProblemOptions{})
			got := tc.in.Routes(p, &tc.sol)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got routes %+v, want %+v", got, tc.want)
			}
			rep, err := Check(tc.in, got)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Feasible || math.Abs(rep.Distance-tc.distance) > 1e-9 {
				t.Errorf("got distance %v, feasible %v (%v); want %v, true", rep.Distance, rep.Feasible, rep.Violations, tc.distance)
			}
			// The integer arcs of p add up to the same distance, within
			// half a unit per arc.
			var sum, arcs int64
			for _, r := range got {
				prev := p.Depots[r.Depot]
				for _, v := range append(r.Nodes, prev) {
					sum += p.Arc(prev, v)
					prev = v
					arcs++
				}
			}
			if d := float64(sum)/p.CostScale - rep.Distance; math.Abs(d) > float64(arcs)*0.5/p.CostScale {
				t.Errorf("integer distance %d/%g is %g away from %v", sum, p.CostScale, d, rep.Distance)
			}
		})
	}
}

func TestRoutesOutOfRange(t *testing.T) {
	in := tiny()
	p := in.Problem(ProblemOptions{})
	for _, sol := range []route.Solution{
		{Routes: []route.Route{steps(0, [2]int{cl, 2})}},
		{Routes: []route.Route{steps(0, [2]int{pu, 0})}},
		{Routes: []route.Route{{Clients: []int{-1}}}},
		{Routes: []route.Route{steps(1, [2]int{cl, 0})}},
	} {
		rs := in.Routes(p, &sol)
		if _, err := Check(in, rs); err == nil {
			t.Errorf("routes %+v from %+v: Check accepted them, want an error", rs, sol.Routes)
		}
	}
}

// schedule runs client route rt of vehicle type v through p's integer
// data, the engine's rules for time windows, shift, duration limit and
// capacity, and reports whether it is feasible.
func schedule(p *route.Problem, v int, rt []int) bool {
	veh := &p.Vehicles[v]
	dep := p.Depots[veh.StartDepot]
	t, load, prev := veh.Shift.Start, int64(0), dep
	for _, c := range rt {
		cl := &p.Clients[c]
		t += p.Travel(prev, cl.Location)
		if len(cl.TimeWindows) > 0 {
			w := cl.TimeWindows[0]
			t = max(t, w.Start)
			if t > w.End {
				return false
			}
		}
		t += cl.Service
		load += cl.Demand[0]
		prev = cl.Location
	}
	t += p.Travel(prev, dep)
	if veh.Shift != (route.TimeWindow{}) && t > veh.Shift.End {
		return false
	}
	if veh.MaxDuration > 0 && t-veh.Shift.Start > veh.MaxDuration {
		return false
	}
	return load <= veh.Capacity[0]
}

// TestIntegerFeasibleIsFeasible: on random instances with fractional
// coordinates, any route the engine's integer rules accept, Check accepts
// in real numbers — travel rounded up and windows scaled inwards never let
// an infeasible schedule through.
func TestIntegerFeasibleIsFeasible(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for trial := range 400 {
		const n = 6
		in := &Instance{Name: "rand", Kind: KindVRPTW, Capacity: 12, Depots: []int{0}}
		if trial%2 == 1 {
			in.Kind = KindMDVRP
		}
		coord := func() float64 { return math.Round(rng.Float64()*2000) / 100 }
		for i := range n + 1 {
			nd := Node{ID: i, X: coord(), Y: coord(), Due: math.Inf(1), Pickup: -1, Delivery: -1}
			if i > 0 {
				nd.Demand, nd.Service = rng.IntN(5), float64(rng.IntN(3))
				if in.Kind == KindVRPTW {
					nd.Ready = float64(rng.IntN(40))
					nd.Due = nd.Ready + float64(rng.IntN(30))
				}
			} else if in.Kind == KindVRPTW {
				nd.Due = 60 + float64(rng.IntN(60))
			}
			in.Nodes = append(in.Nodes, nd)
		}
		if in.Kind == KindMDVRP {
			// The depot last, Cordeau-style, with a duration limit.
			in.Nodes = append(in.Nodes[1:], in.Nodes[0])
			for i := range in.Nodes {
				in.Nodes[i].ID = i + 1
			}
			in.Depots = []int{n}
			in.MaxDuration = []float64{40 + float64(rng.IntN(40))}
		}
		p := in.Problem(ProblemOptions{Scale: []float64{1, 10, 1000}[trial%3]})
		perm := rng.Perm(n)
		rt := perm[:1+rng.IntN(n)]
		if !schedule(p, 0, rt) {
			continue
		}
		accepted++
		sol := route.Solution{Routes: []route.Route{{Clients: rt}}}
		rep, err := Check(in, in.Routes(p, &sol))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range rep.Violations {
			if !strings.Contains(v, "not visited") { // the route covers only some customers
				t.Fatalf("trial %d: integer schedule feasible, Check says %v", trial, rep.Violations)
			}
		}
	}
	if accepted < 40 {
		t.Fatalf("only %d of 400 random routes were integer-feasible: the test checks too little", accepted)
	}
}

// FuzzProblem reads fuzzed files of each kind and converts what the
// readers accept: Problem must not panic, and route's Validate must answer
// nil, an error wrapping route.ErrInfeasible, or an *InputError — and only
// the first two when the numbers are moderate (integral times and service
// up to 10^6, coordinates up to 10^4 in absolute value, some customers).
func FuzzProblem(f *testing.F) {
	f.Add(uint8(0), solomonHead)
	f.Add(uint8(1), liLimHead)
	f.Add(uint8(2), cordeauHead)
	f.Add(uint8(0), benchSolomon)
	f.Add(uint8(1), benchLiLim)
	f.Add(uint8(2), benchCordeau)
	f.Fuzz(func(t *testing.T, k uint8, input string) {
		kinds := []Kind{KindVRPTW, KindPDPTW, KindMDVRP}
		read := []func(io.Reader, string) (*Instance, error){ReadSolomon, ReadLiLim, ReadCordeau}
		k %= 3
		in, err := read[k](strings.NewReader(input), "fuzz.txt")
		if err != nil {
			return
		}
		if in.Kind != kinds[k] {
			t.Fatalf("Kind = %q, want %q", in.Kind, kinds[k])
		}
		p := in.Problem(ProblemOptions{})
		err = p.Validate()
		if err == nil || errors.Is(err, route.ErrInfeasible) {
			return
		}
		var ie *route.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("Validate: got %T %v, want nil, ErrInfeasible or *InputError", err, err)
		}
		moderate := in.NumCustomers() > 0 // else "no clients"
		for _, nd := range in.Nodes {
			for _, v := range []float64{nd.Ready, nd.Due, nd.Service} {
				if !math.IsInf(v, 1) && (v != math.Trunc(v) || v > 1e6) {
					moderate = false
				}
			}
			if math.Abs(nd.X) > 1e4 || math.Abs(nd.Y) > 1e4 || nd.Demand > 1e6 || nd.Demand < -1e6 {
				moderate = false
			}
		}
		for _, d := range in.MaxDuration {
			if d != math.Trunc(d) || d > 1e6 {
				moderate = false
			}
		}
		if moderate {
			t.Fatalf("moderate instance %+v: Validate: %v", in, err)
		}
	})
}
