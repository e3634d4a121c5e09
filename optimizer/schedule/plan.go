package schedule

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/huishou/huishou/geo"
	"github.com/paulmach/orb"
)

// Stop is one visit on a route.
type Stop struct {
	Booking   int     // index into Day.Bookings
	Arrival   int     // seconds after midnight
	Start     int     // service start (after waiting for the window)
	Departure int     // seconds after midnight
	LoadKg    float64 // on board after the stop
	LoadL     float64
	LegKm     float64 // from the previous stop (or depot)
	Late      bool    // service starts after the booked window
}

// Route is one vehicle's day.
type Route struct {
	Vehicle    int // index into Day.Fleet
	Stops      []Stop
	DistanceKm float64 // depot to depot
	Start, End int     // leaves and returns to the depot, seconds after midnight
	Cost       float64 // fixed + per km
}

// Unassigned is a booking left out of the day, with the reason.
type Unassigned struct {
	Booking int
	Reason  string
}

// Plan is a depot-day's routes.
type Plan struct {
	Routes     []Route
	Unassigned []Unassigned
	DistanceKm float64
	Cost       float64
	Method     string
}

// Options control PlanDay. The zero value works.
type Options struct {
	// Seed seeds the routing engine. Default 0.
	Seed uint64
	// Iterations bounds the routing engine's iterations (ruin and
	// recreate); 0 means 20000. Runs bounded by iterations are
	// reproducible.
	Iterations int
	// TimeLimit bounds the routing engine's time; 0 means 10 s.
	TimeLimit time.Duration
	// NearestNeighbour skips the routing engine (for comparison).
	NearestNeighbour bool
}

// PlanDay routes one day of bookings with the given fleet.
//
// The routing engine (optimizer/route) makes the routes: every truck with
// its depot, shift, weight and volume capacity, crew (bookings with a
// refrigerator or another two-person item need a crew of two) and costs;
// every booking with its window and service time (StopMin plus the items'
// handling). Stops come timed (arrival, wait for the window, service,
// departure) and loaded. Bookings no truck can serve, or that do not fit,
// come back unassigned with the reason. Options.NearestNeighbour plans by
// nearest neighbour instead, for comparison.
func PlanDay(ctx context.Context, d *Day, opt Options) (*Plan, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	m, depotOf, err := matrix(ctx, d)
	if err != nil {
		return nil, err
	}
	reason := make([]string, len(d.Bookings))
	var eligible []int
	for b := range d.Bookings {
		reason[b] = unfit(d, b)
		if reason[b] == "" {
			eligible = append(eligible, b)
		}
	}
	if opt.NearestNeighbour {
		return nearest(ctx, d, m, depotOf, reason)
	}
	p, done, why, err := enginePlan(ctx, d, m, depotOf, eligible, opt)
	if err != nil {
		return nil, err
	}
	for b, r := range why {
		if r != "" {
			reason[b] = r
		}
	}
	return p.finish(d, done, reason), nil
}

// nearest routes the day by nearest neighbour: each truck in turn takes the
// nearest booking that fits its capacity, crew and shift.
func nearest(ctx context.Context, d *Day, m *geo.Matrix, depotOf []int, reason []string) (*Plan, error) {
	loc := func(b int) int { return m.N - len(d.Bookings) + b }
	p := &Plan{Method: "nearest neighbour"}
	done := make([]bool, len(d.Bookings))
	for vi := range d.Fleet {
		v := d.Fleet[vi]
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var seq []int
		at, t := depotOf[vi], v.ShiftStart
		kg, l := 0.0, 0.0
		for {
			best, bestT := -1, math.Inf(1)
			for b := range d.Bookings {
				if done[b] || reason[b] != "" || !canServe(v, &d.Bookings[b]) {
					continue
				}
				bk, bl, _ := d.Bookings[b].Load()
				if kg+bk > v.CapacityKg || l+bl > v.CapacityL {
					continue
				}
				arr := t + int(m.Duration(at, loc(b)))
				start := max(arr, d.Bookings[b].Window[0])
				end := start + serviceSec(d, b) + int(m.Duration(loc(b), depotOf[vi]))
				if end > v.ShiftEnd {
					continue
				}
				if c := m.Duration(at, loc(b)); c < bestT {
					best, bestT = b, c
				}
			}
			if best < 0 {
				break
			}
			bk, bl, _ := d.Bookings[best].Load()
			kg, l = kg+bk, l+bl
			arr := t + int(m.Duration(at, loc(best)))
			t = max(arr, d.Bookings[best].Window[0]) + serviceSec(d, best)
			at = loc(best)
			done[best] = true
			seq = append(seq, best)
		}
		if len(seq) > 0 {
			p.Routes = append(p.Routes, timeRoute(d, m, depotOf, vi, seq, loc))
		}
	}
	return p.finish(d, done, reason), nil
}

