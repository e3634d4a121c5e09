package route

import (
	"context"
	"time"
)

// twoStage reports whether p is a VRPTW under the hierarchical objective
// that the hybrid genetic search could solve under the cost objective: one
// vehicle type, and hgsShaped but for VehiclesFirst.
// tracef, when set (by a developer build), receives the search's trace;
// stage1Only stops a hierarchical solve after its first stage.
var (
	tracef     func(format string, args ...any)
	stage1Only func() bool
)

func twoStage(p *Problem) bool {
	if !p.VehiclesFirst || len(p.Vehicles) != 1 {
		return false
	}
	q := *p
	q.VehiclesFirst = false
	return q.hgsShaped()
}

// solveTwoStage solves a VRPTW under the hierarchical objective (fewest
// vehicles, then least cost) in two stages, as the published solvers for
// this objective do: the first half of the budget finds the fleet — ruin
// and recreate with routes opened freely, then Nagata & Bräysy's route
// minimisation (fleetmin.go) — and the second half minimises the cost with
// that fleet fixed, by the hybrid genetic search with time-warp penalties
// started from the stage-one solution. The stage-two result is kept when
// it serves every client with no more routes at a lower cost.
//
// Under MaxIterations alone (a reproducible run) stage one gets the
// iterations and stage two a fiftieth of them (at least 50): a genetic
// iteration costs about fifty ruin-and-recreate ones.
func solveTwoStage(ctx context.Context, p *Problem, opt Options, start time.Time) (*Solution, error) {
	o1 := opt
	if opt.TimeLimit > 0 {
		o1.TimeLimit = opt.TimeLimit / 2
	}
	fleet, err := searchRich(ctx, p, o1, start, true)
	if err != nil {
		return nil, err
	}
	if len(fleet.Unassigned) > 0 || len(fleet.Routes) == 0 || ctx.Err() != nil || stage1Only != nil && stage1Only() {
		return fleet, nil
	}
	q := *p
	q.VehiclesFirst = false
	v := p.Vehicles[0]
	v.Count = len(fleet.Routes)
	q.Vehicles = []Vehicle{v}
	o2 := opt
	o2.InitialSolution = fleet
	o2.stageTwo = true
	if opt.Progress != nil {
		it := fleet.Stats.Iterations
		o2.Progress = func(pr Progress) {
			pr.Elapsed = time.Since(start)
			pr.Iterations += it
			opt.Progress(pr)
		}
	}
	switch {
	case opt.TimeLimit > 0:
		o2.TimeLimit = max(opt.TimeLimit-time.Since(start), time.Millisecond)
	case opt.MaxIterations > 0:
		o2.MaxIterations = max(opt.MaxIterations/50, 50)
	}
	sol, err := Solve(ctx, &q, o2)
	if err != nil {
		return nil, err
	}
	if tracef != nil {
		tracef("stage2: cost %d routes %d unass %d feasible %v stats %+v (fleet cost %d)\n", sol.Cost, len(sol.Routes), len(sol.Unassigned), sol.Feasible, sol.Stats, fleet.Cost)
	}
	if len(sol.Unassigned) > 0 || len(sol.Routes) > len(fleet.Routes) || len(sol.Routes) == len(fleet.Routes) && sol.Cost >= fleet.Cost {
		fleet.Stats.Elapsed = time.Since(start)
		return fleet, nil
	}
	sol.Stats.Iterations += fleet.Stats.Iterations
	sol.Stats.Elapsed = time.Since(start)
	return sol, nil
}
