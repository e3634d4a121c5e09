package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/cvrp"
	"github.com/huishou/huishou/benchmarks/vrptw"
	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routecheck"
	"github.com/huishou/huishou/optimizer/route/routeio"
)

func init() {
	register(&command{
		Name:    "route",
		Summary: "solve a vehicle-routing instance file (CVRPLIB, Solomon, Li & Lim, Cordeau, VROOM or native JSON) and write its routes",
		Usage: "huishou route --in FILE [--format auto|cvrplib|solomon|lilim|cordeau|vroom|json] [--out-format cvrplib|vroom|json]\n" +
			"                     [--time 10s] [--seed 1] [--threads 1] [--out FILE] [--vehicles-first]",
		Example: "huishou route --in optimizer/route/routeio/example.json --time 5s --out-format json",
		Run:     runRoute,
	})
}

// routeInFormats are the --format names, auto aside.
var routeInFormats = []string{"cvrplib", "solomon", "lilim", "cordeau", "vroom", "json"}

// routeInput is a problem read by `huishou route`, with what its writers
// need.
type routeInput struct {
	p    *route.Problem
	meta *routeio.Meta       // ids, coordinates and units for the JSON writers
	text routeio.TextOptions // labels and cost scale of the cvrplib out-format
	// cvrp writes a CVRPLIB .sol for a .vrp input, exactly as before the
	// rich formats existed; nil for the other inputs.
	cvrp func(io.Writer, *route.Solution) error
	// out is the default --out-format; vrptw is set for the benchmark sets.
	out   string
	vrptw *vrptw.Instance
}

