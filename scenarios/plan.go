package scenarios

import (
	"context"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
)

// PlanOptions control Plan. The zero value works: year 2025, status-quo
// levers, the whole region, township demand, the default dismantlers and
// rules, 60 s.
type PlanOptions struct {
	Year   int           // forecast year; default supply.DefaultYear
	Levers supply.Levers // collection-rate levers (e.g. SubsidyShare)
	// Network shapes the design problem (prefecture, demand, candidates,
	// dismantlers, rules); see stage.NetworkOptions.
	Network stage.NetworkOptions
	// Greedy uses network.Greedy (the quick baseline) instead of Design.
	Greedy bool
	// Budget is the design's work budget in locate work units
	// (network.Options.Budget): 0 means network.DefaultBudget, negative
	// shares out TimeLimit by the clock. The same budget gives the same plan.
	Budget int
	// TimeLimit caps the design search; 0 means 60 s.
	TimeLimit time.Duration
	// Progress, when set, is told the stage and how far it is.
	Progress func(stage string, done, total int)
	// OnSearch, when set, is told the design's best cost and bound as the
	// search improves them (network.Options.OnSearch).
	OnSearch func(network.Search)
}

// Plan forecasts the returns of region reg and designs its network, with
// the options set in code rather than in a scenario file (the API's plan
// runs): stage.Forecast → stage.BuildNetwork → stage.Design. The Result's
// scenario is named after the region, as `huishou plan` names it, so that
// both give the same plan.json.
func Plan(ctx context.Context, reg *region.Region, opt PlanOptions) (*Result, error) {
	if opt.Year == 0 {
		opt.Year = supply.DefaultYear
	}
	progress := func(stage string, done, total int) {
		if opt.Progress != nil {
			opt.Progress(stage, done, total)
		}
	}
	progress("forecast", 0, 1)
	fc, err := stage.Forecast(reg, supply.Options{Year: opt.Year, Levers: opt.Levers})
	if err != nil {
		return nil, err
	}
	progress("forecast", 1, 1)
	in, err := stage.BuildNetwork(reg, fc, opt.Network)
	if err != nil {
		return nil, err
	}
	plan, err := stage.Design(ctx, in, stage.DesignOptions{Greedy: opt.Greedy, Budget: opt.Budget, TimeLimit: opt.TimeLimit, Progress: progress, OnSearch: opt.OnSearch})
	if err != nil {
		return nil, err
	}
	sc := &Scenario{Name: reg.Name, Title: "network plan of " + reg.Name, Year: opt.Year, Data: Data{Region: reg.Name, Prefecture: opt.Network.Prefecture}}
	return &Result{Scenario: sc, Region: reg, Forecast: fc, RateFactor: 1, Network: in, Plan: plan, Prefecture: opt.Network.Prefecture}, nil
}
