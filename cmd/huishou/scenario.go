package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/report"
)

func init() {
	register(&command{
		Name:    "scenario",
		Summary: "what-if scenarios: list, show, run, compare side by side, sweep a lever",
		Usage: "huishou scenario list\n" +
			"       huishou scenario show [--merged] NAME|FILE\n" +
			"       huishou scenario run NAME|FILE… [--out DIR] [--workers N]\n" +
			"       huishou scenario compare A B … [--baseline A] [--out DIR] [--workers N]\n" +
			"       huishou scenario sweep NAME|FILE --lever PATH --from X --to Y --step S [--out DIR] [--workers N]\n" +
			"       (with DATABASE_URL set, run, compare and sweep queue their runs for the huishou workers; --local runs them here)",
		Example: "huishou scenario compare sichuan-2025-baseline sichuan-fuel-shock --out compare-fuel",
		Run:     runScenario,
	})
}

func runScenario(args []string, stdout, stderr io.Writer) error {
	c := commands["scenario"]
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		newFlagSet(c, stderr).Usage()
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "list":
		return scenarioList(args[1:], stdout, stderr)
	case "show":
		return scenarioShow(args[1:], stdout, stderr)
	case "run":
		return scenarioRun(args[1:], stdout, stderr)
	case "compare":
		return scenarioCompare(args[1:], stdout, stderr)
	case "sweep":
		return scenarioSweep(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "huishou scenario: unknown action %q (list, show, run, compare, sweep)\n", args[0])
	return errUsage
}

// parseInterleaved parses flags that may come before, between or after
// the positional arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// loadScenario reads a built-in scenario by name or a scenario file.
func loadScenario(arg string) (*scenarios.Scenario, error) {
	if slices.Contains(scenarios.Names(), arg) {
		return scenarios.Builtin(arg)
	}
	if _, err := os.Stat(arg); err != nil {
		return nil, fmt.Errorf("%q is neither a built-in scenario (huishou scenario list) nor a file", arg)
	}
	return scenarios.Load(arg)
}

func scenarioList(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("list takes no arguments")
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "name\tbase\ttitle")
	for _, n := range scenarios.Names() {
		sc, err := scenarios.Builtin(n)
		if err != nil {
			return err
		}
		base := sc.Base
		if base == "" {
			base = "—"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", n, base, sc.Title)
	}
	return tw.Flush()
}

func scenarioShow(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scenario show", flag.ContinueOnError)
	fs.SetOutput(stderr)
	merged := fs.Bool("merged", false, "print the scenario merged with its base, as YAML")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("show takes one scenario name or file, have %d", len(pos))
	}
	sc, err := loadScenario(pos[0])
	if err != nil {
		return err
	}
	if *merged {
		var tree any
		dec := json.NewDecoder(bytes.NewReader(sc.Canonical()))
		dec.UseNumber()
		if err := dec.Decode(&tree); err != nil {
			return err
		}
		b, err := yaml.MarshalWithOptions(numbers(tree), yaml.UseLiteralStyleIfMultiline(true))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "# %s merged from %s\n", sc.Name, strings.Join(sc.Chain(), " ← "))
		_, err = stdout.Write(b)
		return err
	}
	var src []byte
	if slices.Contains(scenarios.Names(), pos[0]) {
		src, err = scenarios.BuiltinSource(pos[0])
	} else {
		src, err = os.ReadFile(pos[0])
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(src)
	return err
}

// numbers turns the json.Numbers of a decoded tree into integers or
// floats, so that YAML prints them as numbers.
func numbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbers(e)
		}
	}
	return v
}

// runFlags are the flags of run, compare and sweep.
type runFlags struct {
	out     *string
	workers *int
	local   *bool
}

func addRunFlags(fs *flag.FlagSet, out string) runFlags {
	return runFlags{
		out:     fs.String("out", out, "output directory"),
		workers: fs.Int("workers", 2, "scenarios run at once in this process (the machine has 2 cores)"),
		local:   fs.Bool("local", false, "run in this process even when DATABASE_URL is set (else the runs go to the huishou workers)"),
	}
}

