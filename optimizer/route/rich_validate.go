package route

import (
	"fmt"
	"math"
)

// Rich reports whether p needs the rich engine: anything beyond one depot,
// one vehicle type with capacity, fixed cost and count, and clients with
// pickups only.
func (p *Problem) Rich() bool {
	if len(p.Depots) > 1 || len(p.Shipments) > 0 || len(p.Vehicles) > 1 || p.VehiclesFirst {
		return true
	}
	for _, v := range p.Vehicles {
		if v.StartDepot != 0 || v.EndDepot != 0 || len(v.Skills) > 0 || v.Shift != (TimeWindow{}) ||
			len(v.Breaks) > 0 || v.MaxTravelTime != 0 || v.MaxDuration != 0 || v.MaxDistance != 0 ||
			v.MaxStops != 0 || v.DistanceCost != 0 || v.TimeCost != 0 {
			return true
		}
	}
	dep := p.depot()
	for _, c := range p.Clients {
		if len(c.Delivery) > 0 || c.Setup != 0 || len(c.TimeWindows) > 0 || len(c.Skills) > 0 ||
			c.Priority != 0 || c.Penalty != 0 || c.Prefer != nil || c.Location == dep {
			return true
		}
	}
	return false
}

// maxSkills bounds the distinct skill values of a problem (they become bits).
const maxSkills = 64

// maxTime bounds times, durations and amounts so that sums never overflow.
const maxTime = 1 << 40

