package vrptw

import (
	"fmt"
	"strings"
)

// Tolerance is the slack Check allows on times: service may start up to
// Tolerance after a due time, and a route may exceed its duration limit by
// as much, without a violation. Loads are integers and checked exactly.
const Tolerance = 1e-6

// maxListed bounds how many customers one violation message lists.
const maxListed = 10

// Route is one vehicle's trip in a solution.
type Route struct {
	// Depot is the route's depot as a position in Instance.Depots (not a
	// node index): always 0 for the single-depot sets. The route starts and
	// ends there.
	Depot int
	// Nodes lists the customers in visiting order, as indices into
	// Instance.Nodes, the depot left out.
	Nodes []int
}

// Routes makes single-depot routes (Depot 0) from lists of customer
// indices, the shape Solomon and Li & Lim solutions come in.
func Routes(nodes ...[]int) []Route {
	rs := make([]Route, len(nodes))
	for i, n := range nodes {
		rs[i] = Route{Nodes: n}
	}
	return rs
}

// Report is Check's verdict on a solution.
type Report struct {
	// Vehicles is the number of non-empty routes.
	Vehicles int
	// Distance is the total Euclidean distance of the non-empty routes,
	// depot legs included, unrounded; compare it with BKS.Cost after
	// rounding to the table's decimals.
	Distance float64
	// Feasible is true when there are no violations.
	Feasible bool
	// Violations says, one line each, what makes the solution infeasible.
	// Routes are named by their index in the routes passed to Check
	// ("routes[3]") and nodes by their index in Instance.Nodes, followed by
	// the file's id where the two differ (Cordeau).
	Violations []string
}

