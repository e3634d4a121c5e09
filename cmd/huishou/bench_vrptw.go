package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/runinfo"
	"github.com/huishou/huishou/benchmarks/vrptw"
	"github.com/huishou/huishou/optimizer/route"
)

func init() {
	for _, b := range []struct {
		kind             vrptw.Kind
		summary, example string
	}{
		{vrptw.KindVRPTW, "Solomon VRPTW: solve, re-check, vehicles and distance against BKS",
			"huishou bench vrptw --dir ../shared/benchmarks/vrptw/solomon --instances C101,R101,RC201 --time 10s"},
		{vrptw.KindPDPTW, "Li & Lim PDPTW (100 tasks): solve, re-check, vehicles and distance against BKS",
			"huishou bench pdptw --dir ../shared/benchmarks/pdptw/li_lim_100 --instances lc101,lr102 --time 10s"},
		{vrptw.KindMDVRP, "Cordeau multi-depot VRP: solve, re-check, distance against BKS",
			"huishou bench mdvrp --dir ../shared/benchmarks/mdvrp/cordeau --instances p01,pr02 --time 10s"},
	} {
		kind := b.kind
		registerBench(&command{
			Name:    string(kind),
			Summary: b.summary,
			Usage: "huishou bench " + string(kind) + " --dir DIR [--instances a,b,…] [--time T] [--seed S] [--threads K] [--json] [--distance-only] [--save DIR --label L]\n" +
				"       huishou bench " + string(kind) + " --table DIR     (tables of the runs saved in DIR, for benchmarks/RESULTS.md)",
			Example: b.example,
			Run: func(args []string, stdout, stderr io.Writer) error {
				return runBenchVRPTW(kind, args, stdout, stderr)
			},
		})
	}
}