// summariesOf runs the scenarios, here (sharing stages) or on the
// workers, and returns their summaries; results are nil on workers.
func summariesOf(scs []*scenarios.Scenario, rf runFlags, stderr io.Writer) ([]*scenarios.Summary, []*scenarios.Result, *scenarios.Cache, error) {
	if viaWorkers(*rf.local) {
		ws, err := runOnWorkers(context.Background(), scs, stderr)
		if err != nil {
			return nil, nil, nil, err
		}
		sums := make([]*scenarios.Summary, len(ws))
		for i, w := range ws {
			sums[i] = w.result.Summary
		}
		return sums, nil, nil, nil
	}
	results, cache, err := runAll(scs, *rf.workers, stderr)
	if err != nil {
		return nil, nil, nil, err
	}
	sums := make([]*scenarios.Summary, len(results))
	for i, r := range results {
		sums[i] = r.Summary()
	}
	return sums, results, cache, nil
}

// runAll runs the scenarios with a shared cache and a progress display.
func runAll(scs []*scenarios.Scenario, workers int, stderr io.Writer) ([]*scenarios.Result, *scenarios.Cache, error) {
	cache := scenarios.NewCache()
	var mu sync.Mutex
	update, finish := stages(stderr)
	res, err := scenarios.RunAll(context.Background(), scs, workers, scenarios.Options{Cache: cache, Progress: func(s string, d, t int) {
		mu.Lock()
		defer mu.Unlock()
		update(s, d, t)
	}})
	finish()
	return res, cache, err
}

func loadAll(names []string) ([]*scenarios.Scenario, error) {
	var scs []*scenarios.Scenario
	for _, n := range names {
		sc, err := loadScenario(n)
		if err != nil {
			return nil, err
		}
		scs = append(scs, sc)
	}
	return scs, nil
}

func scenarioRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scenario run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rf := addRunFlags(fs, "huishou-scenarios")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("run takes one or more scenario names or files")
	}
	scs, err := loadAll(pos)
	if err != nil {
		return err
	}
	start := time.Now()
	if viaWorkers(*rf.local) {
		ws, err := runOnWorkers(context.Background(), scs, stderr)
		if err != nil {
			return err
		}
		for _, w := range ws {
			dir := filepath.Join(*rf.out, w.result.Summary.Name)
			files, err := writeWorkerRun(dir, w)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "== %s (run %s on a worker): cost %.1f M yuan/yr, bound %.1f M, gap %.2f %%\nwrote %d files to %s\n",
				w.result.Summary.Name, w.run.ID, w.result.Plan.Cost/1e6, w.result.Plan.LowerBound/1e6, w.result.Plan.GapPct, len(files), dir)
		}
		fmt.Fprintf(stdout, "%d scenarios in %.1fs\n", len(ws), time.Since(start).Seconds())
		return nil
	}
	results, _, err := runAll(scs, *rf.workers, stderr)
	if err != nil {
		return err
	}
	for _, r := range results {
		dir := filepath.Join(*rf.out, r.Scenario.Name)
		files, err := report.WriteRunFiles(dir, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "== %s (%s)\n%s", r.Scenario.Name, r.Scenario.Title, report.Summary(r))
		fmt.Fprintf(stdout, "wrote %d files to %s\n", len(files), dir)
	}
	fmt.Fprintf(stdout, "%d scenarios in %.1fs\n", len(results), time.Since(start).Seconds())
	return nil
}

func scenarioCompare(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scenario compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rf := addRunFlags(fs, "huishou-compare")
	baseline := fs.String("baseline", "", "the scenario deltas are taken against (default: the first)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return fmt.Errorf("compare takes two or more scenario names or files")
	}
	scs, err := loadAll(pos)
	if err != nil {
		return err
	}
	if *baseline != "" && !slices.ContainsFunc(scs, func(s *scenarios.Scenario) bool { return s.Name == *baseline }) {
		return fmt.Errorf("--baseline: %q is not among the scenarios compared", *baseline)
	}
	start := time.Now()
	sums, results, cache, err := summariesOf(scs, rf, stderr)
	if err != nil {
		return err
	}
	return writeComparison(scs[0], sums, results, *baseline, *rf.out, cache, start, stdout)
}

