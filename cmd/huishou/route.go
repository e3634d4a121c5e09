package main

import (
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

	"github.com/huishou/huishou/benchmarks/routefile"
	"github.com/huishou/huishou/optimizer/route"
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

func runRoute(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["route"], stderr)
	inPath := fs.String("in", "", "instance file, - for standard input (required)")
	format := fs.String("format", "auto", "instance format: auto (.vrp: cvrplib; .json: vroom or json by content; .txt: solomon, lilim or cordeau by content), "+strings.Join(routefile.Formats, ", "))
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
		if f, err = routefile.Detect(*inPath, data); err != nil {
			return err
		}
	}
	in, err := routefile.Read(f, filepath.Base(*inPath), data, vehiclesFirst)
	if err != nil {
		return fmt.Errorf("%s: %w", *inPath, err)
	}
	if len(data) > 16<<20 {
		// A large input (a full matrix of thousands of locations) is
		// garbage now: give it back before the solve grows the heap.
		data = nil
		debug.FreeOSMemory()
	}
	write, err := in.Writer(*outFormat)
	if err != nil {
		return err
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
	lg := &progressLog{w: stderr, scale: in.Problem.CostScale}
	sol, err := route.Solve(ctx, in.Problem, route.Options{
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
		return in.MapError(err)
	}
	if !sol.Feasible {
		fmt.Fprintln(stderr, "huishou route: warning: no feasible solution found; writing the least infeasible")
	}
	for _, u := range in.Unassigned(sol) {
		fmt.Fprintln(stderr, "huishou route: unassigned", u)
	}
	violations, err := in.Check(sol)
	if err != nil {
		return err
	}
	for _, v := range violations {
		fmt.Fprintln(stderr, "huishou route: check:", v)
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
