package routeio

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routecheck"
)

// solve solves p briefly and deterministically and checks the solution
// with the independent checker.
func solve(t *testing.T, p *route.Problem) *route.Solution {
	t.Helper()
	sol, err := route.Solve(context.Background(), p, route.Options{MaxIterations: 300, TimeLimit: 5 * time.Second, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := routecheck.Check(p, sol)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Feasible {
		t.Errorf("routecheck: %s", strings.Join(rep.Violations, "; "))
	}
	return sol
}

// vroomOut is the part of VROOM's solution format the tests read back.
type vroomOut struct {
	Code    int `json:"code"`
	Summary struct {
		Cost, Routes, Unassigned, Duration, Service, Setup, WaitingTime int64
		Distance                                                        *int64
		Delivery, Pickup                                                []int64
	} `json:"summary"`
	Unassigned []struct {
		ID     json.RawMessage
		Type   string
		Reason string
	} `json:"unassigned"`
	Routes []vroomOutRoute `json:"routes"`
}

type vroomOutRoute struct {
	Vehicle                                     json.RawMessage
	Cost, Duration, Service, Setup, WaitingTime int64
	Distance                                    *int64
	Steps                                       []vroomOutStep
}

type vroomOutStep struct {
	Type                                           string
	ID                                             json.RawMessage
	Location                                       []float64
	LocationIndex                                  *int `json:"location_index"`
	Arrival, Duration, Setup, Service, WaitingTime int64
	Load                                           []int64
	Distance                                       *int64
}

// checkVROOM reads a written VROOM solution back and checks it against the
// engine's solution: every task once (served or unassigned), steps from
// start to end with consistent times, totals that add up.
func checkVROOM(t *testing.T, p *route.Problem, m *Meta, sol *route.Solution, data []byte) vroomOut {
	t.Helper()
	var out vroomOut
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if out.Code != 0 || int(out.Summary.Routes) != len(out.Routes) || int(out.Summary.Unassigned) != len(out.Unassigned) {
		t.Errorf("code %d, summary %+v, %d routes, %d unassigned", out.Code, out.Summary, len(out.Routes), len(out.Unassigned))
	}
	seen := map[string]int{}
	var cost, travel, dist int64
	for r, rt := range out.Routes {
		n := len(rt.Steps)
		if n < 3 || rt.Steps[0].Type != "start" || rt.Steps[n-1].Type != "end" {
			t.Fatalf("routes[%d]: steps %+v, want start … end", r, rt.Steps)
		}
		var prevDep int64
		for k, st := range rt.Steps {
			if k > 0 {
				if st.Arrival < prevDep {
					t.Errorf("routes[%d].steps[%d]: arrival %d before the previous departure %d", r, k, st.Arrival, prevDep)
				}
				if st.Duration < rt.Steps[k-1].Duration || st.Duration-rt.Steps[k-1].Duration != st.Arrival-prevDep {
					t.Errorf("routes[%d].steps[%d]: cumulative travel %d after %d, arrival %d after departure %d", r, k, st.Duration, rt.Steps[k-1].Duration, st.Arrival, prevDep)
				}
			}
			prevDep = st.Arrival + st.WaitingTime + st.Setup + st.Service
			switch st.Type {
			case "job", "pickup", "delivery":
				seen[st.Type+":"+string(st.ID)]++
			case "break":
				if st.ID == nil {
					t.Errorf("routes[%d].steps[%d]: break without id", r, k)
				}
			}
			if m.Dims > 0 && len(st.Load) != m.Dims {
				t.Errorf("routes[%d].steps[%d]: load %v, want %d dimensions", r, k, st.Load, m.Dims)
			}
			if m.MatrixGiven != (st.LocationIndex != nil) && st.Type != "break" {
				t.Errorf("routes[%d].steps[%d]: location_index %v with a given matrix %v", r, k, st.LocationIndex, m.MatrixGiven)
			}
		}
		if last := rt.Steps[n-1]; last.Duration != rt.Duration {
			t.Errorf("routes[%d]: travel %d, last step's cumulative travel %d", r, rt.Duration, last.Duration)
		}
		if (rt.Distance != nil) != m.HasDistance {
			t.Errorf("routes[%d]: distance %v with HasDistance %v", r, rt.Distance, m.HasDistance)
		}
		if rt.Distance != nil {
			dist += *rt.Distance
		}
		cost += rt.Cost
		travel += rt.Duration
	}
	for _, u := range out.Unassigned {
		seen[u.Type+":"+string(u.ID)]++
		if u.Reason == "" {
			t.Errorf("unassigned %s %s without a reason", u.Type, u.ID)
		}
	}
	for i, id := range m.JobIDs {
		if seen["job:"+string(id)] != 1 {
			t.Errorf("job %s (client %d) appears %d times", id, i, seen["job:"+string(id)])
		}
	}
	for _, ids := range m.ShipmentIDs {
		if seen["pickup:"+string(ids[0])] != 1 || seen["delivery:"+string(ids[1])] != 1 {
			t.Errorf("shipment %v appears %d/%d times", ids, seen["pickup:"+string(ids[0])], seen["delivery:"+string(ids[1])])
		}
	}
	if out.Summary.Cost != cost || out.Summary.Duration != travel || (out.Summary.Distance != nil && *out.Summary.Distance != dist) {
		t.Errorf("summary %+v, routes cost %d travel %d distance %d", out.Summary, cost, travel, dist)
	}
	var engineCost int64
	for _, rt := range sol.Routes {
		engineCost += withSteps(p, rt).Cost // plain routes carry no cost
	}
	if m.CostScale == 1 && cost != engineCost {
		t.Errorf("written cost %d, engine's %d", cost, engineCost)
	}
	return out
}

func TestSolveVROOMExamples(t *testing.T) {
	for _, name := range []string{"vroom_basic.json", "vroom_shipments.json", "vroom_matrix.json", "vroom_matrices_tw.json"} {
		t.Run(name, func(t *testing.T) {
			p, m, err := ReadVROOM(bytes.NewReader(readFile(t, "testdata/"+name)))
			if err != nil {
				t.Fatal(err)
			}
			sol := solve(t, p)
			var buf bytes.Buffer
			if err := WriteVROOM(&buf, p, m, sol); err != nil {
				t.Fatal(err)
			}
			out := checkVROOM(t, p, m, sol, buf.Bytes())
			switch name {
			case "vroom_basic.json", "vroom_matrix.json":
				if len(out.Routes) != 1 || len(out.Unassigned) != 0 {
					t.Errorf("got %d routes, %d unassigned; want both jobs on the one vehicle", len(out.Routes), len(out.Unassigned))
				}
			case "vroom_shipments.json":
				// VROOM's documented solution serves everything, on OSRM
				// times. On the slower plain-area estimate the shipment
				// (skill 2: vehicle 2 only; 11,353 s of travel alone) and
				// job 6 (9,004 s there and back) do not fit together in a
				// 4-hour shift, nor does job 6 on vehicle 1 after jobs 1,
				// 2 and 5: one task is left out.
				if len(out.Unassigned) > 2 {
					t.Errorf("unassigned %+v, want at most the shipment", out.Unassigned)
				}
				for _, rt := range out.Routes {
					hasBreak := slices.ContainsFunc(rt.Steps, func(s vroomOutStep) bool { return s.Type == "break" })
					if !hasBreak {
						t.Errorf("vehicle %s: no break", rt.Vehicle)
					}
				}
			}
			if name == "vroom_matrix.json" {
				// start 0 → 1414 (1) → 1515 (2) → end 3: 2104 + 2255 + 1102.
				if rt := out.Routes[0]; rt.Duration != 5461 || rt.Cost != 5461 {
					t.Errorf("got travel %d, cost %d; want VROOM's documented 5461", rt.Duration, rt.Cost)
				}
				// docs/example_2_sol.json: arrivals 0, 2104, 4359, 5461 at
				// start, 1414, 1515, end (index 3).
				var got []int64
				for _, st := range out.Routes[0].Steps {
					got = append(got, st.Arrival-out.Routes[0].Steps[0].Arrival)
				}
				if !slices.Equal(got, []int64{0, 2104, 4359, 5461}) || *out.Routes[0].Steps[3].LocationIndex != 3 || string(out.Routes[0].Steps[1].ID) != "1414" {
					t.Errorf("got steps %+v, want VROOM's documented ones", out.Routes[0].Steps)
				}
			}
		})
	}
}

func TestSolveJSONExample(t *testing.T) {
	p, m, err := ReadJSON(bytes.NewReader(readFile(t, "example.json")))
	if err != nil {
		t.Fatal(err)
	}
	sol := solve(t, p)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, p, m, sol); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Summary struct {
			Cost       float64
			Routes     int
			Unassigned int
		}
		Routes []struct {
			Vehicle string
			Start   string
			Stops   []struct {
				Type, ID, Location, Arrival, ServiceStart string
				Load                                      map[string]int64
			}
		}
		Unassigned []struct{ Type, ID, Reason string }
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	served := map[string]bool{}
	for _, rt := range out.Routes {
		if _, ok := parseClock(rt.Start); !ok {
			t.Errorf("route start %q is not HH:MM", rt.Start)
		}
		for _, st := range rt.Stops {
			if _, ok := parseClock(st.Arrival); !ok {
				t.Errorf("stop %+v: arrival not HH:MM", st)
			}
			if st.Type == "job" && st.ID == "wang-fridge-trade-in" && rt.Vehicle != "truck-1" {
				t.Errorf("the two-person trade-in is on %s, want truck-1 (the only two-person crew)", rt.Vehicle)
			}
			if st.Type == "job" || st.Type == "delivery" {
				served[st.ID] = true
			}
		}
	}
	if len(served)+len(out.Unassigned) != len(p.Clients)+len(p.Shipments) {
		t.Errorf("served %v, unassigned %+v; want every job once", served, out.Unassigned)
	}
	var engineCost int64
	for _, rt := range sol.Routes {
		engineCost += rt.Cost
	}
	if want := float64(engineCost) / 100; out.Summary.Cost != want {
		t.Errorf("summary cost %v, want %v yuan", out.Summary.Cost, want)
	}
}

// TestUnknownSkillUnassigned: a skill nobody has is not an input error;
// the job is left out with the engine's reason, written in both formats.
func TestUnknownSkillUnassigned(t *testing.T) {
	in := `{"locations": [{"name": "yard", "lon": 104.06, "lat": 30.65}, {"name": "a", "lon": 104.08, "lat": 30.66}],
	"depot": "yard", "vehicles": [{"id": "t"}],
	"jobs": [{"id": "crane-lift", "location": "a", "skills": ["crane"]}, {"id": "easy", "location": "a"}]}`
	p, m, err := ReadJSON(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	sol := solve(t, p)
	if len(sol.Unassigned) != 1 || sol.Unassigned[0].Index != 0 {
		t.Fatalf("unassigned %+v, want the crane job", sol.Unassigned)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, p, m, sol); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"id": "crane-lift"`) || !strings.Contains(buf.String(), `"reason": "`) {
		t.Errorf("got\n%s\nwant crane-lift unassigned with a reason", buf.String())
	}
	t.Logf("reason: %s", sol.Unassigned[0].Reason)
}

// TestSolveTradeInReturns: trade-ins whose new appliance comes from a
// warehouse ("amount" from the pickup to the delivery, "return" from the
// delivery to the end) fill the van with the old appliances only.
func TestSolveTradeInReturns(t *testing.T) {
	p, m, err := ReadJSON(bytes.NewReader(readFile(t, "testdata/native_tradein.json")))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Shipments[0].Return; !slices.Equal(got, []int64{70, 1}) {
		t.Fatalf("shipments[0].Return = %v, want [70 1] (kg, pieces)", got)
	}
	sol := solve(t, p)
	if len(sol.Unassigned) != 0 {
		t.Fatalf("unassigned %+v", sol.Unassigned)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, p, m, sol); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Routes []struct {
			Stops []struct {
				Type, ID string
				Load     map[string]int64
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Routes) != 1 {
		t.Fatalf("%d routes, want 1", len(out.Routes))
	}
	stops := out.Routes[0].Stops
	if end := stops[len(stops)-1].Load; end["kg"] != 155 || end["pieces"] != 3 {
		t.Errorf("load at the end %v, want 155 kg and 3 pieces (the old appliances)", end)
	}
	for k, st := range stops {
		if st.Type == "delivery" && st.ID == "wang-fridge-trade-in" {
			before := stops[k-1].Load
			if got, want := st.Load["kg"], before["kg"]-75+70; got != want {
				t.Errorf("load after the fridge trade-in %d kg, want %d (before %d − 75 new + 70 old)", got, want, before["kg"])
			}
		}
	}
}

// TestJobAtDepot: a VROOM job may sit at the vehicles' start.
func TestJobAtDepot(t *testing.T) {
	in := `{"vehicles": [{"id": 1, "start": [2.35, 48.71], "end": [2.35, 48.71]}],
	"jobs": [{"id": 1, "location": [2.35, 48.71], "service": 60}, {"id": 2, "location": [2.30, 48.80]}]}`
	p, m, err := ReadVROOM(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if p.Clients[0].Location != p.Depots[0] {
		t.Fatalf("job 1 at %d, depot at %d; want one location", p.Clients[0].Location, p.Depots[0])
	}
	sol := solve(t, p)
	var buf bytes.Buffer
	if err := WriteVROOM(&buf, p, m, sol); err != nil {
		t.Fatal(err)
	}
	if out := checkVROOM(t, p, m, sol, buf.Bytes()); len(out.Unassigned) != 0 {
		t.Errorf("unassigned %+v", out.Unassigned)
	}
}

func TestWriteText(t *testing.T) {
	sol := &route.Solution{Routes: []route.Route{
		{Cost: 1234, Steps: []route.Step{{Kind: route.StepStart}, {Kind: route.StepClient, Index: 2}, {Kind: route.StepBreak},
			{Kind: route.StepPickup, Index: 0}, {Kind: route.StepDelivery, Index: 0}, {Kind: route.StepEnd}}},
		{Cost: 1000, Steps: []route.Step{{Kind: route.StepStart}, {Kind: route.StepClient, Index: 0}, {Kind: route.StepEnd}}},
	}, Cost: 1 << 40}
	var buf bytes.Buffer
	if err := WriteText(&buf, sol, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "Route #1: 3 p1 d1\nRoute #2: 1\nCost 2234\n"; buf.String() != want {
		t.Errorf("got\n%swant\n%s", buf.String(), want)
	}
	buf.Reset()
	label := func(k route.StepKind, i int) string { return []string{"c", "x", "P", "D"}[k] + string(rune('a'+i)) }
	if err := WriteText(&buf, sol, TextOptions{Label: label, Scale: 100, Decimals: 2}); err != nil {
		t.Fatal(err)
	}
	if want := "Route #1: xc Pa Da\nRoute #2: xa\nCost 22.34\n"; buf.String() != want {
		t.Errorf("got\n%swant\n%s", buf.String(), want)
	}
	// A plain CVRP solution: clients, no steps, the solution's cost.
	buf.Reset()
	WriteText(&buf, &route.Solution{Routes: []route.Route{{Clients: []int{4, 1}}}, Cost: 80}, TextOptions{})
	if want := "Route #1: 5 2\nCost 80\n"; buf.String() != want {
		t.Errorf("got\n%swant\n%s", buf.String(), want)
	}
}

// TestWritePlain writes a plain CVRP solution (client lists, no steps) of
// a problem without vehicle types: the writers fill in the steps.
func TestWritePlain(t *testing.T) {
	p := &route.Problem{N: 3, Dist: []int64{0, 5, 7, 5, 0, 4, 7, 4, 0},
		Clients: []route.Client{{Location: 1, Demand: []int64{2}}, {Location: 2, Demand: []int64{3}}}}
	sol, err := route.Evaluate(p, [][]int{{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteVROOM(&buf, p, nil, sol); err != nil {
		t.Fatal(err)
	}
	out := checkVROOM(t, p, DefaultMeta(p), sol, buf.Bytes())
	rt := out.Routes[0]
	if rt.Cost != 16 || len(rt.Steps) != 4 || rt.Steps[2].Arrival != 9 || !slices.Equal(rt.Steps[3].Load, []int64{5}) {
		t.Errorf("got route %+v, want cost 16 (5+4+7), arrival 9 at the second job, load 5 at the end", rt)
	}
	buf.Reset()
	if err := WriteJSON(&buf, p, nil, sol); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"cost": 16`) {
		t.Errorf("got\n%s\nwant cost 16", buf.String())
	}
}
