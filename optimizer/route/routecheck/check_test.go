package routecheck

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
)

// line returns the distances between n points on a line, 10 apart, and
// durations twice the distances.
func line(n int) (dist, dur []int64) {
	dist, dur = make([]int64, n*n), make([]int64, n*n)
	for i := range n {
		for j := range n {
			d := int64(10 * (i - j))
			if d < 0 {
				d = -d
			}
			dist[i*n+j], dur[i*n+j] = d, 2*d
		}
	}
	return dist, dur
}

func tw(start, end int64) []route.TimeWindow { return []route.TimeWindow{{Start: start, End: end}} }

// rich is a problem using most of the model: a pickup client with a window,
// a delivery client with setup and a window that makes the vehicle wait, a
// shipment, a break, fixed, distance and time costs.
func rich() *route.Problem {
	dist, dur := line(5)
	return &route.Problem{
		N: 5, Dist: dist, Dur: dur,
		Clients: []route.Client{
			{Location: 1, Demand: []int64{2}, Service: 5, TimeWindows: tw(0, 100)},
			{Location: 2, Delivery: []int64{3}, Service: 5, Setup: 2, TimeWindows: tw(60, 80)},
		},
		Shipments: []route.Shipment{{
			Pickup:   route.Stop{Location: 3, Service: 1},
			Delivery: route.Stop{Location: 4, Service: 1},
			Amount:   []int64{4},
		}},
		Vehicles: []route.Vehicle{{
			Capacity: []int64{10}, FixedCost: 100, DistanceCost: 1, TimeCost: 0.5,
			Breaks: []route.Break{{TimeWindows: tw(0, 200), Duration: 10}},
		}},
	}
}

// richSolution is rich's route 0 → client 0 → client 1 → break → pickup →
// delivery → 0, worked out by hand.
func richSolution() *route.Solution {
	ld := func(q int64) []int64 { return []int64{q} }
	// Loads: 3 delivered by client 1 on board at the start, +2 at client
	// 0, −3 at client 1, +4 −4 for the shipment. Client 1 is reached at 45
	// and waits for its window to open at 60, with a setup of 2.
	r := route.Route{
		Vehicle: 0, Clients: []int{0, 1},
		Steps: []route.Step{
			{Kind: route.StepStart, Index: -1, Location: 0, Arrival: 0, Load: ld(3)},
			{Kind: route.StepClient, Index: 0, Location: 1, Arrival: 20, Service: 5, Distance: 10, Load: ld(5)},
			{Kind: route.StepClient, Index: 1, Location: 2, Arrival: 45, Wait: 15, Setup: 2, Service: 5, Distance: 20, Load: ld(2)},
			{Kind: route.StepBreak, Index: 0, Location: -1, Arrival: 67, Service: 10, Distance: 20, Load: ld(2)},
			{Kind: route.StepPickup, Index: 0, Location: 3, Arrival: 97, Service: 1, Distance: 30, Load: ld(6)},
			{Kind: route.StepDelivery, Index: 0, Location: 4, Arrival: 118, Service: 1, Distance: 40, Load: ld(2)},
			{Kind: route.StepEnd, Index: -1, Location: 0, Arrival: 199, Distance: 80, Load: ld(2)},
		},
		Distance: 80, Start: 0, End: 199, Duration: 199, TravelTime: 160, WaitTime: 15, Service: 24,
		Cost: 260, // 100 + round(80 + 0.5·160): time cost on travel time
	}
	return &route.Solution{Routes: []route.Route{r}, Cost: 260, Distance: 80, Duration: 199}
}

// simple has four clients at locations 1..4 picking up 1 each, a shipment
// from 3 to 4 of 5, capacity 10 and penalties of 1000; a route's cost is its
// distance.
func simple() *route.Problem {
	dist, dur := line(5)
	p := &route.Problem{N: 5, Dist: dist, Dur: dur, Vehicles: []route.Vehicle{{Capacity: []int64{10}}}}
	for l := 1; l < 5; l++ {
		p.Clients = append(p.Clients, route.Client{Location: l, Demand: []int64{1}, Penalty: 1000})
	}
	p.Shipments = []route.Shipment{{
		Pickup: route.Stop{Location: 3}, Delivery: route.Stop{Location: 4},
		Amount: []int64{5}, Penalty: 1000,
	}}
	return p
}

