package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/cvrp"
	"github.com/huishou/huishou/optimizer/route"
)

func init() {
	registerBench(&command{
		Name:    "cvrp",
		Summary: "CVRPLIB instances (set X): solve, re-check, gap to BKS",
		Usage:   "huishou bench cvrp --dir DIR [--instances a,b,…] [--time T | --time-per-100 T] [--seed S] [--threads K] [--json]",
		Example: "huishou bench cvrp --dir ../shared/benchmarks/cvrp/X --instances X-n101-k25,X-n1001-k43 --time 10s",
		Run:     runBenchCVRP,
	})
}

// runBenchCVRP prints one row per instance, then the mean and max gap.
// With --json it prints one JSON object per instance (cvrp.Result) and a
// final summary object {"summary":true,"instances":…,"mean_gap_pct":…,
// "max_gap_pct":…,"all_feasible":…}.
func runBenchCVRP(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(benchKinds["cvrp"], stderr)
	dir := fs.String("dir", "", "folder with .vrp files and bks.csv (required)")
	list := fs.String("instances", "", "comma-separated instance names (default: every .vrp in --dir)")
	limit := fs.Duration("time", 10*time.Second, "time limit per instance")
	per100 := fs.Duration("time-per-100", 0, "time limit per 100 customers (overrides --time)")
	seed := fs.Uint64("seed", 1, "random seed")
	threads := fs.Int("threads", 1, "parallel searches per instance")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	share := fs.Float64("recreate-share", 0, "share of the search spent in the final ruin-and-recreate phase (0: by size, negative: none)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		fmt.Fprintln(stderr, "huishou bench cvrp: --dir is required")
		fs.Usage()
		return errUsage
	}
	bks := cvrp.BKS{}
	if f, err := os.Open(filepath.Join(*dir, "bks.csv")); err == nil {
		bks, err = cvrp.ReadBKS(f)
		f.Close()
		if err != nil {
			return err
		}
	}
	var names []string
	if *list != "" {
		names = strings.Split(*list, ",")
	} else {
		var err error
		if names, err = cvrp.Instances(*dir); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if !*asJSON {
		fmt.Fprintf(stdout, "%-16s %5s %9s %9s %7s %6s %7s %7s %s\n", "instance", "n", "cost", "bks", "gap%", "routes", "sec", "cpu-s", "feasible")
	}
	enc := json.NewEncoder(stdout)
	var sum, maxGap float64
	k := 0
	allOK := true
	for _, name := range names {
		name = strings.TrimSpace(name)
		pr := newProgress(stderr, name)
		res, _ := cvrp.Run(ctx, *dir, name, bks, cvrp.RunOptions{Time: *limit, TimePer100: *per100, Seed: *seed, Threads: *threads, RecreateShare: *share},
			func(g route.Progress) {
				pr.Text("best %d  iter %d  %.1fs", g.BestCost, g.Iterations, g.Elapsed.Seconds())
			})
		pr.Done()
		ok := res.Error == "" && res.Feasible
		allOK = allOK && ok
		if ok && res.BKS > 0 {
			sum += res.Gap
			maxGap = max(maxGap, res.Gap)
			k++
		}
		if *asJSON {
			if err := enc.Encode(res); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(stdout, "%-16s %5d %9d %9d %7.2f %6d %7.1f %7.1f %v", res.Instance, res.N, res.Cost, res.BKS, res.Gap, res.Routes, res.Seconds, res.CPU, ok)
		if res.Error != "" {
			fmt.Fprintf(stdout, "  error: %s", res.Error)
		}
		fmt.Fprintln(stdout)
		if ctx.Err() != nil {
			break
		}
	}
	mean := math.NaN()
	if k > 0 {
		mean = sum / float64(k)
	}
	if *asJSON {
		if k == 0 {
			mean = 0
		}
		return enc.Encode(map[string]any{"summary": true, "instances": k, "mean_gap_pct": mean, "max_gap_pct": maxGap, "all_feasible": allOK})
	}
	fmt.Fprintf(stdout, "mean gap %.2f%%  max gap %.2f%%  over %d instances  all feasible: %v\n", mean, maxGap, k, allOK)
	if !allOK {
		return errors.New("some solutions failed the check")
	}
	return nil
}
