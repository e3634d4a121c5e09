package locateio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/huishou/huishou/optimizer/locate"
)

// Input is the JSON form of a locate.Problem. Example:
//
//	{"single_source": false, "budget": 0, "coverage": {"radius": 5000, "penalty": 100},
//	 "sites": [{"tier": 0, "fixed": 10, "capacity": 50, "handling": 0.5, "status": "free",
//	            "modules": [{"fixed": 10, "capacity": 50}, {"fixed": 15, "capacity": 90, "handling": 0.2}]},
//	           {"tier": 1, "fixed": 0, "capacity": 0, "status": "open"}],
//	 "demands": [{"amount": 7, "arcs": [{"site": 0, "cost": 3.5, "distance": 1200}]}],
//	 "links": [{"from": 0, "to": 1, "cost": 0.2}]}
//
// capacity 0 means unlimited; status is free, open or closed; a site with
// modules opens at exactly one of them (a module's handling is added to the
// site's per unit); the last tier's sites are sinks.
type Input struct {
	SingleSource bool     `json:"single_source"`
	Budget       float64  `json:"budget"`
	Coverage     Coverage `json:"coverage"`
	Sites        []Site   `json:"sites"`
	Demands      []Demand `json:"demands"`
	Links        []Link   `json:"links"`
}

// Coverage is the coverage rule: arcs longer than Radius pay Penalty per unit.
type Coverage struct {
	Radius  float64 `json:"radius"`
	Penalty float64 `json:"penalty"`
}

// Site is a candidate facility.
type Site struct {
	Tier     int      `json:"tier"`
	Fixed    float64  `json:"fixed"`
	Capacity float64  `json:"capacity"`
	Handling float64  `json:"handling"`
	Status   string   `json:"status"` // "", "free", "open" or "closed"
	Modules  []Module `json:"modules"`
}

// Module is one size a site may open at.
type Module struct {
	Fixed    float64 `json:"fixed"`
	Capacity float64 `json:"capacity"`
	Handling float64 `json:"handling"`
}

// Demand is a demand point with its arcs to tier-0 sites.
type Demand struct {
	Amount float64 `json:"amount"`
	Arcs   []Arc   `json:"arcs"`
}

// Arc is a way to serve a demand point from a site.
type Arc struct {
	Site     int     `json:"site"`
	Cost     float64 `json:"cost"`
	Distance float64 `json:"distance"`
}

// Link carries flow from a site of tier t to one of tier t+1.
type Link struct {
	From int     `json:"from"`
	To   int     `json:"to"`
	Cost float64 `json:"cost"`
}

// Read decodes one JSON Input from r (unknown fields are errors) and
// converts it with Input.Problem.
func Read(r io.Reader) (*locate.Problem, error) {
	var in Input
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, err
	}
	return in.Problem()
}

// Problem converts in to the engine's model. A bad status is a
// *locate.InputError naming "sites[i].status"; the rest is checked by
// locate.Solve (Problem.Validate).
func (in *Input) Problem() (*locate.Problem, error) {
	p := &locate.Problem{SingleSource: in.SingleSource, Budget: in.Budget,
		Coverage: locate.Coverage{Radius: in.Coverage.Radius, Penalty: in.Coverage.Penalty}}
	for i, s := range in.Sites {
		site := locate.Site{Tier: s.Tier, Fixed: s.Fixed, Capacity: s.Capacity, Handling: s.Handling}
		switch s.Status {
		case "", "free":
		case "open":
			site.Status = locate.ForceOpen
		case "closed":
			site.Status = locate.ForceClosed
		default:
			return nil, &locate.InputError{Field: fmt.Sprintf("sites[%d].status", i), Msg: fmt.Sprintf("%q is not free, open or closed", s.Status)}
		}
		for _, m := range s.Modules {
			site.Modules = append(site.Modules, locate.Module{Fixed: m.Fixed, Capacity: m.Capacity, Handling: m.Handling})
		}
		p.Sites = append(p.Sites, site)
	}
	for _, d := range in.Demands {
		dem := locate.Demand{Amount: d.Amount}
		for _, a := range d.Arcs {
			dem.Arcs = append(dem.Arcs, locate.Arc{Site: a.Site, Cost: a.Cost, Distance: a.Distance})
		}
		p.Demands = append(p.Demands, dem)
	}
	for _, l := range in.Links {
		p.Links = append(p.Links, locate.Link{From: l.From, To: l.To, Cost: l.Cost})
	}
	return p, nil
}

// Answer is the JSON answer: 0-based indices in input order.
type Answer struct {
	Cost       float64 `json:"cost"`
	LowerBound float64 `json:"lower_bound"`
	GapPct     float64 `json:"gap_pct"`
	Proved     bool    `json:"proved"`
	Open       []int   `json:"open"`
	// Modules is, per site, −1 when closed, else the module index (generic
	// model only).
	Modules []int `json:"modules,omitempty"`
	// Assign lists [customer j, site i, fraction of j's demand].
	Assign [][3]float64 `json:"assign"`
	// Assignment is the site of each customer with single-sourcing.
	Assignment []int     `json:"assignment,omitempty"`
	LinkFlow   []float64 `json:"link_flow,omitempty"`
	Nodes      int       `json:"nodes"`
	Seconds    float64   `json:"seconds"`
	StopReason string    `json:"stop_reason"`
}

// NewAnswer converts a solution. generic adds the per-site modules and the
// link flows, which only the generic model (Input) has.
func NewAnswer(sol *locate.Solution, generic bool) *Answer {
	a := &Answer{Cost: sol.Cost, LowerBound: sol.LowerBound, GapPct: 100 * sol.Gap(), Proved: sol.Proved,
		Open: sol.Open, Assignment: sol.Assignment, Nodes: sol.Stats.Nodes, Seconds: sol.Stats.Elapsed.Seconds(), StopReason: sol.Stats.StopReason}
	if a.Open == nil {
		a.Open = []int{}
	}
	if generic {
		a.Modules = sol.Module
		a.LinkFlow = sol.LinkFlow
	}
	a.Assign = make([][3]float64, len(sol.Assign))
	for k, x := range sol.Assign {
		a.Assign[k] = [3]float64{float64(x.Demand), float64(x.Site), x.Fraction}
	}
	return a
}

// Write writes a as one line of JSON.
func Write(w io.Writer, a *Answer) error {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(a); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