// delay makes route r wait w more at step k, shifting the later steps and
// the totals as a solver choosing that wait would record them.
func delay(p *route.Problem, r *route.Route, k int, w int64) {
	r.Steps[k].Wait += w
	for j := k + 1; j < len(r.Steps); j++ {
		r.Steps[j].Arrival += w
	}
	r.End += w
	r.Duration += w
	r.WaitTime += w
	r.Cost = p.RouteCost(r.Vehicle, r.Distance, r.TravelTime)
}

func TestBuildMatchesHand(t *testing.T) {
	got := build(rich(), 0, 0, cl(0), cl(1), brk(0), pu(0), de(0))
	if want := richSolution().Routes[0]; !reflect.DeepEqual(got, want) {
		t.Fatalf("build:\n got %+v\nwant %+v", got, want)
	}
}

func TestCheckFeasible(t *testing.T) {
	tests := []struct {
		name string
		make func() (*route.Problem, *route.Solution)
		// want Cost, Distance, Duration, Vehicles; all 0 = not checked
		cost, dist, dur int64
		vehicles        int
	}{
		{"rich by hand", func() (*route.Problem, *route.Solution) { return rich(), richSolution() }, 260, 80, 199, 1},
		{"delivery then pickup: sum above capacity, peak within", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[0].Demand = []int64{6}
			p.Clients[1].Delivery = []int64{8}
			// Load 8 at the start, 1 after client 1, 7 after client 0.
			return p, solution(p, build(p, 0, 0, cl(1), cl(0)))
		}, 40 + 3000, 40, 80, 1},
		{"shipment picked up after the deliveries", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[1].Delivery = []int64{8}
			return p, solution(p, build(p, 0, 0, cl(1), pu(0), de(0)))
		}, 80 + 3000, 80, 160, 1},
		{"open end", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].EndDepot = route.NoDepot
			s := solution(p, build(p, 0, 0, cl(0), cl(1)))
			if e := s.Routes[0].Steps[3]; e.Location != -1 || e.Arrival != 40 {
				panic("open end built wrong")
			}
			return p, s
		}, 20 + 3000, 20, 40, 1},
		{"open start", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].StartDepot = route.NoDepot
			// Starts at client 1's location 2, then 1, then back to 0.
			return p, solution(p, build(p, 0, 0, cl(1), cl(0)))
		}, 20 + 3000, 20, 40, 1},
		{"no vehicle types, no depots", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles = nil
			p.Clients[0].Demand = []int64{1 << 40}
			return p, solution(p, build(p, 0, 0, cl(0), cl(1), cl(2), cl(3)), build(p, 0, 5, pu(0), de(0)))
		}, 80 + 80, 160, 160 + 160, 2},
		{"nothing served", func() (*route.Problem, *route.Solution) {
			p := simple()
			return p, solution(p)
		}, 5000, 0, 0, 0},
		{"default penalty scaled by priority", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[3].Penalty, p.Clients[3].Priority = 0, 50
			return p, solution(p, build(p, 0, 0, cl(0), cl(1), cl(2)), build(p, 0, 0, pu(0), de(0)))
		}, 60 + 80 + route.DefaultPenalty + route.DefaultPenalty/100*50, 140, 280, 2},
		{"second time window", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[0].TimeWindows = []route.TimeWindow{{Start: 0, End: 10}, {Start: 30, End: 40}}
			s := solution(p, build(p, 0, 0, cl(0)))
			if s.Routes[0].Steps[1].Wait != 10 {
				panic("want a wait of 10 for the second window")
			}
			return p, s
		}, 20 + 4000, 20, 50, 1},
		{"a longer wait than needed, inside the window", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[1].TimeWindows = tw(0, 100)
			r := build(p, 0, 0, cl(0), cl(1))
			delay(p, &r, 2, 30)
			return p, solution(p, r)
		}, 40 + 3000, 40, 110, 1},
		{"break inside its window, shift and limits met", func() (*route.Problem, *route.Solution) {
			p := simple()
			v := &p.Vehicles[0]
			v.Breaks = []route.Break{{TimeWindows: tw(20, 30), Duration: 7}}
			v.Shift = route.TimeWindow{Start: 0, End: 87}
			v.MaxDistance, v.MaxDuration, v.MaxTravelTime, v.MaxStops = 40, 87, 80, 2
			v.Skills = []int{3, 4}
			p.Clients[1].Skills = []int{4}
			v.Count = 1
			return p, solution(p, build(p, 0, 0, cl(0), brk(0), cl(1)))
		}, 40 + 3000, 40, 87, 1},
		{"matrix with cost scale", func() (*route.Problem, *route.Solution) {
			m := geo.NewMatrix(3)
			for i := range 3 {
				for j := range 3 {
					if i != j {
						m.Dist[i*3+j], m.Dur[i*3+j] = 1.234, 0.5
					}
				}
			}
			p := &route.Problem{Matrix: m, CostScale: 100, Clients: []route.Client{{Location: 1}, {Location: 2}}}
			return p, solution(p, build(p, 0, 0, cl(0), cl(1)))
		}, 3 * 123, 3 * 123, 3 * 50, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, s := tt.make()
			rep, err := Check(p, s)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if !rep.Feasible || len(rep.Violations) > 0 {
				t.Fatalf("got infeasible:\n%s", strings.Join(rep.Violations, "\n"))
			}
			got := [...]int64{rep.Cost, rep.Distance, rep.Duration, int64(rep.Vehicles)}
			want := [...]int64{tt.cost, tt.dist, tt.dur, int64(tt.vehicles)}
			if got != want {
				t.Errorf("got cost, distance, duration, vehicles %v, want %v", got, want)
			}
		})
	}
}

