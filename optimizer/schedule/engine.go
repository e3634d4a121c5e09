package schedule

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
)

// workShare is the share of a shift that the routing engine may fill with
// service time (the rest is left for driving). The CVRP core has no
// shift limits yet, so service time is a third capacity dimension; routes
// are then timed exactly and trimmed to the shift.
const workShare = 0.6

// engineRoutes solves the day with the routing engine when the fleet is
// homogeneous (one depot, one capacity, one crew size): capacity in kg,
// litres and service seconds. It returns the booking sequence of each
// route, or ok = false when the engine does not apply (the caller falls back
// to nearest neighbour).
func engineRoutes(ctx context.Context, d *Day, m *geo.Matrix, depotOf []int, eligible []int, opt Options) (seqs [][]int, ok bool, err error) {
	v0 := d.Fleet[0]
	for i, v := range d.Fleet {
		if depotOf[i] != depotOf[0] || v.CapacityKg != v0.CapacityKg || v.CapacityL != v0.CapacityL ||
			v.Crew != v0.Crew || v.ShiftStart != v0.ShiftStart || v.ShiftEnd != v0.ShiftEnd || v.CostPerKm != v0.CostPerKm {
			return nil, false, nil
		}
	}
	if len(eligible) == 0 {
		return nil, true, nil
	}
	loc := func(b int) int { return m.N - len(d.Bookings) + b }
	p := &route.Problem{Matrix: m, CostScale: 1, Depots: []int{depotOf[0]}}
	for _, b := range eligible {
		kg, l, _ := d.Bookings[b].Load()
		p.Clients = append(p.Clients, route.Client{Location: loc(b),
			Demand: []int64{int64(math.Ceil(kg)), int64(math.Ceil(l)), int64(serviceSec(d, b))}})
	}
	fixed := int64(0)
	if v0.CostPerKm > 0 {
		fixed = int64(v0.FixedCost / v0.CostPerKm * 1000) // yuan → metres at the per-km rate
	}
	p.Vehicles = []route.Vehicle{{
		Capacity:  []int64{int64(v0.CapacityKg), int64(v0.CapacityL), int64(workShare * float64(v0.ShiftEnd-v0.ShiftStart))},
		FixedCost: fixed,
		Count:     len(d.Fleet),
	}}
	ro := route.Options{Seed: opt.Seed, MaxIterations: opt.Iterations, TimeLimit: opt.TimeLimit}
	if ro.MaxIterations == 0 {
		ro.MaxIterations = 1500
	}
	if ro.TimeLimit == 0 {
		ro.TimeLimit = 10 * time.Second
	}
	sol, err := route.Solve(ctx, p, ro)
	if errors.Is(err, route.ErrInfeasible) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !sol.Feasible {
		return nil, false, nil
	}
	for _, r := range sol.Routes {
		seq := make([]int, len(r.Clients))
		for k, c := range r.Clients {
			seq[k] = eligible[c]
		}
		seqs = append(seqs, seq)
	}
	return seqs, true, nil
}
