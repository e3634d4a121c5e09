package schedule

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routeio"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

// Routing is one routing problem of a day as given to optimizer/route,
// with the names (booking, vehicle and location ids, dimensions, skills)
// to write it in the native JSON format (routeio.WriteProblemJSON).
type Routing struct {
	Problem *route.Problem
	Meta    *routeio.Meta

	date      booking.Date
	day       int
	depots    []int // route depot → depot index
	vehicles  []int // route vehicle → vehicle index
	clients   []int // route client → booking
	shipments []int // route shipment → booking
	locBook   []int // location → booking (-1 for depots and warehouses)
	locDepot  []int // location → depot index (-1 for bookings)
	pieces    bool  // a third capacity dimension, pieces
}

// Skill names inside routing problems.
const (
	skillCrew2   = "crew2"
	skillDepot   = "depot:"
	skillCircuit = "circuit:"
)

func skillText(s string) string {
	switch {
	case s == skillCrew2:
		return "two_person (a crew of two)"
	case strings.HasPrefix(s, skillDepot):
		return "a truck of depot " + s[len(skillDepot):] + " (the load starts or ends there)"
	case strings.HasPrefix(s, skillCircuit):
		return "the circuit crew of " + s[len(skillCircuit):]
	}
	return s
}

// buildRouting makes the routing problem of the depots (indices, each
// with vehicles) on day d for the given bookings.
func (e *engine) buildRouting(ctx context.Context, d int, depots []int, jobs []int) (*Routing, error) {
	date := e.date(d)
	rt := &Routing{date: date, day: d}
	var pts []orb.Point
	var areas []geo.Area
	var areaOf []int
	areaIdx := map[string]int{}
	add := func(p orb.Point, area string) int {
		k, ok := areaIdx[area]
		if !ok {
			k = len(areas)
			areaIdx[area] = k
			areas = append(areas, areaOf0(area))
		}
		pts = append(pts, p)
		areaOf = append(areaOf, k)
		return len(pts) - 1
	}
	depLoc := map[int]int{} // depot index → location
	for _, k := range depots {
		depLoc[k] = add(e.depotPoint(k), e.in.Depots[k].Area)
		rt.depots = append(rt.depots, k)
		rt.locDepot = append(rt.locDepot, k)
		rt.locBook = append(rt.locBook, -1)
	}
	// Warehouses of trade-ins loaded away from the truck's depot.
	for _, b := range jobs {
		if e.bk[b].Kind != booking.TradeIn || e.bound(b) {
			continue
		}
		k := e.depot[e.bk[b].From]
		if _, ok := depLoc[k]; !ok {
			depLoc[k] = add(e.depotPoint(k), e.in.Depots[k].Area)
			rt.locDepot = append(rt.locDepot, k)
			rt.locBook = append(rt.locBook, -1)
		}
	}
	bookLoc := make([]int, len(jobs))
	for i, b := range jobs {
		bookLoc[i] = add(point(e.bk[b].Lon, e.bk[b].Lat), e.bookingArea(b))
		rt.locDepot = append(rt.locDepot, -1)
		rt.locBook = append(rt.locBook, b)
	}
	mat := e.opt.Matrix
	if mat == nil {
		mat = func(ctx context.Context, pts []orb.Point, _ []geo.Area) (*geo.Matrix, error) {
			return geo.Estimate(ctx, pts, geo.EstimateOptions{Areas: areas, AreaOf: areaOf, Workers: 1})
		}
	}
	pointAreas := make([]geo.Area, len(pts))
	for i := range pts {
		pointAreas[i] = areas[areaOf[i]]
	}
	m, err := mat(ctx, pts, pointAreas)
	if err != nil {
		return nil, fmt.Errorf("schedule: matrix: %w", err)
	}
	if m.N != len(pts) {
		return nil, fmt.Errorf("schedule: matrix: %d points, want %d", m.N, len(pts))
	}
	n := len(pts)
	p := &route.Problem{N: n, Dist: make([]int64, n*n), Dur: make([]int64, n*n), FormatTime: func(t int64) string { return booking.Clock(t).String() }}
	for k := range m.Dist {
		p.Dist[k] = int64(math.Round(float64(m.Dist[k])))
		p.Dur[k] = int64(math.Ceil(float64(m.Dur[k]) - 1e-6))
	}
	for i := range rt.depots {
		p.Depots = append(p.Depots, i)
	}
	// Vehicles and skills.
	var vidx []int
	for _, k := range depots {
		vidx = append(vidx, e.vehAt[k]...)
	}
	slices.Sort(vidx)
	for _, v := range vidx {
		rt.pieces = rt.pieces || e.in.Vehicles[v].Pieces > 0
	}
	skillSet := map[string]bool{}
	vskills := make([][]string, len(vidx))
	for i, v := range vidx {
		veh := &e.in.Vehicles[v]
		sk := append([]string(nil), veh.Skills...)
		if veh.Crew >= 2 {
			sk = append(sk, skillCrew2)
		}
		sk = append(sk, skillDepot+veh.Depot)
		for key, id := range e.circuitVeh {
			if id == veh.ID && strings.HasSuffix(key, "@"+date.String()) {
				sk = append(sk, strings.TrimSuffix(key, "@"+date.String()))
			}
		}
		slices.Sort(sk)
		vskills[i] = sk
		for _, s := range sk {
			skillSet[s] = true
		}
	}
	jskills := make([][]string, len(jobs))
	for i, b := range jobs {
		nd := &e.need[b]
		sk := append([]string(nil), nd.Skills...)
		if nd.Crew >= 2 {
			sk = append(sk, skillCrew2)
		}
		for _, x := range e.extra[b] {
			if strings.HasPrefix(x, skillCircuit) && !e.circuitToday(x, date) {
				continue // carried past its circuit day: any capable crew
			}
			sk = append(sk, x)
		}
		slices.Sort(sk)
		jskills[i] = slices.Compact(sk)
		for _, s := range jskills[i] {
			skillSet[s] = true
		}
	}
	names := make([]string, 0, len(skillSet))
	for s := range skillSet {
		names = append(names, s)
	}
	slices.Sort(names)
	if len(names) > 64 {
		return nil, &InputError{Field: "vehicles", Msg: fmt.Sprintf("%d distinct skills, depots and circuits in one routing problem; at most 64", len(names))}
	}
	sid := map[string]int{}
	for i, s := range names {
		sid[s] = i
		p.SkillNames = append(p.SkillNames, skillText(s))
	}
	ids := func(sk []string) []int {
		out := make([]int, len(sk))
		for i, s := range sk {
			out[i] = sid[s]
		}
		return out
	}
	p.DimNames = []string{"kg", "litres"}
	if rt.pieces {
		p.DimNames = append(p.DimNames, "pieces")
	}
	amount := func(kg, l float64, pc int) []int64 {
		a := []int64{int64(math.Ceil(kg - 1e-9)), int64(math.Ceil(l - 1e-9))}
		if rt.pieces {
			a = append(a, int64(pc))
		}
		return a
	}
	for i, v := range vidx {
		veh := &e.in.Vehicles[v]
		pcs := veh.Pieces
		if pcs == 0 {
			pcs = 1 << 30
		}
		k := slices.Index(rt.depots, e.depot[veh.Depot])
		rv := route.Vehicle{Capacity: amount(math.Floor(veh.Kg), math.Floor(veh.Litres), pcs), Count: 1, StartDepot: k, EndDepot: k,
			Skills: ids(vskills[i]), Shift: route.TimeWindow{Start: int64(veh.ShiftStart), End: int64(veh.ShiftEnd)},
			FixedCost: int64(math.Round(veh.FixedCost * 100)), DistanceCost: veh.PerKm * 100 / 1000, TimeCost: veh.PerHour * 100 / 3600}
		if rv.DistanceCost == 0 && rv.TimeCost == 0 {
			rv.DistanceCost = 0.001 // distance still breaks ties
		}
		for _, br := range veh.Breaks {
			rv.Breaks = append(rv.Breaks, route.Break{TimeWindows: []route.TimeWindow{{Start: int64(br.Start), End: int64(br.End)}}, Duration: int64(br.Minutes) * 60})
		}
		p.Vehicles = append(p.Vehicles, rv)
		rt.vehicles = append(rt.vehicles, v)
	}
	// Jobs.
	meta := &routeio.Meta{Format: routeio.FormatJSON, CostScale: 100, TimeScale: 1, DistanceScale: 1, HasDistance: true, MatrixGiven: true,
		Dimensions: p.DimNames, Dims: len(p.DimNames), Skills: names, Clock: true}
	prefer := e.preferences(rt)
	for i, b := range jobs {
		bk := &e.bk[b]
		nd := &e.need[b]
		pr := prefer[bk.ID]
		var tw []route.TimeWindow
		if s, t, ok := bk.Window(); ok {
			tw = []route.TimeWindow{{Start: int64(s), End: int64(t)}}
		}
		_, hi := e.window(b)
		prio := 0
		switch {
		case hi <= d:
			prio = 100
		case e.onCircuit(b, date):
			prio = 90 // the crew comes this way once a week
		case e.carried[b]:
			prio = 60
		}
		pen := int64(0)
		if e.opt.ShortFirst {
			// cents: ShortFirstYuan at priority 100, half at 0, less the
			// handling
			pen = max(int64(math.Round(ShortFirstYuan*100*float64(100+prio)/200-ShortFirstPerMinute*100*float64(nd.ServiceSec)/60)), 1)
		}
		if bk.Kind == booking.TradeIn && !e.bound(b) {
			wl := depLoc[e.depot[bk.From]]
			p.Shipments = append(p.Shipments, route.Shipment{
				Pickup:   route.Stop{Location: wl, Service: int64(booking.StopMin*60 + booking.BulkLoadMin*60*nd.DeliveryPieces)},
				Delivery: route.Stop{Location: bookLoc[i], Service: int64(nd.ServiceSec), TimeWindows: tw},
				Amount:   amount(nd.DeliveryKg, nd.DeliveryL, nd.DeliveryPieces), Return: amount(nd.PickupKg, nd.PickupL, nd.PickupPieces),
				Skills: ids(jskills[i]), Priority: prio, Penalty: pen, Prefer: pr})
			rt.shipments = append(rt.shipments, b)
			meta.ShipmentIDs = append(meta.ShipmentIDs, [2]routeio.ID{jsonID(bk.ID), jsonID(bk.ID)})
			continue
		}
		c := route.Client{Location: bookLoc[i], Demand: amount(nd.PickupKg, nd.PickupL, nd.PickupPieces), Service: int64(nd.ServiceSec),
			TimeWindows: tw, Skills: ids(jskills[i]), Priority: prio, Penalty: pen, Prefer: pr}
		if nd.DeliveryPieces > 0 {
			c.Delivery = amount(nd.DeliveryKg, nd.DeliveryL, nd.DeliveryPieces)
		}
		p.Clients = append(p.Clients, c)
		rt.clients = append(rt.clients, b)
		meta.JobIDs = append(meta.JobIDs, jsonID(bk.ID))
	}
	for _, v := range rt.vehicles {
		meta.VehicleIDs = append(meta.VehicleIDs, jsonID(e.in.Vehicles[v].ID))
		var bids []routeio.ID
		for k := range e.in.Vehicles[v].Breaks {
			bids = append(bids, routeio.IntID(k+1))
		}
		meta.BreakIDs = append(meta.BreakIDs, bids)
	}
	for l := range pts {
		name := ""
		if k := rt.locDepot[l]; k >= 0 {
			name = e.in.Depots[k].ID
		} else {
			name = e.bk[rt.locBook[l]].ID
		}
		meta.Locations = append(meta.Locations, routeio.Location{Name: name, Lon: pts[l][0], Lat: pts[l][1], HasCoord: true})
	}
	rt.Problem, rt.Meta = p, meta
	return rt, nil
}

