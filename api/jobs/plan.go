package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
)

// PlanParams are the complete parameters of a plan run (stored with the
// run): the same plan as `huishou plan` with the same flags. The API fills
// them from the scenario and the run request.
type PlanParams struct {
	// Region is the built-in base data, e.g. "sichuan" (`--scenario`).
	Region string `json:"region"`
	// Year is the forecast year (`--year`); 0 means supply.DefaultYear.
	Year   int    `json:"year,omitempty"`
	Levers Levers `json:"levers"`
	// Prefecture plans one prefecture (`--prefecture`, adcode).
	Prefecture string `json:"prefecture,omitempty"`
	// Demand is "townships" (default) or "counties" (`--demand`).
	Demand string `json:"demand,omitempty"`
	// NoCountyRule and SingleSource: `--no-county-rule`, `--single-source`.
	NoCountyRule bool `json:"no_county_rule,omitempty"`
	SingleSource bool `json:"single_source,omitempty"`
	// CoveragePenalty is yuan per tonne beyond the coverage radius; 0
	// means the default (`--coverage-penalty`).
	CoveragePenalty float64 `json:"coverage_penalty,omitempty"`
	// CoveragePointPenalty is yuan per year per township beyond the radius;
	// absent means the default, 0 none (`--coverage-point-penalty`).
	CoveragePointPenalty *float64 `json:"coverage_point_penalty,omitempty"`
	// Greedy uses the quick greedy baseline (`--greedy`).
	Greedy bool `json:"greedy,omitempty"`
	// Budget is the design's work budget in locate work units (`--budget`,
	// about 40,000 a second here); 0 means network.DefaultBudget. The same
	// budget gives the same plan on any machine.
	Budget int `json:"budget,omitempty"`
	// TimeLimit caps the design search, as a Go duration ("60s"); empty
	// means 60 s (`--time`). Only a cap: the budget sets the work.
	TimeLimit string `json:"time_limit,omitempty"`
}

// Levers are the forecast's policy levers (supply.Levers).
type Levers struct {
	Subsidy     float64 `json:"subsidy,omitempty"`      // `--subsidy`, share of the new appliance's price
	Elasticity  float64 `json:"elasticity,omitempty"`   // 0 = default
	Coverage    float64 `json:"coverage,omitempty"`     // door-to-door coverage beyond the status quo
	Uplift      float64 `json:"uplift,omitempty"`       // 0 = default
	FormalShare float64 `json:"formal_share,omitempty"` // 0 = per-category defaults
}

// badInput wraps a parameter error so that the run fails for good.
func badInput(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadInput}, a...)...)
}

// Options converts p to the library's options, checking it. A bad
// parameter wraps ErrBadInput and names the field.
func (p *PlanParams) Options() (*region.Region, scenarios.PlanOptions, error) {
	var opt scenarios.PlanOptions
	reg, err := region.Builtin(p.Region)
	if err != nil {
		return nil, opt, fmt.Errorf("%w: region: %w", ErrBadInput, err)
	}
	opt.Year = p.Year
	opt.Levers = supply.Levers{SubsidyShare: p.Levers.Subsidy, Elasticity: p.Levers.Elasticity,
		DoorToDoorCoverage: p.Levers.Coverage, DoorToDoorUplift: p.Levers.Uplift, FormalShare: p.Levers.FormalShare}
	switch p.Demand {
	case "", "townships", "counties":
		opt.Network.Demand = p.Demand
	default:
		return nil, opt, badInput("demand: %q is not townships or counties", p.Demand)
	}
	opt.Network.Prefecture = p.Prefecture
	opt.Network.NoCountyRule = p.NoCountyRule
	opt.Network.SingleSource = p.SingleSource
	if p.CoveragePenalty < 0 {
		return nil, opt, badInput("coverage_penalty: %g is negative", p.CoveragePenalty)
	}
	opt.Network.CoveragePenaltyPerT = p.CoveragePenalty
	if v := p.CoveragePointPenalty; v != nil {
		if *v < 0 {
			return nil, opt, badInput("coverage_point_penalty: %g is negative", *v)
		}
		opt.Network.CoveragePenaltyPerPoint = *v
		if *v == 0 {
			opt.Network.CoveragePenaltyPerPoint = -1 // none
		}
	}
	opt.Greedy = p.Greedy
	if p.Budget < 0 || p.Budget > maxBudget {
		return nil, opt, badInput("budget: %d is not in [0, %d] work units", p.Budget, maxBudget)
	}
	opt.Budget = p.Budget
	opt.TimeLimit = 60 * time.Second
	if p.TimeLimit != "" {
		d, err := time.ParseDuration(p.TimeLimit)
		if err != nil || d <= 0 {
			return nil, opt, badInput("time_limit: %q is not a positive duration such as 30s", p.TimeLimit)
		}
		opt.TimeLimit = d
	}
	return reg, opt, nil
}

