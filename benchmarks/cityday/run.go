package cityday

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/huishou/huishou/benchmarks/internal/cputime"
	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routecheck"
)

// RunOptions set up a solve of a day: the route.Options passed on.
type RunOptions struct {
	Time          time.Duration
	MaxIterations int
	Seed          uint64
	Threads       int
}

// Result is the outcome of a day's solve, checked by routecheck.
//
// A job is servable when some vehicle could serve it on a route of its
// own (skills, capacity, windows, shift); Served counts the jobs the plan
// serves, and ServedPct is Served over Servable. FirstPlan is when the
// first complete plan was reported (its served count in FirstServed);
// Reached99 when the best plan first served 99 % of what the final one
// serves.
type Result struct {
	Name        string   `json:"name"`
	Jobs        int      `json:"jobs"`
	Servable    int      `json:"servable"`
	Served      int      `json:"served"`
	ServedPct   float64  `json:"served_pct"`
	Vehicles    int      `json:"vehicles"`
	Fleet       int      `json:"fleet"`
	Cost        float64  `json:"cost"`        // in the problem's units / CostScale
	DistanceKm  float64  `json:"distance_km"` // for metre matrices
	Seconds     float64  `json:"seconds"`
	CPU         float64  `json:"cpu_seconds"`
	PeakRSSMB   float64  `json:"peak_rss_mb"`
	FirstPlan   float64  `json:"first_plan_seconds"`
	FirstServed int      `json:"first_served"`
	Reached99   float64  `json:"reached_99pct_seconds"`
	Iterations  int      `json:"iterations"`
	Feasible    bool     `json:"feasible"` // routecheck finds no violation
	Violations  []string `json:"violations,omitempty"`
	Error       string   `json:"error,omitempty"`
}

// notAlone reports whether an unassigned reason says no vehicle could
// serve the job even on a route of its own.
func notAlone(reason string) bool {
	return strings.HasPrefix(reason, "no vehicle has") || strings.Contains(reason, "exceeds every vehicle") ||
		strings.Contains(reason, "cannot be reached")
}

// Run solves p and checks the plan with routecheck.
func Run(ctx context.Context, name string, p *route.Problem, opt RunOptions) Result {
	res := Result{Name: name, Jobs: len(p.Clients) + len(p.Shipments)}
	for _, v := range p.Vehicles {
		res.Fleet += v.Count
	}
	type point struct {
		at     time.Duration
		served int
	}
	var trace []point
	start, cpu0 := time.Now(), cputime.Process()
	sol, err := route.Solve(ctx, p, route.Options{TimeLimit: opt.Time, MaxIterations: opt.MaxIterations, Seed: opt.Seed,
		Threads: opt.Threads, Progress: func(g route.Progress) {
			if g.BestCost >= 0 {
				trace = append(trace, point{g.Elapsed, res.Jobs - g.Unassigned})
			}
		}})
	res.Seconds = time.Since(start).Seconds()
	res.CPU = (cputime.Process() - cpu0).Seconds()
	res.PeakRSSMB = float64(cputime.PeakRSS()) / (1 << 20)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Iterations = sol.Stats.Iterations
	res.Servable = res.Jobs
	for _, u := range sol.Unassigned {
		if notAlone(u.Reason) {
			res.Servable--
		}
	}
	res.Served = res.Jobs - len(sol.Unassigned)
	if res.Servable > 0 {
		res.ServedPct = 100 * float64(res.Served) / float64(res.Servable)
	}
	res.Vehicles = len(sol.Routes)
	scale := p.CostScale
	if scale <= 0 {
		scale = 1
	}
	var routesCost int64
	for _, r := range sol.Routes {
		routesCost += r.Cost
	}
	res.Cost = float64(routesCost) / scale
	res.DistanceKm = float64(sol.Distance) / scale / 1000
	if len(trace) > 0 {
		res.FirstPlan, res.FirstServed = trace[0].at.Seconds(), trace[0].served
		for _, t := range trace {
			if 100*t.served >= 99*res.Served {
				res.Reached99 = t.at.Seconds()
				break
			}
		}
	}
	rep, err := routecheck.Check(p, sol)
	if err != nil {
		res.Error = fmt.Sprintf("routecheck: %v", err)
		return res
	}
	res.Violations = rep.Violations
	res.Feasible = rep.Feasible
	return res
}