func (p *Problem) validateRich(n int) error {
	for k, d := range p.Depots {
		if d < 0 || d >= n {
			return &InputError{Field: fmt.Sprintf("depots[%d]", k), Msg: fmt.Sprintf("location %d outside [0, %d)", d, n)}
		}
	}
	nDep := max(len(p.Depots), 1)
	if len(p.Depots) == 0 && n == 0 {
		return &InputError{Field: "depots", Msg: "no locations"}
	}
	if len(p.Clients)+len(p.Shipments) == 0 {
		return &InputError{Field: "clients", Msg: "no clients and no shipments"}
	}
	D := p.dims()
	skills := map[int]bool{}
	checkSkills := func(field string, sk []int) error {
		for k, s := range sk {
			if s < 0 {
				return &InputError{Field: fmt.Sprintf("%s.skills[%d]", field, k), Msg: fmt.Sprintf("skill %d is negative", s)}
			}
			skills[s] = true
		}
		if len(skills) > maxSkills {
			return &InputError{Field: field + ".skills", Msg: fmt.Sprintf("more than %d distinct skills in the problem", maxSkills)}
		}
		return nil
	}
	checkAmounts := func(field string, q []int64) error {
		if q != nil && len(q) != D {
			return &InputError{Field: field, Msg: fmt.Sprintf("has %d dimensions, want %d", len(q), D)}
		}
		for d, v := range q {
			if v < 0 || v > maxTime {
				return &InputError{Field: fmt.Sprintf("%s[%d]", field, d), Msg: fmt.Sprintf("%d outside [0, 2^40]", v)}
			}
		}
		return nil
	}
	checkStop := func(field string, loc int, service, setup int64, tws []TimeWindow) error {
		if loc < 0 || loc >= n {
			return &InputError{Field: field + ".location", Msg: fmt.Sprintf("location %d outside [0, %d)", loc, n)}
		}
		if service < 0 || service > maxTime {
			return &InputError{Field: field + ".service", Msg: fmt.Sprintf("%d outside [0, 2^40]", service)}
		}
		if setup < 0 || setup > maxTime {
			return &InputError{Field: field + ".setup", Msg: fmt.Sprintf("%d outside [0, 2^40]", setup)}
		}
		return checkWindows(field+".time_windows", tws)
	}
	nTypes := max(len(p.Vehicles), 1)
	checkPrefer := func(field string, pr *Prefer) error {
		switch {
		case pr == nil:
			return nil
		case pr.Vehicle < 0 || pr.Vehicle >= nTypes:
			return &InputError{Field: field + ".prefer.vehicle", Msg: fmt.Sprintf("vehicle type %d outside [0, %d)", pr.Vehicle, nTypes)}
		case pr.Cost < 0 || pr.Cost > maxTime:
			return &InputError{Field: field + ".prefer.cost", Msg: fmt.Sprintf("%d outside [0, 2^40]", pr.Cost)}
		}
		return nil
	}
	checkJob := func(field string, prio int, pen int64) error {
		if prio < 0 || prio > 100 {
			return &InputError{Field: field + ".priority", Msg: fmt.Sprintf("%d outside [0, 100]", prio)}
		}
		if pen < 0 || pen > maxTime {
			return &InputError{Field: field + ".penalty", Msg: fmt.Sprintf("%d outside [0, 2^40]", pen)}
		}
		return nil
	}
	for i, c := range p.Clients {
		f := fmt.Sprintf("clients[%d]", i)
		if err := checkStop(f, c.Location, c.Service, c.Setup, c.TimeWindows); err != nil {
			return err
		}
		if err := checkAmounts(f+".demand", c.Demand); err != nil {
			return err
		}
		if err := checkAmounts(f+".delivery", c.Delivery); err != nil {
			return err
		}
		if err := checkSkills(f, c.Skills); err != nil {
			return err
		}
		if err := checkJob(f, c.Priority, c.Penalty); err != nil {
			return err
		}
		if err := checkPrefer(f, c.Prefer); err != nil {
			return err
		}
	}
	for i, s := range p.Shipments {
		f := fmt.Sprintf("shipments[%d]", i)
		if err := checkStop(f+".pickup", s.Pickup.Location, s.Pickup.Service, s.Pickup.Setup, s.Pickup.TimeWindows); err != nil {
			return err
		}
		if err := checkStop(f+".delivery", s.Delivery.Location, s.Delivery.Service, s.Delivery.Setup, s.Delivery.TimeWindows); err != nil {
			return err
		}
		if err := checkAmounts(f+".amount", s.Amount); err != nil {
			return err
		}
		if err := checkAmounts(f+".return", s.Return); err != nil {
			return err
		}
		if err := checkSkills(f, s.Skills); err != nil {
			return err
		}
		if err := checkJob(f, s.Priority, s.Penalty); err != nil {
			return err
		}
		if err := checkPrefer(f, s.Prefer); err != nil {
			return err
		}
	}
	for i, v := range p.Vehicles {
		f := fmt.Sprintf("vehicles[%d]", i)
		if len(v.Capacity) != D {
			return &InputError{Field: f + ".capacity", Msg: fmt.Sprintf("has %d dimensions, want %d", len(v.Capacity), D)}
		}
		for d, q := range v.Capacity {
			if q < 0 {
				return &InputError{Field: fmt.Sprintf("%s.capacity[%d]", f, d), Msg: "negative"}
			}
		}
		if v.FixedCost < 0 || v.FixedCost > maxTime {
			return &InputError{Field: f + ".fixed_cost", Msg: "outside [0, 2^40]"}
		}
		if v.Count < 0 {
			return &InputError{Field: f + ".count", Msg: "negative"}
		}
		if v.StartDepot != NoDepot && (v.StartDepot < 0 || v.StartDepot >= nDep) {
			return &InputError{Field: f + ".start_depot", Msg: fmt.Sprintf("%d is not a depot index in [0, %d) nor NoDepot", v.StartDepot, nDep)}
		}
		if v.EndDepot != NoDepot && (v.EndDepot < 0 || v.EndDepot >= nDep) {
			return &InputError{Field: f + ".end_depot", Msg: fmt.Sprintf("%d is not a depot index in [0, %d) nor NoDepot", v.EndDepot, nDep)}
		}
		if err := checkSkills(f, v.Skills); err != nil {
			return err
		}
		if v.Shift.Start < 0 || v.Shift.End < v.Shift.Start || v.Shift.End > maxTime {
			return &InputError{Field: f + ".shift", Msg: fmt.Sprintf("[%d, %d] is not a window within [0, 2^40]", v.Shift.Start, v.Shift.End)}
		}
		for b, br := range v.Breaks {
			bf := fmt.Sprintf("%s.breaks[%d]", f, b)
			if br.Duration < 0 || br.Duration > maxTime {
				return &InputError{Field: bf + ".duration", Msg: fmt.Sprintf("%d outside [0, 2^40]", br.Duration)}
			}
			if err := checkWindows(bf+".time_windows", br.TimeWindows); err != nil {
				return err
			}
		}
		for _, lim := range []struct {
			name string
			v    int64
		}{{"max_travel_time", v.MaxTravelTime}, {"max_duration", v.MaxDuration}, {"max_distance", v.MaxDistance}, {"max_stops", int64(v.MaxStops)}} {
			if lim.v < 0 {
				return &InputError{Field: f + "." + lim.name, Msg: "negative"}
			}
		}
		for _, c := range []struct {
			name string
			v    float64
		}{{"distance_cost", v.DistanceCost}, {"time_cost", v.TimeCost}} {
			if c.v < 0 || math.IsNaN(c.v) || math.IsInf(c.v, 0) || c.v > 1e6 {
				return &InputError{Field: f + "." + c.name, Msg: "must be a finite number in [0, 1e6]"}
			}
		}
	}
	return nil
}

// checkWindows checks that time windows are within [0, 2^40], each with
// Start ≤ End, sorted and disjoint.
func checkWindows(field string, tws []TimeWindow) error {
	for k, tw := range tws {
		f := fmt.Sprintf("%s[%d]", field, k)
		if tw.Start < 0 || tw.End > maxTime {
			return &InputError{Field: f, Msg: fmt.Sprintf("[%d, %d] outside [0, 2^40]", tw.Start, tw.End)}
		}
		if tw.Start > tw.End {
			return &InputError{Field: f, Msg: fmt.Sprintf("start %d after end %d", tw.Start, tw.End)}
		}
		if k > 0 && tw.Start <= tws[k-1].End {
			return &InputError{Field: f, Msg: fmt.Sprintf("overlaps or precedes time_windows[%d]; windows must be sorted and disjoint", k-1)}
		}
	}
	return nil
}
