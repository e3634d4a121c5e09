package scenarios

import (
	"context"
	"fmt"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/gen"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
	"github.com/huishou/huishou/scenarios/wire"
)

// RunOptions control Run. The zero value works: year 2025, the default
// forecast levers, pickups routed for stage.DefaultCounty on
// stage.DefaultDate.
type RunOptions struct {
	Year   int           // forecast year; default supply.DefaultYear
	Levers supply.Levers // collection-rate levers; zero = status quo
	County string        // adcode of the county whose day is routed; default stage.DefaultCounty
	Date   time.Time     // the day routed; default stage.DefaultDate
	Seed   uint64        // seeds the sampled bookings and the solvers; default 1
	Fleet  int           // vehicles at the county's transfer station; 0 = sized to the day's work
	// PlanTime bounds the network design; 0 means 10 s.
	PlanTime time.Duration
	// Progress, when set, is told the stage and how far it is.
	Progress func(stage string, done, total int)
}

// Result is everything one pass produces: the forecast, the network design
// and, after Run, one county's day of pickups.
type Result struct {
	Region   *region.Region
	Forecast *supply.Result
	Network  *network.Input
	Plan     *network.Plan
	County   *region.County
	// DayPlan is the county's routed day (with its bookings, depots and
	// vehicles).
	DayPlan *dayplan.Plan
	// Options as used, defaults filled in.
	Options RunOptions
	// Prefecture is the adcode of the one prefecture planned, if any.
	Prefecture string
}

// PlanJSON returns the wire form of the network plan (plan.json).
func (r *Result) PlanJSON() *wire.Plan {
	return wire.NewPlan(r.Region.Name, r.Forecast.Year, r.Prefecture, r.Network, r.Plan)
}

// PlanGeoJSON returns the network plan and the routed day, if any, as
// GeoJSON (see wire.PlanGeoJSON).
func (r *Result) PlanGeoJSON() *geojson.FeatureCollection {
	return wire.PlanGeoJSON(r.Region, r.Network, r.Plan, r.DayPlan)
}

// Run makes a whole pass on region reg: forecast → network plan → one day
// of pickups in one county → routes.
func Run(ctx context.Context, reg *region.Region, opt RunOptions) (*Result, error) {
	if opt.Year == 0 {
		opt.Year = supply.DefaultYear
	}
	if opt.County == "" {
		opt.County = stage.DefaultCounty
	}
	if opt.Date.IsZero() {
		opt.Date = stage.DefaultDate
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	county, ok := reg.County(opt.County)
	if !ok {
		return nil, fmt.Errorf("scenarios: county %q is not in region %s", opt.County, reg.Name)
	}
	progress := func(stage string, done, total int) {
		if opt.Progress != nil {
			opt.Progress(stage, done, total)
		}
	}
	res := &Result{Region: reg, County: county, Options: opt}

	progress("forecast", 0, 1)
	fc, err := stage.Forecast(reg, supply.Options{Year: opt.Year, Levers: opt.Levers})
	if err != nil {
		return nil, err
	}
	res.Forecast = fc
	progress("forecast", 1, 1)

	res.Network = stage.NetworkInput(reg, fc)
	if opt.PlanTime == 0 {
		opt.PlanTime = 10 * time.Second
	}
	plan, err := stage.Design(ctx, res.Network, stage.DesignOptions{TimeLimit: opt.PlanTime, Progress: func(_ string, d, t int) { progress("network plan", d, t) }})
	if err != nil {
		return nil, err
	}
	res.Plan = plan

	progress("pickups", 0, 1)
	dp, err := countyDay(ctx, res, opt)
	if err != nil {
		return nil, err
	}
	res.DayPlan = dp
	progress("pickups", 1, 1)
	return res, nil
}

// countyDay draws the county's bookings of the day from the forecast
// (optimizer/schedule/gen), takes the plan's depots in the county, sizes
// the fleet and schedules the day.
func countyDay(ctx context.Context, res *Result, opt RunOptions) (*dayplan.Plan, error) {
	counties := []string{res.County.Adcode}
	depots, err := stage.Depots(res.Region, res.Forecast, res.PlanJSON(), counties)
	if err != nil {
		return nil, err
	}
	towns, rate, err := stage.BookingSource(res.Region, res.Forecast, counties)
	if err != nil {
		return nil, err
	}
	date := booking.DateOf(opt.Date)
	bs, err := gen.Bookings(gen.Options{Date: date, Days: 1, Seed: opt.Seed, Townships: towns, Rate: rate, Sources: stage.Sources(depots)})
	if err != nil {
		return nil, err
	}
	vehicles := schedule.SizeFleet(bs, depots, schedule.FleetOptions{Date: date, Days: 1, PerDepot: opt.Fleet})
	sch, err := schedule.Schedule(ctx, &schedule.Input{Bookings: bs, Depots: depots, Vehicles: vehicles}, schedule.Options{Date: date, Days: 1, Seed: opt.Seed})
	if err != nil {
		return nil, err
	}
	return sch.Days[0], nil
}
