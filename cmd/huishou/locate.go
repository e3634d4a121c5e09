package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/huishou/huishou/benchmarks/cflp"
	"github.com/huishou/huishou/optimizer/locate"
)

func init() {
	register(&command{
		Name:    "locate",
		Summary: "solve a facility-location problem with a proven lower bound",
		Usage:   "huishou locate --in FILE --format orlib|holmberg|json [--capacity C] [--sourcing multi|single] [--time 10s] [--out FILE]",
		Example: "huishou locate --in ../shared/benchmarks/cflp/orlib/capa.txt --format orlib --capacity 8000 --time 30s",
		Run:     runLocate,
	})
}

// locateJSON is the `--format json` input: the generic multi-echelon model
// of optimizer/locate. Indices are 0-based. Example:
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
type locateJSON struct {
	SingleSource bool    `json:"single_source"`
	Budget       float64 `json:"budget"`
	Coverage     struct {
		Radius  float64 `json:"radius"`
		Penalty float64 `json:"penalty"`
	} `json:"coverage"`
	Sites []struct {
		Tier     int     `json:"tier"`
		Fixed    float64 `json:"fixed"`
		Capacity float64 `json:"capacity"`
		Handling float64 `json:"handling"`
		Status   string  `json:"status"`
		Modules  []struct {
			Fixed    float64 `json:"fixed"`
			Capacity float64 `json:"capacity"`
			Handling float64 `json:"handling"`
		} `json:"modules"`
	} `json:"sites"`
	Demands []struct {
		Amount float64 `json:"amount"`
		Arcs   []struct {
			Site     int     `json:"site"`
			Cost     float64 `json:"cost"`
			Distance float64 `json:"distance"`
		} `json:"arcs"`
	} `json:"demands"`
	Links []struct {
		From int     `json:"from"`
		To   int     `json:"to"`
		Cost float64 `json:"cost"`
	} `json:"links"`
}

func (w *locateJSON) problem() (*locate.Problem, error) {
	p := &locate.Problem{SingleSource: w.SingleSource, Budget: w.Budget,
		Coverage: locate.Coverage{Radius: w.Coverage.Radius, Penalty: w.Coverage.Penalty}}
	for i, s := range w.Sites {
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
	for _, d := range w.Demands {
		dem := locate.Demand{Amount: d.Amount}
		for _, a := range d.Arcs {
			dem.Arcs = append(dem.Arcs, locate.Arc{Site: a.Site, Cost: a.Cost, Distance: a.Distance})
		}
		p.Demands = append(p.Demands, dem)
	}
	for _, l := range w.Links {
		p.Links = append(p.Links, locate.Link{From: l.From, To: l.To, Cost: l.Cost})
	}
	return p, nil
}

// locateOut is the JSON answer: 0-based indices in input order.
type locateOut struct {
	Cost       float64      `json:"cost"`
	LowerBound float64      `json:"lower_bound"`
	GapPct     float64      `json:"gap_pct"`
	Proved     bool         `json:"proved"`
	Open       []int        `json:"open"`
	Modules    []int        `json:"modules,omitempty"` // per site: −1 closed, else module index (json format only)
	Assign     [][3]float64 `json:"assign"`            // [customer j, site i, fraction of j's demand]
	Assignment []int        `json:"assignment,omitempty"`
	LinkFlow   []float64    `json:"link_flow,omitempty"`
	Nodes      int          `json:"nodes"`
	Seconds    float64      `json:"seconds"`
	StopReason string       `json:"stop_reason"`
}

func runLocate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["locate"], stderr)
	inPath := fs.String("in", "", "input file")
	format := fs.String("format", "", "orlib (multi-sourcing), holmberg (single-sourcing) or json (generic model); default from the file name")
	capacity := fs.Float64("capacity", 0, "value for the `capacity` placeholder of OR-Library capa/capb/capc files")
	sourcing := fs.String("sourcing", "", "multi or single (default: multi for orlib, single for holmberg, the file's for json)")
	limit := fs.Duration("time", 10*time.Second, "time limit")
	outPath := fs.String("out", "", "write the JSON answer here instead of stdout")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *inPath == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	data, err := os.ReadFile(*inPath)
	if err != nil {
		return err
	}
	name := filepath.Base(*inPath)
	if *format == "" {
		switch {
		case filepath.Ext(name) == ".json":
			*format = "json"
		case len(name) > 3 && name[:3] == "cap":
			*format = "orlib"
		default:
			*format = "holmberg"
		}
	}
	var p *locate.Problem
	switch *format {
	case "orlib", "holmberg":
		var in *cflp.Instance
		if *format == "orlib" {
			in, err = cflp.ReadORLib(name, bytes.NewReader(data), *capacity)
		} else {
			in, err = cflp.ReadHolmberg(name, bytes.NewReader(data))
		}
		if err != nil {
			return err
		}
		single := *format == "holmberg"
		switch *sourcing {
		case "single":
			single = true
		case "multi":
			single = false
		}
		p = in.Problem(single)
	case "json":
		var w locateJSON
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&w); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if p, err = w.problem(); err != nil {
			return err
		}
		switch *sourcing {
		case "single":
			p.SingleSource = true
		case "multi":
			p.SingleSource = false
		}
	default:
		return fmt.Errorf("unknown format %q (orlib, holmberg or json)", *format)
	}
	pr := newProgress(stderr, "locate "+name)
	sol, err := locate.Solve(context.Background(), p, locate.Options{TimeLimit: *limit, Progress: func(g locate.Progress) {
		pr.Text("cost %.3f  bound %.3f  nodes %d  %.1fs", g.Cost, g.LowerBound, g.Nodes, g.Elapsed.Seconds())
	}})
	pr.Done()
	if err != nil {
		return err
	}
	out := locateOut{Cost: sol.Cost, LowerBound: sol.LowerBound, GapPct: 100 * sol.Gap(), Proved: sol.Proved,
		Open: sol.Open, Assignment: sol.Assignment, Nodes: sol.Stats.Nodes, Seconds: sol.Stats.Elapsed.Seconds(), StopReason: sol.Stats.StopReason}
	if out.Open == nil {
		out.Open = []int{}
	}
	if *format == "json" {
		out.Modules = sol.Module
		out.LinkFlow = sol.LinkFlow
	}
	out.Assign = make([][3]float64, len(sol.Assign))
	for k, a := range sol.Assign {
		out.Assign[k] = [3]float64{float64(a.Demand), float64(a.Site), a.Fraction}
	}
	w := stdout
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(out); err != nil {
		return err
	}
	if *outPath != "" {
		return w.(*os.File).Close()
	}
	return nil
}
