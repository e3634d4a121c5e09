package scenarios

import (
	"context"
	"fmt"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
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
	Fleet  int           // trucks for the day; 0 = sized to the day's load
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
	Day      *schedule.Day
	DayPlan  *schedule.Plan
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
	return wire.PlanGeoJSON(r.Region, r.Network, r.Plan, r.Day, r.DayPlan)
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
	res.Day = stage.SampleDay(reg, fc, res.Network, plan, county, opt.Date, opt.Seed, opt.Fleet)
	dp, err := schedule.PlanDay(ctx, res.Day, schedule.Options{Seed: opt.Seed})
	if err != nil {
		return nil, err
	}
	res.DayPlan = dp
	progress("pickups", 1, 1)
	return res, nil
}