// writeComparison compares and writes the files; first is the first
// scenario, whose region the maps are drawn on.
func writeComparison(first *scenarios.Scenario, sums []*scenarios.Summary, results []*scenarios.Result, baseline, out string, cache *scenarios.Cache, start time.Time, stdout io.Writer) error {
	var cmp *scenarios.Comparison
	var err error
	if results != nil {
		cmp, err = scenarios.Compare(results, baseline)
	} else {
		cmp, err = scenarios.CompareSummaries(sums, baseline)
		if err == nil {
			reg, rerr := first.Region()
			if rerr != nil {
				return rerr
			}
			cmp.SetRegion(reg)
		}
	}
	if err != nil {
		return err
	}
	files, err := report.WriteCompareFiles(out, cmp)
	if err != nil {
		return err
	}
	writeCompareTable(stdout, cmp)
	if cache != nil {
		st := cache.Stats()
		var shared []string
		for _, s := range []string{"region", "forecast", "design", "operations"} {
			if st.Hits[s] > 0 {
				shared = append(shared, fmt.Sprintf("%s %d× (computed %d)", s, st.Hits[s], st.Misses[s]))
			}
		}
		if len(shared) > 0 {
			fmt.Fprintf(stdout, "shared stages: %s\n", strings.Join(shared, ", "))
		}
	}
	fmt.Fprintf(stdout, "wrote %s in %.1fs\n", strings.Join(files, ", "), time.Since(start).Seconds())
	return nil
}

// compareKPIs are the figures printed on the terminal (all are in the files).
var compareKPIs = []string{"annual_cost", "cost_per_tonne", "tonnes_recovered", "coverage_pct", "tonne_km", "co2_t",
	"sites_collection_point", "sites_transfer_station", "sites_sorting_centre", "trucks_per_day", "gap_pct",
	"sites_front_warehouse", "delivery_cost", "joint_cost", "trade_in_delivery_pct", "lead_time_h", "bookings_per_day", "routed_trucks_per_day", "route_km_per_day"}

func writeCompareTable(w io.Writer, c *scenarios.Comparison) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "kpi\t")
	for _, s := range c.Scenarios {
		fmt.Fprintf(tw, "%s\t", s.Name)
	}
	fmt.Fprintln(tw)
	for _, name := range compareKPIs {
		i := slices.IndexFunc(c.KPIs, func(k scenarios.KPIInfo) bool { return k.Name == name })
		if i < 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t", name)
		for _, s := range c.Scenarios {
			v, ok := s.Values[name]
			if !ok {
				fmt.Fprint(tw, "—\t")
				continue
			}
			cell := humanNum(v)
			if d, ok := s.Deltas[name]; ok && s.Name != c.Baseline && d != 0 {
				cell += " (" + signedHuman(d) + ")"
			}
			fmt.Fprintf(tw, "%s\t", cell)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if len(c.Pareto) > 0 {
		fmt.Fprintf(w, "Pareto front (annual cost, coverage): %s\n", strings.Join(c.Pareto, ", "))
	}
	if len(c.AlwaysOpen) > 0 {
		fmt.Fprintf(w, "sites open in every scenario: %d\n", len(c.AlwaysOpen))
	}
}

// humanNum prints large figures in M or k, small ones with two decimals.
func humanNum(v float64) string {
	switch a := abs(v); {
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 2, 64) + "M"
	case a >= 1e4:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	case a == float64(int64(a)):
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func signedHuman(v float64) string {
	if v > 0 {
		return "+" + humanNum(v)
	}
	return humanNum(v)
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func scenarioSweep(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scenario sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rf := addRunFlags(fs, "huishou-sweep")
	lever := fs.String("lever", "", "field to sweep, e.g. levers.fuel_price or levers.subsidy.all")
	from := fs.Float64("from", 0, "first value")
	to := fs.Float64("to", 0, "last value (inclusive)")
	step := fs.Float64("step", 0, "step between values (> 0)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("sweep takes one scenario name or file, have %d", len(pos))
	}
	if *lever == "" {
		return fmt.Errorf("--lever: which field to sweep, e.g. levers.fuel_price")
	}
	sc, err := loadScenario(pos[0])
	if err != nil {
		return err
	}
	points, err := scenarios.Sweep(sc, *lever, *from, *to, *step)
	if err != nil {
		var es scenarios.Errors
		if errors.As(err, &es) && len(es) > 0 {
			switch es[0].Field {
			case "from", "to", "step":
				return fmt.Errorf("--%s: %s", es[0].Field, es[0].Msg)
			}
		}
		return err
	}
	start := time.Now()
	sums, results, cache, err := summariesOf(points, rf, stderr)
	if err != nil {
		return err
	}
	for _, s := range sums {
		fmt.Fprintf(stdout, "%s: %s\n", s.Name, s.Title)
	}
	return writeComparison(points[0], sums, results, "", *rf.out, cache, start, stdout)
}
