package routefile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/huishou/huishou/benchmarks/cvrp"
	"github.com/huishou/huishou/benchmarks/vrptw"
	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routecheck"
	"github.com/huishou/huishou/optimizer/route/routeio"
)

// Formats are the instance formats Read accepts.
var Formats = []string{"cvrplib", "solomon", "lilim", "cordeau", "vroom", "json"}

// OutFormats are the solution formats File.Writer accepts.
var OutFormats = []string{"cvrplib", "vroom", "json"}

// File is an instance read by Read, with what its writers need.
type File struct {
	Problem *route.Problem
	// Meta holds ids, coordinates and units for the JSON writers.
	Meta *routeio.Meta
	// Text holds labels and the cost scale of the cvrplib out-format.
	Text routeio.TextOptions
	// Out is the default out-format: cvrplib for benchmark files, else the
	// input's own.
	Out string
	// cvrp writes a CVRPLIB .sol for a .vrp input; nil for the others.
	cvrp func(io.Writer, *route.Solution) error
	// vrptw is the benchmark instance of Solomon, Li & Lim and Cordeau
	// files, re-checked with the set's own rules.
	vrptw *vrptw.Instance
}

// Read reads data (name is used in errors and benchmark ids) in format f,
// one of Formats. vehiclesFirst, when not nil, overrides the ranking of
// fewer vehicles before less cost (Solomon and Li & Lim rank vehicles first
// by default).
func Read(f, name string, data []byte, vehiclesFirst *bool) (*File, error) {
	r := bytes.NewBuffer(data) // the JSON readers take its bytes without a copy
	switch f {
	case "cvrplib":
		in, err := cvrp.ReadVRP(r)
		if err != nil {
			return nil, err
		}
		rf := &File{Problem: in.Problem(), Out: "cvrplib"}
		rf.cvrp = func(w io.Writer, s *route.Solution) error { return cvrp.WriteSolution(w, in.FromSolution(s), s.Cost) }
		rf.Meta = routeio.DefaultMeta(rf.Problem)
		rf.Meta.Dimensions = []string{"demand"}
		if vehiclesFirst != nil {
			rf.Problem.VehiclesFirst = *vehiclesFirst
		}
		return rf, nil
	case "solomon", "lilim", "cordeau":
		read := map[string]func(io.Reader, string) (*vrptw.Instance, error){
			"solomon": vrptw.ReadSolomon, "lilim": vrptw.ReadLiLim, "cordeau": vrptw.ReadCordeau}[f]
		in, err := read(r, name)
		if err != nil {
			return nil, err
		}
		// Solomon and Li & Lim rank by vehicles first (the converter's
		// default); vehiclesFirst=false ranks by distance alone.
		opt := vrptw.ProblemOptions{DistanceOnly: vehiclesFirst != nil && !*vehiclesFirst}
		p := in.Problem(opt)
		if vehiclesFirst != nil {
			p.VehiclesFirst = *vehiclesFirst
		}
		scale := p.CostScale
		m := routeio.DefaultMeta(p)
		m.CostScale, m.TimeScale, m.DistanceScale = scale, scale, scale
		m.Dimensions = []string{"demand"}
		node := func(kind route.StepKind, i int) int {
			switch kind {
			case route.StepPickup:
				return in.Nodes[p.Shipments[i].Pickup.Location].ID
			case route.StepDelivery:
				return in.Nodes[p.Shipments[i].Delivery.Location].ID
			}
			return in.Nodes[p.Clients[i].Location].ID
		}
		for i := range p.Clients {
			m.JobIDs[i] = routeio.IntID(node(route.StepClient, i))
		}
		for i := range p.Shipments {
			m.ShipmentIDs[i] = [2]routeio.ID{routeio.IntID(node(route.StepPickup, i)), routeio.IntID(node(route.StepDelivery, i))}
		}
		for k := range m.Locations {
			m.Locations[k].Name = fmt.Sprint(in.Nodes[k].ID)
		}
		return &File{Problem: p, Meta: m, Out: "cvrplib", vrptw: in, Text: routeio.TextOptions{
			Label: func(kind route.StepKind, i int) string { return fmt.Sprint(node(kind, i)) },
			Scale: scale, Decimals: 2,
		}}, nil
	case "vroom", "json":
		read := routeio.ReadVROOM
		if f == "json" {
			read = routeio.ReadJSON
		}
		p, m, err := read(r)
		if err != nil {
			return nil, err
		}
		if vehiclesFirst != nil {
			p.VehiclesFirst = *vehiclesFirst
		}
		rf := &File{Problem: p, Meta: m, Out: f}
		rf.Text.Label = func(kind route.StepKind, i int) string {
			switch kind {
			case route.StepPickup:
				return m.ShipmentIDs[i][0].String()
			case route.StepDelivery:
				return m.ShipmentIDs[i][1].String()
			}
			return m.JobIDs[i].String()
		}
		if m.CostScale != 1 {
			rf.Text.Scale, rf.Text.Decimals = m.CostScale, 2
		}
		return rf, nil
	}
	return nil, fmt.Errorf("unknown --format %q (auto, %s)", f, strings.Join(Formats, ", "))
}

