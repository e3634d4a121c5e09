package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/report"
	"github.com/huishou/huishou/scenarios/stage"
)

func init() {
	register(&command{
		Name:    "demo",
		Summary: "a whole pass on the embedded Sichuan data: forecast → network plan → one county's day of pickups → routes",
		Usage:   "huishou demo [--out DIR] [--year Y] [--county ADCODE] [--date YYYY-MM-DD] [--seed S] [--budget UNITS] [--plan-time 5m] [--townships FILE.csv]",
		Example: "huishou demo --out huishou-demo --county 510182 --date 2025-06-18",
		Run:     runDemo,
	})
}

func runDemo(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["demo"], stderr)
	out := fs.String("out", "huishou-demo", "directory for index.html, plan.geojson and the route sheets")
	year := fs.Int("year", 2025, "forecast year")
	county := fs.String("county", stage.DefaultCounty, "adcode of the county whose day of pickups is routed")
	date := fs.String("date", stage.DefaultDate.Format("2006-01-02"), "the day routed")
	planTime := fs.Duration("plan-time", 5*time.Minute, "cap on each solve (only a cap: work budgets make the same seed give the same bytes)")
	budget := fs.Int("budget", 0, fmt.Sprintf("work of the network design in locate work units, about 40,000 a second (0: %d)", network.DefaultBudget))
	seed := fs.Uint64("seed", 1, "seed of the sampled bookings and the solvers")
	trucks := fs.Int("trucks", 0, "trucks for the day (0 = sized to the day's weight, volume and work)")
	subsidy := fs.Float64("subsidy", 0, "trade-in subsidy as a share of the new appliance's price, 0…1")
	towns := fs.String("townships", "", "CSV code,lon,lat replacing township points with real coordinates")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "huishou demo: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	start := time.Now()
	sc, err := scenarioFromFlags(map[string]any{"name": "demo", "base": "sichuan-2025-baseline", "year": *year,
		"data":   map[string]any{"township_points": *towns},
		"levers": map[string]any{"subsidy": map[string]any{"all": *subsidy}, "fleet": map[string]any{"all": *trucks}},
		"ops":    map[string]any{"counties": []string{*county}, "date": *date, "days": 1},
		"solver": map[string]any{"time_cap": planTime.String(), "seed": *seed, "budget": *budget}}, demoFlagOf)
	if err != nil {
		return err
	}
	var finish func()
	var opt scenarios.Options
	opt.Progress, finish = stages(stderr)
	res, err := scenarios.Run(context.Background(), sc, opt)
	finish()
	if err != nil {
		return flagError(err, demoFlagOf)
	}
	files, err := report.WriteRunFiles(*out, res)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, report.Summary(res))
	fmt.Fprintf(stdout, "wrote %d files to %s (open %s/index.html) in %.1fs\n", len(files), *out, *out, time.Since(start).Seconds())
	return nil
}

// demoFlagOf names the flag behind a scenario field of huishou demo.
var demoFlagOf = map[string]string{
	"year": "--year", "ops.counties[0]": "--county", "ops.date": "--date", "solver.time_cap": "--plan-time", "solver.budget": "--budget",
	"levers.subsidy.all": "--subsidy", "levers.fleet.all": "--trucks", "data.township_points": "--townships",
}
