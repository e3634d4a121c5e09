package routecheck

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/huishou/huishou/optimizer/route"
)

// Report is the verdict of Check on one solution.
type Report struct {
	// Feasible reports that Violations is empty: the solution breaks no
	// constraint and every recorded figure agrees with the recomputation.
	Feasible bool
	// Violations lists what is wrong, one line each, naming the route
	// index, the step index and the job, e.g. "routes[2].steps[5] (client
	// 17): service starts 1040 after its time windows [900, 1000]".
	Violations []string
	// Cost is the recomputed objective: the routes' costs (p.RouteCost of
	// each route's recomputed distance and travel time) plus the penalties
	// (p.JobPenalty) of the distinct unassigned jobs. Distance and Duration
	// are the sums of the routes' recomputed distances and durations.
	// Routes whose steps are malformed (no start or end step) are left out.
	Cost, Distance, Duration int64
	// Vehicles is the number of non-empty routes (with at least one job).
	Vehicles int
}

// pos is where a job is served: route r, step k; r < 0 means nowhere.
type pos struct{ r, k int }

var nowhere = pos{-1, -1}

// checker holds the state of one Check.
type checker struct {
	p      *route.Problem
	n      int   // number of matrix locations
	depots []int // Problem.Depots, or {0}
	dims   int   // capacity dimensions: the longest vector in the problem
	rep    Report

	client, pickup, delivery []pos // where each job is first served
	used                     []int // non-empty routes per vehicle type
}

// Check verifies s against p and returns the verdict; see the package
// documentation for what it checks. The error is non-nil only when s cannot
// be evaluated at all (nil arguments, a malformed matrix, an index out of
// range, an unknown step or job kind); the Report is then the zero value.
func Check(p *route.Problem, s *route.Solution) (Report, error) {
	if p == nil {
		return Report{}, errors.New("routecheck: problem is nil")
	}
	if s == nil {
		return Report{}, errors.New("routecheck: solution is nil")
	}
	c := &checker{p: p}
	if err := c.shape(); err != nil {
		return Report{}, err
	}
	c.client = filled(len(p.Clients))
	c.pickup = filled(len(p.Shipments))
	c.delivery = filled(len(p.Shipments))
	c.used = make([]int, max(1, len(p.Vehicles)))
	var routeCost int64
	for r := range s.Routes {
		cost, err := c.route(r, &s.Routes[r])
		if err != nil {
			return Report{}, err
		}
		routeCost += cost
	}
	pen, err := c.jobs(s.Unassigned)
	if err != nil {
		return Report{}, err
	}
	c.fleet()
	c.rep.Cost = routeCost + pen
	if s.Cost != c.rep.Cost {
		c.violate("solution: recorded Cost %d, recomputed %d (routes %d + penalties %d)", s.Cost, c.rep.Cost, routeCost, pen)
	}
	if s.Distance != c.rep.Distance {
		c.violate("solution: recorded Distance %d, recomputed %d", s.Distance, c.rep.Distance)
	}
	if s.Duration != c.rep.Duration {
		c.violate("solution: recorded Duration %d, recomputed %d", s.Duration, c.rep.Duration)
	}
	c.rep.Feasible = len(c.rep.Violations) == 0
	return c.rep, nil
}

func filled(n int) []pos {
	s := make([]pos, n)
	for i := range s {
		s[i] = nowhere
	}
	return s
}

func (c *checker) violate(format string, args ...any) {
	c.rep.Violations = append(c.rep.Violations, fmt.Sprintf(format, args...))
}