// Writer returns the writer of solutions in out-format of ("" for the
// file's default, File.Out): Route #k lines and Cost (cvrplib), VROOM's
// solution JSON (vroom) or native JSON (json).
func (f *File) Writer(of string) (func(io.Writer, *route.Solution) error, error) {
	if of == "" {
		of = f.Out
	}
	switch of {
	case "cvrplib":
		if f.cvrp != nil {
			return f.cvrp, nil
		}
		return func(w io.Writer, s *route.Solution) error { return routeio.WriteText(w, s, f.Text) }, nil
	case "vroom":
		return func(w io.Writer, s *route.Solution) error { return routeio.WriteVROOM(w, f.Problem, f.Meta, s) }, nil
	case "json":
		return func(w io.Writer, s *route.Solution) error { return routeio.WriteJSON(w, f.Problem, f.Meta, s) }, nil
	}
	return nil, fmt.Errorf("unknown --out-format %q (%s)", of, strings.Join(OutFormats, ", "))
}

// Unassigned describes each unassigned job of sol as "job ID: reason" or
// "shipment ID: reason", with the file's own ids.
func (f *File) Unassigned(sol *route.Solution) []string {
	var out []string
	for _, u := range sol.Unassigned {
		kind, id := "job", ""
		if u.Kind == route.JobShipment {
			kind = "shipment"
			if u.Index >= 0 && u.Index < len(f.Meta.ShipmentIDs) {
				id = f.Meta.ShipmentIDs[u.Index][0].String()
			}
		} else if u.Index >= 0 && u.Index < len(f.Meta.JobIDs) {
			id = f.Meta.JobIDs[u.Index].String()
		}
		out = append(out, fmt.Sprintf("%s %s: %s", kind, id, u.Reason))
	}
	return out
}

// Check re-checks sol independently of the engine: a rich problem with
// routecheck, a benchmark file also with its set's own rules in its real
// numbers. It returns the violations found.
func (f *File) Check(sol *route.Solution) ([]string, error) {
	var out []string
	if f.Problem.Rich() {
		rep, err := routecheck.Check(f.Problem, sol)
		if err != nil {
			return nil, fmt.Errorf("checking the solution: %w", err)
		}
		for _, v := range rep.Violations {
			out = append(out, fmt.Sprint(v))
		}
	}
	if f.vrptw != nil {
		rep, err := vrptw.Check(f.vrptw, f.vrptw.Routes(f.Problem, sol))
		if err != nil {
			return nil, err
		}
		for _, v := range rep.Violations {
			out = append(out, fmt.Sprint(v))
		}
	}
	return out, nil
}

// MapError names the file's own fields in a solver error (see
// routeio.Meta.MapError); other formats return err as it is.
func (f *File) MapError(err error) error {
	if f.Meta.Format != "" {
		return f.Meta.MapError(err)
	}
	return err
}

// Detect tells an instance's format by its path's extension and, for .json
// and .txt files, its content; "-" (standard input) by its content alone.
func Detect(path string, data []byte) (string, error) {
	if path == "-" { // standard input: by content alone
		if f := routeio.Sniff(data); f != "" {
			return f, nil
		}
		if f := SniffBenchmark(data); f != "" {
			return f, nil
		}
		return "", fmt.Errorf("cannot tell the format of the standard input; give --format (%s)", strings.Join(Formats, ", "))
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".vrp":
		return "cvrplib", nil
	case ".json":
		if f := routeio.Sniff(data); f != "" {
			return f, nil
		}
		return "", fmt.Errorf("cannot tell whether %q is VROOM or native JSON; give --format vroom or --format json", path)
	case ".txt":
		if f := SniffBenchmark(data); f != "" {
			return f, nil
		}
		return "", fmt.Errorf("cannot tell the benchmark set of %q from its content; give --format solomon, lilim or cordeau", path)
	}
	return "", fmt.Errorf("cannot tell the format of %q from its extension; give --format (%s)", path, strings.Join(Formats, ", "))
}

// SniffBenchmark tells Solomon (a "VEHICLE" line), Li & Lim (a first line
// of 3 numbers) and Cordeau (a first line of 4 numbers) files apart; ""
// when it is none of them.
func SniffBenchmark(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	first := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if strings.EqualFold(line, "VEHICLE") {
			return "solomon"
		}
		if first == "" {
			first = line
		}
	}
	fields := strings.Fields(first)
	for _, f := range fields {
		if _, err := fmt.Sscanf(f, "%g", new(float64)); err != nil {
			return ""
		}
	}
	switch len(fields) {
	case 3:
		return "lilim"
	case 4:
		return "cordeau"
	}
	return ""
}
