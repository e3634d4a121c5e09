package route

import (
	"context"
	"fmt"
	"time"
)

// Solve searches for a cheapest set of routes visiting every client of p
// once: by hybrid genetic search for a plain CVRP or VRPTW (time windows
// relaxed by time-warp penalties), by the rich engine otherwise (see
// doc.go). It validates p first (*InputError, or an error wrapping
// ErrInfeasible). Reaching the time or iteration limit, or a cancelled ctx,
// ends the search and returns the best solution found so far with
// Stats.StopReason set; that is not an error. When no feasible solution was
// found, a CVRP's least infeasible one is returned with Feasible false; a
// VRPTW's routes keep the clients they can serve in time, in order, and the
// others are reported in Unassigned with the reason.
//
// Runs bounded by MaxIterations are deterministic for a given Seed and
// Threads: all randomness comes from PCG streams seeded by Seed, and the
// offspring educated in parallel join the population in a fixed order.
//
// Memory is O(n² + n·m) for n clients and m route slots (the integer
// matrix, SWAP* insertion caches and the bounded split).
func Solve(ctx context.Context, p *Problem, opt Options) (*Solution, error) {
	start := time.Now()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Rich() && !p.hgsShaped() {
		return solveRich(ctx, p, opt, start)
	}
	prm := opt.params()
	in := newInstance(p, prm.granular)

	var init *individual
	if opt.InitialSolution != nil {
		var err error
		if in.tw {
			init, err = initialTW(p, in, opt.InitialSolution)
		} else {
			init, err = initialIndividual(p, in, opt.InitialSolution)
		}
		if err != nil {
			return nil, err
		}
	}
	threads := max(opt.Threads, 1)
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = start.Add(opt.TimeLimit)
	}

	report := func(w *worker) {
		if opt.Progress == nil {
			return
		}
		best, veh := int64(-1), 0
		if w.hasBest {
			best, veh = w.best.cost, w.best.nRoutes
		}
		opt.Progress(Progress{Elapsed: time.Since(start), BestCost: best, Iterations: w.iters + w.rrSteps, Vehicles: veh})
	}

	w := newWorker(in, &opt, threads, start, deadline, report)
	w.run(ctx, init)
	if w.err != nil {
		return nil, w.err
	}
	stats := Stats{Iterations: w.iters, RecreateSteps: w.rrSteps, Restarts: w.restarts, StopReason: w.stop}
	ind := w.best
	if !w.hasBest {
		ind = w.bestInfeas
	}
	if in.tw {
		sol, err := twSolution(p, ind)
		if err != nil {
			return nil, err
		}
		stats.Elapsed = time.Since(start)
		sol.Stats = stats
		return sol, nil
	}
	routes := make([][]int, 0, len(ind.routes))
	for _, rt := range ind.routes {
		if len(rt) == 0 {
			continue
		}
		r := make([]int, len(rt))
		for k, c := range rt {
			r[k] = int(c) - 1
		}
		routes = append(routes, r)
	}
	sol, err := Evaluate(p, routes)
	if err != nil {
		return nil, fmt.Errorf("route: internal error: %w", err)
	}
	stats.Elapsed = time.Since(start)
	sol.Stats = stats
	return sol, nil
}

// initialIndividual converts a user solution into an individual.
func initialIndividual(p *Problem, in *instance, s *Solution) (*individual, error) {
	routes := make([][]int, len(s.Routes))
	for r, rt := range s.Routes {
		routes[r] = rt.Clients
	}
	if _, err := Evaluate(p, routes); err != nil {
		if ie, ok := err.(*InputError); ok {
			return nil, &InputError{Field: "initial_solution." + ie.Field, Msg: ie.Msg}
		}
		return nil, err
	}
	ind := newIndividual(in)
	k := 0
	nonEmpty := 0
	for _, rt := range routes {
		for _, c := range rt {
			ind.tour[k] = int32(c + 1)
			k++
		}
		if len(rt) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty > in.nR {
		return nil, &InputError{Field: "initial_solution.routes", Msg: fmt.Sprintf("%d routes, more than the %d available", nonEmpty, in.nR)}
	}
	r := 0
	for _, rt := range routes {
		if len(rt) == 0 {
			continue
		}
		for _, c := range rt {
			ind.routes[r] = append(ind.routes[r], int32(c+1))
		}
		r++
	}
	return ind, nil
}