// shape checks what Arc and Travel need (the matrix's size) and that every
// location, depot and vehicle depot of the problem is in range, so that no
// later lookup can panic.
func (c *checker) shape() error {
	p := c.p
	switch {
	case p.Dist != nil:
		if !square(p.N, len(p.Dist)) {
			return fmt.Errorf("routecheck: dist: want N×N = %d×%d entries, have %d", p.N, p.N, len(p.Dist))
		}
		if p.Dur != nil && len(p.Dur) != len(p.Dist) {
			return fmt.Errorf("routecheck: dur: want %d entries, have %d", len(p.Dist), len(p.Dur))
		}
		c.n = p.N
	case p.Matrix != nil:
		m := p.Matrix
		if !square(m.N, len(m.Dist)) {
			return fmt.Errorf("routecheck: matrix.dist: want N×N = %d×%d entries, have %d", m.N, m.N, len(m.Dist))
		}
		if m.Dur != nil && len(m.Dur) != len(m.Dist) {
			return fmt.Errorf("routecheck: matrix.dur: want %d entries, have %d", len(m.Dist), len(m.Dur))
		}
		c.n = m.N
	default:
		return errors.New("routecheck: problem has neither Dist nor Matrix")
	}
	c.depots = p.Depots
	if len(c.depots) == 0 {
		c.depots = []int{0}
	}
	for i, d := range c.depots {
		if d < 0 || d >= c.n {
			return fmt.Errorf("routecheck: depots[%d]: location %d outside [0, %d)", i, d, c.n)
		}
	}
	for i, cl := range p.Clients {
		if cl.Location < 0 || cl.Location >= c.n {
			return fmt.Errorf("routecheck: clients[%d].location: %d outside [0, %d)", i, cl.Location, c.n)
		}
		c.dims = max(c.dims, len(cl.Demand), len(cl.Delivery))
	}
	for i, sh := range p.Shipments {
		if l := sh.Pickup.Location; l < 0 || l >= c.n {
			return fmt.Errorf("routecheck: shipments[%d].pickup.location: %d outside [0, %d)", i, l, c.n)
		}
		if l := sh.Delivery.Location; l < 0 || l >= c.n {
			return fmt.Errorf("routecheck: shipments[%d].delivery.location: %d outside [0, %d)", i, l, c.n)
		}
		c.dims = max(c.dims, len(sh.Amount), len(sh.Return))
	}
	for i, v := range p.Vehicles {
		if d := v.StartDepot; d != route.NoDepot && (d < 0 || d >= len(c.depots)) {
			return fmt.Errorf("routecheck: vehicles[%d].start_depot: %d outside [0, %d)", i, d, len(c.depots))
		}
		if d := v.EndDepot; d != route.NoDepot && (d < 0 || d >= len(c.depots)) {
			return fmt.Errorf("routecheck: vehicles[%d].end_depot: %d outside [0, %d)", i, d, len(c.depots))
		}
		c.dims = max(c.dims, len(v.Capacity))
	}
	return nil
}

// square reports whether length == n*n with n > 0, without overflow.
func square(n, length int) bool {
	return n > 0 && length%n == 0 && length/n == n
}

// vehicle returns vehicle type v, and whether its capacity is unlimited
// (Problem.Vehicles nil).
func (c *checker) vehicle(r, v int) (route.Vehicle, bool, error) {
	if len(c.p.Vehicles) == 0 {
		if v != 0 {
			return route.Vehicle{}, false, fmt.Errorf("routecheck: routes[%d].vehicle: %d, but the problem has no vehicle types (only 0 is valid)", r, v)
		}
		return route.Vehicle{}, true, nil
	}
	if v < 0 || v >= len(c.p.Vehicles) {
		return route.Vehicle{}, false, fmt.Errorf("routecheck: routes[%d].vehicle: %d outside [0, %d)", r, v, len(c.p.Vehicles))
	}
	return c.p.Vehicles[v], false, nil
}