// preferences returns, when re-planning with a stability cost, the
// vehicle of rt each booking of the old plan's open routes was on (as a
// route.Prefer charging the stability cost, in cost units, for serving it
// on another vehicle), by booking id; nil otherwise.
func (e *engine) preferences(rt *Routing) map[string]*route.Prefer {
	if e.initial == nil || e.stability <= 0 {
		return nil
	}
	cost := int64(math.Round(e.stability * 100))
	out := map[string]*route.Prefer{}
	for k, v := range rt.vehicles {
		for _, s := range e.initial[e.in.Vehicles[v].ID] {
			if s.Type == dayplan.Visit {
				out[s.Booking] = &route.Prefer{Vehicle: k, Cost: cost}
			}
		}
	}
	return out
}

func areaOf0(name string) geo.Area { return areaOf(name) }

func jsonID(s string) routeio.ID {
	return routeio.ID(fmt.Sprintf("%q", s))
}

// nearArea is the distance (m) within which a booking takes the road area
// of its nearest depot when its county's is not known.
const nearArea = 15000

// bookingArea returns the road area of booking b: its county's
// (Input.Areas), else that of a depot in its county, else its nearest
// depot's when that is within 15 km, else plain (mountain when the
// nearest depot is in the mountains).
func (e *engine) bookingArea(b int) string {
	bk := &e.bk[b]
	if a, ok := e.in.Areas[bk.County]; ok {
		return a
	}
	if bk.County != "" {
		for _, d := range e.in.Depots {
			if d.County == bk.County {
				return d.Area
			}
		}
	}
	best, bestD := -1, math.Inf(1)
	for k := range e.in.Depots {
		if d := geo.GreatCircle(point(bk.Lon, bk.Lat), e.depotPoint(k)); d < bestD {
			best, bestD = k, d
		}
	}
	switch {
	case best < 0:
		return "plain"
	case bestD <= nearArea, e.in.Depots[best].Area == "mountain":
		return e.in.Depots[best].Area
	}
	return "plain"
}