// finish lists the unassigned bookings with their reasons and adds up the
// routes.
func (p *Plan) finish(d *Day, done []bool, reason []string) *Plan {
	for b := range d.Bookings {
		if done[b] {
			continue
		}
		r := reason[b]
		if r == "" {
			r = "no vehicle had room or time left in its shift for it"
		}
		p.Unassigned = append(p.Unassigned, Unassigned{Booking: b, Reason: r})
	}
	for _, r := range p.Routes {
		p.DistanceKm += r.DistanceKm
		p.Cost += r.Cost
	}
	return p
}

// matrix builds the road-estimate matrix over the depots (first) and the
// bookings, and returns each vehicle's depot location.
func matrix(ctx context.Context, d *Day) (*geo.Matrix, []int, error) {
	var pts []orb.Point
	var areas []geo.Area
	var areaOf []int
	areaIdx := map[geo.Area]int{}
	add := func(p orb.Point, a geo.Area) int {
		k, ok := areaIdx[a]
		if !ok {
			k = len(areas)
			areaIdx[a] = k
			areas = append(areas, a)
		}
		pts = append(pts, p)
		areaOf = append(areaOf, k)
		return len(pts) - 1
	}
	depotOf := make([]int, len(d.Fleet))
	seen := map[orb.Point]int{}
	for i, v := range d.Fleet {
		if k, ok := seen[v.Depot]; ok {
			depotOf[i] = k
			continue
		}
		depotOf[i] = add(v.Depot, v.DepotArea)
		seen[v.Depot] = depotOf[i]
	}
	for _, b := range d.Bookings {
		add(b.Point, b.Area)
	}
	m, err := geo.Estimate(ctx, pts, geo.EstimateOptions{Areas: areas, AreaOf: areaOf})
	if err != nil {
		return nil, nil, fmt.Errorf("schedule: %w", err)
	}
	return m, depotOf, nil
}

// unfit explains why no vehicle of the fleet can ever serve booking b, or
// returns "".
func unfit(d *Day, b int) string {
	bk := &d.Bookings[b]
	kg, l, _ := bk.Load()
	maxKg, maxL, crew := 0.0, 0.0, 0
	for _, v := range d.Fleet {
		maxKg, maxL, crew = math.Max(maxKg, v.CapacityKg), math.Max(maxL, v.CapacityL), max(crew, v.Crew)
	}
	switch {
	case kg > maxKg:
		return fmt.Sprintf("pickup of %.0f kg exceeds every vehicle's %.0f kg", kg, maxKg)
	case l > maxL:
		return fmt.Sprintf("pickup of %.0f litres exceeds every vehicle's %.0f litres", l, maxL)
	case needsTwo(bk) && crew < 2:
		return "needs a two-person crew; no vehicle has one"
	}
	return ""
}

func needsTwo(b *Booking) bool {
	for _, it := range b.Items {
		if it.TwoPerson {
			return true
		}
	}
	return false
}

func canServe(v Vehicle, b *Booking) bool { return !needsTwo(b) || v.Crew >= 2 }

func serviceSec(d *Day, b int) int {
	s := d.StopMin
	for _, it := range d.Bookings[b].Items {
		s += it.ServiceMin * float64(it.Count)
	}
	return int(math.Round(s * 60))
}

// timeRoute simulates vehicle vi driving seq: arrival, waiting for the
// window, service, loads, distance and cost.
func timeRoute(d *Day, m *geo.Matrix, depotOf []int, vi int, seq []int, loc func(int) int) Route {
	v := d.Fleet[vi]
	r := Route{Vehicle: vi, Start: v.ShiftStart}
	at, t := depotOf[vi], v.ShiftStart
	kg, l := 0.0, 0.0
	for _, b := range seq {
		bk := &d.Bookings[b]
		leg := m.Distance(at, loc(b)) / 1000
		arr := t + int(m.Duration(at, loc(b)))
		start := max(arr, bk.Window[0])
		dep := start + serviceSec(d, b)
		wk, wl, _ := bk.Load()
		kg, l = kg+wk, l+wl
		late := bk.Window[1] > 0 && start > bk.Window[1]
		r.Stops = append(r.Stops, Stop{Booking: b, Arrival: arr, Start: start, Departure: dep, LoadKg: kg, LoadL: l, LegKm: leg, Late: late})
		r.DistanceKm += leg
		at, t = loc(b), dep
	}
	r.DistanceKm += m.Distance(at, depotOf[vi]) / 1000
	r.End = t + int(m.Duration(at, depotOf[vi]))
	r.Cost = v.FixedCost + v.CostPerKm*r.DistanceKm
	return r
}