// runBenchVRPTW solves every instance of a Solomon, Li & Lim or Cordeau
// folder, re-checks each solution with vrptw.Check and prints one row per
// instance, then the summary: mean and max distance gap over the feasible
// instances with a BKS, how many use as many, fewer or more vehicles than
// the BKS (Solomon, Li & Lim), and how many are feasible. With --json it
// prints one vrptw.Result object per line, then the vrptw.Summary with
// "summary":true. It returns an error when any solution fails the check.
func runBenchVRPTW(kind vrptw.Kind, args []string, stdout, stderr io.Writer) error {
	name := string(kind)
	fs := newFlagSet(benchKinds[name], stderr)
	dir := fs.String("dir", "", "folder with the instance files and bks.csv (required)")
	list := fs.String("instances", "", "comma-separated instance names, as the files are named without .txt (default: every instance in --dir)")
	limit := fs.Duration("time", 10*time.Second, "time limit per instance")
	seed := fs.Uint64("seed", 1, "random seed")
	threads := fs.Int("threads", 1, "parallel searches per instance")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	distOnly := fs.Bool("distance-only", false, "minimise distance alone, not vehicles first (compares with bks_distance_only.csv where the folder has one)")
	save := fs.String("save", "", "also write the run (a header with machine, Go version, revision and load, one JSON object per instance, the summary) to a new .jsonl file in this directory")
	label := fs.String("label", "", "what the saved run measures (its series name in --table)")
	table := fs.String("table", "", "print the Markdown tables of the runs saved in this directory and stop")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *table != "" {
		series, err := vrptw.ReadSaved(*table)
		if err != nil {
			return err
		}
		return vrptw.WriteTables(stdout, series)
	}
	if *dir == "" {
		fmt.Fprintf(stderr, "huishou bench %s: --dir is required\n", name)
		fs.Usage()
		return errUsage
	}
	bks, err := vrptw.LoadBKS(*dir, *distOnly)
	if err != nil {
		return err
	}
	var names []string
	if *list != "" {
		for _, n := range strings.Split(*list, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	} else if names, err = vrptw.Instances(kind, *dir); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	opt := vrptw.RunOptions{Time: *limit, Seed: *seed, Threads: *threads, DistanceOnly: *distOnly}
	enc := json.NewEncoder(stdout)
	var saved *json.Encoder
	if *save != "" {
		f, err := newSaveFile(*save, fmt.Sprintf("%s-%s-%gs-t%d-s%d", name, filepath.Base(filepath.Clean(*dir)), limit.Seconds(), *threads, *seed))
		if err != nil {
			return err
		}
		defer f.Close()
		saved = json.NewEncoder(f)
		h := vrptw.Header{IsHeader: true, Kind: kind, Set: filepath.Base(filepath.Clean(*dir)), Label: *label, TimeS: limit.Seconds(),
			Seed: *seed, Threads: *threads, Distance: *distOnly, Args: append([]string{"huishou", "bench", name}, args...), Machine: runinfo.Current()}
		if err := saved.Encode(h); err != nil {
			return err
		}
	}
	if !*asJSON {
		fmt.Fprintf(stdout, "%-10s %4s %8s %8s %10s %10s %7s %6s %6s %s\n",
			"instance", "n", "vehicles", "bks-veh", "distance", "bks", "gap%", "sec", "cpu-s", "feasible")
	}
	var results []vrptw.Result
	for _, n := range names {
		pr := newProgress(stderr, n)
		res, _ := vrptw.Run(ctx, kind, *dir, n, bks, opt, func(g route.Progress) {
			pr.Text("best cost %.2f  iter %d  %.1fs", float64(g.BestCost)/vrptw.DefaultScale, g.Iterations, g.Elapsed.Seconds())
		})
		pr.Done()
		results = append(results, res)
		if saved != nil {
			if err := saved.Encode(res); err != nil {
				return err
			}
		}
		if *asJSON {
			if err := enc.Encode(res); err != nil {
				return err
			}
		} else {
			printVRPTWRow(stdout, res)
		}
		if ctx.Err() != nil {
			break
		}
	}
	s := vrptw.Summarize(results)
	if saved != nil {
		if err := saved.Encode(vrptw.NewTrailer(s)); err != nil {
			return err
		}
	}
	if *asJSON {
		if err := enc.Encode(struct {
			IsSummary bool `json:"summary"`
			vrptw.Summary
		}{true, s}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "mean gap %.2f%%  max gap %.2f%%  over %d feasible instances with a BKS\n", s.MeanGap, s.MaxGap, s.Gapped)
		if s.WithBKSVehicles > 0 {
			fmt.Fprintf(stdout, "vehicles = BKS: %d/%d (%.0f%%)  fewer than BKS: %d  more than BKS: %d\n",
				s.SameVehicles, s.WithBKSVehicles, 100*float64(s.SameVehicles)/float64(s.WithBKSVehicles), s.FewerVehicles, s.MoreVehicles)
		}
		if s.WithBKSVehicles > 0 {
			fmt.Fprintf(stdout, "at BKS vehicles: mean gap %.2f%%  max gap %.2f%%;  at most one vehicle more than BKS: %d/%d\n",
				s.MeanGapAtBKSVehicles, s.MaxGapAtBKSVehicles, s.WithinOne, s.WithBKSVehicles)
		}
		fmt.Fprintf(stdout, "feasible: %d/%d\n", s.Feasible, s.Instances)
	}
	if s.Feasible < s.Instances {
		return errors.New("some solutions failed the check")
	}
	return nil
}

// printVRPTWRow prints one result as a table row, then its error or first
// violations.
func printVRPTWRow(w io.Writer, r vrptw.Result) {
	bksVeh := "-"
	if r.BKSVehicles > 0 {
		bksVeh = fmt.Sprint(r.BKSVehicles)
	}
	bks, gap := "-", "-"
	if r.BKS > 0 {
		bks, gap = fmt.Sprintf("%.2f", r.BKS), fmt.Sprintf("%.2f", r.Gap)
	}
	fmt.Fprintf(w, "%-10s %4d %8d %8s %10.2f %10s %7s %6.1f %6.1f %v", r.Instance, r.N, r.Vehicles, bksVeh, r.Distance, bks, gap, r.Seconds, r.CPU, r.Feasible)
	if r.Error != "" {
		fmt.Fprintf(w, "  error: %s", r.Error)
	}
	for k, v := range r.Violations {
		if k == 3 {
			fmt.Fprintf(w, "; … %d more", len(r.Violations)-k)
			break
		}
		sep := "; "
		if k == 0 {
			sep = "  "
		}
		fmt.Fprintf(w, "%s%s", sep, v)
	}
	fmt.Fprintln(w)
}

// newSaveFile creates dir and a new file in it named after what ran and
// when (UTC, to the second; a numeric suffix if that name is taken).
func newSaveFile(dir, what string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	base := what + "-" + time.Now().UTC().Format("20060102-150405")
	for k := 0; ; k++ {
		name := base + ".jsonl"
		if k > 0 {
			name = fmt.Sprintf("%s-%d.jsonl", base, k)
		}
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, os.ErrExist) {
			return f, err
		}
	}
}
