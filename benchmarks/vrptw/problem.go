package vrptw

import (
	"math"

	"github.com/huishou/huishou/optimizer/route"
)

// DefaultScale is the factor Instance.Problem multiplies distances and
// times by when ProblemOptions.Scale is 0: three decimals of the sets'
// unrounded Euclidean distances.
const DefaultScale = 1000

// ProblemOptions tune Instance.Problem. The zero value gives the sets'
// conventions at DefaultScale.
type ProblemOptions struct {
	// Scale multiplies distances, travel times, time windows, service times,
	// shifts and duration limits before they become integers. 0 means
	// DefaultScale.
	Scale float64
	// DistanceOnly drops the hierarchical objective of Solomon and Li & Lim
	// (fewest vehicles first, then distance) for distance alone. Cordeau is
	// always distance only.
	DistanceOnly bool
}

func (o ProblemOptions) scale() float64 {
	if o.Scale > 0 {
		return o.Scale
	}
	return DefaultScale
}

// Problem converts in to a route.Problem over a matrix of every node, in
// Nodes order (location i is node i), with integer distances
// Dist = round(d·Scale) and travel times Dur = ceil(d·Scale) of the
// Euclidean distances d. Time windows are scaled inwards (ready rounded up,
// due down), service times up and duration limits down, so that a schedule
// feasible in these integers is feasible in the set's real numbers; with the
// sets' integer data every bound is exact. The scale is recorded in
// Problem.CostScale (which the engine ignores beside Dist): divide the
// solution's Distance by it to get the set's units back, or better, pass
// Routes to Check for the exact distance.
//
// By kind:
//   - KindVRPTW (Solomon): one depot (node 0) and one client per customer in
//     file order (client k is node k+1), with Demand, TimeWindows and
//     Service; one vehicle type of Capacity, Count Vehicles (0: unlimited)
//     and the depot's window as Shift.
//   - KindPDPTW (Li & Lim): one shipment per pickup, in file order of the
//     pickups, from the pickup node to its delivery node with the pickup's
//     demand as Amount (Problem.Shipments[i].Pickup.Location and
//     .Delivery.Location are the two node indices); no clients; vehicles as
//     for Solomon.
//   - KindMDVRP (Cordeau): Depots are the depot nodes; vehicle type k is
//     based at depot k (start and end), with that depot's capacity, Count
//     Vehicles and MaxDuration D_k (travel plus service) when D_k > 0;
//     clients are the customers in file order (client k is node k), with
//     Demand and Service and no time windows.
//
// VehiclesFirst is set for Solomon and Li & Lim unless opt.DistanceOnly.
// Planar coordinates go into Problem.Coords. Problem does not validate: call
// Validate on in or on the result (route.Solve does).
func (in *Instance) Problem(opt ProblemOptions) *route.Problem {
	s := opt.scale()
	n := len(in.Nodes)
	p := &route.Problem{
		N:         n,
		Dist:      make([]int64, n*n),
		Dur:       make([]int64, n*n),
		CostScale: s,
		Coords:    make([][2]float64, n),
	}
	for i := range n {
		p.Coords[i] = [2]float64{in.Nodes[i].X, in.Nodes[i].Y}
		for j := range n {
			d := in.Dist(i, j) * s
			p.Dist[i*n+j] = int64(math.Round(d))
			p.Dur[i*n+j] = ceil(d)
		}
	}
	depot := make([]bool, n)
	for _, d := range in.Depots {
		depot[d] = true
	}

	switch in.Kind {
	case KindMDVRP:
		p.Depots = append([]int(nil), in.Depots...)
		for k, d := range in.Depots {
			v := route.Vehicle{
				Capacity:   []int64{int64(in.DepotCap(k))},
				Count:      in.Vehicles,
				StartDepot: k,
				EndDepot:   k,
				Shift:      in.shift(d, s),
			}
			if lim := in.DepotMaxDuration(k); lim > 0 {
				v.MaxDuration = floor(lim * s)
			}
			p.Vehicles = append(p.Vehicles, v)
		}
		for i := range n {
			if !depot[i] {
				p.Clients = append(p.Clients, in.client(i, s))
			}
		}
	default:
		d := in.Depots[0]
		p.Depots = []int{d}
		p.Vehicles = []route.Vehicle{{
			Capacity: []int64{int64(in.Capacity)},
			Count:    in.Vehicles,
			Shift:    in.shift(d, s),
		}}
		p.VehiclesFirst = !opt.DistanceOnly
		for i := range n {
			nd := &in.Nodes[i]
			switch {
			case depot[i]:
			case in.Kind != KindPDPTW:
				p.Clients = append(p.Clients, in.client(i, s))
			case nd.Delivery >= 0:
				p.Shipments = append(p.Shipments, route.Shipment{
					Pickup:   in.stop(i, s),
					Delivery: in.stop(nd.Delivery, s),
					Amount:   []int64{int64(nd.Demand)},
				})
			case nd.Pickup < 0:
				// Neither pickup nor delivery (no reader makes one in a
				// PDPTW instance): an ordinary client.
				p.Clients = append(p.Clients, in.client(i, s))
			}
		}
	}
	return p
}

