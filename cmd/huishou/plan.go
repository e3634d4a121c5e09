package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/report"
)

func init() {
	register(&command{
		Name:    "plan",
		Summary: "design the recycling network (collection points, transfer stations, sorting centres, flows to dismantlers) with a certified gap",
		Usage: "huishou plan [--scenario sichuan] [--year Y] [--time 60s] [--out DIR] [--prefecture ADCODE] [--demand townships|counties|FILE.csv]\n" +
			"             [--dismantlers FILE.csv] [--candidates FILE.csv] [--no-county-rule] [--single-source] [--coverage-penalty Y] [--subsidy S] [--greedy]",
		Example: "huishou plan --prefecture 510100 --time 5s --out plan-chengdu",
		Run:     runPlan,
	})
}

func runPlan(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["plan"], stderr)
	name := fs.String("scenario", "sichuan", "built-in region")
	out := fs.String("out", "huishou-plan", "directory for plan.json, plan.geojson and report.html")
	var opt scenarios.PlanOptions
	fs.IntVar(&opt.Year, "year", 2025, "forecast year")
	fs.DurationVar(&opt.TimeLimit, "time", 60*time.Second, "time limit of the design search")
	fs.StringVar(&opt.Network.Prefecture, "prefecture", "", "plan one prefecture (adcode, e.g. 510100 for Chengdu)")
	fs.StringVar(&opt.Network.Demand, "demand", "townships", "demand points: townships, counties, or a CSV file id,lon,lat,tonnes[,name,m3]")
	dis := fs.String("dismantlers", "", "CSV file id,lon,lat,capacity_t[,name,handling_per_t,fixed_cost] replacing the assumed dismantling plants")
	cands := fs.String("candidates", "", "CSV file id,tier,lon,lat[,name] of extra candidate sites (e.g. industrial plots for transfer stations)")
	fs.BoolVar(&opt.Network.NoCountyRule, "no-county-rule", false, "lift the one-transfer-station-per-county rule (collection points may feed a neighbouring county's station)")
	fs.BoolVar(&opt.Network.SingleSource, "single-source", false, "every transfer station sends to one sorting centre (without the county rule: every collection point to one transfer station)")
	fs.BoolVar(&opt.Greedy, "greedy", false, "the quick greedy baseline instead of the optimiser")
	fs.Float64Var(&opt.Network.CoveragePenaltyPerT, "coverage-penalty", 0, fmt.Sprintf("yuan per tonne served beyond the coverage radius (0 = default %g)", network.DefaultRules().CoveragePenaltyPerT))
	fs.Float64Var(&opt.Network.CoveragePenaltyPerPoint, "coverage-point-penalty", network.DefaultRules().CoveragePenaltyPerPoint, "yuan per year for each township served beyond the coverage radius (0 = none: trade coverage for cost)")
	fs.Float64Var(&opt.Levers.SubsidyShare, "subsidy", 0, "trade-in subsidy as a share of the new appliance's price, 0…1")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if opt.Network.CoveragePenaltyPerPoint == 0 {
		opt.Network.CoveragePenaltyPerPoint = -1 // none
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "huishou plan: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	start := time.Now()
	sc, err := region.Builtin(*name)
	if err != nil {
		return err
	}
	if opt.Network.Demand != "townships" && opt.Network.Demand != "counties" {
		err := withFile(opt.Network.Demand, func(f *os.File) (err error) {
			opt.Network.DemandPoints, err = sc.LoadDemandCSV(f, opt.Network.Demand)
			return err
		})
		if err != nil {
			return err
		}
	}
	if *dis != "" {
		err := withFile(*dis, func(f *os.File) (err error) {
			opt.Network.Dismantlers, err = sc.LoadDismantlersCSV(f, *dis)
			return err
		})
		if err != nil {
			return err
		}
	}
	if *cands != "" {
		err := withFile(*cands, func(f *os.File) (err error) {
			opt.Network.Candidates, err = sc.LoadCandidatesCSV(f, *cands)
			return err
		})
		if err != nil {
			return err
		}
	}
	var finish func()
	opt.Progress, finish = stages(stderr)
	res, err := scenarios.Plan(context.Background(), sc, opt)
	finish()
	if err != nil {
		return err
	}
	files, err := report.WritePlanFiles(*out, res)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, report.Summary(res))
	fmt.Fprintf(stdout, "wrote %d files to %s (open %s/report.html) in %.1fs\n", len(files), *out, *out, time.Since(start).Seconds())
	return nil
}