// onCircuit reports whether booking b is on a service circuit on date.
func (e *engine) onCircuit(b int, date booking.Date) bool {
	for _, x := range e.extra[b] {
		if strings.HasPrefix(x, skillCircuit) && e.circuitToday(x, date) {
			return true
		}
	}
	return false
}

// circuitToday reports whether circuit skill x ("circuit:C") has its crew
// on date.
func (e *engine) circuitToday(x string, date booking.Date) bool {
	_, ok := e.circuitVeh[x+"@"+date.String()]
	return ok
}

// solve runs the routing engine on rt, from the routes of init when given
// (stops per vehicle id), and converts its answer: the routes of the day
// plan, the bookings served and the reasons of those left out.
func (e *engine) solve(ctx context.Context, rt *Routing, limit time.Duration, init map[string][]dayplan.Stop, iters int) ([]dayplan.Route, map[int]bool, map[int]string, ProblemStats, error) {
	p := rt.Problem
	jobsN := len(p.Clients) + len(p.Shipments)
	if iters == 0 {
		iters = e.opt.Iterations
	}
	if iters == 0 {
		iters = DefaultIterations(jobsN)
	}
	st := ProblemStats{Depots: len(rt.depots), Vehicles: len(p.Vehicles), Jobs: jobsN}
	t0 := time.Now()
	var sol *route.Solution
	var err error
	switch {
	case init != nil:
		sol, err = e.solveFrom(ctx, p, rt, iters, limit, init)
	default:
		sol, err = route.Solve(ctx, p, route.Options{Seed: e.opt.Seed, MaxIterations: iters, TimeLimit: limit, Threads: 1})
	}
	if err != nil {
		return nil, nil, nil, st, fmt.Errorf("schedule: routing %s: %w", rt.date, err)
	}
	st.Iterations, st.Elapsed, st.StopReason = sol.Stats.Iterations, time.Since(t0), string(sol.Stats.StopReason)
	routes, served := e.convert(rt, sol)
	why := map[int]string{}
	for _, u := range sol.Unassigned {
		b := rt.clients
		if u.Kind == route.JobShipment {
			b = rt.shipments
		}
		why[b[u.Index]] = u.Reason
	}
	return routes, served, why, st, nil
}

