package schedule

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/huishou/huishou/geo"
	"github.com/paulmach/orb"
)

func testDay(n int, seed uint64) *Day {
	r := rand.New(rand.NewPCG(seed, 2))
	d := &Day{Date: "2025-06-18", StopMin: 5}
	depot := orb.Point{103.9, 30.8}
	for i := 0; i < 3; i++ {
		d.Fleet = append(d.Fleet, Vehicle{ID: fmt.Sprintf("T%d", i+1), Depot: depot, DepotName: "county station", DepotArea: geo.Plain,
			CapacityKg: 800, CapacityL: 6000, ShiftStart: 8 * 3600, ShiftEnd: 18 * 3600, CostPerKm: 2, FixedCost: 300, Crew: 2})
	}
	for i := 0; i < n; i++ {
		b := Booking{ID: fmt.Sprintf("B%03d", i), Point: orb.Point{depot[0] + (r.Float64()-0.5)*0.3, depot[1] + (r.Float64()-0.5)*0.3}, Area: geo.Plain,
			Items: []Item{{Category: "television", Count: 1 + r.IntN(2), WeightKg: 15, VolumeL: 120, ServiceMin: 5}}}
		if i%4 == 0 {
			b.Items = append(b.Items, Item{Category: "refrigerator", Count: 1, WeightKg: 55, VolumeL: 600, TwoPerson: true, ServiceMin: 15})
			b.Window = [2]int{9 * 3600, 12 * 3600}
		}
		d.Bookings = append(d.Bookings, b)
	}
	return d
}

