package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/schedule/gen"
	"github.com/huishou/huishou/optimizer/schedule/sheet"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
)

func init() {
	registerBench(&command{
		Name:    "schedule",
		Summary: "daily operations: the Chengdu day (2,000 bookings, 10 depots) and a county week re-planned",
		Usage: "huishou bench schedule --case chengdu [--vehicles 60|sized] [--seed 1] [--time 5m] [--split-depots] [--short-first] [--joint-iterations N] [--json] [--save DIR]\n" +
			"       huishou bench schedule --case replan [--seed 1] [--json] [--save DIR]\n" +
			"       huishou bench schedule --table DIR     (medians of the saved runs, for benchmarks/RESULTS.md)",
		Example: "huishou bench schedule --case chengdu --vehicles 60",
		Run:     runBenchSchedule,
	})
}

// chengduCounties are the ten districts of the Chengdu day: the five
// central districts and the five around them, one depot each.
var chengduCounties = []string{"510104", "510105", "510106", "510107", "510108", "510112", "510113", "510114", "510115", "510116"}

// cpuSeconds returns the process's user+system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// benchOps is the generated operations input of a case.
type benchOps struct {
	reg      *region.Region
	bookings []booking.Booking
	depots   []fleet.Depot
}

func benchInput(counties []string, date booking.Date, days int, perDay float64, seed uint64) (*benchOps, error) {
	reg, err := region.Builtin("sichuan")
	if err != nil {
		return nil, err
	}
	fc, err := stage.Forecast(reg, supply.Options{})
	if err != nil {
		return nil, err
	}
	towns, rate, err := stage.BookingSource(reg, fc, counties)
	if err != nil {
		return nil, err
	}
	depots, err := stage.Depots(reg, fc, nil, counties)
	if err != nil {
		return nil, err
	}
	opt := gen.Options{Date: date, Days: days, Seed: seed, Townships: towns, Rate: rate, Sources: stage.Sources(depots)}
	if perDay > 0 {
		total := 0.0
		for _, c := range counties {
			for k, v := range rate(c, date) {
				if k != "mobile_phone" {
					total += v
				}
			}
		}
		opt.Scale = perDay * gen.ItemsPerBooking / total
	}
	bs, err := gen.Bookings(opt)
	if err != nil {
		return nil, err
	}
	return &benchOps{reg: reg, bookings: bs, depots: depots}, nil
}

// ChengduResult is the JSON row of the Chengdu case.
type ChengduResult struct {
	Case        string  `json:"case"`
	Seed        uint64  `json:"seed"`
	Bookings    int     `json:"bookings"`
	Depots      int     `json:"depots"`
	Vehicles    int     `json:"vehicles"`
	Problems    int     `json:"problems"`
	Served      int     `json:"served"`
	Unassigned  int     `json:"unassigned"`
	Infeasible  int     `json:"infeasible"` // unassigned with a reason that holds for any fleet plan (skill, capacity, reach)
	ServedPct   float64 `json:"served_pct_of_feasible"`
	BoundServed int     `json:"bound_served"` // at most this many fit the fleet's shift time (service only, no driving)
	// BoundTravel is route.ServedBound summed over the day's routing
	// problems: service plus the least travel into each stop, shifts less
	// breaks and the least way back, skills and crews, loads.
	BoundTravel int `json:"bound_served_travel"`
	// ShortFirst and JointIterations: the options of the run
	// (schedule.Options; 0: the default budget).
	ShortFirst      bool    `json:"short_first,omitempty"`
	JointIterations int     `json:"joint_iterations,omitempty"`
	ServiceH        float64 `json:"service_h"` // the routes' hours at stops (handling, loading)
	TravelH         float64 `json:"travel_h"`
	WaitH           float64 `json:"wait_h"`
	UsedVeh         int     `json:"vehicles_used"`
	Km              float64 `json:"km"`
	WallS           float64 `json:"schedule_wall_s"`
	CPUS            float64 `json:"schedule_cpu_s"`
	SheetsMS        float64 `json:"sheets_ms"` // HTML + PDF + CSV + GeoJSON for every route
	SheetsCPUMS     float64 `json:"sheets_cpu_ms"`
	Checked         bool    `json:"checked"`
	Machine         Machine `json:"machine"`
}