// maxBudget bounds a plan run's work budget: about a day of work here.
const maxBudget = 1_000_000_000

// PlanResult writes a plan result's two documents exactly as `huishou
// plan` writes plan.json and plan.geojson.
func PlanResult(res *scenarios.Result) (planJSON, geoJSON []byte, err error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetIndent("", " ")
	if err := e.Encode(res.PlanJSON()); err != nil {
		return nil, nil, err
	}
	var g bytes.Buffer
	if err := geo.WriteFeatureCollection(&g, res.PlanGeoJSON()); err != nil {
		return nil, nil, err
	}
	return b.Bytes(), g.Bytes(), nil
}

// RunPlan is the Func of plan runs: scenarios.Plan with the run's
// PlanParams.
func RunPlan(ctx context.Context, run store.Run, progress func(Progress)) (Output, error) {
	var p PlanParams
	dec := json.NewDecoder(bytes.NewReader(run.Params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Output{}, badInput("plan parameters: %v", err)
	}
	reg, opt, err := p.Options()
	if err != nil {
		return Output{}, err
	}
	live := newSearchProgress(progress, 0.05, 1)
	opt.Progress = func(name string, done, total int) {
		f := 0.0
		if total > 0 {
			f = float64(done) / float64(total)
		}
		if name == "forecast" {
			live.stage(0.05 * f)
			return
		}
		live.stage(0.05 + 0.95*f)
	}
	opt.OnSearch = live.search
	res, err := scenarios.Plan(ctx, reg, opt)
	if err != nil {
		if ctx.Err() == nil {
			// the library checks its input: what it rejects is the run's
			err = fmt.Errorf("%w: %w", ErrBadInput, err)
		}
		return Output{}, err
	}
	plan, gj, err := PlanResult(res)
	if err != nil {
		return Output{}, err
	}
	gap := res.Plan.GapPct
	return Output{Result: plan, GeoJSON: gj, GapPct: &gap}, nil
}

// DefaultRegistry returns the job kinds of the service; schedule runs
// read and write st.
func DefaultRegistry(st ScheduleStore) Registry {
	return Registry{store.KindPlan: RunPlan, store.KindSchedule: RunSchedule(st), store.KindScenario: RunScenario}
}

// searchProgress turns the stage progress and the design's search states
// of a run into its Progress: every report carries the latest best cost
// and bound (so that a throttled write loses nothing), and the fraction
// never goes back. Under a work budget the design's share of the fraction
// follows the work spent (the stage "network blocks" ends long before the
// budget does), from lo to hi.
type searchProgress struct {
	mu       sync.Mutex
	report   func(Progress)
	lo, hi   float64
	fraction float64
	byWork   bool
	best     *float64
	bound    *float64
}

func newSearchProgress(report func(Progress), lo, hi float64) *searchProgress {
	return &searchProgress{report: report, lo: lo, hi: hi}
}

func (p *searchProgress) stage(f float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byWork && f > p.lo && f <= p.hi {
		return // the design's share follows its work
	}
	p.send(f)
}

func (p *searchProgress) search(s network.Search) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !math.IsInf(s.Cost, 0) && !math.IsNaN(s.Cost) {
		c := s.Cost
		p.best = &c
	}
	if !math.IsInf(s.Bound, 0) && !math.IsNaN(s.Bound) {
		b := s.Bound
		p.bound = &b
	}
	f := p.fraction
	if s.Budget > 0 {
		p.byWork = true
		f = p.lo + (p.hi-p.lo)*min(1, float64(s.Work)/float64(s.Budget))
	}
	p.send(f)
}

// send reports fraction f (or the last, if larger) with the best cost and
// bound so far; called with mu held.
func (p *searchProgress) send(f float64) {
	p.fraction = max(p.fraction, min(max(f, 0), 1))
	p.report(Progress{Fraction: p.fraction, BestCost: p.best, Bound: p.bound})
}