// indices returns an error for a step of unknown kind or whose index is
// out of range.
func (c *checker) indices(r int, rt *route.Route, veh *route.Vehicle) error {
	p := c.p
	for k, st := range rt.Steps {
		var n int
		switch st.Kind {
		case route.StepStart, route.StepEnd:
			continue
		case route.StepClient:
			n = len(p.Clients)
		case route.StepPickup, route.StepDelivery:
			n = len(p.Shipments)
		case route.StepBreak:
			n = len(veh.Breaks)
		default:
			return fmt.Errorf("routecheck: routes[%d].steps[%d]: unknown step kind %d", r, k, st.Kind)
		}
		if st.Index < 0 || st.Index >= n {
			return fmt.Errorf("routecheck: routes[%d].steps[%d]: %s index %d outside [0, %d)", r, k, kindName[st.Kind], st.Index, n)
		}
	}
	return nil
}

// kindName names what a step's index refers to.
var kindName = map[route.StepKind]string{
	route.StepClient:   "client",
	route.StepPickup:   "shipment",
	route.StepDelivery: "shipment",
	route.StepBreak:    "break",
}

// stepRef names step k of route r and its job, e.g. "routes[2].steps[5]
// (client 17)"; it is formatted only when a violation is reported.
type stepRef struct {
	r, k  int
	kind  route.StepKind
	index int
}

func label(r, k int, st route.Step) stepRef { return stepRef{r, k, st.Kind, st.Index} }

func (l stepRef) String() string {
	r, k, st := l.r, l.k, route.Step{Kind: l.kind, Index: l.index}
	var what string
	switch st.Kind {
	case route.StepStart:
		what = "start"
	case route.StepEnd:
		what = "end"
	case route.StepClient:
		what = fmt.Sprintf("client %d", st.Index)
	case route.StepPickup:
		what = fmt.Sprintf("pickup of shipment %d", st.Index)
	case route.StepDelivery:
		what = fmt.Sprintf("delivery of shipment %d", st.Index)
	case route.StepBreak:
		what = fmt.Sprintf("break %d", st.Index)
	default:
		what = st.Kind.String()
	}
	return fmt.Sprintf("routes[%d].steps[%d] (%s)", r, k, what)
}

// job is what a job step requires.
type job struct {
	loc            int
	setup, service int64
	tws            []route.TimeWindow
	skills         []int
}

func (c *checker) job(st route.Step) job {
	switch st.Kind {
	case route.StepClient:
		cl := &c.p.Clients[st.Index]
		return job{cl.Location, cl.Setup, cl.Service, cl.TimeWindows, cl.Skills}
	case route.StepPickup:
		sh := &c.p.Shipments[st.Index]
		return job{sh.Pickup.Location, sh.Pickup.Setup, sh.Pickup.Service, sh.Pickup.TimeWindows, sh.Skills}
	default: // StepDelivery
		sh := &c.p.Shipments[st.Index]
		return job{sh.Delivery.Location, sh.Delivery.Setup, sh.Delivery.Service, sh.Delivery.TimeWindows, sh.Skills}
	}
}

func isJob(k route.StepKind) bool {
	return k == route.StepClient || k == route.StepPickup || k == route.StepDelivery
}

// serve records that step k of route r serves the job whose positions are
// at[i], reporting a second service.
func (c *checker) serve(at []pos, i, r, k int, st route.Step) {
	if f := at[i]; f.r >= 0 {
		c.violate("%s: served again, first at routes[%d].steps[%d]", label(r, k, st), f.r, f.k)
		return
	}
	at[i] = pos{r, k}
}