func runBenchSchedule(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(benchKinds["schedule"], stderr)
	kase := fs.String("case", "chengdu", "chengdu (the Chengdu day) or replan (a county week re-planned)")
	veh := fs.String("vehicles", "60", "chengdu: 60 (6 per depot) or sized (schedule.SizeFleet)")
	seed := fs.Uint64("seed", 1, "seed of the bookings and the routing engine")
	limit := fs.Duration("time", 5*time.Minute, "cap on the schedule (only a cap)")
	split := fs.Bool("split-depots", false, "chengdu: one routing problem per depot")
	shortFirst := fs.Bool("short-first", false, "chengdu: finite penalties, the longest handling left out first (schedule.Options.ShortFirst)")
	joint := fs.Int("joint-iterations", 0, "chengdu: budget of the joint multi-depot search (0: schedule.DefaultJointIterations)")
	asJSON := fs.Bool("json", false, "one JSON object instead of text")
	save := fs.String("save", "", "also write the JSON result to a new file in this directory")
	table := fs.String("table", "", "print the table of the results saved in this directory and stop")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *table != "" {
		return scheduleTable(*table, stdout)
	}
	var res any
	var err error
	switch *kase {
	case "chengdu":
		res, err = benchChengdu(*veh, *seed, *limit, *split, *shortFirst, *joint, *asJSON, stdout)
	case "replan":
		res, err = benchReplan(*seed, *asJSON, stdout)
	default:
		return fmt.Errorf("--case: %q (want chengdu or replan)", *kase)
	}
	if res != nil && *save != "" {
		b, jerr := json.MarshalIndent(res, "", " ")
		if jerr != nil {
			return jerr
		}
		if err := os.MkdirAll(*save, 0o755); err != nil {
			return err
		}
		name := fmt.Sprintf("%s-seed%d-%s.json", caseName(res), *seed, time.Now().UTC().Format("20060102-150405"))
		if werr := os.WriteFile(filepath.Join(*save, name), append(b, '\n'), 0o644); werr != nil {
			return werr
		}
	}
	return err
}

// Machine describes where and when a benchmark ran.
type Machine struct {
	Date     string  `json:"date"`
	CPU      string  `json:"cpu"`
	Cores    int     `json:"cores"`
	Go       string  `json:"go"`
	Revision string  `json:"revision,omitempty"`
	Load1    float64 `json:"load1"` // load average when the run started: others' work on the shared machine
}

func opsMachine() Machine {
	m := Machine{Date: time.Now().UTC().Format(time.RFC3339), Cores: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				m.CPU = strings.TrimSpace(l[strings.Index(l, ":")+1:])
				break
			}
		}
	}
	m.Load1 = load1()
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				m.Revision = s.Value
			}
		}
	}
	return m
}

// load1 is the one-minute load average (0 when unknown).
func load1() float64 {
	var l float64
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscanf(string(b), "%f", &l)
	}
	return l
}

func caseName(res any) string {
	switch r := res.(type) {
	case ChengduResult:
		return r.Case
	case ReplanResult:
		return r.Case
	}
	return "run"
}

