package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/huishou/huishou/optimizer/route/routeio"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/schedule/sheet"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
)

func init() {
	register(&command{
		Name:    "schedule",
		Summary: "plan days of bookings: days in their windows, trucks of every depot, routes, route sheets (JSON, CSV, HTML, PDF, GeoJSON)",
		Usage: "huishou schedule --bookings FILE [--plan plan.json | --scenario sichuan | --depots depots.csv] [--vehicles vehicles.csv | --per-depot N]\n" +
			"                 --date YYYY-MM-DD [--days N] [--seed S] [--iterations N] [--time 30s] [--split-depots] [--formats json,csv,html,pdf,geojson] --out DIR",
		Example: "huishou schedule --bookings bookings.csv --scenario sichuan --date 2026-12-01 --days 7 --seed 1 --out week",
		Run:     runSchedule,
	})
}

// opsFlags are the flags schedule shares with bench schedule.
type opsFlags struct {
	scenario, planFile, depotsFile, vehiclesFile string
	perDepot, year                               int
}

// loadOps reads the depots (user CSV, plan.json, or the scenario's county
// seats for the bookings' counties) and the vehicles (user CSV or sized).
func loadOps(o opsFlags, bs []booking.Booking, date booking.Date, days int, stderr io.Writer) ([]fleet.Depot, []fleet.Vehicle, error) {
	var depots []fleet.Depot
	var err error
	switch {
	case o.depotsFile != "":
		if depots, err = readDepots(o.depotsFile, stderr); err != nil {
			return nil, nil, err
		}
	default:
		reg, err := region.Builtin(o.scenario)
		if err != nil {
			return nil, nil, err
		}
		plan, err := readPlan(o.planFile)
		if err != nil {
			return nil, nil, err
		}
		if depots, err = scenarios.OpsDepots(reg, o.year, plan, scenarios.CountiesOf(bs, plan)); err != nil {
			return nil, nil, err
		}
	}
	if o.vehiclesFile != "" {
		vs, err := readVehicles(o.vehiclesFile, stderr)
		return depots, vs, err
	}
	return depots, schedule.SizeFleet(bs, depots, schedule.FleetOptions{Date: date, Days: days, PerDepot: o.perDepot}), nil
}

