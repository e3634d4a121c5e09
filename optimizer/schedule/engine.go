package schedule

import (
	"context"
	"math"
	"time"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
)

// skillTwoPerson is the one skill of a day plan: a crew of two or more.
const skillTwoPerson = 0

// fen per yuan: route costs are integers in fen.
const fen = 100

// enginePlan solves the day with the routing engine: every truck its own
// vehicle (depot, shift, weight and volume capacity, crew as the
// two-person skill, fixed and per-km cost), every eligible booking a job
// with its window, service time and crew need. It returns the routes timed
// by the engine and the bookings it leaves out with its reasons.
func enginePlan(ctx context.Context, d *Day, m *geo.Matrix, depotOf []int, eligible []int, opt Options) (*Plan, []bool, []string, error) {
	p := &Plan{Method: "routing engine"}
	done := make([]bool, len(d.Bookings))
	reason := make([]string, len(d.Bookings))
	if len(eligible) == 0 {
		return p, done, reason, nil
	}
	loc := func(b int) int { return m.N - len(d.Bookings) + b }
	depots := []int{}
	depIdx := map[int]int{}
	for _, l := range depotOf {
		if _, ok := depIdx[l]; !ok {
			depIdx[l] = len(depots)
			depots = append(depots, l)
		}
	}
	rp := &route.Problem{Matrix: m, CostScale: 1, TimeScale: 1, Depots: depots,
		SkillNames: []string{skillTwoPerson: "two_person (a crew of two)"}, DimNames: []string{"kg", "litres"},
		FormatTime: func(t int64) string { return Clock(int(t)) }}
	for _, b := range eligible {
		bk := &d.Bookings[b]
		kg, l, _ := bk.Load()
		c := route.Client{Location: loc(b), Demand: []int64{int64(math.Ceil(kg)), int64(math.Ceil(l))},
			Service: int64(serviceSec(d, b))}
		if bk.Window != [2]int{} {
			c.TimeWindows = []route.TimeWindow{{Start: int64(bk.Window[0]), End: int64(bk.Window[1])}}
		}
		if needsTwo(bk) {
			c.Skills = []int{skillTwoPerson}
		}
		rp.Clients = append(rp.Clients, c)
	}
	for i, v := range d.Fleet {
		rv := route.Vehicle{Capacity: []int64{int64(v.CapacityKg), int64(v.CapacityL)}, Count: 1,
			StartDepot: depIdx[depotOf[i]], EndDepot: depIdx[depotOf[i]],
			Shift:     route.TimeWindow{Start: int64(v.ShiftStart), End: int64(v.ShiftEnd)},
			FixedCost: int64(math.Round(v.FixedCost * fen)), DistanceCost: v.CostPerKm * fen / 1000}
		if rv.DistanceCost == 0 {
			rv.DistanceCost = 1e-9 // distance still breaks ties between equal-cost plans
		}
		if v.Crew >= 2 {
			rv.Skills = []int{skillTwoPerson}
		}
		rp.Vehicles = append(rp.Vehicles, rv)
	}
	ro := route.Options{Seed: opt.Seed, MaxIterations: opt.Iterations, TimeLimit: opt.TimeLimit}
	if ro.MaxIterations == 0 {
		ro.MaxIterations = 20000
	}
	if ro.TimeLimit == 0 {
		ro.TimeLimit = 10 * time.Second
	}
	sol, err := route.Solve(ctx, rp, ro)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, r := range sol.Routes {
		v := d.Fleet[r.Vehicle]
		out := Route{Vehicle: r.Vehicle, Start: int(r.Start), End: int(r.End), DistanceKm: float64(r.Distance) / 1000}
		kg, l := 0.0, 0.0
		prev := depotOf[r.Vehicle]
		for _, st := range r.Steps {
			if st.Kind != route.StepClient {
				continue
			}
			b := eligible[st.Index]
			bk, bl, _ := d.Bookings[b].Load()
			kg, l = kg+bk, l+bl
			start := int(st.Arrival + st.Wait)
			out.Stops = append(out.Stops, Stop{Booking: b, Arrival: int(st.Arrival), Start: start,
				Departure: start + int(st.Setup+st.Service), LoadKg: kg, LoadL: l,
				LegKm: m.Distance(prev, loc(b)) / 1000})
			prev = loc(b)
			done[b] = true
		}
		out.Cost = v.FixedCost + v.CostPerKm*out.DistanceKm
		p.Routes = append(p.Routes, out)
	}
	for _, u := range sol.Unassigned {
		reason[eligible[u.Index]] = u.Reason
	}
	return p, done, reason, nil
}