// scheduleTable prints, per case, the median (min–max) of the saved runs.
func scheduleTable(dir string, w io.Writer) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	slices.Sort(files)
	chengdu := map[string][]ChengduResult{}
	replan := map[string][]ReplanResult{}
	var order []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var head struct{ Case string }
		if err := json.Unmarshal(b, &head); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if _, ok := chengdu[head.Case]; !ok && replan[head.Case] == nil {
			order = append(order, head.Case)
		}
		if strings.HasPrefix(head.Case, "replan") {
			var r ReplanResult
			if err := json.Unmarshal(b, &r); err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
			replan[head.Case] = append(replan[head.Case], r)
			continue
		}
		var r ChengduResult
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		chengdu[head.Case] = append(chengdu[head.Case], r)
	}
	med := func(xs []float64) string {
		s := slices.Clone(xs)
		slices.Sort(s)
		if len(s) == 0 {
			return ""
		}
		return fmt.Sprintf("%.2f (%.2f–%.2f)", s[len(s)/2], s[0], s[len(s)-1])
	}
	fmt.Fprintln(w, "| case | runs (seeds) | bookings | vehicles | served | % of feasible | bound: service only | bound: route.ServedBound | % of ServedBound | schedule wall s | schedule CPU s | sheets ms wall | sheets ms CPU | load |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, c := range order {
		rs := chengdu[c]
		if len(rs) == 0 {
			continue
		}
		var seeds []string
		var served, pct, bs, bt, pb, wall, cpu, sw, sc, load []float64
		for _, r := range rs {
			seeds = append(seeds, fmt.Sprint(r.Seed))
			served, pct = append(served, float64(r.Served)), append(pct, r.ServedPct)
			bs, bt = append(bs, float64(r.BoundServed)), append(bt, float64(r.BoundTravel))
			if r.BoundTravel > 0 {
				pb = append(pb, 100*float64(r.Served)/float64(r.BoundTravel))
			}
			wall, cpu = append(wall, r.WallS), append(cpu, r.CPUS)
			sw, sc, load = append(sw, r.SheetsMS), append(sc, r.SheetsCPUMS), append(load, r.Machine.Load1)
		}
		fmt.Fprintf(w, "| %s | %d (%s) | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c, len(rs), strings.Join(seeds, ","), rs[0].Bookings, rs[0].Vehicles,
			med(served), med(pct), med(bs), med(bt), med(pb), med(wall), med(cpu), med(sw), med(sc), med(load))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| case | runs (seeds) | bookings | cancelled | added | search | new routed | served | kept | moved | moved % | retimed | unchanged | dropped | re-plan wall s | re-plan CPU s | dispatched untouched | load start–end |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, c := range order {
		rs := replan[c]
		if len(rs) == 0 {
			continue
		}
		var seeds []string
		var load, loadEnd []float64
		intact := true
		for _, r := range rs {
			seeds = append(seeds, fmt.Sprint(r.Seed))
			load, loadEnd = append(load, r.Machine.Load1), append(loadEnd, r.Load1End)
			intact = intact && r.KeptIntact
		}
		for k, name := range []string{fmt.Sprintf("change-aware (%g yuan a move)", schedule.DefaultStabilityCost), "pure cost (reference)"} {
			var routed, served, kept, moved, pct, ret, un, drop, wall, cpu []float64
			for _, r := range rs {
				st := r.ReplanStats
				if k == 1 {
					st = r.Reference
				}
				routed, served, kept = append(routed, float64(st.AddedRouted)), append(served, float64(st.Served)), append(kept, float64(st.Kept))
				moved, pct, ret = append(moved, float64(st.Moved)), append(pct, st.MovedPct), append(ret, float64(st.Retimed))
				un, drop = append(un, float64(st.Unchanged)), append(drop, float64(st.Dropped))
				wall, cpu = append(wall, st.WallS), append(cpu, st.CPUS)
			}
			fmt.Fprintf(w, "| %s | %d (%s) | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %v | %s–%s |\n", c, len(rs), strings.Join(seeds, ","), rs[0].Bookings, rs[0].Cancelled, rs[0].Added,
				name, med(routed), med(served), med(kept), med(moved), med(pct), med(ret), med(un), med(drop), med(wall), med(cpu), intact, med(load), med(loadEnd))
		}
	}
	return nil
}