func TestCheckViolations(t *testing.T) {
	type mk = func() (*route.Problem, *route.Solution)
	// two is simple's route 0 → client 0 (arrival 20) → client 1 (40) → 0
	// (80), distance 40; clients 2, 3 and the shipment unassigned.
	two := func(p *route.Problem) *route.Solution { return solution(p, build(p, 0, 0, cl(0), cl(1))) }
	tests := []struct {
		name string
		make mk
		want []string // each must be reported
		more bool     // other violations may be reported too
	}{
		{"late arrival", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[1].TimeWindows = tw(0, 15)
			return p, two(p)
		}, []string{"routes[0].steps[2] (client 1): service starts 40 after its time windows [0, 15]"}, false},
		{"recorded wait before the window opens", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[1].TimeWindows = tw(50, 100)
			s := two(p)
			s.Routes[0].Steps[2].Wait = 0 // the built route waits 10
			return p, s
		}, []string{
			"routes[0].steps[2] (client 1): service starts 40 (arrival 40 + wait 0) outside its time windows [50, 100]; the earliest feasible start is 50",
			"routes[0].steps[3] (end): recorded arrival 90, want 80 (recorded departure of steps[2] 40 + travel 40)",
		}, false},
		{"negative wait", func() (*route.Problem, *route.Solution) {
			p := simple()
			r := build(p, 0, 0, cl(0), cl(1))
			delay(p, &r, 1, -5) // recorded consistently, ending at 75
			return p, solution(p, r)
		}, []string{
			"routes[0].steps[1] (client 0): negative wait -5",
			// Recomputed with the wait clamped to 0.
			"routes[0] (vehicle 0): recorded End 75, recomputed 80",
			"routes[0] (vehicle 0): recorded Duration 75, recomputed 80",
			"routes[0] (vehicle 0): recorded WaitTime -5, recomputed 0",
			"solution: recorded Duration 75, recomputed 80",
		}, false},
		{"recorded arrival inconsistent with the travel time", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Routes[0].Steps[2].Arrival += 5
			return p, s
		}, []string{
			"routes[0].steps[2] (client 1): recorded arrival 45, want 40 (recorded departure of steps[1] 20 + travel 20)",
			"routes[0].steps[3] (end): recorded arrival 80, want 85 (recorded departure of steps[2] 45 + travel 40)",
		}, false},
		{"capacity exceeded at one step: pickup then delivery", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[0].Demand = []int64{6}
			p.Clients[1].Delivery = []int64{8}
			// Load 8 at the start, 14 after client 0, 7 after client 1:
			// pickups (7) and deliveries (8) each fit, the peak does not.
			return p, two(p)
		}, []string{"routes[0].steps[1] (client 0): load [14] exceeds capacity [10] in dimension 0"}, false},
		{"capacity exceeded at one step: shipment picked up before a delivery", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[1].Delivery = []int64{8}
			return p, solution(p, build(p, 0, 0, pu(0), cl(1), de(0)))
		}, []string{"routes[0].steps[1] (pickup of shipment 0): load [13] exceeds capacity [10] in dimension 0"}, false},
		{"capacity exceeded by a shipment's return", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Shipments[0].Return = []int64{10}
			// Load 0 → 1 (client 0) → 6 (pickup 5) → 11 (delivery: −5 +10)
			// → 12 (client 1): the new appliance fits, the old one does not.
			return p, solution(p, build(p, 0, 0, cl(0), pu(0), de(0), cl(1)))
		}, []string{
			"routes[0].steps[3] (delivery of shipment 0): load [11] exceeds capacity [10] in dimension 0",
			"routes[0].steps[4] (client 1): load [12] exceeds capacity [10] in dimension 0",
			"routes[0].steps[5] (end): load [12] exceeds capacity [10] in dimension 0",
		}, false},
		{"recorded load ignores a shipment's return", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Shipments[0].Return = []int64{2}
			s := solution(p, build(p, 0, 0, pu(0), de(0)))
			for _, k := range []int{2, 3} {
				s.Routes[0].Steps[k].Load = []int64{0}
			}
			return p, s
		}, []string{
			"routes[0].steps[2] (delivery of shipment 0): recorded load [0], recomputed [2]",
			"routes[0].steps[3] (end): recorded load [0], recomputed [2]",
		}, false},
		{"capacity exceeded in the second dimension at the end", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].Capacity = []int64{10, 1}
			for i := range p.Clients {
				p.Clients[i].Demand = []int64{1, 1}
			}
			p.Shipments[0].Amount = []int64{5, 0}
			return p, two(p)
		}, []string{
			"routes[0].steps[2] (client 1): load [2 2] exceeds capacity [10 1] in dimension 1",
			"routes[0].steps[3] (end): load [2 2] exceeds capacity [10 1] in dimension 1",
		}, false},
		{"precedence reversed", func() (*route.Problem, *route.Solution) {
			p := simple()
			return p, solution(p, build(p, 0, 0, de(0), pu(0)))
		}, []string{"routes[0].steps[1] (delivery of shipment 0): before its pickup at steps[2]"}, false},
		{"shipment split across routes", func() (*route.Problem, *route.Solution) {
			p := simple()
			return p, solution(p, build(p, 0, 0, pu(0)), build(p, 0, 0, de(0)))
		}, []string{"shipments[0]: picked up at routes[0].steps[1] but delivered at routes[1].steps[1] (split across routes)"}, false},
		{"shipment never delivered", func() (*route.Problem, *route.Solution) {
			p := simple()
			return p, solution(p, build(p, 0, 0, pu(0)))
		}, []string{"shipments[0]: picked up at routes[0].steps[1] but never delivered"}, false},
		{"missing skill", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[1].Skills = []int{1, 7}
			p.Vehicles[0].Skills = []int{1}
			return p, two(p)
		}, []string{"routes[0].steps[2] (client 1): vehicle type 0 lacks skill 7"}, false},
		{"missing skill of a shipment, reported once", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Shipments[0].Skills = []int{2}
			return p, solution(p, build(p, 0, 0, pu(0), de(0)))
		}, []string{"routes[0].steps[1] (pickup of shipment 0): vehicle type 0 lacks skill 2"}, false},
		{"shift end exceeded", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].Shift = route.TimeWindow{Start: 0, End: 50}
			return p, two(p)
		}, []string{"routes[0] (vehicle 0): ends at 80 after its shift [0, 50]"}, false},
		{"shift start not reached", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].Shift = route.TimeWindow{Start: 10, End: 1000}
			return p, two(p)
		}, []string{"routes[0] (vehicle 0): starts at 0 before its shift [10, 1000]"}, false},
		{"break missing", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].Breaks = []route.Break{{TimeWindows: tw(0, 100), Duration: 5}}
			return p, two(p)
		}, []string{"routes[0] (vehicle 0): break 0 not taken"}, false},
		{"break outside its window", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].Breaks = []route.Break{{TimeWindows: tw(0, 5), Duration: 5}}
			return p, solution(p, build(p, 0, 0, cl(0), brk(0), cl(1)))
		}, []string{"routes[0].steps[2] (break 0): service starts 20 after its time windows [0, 5]"}, false},
		{"break taken twice", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].Breaks = []route.Break{{Duration: 5}}
			return p, solution(p, build(p, 0, 0, brk(0), cl(0), brk(0), cl(1)))
		}, []string{"routes[0].steps[3] (break 0): break taken again"}, false},
		{"break recorded at a location", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].Breaks = []route.Break{{Duration: 5}}
			s := solution(p, build(p, 0, 0, cl(0), brk(0), cl(1)))
			s.Routes[0].Steps[2].Location = 1
			return p, s
		}, []string{"routes[0].steps[2] (break 0): location 1, want -1 (a break is taken where the vehicle is)"}, false},
		{"max distance", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].MaxDistance = 39
			return p, two(p)
		}, []string{"routes[0] (vehicle 0): distance 40 exceeds MaxDistance 39"}, false},
		{"max duration", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[0].Service = 10
			p.Vehicles[0].MaxDuration = 85
			p.Vehicles[0].MaxTravelTime = 85
			return p, two(p)
		}, []string{"routes[0] (vehicle 0): duration 90 exceeds MaxDuration 85"}, false},
		{"max travel time", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[0].Service = 10
			p.Vehicles[0].MaxDuration = 90
			p.Vehicles[0].MaxTravelTime = 79
			return p, two(p)
		}, []string{"routes[0] (vehicle 0): travel time 80 exceeds MaxTravelTime 79"}, false},
		{"max stops", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].MaxStops = 2
			return p, solution(p, build(p, 0, 0, cl(0), pu(0), de(0)))
		}, []string{"routes[0] (vehicle 0): 3 stops exceed MaxStops 2"}, false},
		{"job twice", func() (*route.Problem, *route.Solution) {
			p := simple()
			return p, solution(p, build(p, 0, 0, cl(0)), build(p, 0, 0, cl(1), cl(0)))
		}, []string{"routes[1].steps[2] (client 0): served again, first at routes[0].steps[1]"}, false},
		{"job neither served nor unassigned", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Unassigned = slices.DeleteFunc(s.Unassigned, func(u route.Unassigned) bool { return u.Kind == route.JobClient && u.Index == 3 })
			s.Cost -= 1000
			return p, s
		}, []string{"clients[3]: neither served nor unassigned"}, false},
		{"shipment neither served nor unassigned", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Unassigned = slices.DeleteFunc(s.Unassigned, func(u route.Unassigned) bool { return u.Kind == route.JobShipment })
			s.Cost -= 1000
			return p, s
		}, []string{"shipments[0]: neither served nor unassigned"}, false},
		{"job served and unassigned", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Unassigned = append(s.Unassigned, route.Unassigned{Kind: route.JobClient, Index: 0})
			s.Cost += 1000
			return p, s
		}, []string{"clients[0]: served at routes[0].steps[1] and also unassigned"}, false},
		{"job unassigned twice", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Unassigned = append(s.Unassigned, route.Unassigned{Kind: route.JobShipment, Index: 0})
			return p, s
		}, []string{"unassigned[3] (shipment 0): listed again"}, false},
		{"wrong solution cost", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Cost++
			return p, s
		}, []string{"solution: recorded Cost 3041, recomputed 3040 (routes 40 + penalties 3000)"}, false},
		{"wrong route cost", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].FixedCost = 7
			s := two(p)
			s.Routes[0].Cost -= 7 // fixed cost forgotten
			s.Cost -= 7
			return p, s
		}, []string{
			"routes[0] (vehicle 0): recorded Cost 40, recomputed 47",
			"solution: recorded Cost 3040, recomputed 3047 (routes 47 + penalties 3000)",
		}, false},
		{"wrong route totals", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			r := &s.Routes[0]
			r.Start, r.End, r.TravelTime, r.WaitTime, r.Service = 1, 81, 79, 1, 1
			r.Distance++
			s.Distance++
			s.Duration--
			return p, s
		}, []string{
			"routes[0] (vehicle 0): recorded Start 1, but steps[0] departs at 0",
			"routes[0] (vehicle 0): recorded End 81, recomputed 80",
			"routes[0] (vehicle 0): recorded TravelTime 79, recomputed 80",
			"routes[0] (vehicle 0): recorded WaitTime 1, recomputed 0",
			"routes[0] (vehicle 0): recorded Service 1, recomputed 0",
			"routes[0] (vehicle 0): recorded Distance 41, recomputed 40",
			"solution: recorded Distance 41, recomputed 40",
			"solution: recorded Duration 79, recomputed 80",
		}, false},
		{"wrong recorded Clients", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Routes[0].Clients = []int{1, 0}
			return p, s
		}, []string{"routes[0] (vehicle 0): recorded Clients [1 0], but its client steps are [0 1]"}, false},
		{"wrong recorded step figures", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[1].Setup = 3
			p.Clients[1].Service = 4
			s := two(p)
			st := &s.Routes[0].Steps[2]
			st.Setup, st.Service, st.Distance, st.Load = 0, 7, 21, []int64{9}
			return p, s
		}, []string{
			"routes[0].steps[2] (client 1): recorded setup 0, want 3",
			"routes[0].steps[2] (client 1): recorded service 7, want 4",
			"routes[0].steps[2] (client 1): recorded distance 21, recomputed 20",
			"routes[0].steps[2] (client 1): recorded load [9], recomputed [2]",
		}, false},
		{"job step at the wrong location", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Routes[0].Steps[1].Location = 3
			return p, s
		}, []string{"routes[0].steps[1] (client 0): location 3, want 1"}, false},
		{"start away from the depot", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Routes[0].Steps[0].Location = 2
			return p, s
		}, []string{"routes[0].steps[0] (start): location 2, want 0 (start depot 0)"}, false},
		{"too many vehicles of a type", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].Count = 1
			return p, solution(p, build(p, 0, 0, cl(0)), build(p, 0, 0, cl(1)))
		}, []string{"vehicles[0]: 2 non-empty routes, but Count is 1"}, false},
		{"open-end route returning to the depot", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p) // built for a closed route
			p.Vehicles[0].EndDepot = route.NoDepot
			return p, s
		}, []string{
			"routes[0].steps[3] (end): location 0, want -1 (open end)",
			"routes[0].steps[3] (end): recorded arrival 80, want 40 (recorded departure of steps[2] 40 + travel 0)",
			"routes[0].steps[3] (end): recorded distance 40, recomputed 20",
			"routes[0] (vehicle 0): recorded Cost 40, recomputed 20",
			"solution: recorded Cost 3040, recomputed 3020 (routes 20 + penalties 3000)",
		}, true},
		{"closed route recorded as open", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Vehicles[0].EndDepot = route.NoDepot
			s := two(p)
			p.Vehicles[0].EndDepot = 0
			return p, s
		}, []string{"routes[0].steps[3] (end): location -1, want 0 (end depot 0)"}, true},
		{"no end step", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			s.Routes[0].Steps = s.Routes[0].Steps[:3]
			s.Cost -= 40 // the route cannot be costed
			s.Distance, s.Duration = 0, 0
			return p, s
		}, []string{"routes[0] (vehicle 0): steps must run from a start step to an end step, have start job job"}, false},
		{"end step inside the route", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := two(p)
			st := &s.Routes[0].Steps
			*st = slices.Insert(*st, 2, route.Step{Kind: route.StepEnd, Index: -1})
			s.Cost -= 40
			s.Distance, s.Duration = 0, 0
			return p, s
		}, []string{"routes[0].steps[2] (end): end step inside the route"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, s := tt.make()
			rep, err := Check(p, s)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if rep.Feasible {
				t.Fatalf("got feasible, want violations %q", tt.want)
			}
			for _, w := range tt.want {
				if !slices.Contains(rep.Violations, w) {
					t.Errorf("missing violation %q", w)
				}
			}
			if !tt.more && len(rep.Violations) != len(tt.want) {
				t.Errorf("got %d violations, want %d", len(rep.Violations), len(tt.want))
			}
			if t.Failed() {
				t.Logf("violations:\n%s", strings.Join(rep.Violations, "\n"))
			}
		})
	}
}