// route checks route r and returns its recomputed cost (0 when its steps
// are malformed and it cannot be simulated).
func (c *checker) route(r int, rt *route.Route) (int64, error) {
	p := c.p
	veh, unlimited, err := c.vehicle(r, rt.Vehicle)
	if err != nil {
		return 0, err
	}
	if err := c.indices(r, rt, &veh); err != nil {
		return 0, err
	}
	steps := rt.Steps
	rl := fmt.Sprintf("routes[%d] (vehicle %d)", r, rt.Vehicle)

	// Jobs served, structure.
	jobs := 0
	var clients []int
	firstLoc := -1
	wellFormed := len(steps) >= 2 && steps[0].Kind == route.StepStart && steps[len(steps)-1].Kind == route.StepEnd
	if !wellFormed {
		c.violate("%s: steps must run from a start step to an end step, have %s", rl, kinds(steps))
	}
	for k, st := range steps {
		switch st.Kind {
		case route.StepClient:
			c.serve(c.client, st.Index, r, k, st)
			clients = append(clients, st.Index)
		case route.StepPickup:
			c.serve(c.pickup, st.Index, r, k, st)
		case route.StepDelivery:
			c.serve(c.delivery, st.Index, r, k, st)
		case route.StepStart, route.StepEnd:
			if wellFormed && k != 0 && k != len(steps)-1 {
				c.violate("%s: %s step inside the route", label(r, k, st), st.Kind)
				wellFormed = false
			}
		}
		if isJob(st.Kind) {
			if jobs == 0 {
				firstLoc = c.job(st).loc
			}
			jobs++
		}
	}
	if jobs > 0 {
		c.rep.Vehicles++
		c.used[rt.Vehicle]++
	}
	if !slices.Equal(rt.Clients, clients) {
		c.violate("%s: recorded Clients %v, but its client steps are %v", rl, rt.Clients, clients)
	}
	if !wellFormed {
		return 0, nil
	}

	startLoc, endLoc := firstLoc, -1
	if veh.StartDepot != route.NoDepot {
		startLoc = c.depots[veh.StartDepot]
	}
	if veh.EndDepot != route.NoDepot {
		endLoc = c.depots[veh.EndDepot]
	}
	capOf := func(d int) (int64, bool) {
		if unlimited {
			return 0, false
		}
		if d < len(veh.Capacity) {
			return veh.Capacity[d], true
		}
		return 0, true
	}
	load := make([]int64, c.dims)
	for _, st := range steps {
		if st.Kind == route.StepClient {
			add(load, c.p.Clients[st.Index].Delivery, 1)
		}
	}
	checkLoad := func(lb stepRef, st route.Step) {
		if !sameLoad(st.Load, load) {
			c.violate("%s: recorded load %v, recomputed %v", lb, st.Load, load)
		}
		for d, q := range load {
			if cp, ok := capOf(d); ok && q > cp {
				c.violate("%s: load %v exceeds capacity %v in dimension %d", lb, load, veh.Capacity, d)
				return
			}
		}
	}
	noTimes := func(lb stepRef, st route.Step) {
		if st.Wait != 0 || st.Setup != 0 || st.Service != 0 {
			c.violate("%s: wait %d, setup %d, service %d; want 0", lb, st.Wait, st.Setup, st.Service)
		}
		if st.Index != -1 {
			c.violate("%s: index %d, want -1", lb, st.Index)
		}
	}
	shift := veh.Shift != (route.TimeWindow{})

	// Start.
	s0 := steps[0]
	lb := label(r, 0, s0)
	if s0.Location != startLoc {
		c.violate("%s: location %d, want %d (%s)", lb, s0.Location, startLoc, startWhat(veh.StartDepot))
	}
	noTimes(lb, s0)
	if s0.Distance != 0 {
		c.violate("%s: distance %d, want 0", lb, s0.Distance)
	}
	checkLoad(lb, s0)
	start := s0.Arrival
	if rt.Start != start {
		c.violate("%s: recorded Start %d, but steps[0] departs at %d", rl, rt.Start, start)
	}
	if shift && start < veh.Shift.Start {
		c.violate("%s: starts at %d before its shift [%d, %d]", rl, start, veh.Shift.Start, veh.Shift.End)
	}

	// Jobs and breaks.
	var (
		t       = start // recomputed departure of the previous step
		recDep  = start // recorded departure of the previous step
		prev    = startLoc
		dist    int64
		travel  int64
		wait    int64
		service int64
		stops   int
		taken   = make([]int, len(veh.Breaks))
		noSkill = map[int]bool{} // shipments whose missing skill was reported
	)
	for k := 1; k < len(steps)-1; k++ {
		st := steps[k]
		lb := label(r, k, st)
		var (
			setup, serv, d, tt int64
			tws                []route.TimeWindow
		)
		if st.Kind == route.StepBreak {
			b := veh.Breaks[st.Index]
			serv, tws = b.Duration, b.TimeWindows
			if taken[st.Index]++; taken[st.Index] > 1 {
				c.violate("%s: break taken again", lb)
			}
			if st.Location != -1 {
				c.violate("%s: location %d, want -1 (a break is taken where the vehicle is)", lb, st.Location)
			}
		} else {
			j := c.job(st)
			stops++
			if prev >= 0 {
				d, tt = p.Arc(prev, j.loc), p.Travel(prev, j.loc)
			}
			if prev != j.loc {
				setup = j.setup
			}
			serv, tws = j.service, j.tws
			if s, ok := missing(j.skills, veh.Skills); ok && (st.Kind == route.StepClient || !noSkill[st.Index]) {
				c.violate("%s: vehicle type %d lacks skill %d", lb, rt.Vehicle, s)
				if st.Kind != route.StepClient {
					noSkill[st.Index] = true
				}
			}
			if st.Location != j.loc {
				c.violate("%s: location %d, want %d", lb, st.Location, j.loc)
			}
			switch st.Kind {
			case route.StepClient:
				cl := &p.Clients[st.Index]
				add(load, cl.Delivery, -1)
				add(load, cl.Demand, 1)
			case route.StepPickup:
				add(load, p.Shipments[st.Index].Amount, 1)
			case route.StepDelivery:
				add(load, p.Shipments[st.Index].Amount, -1)
				add(load, p.Shipments[st.Index].Return, 1)
			}
			prev = j.loc
		}
		dist += d
		travel += tt
		arr := t + tt
		if want := recDep + tt; st.Arrival != want {
			c.violate("%s: recorded arrival %d, want %d (recorded departure of steps[%d] %d + travel %d)", lb, st.Arrival, want, k-1, recDep, tt)
		}
		if st.Setup != setup {
			c.violate("%s: recorded setup %d, want %d", lb, st.Setup, setup)
		}
		if st.Service != serv {
			c.violate("%s: recorded service %d, want %d", lb, st.Service, serv)
		}
		if st.Distance != dist {
			c.violate("%s: recorded distance %d, recomputed %d", lb, st.Distance, dist)
		}
		checkLoad(lb, st)
		w := st.Wait
		if w < 0 {
			c.violate("%s: negative wait %d", lb, w)
			w = 0
		}
		begin := arr + w
		if !inWindows(begin, tws) {
			if e, ok := earliest(arr, tws); ok {
				c.violate("%s: service starts %d (arrival %d + wait %d) outside its time windows %s; the earliest feasible start is %d", lb, begin, arr, w, windows(tws), e)
				begin = e
			} else {
				c.violate("%s: service starts %d after its time windows %s", lb, begin, windows(tws))
			}
		}
		wait += begin - arr
		service += setup + serv
		t = begin + setup + serv
		recDep = st.Arrival + st.Wait + st.Setup + st.Service
	}

	// End.
	last := len(steps) - 1
	se := steps[last]
	lb = label(r, last, se)
	var d, tt int64
	if endLoc >= 0 && prev >= 0 {
		d, tt = p.Arc(prev, endLoc), p.Travel(prev, endLoc)
	}
	dist += d
	travel += tt
	end := t + tt
	if se.Location != endLoc {
		c.violate("%s: location %d, want %d (%s)", lb, se.Location, endLoc, endWhat(veh.EndDepot))
	}
	noTimes(lb, se)
	if want := recDep + tt; se.Arrival != want {
		c.violate("%s: recorded arrival %d, want %d (recorded departure of steps[%d] %d + travel %d)", lb, se.Arrival, want, last-1, recDep, tt)
	}
	if se.Distance != dist {
		c.violate("%s: recorded distance %d, recomputed %d", lb, se.Distance, dist)
	}
	checkLoad(lb, se)
	if shift && end > veh.Shift.End {
		c.violate("%s: ends at %d after its shift [%d, %d]", rl, end, veh.Shift.Start, veh.Shift.End)
	}

	// Breaks and limits.
	if jobs > 0 {
		for b, n := range taken {
			if n == 0 {
				c.violate("%s: break %d not taken", rl, b)
			}
		}
	}
	dur := end - start
	if m := veh.MaxTravelTime; m > 0 && travel > m {
		c.violate("%s: travel time %d exceeds MaxTravelTime %d", rl, travel, m)
	}
	if m := veh.MaxDuration; m > 0 && dur > m {
		c.violate("%s: duration %d exceeds MaxDuration %d", rl, dur, m)
	}
	if m := veh.MaxDistance; m > 0 && dist > m {
		c.violate("%s: distance %d exceeds MaxDistance %d", rl, dist, m)
	}
	if m := veh.MaxStops; m > 0 && stops > m {
		c.violate("%s: %d stops exceed MaxStops %d", rl, stops, m)
	}

	// Recorded totals.
	cost := p.RouteCost(rt.Vehicle, dist, travel)
	for _, f := range [...]struct {
		name      string
		rec, want int64
	}{
		{"End", rt.End, end},
		{"Duration", rt.Duration, dur},
		{"TravelTime", rt.TravelTime, travel},
		{"WaitTime", rt.WaitTime, wait},
		{"Service", rt.Service, service},
		{"Distance", rt.Distance, dist},
		{"Cost", rt.Cost, cost},
	} {
		if f.rec != f.want {
			c.violate("%s: recorded %s %d, recomputed %d", rl, f.name, f.rec, f.want)
		}
	}
	c.rep.Distance += dist
	c.rep.Duration += dur
	return cost, nil
}

