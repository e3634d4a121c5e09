package routeio

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/route"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadVROOMBasic(t *testing.T) {
	p, m, err := ReadVROOM(bytes.NewReader(readFile(t, "testdata/vroom_basic.json")))
	if err != nil {
		t.Fatal(err)
	}
	if p.N != 3 || !slices.Equal(p.Depots, []int{0}) || len(p.Clients) != 2 || p.Clients[0].Location != 1 || p.Clients[1].Location != 2 {
		t.Fatalf("got N %d, depots %v, clients %+v; want 3 locations, depot 0, jobs at 1 and 2", p.N, p.Depots, p.Clients)
	}
	v := p.Vehicles[0]
	if v.Count != 1 || v.StartDepot != 0 || v.EndDepot != 0 || v.TimeCost != 1 || v.DistanceCost != 0 || !slices.Equal(v.Capacity, []int64{unlimited}) {
		t.Errorf("got vehicle %+v, want one unit, depot 0 both ends, 1 per second, no capacity", v)
	}
	if !slices.Equal(m.JobIDs, []ID{"0", "1"}) || !slices.Equal(m.VehicleIDs, []ID{"0"}) || m.Dims != 0 || m.MatrixGiven {
		t.Errorf("got meta %+v", m)
	}
	// Estimated: symmetric, zero diagonal, the Paris jobs a few km apart.
	for i := range 3 {
		for j := range 3 {
			if p.Dist[i*3+j] != p.Dist[j*3+i] || (i == j) != (p.Dist[i*3+j] == 0) {
				t.Fatalf("dist[%d][%d] = %d, [%d][%d] = %d", i, j, p.Dist[i*3+j], j, i, p.Dist[j*3+i])
			}
		}
	}
	if d := p.Dist[0*3+2]; d < 4000 || d > 7000 {
		t.Errorf("got %d m from the depot to job 1, want about 5 km (4.5 km great circle × 1.25)", d)
	}
	if got := p.Coords[1]; got != [2]float64{2.3691, 48.8532} {
		t.Errorf("got coords %v of job 0", got)
	}
}

func TestReadVROOMShipments(t *testing.T) {
	p, m, err := ReadVROOM(bytes.NewReader(readFile(t, "testdata/vroom_shipments.json")))
	if err != nil {
		t.Fatal(err)
	}
	if p.N != 7 || len(p.Depots) != 1 || len(p.Vehicles) != 2 || len(p.Clients) != 4 || len(p.Shipments) != 1 {
		t.Fatalf("got %d locations, %d depots, %d vehicles, %d jobs, %d shipments; want 7, 1, 2, 4, 1",
			p.N, len(p.Depots), len(p.Vehicles), len(p.Clients), len(p.Shipments))
	}
	want := route.Vehicle{Capacity: []int64{4}, Count: 1, Skills: []int{1, 14}, Shift: route.TimeWindow{Start: 28800, End: 43200},
		Breaks:   []route.Break{{TimeWindows: []route.TimeWindow{{Start: 36000, End: 37800}}, Duration: 300}},
		TimeCost: 1}
	if !reflect.DeepEqual(p.Vehicles[0], want) {
		t.Errorf("got vehicles[0] %+v\nwant %+v", p.Vehicles[0], want)
	}
	c := p.Clients[0]
	if c.Service != 300 || !slices.Equal(c.Delivery, []int64{1}) || c.Demand != nil || !slices.Equal(c.Skills, []int{1}) ||
		!reflect.DeepEqual(c.TimeWindows, []route.TimeWindow{{Start: 32400, End: 36000}}) {
		t.Errorf("got jobs[0] %+v", c)
	}
	s := p.Shipments[0]
	if s.Pickup.Location != 5 || s.Delivery.Location != 6 || !slices.Equal(s.Amount, []int64{1}) || !slices.Equal(s.Skills, []int{2}) || s.Pickup.Service != 300 {
		t.Errorf("got shipment %+v", s)
	}
	if !slices.Equal(m.JobIDs, []ID{"1", "2", "5", "6"}) || m.ShipmentIDs[0] != [2]ID{"4", "3"} ||
		!reflect.DeepEqual(m.BreakIDs, [][]ID{{"1"}, {"2"}}) || m.Dims != 1 {
		t.Errorf("got meta ids %v %v %v, dims %d", m.JobIDs, m.ShipmentIDs, m.BreakIDs, m.Dims)
	}
}

