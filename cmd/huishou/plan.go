package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/report"
)

func init() {
	register(&command{
		Name:    "plan",
		Summary: "design the recycling network (collection points, transfer stations, sorting centres, flows to dismantlers) with a certified gap",
		Usage: "huishou plan [--scenario sichuan] [--year Y] [--budget UNITS] [--time 10m] [--out DIR] [--prefecture ADCODE] [--demand townships|counties|FILE.csv]\n" +
			"             [--dismantlers FILE.csv] [--candidates FILE.csv] [--no-county-rule] [--single-source] [--coverage-penalty Y] [--subsidy S] [--greedy] [-v]",
		Example: "huishou plan --prefecture 510100 --time 5s --out plan-chengdu",
		Run:     runPlan,
	})
}

func runPlan(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["plan"], stderr)
	name := fs.String("scenario", "sichuan", "built-in region")
	out := fs.String("out", "huishou-plan", "directory for plan.json, plan.geojson and report.html")
	year := fs.Int("year", 2025, "forecast year")
	limit := fs.Duration("time", 10*time.Minute, "cap on the design search (only a cap: the budget sets the work)")
	budget := fs.Int("budget", 0, fmt.Sprintf("work of the design search in locate work units, about 40,000 a second (0: %d); the same budget gives the same plan", network.DefaultBudget))
	prefecture := fs.String("prefecture", "", "plan one prefecture (adcode, e.g. 510100 for Chengdu)")
	demand := fs.String("demand", "townships", "demand points: townships, counties, or a CSV file id,lon,lat,tonnes[,name,m3]")
	dis := fs.String("dismantlers", "", "CSV file id,lon,lat,capacity_t[,name,handling_per_t,fixed_cost] replacing the assumed dismantling plants")
	cands := fs.String("candidates", "", "CSV file id,tier,lon,lat[,name] of extra candidate sites (e.g. industrial plots for transfer stations)")
	noCounty := fs.Bool("no-county-rule", false, "lift the one-transfer-station-per-county rule (collection points may feed a neighbouring county's station)")
	single := fs.Bool("single-source", false, "every transfer station sends to one sorting centre (without the county rule: every collection point to one transfer station)")
	greedy := fs.Bool("greedy", false, "the quick greedy baseline instead of the optimiser")
	perT := fs.Float64("coverage-penalty", 0, fmt.Sprintf("yuan per tonne served beyond the coverage radius (0 = default %g)", network.DefaultRules().CoveragePenaltyPerT))
	perPoint := fs.Float64("coverage-point-penalty", network.DefaultRules().CoveragePenaltyPerPoint, "yuan per year for each township served beyond the coverage radius (0 = none: trade coverage for cost)")
	subsidy := fs.Float64("subsidy", 0, "trade-in subsidy as a share of the new appliance's price, 0…1")
	verbose := fs.Bool("v", false, "print the design's best cost, bound and gap on stderr as the search improves them")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "huishou plan: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	start := time.Now()
	levers := map[string]any{"subsidy": map[string]any{"all": *subsidy}, "county_rule": !*noCounty, "single_source": *single,
		"coverage_penalty": map[string]any{"per_point": *perPoint}}
	if *perT > 0 {
		levers["coverage_penalty"].(map[string]any)["per_t"] = *perT
	}
	data := map[string]any{"region": *name, "demand": *demand, "prefecture": *prefecture, "dismantlers": *dis, "candidates": *cands}
	sc, err := scenarioFromFlags(map[string]any{"name": *name, "title": "huishou plan", "data": data, "year": *year, "levers": levers,
		"solver": map[string]any{"time_cap": limit.String(), "greedy": *greedy, "budget": *budget}}, planFlagOf)
	if err != nil {
		return err
	}
	var finish func()
	var opt scenarios.Options
	if *verbose {
		var lines *searchLines
		opt.OnSearch, lines = newSearchLines(stderr, start)
		finish = lines.flush
	} else {
		opt.Progress, finish = stages(stderr)
	}
	res, err := scenarios.Run(context.Background(), sc, opt)
	finish()
	if err != nil {
		return flagError(err, planFlagOf)
	}
	files, err := report.WritePlanFiles(*out, res)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, report.Summary(res))
	fmt.Fprintf(stdout, "wrote %d files to %s (open %s/report.html) in %.1fs\n", len(files), *out, *out, time.Since(start).Seconds())
	return nil
}

// planFlagOf names the flag behind a scenario field of huishou plan.
var planFlagOf = map[string]string{
	"data.region": "--scenario", "year": "--year", "solver.time_cap": "--time", "solver.budget": "--budget", "data.prefecture": "--prefecture",
	"data.demand": "--demand", "data.dismantlers": "--dismantlers", "data.candidates": "--candidates",
	"levers.subsidy.all": "--subsidy", "levers.coverage_penalty.per_t": "--coverage-penalty",
	"levers.coverage_penalty.per_point": "--coverage-point-penalty",
}

// scenarioFromFlags makes a scenario from a command's flags (a document
// tree; empty strings are dropped), reading data files relative to the
// working directory. An error on a field that a flag sets names the flag.
func scenarioFromFlags(tree map[string]any, flagOf map[string]string) (*scenarios.Scenario, error) {
	drop(tree)
	b, err := json.Marshal(tree)
	if err != nil {
		return nil, err
	}
	sc, err := scenarios.Parse(b, "flags", scenarios.DirFiles("."))
	if err != nil {
		return nil, flagError(err, flagOf)
	}
	return sc, nil
}

// drop removes empty strings from a tree (flags left at "").
func drop(m map[string]any) {
	for k, v := range m {
		switch x := v.(type) {
		case string:
			if x == "" {
				delete(m, k)
			}
		case map[string]any:
			drop(x)
		}
	}
}

// flagError rewrites a scenario error on a field set by a flag to name
// the flag.
func flagError(err error, flagOf map[string]string) error {
	var es scenarios.Errors
	if errors.As(err, &es) && len(es) > 0 {
		if f, ok := flagOf[es[0].Field]; ok {
			return fmt.Errorf("%s: %s", f, es[0].Msg)
		}
	}
	return err
}

// searchLines prints the design's search states (network.Search) as
// lines on w: at most every searchEvery, and the last one when the design
// ends (flush).
type searchLines struct {
	w       io.Writer
	start   time.Time
	last    time.Time
	pending *network.Search
}

const searchEvery = 200 * time.Millisecond

func newSearchLines(w io.Writer, start time.Time) (func(network.Search), *searchLines) {
	l := &searchLines{w: w, start: start}
	return l.show, l
}

func (l *searchLines) show(s network.Search) {
	if time.Since(l.last) < searchEvery {
		l.pending = &s
		return
	}
	l.print(s)
}

func (l *searchLines) flush() {
	if l.pending != nil {
		l.print(*l.pending)
	}
}

func (l *searchLines) print(s network.Search) {
	l.last, l.pending = time.Now(), nil
	best, gap := "–", "–"
	if !math.IsInf(s.Cost, 1) {
		best = fmt.Sprintf("%.3f M", s.Cost/1e6)
		gap = fmt.Sprintf("%.2f %%", 100*s.Gap())
	}
	work := fmt.Sprintf("work %d", s.Work)
	if s.Budget > 0 {
		work = fmt.Sprintf("work %d of %d", s.Work, s.Budget)
	}
	fmt.Fprintf(l.w, "design %5.1fs: best cost %s, bound %.3f M, gap %s; %s; %d of %d blocks proved\n",
		time.Since(l.start).Seconds(), best, s.Bound/1e6, gap, work, s.Proved, s.Blocks)
}
