package routeio

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/huishou/huishou/optimizer/route"
)

// A VROOM solution, as documented in VROOM's API.md ("Output"), with one
// extension: each unassigned task has a "reason".
type vroomSolution struct {
	Code       int               `json:"code"`
	Summary    vroomSummary      `json:"summary"`
	Unassigned []vroomUnassigned `json:"unassigned"`
	Routes     []vroomRoute      `json:"routes"`
}

type vroomTotals struct {
	Cost        json.Number `json:"cost"`
	Delivery    []int64     `json:"delivery,omitempty"`
	Pickup      []int64     `json:"pickup,omitempty"`
	Setup       int64       `json:"setup"`
	Service     int64       `json:"service"`
	Duration    int64       `json:"duration"`
	WaitingTime int64       `json:"waiting_time"`
	Priority    int64       `json:"priority"`
	Distance    *int64      `json:"distance,omitempty"`
	Violations  []struct{}  `json:"violations"`
}

type vroomSummary struct {
	Routes     int `json:"routes"`
	Unassigned int `json:"unassigned"`
	vroomTotals
	ComputingTimes struct {
		Loading int64 `json:"loading"`
		Solving int64 `json:"solving"`
	} `json:"computing_times"`
}

type vroomRoute struct {
	Vehicle     ID     `json:"vehicle"`
	Description string `json:"description,omitempty"`
	vroomTotals
	Steps []vroomStep `json:"steps"`
}

type vroomStep struct {
	Type          string     `json:"type"`
	ID            ID         `json:"id,omitempty"`
	Description   string     `json:"description,omitempty"`
	Location      []float64  `json:"location,omitempty"`
	LocationIndex *int       `json:"location_index,omitempty"`
	Setup         int64      `json:"setup"`
	Service       int64      `json:"service"`
	WaitingTime   int64      `json:"waiting_time"`
	Load          []int64    `json:"load,omitempty"`
	Arrival       int64      `json:"arrival"`
	Duration      int64      `json:"duration"`
	Distance      *int64     `json:"distance,omitempty"`
	Violations    []struct{} `json:"violations"`
}

type vroomUnassigned struct {
	ID            ID        `json:"id"`
	Type          string    `json:"type"`
	Description   string    `json:"description,omitempty"`
	Location      []float64 `json:"location,omitempty"`
	LocationIndex *int      `json:"location_index,omitempty"`
	Reason        string    `json:"reason,omitempty"`
}