func TestReadVROOMMatrix(t *testing.T) {
	p, m, err := ReadVROOM(bytes.NewReader(readFile(t, "testdata/vroom_matrix.json")))
	if err != nil {
		t.Fatal(err)
	}
	if p.N != 4 || !slices.Equal(p.Depots, []int{0, 3}) || p.Vehicles[0].StartDepot != 0 || p.Vehicles[0].EndDepot != 1 {
		t.Fatalf("got N %d, depots %v, vehicle %+v; want depots [0 3], start 0, end 1", p.N, p.Depots, p.Vehicles[0])
	}
	if p.Dur[1*4+2] != 2255 || p.Dist[1*4+2] != 2255 || m.HasDistance || !m.MatrixGiven {
		t.Errorf("got dur %d, dist %d, HasDistance %v; want the durations as both and no distances", p.Dur[6], p.Dist[6], m.HasDistance)
	}
	if !slices.Equal(m.JobIDs, []ID{"1414", "1515"}) || p.Clients[1].Location != 2 {
		t.Errorf("got ids %v, clients %+v", m.JobIDs, p.Clients)
	}
}

func TestReadVROOMMatricesTW(t *testing.T) {
	p, m, err := ReadVROOM(bytes.NewReader(readFile(t, "testdata/vroom_matrices_tw.json")))
	if err != nil {
		t.Fatal(err)
	}
	v0 := route.Vehicle{Capacity: []int64{10, 3}, FixedCost: 1000, Count: 1, Shift: route.TimeWindow{End: 10000},
		Breaks: []route.Break{{TimeWindows: []route.TimeWindow{{Start: 2000, End: 4000}}, Duration: 600}}, MaxStops: 4,
		DistanceCost: 0.1, TimeCost: 1}
	v1 := route.Vehicle{Capacity: []int64{5, 1}, Count: 1, EndDepot: route.NoDepot, TimeCost: 0.5}
	if !reflect.DeepEqual(p.Vehicles, []route.Vehicle{v0, v1}) {
		t.Errorf("got vehicles\n%+v\nwant\n%+v", p.Vehicles, []route.Vehicle{v0, v1})
	}
	// Windows sorted; setup, pickup and delivery in place.
	c1 := p.Clients[1]
	if !reflect.DeepEqual(c1.TimeWindows, []route.TimeWindow{{Start: 0, End: 500}, {Start: 5000, End: 7000}}) ||
		!slices.Equal(c1.Delivery, []int64{1, 0}) || !slices.Equal(c1.Demand, []int64{3, 1}) {
		t.Errorf("got jobs[1] %+v", c1)
	}
	if p.Clients[0].Setup != 60 || p.Clients[0].Priority != 10 || p.Dist[1*4+2] != 5000 || p.Dur[1*4+2] != 400 {
		t.Errorf("got jobs[0] %+v, dist %d, dur %d", p.Clients[0], p.Dist[6], p.Dur[6])
	}
	if m.Descriptions["job:1"] != "fridge" || m.Descriptions["break:0:70"] != "lunch" || !m.HasDistance || m.Dims != 2 {
		t.Errorf("got meta %+v", m)
	}
}

