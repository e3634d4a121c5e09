package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios"
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
	scenario := fs.String("scenario", "sichuan", "built-in scenario")
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

	sc, err := scenarios.Builtin(*scenario)
	if err != nil {
		return err
	}
	prefecture := make(map[string]string, len(sc.Counties))
	for _, c := range sc.Counties {
		prefecture[c.Adcode] = c.Prefecture
	}
	res, err := scenarios.Forecast(sc, opt)
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
		return writeSupplyCSV(stdout, res, prefecture)
	case "json":
		return writeSupplyJSON(stdout, res, prefecture)
	}
	return writeSupplyTable(stdout, res, prefecture, *scenario, *top)
}

// supplyRow is the wire form of one county × category row (csv, json).
type supplyRow struct {
	Adcode        string      `json:"adcode"`
	County        string      `json:"county"`
	Prefecture    string      `json:"prefecture"`
	Category      string      `json:"category"`
	Households    float64     `json:"households"`
	Stock         float64     `json:"stock"`
	Retired       float64     `json:"retired"`
	CollectRate   float64     `json:"collect_rate"`
	Units         float64     `json:"units"`
	Tonnes        float64     `json:"tonnes"`
	M3            float64     `json:"m3"`
	PerDay        float64     `json:"units_per_day"`
	PerDayPeak    float64     `json:"units_per_day_peak"`
	PerDayByMonth [12]float64 `json:"units_per_day_by_month"`
}

func supplyRows(res *supply.Result, prefecture map[string]string) []supplyRow {
	out := make([]supplyRow, len(res.Rows))
	nc := len(res.Categories)
	for i, r := range res.Rows {
		out[i] = supplyRow{
			Adcode: r.AreaID, County: r.AreaName, Prefecture: prefecture[r.AreaID], Category: r.Category,
			Households: res.Areas[i/nc].Households, Stock: r.Stock, Retired: r.Retired, CollectRate: r.CollectRate,
			Units: r.Units, Tonnes: r.Tonnes, M3: r.M3, PerDay: r.PerDay, PerDayPeak: r.PeakPerDay(), PerDayByMonth: r.PerDayByMonth,
		}
	}
	return out
}

var supplyCSVHeader = []string{"adcode", "county", "prefecture", "category", "households", "stock", "retired", "collect_rate",
	"units", "tonnes", "m3", "units_per_day", "units_per_day_peak"}

func writeSupplyCSV(w io.Writer, res *supply.Result, prefecture map[string]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(supplyCSVHeader); err != nil {
		return err
	}
	f := func(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
	for _, r := range supplyRows(res, prefecture) {
		rec := []string{r.Adcode, r.County, r.Prefecture, r.Category, f(r.Households, 0), f(r.Stock, 1), f(r.Retired, 2), f(r.CollectRate, 4),
			f(r.Units, 2), f(r.Tonnes, 4), f(r.M3, 4), f(r.PerDay, 4), f(r.PerDayPeak, 4)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeSupplyJSON(w io.Writer, res *supply.Result, prefecture map[string]string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(supplyRows(res, prefecture))
}

func writeSupplyTable(w io.Writer, res *supply.Result, prefecture map[string]string, scenario string, top int) error {
	lv := res.Levers
	hh := 0.0
	for _, a := range res.Areas {
		hh += a.Households
	}
	fmt.Fprintf(w, "returns forecast: scenario %s, year %d, %d areas, %.2f M households\n", scenario, res.Year, len(res.Areas), hh/1e6)
	fmt.Fprintf(w, "levers: subsidy %.0f %% (elasticity %g), door-to-door +%.0f %% of households (uplift %g), formal share %s\n\n",
		lv.SubsidyShare*100, lv.Elasticity, lv.DoorToDoorCoverage*100, lv.DoorToDoorUplift, formalShareText(lv.FormalShare))

	fmt.Fprintf(w, "%-16s %11s %11s %6s %12s %8s %9s %8s %8s\n", "category", "stock", "retired/yr", "rate", "collected/yr", "t/yr", "m³/yr", "per day", "peak day")
	line := func(name string, r supply.Row) {
		fmt.Fprintf(w, "%-16s %11.0f %11.0f %6.3f %12.0f %8.0f %9.0f %8.0f %8.0f\n", name, r.Stock, r.Retired, r.CollectRate, r.Units, r.Tonnes, r.M3, r.PerDay, r.PeakPerDay())
	}
	for _, r := range res.Totals() {
		line(r.Category, r)
	}
	line("total", res.Total())

	// Top counties by collected tonnes.
	type county struct {
		id, name         string
		units, t, m3, pk float64
	}
	nc := len(res.Categories)
	cs := make([]county, len(res.Areas))
	for a, ar := range res.Areas {
		c := county{id: ar.ID, name: ar.Name}
		for _, r := range res.Rows[a*nc : (a+1)*nc] {
			c.units += r.Units
			c.t += r.Tonnes
			c.m3 += r.M3
			c.pk += r.PeakPerDay()
		}
		cs[a] = c
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].t > cs[j].t })
	top = min(max(top, 0), len(cs))
	if top == 0 {
		return nil
	}
	fmt.Fprintf(w, "\ntop %d areas by collected tonnes:\n", top)
	fmt.Fprintf(w, "%-8s %s %s %12s %8s %9s %8s\n", "adcode", padWidth("area", 12), padWidth("prefecture", 18), "collected/yr", "t/yr", "m³/yr", "peak day")
	for _, c := range cs[:top] {
		fmt.Fprintf(w, "%-8s %s %s %12.0f %8.0f %9.0f %8.0f\n", c.id, padWidth(c.name, 12), padWidth(prefecture[c.id], 18), c.units, c.t, c.m3, c.pk)
	}
	fmt.Fprintln(w, "\npeak day = expected pickups per day in the busiest month (June 618 / November Double 11, assumed profile)")
	return nil
}

// padWidth pads s with spaces to n terminal columns, counting CJK
// characters as two columns.
func padWidth(s string, n int) string {
	w := 0
	for _, r := range s {
		w++
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xff00 && r <= 0xff60)) {
			w++
		}
	}
	return s + strings.Repeat(" ", max(n-w, 0))
}

func formalShareText(s float64) string {
	if s == 0 {
		return "per category (default)"
	}
	return strings.TrimRight(strconv.FormatFloat(s, 'f', 3, 64), "0")
}
