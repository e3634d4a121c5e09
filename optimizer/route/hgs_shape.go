package route

// hgsShaped reports whether the hybrid genetic search can solve p: a plain
// CVRP, or a plain VRPTW — one depot, one vehicle type starting and ending
// there (count, capacity, fixed cost and a shift as the depot's window), no
// vehicle skills, breaks, limits or time and distance prices; clients with
// pickups, a service time and at most one time window each, none at the
// depot, each servable on its own (alone on a route within its window, the
// shift and the capacity, so that no job has to be left out); no
// shipments; the cost objective (VehiclesFirst false). Anything else runs
// the rich engine. p must be valid.
func (p *Problem) hgsShaped() bool {
	if len(p.Depots) > 1 || len(p.Shipments) > 0 || len(p.Vehicles) > 1 || p.VehiclesFirst {
		return false
	}
	shiftS, shiftE := int64(0), far
	for _, v := range p.Vehicles {
		if v.StartDepot != 0 || v.EndDepot != 0 || len(v.Skills) > 0 || len(v.Breaks) > 0 ||
			v.MaxTravelTime != 0 || v.MaxDuration != 0 || v.MaxDistance != 0 || v.MaxStops != 0 ||
			v.DistanceCost != 0 || v.TimeCost != 0 {
			return false
		}
		if v.Shift != (TimeWindow{}) {
			shiftS, shiftE = v.Shift.Start, v.Shift.End
		}
	}
	dep := p.depot()
	capv := p.capacity()
	total := make([]int64, len(capv))
	for _, c := range p.Clients {
		if len(c.Delivery) > 0 || c.Setup != 0 || len(c.TimeWindows) > 1 || len(c.Skills) > 0 ||
			c.Priority != 0 || c.Penalty != 0 || c.Prefer != nil || c.Location == dep {
			return false
		}
		for d, q := range c.Demand {
			if q > capv[d] {
				return false
			}
			total[d] += q
		}
		e, l := int64(0), far
		if len(c.TimeWindows) == 1 {
			e, l = c.TimeWindows[0].Start, c.TimeWindows[0].End
		}
		// Alone on a route: leave at the shift's start, serve, come back.
		st := max(shiftS+p.Travel(dep, c.Location), e)
		if st > l || st+c.Service+p.Travel(c.Location, dep) > shiftE {
			return false
		}
	}
	if cnt := p.fleetCount(); cnt > 0 {
		for d, t := range total {
			if capv[d] < (1<<62)/int64(cnt) && t > capv[d]*int64(cnt) {
				return false
			}
		}
	}
	return true
}