func TestReadJSONExample(t *testing.T) {
	p, m, err := ReadJSON(bytes.NewReader(readFile(t, "example.json")))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Dimensions, []string{"kg", "litres", "pieces"}) || !slices.Equal(m.Skills, []string{"two_person"}) || !m.Clock {
		t.Errorf("got dimensions %v, skills %v, clock %v", m.Dimensions, m.Skills, m.Clock)
	}
	truck, van := p.Vehicles[0], p.Vehicles[1]
	if truck.FixedCost != 15000 || truck.DistanceCost != 0.25 || truck.Shift != (route.TimeWindow{Start: 8 * 3600, End: 18 * 3600}) ||
		!slices.Equal(truck.Skills, []int{0}) || truck.Breaks[0].Duration != 1800 || truck.MaxStops != 12 {
		t.Errorf("got truck %+v", truck)
	}
	if van.MaxDuration != 7*3600 || len(van.Skills) != 0 || !slices.Equal(van.Capacity, []int64{400, 3000, 6}) {
		t.Errorf("got van %+v", van)
	}
	w := p.Clients[0]
	if w.Setup != 300 || w.Service != 1200 || !slices.Equal(w.Delivery, []int64{75, 600, 1}) || !slices.Equal(w.Demand, []int64{70, 550, 1}) ||
		w.TimeWindows[0] != (route.TimeWindow{Start: 9 * 3600, End: 12 * 3600}) {
		t.Errorf("got the trade-in job %+v", w)
	}
	if p.Clients[3].Penalty != 50000 || p.Shipments[0].Pickup.Location != 5 || m.ShipmentIDs[0][0] != `"store-return-sun"` {
		t.Errorf("got penalty %d, shipment %+v", p.Clients[3].Penalty, p.Shipments[0])
	}
}

// TestJSONRoundTrip writes the example back in the native format and reads
// it again: the same Problem and Meta.
func TestJSONRoundTrip(t *testing.T) {
	for _, name := range []string{"example.json", "testdata/native_matrix.json", "testdata/native_tradein.json"} {
		t.Run(name, func(t *testing.T) {
			p, m, err := ReadJSON(bytes.NewReader(readFile(t, name)))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteProblemJSON(&buf, p, m); err != nil {
				t.Fatal(err)
			}
			p2, m2, err := ReadJSON(&buf)
			if err != nil {
				t.Fatalf("reading back: %v\n%s", err, buf.String())
			}
			m.Loading, m2.Loading = 0, 0
			p.FormatTime, p2.FormatTime = nil, nil // funcs are never DeepEqual
			if !reflect.DeepEqual(p, p2) {
				t.Errorf("problem changed:\n%+v\n%+v", p, p2)
			}
			if !reflect.DeepEqual(m, m2) {
				t.Errorf("meta changed:\n%+v\n%+v", m, m2)
			}
		})
	}
}

func TestWriteProblemJSONFromVROOM(t *testing.T) {
	p, m, err := ReadVROOM(bytes.NewReader(readFile(t, "testdata/vroom_matrices_tw.json")))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteProblemJSON(&buf, p, m); err != nil {
		t.Fatal(err)
	}
	p2, _, err := ReadJSON(&buf)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(p.Dist, p2.Dist) || !reflect.DeepEqual(p.Clients, p2.Clients) || p2.Vehicles[1].EndDepot != route.NoDepot ||
		p2.Vehicles[0].FixedCost != 100*p.Vehicles[0].FixedCost {
		t.Errorf("converted problem differs:\n%+v\n%+v", p, p2)
	}
}