func benchChengdu(veh string, seed uint64, limit time.Duration, split, shortFirst bool, joint int, asJSON bool, stdout io.Writer) (any, error) {
	mach := opsMachine()
	date := booking.MustDate("2026-12-01")
	ops, err := benchInput(chengduCounties, date, 1, 1880, seed)
	if err != nil {
		return nil, err
	}
	var vs []fleet.Vehicle
	switch veh {
	case "60":
		vs = schedule.SizeFleet(ops.bookings, ops.depots, schedule.FleetOptions{Date: date, PerDepot: 6})
	case "sized":
		vs = schedule.SizeFleet(ops.bookings, ops.depots, schedule.FleetOptions{Date: date})
	default:
		return nil, fmt.Errorf("--vehicles: %q (want 60 or sized)", veh)
	}
	in := &schedule.Input{Bookings: ops.bookings, Depots: ops.depots, Vehicles: vs}
	var problems []*route.Problem
	c0, t0 := cpuSeconds(), time.Now()
	res, err := schedule.Schedule(context.Background(), in, schedule.Options{Date: date, Seed: seed, TimeLimit: limit, PerDepot: split, JointIterations: joint, ShortFirst: shortFirst,
		Problem: func(_ string, rt *schedule.Routing) { problems = append(problems, rt.Problem) }})
	if err != nil {
		return nil, err
	}
	name := "chengdu-" + veh
	if shortFirst {
		name += "-short-first"
	}
	if joint > 0 {
		name += fmt.Sprintf("-joint%d", joint)
	}
	r := ChengduResult{Machine: mach, Case: name, ShortFirst: shortFirst, JointIterations: joint, Seed: seed, Bookings: len(ops.bookings), Vehicles: len(vs), WallS: time.Since(t0).Seconds(), CPUS: cpuSeconds() - c0}
	for _, d := range ops.depots {
		if d.Kind == fleet.TransferStation {
			r.Depots++
		}
	}
	p := res.Days[0]
	r.Problems = len(p.Groups)
	r.Served, r.Unassigned, r.UsedVeh, r.Km = p.Totals.Served, len(p.Unassigned), p.Totals.Vehicles, p.Totals.DistanceKm
	for _, u := range p.Unassigned {
		if permanentReason(u.Reason) {
			r.Infeasible++
		}
	}
	if f := r.Bookings - r.Infeasible; f > 0 {
		r.ServedPct = 100 * float64(r.Served) / float64(f)
	}
	r.BoundServed = timeBound(ops.bookings, vs)
	for _, rt := range p.Routes {
		prev := rt.Start
		for _, st := range rt.Stops {
			if st.Type != dayplan.Break {
				r.ServiceH += float64(st.Departure-st.Start) / 3600
			}
			r.TravelH += float64(st.Arrival-prev) / 3600
			r.WaitH += float64(st.Start-st.Arrival) / 3600
			prev = st.Departure
		}
		r.TravelH += float64(rt.End-prev) / 3600
	}
	bound := 0.0
	for _, q := range problems {
		bound += route.ServedBound(q)
	}
	r.BoundTravel = int(math.Floor(bound + 1e-6))
	r.Checked = len(schedule.Check(p, nil)) == 0
	// Route sheets for every truck: HTML, PDF, CSV, GeoJSON.
	c1, t1 := cpuSeconds(), time.Now()
	var sink bytes.Buffer
	if err := sheet.WriteHTML(&sink, p, sheet.Options{}); err != nil {
		return nil, err
	}
	if err := sheet.WritePDF(&sink, p, sheet.Options{}); err != nil {
		return nil, err
	}
	if err := sheet.WriteGeoJSON(&sink, p, sheet.Options{}); err != nil {
		return nil, err
	}
	ix, cat := p.Index(), booking.DefaultCatalog()
	for k := range p.Routes {
		if err := p.WriteSheetCSV(&sink, k, ix, cat); err != nil {
			return nil, err
		}
	}
	r.SheetsMS, r.SheetsCPUMS = 1000*time.Since(t1).Seconds(), 1000*(cpuSeconds()-c1)
	if asJSON {
		return r, json.NewEncoder(stdout).Encode(r)
	}
	fmt.Fprintf(stdout, "chengdu day (seed %d): %d bookings, %d depots, %d vehicles (%s), %d routing problem(s)\n", seed, r.Bookings, r.Depots, r.Vehicles, veh, r.Problems)
	fmt.Fprintf(stdout, "scheduled in %.1f s wall, %.1f s CPU: %d served, %d unassigned (%d cannot be served by any truck alone): %.1f %% of the feasible bookings served\n",
		r.WallS, r.CPUS, r.Served, r.Unassigned, r.Infeasible, r.ServedPct)
	fmt.Fprintf(stdout, "  at most %d bookings fit the fleet's shifts (service time only, no driving), at most %d with the least travel into each stop, windows, skills and loads (route.ServedBound); %d vehicles used, %.0f km, %.0f h at stops, %.0f h driving, %.0f h waiting; plan checked: %v\n",
		r.BoundServed, r.BoundTravel, r.UsedVeh, r.Km, r.ServiceH, r.TravelH, r.WaitH, r.Checked)
	fmt.Fprintf(stdout, "route sheets for %d trucks (HTML, PDF, CSV, GeoJSON): %.0f ms wall, %.0f ms CPU\n", len(p.Routes), r.SheetsMS, r.SheetsCPUMS)
	return r, nil
}

// permanentReason reports whether an unassigned reason holds whatever the
// other bookings (the booking cannot be served by any vehicle alone).
func permanentReason(r string) bool {
	for _, p := range []string{"no vehicle has", "exceeds every", "unknown", "cannot be reached", "cannot be served", "before the planning date"} {
		if strings.Contains(r, p) {
			return true
		}
	}
	return false
}