// jobs checks that every job is served once or listed as unassigned, and
// that shipments are served whole, pickup first; it returns the penalties
// of the distinct unassigned jobs.
func (c *checker) jobs(un []route.Unassigned) (int64, error) {
	p := c.p
	unClient := make([]bool, len(p.Clients))
	unShip := make([]bool, len(p.Shipments))
	var pen int64
	for i, u := range un {
		var seen []bool
		switch u.Kind {
		case route.JobClient:
			seen = unClient
		case route.JobShipment:
			seen = unShip
		default:
			return 0, fmt.Errorf("routecheck: unassigned[%d].kind: unknown job kind %d", i, u.Kind)
		}
		if u.Index < 0 || u.Index >= len(seen) {
			return 0, fmt.Errorf("routecheck: unassigned[%d].index: %d outside [0, %d)", i, u.Index, len(seen))
		}
		if seen[u.Index] {
			c.violate("unassigned[%d] (%s): listed again", i, jobName(u.Kind, u.Index))
			continue
		}
		seen[u.Index] = true
		pen += p.JobPenalty(u.Kind, u.Index)
	}
	for i, at := range c.client {
		switch {
		case at.r >= 0 && unClient[i]:
			c.violate("clients[%d]: served at routes[%d].steps[%d] and also unassigned", i, at.r, at.k)
		case at.r < 0 && !unClient[i]:
			c.violate("clients[%d]: neither served nor unassigned", i)
		}
	}
	for i := range p.Shipments {
		pu, de := c.pickup[i], c.delivery[i]
		switch {
		case pu.r < 0 && de.r < 0:
			if !unShip[i] {
				c.violate("shipments[%d]: neither served nor unassigned", i)
			}
			continue
		case pu.r < 0:
			c.violate("shipments[%d]: delivered at routes[%d].steps[%d] but never picked up", i, de.r, de.k)
		case de.r < 0:
			c.violate("shipments[%d]: picked up at routes[%d].steps[%d] but never delivered", i, pu.r, pu.k)
		case pu.r != de.r:
			c.violate("shipments[%d]: picked up at routes[%d].steps[%d] but delivered at routes[%d].steps[%d] (split across routes)", i, pu.r, pu.k, de.r, de.k)
		case de.k < pu.k:
			c.violate("routes[%d].steps[%d] (delivery of shipment %d): before its pickup at steps[%d]", de.r, de.k, i, pu.k)
		}
		if unShip[i] {
			c.violate("shipments[%d]: served and also unassigned", i)
		}
	}
	return pen, nil
}