func TestReadErrors(t *testing.T) {
	const vveh = `"vehicles": [{"id": 1, "start": [2.35, 48.71]}]`
	const nloc = `"locations": [{"name": "yard", "lon": 104.06, "lat": 30.65}, {"name": "a", "lon": 104.08, "lat": 30.66}], "depot": "yard"`
	const nveh = `"vehicles": [{"id": "t", "capacity": {"kg": 100}}]`
	for _, tc := range []struct {
		format, in, want string
	}{
		{"vroom", `[1, 2]`, "want a JSON object, have array"},
		{"vroom", `{"jobs": [}`, "line 1, column 11: invalid character"},
		{"vroom", `{"jobs": [{"id": 1, "location": [2.3, 48.8]}`, "unexpected end of JSON input"},
		{"vroom", `{"jobs": [{"id": 1, "location": [2.3, 48.8]}]}`, "vehicles: no vehicles"},
		{"vroom", `{` + vveh + `}`, "jobs: no jobs or shipments"},
		{"vroom", `{` + vveh + `, "jobs": [{"id": 1, "location": [2.3, 48.8], "time_windows": [[10, 20]]}, {"id": 2, "location": [2.3, 48.8]}, {"id": 3, "location": [2.3, 48.8]}, {"id": 4, "location": [2.3, 48.8], "time_windows": [[0, 5], [30, 20]]}]}`,
			"jobs[3].time_windows[1]: start after end"},
		{"vroom", `{"vehicles": [{"id": 1, "start": [2.35, 48.71], "capacity": [1, 2]}, {"id": 2, "start": [2.35, 48.71], "capacity": [1, 2, 3]}], "jobs": [{"id": 1, "location": [2.3, 48.8], "pickup": [1, 1]}]}`,
			"vehicles[1].capacity: 3 dimensions, jobs use 2"},
		{"vroom", `{` + vveh + `, "jobs": [{"id": 1, "location": [2.3, 48.8], "pickup": [1]}]}`, "vehicles[0].capacity: missing, jobs use 1 dimensions"},
		{"vroom", `{` + vveh + `, "jobs": [{"id": 1, "location": [2.3, 48.8]}, {"id": 1, "location": [2.4, 48.8]}]}`, "jobs[1].id: job id 1 repeats jobs[0].id"},
		{"vroom", `{` + vveh + `, "jobs": [{"id": 1, "location": [200, 48.8]}]}`, "jobs[0].location: [200 48.8] is not a valid [lon, lat]"},
		{"vroom", `{` + vveh + `, "jobs": [{"id": 1}]}`, "jobs[0].location: missing"},
		{"vroom", `{` + vveh + `, "jobs": [{"id": 1, "location": [2.3, 48.8], "priority": 101}]}`, "jobs[0].priority: 101 outside [0, 100]"},
		{"vroom", `{` + vveh + `, "jobs": [{"id": 1, "location": [2.3, 48.8], "service": "5"}]}`, "jobs[0].service: want an integer, have a string"},
		{"vroom", `{` + vveh + `, "jobs": [{"id": 1.5, "location": [2.3, 48.8]}]}`, "jobs[0].id: 1.5 is not an integer id"},
		{"vroom", `{"vehicles": [{"id": 1}], "jobs": [{"id": 1, "location": [2.3, 48.8]}]}`, "vehicles[0]: neither start nor end given"},
		{"vroom", `{"vehicles": [{"id": 1, "start_index": 0}], "jobs": [{"id": 1, "location_index": 4}], "matrix": [[0, 1], [1, 0]]}`, "jobs[0].location_index: 4 outside [0, 1]"},
		{"vroom", `{"vehicles": [{"id": 1, "start_index": 0}], "jobs": [{"id": 1, "location_index": 1}], "matrix": [[0, 1], [1]]}`, "matrix[1]: has 1 entries, want 2"},
		{"vroom", `{"vehicles": [{"id": 1, "start_index": 0}], "jobs": [{"id": 1, "location_index": 1}], "matrix": [[0, -1], [1, 0]]}`, "matrix[0][1]: -1 outside [0, 2^30]"},
		{"vroom", `{"vehicles": [{"id": 1, "start_index": 0, "profile": "bike"}], "jobs": [{"id": 1, "location_index": 1}], "matrices": {"car": {"durations": [[0, 1], [1, 0]]}}}`, `matrices: no matrix for profile "bike"`},
		{"vroom", `{"vehicles": [{"id": 1, "start_index": 0}, {"id": 2, "start_index": 0, "profile": "bike"}], "jobs": [{"id": 1, "location_index": 1}], "matrix": [[0, 1], [1, 0]]}`, "vehicles[1].profile"},
		{"vroom", `{"vehicles": [{"id": 1, "start_index": 0, "costs": {"per_km": 5}}], "jobs": [{"id": 1, "location_index": 1}], "matrix": [[0, 1], [1, 0]]}`, "vehicles[0].costs.per_km: needs distances"},
		{"vroom", `{"vehicles": [{"id": 1, "start_index": 0, "costs": {"per_km": 2000000000}}], "jobs": [{"id": 1, "location_index": 1}], "matrices": {"car": {"durations": [[0, 1], [1, 0]], "distances": [[0, 1], [1, 0]]}}}`,
			"vehicles[0].costs.per_km: 2000000000 outside [0, 1000000000]"},
		{"vroom", `{"vehicles": [{"id": 1, "start": [2.35, 48.71], "speed_factor": 2}], "jobs": [{"id": 1, "location": [2.3, 48.8]}]}`, "vehicles[0].speed_factor: not supported"},
		{"vroom", `{"vehicles": [{"id": 1, "start": [2.35, 48.71], "capacity": [5], "breaks": [{"id": 1, "max_load": [2]}]}], "jobs": [{"id": 1, "location": [2.3, 48.8]}]}`, "vehicles[0].breaks[0].max_load: a load limit below the capacity is not supported"},
		{"vroom", `{"vehicles": [{"id": 1, "start": [2.35, 48.71], "breaks": [{"id": 1}, {"id": 1}]}], "jobs": [{"id": 1, "location": [2.3, 48.8]}]}`, "vehicles[0].breaks[1].id: break id 1 repeats"},
		{"vroom", `{"vehicles": [{"id": 1, "start": [2.35, 48.71]}], "shipments": [{"pickup": {"id": 1, "location": [2.3, 48.8]}}]}`, "shipments[0].delivery: missing"},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "a", "colour": "red"}]}`, "jobs[0].colour: unknown field"},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "b"}]}`, `jobs[0].location: unknown location "b"`},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "a", "pickup": {"tonnes": 1}}]}`, `jobs[0].pickup.tonnes: no vehicle has a capacity in "tonnes"`},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "a", "time_windows": [["12:00", "09:00"]]}]}`, "jobs[0].time_windows[0]: start after end"},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "a", "time_windows": [["9h", "10:00"]]}]}`, `jobs[0].time_windows[0][0]: "9h" is not a time`},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "a", "service": "5 minutes"}]}`, `jobs[0].service: "5 minutes" is not a duration`},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "a", "penalty": 0}]}`, "jobs[0].penalty: want a positive cost"},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "a"}], "colour": 1}`, "colour: unknown field"},
		{"json", `{` + nloc + `, "vehicles": [{"id": "t", "start": null, "end": null}], "jobs": [{"id": "a", "location": "a"}]}`, "vehicles[0]: neither start nor end"},
		{"json", `{` + nloc + `, "vehicles": [{"id": "t", "costs": {"per_km": -1}}], "jobs": [{"id": "a", "location": "a"}]}`, "vehicles[0].costs.per_km: want a cost in [0, 1e+07]"},
		{"json", `{"locations": [{"name": "yard"}], "vehicles": [{"id": "t", "start": "yard"}], "jobs": [{"id": "a", "location": "yard"}]}`, "locations[0]: no lon/lat, and no matrix is given"},
		{"json", `{"locations": [{"name": "yard"}, {"name": "yard"}]}`, `locations[1].name: location "yard" named twice`},
		{"json", `{"locations": [{"name": "yard"}, {"name": "a"}], "matrix": {"durations": [[0, 1], [1, 0, 3]]}, "depot": "yard", "vehicles": [{"id": "t"}], "jobs": [{"id": "a", "location": "a"}]}`, "matrix.durations[1]: has 3 entries, want 2"},
		{"json", `{` + nloc + `, ` + nveh + `, "jobs": [{"id": "a", "location": "a"}, {"id": "a", "location": "a"}]}`, `jobs[1].id: job id "a" repeats jobs[0].id`},
		{"json", `{` + nloc + `, ` + nveh + `, "shipments": [{"id": "s", "pickup": {"location": "a"}, "delivery": {"location": "yard", "time": 1}}]}`, "shipments[0].delivery.time: unknown field"},
		{"json", `{` + nloc + `, ` + nveh + `, "shipments": [{"id": "s", "pickup": {"location": "a"}, "delivery": {"location": "yard"}, "amount": {"kg": 5}, "return": {"tonnes": 1}}]}`, `shipments[0].return.tonnes: no vehicle has a capacity in "tonnes"`},
		{"json", `{` + nloc + `, ` + nveh + `, "shipments": [{"id": "s", "pickup": {"location": "a"}, "delivery": {"location": "yard"}, "return": {"kg": -1}}]}`, "shipments[0].return.kg"},
	} {
		read := ReadVROOM
		if tc.format == "json" {
			read = ReadJSON
		}
		_, _, err := read(strings.NewReader(tc.in))
		if err == nil {
			t.Errorf("%s %s: no error, want %q", tc.format, tc.in, tc.want)
			continue
		}
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s %s: got %T %v, want an *InputError", tc.format, tc.in, err, err)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s:\ngot  %v\nwant %q", tc.format, tc.in, err, tc.want)
		}
	}
}