// readRouteInput reads data (the file name is used in errors) in format
// f. vehiclesFirst is nil when --vehicles-first was not given.
func readRouteInput(f, name string, data []byte, vehiclesFirst *bool) (*routeInput, error) {
	r := bytes.NewBuffer(data) // the JSON readers take its bytes without a copy
	switch f {
	case "cvrplib":
		in, err := cvrp.ReadVRP(r)
		if err != nil {
			return nil, err
		}
		ri := &routeInput{p: in.Problem(), out: "cvrplib"}
		ri.cvrp = func(w io.Writer, s *route.Solution) error { return cvrp.WriteSolution(w, in.FromSolution(s), s.Cost) }
		ri.meta = routeio.DefaultMeta(ri.p)
		ri.meta.Dimensions = []string{"demand"}
		if vehiclesFirst != nil {
			ri.p.VehiclesFirst = *vehiclesFirst
		}
		return ri, nil
	case "solomon", "lilim", "cordeau":
		read := map[string]func(io.Reader, string) (*vrptw.Instance, error){
			"solomon": vrptw.ReadSolomon, "lilim": vrptw.ReadLiLim, "cordeau": vrptw.ReadCordeau}[f]
		in, err := read(r, name)
		if err != nil {
			return nil, err
		}
		// Solomon and Li & Lim rank by vehicles first (the converter's
		// default); --vehicles-first=false ranks by distance alone.
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
		return &routeInput{p: p, meta: m, out: "cvrplib", vrptw: in, text: routeio.TextOptions{
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
		ri := &routeInput{p: p, meta: m, out: f}
		ri.text.Label = func(kind route.StepKind, i int) string {
			switch kind {
			case route.StepPickup:
				return m.ShipmentIDs[i][0].String()
			case route.StepDelivery:
				return m.ShipmentIDs[i][1].String()
			}
			return m.JobIDs[i].String()
		}
		if m.CostScale != 1 {
			ri.text.Scale, ri.text.Decimals = m.CostScale, 2
		}
		return ri, nil
	}
	return nil, fmt.Errorf("unknown --format %q (auto, %s)", f, strings.Join(routeInFormats, ", "))
}

// detectFormat tells an instance's format by its extension and, for .json
// and .txt files, its content; "-" (standard input) by its content alone.
func detectFormat(path string, data []byte) (string, error) {
	if path == "-" { // standard input: by content alone
		if f := routeio.Sniff(data); f != "" {
			return f, nil
		}
		if f := sniffBenchmark(data); f != "" {
			return f, nil
		}
		return "", fmt.Errorf("cannot tell the format of the standard input; give --format (%s)", strings.Join(routeInFormats, ", "))
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
		if f := sniffBenchmark(data); f != "" {
			return f, nil
		}
		return "", fmt.Errorf("cannot tell the benchmark set of %q from its content; give --format solomon, lilim or cordeau", path)
	}
	return "", fmt.Errorf("cannot tell the format of %q from its extension; give --format (%s)", path, strings.Join(routeInFormats, ", "))
}

// sniffBenchmark tells Solomon (a "VEHICLE" line), Li & Lim (a first line
// of 3 numbers) and Cordeau (a first line of 4 numbers) files apart.
func sniffBenchmark(data []byte) string {
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

func runRoute(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["route"], stderr)
	inPath := fs.String("in", "", "instance file, - for standard input (required)")
	format := fs.String("format", "auto", "instance format: auto (.vrp: cvrplib; .json: vroom or json by content; .txt: solomon, lilim or cordeau by content), "+strings.Join(routeInFormats, ", "))
	outFormat := fs.String("out-format", "", "solution format: cvrplib (Route #k lines and Cost), vroom or json (default: cvrplib for benchmark files, else the input's)")
	limit := fs.Duration("time", 10*time.Second, "time limit")
	seed := fs.Uint64("seed", 1, "random seed")
	threads := fs.Int("threads", 1, "parallel searches")
	iters := fs.Int("iterations", 0, "iteration limit per search (0: none; reproducible when --time 0)")
	outPath := fs.String("out", "", "solution file (default: standard output)")
	share := fs.Float64("recreate-share", 0, "CVRP: share of the search spent in the final ruin-and-recreate phase (0: by size, negative: none)")
	vehFirst := fs.Bool("vehicles-first", false, "fewest vehicles first, then cost (default for solomon and lilim; --vehicles-first=false turns it off)")
	logProgress := fs.Bool("log", false, "print a line on stderr each time the best solution improves (elapsed, vehicles, cost, unassigned, iterations)")
	// --cpuprofile writes a Go CPU profile of the solve (for `go tool pprof`);
	// a developer flag, not listed in the usage line.
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the solve to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *inPath == "" {
		fmt.Fprintln(stderr, "huishou route: --in is required")
		fs.Usage()
		return errUsage
	}
	var vehiclesFirst *bool
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "vehicles-first" {
			vehiclesFirst = vehFirst
		}
	})
	var data []byte
	var err error
	if *inPath == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(*inPath)
	}
	if err != nil {
		return err
	}
	f := *format
	if f == "auto" {
		if f, err = detectFormat(*inPath, data); err != nil {
			return err
		}
	}
	in, err := readRouteInput(f, filepath.Base(*inPath), data, vehiclesFirst)
	if err != nil {
		return fmt.Errorf("%s: %w", *inPath, err)
	}
	if len(data) > 16<<20 {
		// A large input (a full matrix of thousands of locations) is
		// garbage now: give it back before the solve grows the heap.
		data = nil
		debug.FreeOSMemory()
	}
	of := *outFormat
	if of == "" {
		of = in.out
	}
	var write func(io.Writer, *route.Solution) error
	switch of {
	case "cvrplib":
		write = in.cvrp
		if write == nil {
			write = func(w io.Writer, s *route.Solution) error { return routeio.WriteText(w, s, in.text) }
		}
	case "vroom":
		write = func(w io.Writer, s *route.Solution) error { return routeio.WriteVROOM(w, in.p, in.meta, s) }
	case "json":
		write = func(w io.Writer, s *route.Solution) error { return routeio.WriteJSON(w, in.p, in.meta, s) }
	default:
		return fmt.Errorf("unknown --out-format %q (cvrplib, vroom, json)", of)
	}

	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			pf.Close()
			return err
		}
		defer func() { pprof.StopCPUProfile(); pf.Close() }()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	pr := newProgress(stderr, filepath.Base(*inPath))
	lg := &progressLog{w: stderr, scale: in.p.CostScale}
	sol, err := route.Solve(ctx, in.p, route.Options{
		TimeLimit: *limit, Seed: *seed, Threads: *threads, MaxIterations: *iters, RecreateShare: *share,
		Progress: func(g route.Progress) {
			pr.Text("best %d  iter %d  %.1fs", g.BestCost, g.Iterations, g.Elapsed.Seconds())
			if *logProgress {
				lg.line(g)
			}
		},
	})
	pr.Done()
	if err != nil {
		if in.meta.Format != "" {
			err = in.meta.MapError(err)
		}
		return err
	}
	if !sol.Feasible {
		fmt.Fprintln(stderr, "huishou route: warning: no feasible solution found; writing the least infeasible")
	}
	for _, u := range sol.Unassigned {
		kind, id := "job", ""
		if u.Kind == route.JobShipment {
			kind = "shipment"
			if u.Index >= 0 && u.Index < len(in.meta.ShipmentIDs) {
				id = in.meta.ShipmentIDs[u.Index][0].String()
			}
		} else if u.Index >= 0 && u.Index < len(in.meta.JobIDs) {
			id = in.meta.JobIDs[u.Index].String()
		}
		fmt.Fprintf(stderr, "huishou route: unassigned %s %s: %s\n", kind, id, u.Reason)
	}
	if in.p.Rich() {
		// Re-check every rich solution independently of the engine.
		rep, err := routecheck.Check(in.p, sol)
		if err != nil {
			return fmt.Errorf("checking the solution: %w", err)
		}
		for _, v := range rep.Violations {
			fmt.Fprintln(stderr, "huishou route: check:", v)
		}
	}
	if in.vrptw != nil {
		// Re-check against the set's own rules, in its real numbers.
		rep, err := vrptw.Check(in.vrptw, in.vrptw.Routes(in.p, sol))
		if err != nil {
			return err
		}
		for _, v := range rep.Violations {
			fmt.Fprintln(stderr, "huishou route: check:", v)
		}
	}
	out := stdout
	if *outPath != "" {
		fo, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer fo.Close()
		out = fo
	}
	if err := write(out, sol); err != nil {
		return err
	}
	if *outPath != "" {
		fmt.Fprintf(stderr, "cost %d, %d routes, %d iterations, %d ruin-and-recreate steps, %s (%s)\n", sol.Cost, len(sol.Routes), sol.Stats.Iterations, sol.Stats.RecreateSteps, sol.Stats.Elapsed.Round(time.Millisecond), sol.Stats.StopReason)
	}
	return nil
}

// progressLog prints the search's improvements, one line each: a
// dispatcher's view of an anytime solve.
type progressLog struct {
	w         io.Writer
	scale     float64
	lastCost  int64
	lastVeh   int
	lastUnass int
	started   bool
}

func (l *progressLog) line(g route.Progress) {
	if g.BestCost < 0 || (l.started && g.BestCost == l.lastCost && g.Vehicles == l.lastVeh && g.Unassigned == l.lastUnass) {
		return
	}
	l.started, l.lastCost, l.lastVeh, l.lastUnass = true, g.BestCost, g.Vehicles, g.Unassigned
	scale := l.scale
	if scale <= 0 {
		scale = 1
	}
	fmt.Fprintf(l.w, "%8.2fs  vehicles %4d  cost %.2f  unassigned %d  iterations %d\n",
		g.Elapsed.Seconds(), g.Vehicles, float64(g.BestCost)/scale, g.Unassigned, g.Iterations)
}