// timeBound is an upper bound on the bookings a fleet can serve in a day:
// the most bookings whose service minutes (shortest first) fit the sum of
// the vehicles' shifts less breaks, driving ignored.
func timeBound(bs []booking.Booking, vs []fleet.Vehicle) int {
	total := 0.0
	for _, v := range vs {
		total += float64(v.ShiftEnd - v.ShiftStart)
		for _, b := range v.Breaks {
			total -= float64(b.Minutes * 60)
		}
	}
	cat := booking.DefaultCatalog()
	sec := make([]int, len(bs))
	for i := range bs {
		sec[i] = cat.Need(&bs[i]).ServiceSec
	}
	slices.Sort(sec)
	n := 0
	for _, s := range sec {
		if total < float64(s) {
			break
		}
		total -= float64(s)
		n++
	}
	return n
}

// ReplanResult is the JSON row of the re-planning case.
type ReplanResult struct {
	Case        string `json:"case"`
	Seed        uint64 `json:"seed"`
	Bookings    int    `json:"bookings"`
	Days        int    `json:"days"`
	Dispatched  int    `json:"dispatched_routes"`
	Cancelled   int    `json:"cancelled"`
	Added       int    `json:"added"`
	ReplanStats        // the change-aware re-plan (schedule.DefaultStabilityCost)
	// Reference is the same re-plan as a pure-cost search from the old
	// routes (StabilityCost < 0: no charge for moving a booking), run
	// beside it.
	Reference  ReplanStats `json:"reference"`
	ScheduleS  float64     `json:"schedule_wall_s"`
	KeptIntact bool        `json:"dispatched_untouched"`
	Checked    bool        `json:"checked"`
	Load1End   float64     `json:"load1_end"`
	Machine    Machine     `json:"machine"`
}

// ReplanStats is what one re-plan of the week changed. Kept counts the
// bookings of the old routes that are still to be served (not
// cancelled), dispatched ones included; each of them ends moved (another
// vehicle the same day), retimed (same vehicle, start ≥ 15 min off),
// unchanged, or dropped (left off its day: carried to a later day or
// unassigned).
type ReplanStats struct {
	AddedRouted   int     `json:"added_routed"`
	Served        int     `json:"served"` // bookings on the week's routes after the re-plan
	Kept          int     `json:"kept"`
	Moved         int     `json:"moved"`
	MovedPct      float64 `json:"moved_pct"` // of Kept
	Retimed       int     `json:"retimed"`
	Unchanged     int     `json:"unchanged"`
	Dropped       int     `json:"dropped"`
	RoutesChanged int     `json:"routes_changed"`
	WallS         float64 `json:"replan_wall_s"`
	CPUS          float64 `json:"replan_cpu_s"`
}

func replanStats(out []*schedule.Replanned) ReplanStats {
	var st ReplanStats
	for _, rp := range out {
		st.Moved += len(rp.Diff.Moved)
		st.Retimed += len(rp.Diff.Retimed)
		st.Unchanged += rp.Diff.Unchanged
		st.RoutesChanged += rp.Diff.RoutesChanged
		for _, a := range rp.Diff.Added {
			if strings.HasPrefix(a.Booking, "new-") {
				st.AddedRouted++
			}
		}
		for _, r := range rp.Diff.Removed {
			if r.Reason != "cancelled" {
				st.Dropped++
			}
		}
		for _, r := range rp.Plan.Routes {
			for _, s := range r.Stops {
				if s.Type == dayplan.Visit {
					st.Served++
				}
			}
		}
	}
	st.Kept = st.Moved + st.Retimed + st.Unchanged + st.Dropped
	if st.Kept > 0 {
		st.MovedPct = 100 * float64(st.Moved) / float64(st.Kept)
	}
	return st
}