// convert turns the engine's routes into day-plan routes, loads counted
// in the catalog's kg and litres.
func (e *engine) convert(rt *Routing, sol *route.Solution) ([]dayplan.Route, map[int]bool) {
	served := map[int]bool{}
	var out []dayplan.Route
	p := rt.Problem
	for _, r := range sol.Routes {
		v := rt.vehicles[r.Vehicle]
		veh := &e.in.Vehicles[v]
		dr := dayplan.Route{Vehicle: veh.ID, Depot: veh.Depot, Capacity: dayplan.Capacity{Kg: veh.Kg, Litres: veh.Litres, Pieces: veh.Pieces},
			Crew: veh.Crew, Skills: veh.Skills, Status: dayplan.Planned, Start: dayplan.Time(r.Start), End: dayplan.Time(r.End),
			DistanceM: r.Distance, DurationS: r.Duration, Stops: []dayplan.Stop{}}
		var kg, l float64
		pc := 0
		// Deliveries from the start depot ride from the start.
		for _, st := range r.Steps {
			if st.Kind == route.StepClient {
				n := &e.need[rt.clients[st.Index]]
				kg, l, pc = kg+n.DeliveryKg, l+n.DeliveryL, pc+n.DeliveryPieces
			}
		}
		for _, st := range r.Steps {
			s := dayplan.Stop{Arrival: dayplan.Time(st.Arrival), Start: dayplan.Time(st.Arrival + st.Wait), DistanceM: st.Distance}
			s.Departure = s.Start + dayplan.Time(st.Setup+st.Service)
			switch st.Kind {
			case route.StepClient:
				b := rt.clients[st.Index]
				n := &e.need[b]
				kg, l, pc = kg-n.DeliveryKg+n.PickupKg, l-n.DeliveryL+n.PickupL, pc-n.DeliveryPieces+n.PickupPieces
				s.Type, s.Booking, s.Kind, s.Lon, s.Lat = dayplan.Visit, e.bk[b].ID, e.bk[b].Kind, e.bk[b].Lon, e.bk[b].Lat
				served[b] = true
			case route.StepPickup:
				b := rt.shipments[st.Index]
				n := &e.need[b]
				kg, l, pc = kg+n.DeliveryKg, l+n.DeliveryL, pc+n.DeliveryPieces
				d := &e.in.Depots[e.depot[e.bk[b].From]]
				s.Type, s.Booking, s.Kind, s.Lon, s.Lat = dayplan.Load, e.bk[b].ID, e.bk[b].Kind, d.Lon, d.Lat
			case route.StepDelivery:
				b := rt.shipments[st.Index]
				n := &e.need[b]
				kg, l, pc = kg-n.DeliveryKg+n.PickupKg, l-n.DeliveryL+n.PickupL, pc-n.DeliveryPieces+n.PickupPieces
				s.Type, s.Booking, s.Kind, s.Lon, s.Lat = dayplan.Visit, e.bk[b].ID, e.bk[b].Kind, e.bk[b].Lon, e.bk[b].Lat
				served[b] = true
			case route.StepBreak:
				s.Type = dayplan.Break
			default:
				continue
			}
			s.LoadKg, s.LoadLitres, s.LoadPieces = round(kg, 3), round(l, 3), pc
			dr.Stops = append(dr.Stops, s)
		}
		dr.Cost = round(veh.FixedCost+veh.PerKm*float64(r.Distance)/1000+veh.PerHour*float64(r.TravelTime)/3600, 2)
		_ = p
		out = append(out, dr)
	}
	return out, served
}

func asInputError(err error, target **route.InputError) bool { return errors.As(err, target) }
