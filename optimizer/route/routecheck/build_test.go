package routecheck

import (
	"github.com/huishou/huishou/optimizer/route"
)

// This file builds recorded solutions for the tests: a route from a
// sequence of steps, with every time, load and distance filled in as the
// engine would (earliest service start in each step's windows), and a
// solution that lists every job it does not serve as unassigned. The
// exact figures are checked by hand in TestCheckFeasible's first case.

// at is a step of a route to build: a kind and an index.
type at struct {
	kind  route.StepKind
	index int
}

func cl(i int) at  { return at{route.StepClient, i} }
func pu(i int) at  { return at{route.StepPickup, i} }
func de(i int) at  { return at{route.StepDelivery, i} }
func brk(i int) at { return at{route.StepBreak, i} }

// build returns the route of vehicle type v leaving at time start and
// visiting seq. The indices in seq must be valid.
func build(p *route.Problem, v int, start int64, seq ...at) route.Route {
	var veh route.Vehicle
	if len(p.Vehicles) > 0 {
		veh = p.Vehicles[v]
	}
	depot := func(d int) int {
		if d == route.NoDepot {
			return -1
		}
		if len(p.Depots) == 0 {
			return 0
		}
		return p.Depots[d]
	}
	type spec struct {
		loc            int
		setup, service int64
		tws            []route.TimeWindow
		dload          []int64 // load change
		sign           int64
	}
	specOf := func(a at) spec {
		switch a.kind {
		case route.StepClient:
			c := p.Clients[a.index]
			return spec{c.Location, c.Setup, c.Service, c.TimeWindows, nil, 0}
		case route.StepPickup:
			s := p.Shipments[a.index]
			return spec{s.Pickup.Location, s.Pickup.Setup, s.Pickup.Service, s.Pickup.TimeWindows, s.Amount, 1}
		case route.StepDelivery:
			s := p.Shipments[a.index]
			return spec{s.Delivery.Location, s.Delivery.Setup, s.Delivery.Service, s.Delivery.TimeWindows, s.Amount, -1}
		default:
			b := veh.Breaks[a.index]
			return spec{-1, 0, b.Duration, b.TimeWindows, nil, 0}
		}
	}
	dims := len(veh.Capacity)
	for _, c := range p.Clients {
		dims = max(dims, len(c.Demand), len(c.Delivery))
	}
	for _, s := range p.Shipments {
		dims = max(dims, len(s.Amount), len(s.Return))
	}
	load := make([]int64, dims)
	loc := depot(veh.StartDepot)
	for _, a := range seq {
		if a.kind == route.StepClient {
			for d, q := range p.Clients[a.index].Delivery {
				load[d] += q
			}
		}
		if loc < 0 && a.kind != route.StepBreak {
			loc = specOf(a).loc
		}
	}
	r := route.Route{Vehicle: v, Start: start}
	r.Steps = append(r.Steps, route.Step{Kind: route.StepStart, Index: -1, Location: loc, Arrival: start, Load: append([]int64(nil), load...)})
	t, dist := start, int64(0)
	for _, a := range seq {
		s := specOf(a)
		st := route.Step{Kind: a.kind, Index: a.index, Location: s.loc, Service: s.service}
		if s.loc >= 0 {
			if loc >= 0 {
				t += p.Travel(loc, s.loc)
				dist += p.Arc(loc, s.loc)
				r.TravelTime += p.Travel(loc, s.loc)
			}
			if loc != s.loc {
				st.Setup = s.setup
			}
			loc = s.loc
		}
		st.Arrival = t
		if len(s.tws) > 0 {
			for _, w := range s.tws {
				if t <= w.End {
					st.Wait = max(0, w.Start-t)
					break
				}
			}
		}
		if a.kind == route.StepClient {
			r.Clients = append(r.Clients, a.index)
			c := p.Clients[a.index]
			for d, q := range c.Delivery {
				load[d] -= q
			}
			for d, q := range c.Demand {
				load[d] += q
			}
		}
		for d, q := range s.dload {
			load[d] += s.sign * q
		}
		if a.kind == route.StepDelivery {
			for d, q := range p.Shipments[a.index].Return {
				load[d] += q
			}
		}
		st.Distance = dist
		st.Load = append([]int64(nil), load...)
		t += st.Wait + st.Setup + st.Service
		r.WaitTime += st.Wait
		r.Service += st.Setup + st.Service
		r.Steps = append(r.Steps, st)
	}
	end := depot(veh.EndDepot)
	if end >= 0 && loc >= 0 {
		t += p.Travel(loc, end)
		dist += p.Arc(loc, end)
		r.TravelTime += p.Travel(loc, end)
	}
	r.Steps = append(r.Steps, route.Step{Kind: route.StepEnd, Index: -1, Location: end, Arrival: t, Distance: dist, Load: append([]int64(nil), load...)})
	r.End, r.Duration, r.Distance = t, t-start, dist
	r.Cost = p.RouteCost(v, dist, r.TravelTime)
	return r
}

// solution returns the solution made of routes, listing every job they do
// not serve as unassigned, with its totals.
func solution(p *route.Problem, routes ...route.Route) *route.Solution {
	s := &route.Solution{Routes: routes}
	client := make([]bool, len(p.Clients))
	ship := make([]bool, len(p.Shipments))
	for _, r := range routes {
		s.Cost += r.Cost
		s.Distance += r.Distance
		s.Duration += r.Duration
		for _, st := range r.Steps {
			switch st.Kind {
			case route.StepClient:
				client[st.Index] = true
			case route.StepPickup, route.StepDelivery:
				ship[st.Index] = true
			}
		}
	}
	for i, ok := range client {
		if !ok {
			s.Unassigned = append(s.Unassigned, route.Unassigned{Kind: route.JobClient, Index: i, Reason: "test"})
			s.Cost += p.JobPenalty(route.JobClient, i)
		}
	}
	for i, ok := range ship {
		if !ok {
			s.Unassigned = append(s.Unassigned, route.Unassigned{Kind: route.JobShipment, Index: i, Reason: "test"})
			s.Cost += p.JobPenalty(route.JobShipment, i)
		}
	}
	return s
}
