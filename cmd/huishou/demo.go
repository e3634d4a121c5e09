package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/report"
	"github.com/huishou/huishou/scenarios/stage"
)

func init() {
	register(&command{
		Name:    "demo",
		Summary: "a whole pass on the embedded Sichuan data: forecast → network plan → one county's day of pickups → routes",
		Usage:   "huishou demo [--out DIR] [--year Y] [--county ADCODE] [--date YYYY-MM-DD] [--seed S] [--plan-time 10s] [--townships FILE.csv]",
		Example: "huishou demo --out huishou-demo --county 510182 --date 2025-06-18",
		Run:     runDemo,
	})
}

func runDemo(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["demo"], stderr)
	out := fs.String("out", "huishou-demo", "directory for index.html, plan.geojson and the route sheets")
	var opt scenarios.RunOptions
	fs.IntVar(&opt.Year, "year", 2025, "forecast year")
	fs.StringVar(&opt.County, "county", stage.DefaultCounty, "adcode of the county whose day of pickups is routed")
	date := fs.String("date", stage.DefaultDate.Format("2006-01-02"), "the day routed")
	fs.DurationVar(&opt.PlanTime, "plan-time", 10*time.Second, "time limit of the network design")
	fs.Uint64Var(&opt.Seed, "seed", 1, "seed of the sampled bookings and the solvers")
	fs.IntVar(&opt.Fleet, "trucks", 0, "trucks for the day (0 = sized to the day's weight, volume and work)")
	fs.Float64Var(&opt.Levers.SubsidyShare, "subsidy", 0, "trade-in subsidy as a share of the new appliance's price, 0…1")
	towns := fs.String("townships", "", "CSV code,lon,lat replacing township points with real coordinates")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "huishou demo: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	d, err := time.Parse("2006-01-02", *date)
	if err != nil {
		return fmt.Errorf("--date: %q is not YYYY-MM-DD", *date)
	}
	opt.Date = d
	start := time.Now()
	sc, err := region.Builtin("sichuan")
	if err != nil {
		return err
	}
	if *towns != "" {
		var n int
		err := withFile(*towns, func(f *os.File) (err error) {
			n, err = sc.ReplaceTownshipPoints(f, *towns)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "replaced %d township points from %s\n", n, *towns)
	}
	var finish func()
	opt.Progress, finish = stages(stderr)
	res, err := scenarios.Run(context.Background(), sc, opt)
	finish()
	if err != nil {
		return err
	}
	files, err := report.WriteRunFiles(*out, res)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, report.Summary(res))
	fmt.Fprintf(stdout, "wrote %d files to %s (open %s/index.html) in %.1fs\n", len(files), *out, *out, time.Since(start).Seconds())
	return nil
}