func TestCheckErrors(t *testing.T) {
	tests := []struct {
		name string
		make func() (*route.Problem, *route.Solution)
		want string
	}{
		{"nil problem", func() (*route.Problem, *route.Solution) { return nil, &route.Solution{} }, "routecheck: problem is nil"},
		{"nil solution", func() (*route.Problem, *route.Solution) { return simple(), nil }, "routecheck: solution is nil"},
		{"no matrix", func() (*route.Problem, *route.Solution) {
			return &route.Problem{}, &route.Solution{}
		}, "routecheck: problem has neither Dist nor Matrix"},
		{"dist of the wrong size", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.N = 4
			return p, &route.Solution{}
		}, "routecheck: dist: want N×N = 4×4 entries, have 25"},
		{"client location out of range", func() (*route.Problem, *route.Solution) {
			p := simple()
			p.Clients[2].Location = 5
			return p, &route.Solution{}
		}, "routecheck: clients[2].location: 5 outside [0, 5)"},
		{"vehicle out of range", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := solution(p, build(p, 0, 0, cl(0)))
			s.Routes[0].Vehicle = 1
			return p, s
		}, "routecheck: routes[0].vehicle: 1 outside [0, 1)"},
		{"client index out of range", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := solution(p, build(p, 0, 0, cl(0)))
			s.Routes[0].Steps[1].Index = 4
			return p, s
		}, "routecheck: routes[0].steps[1]: client index 4 outside [0, 4)"},
		{"break index out of range", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := solution(p, build(p, 0, 0, cl(0)))
			s.Routes[0].Steps[1].Kind = route.StepBreak
			return p, s
		}, "routecheck: routes[0].steps[1]: break index 0 outside [0, 0)"},
		{"unknown step kind", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := solution(p, build(p, 0, 0, cl(0)))
			s.Routes[0].Steps[1].Kind = 9
			return p, s
		}, "routecheck: routes[0].steps[1]: unknown step kind 9"},
		{"unassigned of unknown kind", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := solution(p)
			s.Unassigned[0].Kind = 2
			return p, s
		}, "routecheck: unassigned[0].kind: unknown job kind 2"},
		{"unassigned index out of range", func() (*route.Problem, *route.Solution) {
			p := simple()
			s := solution(p)
			s.Unassigned[4].Index = 1
			return p, s
		}, "routecheck: unassigned[4].index: 1 outside [0, 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, s := tt.make()
			rep, err := Check(p, s)
			if err == nil {
				t.Fatalf("got no error, want %q (violations %q)", tt.want, rep.Violations)
			}
			if err.Error() != tt.want {
				t.Errorf("got error %q, want %q", err, tt.want)
			}
			if !reflect.DeepEqual(rep, Report{}) {
				t.Errorf("got report %+v with the error, want the zero value", rep)
			}
		})
	}
}
