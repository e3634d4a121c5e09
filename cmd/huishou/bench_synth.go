package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/huishou/huishou/benchmarks/cflp"
	"github.com/huishou/huishou/optimizer/locate"
)

func init() {
	registerBench(&command{
		Name:    "synth",
		Summary: "three-tier facility location on a synthetic instance of Sichuan's size (quality run; --lp writes the MILP instead)",
		Usage:   "huishou bench synth [--n 3101] [--k 30] [--t1 183] [--t2 21] [--sinks 8] [--seed 1] [--time 60s] [--cpuprofile FILE] [--lp FILE]",
		Example: "huishou bench synth --n 300 --t1 20 --t2 5 --time 10s",
		Run:     runBenchSynth,
	})
}

func runBenchSynth(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(benchKinds["synth"], stderr)
	n := fs.Int("n", 3101, "demand points (each also a candidate collection point)")
	k := fs.Int("k", 30, "arcs per demand point (its nearest candidates)")
	t1 := fs.Int("t1", 183, "transfer stations")
	t2 := fs.Int("t2", 21, "sorting centres")
	sinks := fs.Int("sinks", 8, "fixed sinks (dismantlers)")
	seed := fs.Uint64("seed", 1, "instance seed")
	limit := fs.Duration("time", 60*time.Second, "time limit of the solve")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the solve to this file")
	lpPath := fs.String("lp", "", "write the instance as a MILP in CPLEX LP format to this file and do not solve")
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	if *n < 1 || *k < 1 || *t1 < 1 || *t2 < 1 || *sinks < 1 {
		return fmt.Errorf("--n, --k, --t1, --t2 and --sinks must be positive")
	}
	p := cflp.Synthetic(*seed, *n, *k, *t1, *t2, *sinks)
	if *lpPath != "" {
		if err := writeLPFile(*lpPath, p); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %d sites, %d demand points, %d links\n", *lpPath, len(p.Sites), len(p.Demands), len(p.Links))
		return nil
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	pr := newProgress(stderr, "bench synth")
	sol, err := locate.Solve(context.Background(), p, locate.Options{TimeLimit: *limit, Progress: func(g locate.Progress) {
		pr.Text("cost %.0f  bound %.0f  nodes %d  %.1fs", g.Cost, g.LowerBound, g.Nodes, g.Elapsed.Seconds())
	}})
	pr.Done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "cost %.0f bound %.0f gap %.3f%% open %d nodes %d iterations %d in %.1fs (%s)\n", sol.Cost, sol.LowerBound, 100*sol.Gap(),
		len(sol.Open), sol.Stats.Nodes, sol.Stats.Iterations, sol.Stats.Elapsed.Seconds(), sol.Stats.StopReason)
	return nil
}

// startCPUProfile starts a CPU profile into path ("" does nothing) and
// returns the function that stops it.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