// WriteVROOM writes sol, a solution of p, in VROOM's solution format:
// routes with their steps (arrival, cumulative travel "duration", setup,
// service, waiting_time, load, distance), totals per route and in the
// summary, and the unassigned tasks. As in VROOM, "duration" is travel
// time; "cost" is the engine's route cost (see the package documentation
// for how it differs from VROOM's), divided by m.CostScale. Unassigned
// tasks carry a "reason", an extension of VROOM's format. A nil m means
// DefaultMeta(p).
func WriteVROOM(w io.Writer, p *route.Problem, m *Meta, sol *route.Solution) error {
	if m == nil {
		m = DefaultMeta(p)
	}
	out := vroomSolution{Routes: []vroomRoute{}, Unassigned: []vroomUnassigned{}}
	sum := &out.Summary
	sum.Violations = []struct{}{}
	if m.Dims > 0 {
		sum.Delivery, sum.Pickup = make([]int64, m.Dims), make([]int64, m.Dims)
	}
	if m.HasDistance {
		sum.Distance = new(int64)
	}
	var totalCost int64
	for _, rt := range sol.Routes {
		rt = withSteps(p, rt)
		if err := checkRoute(p, m, rt); err != nil {
			return err
		}
		vr := vroomRoute{Vehicle: m.VehicleIDs[rt.Vehicle], Description: m.Descriptions["vehicle:"+string(m.VehicleIDs[rt.Vehicle])]}
		t := &vr.vroomTotals
		t.Cost = m.cost(rt.Cost)
		t.Violations = []struct{}{}
		totalCost += rt.Cost
		if m.Dims > 0 {
			t.Delivery, t.Pickup = make([]int64, m.Dims), make([]int64, m.Dims)
		}
		t.Duration, t.WaitingTime = rt.TravelTime, rt.WaitTime
		var travel int64
		lastLoc := -1
		for k, st := range rt.Steps {
			if k > 0 {
				prev := rt.Steps[k-1]
				travel += st.Arrival - (prev.Arrival + prev.Wait + prev.Setup + prev.Service)
			}
			vs := vroomStep{Type: st.Kind.String(), Setup: st.Setup, Service: st.Service, WaitingTime: st.Wait,
				Arrival: st.Arrival, Duration: travel, Violations: []struct{}{}}
			if m.Dims > 0 {
				vs.Load = st.Load[:m.Dims]
			}
			if m.HasDistance {
				d := st.Distance
				vs.Distance = &d
			}
			loc := st.Location
			if st.Kind == route.StepEnd && loc < 0 {
				loc = lastLoc
			}
			if loc >= 0 {
				vs.Location, vs.LocationIndex = m.where(loc)
				lastLoc = loc
			}
			switch st.Kind {
			case route.StepClient:
				c := &p.Clients[st.Index]
				vs.ID = m.JobIDs[st.Index]
				vs.Description = m.Descriptions["job:"+string(vs.ID)]
				addTo(t.Delivery, c.Delivery)
				addTo(t.Pickup, c.Demand)
				t.Priority += int64(c.Priority)
			case route.StepPickup, route.StepDelivery:
				s := &p.Shipments[st.Index]
				k := 0
				if st.Kind == route.StepDelivery {
					k = 1
					addTo(t.Delivery, s.Amount)
					addTo(t.Pickup, s.Return)
				} else {
					addTo(t.Pickup, s.Amount)
				}
				vs.ID = m.ShipmentIDs[st.Index][k]
				vs.Description = m.Descriptions[vs.Type+":"+string(vs.ID)]
				t.Priority += int64(s.Priority)
			case route.StepBreak:
				vs.ID = m.BreakIDs[rt.Vehicle][st.Index]
				vs.Description = m.Descriptions[fmt.Sprintf("break:%d:%s", rt.Vehicle, vs.ID)]
			}
			t.Setup += st.Setup
			t.Service += st.Service
			vr.Steps = append(vr.Steps, vs)
		}
		if m.HasDistance {
			d := rt.Distance
			if n := len(rt.Steps); n > 0 {
				d = rt.Steps[n-1].Distance
			}
			t.Distance = &d
			*sum.Distance += d
		}
		addTo(sum.Delivery, t.Delivery)
		addTo(sum.Pickup, t.Pickup)
		sum.Setup += t.Setup
		sum.Service += t.Service
		sum.Duration += t.Duration
		sum.WaitingTime += t.WaitingTime
		sum.Priority += t.Priority
		out.Routes = append(out.Routes, vr)
	}
	sum.Cost = m.cost(totalCost)
	sum.Routes = len(out.Routes)
	for _, u := range sol.Unassigned {
		switch u.Kind {
		case route.JobClient:
			if u.Index < 0 || u.Index >= len(p.Clients) {
				return fmt.Errorf("routeio: unassigned client %d outside [0, %d)", u.Index, len(p.Clients))
			}
			vu := vroomUnassigned{ID: m.JobIDs[u.Index], Type: "job", Reason: u.Reason}
			vu.Description = m.Descriptions["job:"+string(vu.ID)]
			vu.Location, vu.LocationIndex = m.where(p.Clients[u.Index].Location)
			out.Unassigned = append(out.Unassigned, vu)
		case route.JobShipment:
			if u.Index < 0 || u.Index >= len(p.Shipments) {
				return fmt.Errorf("routeio: unassigned shipment %d outside [0, %d)", u.Index, len(p.Shipments))
			}
			s := &p.Shipments[u.Index]
			for k, kind := range []string{"pickup", "delivery"} {
				vu := vroomUnassigned{ID: m.ShipmentIDs[u.Index][k], Type: kind, Reason: u.Reason}
				vu.Description = m.Descriptions[kind+":"+string(vu.ID)]
				loc := s.Pickup.Location
				if k == 1 {
					loc = s.Delivery.Location
				}
				vu.Location, vu.LocationIndex = m.where(loc)
				out.Unassigned = append(out.Unassigned, vu)
			}
		}
	}
	sum.Unassigned = len(out.Unassigned)
	sum.ComputingTimes.Loading = m.Loading.Milliseconds()
	sum.ComputingTimes.Solving = sol.Stats.Elapsed.Milliseconds()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// checkRoute checks the indices of rt against p and m so that writers
// never index out of range.
func checkRoute(p *route.Problem, m *Meta, rt route.Route) error {
	if rt.Vehicle < 0 || rt.Vehicle >= len(m.VehicleIDs) || rt.Vehicle >= max(len(p.Vehicles), 1) {
		return fmt.Errorf("routeio: route vehicle %d outside [0, %d)", rt.Vehicle, len(m.VehicleIDs))
	}
	for k, st := range rt.Steps {
		var n int
		switch st.Kind {
		case route.StepClient:
			n = len(p.Clients)
		case route.StepPickup, route.StepDelivery:
			n = len(p.Shipments)
		case route.StepBreak:
			n = len(m.BreakIDs[rt.Vehicle])
		default:
			continue
		}
		if st.Index < 0 || st.Index >= n {
			return fmt.Errorf("routeio: step %d (%s) index %d outside [0, %d)", k, st.Kind, st.Index, n)
		}
		if st.Location >= len(m.Locations) {
			return fmt.Errorf("routeio: step %d location %d outside [0, %d)", k, st.Location, len(m.Locations))
		}
		if m.Dims > 0 && len(st.Load) < m.Dims {
			return fmt.Errorf("routeio: step %d has %d load dimensions, want %d", k, len(st.Load), m.Dims)
		}
	}
	return nil
}

// where returns the output coordinates and index of matrix location loc.
func (m *Meta) where(loc int) ([]float64, *int) {
	if loc < 0 || loc >= len(m.Locations) {
		return nil, nil
	}
	var c []float64
	if l := m.Locations[loc]; l.HasCoord {
		c = []float64{l.Lon, l.Lat}
	}
	if m.MatrixGiven {
		return c, &loc
	}
	return c, nil
}

// cost returns an integer cost in the input's currency: an integer when
// CostScale is 1, else the quotient.
func (m *Meta) cost(c int64) json.Number {
	if m.CostScale == 0 || m.CostScale == 1 {
		return json.Number(strconv.FormatInt(c, 10))
	}
	return json.Number(strconv.FormatFloat(float64(c)/m.CostScale, 'f', -1, 64))
}

func addTo(sum, v []int64) {
	for k := range min(len(sum), len(v)) {
		sum[k] += v[k]
	}
}