func TestPlanDayFeasible(t *testing.T) {
	d := testDay(30, 1)
	p, err := PlanDay(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, r := range p.Routes {
		v := d.Fleet[r.Vehicle]
		kg, l := 0.0, 0.0
		for _, s := range r.Stops {
			if seen[s.Booking] {
				t.Fatalf("booking %d visited twice", s.Booking)
			}
			seen[s.Booking] = true
			bk, bl, _ := d.Bookings[s.Booking].Load()
			kg, l = kg+bk, l+bl
			if kg > v.CapacityKg || l > v.CapacityL {
				t.Errorf("vehicle %s over capacity: %.0f kg, %.0f L", v.ID, kg, l)
			}
			if s.Start < s.Arrival || s.Departure < s.Start {
				t.Errorf("stop times out of order: %+v", s)
			}
		}
		if r.End > v.ShiftEnd {
			t.Errorf("vehicle %s returns at %s after shift end", v.ID, Clock(r.End))
		}
	}
	for _, u := range p.Unassigned {
		if seen[u.Booking] {
			t.Errorf("booking %d both routed and unassigned", u.Booking)
		}
		seen[u.Booking] = true
		if u.Reason == "" {
			t.Errorf("booking %d unassigned without a reason", u.Booking)
		}
	}
	if len(seen) != len(d.Bookings) {
		t.Errorf("%d of %d bookings accounted for", len(seen), len(d.Bookings))
	}
}

func TestUnassignedReasons(t *testing.T) {
	d := testDay(4, 3)
	d.Bookings[1].Items = []Item{{Category: "freezer", Count: 20, WeightKg: 60, VolumeL: 500}}
	for i := range d.Fleet {
		d.Fleet[i].Crew = 1
	}
	p, err := PlanDay(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, u := range p.Unassigned {
		got[u.Booking] = u.Reason
	}
	if !strings.Contains(got[1], "exceeds every vehicle's 800 kg") {
		t.Errorf("booking 1: reason %q, want capacity", got[1])
	}
	if !strings.Contains(got[0], "two-person") {
		t.Errorf("booking 0: reason %q, want two-person crew", got[0])
	}
}

func TestSheetCSV(t *testing.T) {
	d := testDay(12, 5)
	p, err := PlanDay(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSheetCSV(&buf, d, p, 0); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), len(p.Routes[0].Stops)+3; got != want {
		t.Fatalf("got %d rows, want %d (header, depot, stops, return)", got, want)
	}
	if rows[0][0] != "vehicle" || rows[2][2] != d.Bookings[p.Routes[0].Stops[0].Booking].ID {
		t.Errorf("unexpected sheet start: %v / %v", rows[0], rows[2])
	}
}

func TestValidate(t *testing.T) {
	d := testDay(3, 1)
	d.Bookings[2].Items[0].Count = 0
	_, err := PlanDay(context.Background(), d, Options{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "bookings[2].items[0].count" {
		t.Fatalf("got %v, want an InputError on bookings[2].items[0].count", err)
	}
}

// Without time windows the routing engine's plan should beat nearest
// neighbour.
func TestEngineBeatsNearestNeighbour(t *testing.T) {
	d := testDay(60, 9)
	for i := range d.Bookings {
		d.Bookings[i].Window = [2]int{}
	}
	for i := 0; i < 3; i++ { // room to spare, so the engine's capacities bind loosely
		v := d.Fleet[0]
		v.ID = fmt.Sprintf("X%d", i)
		d.Fleet = append(d.Fleet, v)
	}
	nn, err := PlanDay(context.Background(), d, Options{NearestNeighbour: true})
	if err != nil {
		t.Fatal(err)
	}
	best, err := PlanDay(context.Background(), d, Options{Iterations: 500})
	if err != nil {
		t.Fatal(err)
	}
	if best.Method != "routing engine" {
		t.Fatalf("kept %q (%d unassigned, cost %.0f); nearest neighbour: %d unassigned, cost %.0f",
			best.Method, len(best.Unassigned), best.Cost, len(nn.Unassigned), nn.Cost)
	}
	if len(best.Unassigned) > len(nn.Unassigned) || best.Cost >= nn.Cost {
		t.Errorf("engine plan (%d unassigned, %.0f yuan) not better than nearest neighbour (%d, %.0f)",
			len(best.Unassigned), best.Cost, len(nn.Unassigned), nn.Cost)
	}
	for _, r := range best.Routes {
		if r.End > d.Fleet[r.Vehicle].ShiftEnd {
			t.Errorf("route of %s ends at %s, after the shift", d.Fleet[r.Vehicle].ID, Clock(r.End))
		}
	}
}

// The engine keeps every booked window, puts two-person bookings on trucks
// with a crew of two, and works from two depots with different trucks.
func TestEngineWindowsCrewsDepots(t *testing.T) {
	d := testDay(40, 4)
	d.Fleet[1].Crew = 1
	d.Fleet[2].Depot = orb.Point{104.0, 30.75}
	d.Fleet[2].CapacityKg = 400
	d.Fleet[2].ShiftStart = 10 * 3600
	for i := range d.Bookings {
		if i%5 == 1 {
			d.Bookings[i].Window = [2]int{14 * 3600, 16 * 3600}
		}
	}
	p, err := PlanDay(context.Background(), d, Options{Iterations: 3000, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	served := 0
	for _, r := range p.Routes {
		v := d.Fleet[r.Vehicle]
		if r.Start < v.ShiftStart || r.End > v.ShiftEnd {
			t.Errorf("%s works %s–%s outside its shift", v.ID, Clock(r.Start), Clock(r.End))
		}
		for _, s := range r.Stops {
			served++
			b := &d.Bookings[s.Booking]
			if w := b.Window; w != [2]int{} && (s.Start < w[0] || s.Start > w[1]) {
				t.Errorf("booking %s served at %s, window %s–%s", b.ID, Clock(s.Start), Clock(w[0]), Clock(w[1]))
			}
			if needsTwo(b) && v.Crew < 2 {
				t.Errorf("booking %s needs two people; %s has a crew of %d", b.ID, v.ID, v.Crew)
			}
			if s.Arrival > s.Start || s.Start >= s.Departure {
				t.Errorf("booking %s: times out of order %+v", b.ID, s)
			}
		}
	}
	if served+len(p.Unassigned) != len(d.Bookings) {
		t.Fatalf("%d served + %d unassigned != %d bookings", served, len(p.Unassigned), len(d.Bookings))
	}
	for _, u := range p.Unassigned {
		if u.Reason == "" {
			t.Errorf("booking %d unassigned without a reason", u.Booking)
		}
	}
	if served < len(d.Bookings)*3/4 {
		t.Errorf("only %d of %d bookings served", served, len(d.Bookings))
	}
}
