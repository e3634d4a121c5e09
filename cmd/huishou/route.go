package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/cvrp"
	"github.com/huishou/huishou/optimizer/route"
)

func init() {
	register(&command{
		Name:    "route",
		Summary: "solve a vehicle-routing instance file (CVRPLIB .vrp) and write its routes",
		Usage:   "huishou route --in FILE [--format auto|cvrplib] [--time 10s] [--seed 1] [--threads 1] [--out FILE]",
		Example: "huishou route --in ../shared/benchmarks/cvrp/X/X-n101-k25.vrp --time 10s --out X-n101-k25.sol",
		Run:     runRoute,
	})
}

// routeFormats maps --format names to readers; "auto" picks by extension.
// Each reader returns the problem and a writer for its solution format.
var routeFormats = map[string]func(io.Reader) (*route.Problem, func(io.Writer, *route.Solution) error, error){
	"cvrplib": func(r io.Reader) (*route.Problem, func(io.Writer, *route.Solution) error, error) {
		in, err := cvrp.ReadVRP(r)
		if err != nil {
			return nil, nil, err
		}
		write := func(w io.Writer, s *route.Solution) error {
			return cvrp.WriteSolution(w, in.FromSolution(s), s.Cost)
		}
		return in.Problem(), write, nil
	},
}

func detectFormat(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".vrp":
		return "cvrplib", nil
	}
	return "", fmt.Errorf("cannot tell the format of %q from its extension; give --format (cvrplib)", path)
}

func runRoute(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["route"], stderr)
	inPath := fs.String("in", "", "instance file (required)")
	format := fs.String("format", "auto", "instance format: auto (by extension) or cvrplib")
	limit := fs.Duration("time", 10*time.Second, "time limit")
	seed := fs.Uint64("seed", 1, "random seed")
	threads := fs.Int("threads", 1, "parallel searches")
	iters := fs.Int("iterations", 0, "iteration limit per search (0: none; reproducible when --time 0)")
	outPath := fs.String("out", "", "solution file (default: standard output)")
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
	f := *format
	if f == "auto" {
		var err error
		if f, err = detectFormat(*inPath); err != nil {
			return err
		}
	}
	read, ok := routeFormats[f]
	if !ok {
		return fmt.Errorf("unknown --format %q (auto, cvrplib)", f)
	}
	file, err := os.Open(*inPath)
	if err != nil {
		return err
	}
	p, write, err := read(file)
	file.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", *inPath, err)
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
	sol, err := route.Solve(ctx, p, route.Options{
		TimeLimit: *limit, Seed: *seed, Threads: *threads, MaxIterations: *iters,
		Progress: func(g route.Progress) {
			pr.Text("best %d  iter %d  %.1fs", g.BestCost, g.Iterations, g.Elapsed.Seconds())
		},
	})
	pr.Done()
	if err != nil {
		return err
	}
	if !sol.Feasible {
		fmt.Fprintln(stderr, "huishou route: warning: no feasible solution found; writing the least infeasible")
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
		fmt.Fprintf(stderr, "cost %d, %d routes, %d iterations, %s (%s)\n", sol.Cost, len(sol.Routes), sol.Stats.Iterations, sol.Stats.Elapsed.Round(time.Millisecond), sol.Stats.StopReason)
	}
	return nil
}
