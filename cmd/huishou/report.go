package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/ledger/regional"
	"github.com/huishou/huishou/scenarios/region"
)

func init() {
	register(&command{
		Name:    "report",
		Summary: "the periodic report (定期报送) from the work ledger: per area and category, against forecast and targets",
		Usage: "huishou report --ledger FILE --period 2025-06|2025-Q2|2025 [--level county|prefecture|province|producer]\n" +
			"       [--format csv|xlsx|html|json] [--out FILE] [--targets targets.csv] [--area CODE] [--scenario sichuan] [--no-forecast]",
		Example: "huishou report --ledger ledger.jsonl --period 2025-Q1 --level county --format html --out report.html",
		Run:     runReport,
	})
}

func runReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["report"], stderr)
	path := fs.String("ledger", "", "the ledger: a JSON-lines file, one event per line (none: the PostgreSQL ledger at DATABASE_URL)")
	period := fs.String("period", "", "period: a year 2025, a quarter 2025-Q2 or a month 2025-06 (China time)")
	level := fs.String("level", "county", "county, prefecture, province, or producer (per brand owner, for 回收目标责任制)")
	format := fs.String("format", "csv", "csv (one row per area, period and category), xlsx, html (a chart per indicator) or json")
	out := fs.String("out", "", "write to this file instead of standard output")
	targets := fs.String("targets", "", "targets CSV: scope,id,period,category,units,tonnes (see README)")
	area := fs.String("area", "", "only this area (adcode at the report's level) or producer")
	scenario := fs.String("scenario", "sichuan", "built-in region: area names and the forecast")
	noForecast := fs.Bool("no-forecast", false, "leave out the comparison with the returns forecast")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*path == "" && os.Getenv("DATABASE_URL") == "") || *period == "" {
		fmt.Fprintln(stderr, "--ledger FILE (or DATABASE_URL) and --period P are required")
		fs.Usage()
		return errUsage
	}
	p, err := ledger.ParsePeriod(*period)
	if err != nil {
		return fmt.Errorf("--period: %s", err.(*ledger.InputError).Msg)
	}
	lv, err := ledger.ParseLevel(*level)
	if err != nil {
		return fmt.Errorf("--level: %s", err.(*ledger.InputError).Msg)
	}
	switch *format {
	case "csv", "xlsx", "html", "json":
	default:
		return fmt.Errorf("--format: %q is not one of csv, xlsx, html, json", *format)
	}
	reg, err := region.Builtin(*scenario)
	if err != nil {
		return err
	}
	opt, err := regional.Options(reg, p, lv, *noForecast)
	if err != nil {
		return err
	}
	opt.Area = *area
	if *targets != "" {
		f, err := os.Open(*targets)
		if err != nil {
			return err
		}
		opt.Targets, err = ledger.ReadTargetsCSV(f, *targets)
		f.Close()
		if err != nil {
			return err
		}
	}
	src, done, err := ledgerSource(*path)
	if err != nil {
		return err
	}
	defer done()
	rep, err := ledger.BuildStoreReport(context.Background(), src, opt)
	if err != nil {
		return err
	}
	w := stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	switch *format {
	case "csv":
		err = rep.WriteCSV(bw)
	case "json":
		err = rep.WriteJSON(bw)
	case "html":
		err = rep.WriteHTML(bw)
	case "xlsx":
		err = rep.WriteXLSX(bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && f != nil {
		err = f.Close()
	}
	if err != nil {
		return err
	}
	if *out != "" {
		sim := ""
		if rep.Simulated {
			sim = " (includes simulated events)"
		}
		fmt.Fprintf(stderr, "report %s by %s: %d areas, %d units, %.1f t collected, %d trade-ins%s → %s\n",
			rep.Period, rep.Level, len(rep.Totals), rep.Total.Units, rep.Total.Tonnes, rep.Total.TradeIns, sim, *out)
	}
	return nil
}