// Check evaluates a solution of inst given as routes, independently of any
// solver, under the rules of inst.Kind:
//
//   - every customer is visited exactly once (empty routes are ignored and
//     not counted as vehicles);
//   - the load, starting at 0 and changed by each node's Demand, never
//     exceeds the capacity of the route's depot at any stop;
//   - a vehicle leaves its depot at the depot's Ready time, travels at unit
//     speed, waits until Ready if early, starts service no later than Due
//     (+Tolerance), stays Service, and is back at the depot by the depot's
//     Due (the horizon);
//   - a route's duration, from leaving the depot to coming back, is within
//     the depot's MaxDuration when there is one;
//   - at most Vehicles routes are used (per depot for MDVRP), unless
//     Vehicles is 0;
//   - for KindPDPTW, each pickup and its delivery are on the same route,
//     the pickup first.
//
// Check returns an error, and no report, only when the input cannot be
// evaluated: an instance that fails Validate, a route whose depot is out of
// range, or a stop that is not a customer index. Everything else is a
// violation in the report. The time taken is linear in the size of the
// solution plus the number of nodes.
func Check(inst *Instance, routes []Route) (Report, error) {
	if err := inst.Validate(); err != nil {
		return Report{}, err
	}
	n := len(inst.Nodes)
	depotOf := make([]int, n) // position in Depots, or -1 for a customer
	for i := range depotOf {
		depotOf[i] = -1
	}
	for k, d := range inst.Depots {
		depotOf[d] = k
	}
	for r, rt := range routes {
		if rt.Depot < 0 || rt.Depot >= len(inst.Depots) {
			return Report{}, fmt.Errorf("vrptw: routes[%d]: depot %d out of range (%d depots)", r, rt.Depot, len(inst.Depots))
		}
		for s, v := range rt.Nodes {
			if v < 0 || v >= n {
				return Report{}, fmt.Errorf("vrptw: routes[%d], stop %d: node %d out of range (%d nodes)", r, s, v, n)
			}
			if depotOf[v] >= 0 {
				return Report{}, fmt.Errorf("vrptw: routes[%d], stop %d: node %d is a depot; leave depots out of routes", r, s, v)
			}
		}
	}

	var rep Report
	bad := func(format string, args ...any) {
		rep.Violations = append(rep.Violations, fmt.Sprintf(format, args...))
	}
	name := inst.label

	visits := make([]int, n)
	routeOf := make([]int, n) // route of a customer's first visit
	stopOf := make([]int, n)  // its position on that route
	used := make([]int, len(inst.Depots))
	for r, rt := range routes {
		if len(rt.Nodes) == 0 {
			continue
		}
		rep.Vehicles++
		used[rt.Depot]++
		d := inst.Depots[rt.Depot]
		capacity := inst.DepotCap(rt.Depot)
		start := inst.Nodes[d].Ready
		t, load, dist, prev, overloaded := start, 0, 0.0, d, false
		for s, v := range rt.Nodes {
			visits[v]++
			if visits[v] == 1 {
				routeOf[v], stopOf[v] = r, s
			}
			nd := &inst.Nodes[v]
			leg := inst.Dist(prev, v)
			dist += leg
			t += leg
			if t < nd.Ready {
				t = nd.Ready
			}
			if t > nd.Due+Tolerance {
				bad("routes[%d]: service at %s starts at %v, after its due time %v", r, name(v), t, nd.Due)
			}
			t += nd.Service
			load += nd.Demand
			if load > capacity && !overloaded {
				bad("routes[%d]: load %d exceeds capacity %d after %s (stop %d)", r, load, capacity, name(v), s)
				overloaded = true
			}
			prev = v
		}
		leg := inst.Dist(prev, d)
		dist += leg
		t += leg
		if due := inst.Nodes[d].Due; t > due+Tolerance {
			bad("routes[%d]: back at depot %s at %v, after its due time %v", r, name(d), t, due)
		}
		if lim := inst.DepotMaxDuration(rt.Depot); lim > 0 && t-start > lim+Tolerance {
			bad("routes[%d]: duration %v exceeds the limit %v of depot %s", r, t-start, lim, name(d))
		}
		rep.Distance += dist
	}

	var missing []int
	for i := range inst.Nodes {
		switch {
		case depotOf[i] >= 0:
		case visits[i] == 0:
			missing = append(missing, i)
		case visits[i] > 1:
			bad("customer %s visited %d times", name(i), visits[i])
		}
	}
	if len(missing) > 0 {
		bad("%d customer(s) not visited: %s", len(missing), inst.list(missing))
	}

	if inst.Kind == KindPDPTW {
		for p := range inst.Nodes {
			d := inst.Nodes[p].Delivery
			if d < 0 || visits[p] != 1 || visits[d] != 1 {
				continue // no pair, or already reported as missing or repeated
			}
			switch {
			case routeOf[p] != routeOf[d]:
				bad("pickup %s is on routes[%d] but its delivery %s on routes[%d]", name(p), routeOf[p], name(d), routeOf[d])
			case stopOf[d] < stopOf[p]:
				bad("routes[%d]: delivery %s (stop %d) comes before its pickup %s (stop %d)", routeOf[p], name(d), stopOf[d], name(p), stopOf[p])
			}
		}
	}

	if inst.Vehicles > 0 {
		if len(inst.Depots) == 1 {
			if rep.Vehicles > inst.Vehicles {
				bad("%d vehicles used, the fleet has %d", rep.Vehicles, inst.Vehicles)
			}
		} else {
			for k, u := range used {
				if u > inst.Vehicles {
					bad("depot %s: %d vehicles used, %d available", name(inst.Depots[k]), u, inst.Vehicles)
				}
			}
		}
	}
	rep.Feasible = len(rep.Violations) == 0
	return rep, nil
}

// label names node i in a message: its index, and the file's id after it
// when the two differ.
func (in *Instance) label(i int) string {
	if id := in.Nodes[i].ID; id != i {
		return fmt.Sprintf("%d (id %d)", i, id)
	}
	return fmt.Sprint(i)
}

// list names the first maxListed of nodes, and says how many more there are.
func (in *Instance) list(nodes []int) string {
	var b strings.Builder
	for k, i := range nodes {
		if k == maxListed {
			fmt.Fprintf(&b, ", … and %d more", len(nodes)-k)
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(in.label(i))
	}
	return b.String()
}
