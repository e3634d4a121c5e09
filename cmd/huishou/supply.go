package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/report"
	"github.com/huishou/huishou/scenarios/stage"
	"github.com/huishou/huishou/scenarios/wire"
)

func init() {
	register(&command{
		Name:    "supply",
		Summary: "forecast returns of old appliances per county and category (units, tonnes, m³, per day)",
		Usage:   "huishou supply [--scenario NAME] [--year Y] [--format table|csv|json] [levers]",
		Example: "huishou supply --scenario sichuan --year 2025 --format csv",
		Run:     runSupply,
	})
}

// supplyFlagOf names the flag behind a supply.Options field path.
var supplyFlagOf = map[string]string{
	"options.year":                      "--year",
	"options.levers.subsidyShare":       "--subsidy",
	"options.levers.elasticity":         "--elasticity",
	"options.levers.doorToDoorCoverage": "--coverage",
	"options.levers.doorToDoorUplift":   "--uplift",
	"options.levers.formalShare":        "--formal-share",
	"options.salesGrowth":               "--growth",
}

func runSupply(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["supply"], stderr)
	scenario := fs.String("scenario", "sichuan", "built-in region")
	year := fs.Int("year", supply.DefaultYear, "forecast year (sets the calendar)")
	format := fs.String("format", "table", "output: table (summary), csv or json (one row per county and category)")
	var opt supply.Options
	fs.Float64Var(&opt.Levers.SubsidyShare, "subsidy", 0, "trade-in subsidy as a share of the new appliance's price, 0…1 (e.g. 0.15)")
	fs.Float64Var(&opt.Levers.Elasticity, "elasticity", 0, fmt.Sprintf("relative rise of the collection rate per unit of subsidy share (0 = default %g)", supply.DefaultElasticity))
	fs.Float64Var(&opt.Levers.DoorToDoorCoverage, "coverage", 0, "share of households given door-to-door pickup beyond the status quo, 0…1")
	fs.Float64Var(&opt.Levers.DoorToDoorUplift, "uplift", 0, fmt.Sprintf("relative rise of the collection rate among covered households (0 = default %g)", supply.DefaultDoorToDoorUplift))
	fs.Float64Var(&opt.Levers.FormalShare, "formal-share", 0, "share of retired units reaching the formal channel, 0…1 (0 = per-category defaults, 0.20 for appliances)")
	fs.Float64Var(&opt.SalesGrowth, "growth", 0, "yearly growth of past sales (0 = steady state: retirements = stock / mean life)")
	top := fs.Int("top", 10, "table: number of counties listed by collected tonnes")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "huishou supply: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return fmt.Errorf("--format: %q is not one of table, csv, json", *format)
	}
	opt.Year = *year

	sc, err := region.Builtin(*scenario)
	if err != nil {
		return err
	}
	res, err := stage.Forecast(sc, opt)
	if err != nil {
		var ie *supply.InputError
		if errors.As(err, &ie) {
			if f, ok := supplyFlagOf[ie.Field]; ok {
				return fmt.Errorf("%s: %s", f, ie.Msg)
			}
		}
		return err
	}
	switch *format {
	case "csv":
		return wire.WriteSupplyCSV(stdout, wire.SupplyRows(sc, res))
	case "json":
		return wire.WriteSupplyJSON(stdout, wire.SupplyRows(sc, res))
	}
	return report.WriteSupplyTable(stdout, sc, res, *top)
}
