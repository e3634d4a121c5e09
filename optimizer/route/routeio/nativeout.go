package routeio

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/huishou/huishou/optimizer/route"
)

// Native problem JSON, as read by ReadJSON.
type nProblem struct {
	Locations []nLocation `json:"locations"`
	Matrix    *nMatrix    `json:"matrix,omitempty"`
	Vehicles  []nVehicle  `json:"vehicles"`
	Jobs      []nJob      `json:"jobs,omitempty"`
	Shipments []nShipment `json:"shipments,omitempty"`
	Options   *nOptions   `json:"options,omitempty"`
}

type nLocation struct {
	Name string   `json:"name"`
	Lon  *float64 `json:"lon,omitempty"`
	Lat  *float64 `json:"lat,omitempty"`
}

type nMatrix struct {
	Durations [][]int64 `json:"durations"`
	Distances [][]int64 `json:"distances,omitempty"`
}

type nOptions struct {
	VehiclesFirst bool   `json:"vehicles_first,omitempty"`
	Area          string `json:"area,omitempty"`
}

type nVehicle struct {
	ID            ID               `json:"id"`
	Count         *int             `json:"count,omitempty"`
	Start         any              `json:"start"`
	End           any              `json:"end"`
	Capacity      map[string]int64 `json:"capacity,omitempty"`
	Skills        []string         `json:"skills,omitempty"`
	Shift         []any            `json:"shift,omitempty"`
	Breaks        []nBreak         `json:"breaks,omitempty"`
	MaxStops      int              `json:"max_stops,omitempty"`
	MaxTravelTime any              `json:"max_travel_time,omitempty"`
	MaxDuration   any              `json:"max_duration,omitempty"`
	MaxDistance   int64            `json:"max_distance,omitempty"`
	Costs         nCosts           `json:"costs"`
}

type nCosts struct {
	Fixed   json.Number `json:"fixed"`
	PerKm   json.Number `json:"per_km"`
	PerHour json.Number `json:"per_hour"`
}

type nBreak struct {
	ID          ID      `json:"id"`
	TimeWindows [][]any `json:"time_windows,omitempty"`
	Duration    any     `json:"duration"`
}

type nStop struct {
	Location    string  `json:"location"`
	Service     any     `json:"service,omitempty"`
	Setup       any     `json:"setup,omitempty"`
	TimeWindows [][]any `json:"time_windows,omitempty"`
}

type nJob struct {
	ID ID `json:"id"`
	nStop
	Pickup   map[string]int64 `json:"pickup,omitempty"`
	Delivery map[string]int64 `json:"delivery,omitempty"`
	Skills   []string         `json:"skills,omitempty"`
	Priority int              `json:"priority,omitempty"`
	Penalty  json.Number      `json:"penalty,omitempty"`
}

type nShipment struct {
	ID       ID               `json:"id"`
	Pickup   nStop            `json:"pickup"`
	Delivery nStop            `json:"delivery"`
	Amount   map[string]int64 `json:"amount,omitempty"`
	Return   map[string]int64 `json:"return,omitempty"`
	Skills   []string         `json:"skills,omitempty"`
	Priority int              `json:"priority,omitempty"`
	Penalty  json.Number      `json:"penalty,omitempty"`
}

// scaled returns v/scale as a JSON number, v itself when scale is 0 or 1.
func scaled(v int64, scale float64) any {
	if scale == 0 || scale == 1 {
		return v
	}
	return json.Number(strconv.FormatFloat(float64(v)/scale, 'f', -1, 64))
}

// dur returns a duration of a solution in seconds (over TimeScale).
func (m *Meta) dur(d int64) any { return scaled(d, m.TimeScale) }

// durIf is dur, nil for 0 (left out of the output).
func (m *Meta) durIf(d int64) any {
	if d == 0 {
		return nil
	}
	return m.dur(d)
}

// timeVal writes a time of day as "HH:MM" when the input used clock
// times, else as seconds.
func (m *Meta) timeVal(t int64) any {
	if m.Clock {
		return clock(t)
	}
	return scaled(t, m.TimeScale)
}

// durVal writes a duration as "1h30m" when the input used clock times,
// else as seconds.
func (m *Meta) durVal(d int64) any {
	if !m.Clock || d <= 0 {
		return d
	}
	s := ""
	if h := d / 3600; h > 0 {
		s += strconv.FormatInt(h, 10) + "h"
	}
	if mi := d / 60 % 60; mi > 0 {
		s += strconv.FormatInt(mi, 10) + "m"
	}
	if sec := d % 60; sec > 0 {
		s += strconv.FormatInt(sec, 10) + "s"
	}
	return s
}