func runSchedule(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["schedule"], stderr)
	var o opsFlags
	bookingsFile := fs.String("bookings", "", "bookings file, CSV or JSON (see README: id,lon,lat,county,township,items,earliest,latest,tw_start,tw_end,kind,from,skills,note,status)")
	fs.StringVar(&o.scenario, "scenario", "sichuan", "built-in region: depots at the county seats of the bookings' counties, with each county's road area (with --plan: the plan's sites)")
	fs.StringVar(&o.planFile, "plan", "", "plan.json of huishou plan: its transfer stations and collection points are the depots")
	fs.StringVar(&o.depotsFile, "depots", "", "depots CSV (id,name,kind,lon,lat,county,area,parent,storage_litres,stock,inflow,clear_at) instead of a plan")
	fs.StringVar(&o.vehiclesFile, "vehicles", "", "vehicles CSV (id,depot,kg,litres,pieces,crew,skills,shift_start,shift_end,break_start,break_end,break_min,fixed_cost,per_km,per_hour); default: sized to the work")
	fs.IntVar(&o.perDepot, "per-depot", 0, "without --vehicles: this many vehicles per depot (0: sized to the work)")
	fs.IntVar(&o.year, "year", supply.DefaultYear, "forecast year (collection points' inflow)")
	date := fs.String("date", "", "first day planned, YYYY-MM-DD")
	days := fs.Int("days", 1, "days planned")
	seed := fs.Uint64("seed", 1, "seed of the routing engine")
	iters := fs.Int("iterations", 0, "routing iterations per problem (0: by size); the same input and seed give the same bytes")
	limit := fs.Duration("time", 5*time.Minute, "cap on the whole run (only a cap: the iterations set the work)")
	split := fs.Bool("split-depots", false, "one routing problem per depot (default: depots whose areas overlap are routed jointly)")
	formats := fs.String("formats", strings.Join(sheet.Formats, ","), "files per day: json (dayplan-D.json), csv (route sheets), html, pdf, geojson")
	out := fs.String("out", "", "output directory")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (for go tool pprof)")
	verbose := fs.Bool("v", false, "print every routing problem: jobs, vehicles, iterations, time")
	jointIters := fs.Int("joint-iterations", 0, "iterations of the joint multi-depot search after the per-depot start (0: by size)")
	noDecomp := fs.Bool("no-decompose", false, "solve large multi-depot problems jointly from scratch (default: each depot alone first, then jointly from those routes)")
	export := fs.String("export-problems", "", "also write every routing problem as native JSON (optimizer/route/routeio) to this directory")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "huishou schedule: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *bookingsFile == "" || *out == "" {
		return fmt.Errorf("--bookings and --out are required")
	}
	d, err := booking.ParseDate(*date)
	if err != nil {
		return fmt.Errorf("--date: %v", err)
	}
	start := time.Now()
	ld, err := booking.ReadFile(*bookingsFile, booking.ReadOptions{PlanDate: d})
	if err != nil {
		return err
	}
	reportSkipped(stderr, *bookingsFile, ld.Skipped)
	if len(ld.Ignored) > 0 {
		fmt.Fprintf(stderr, "%s: columns ignored: %s\n", *bookingsFile, strings.Join(ld.Ignored, ", "))
	}
	depots, vehicles, err := loadOps(o, ld.Bookings, d, *days, stderr)
	if err != nil {
		return err
	}
	opt := schedule.Options{Date: d, Days: *days, Seed: *seed, Iterations: *iters, TimeLimit: *limit, PerDepot: *split, NoDecompose: *noDecomp, JointIterations: *jointIters}
	var finish func()
	opt.Progress, finish = stages(stderr)
	var exportErr error
	var mu sync.Mutex
	if *export != "" {
		if err := os.MkdirAll(*export, 0o755); err != nil {
			return err
		}
		opt.Problem = func(name string, r *schedule.Routing) {
			mu.Lock()
			defer mu.Unlock()
			f, err := os.Create(filepath.Join(*export, name+".json"))
			if err == nil {
				err = routeio.WriteProblemJSON(f, r.Problem, r.Meta)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil && exportErr == nil {
				exportErr = err
			}
		}
	}
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			pf.Close()
			return err
		}
		defer func() { pprof.StopCPUProfile(); pf.Close() }()
	}
	res, err := schedule.Schedule(context.Background(), &schedule.Input{Bookings: ld.Bookings, Depots: depots, Vehicles: vehicles}, opt)
	finish()
	if err != nil {
		return err
	}
	if exportErr != nil {
		return exportErr
	}
	solved := time.Since(start)
	if *verbose {
		for _, p := range res.Problems {
			fmt.Fprintf(stdout, "problem %s: %d depots, %d vehicles, %d jobs; %d iterations in %.2fs (%s)\n", p.Name, p.Depots, p.Vehicles, p.Jobs, p.Iterations, p.Elapsed.Seconds(), p.StopReason)
		}
	}
	var files []string
	fl := strings.Split(*formats, ",")
	for _, p := range res.Days {
		w, err := sheet.WriteDay(*out, p, fl, sheet.Options{})
		files = append(files, w...)
		if err != nil {
			return err
		}
		printDay(stdout, p)
	}
	fmt.Fprintf(stdout, "%d bookings read (%d skipped), %d depots, %d vehicles; %d deferred past the horizon, %d not open; %d clearing runs, %d service circuits\n",
		len(ld.Bookings), len(ld.Skipped), len(depots), len(vehicles), len(res.Deferred), res.Ignored, len(res.Clearing), len(res.Circuits))
	fmt.Fprintf(stdout, "scheduled in %.1fs; wrote %d files to %s in %.1fs\n", solved.Seconds(), len(files), *out, time.Since(start).Seconds())
	return nil
}

// printDay prints one line per day plan.
func printDay(w io.Writer, p *dayplan.Plan) {
	t := p.Totals
	var groups []string
	for _, g := range p.Groups {
		groups = append(groups, fmt.Sprintf("%d depots/%d vehicles/%d bookings", len(g.Depots), g.Vehicles, g.Bookings))
	}
	fmt.Fprintf(w, "%s: %d bookings, %d served, %d unassigned; %d vehicles, %.0f km, %.1f h, %.0f yuan; %d collected (%.0f kg), %d delivered; routing problems: %s\n",
		p.Date, t.Bookings, t.Served, t.Unassigned, t.Vehicles, t.DistanceKm, t.Hours, t.Cost, t.Pieces, t.Kg, t.Delivered, strings.Join(groups, "; "))
}