// fleet checks the number of non-empty routes per vehicle type.
func (c *checker) fleet() {
	for v, veh := range c.p.Vehicles {
		if veh.Count > 0 && c.used[v] > veh.Count {
			c.violate("vehicles[%d]: %d non-empty routes, but Count is %d", v, c.used[v], veh.Count)
		}
	}
}

func jobName(k route.JobKind, i int) string {
	if k == route.JobShipment {
		return fmt.Sprintf("shipment %d", i)
	}
	return fmt.Sprintf("client %d", i)
}

func startWhat(depot int) string {
	if depot == route.NoDepot {
		return "open start: the first job's location"
	}
	return fmt.Sprintf("start depot %d", depot)
}

func endWhat(depot int) string {
	if depot == route.NoDepot {
		return "open end"
	}
	return fmt.Sprintf("end depot %d", depot)
}

// kinds lists the step kinds, for a message about a malformed route.
func kinds(steps []route.Step) string {
	if len(steps) == 0 {
		return "no steps"
	}
	var b strings.Builder
	for k, st := range steps {
		if k > 0 {
			b.WriteByte(' ')
		}
		if k == 8 && len(steps) > 10 {
			fmt.Fprintf(&b, "… (%d steps)", len(steps))
			break
		}
		b.WriteString(st.Kind.String())
	}
	return b.String()
}