func (m *Meta) windows(tw []route.TimeWindow) [][]any {
	var out [][]any
	for _, w := range tw {
		out = append(out, []any{m.timeVal(w.Start), m.timeVal(w.End)})
	}
	return out
}

func (m *Meta) locName(k int) string {
	if k >= 0 && k < len(m.Locations) && m.Locations[k].Name != "" {
		return m.Locations[k].Name
	}
	return fmt.Sprintf("loc%d", k)
}

func (m *Meta) dimName(k int) string {
	if k < len(m.Dimensions) {
		return m.Dimensions[k]
	}
	return fmt.Sprintf("q%d", k)
}

func (m *Meta) skillNames(sk []int) []string {
	var out []string
	for _, s := range sk {
		if s >= 0 && s < len(m.Skills) {
			out = append(out, m.Skills[s])
		} else {
			out = append(out, strconv.Itoa(s))
		}
	}
	return out
}

// amountMap names the non-zero entries of an amount (nil for nil; {} for
// all zeros).
func (m *Meta) amountMap(v []int64, skipUnlimited bool) map[string]int64 {
	if v == nil || m.Dims == 0 {
		return nil
	}
	out := map[string]int64{}
	for k, q := range v[:min(len(v), m.Dims)] {
		if q != 0 && !(skipUnlimited && q == unlimited) {
			out[m.dimName(k)] = q
		}
	}
	return out
}

// money formats integer cost units in the input's currency.
func (m *Meta) money(c float64) json.Number {
	scale := m.CostScale
	if scale == 0 {
		scale = 1
	}
	return json.Number(strconv.FormatFloat(c/scale, 'g', 12, 64))
}