// client returns node i as a route.Client at location i.
func (in *Instance) client(i int, s float64) route.Client {
	st := in.stop(i, s)
	return route.Client{
		Location:    i,
		Demand:      []int64{int64(max(in.Nodes[i].Demand, 0))},
		Service:     st.Service,
		TimeWindows: st.TimeWindows,
	}
}

// stop returns node i's location, service and time window, scaled.
func (in *Instance) stop(i int, s float64) route.Stop {
	nd := &in.Nodes[i]
	st := route.Stop{Location: i, Service: ceil(nd.Service * s)}
	if w, ok := in.window(i, s); ok {
		st.TimeWindows = []route.TimeWindow{w}
	}
	return st
}

// window returns node i's [ready, due] scaled inwards, and false when the
// node has none (Due +Inf, Cordeau).
func (in *Instance) window(i int, s float64) (route.TimeWindow, bool) {
	nd := &in.Nodes[i]
	if math.IsInf(nd.Due, 1) {
		return route.TimeWindow{}, false
	}
	return route.TimeWindow{Start: ceil(nd.Ready * s), End: floor(nd.Due * s)}, true
}

// shift is depot d's window as a vehicle shift (leave no earlier than
// Ready, be back by Due), or the zero value, no shift, when it has none. A
// window [0, 0] becomes [0, 1]: the zero value would mean no limit, and a
// route cannot end at time 0 anyway.
func (in *Instance) shift(d int, s float64) route.TimeWindow {
	w, ok := in.window(d, s)
	if ok && w == (route.TimeWindow{}) {
		w.End = 1
	}
	return w
}

// ceil and floor round a scaled value to an integer, forgiving the last
// bits of floating-point error (90·1000 must stay 90000).
func ceil(x float64) int64  { return int64(math.Ceil(x - 1e-9*math.Max(1, math.Abs(x)))) }
func floor(x float64) int64 { return int64(math.Floor(x + 1e-9*math.Max(1, math.Abs(x)))) }

// Routes converts a solution of p = in.Problem(…) back to checker routes:
// for each route of s with at least one job, its depot (the start depot of
// its vehicle type, a position in in.Depots) and the node index of every
// client, pickup and delivery step in order. It reads each job's location
// from p, not from the step, so that Check judges the jobs themselves. A
// route without Steps (a plain solution) is read from Clients. A job or
// vehicle index out of range of p becomes node or depot -1, which Check
// rejects with an error naming the route.
func (in *Instance) Routes(p *route.Problem, s *route.Solution) []Route {
	out := make([]Route, 0, len(s.Routes))
	client := func(c int) int {
		if c < 0 || c >= len(p.Clients) {
			return -1
		}
		return p.Clients[c].Location
	}
	for _, rt := range s.Routes {
		depot := 0
		if len(p.Vehicles) > 0 {
			depot = -1
			if rt.Vehicle >= 0 && rt.Vehicle < len(p.Vehicles) {
				depot = p.Vehicles[rt.Vehicle].StartDepot
			}
		}
		var nodes []int
		if len(rt.Steps) == 0 {
			for _, c := range rt.Clients {
				nodes = append(nodes, client(c))
			}
		}
		for _, st := range rt.Steps {
			switch st.Kind {
			case route.StepClient:
				nodes = append(nodes, client(st.Index))
			case route.StepPickup, route.StepDelivery:
				loc := -1
				if st.Index >= 0 && st.Index < len(p.Shipments) {
					loc = p.Shipments[st.Index].Pickup.Location
					if st.Kind == route.StepDelivery {
						loc = p.Shipments[st.Index].Delivery.Location
					}
				}
				nodes = append(nodes, loc)
			}
		}
		if len(nodes) > 0 {
			out = append(out, Route{Depot: depot, Nodes: nodes})
		}
	}
	return out
}