// TestEngineErrorsMapped checks that the engine's validation errors name
// the input's fields.
func TestEngineErrorsMapped(t *testing.T) {
	skills := make([]string, 65)
	for k := range skills {
		skills[k] = fmt.Sprint(k)
	}
	for _, tc := range []struct{ in, want string }{
		// More distinct skills than the engine's 64.
		{`{"vehicles": [{"id": 1, "start_index": 0}], "jobs": [{"id": 1, "location_index": 1, "skills": [` + strings.Join(skills, ",") + `]}],
		  "matrix": [[0, 1], [1, 0]]}`, "jobs[0].skills: "},
	} {
		_, _, err := ReadVROOM(strings.NewReader(tc.in))
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an *InputError naming %q", err, tc.want)
		}
		var re *route.InputError
		if !errors.As(err, &re) {
			t.Errorf("got %v, want it to wrap the engine's *route.InputError", err)
		}
	}
}

func TestMapError(t *testing.T) {
	m := &Meta{Format: FormatVROOM, MatrixGiven: true}
	for _, tc := range []struct{ engine, want string }{
		{"clients[3].demand[0]", "jobs[3].pickup[0]"},
		{"clients[2].location", "jobs[2].location_index"},
		{"vehicles[1].shift", "vehicles[1].time_window"},
		{"vehicles[0].breaks[2].duration", "vehicles[0].breaks[2].service"},
		{"vehicles[0].time_cost", "vehicles[0].costs.per_hour"},
		{"shipments[0].pickup.time_windows[1]", "shipments[0].pickup.time_windows[1]"},
	} {
		err := m.MapError(&route.InputError{Field: tc.engine, Msg: "bad"})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != tc.want {
			t.Errorf("%s: got %v, want field %s", tc.engine, err, tc.want)
		}
	}
	native := &Meta{Format: FormatJSON}
	if err := native.MapError(&route.InputError{Field: "vehicles[1].shift", Msg: "bad"}); !strings.Contains(err.Error(), "vehicles[1].shift: bad") {
		t.Errorf("got %v", err)
	}
	wrapped := fmt.Errorf("%w: clients[4].demand[0] = 9 exceeds every vehicle's capacity", route.ErrInfeasible)
	err := native.MapError(wrapped)
	if !errors.Is(err, route.ErrInfeasible) || !strings.Contains(err.Error(), "jobs[4].pickup[0] = 9") {
		t.Errorf("got %v, want jobs[4].pickup[0] and ErrInfeasible wrapped", err)
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{string(readFile(t, "testdata/vroom_basic.json")), FormatVROOM},
		{string(readFile(t, "testdata/vroom_matrix.json")), FormatVROOM},
		{string(readFile(t, "testdata/vroom_shipments.json")), FormatVROOM},
		{string(readFile(t, "example.json")), FormatJSON},
		{`{"vehicles": [{"id": "t", "capacity": {"kg": 1}}]}`, ""},
		{`not json`, ""},
	} {
		if got := Sniff([]byte(tc.in)); got != tc.want {
			t.Errorf("Sniff(%.40q…) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClock(t *testing.T) {
	for _, tc := range []struct {
		s  string
		t  int64
		ok bool
	}{{"09:00", 9 * 3600, true}, {"9:05", 9*3600 + 300, true}, {"25:30:15", 25*3600 + 1815, true},
		{"09:60", 0, false}, {"09", 0, false}, {"09:0", 0, false}, {"-1:00", 0, false}, {"a:00", 0, false}} {
		got, ok := parseClock(tc.s)
		if ok != tc.ok || (ok && got != tc.t) {
			t.Errorf("parseClock(%q) = %d, %v; want %d, %v", tc.s, got, ok, tc.t, tc.ok)
		}
	}
	if got := clock(9*3600 + 1815); got != "09:30:15" {
		t.Errorf("clock = %q", got)
	}
	if got := clock(13 * 3600); got != "13:00" {
		t.Errorf("clock = %q", got)
	}
}