// WriteProblemJSON writes p in the native JSON format, so that ReadJSON
// reads it back into the same Problem when m came from ReadJSON. Other
// Metas (VROOM's, DefaultMeta) convert: unnamed locations become "loc0",
// "loc1", …, unnamed dimensions "q0", …, and costs are written in their
// integer units over m.CostScale.
func WriteProblemJSON(w io.Writer, p *route.Problem, m *Meta) error {
	if m == nil {
		m = DefaultMeta(p)
	}
	unscaled := *m
	unscaled.TimeScale = 1 // the problem format keeps integer units
	m = &unscaled
	n := p.N
	if p.Dist == nil {
		return fmt.Errorf("routeio: WriteProblemJSON needs a problem with integer Dist")
	}
	out := nProblem{}
	allCoords := true
	for k := range n {
		l := nLocation{Name: m.locName(k)}
		if k < len(m.Locations) && m.Locations[k].HasCoord {
			lon, lat := m.Locations[k].Lon, m.Locations[k].Lat
			l.Lon, l.Lat = &lon, &lat
		} else {
			allCoords = false
		}
		out.Locations = append(out.Locations, l)
	}
	if m.MatrixGiven || !allCoords {
		rows := func(flat []int64) [][]int64 {
			r := make([][]int64, n)
			for i := range r {
				r[i] = flat[i*n : (i+1)*n]
			}
			return r
		}
		mat := &nMatrix{Durations: rows(p.Dist)}
		if p.Dur != nil {
			mat.Durations = rows(p.Dur)
		}
		if m.HasDistance {
			mat.Distances = rows(p.Dist)
		}
		out.Matrix = mat
	}
	if p.VehiclesFirst || (m.Area != "" && m.Area != "plain") {
		out.Options = &nOptions{VehiclesFirst: p.VehiclesFirst}
		if m.Area != "plain" {
			out.Options.Area = m.Area
		}
	}
	depotName := func(k int) any {
		if k == route.NoDepot {
			return nil
		}
		loc := 0
		if k >= 0 && k < len(p.Depots) {
			loc = p.Depots[k]
		}
		return m.locName(loc)
	}
	for i, v := range p.Vehicles {
		nv := nVehicle{ID: IntID(i + 1), Start: depotName(v.StartDepot), End: depotName(v.EndDepot),
			Capacity: m.amountMap(v.Capacity, true), Skills: m.skillNames(v.Skills),
			MaxStops: v.MaxStops, MaxDistance: v.MaxDistance}
		if v.MaxTravelTime > 0 {
			nv.MaxTravelTime = m.durVal(v.MaxTravelTime)
		}
		if v.MaxDuration > 0 {
			nv.MaxDuration = m.durVal(v.MaxDuration)
		}
		if i < len(m.VehicleIDs) {
			nv.ID = m.VehicleIDs[i]
		}
		if v.Count != 1 {
			c := v.Count
			nv.Count = &c
		}
		if v.Shift != (route.TimeWindow{}) {
			nv.Shift = []any{m.timeVal(v.Shift.Start), m.timeVal(v.Shift.End)}
		}
		for k, b := range v.Breaks {
			nb := nBreak{ID: IntID(k + 1), TimeWindows: m.windows(b.TimeWindows), Duration: m.durVal(b.Duration)}
			if i < len(m.BreakIDs) && k < len(m.BreakIDs[i]) {
				nb.ID = m.BreakIDs[i][k]
			}
			nv.Breaks = append(nv.Breaks, nb)
		}
		dc, tc := v.DistanceCost, v.TimeCost
		if tc == zeroCost && dc == 0 {
			tc = 0
		} else if dc == 0 && tc == 0 {
			dc = 1
		}
		nv.Costs = nCosts{Fixed: m.money(float64(v.FixedCost)), PerKm: m.money(dc * 1000), PerHour: m.money(tc * 3600)}
		out.Vehicles = append(out.Vehicles, nv)
	}
	penalty := func(pen int64) json.Number {
		if pen == 0 {
			return ""
		}
		return m.money(float64(pen))
	}
	stop := func(s route.Stop) nStop {
		ns := nStop{Location: m.locName(s.Location), TimeWindows: m.windows(s.TimeWindows)}
		if s.Service > 0 {
			ns.Service = m.durVal(s.Service)
		}
		if s.Setup > 0 {
			ns.Setup = m.durVal(s.Setup)
		}
		return ns
	}
	for i, c := range p.Clients {
		j := nJob{ID: IntID(i + 1), nStop: stop(route.Stop{Location: c.Location, Service: c.Service, Setup: c.Setup, TimeWindows: c.TimeWindows}),
			Pickup: m.amountMap(c.Demand, false), Delivery: m.amountMap(c.Delivery, false),
			Skills: m.skillNames(c.Skills), Priority: c.Priority, Penalty: penalty(c.Penalty)}
		if i < len(m.JobIDs) {
			j.ID = m.JobIDs[i]
		}
		out.Jobs = append(out.Jobs, j)
	}
	for i, s := range p.Shipments {
		ns := nShipment{ID: IntID(i + 1), Pickup: stop(s.Pickup), Delivery: stop(s.Delivery),
			Amount: m.amountMap(s.Amount, false), Return: m.amountMap(s.Return, false), Skills: m.skillNames(s.Skills), Priority: s.Priority, Penalty: penalty(s.Penalty)}
		if i < len(m.ShipmentIDs) {
			ns.ID = m.ShipmentIDs[i][0]
		}
		out.Shipments = append(out.Shipments, ns)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Native solution JSON, written by WriteJSON.
type nSolution struct {
	Summary    nTotals       `json:"summary"`
	Routes     []nRoute      `json:"routes"`
	Unassigned []nUnassigned `json:"unassigned"`
}

type nTotals struct {
	Cost        json.Number `json:"cost"`
	Routes      int         `json:"routes"`
	Unassigned  int         `json:"unassigned"`
	Distance    any         `json:"distance,omitempty"`
	TravelTime  any         `json:"travel_time"`
	Duration    any         `json:"duration"`
	WaitingTime any         `json:"waiting_time"`
	Service     any         `json:"service"`
}

type nRoute struct {
	Vehicle     ID          `json:"vehicle"`
	Unit        int         `json:"unit,omitempty"`
	Start       any         `json:"start"`
	End         any         `json:"end"`
	Cost        json.Number `json:"cost"`
	Distance    any         `json:"distance,omitempty"`
	TravelTime  any         `json:"travel_time"`
	Duration    any         `json:"duration"`
	WaitingTime any         `json:"waiting_time"`
	Service     any         `json:"service"`
	Stops       []nStep     `json:"stops"`
}

type nStep struct {
	Type         string           `json:"type"`
	ID           ID               `json:"id,omitempty"`
	Location     string           `json:"location,omitempty"`
	Arrival      any              `json:"arrival"`
	Wait         any              `json:"wait,omitempty"`
	ServiceStart any              `json:"service_start,omitempty"`
	Setup        any              `json:"setup,omitempty"`
	Service      any              `json:"service,omitempty"`
	Departure    any              `json:"departure,omitempty"`
	Load         map[string]int64 `json:"load,omitempty"`
	Distance     any              `json:"distance,omitempty"`
}

type nUnassigned struct {
	Type   string `json:"type"`
	ID     ID     `json:"id"`
	Reason string `json:"reason"`
}

// WriteJSON writes sol, a solution of p, in the native JSON solution
// format: a summary, each route with its stops (arrival, wait, service
// start, departure, load by dimension name, cumulative distance) and the
// unassigned jobs with their reasons. Times are "HH:MM" when the input
// used clock times, else seconds; durations are seconds, distances metres,
// costs in the input's currency (integer units over m.CostScale). A nil m
// means DefaultMeta(p).
func WriteJSON(w io.Writer, p *route.Problem, m *Meta, sol *route.Solution) error {
	if m == nil {
		m = DefaultMeta(p)
	}
	out := nSolution{Routes: []nRoute{}, Unassigned: []nUnassigned{}}
	sum := &out.Summary
	units := map[int]int{}
	var total, distance, travel, duration, wait, service int64
	for _, rt := range sol.Routes {
		rt = withSteps(p, rt)
		if err := checkRoute(p, m, rt); err != nil {
			return err
		}
		units[rt.Vehicle]++
		nr := nRoute{Vehicle: m.VehicleIDs[rt.Vehicle], Start: m.timeVal(rt.Start), End: m.timeVal(rt.End),
			Cost: m.money(float64(rt.Cost)), TravelTime: m.dur(rt.TravelTime), Duration: m.dur(rt.Duration),
			WaitingTime: m.dur(rt.WaitTime), Service: m.dur(rt.Service)}
		if rt.Vehicle < len(p.Vehicles) && p.Vehicles[rt.Vehicle].Count != 1 {
			nr.Unit = units[rt.Vehicle]
		}
		total += rt.Cost
		for _, st := range rt.Steps {
			ns := nStep{Type: st.Kind.String(), Arrival: m.timeVal(st.Arrival)}
			if st.Location >= 0 {
				ns.Location = m.locName(st.Location)
			}
			if st.Kind != route.StepStart && st.Kind != route.StepEnd {
				ns.Wait, ns.Setup, ns.Service = m.durIf(st.Wait), m.durIf(st.Setup), m.durIf(st.Service)
				ns.ServiceStart = m.timeVal(st.Arrival + st.Wait)
				ns.Departure = m.timeVal(st.Arrival + st.Wait + st.Setup + st.Service)
			}
			switch st.Kind {
			case route.StepClient:
				ns.ID = m.JobIDs[st.Index]
			case route.StepPickup:
				ns.ID = m.ShipmentIDs[st.Index][0]
			case route.StepDelivery:
				ns.ID = m.ShipmentIDs[st.Index][1]
			case route.StepBreak:
				ns.ID = m.BreakIDs[rt.Vehicle][st.Index]
			}
			ns.Load = m.amountMap(st.Load, false)
			if m.HasDistance {
				ns.Distance = scaled(st.Distance, m.DistanceScale)
			}
			nr.Stops = append(nr.Stops, ns)
		}
		if m.HasDistance {
			d := rt.Distance
			if k := len(rt.Steps); k > 0 {
				d = rt.Steps[k-1].Distance
			}
			nr.Distance = scaled(d, m.DistanceScale)
			distance += d
		}
		travel += rt.TravelTime
		duration += rt.Duration
		wait += rt.WaitTime
		service += rt.Service
		out.Routes = append(out.Routes, nr)
	}
	sum.Cost = m.money(float64(total))
	sum.Routes = len(out.Routes)
	sum.TravelTime, sum.Duration, sum.WaitingTime, sum.Service = m.dur(travel), m.dur(duration), m.dur(wait), m.dur(service)
	if m.HasDistance {
		sum.Distance = scaled(distance, m.DistanceScale)
	}
	for _, u := range sol.Unassigned {
		nu := nUnassigned{Reason: u.Reason}
		switch {
		case u.Kind == route.JobClient && u.Index >= 0 && u.Index < len(m.JobIDs):
			nu.Type, nu.ID = "job", m.JobIDs[u.Index]
		case u.Kind == route.JobShipment && u.Index >= 0 && u.Index < len(m.ShipmentIDs):
			nu.Type, nu.ID = "shipment", m.ShipmentIDs[u.Index][0]
		default:
			return fmt.Errorf("routeio: unassigned job %d of kind %d out of range", u.Index, u.Kind)
		}
		out.Unassigned = append(out.Unassigned, nu)
	}
	sum.Unassigned = len(out.Unassigned)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
