package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/schedule/gen"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
)

func init() {
	registerGen(&command{Name: "bookings", Summary: "bookings drawn from the forecast (Poisson per township and day, trade-ins, bulk, service)",
		Usage:   "huishou gen bookings --scenario sichuan --county ADCODE[,ADCODE…] --date YYYY-MM-DD [--days 7] [--seed 1] [--per-day N | --scale S] [--out bookings.csv]",
		Example: "huishou gen bookings --scenario sichuan --county 510104 --date 2026-12-01 --days 7 --seed 1 --out bookings.csv",
		Run:     runGenBookings})
	registerGen(&command{Name: "depots", Summary: "the depots of daily operations in counties (transfer stations, collection points, front warehouses)",
		Usage:   "huishou gen depots --scenario sichuan --county ADCODE[,…] [--plan plan.json] [--out depots.csv]",
		Example: "huishou gen depots --county 510104 --out depots.csv",
		Run:     runGenDepots})
	registerGen(&command{Name: "fleet", Summary: "vehicles for depots, sized to the bookings' work or a number per depot",
		Usage:   "huishou gen fleet --bookings FILE --depots depots.csv --date YYYY-MM-DD [--days 7] [--per-depot N] [--out vehicles.csv]",
		Example: "huishou gen fleet --bookings bookings.csv --depots depots.csv --date 2026-12-01 --out vehicles.csv",
		Run:     runGenFleet})
}

// output opens the --out file ("" or "-": stdout) and returns the writer
// and the function that finishes it.
func output(path string, stdout io.Writer) (io.Writer, func() error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }
	}
	var buf bytes.Buffer
	return &buf, func() error { return os.WriteFile(path, buf.Bytes(), 0o644) }
}

func counties(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func runGenBookings(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(genKinds["bookings"], stderr)
	name := fs.String("scenario", "sichuan", "built-in region")
	county := fs.String("county", "", "county adcodes, comma-separated (e.g. 510104)")
	date := fs.String("date", "", "first day, YYYY-MM-DD")
	days := fs.Int("days", 1, "days of arrivals")
	seed := fs.Uint64("seed", 1, "seed of every draw")
	year := fs.Int("year", supply.DefaultYear, "forecast year (the category mix and volumes)")
	scale := fs.Float64("scale", 1, "share of the forecast's returns that books a truck (multiplies every rate)")
	perDay := fs.Float64("per-day", 0, "expected household bookings per day over all counties (overrides --scale)")
	format := fs.String("format", "", "csv or json (default: by the --out extension, csv)")
	out := fs.String("out", "", "output file (default standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := booking.ParseDate(*date)
	if err != nil {
		return fmt.Errorf("--date: %v", err)
	}
	cs := counties(*county)
	if len(cs) == 0 {
		return fmt.Errorf("--county: give at least one county adcode")
	}
	reg, err := region.Builtin(*name)
	if err != nil {
		return err
	}
	fc, err := stage.Forecast(reg, supply.Options{Year: *year})
	if err != nil {
		return err
	}
	towns, rate, err := stage.BookingSource(reg, fc, cs)
	if err != nil {
		return err
	}
	depots, err := stage.Depots(reg, fc, nil, cs)
	if err != nil {
		return err
	}
	opt := gen.Options{Date: d, Days: *days, Seed: *seed, Townships: towns, Rate: rate, Scale: *scale, Sources: stage.Sources(depots)}
	if *perDay > 0 {
		total := 0.0
		for _, c := range cs {
			for k, v := range rate(c, d) {
				if k != "mobile_phone" {
					total += v
				}
			}
		}
		if total == 0 {
			return fmt.Errorf("the forecast has no returns in %v", cs)
		}
		opt.Scale = *perDay * gen.ItemsPerBooking / total
	}
	bs, err := gen.Bookings(opt)
	if err != nil {
		return err
	}
	w, finish := output(*out, stdout)
	if *format == "json" || (*format == "" && strings.HasSuffix(*out, ".json")) {
		err = booking.WriteJSON(w, bs)
	} else {
		err = booking.WriteCSV(w, bs)
	}
	if err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	n := map[booking.Kind]int{}
	for _, b := range bs {
		n[b.Kind]++
	}
	fmt.Fprintf(stderr, "generated %d bookings (%d pickup, %d trade_in, %d bulk, %d service) in %d counties over %d days from %s\n",
		len(bs), n[booking.Pickup], n[booking.TradeIn], n[booking.Bulk], n[booking.Service], len(cs), *days, d)
	return nil
}

func runGenDepots(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(genKinds["depots"], stderr)
	name := fs.String("scenario", "sichuan", "built-in region")
	county := fs.String("county", "", "county adcodes, comma-separated")
	planFile := fs.String("plan", "", "plan.json of huishou plan (its transfer stations and collection points)")
	year := fs.Int("year", supply.DefaultYear, "forecast year")
	out := fs.String("out", "", "output CSV (default standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	reg, err := region.Builtin(*name)
	if err != nil {
		return err
	}
	plan, err := readPlan(*planFile)
	if err != nil {
		return err
	}
	cs := counties(*county)
	if len(cs) == 0 {
		cs = scenarios.CountiesOf(nil, plan)
	}
	ds, err := scenarios.OpsDepots(reg, *year, plan, cs)
	if err != nil {
		return err
	}
	w, finish := output(*out, stdout)
	if err := fleet.WriteDepotsCSV(w, ds); err != nil {
		return err
	}
	return finish()
}

func runGenFleet(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(genKinds["fleet"], stderr)
	bookings := fs.String("bookings", "", "bookings file (CSV or JSON)")
	depotsFile := fs.String("depots", "", "depots CSV")
	date := fs.String("date", "", "first day, YYYY-MM-DD")
	days := fs.Int("days", 1, "days the fleet is sized for (their mean day)")
	perDepot := fs.Int("per-depot", 0, "vehicles per depot (0: sized to the work)")
	out := fs.String("out", "", "output CSV (default standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := booking.ParseDate(*date)
	if err != nil {
		return fmt.Errorf("--date: %v", err)
	}
	ld, err := booking.ReadFile(*bookings, booking.ReadOptions{})
	if err != nil {
		return err
	}
	ds, err := readDepots(*depotsFile, stderr)
	if err != nil {
		return err
	}
	vs := schedule.SizeFleet(ld.Bookings, ds, schedule.FleetOptions{Date: d, Days: *days, PerDepot: *perDepot})
	w, finish := output(*out, stdout)
	if err := fleet.WriteVehiclesCSV(w, vs); err != nil {
		return err
	}
	return finish()
}