// add adds sign·v to load, entry by entry.
func add(load, v []int64, sign int64) {
	for d, q := range v {
		if d < len(load) {
			load[d] += sign * q
		}
	}
}

// sameLoad compares a recorded load with the recomputed one, missing
// entries counting as 0 (a problem without demands may record nil or
// [0]).
func sameLoad(rec, want []int64) bool {
	for d := range max(len(rec), len(want)) {
		var a, b int64
		if d < len(rec) {
			a = rec[d]
		}
		if d < len(want) {
			b = want[d]
		}
		if a != b {
			return false
		}
	}
	return true
}

// missing returns the first of the required skills that have lacks, and
// whether there is one.
func missing(required, have []int) (int, bool) {
	for _, s := range required {
		if !slices.Contains(have, s) {
			return s, true
		}
	}
	return 0, false
}

// inWindows reports whether t lies in one of tws; no windows means any time.
func inWindows(t int64, tws []route.TimeWindow) bool {
	if len(tws) == 0 {
		return true
	}
	for _, w := range tws {
		if w.Start <= t && t <= w.End {
			return true
		}
	}
	return false
}

// earliest returns the earliest service start at or after arrival inside
// one of tws, and whether there is one.
func earliest(arrival int64, tws []route.TimeWindow) (int64, bool) {
	best, ok := int64(0), false
	for _, w := range tws {
		s := max(arrival, w.Start)
		if s <= w.End && (!ok || s < best) {
			best, ok = s, true
		}
	}
	return best, ok
}

// windows formats time windows as "[900, 1000] [1200, 1300]".
func windows(tws []route.TimeWindow) string {
	var b strings.Builder
	for i, w := range tws {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "[%d, %d]", w.Start, w.End)
	}
	return b.String()
}