func benchReplan(seed uint64, asJSON bool, stdout io.Writer) (any, error) {
	mach := opsMachine()
	date := booking.MustDate("2026-12-01")
	const days = 7
	ops, err := benchInput([]string{"510104"}, date, days, 0, seed)
	if err != nil {
		return nil, err
	}
	vs := schedule.SizeFleet(ops.bookings, ops.depots, schedule.FleetOptions{Date: date, Days: days})
	t0 := time.Now()
	res, err := schedule.Schedule(context.Background(), &schedule.Input{Bookings: ops.bookings, Depots: ops.depots, Vehicles: vs},
		schedule.Options{Date: date, Days: days, Seed: seed})
	if err != nil {
		return nil, err
	}
	r := ReplanResult{Machine: mach, Case: "replan-510104-week", Seed: seed, Bookings: len(ops.bookings), Days: days, ScheduleS: time.Since(t0).Seconds()}
	// The first day's trucks are on the road.
	var changes []booking.Change
	kept := map[string]dayplan.Route{}
	for _, rt := range res.Days[0].Routes {
		for _, s := range rt.Stops {
			if s.Type == dayplan.Visit {
				changes = append(changes, booking.Change{Action: booking.SetStatus, Booking: booking.Booking{ID: s.Booking, Status: booking.Dispatched}})
				kept[rt.Vehicle] = rt
				break
			}
		}
	}
	r.Dispatched = len(kept)
	// 50 cancellations among the week's bookings, 100 new bookings.
	rng := rand.New(rand.NewPCG(seed, 0xca9ce1))
	var ids []string
	for _, p := range res.Days {
		for _, b := range p.Bookings {
			ids = append(ids, b.ID)
		}
	}
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	for _, id := range ids[:min(50, len(ids))] {
		changes = append(changes, booking.Change{Action: booking.Cancel, Booking: booking.Booking{ID: id}})
		r.Cancelled++
	}
	more, err := benchInput([]string{"510104"}, date, days, 0, seed+1000)
	if err != nil {
		return nil, err
	}
	rng.Shuffle(len(more.bookings), func(i, j int) { more.bookings[i], more.bookings[j] = more.bookings[j], more.bookings[i] })
	for _, b := range more.bookings[:min(100, len(more.bookings))] {
		b.ID = "new-" + b.ID
		changes = append(changes, booking.Change{Action: booking.Add, Booking: b})
		r.Added++
	}
	replan := func(stability float64) ([]*schedule.Replanned, ReplanStats, error) {
		c1, t1 := cpuSeconds(), time.Now()
		out, err := schedule.ReplanDays(context.Background(), res.Days, changes, schedule.ReplanOptions{StabilityCost: stability})
		if err != nil {
			return nil, ReplanStats{}, err
		}
		wall, cpu := time.Since(t1).Seconds(), cpuSeconds()-c1
		st := replanStats(out)
		st.WallS, st.CPUS = wall, cpu
		return out, st, nil
	}
	out, st, err := replan(0)
	if err != nil {
		return nil, err
	}
	r.ReplanStats = st
	if _, r.Reference, err = replan(-1); err != nil {
		return nil, err
	}
	r.KeptIntact, r.Checked = true, true
	now := map[string]dayplan.Route{}
	for _, rt := range out[0].Plan.Routes {
		now[rt.Vehicle] = rt
	}
	for v, rt := range kept {
		got := now[v]
		got.Status = rt.Status // marked dispatched: the route itself must not change
		a, _ := json.Marshal(rt)
		b, _ := json.Marshal(got)
		if !bytes.Equal(a, b) {
			r.KeptIntact = false
		}
	}
	for _, rp := range out {
		if len(schedule.Check(rp.Plan, nil)) > 0 {
			r.Checked = false
		}
	}
	r.Load1End = load1()
	if asJSON {
		if err := json.NewEncoder(stdout).Encode(r); err != nil {
			return r, err
		}
	} else {
		fmt.Fprintf(stdout, "county 510104 week (seed %d): %d bookings over %d days scheduled in %.1f s; %d routes of the first day dispatched\n", seed, r.Bookings, r.Days, r.ScheduleS, r.Dispatched)
		for _, x := range []struct {
			name string
			st   ReplanStats
		}{{fmt.Sprintf("change-aware (stability cost %g yuan)", schedule.DefaultStabilityCost), r.ReplanStats}, {"reference (pure cost)", r.Reference}} {
			fmt.Fprintf(stdout, "%s: re-planned after %d cancellations and %d new bookings in %.2f s wall, %.2f s CPU: %d new bookings routed, %d served in all; of %d kept bookings %d moved (%.1f %%), %d retimed, %d unchanged, %d dropped from their day; %d routes changed\n",
				x.name, r.Cancelled, r.Added, x.st.WallS, x.st.CPUS, x.st.AddedRouted, x.st.Served, x.st.Kept, x.st.Moved, x.st.MovedPct, x.st.Retimed, x.st.Unchanged, x.st.Dropped, x.st.RoutesChanged)
		}
		fmt.Fprintf(stdout, "dispatched routes untouched: %v; every plan checked: %v\n", r.KeptIntact, r.Checked)
	}
	if !r.KeptIntact {
		return r, fmt.Errorf("a dispatched route changed")
	}
	if !r.Checked {
		return r, fmt.Errorf("a re-planned day fails the checker")
	}
	return r, nil
}
