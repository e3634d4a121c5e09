package route

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// solveRich solves a problem beyond the hybrid genetic search's reach: a
// VRPTW under the hierarchical objective in two stages (hierarchical.go),
// anything else by searchRich.
func solveRich(ctx context.Context, p *Problem, opt Options, start time.Time) (*Solution, error) {
	if twoStage(p) {
		return solveTwoStage(ctx, p, opt, start)
	}
	return searchRich(ctx, p, opt, start, false)
}

// searchRich runs Threads ruin-and-recreate searches (seeds (Seed, k+1))
// and returns the best by (penalties, vehicles when VehiclesFirst, cost,
// search index). With fleetOnly (hierarchical objective only) the
// searches end after minimising the fleet, which they do together,
// exchanging smaller fleets as they find them (fleetShare); otherwise
// they are independent.
func searchRich(ctx context.Context, p *Problem, opt Options, start time.Time, fleetOnly bool) (*Solution, error) {
	in := newRinst(p)
	var init *rsol
	if opt.InitialSolution != nil {
		var err error
		if init, err = in.initial(opt.InitialSolution); err != nil {
			return nil, err
		}
	}
	threads := max(opt.Threads, 1)
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = start.Add(opt.TimeLimit)
	}
	noImp := opt.NoImprovementLimit
	if noImp == 0 {
		noImp = 20000
	}
	sols := make([]*rsol, threads)
	budgets := make([]*searchBudget, threads)
	var share *fleetShare
	if fleetOnly && threads > 1 {
		share = newShare(in, threads, deadline.IsZero() || opt.MaxIterations > 0)
	}
	var g errgroup.Group
	for k := range threads {
		budgets[k] = &searchBudget{ctx: ctx, start: start, deadline: deadline, maxIter: opt.MaxIterations, noImp: noImp, share: share, k: k}
		var report func(*rsol, int)
		if k == 0 && opt.Progress != nil {
			report = func(best *rsol, iter int) {
				opt.Progress(Progress{Elapsed: time.Since(start), BestCost: int64(math.Round(best.cost)), Iterations: iter,
					Vehicles: best.vehicles(), Unassigned: best.nUnass})
			}
		}
		g.Go(func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("route: rich search: internal error: %v", r)
				}
				if share != nil {
					share.leave(k)
				}
			}()
			s := newSISR(in, opt.Seed, uint64(k+1))
			sols[k] = s.run(budgets[k], p.VehiclesFirst, fleetOnly, init, report)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	best := 0
	for k := 1; k < threads; k++ {
		if better(sols[k], sols[best], p.VehiclesFirst) {
			best = k
		}
	}
	iters := 0
	for _, b := range budgets {
		iters += b.iter
	}
	if tracef != nil && share != nil {
		vs := make([]int, threads)
		for k, s := range sols {
			vs[k] = s.vehicles()
		}
		tracef("stage1: %d fleets adopted, vehicles per search %v\n", share.adoptions.Load(), vs)
	}
	sol, err := in.solution(sols[best])
	if err != nil {
		return nil, err
	}
	sol.Stats = Stats{Iterations: iters, Elapsed: time.Since(start), StopReason: budgets[best].stop}
	return sol, nil
}

// better reports whether a beats b: fewer penalties, then (hierarchical)
// fewer vehicles, then lower cost.
func better(a, b *rsol, vehiclesFirst bool) bool {
	const eps = 1e-6
	if a.pen < b.pen-eps {
		return true
	}
	if a.pen > b.pen+eps {
		return false
	}
	if vehiclesFirst {
		if va, vb := a.vehicles(), b.vehicles(); va != vb {
			return va < vb
		}
	}
	return a.cost < b.cost-eps
}

// run is one search. For the cost objective it anneals over the whole
// budget. For the hierarchical objective it anneals with routes opened
// freely first (a good distance at a natural fleet size, the start of the
// next phase), then minimises the fleet, and anneals the rest with the
// smallest complete fleet found. A problem of VRPTW shape has its fleet
// minimised by Nagata & Bräysy's ejection search (fleetmin.go), from a
// tenth to half of the budget; any other by removing routes one at a time
// and pushing their jobs back in by ruin and recreate, accepting by fewer
// unassigned jobs or fewer absences, from a fifth to three fifths. With
// fleetOnly the fleet minimisation runs from a fifth to the end.
func (s *sisr) run(b *searchBudget, vehiclesFirst, fleetOnly bool, init *rsol, report func(*rsol, int)) *rsol {
	in := s.in
	cur, cand, best := newRsol(in), newRsol(in), newRsol(in)
	s.rem = s.rem[:0]
	var all []int32
	if init != nil {
		cur.copyFrom(init)
		all = s.unassignedJobs(cur, nil)
	} else {
		for j := range in.nJ {
			if in.alone[j] {
				all = append(all, int32(j))
			}
		}
	}
	s.recreate(cur, all)
	best.copyFrom(cur)
	if report != nil {
		report(best, 0)
	}
	if !vehiclesFirst {
		s.anneal(b, cur, cand, best, 0, 1, false, report)
		return best
	}
	shaped := fleetMinShaped(in.p, in)
	free, fleet := 0.2, 0.6
	switch {
	case fleetOnly:
		// The route minimisation needs no good distances to start from
		// and spoils them anyway: on large problems the annealing only
		// shapes a first fleet (0.2 of the stage up to 200 jobs, falling
		// linearly to 0.05 at 600).
		free, fleet = 0.2-0.15*min(max(float64(in.nJ-200)/400, 0), 1), 1
	case shaped:
		free, fleet = 0.1, 0.5
	}
	s.anneal(b, cur, cand, best, 0, free, false, report)
	cur.copyFrom(best)
	switch {
	case shaped && cur.nUnass == 0 && in.nJ >= largeFleetJobs:
		// On large problems the two minimisations fail differently:
		// Nagata & Bräysy's ejections reach the fleet of tight windows
		// (G&H R1, RC1) fast and then stall, while on nearly full
		// vehicles with long routes (G&H C2: 97 % of the capacity and
		// of the shift at the best-known fleet) SISR's ruin and recreate
		// packs better. The first gets a short patience, the second the
		// rest of the phase with the usual one.
		newFleetMin(in, s.rng).minimise(b, fleet, in.lbVehicles, fleetPatienceLarge, cur, report)
		if b.progress() < fleet && cur.vehicles() > max(1, in.lbVehicles) {
			s.minimiseFleet(b, cur, cand, fleet, fleetPatience, report)
		}
	case shaped && cur.nUnass == 0:
		newFleetMin(in, s.rng).minimise(b, fleet, in.lbVehicles, fleetPatience, cur, report)
	default:
		s.minimiseFleet(b, cur, cand, fleet, 1, nil)
	}
	if better(cur, best, true) {
		best.copyFrom(cur)
		if report != nil {
			report(best, b.iter)
		}
	}
	if fleetOnly {
		return best
	}
	cur.copyFrom(best)
	s.anneal(b, cur, cand, best, b.progress(), 1, true, report)
	return best
}

// minimiseFleet empties routes of cur one at a time until the budget's
// progress reaches until, the fleet reaches its lower bound, one route
// is left, or patience passes without a smaller complete fleet; cur ends
// as the smallest complete fleet found. report, if set, sees each
// smaller complete fleet as it is found.
func (s *sisr) minimiseFleet(b *searchBudget, cur, cand *rsol, until, patience float64, report func(*rsol, int)) {
	in := s.in
	s.fleetMode, s.allowOpen = true, false
	defer func() { s.fleetMode = false }()
	fleetBest := newRsol(in)
	fleetBest.copyFrom(cur)
	var extra []int32
	last := b.progress()
	for !b.stopped() && b.progress() < until && b.progress() < last+patience {
		want := math.MaxInt
		if fleetBest.nUnass == 0 {
			want = fleetBest.vehicles()
		}
		if x := b.step(want); x != nil {
			// Another search found a smaller complete fleet: go on from it.
			fleetBest.copyFrom(x)
			cur.copyFrom(x)
			last = b.progress()
			if report != nil {
				report(cur, b.iter)
			}
		}
		if cur.pen <= fleetBest.pen+1e-6 {
			smaller := cur.vehicles() < fleetBest.vehicles()
			if better(cur, fleetBest, true) || smaller {
				fleetBest.copyFrom(cur)
			}
			if smaller {
				last = b.progress()
				if cur.nUnass == 0 {
					b.offer(cur)
					if report != nil {
						report(cur, b.iter)
					}
				}
			}
			if cur.vehicles() <= max(1, in.lbVehicles) {
				break
			}
			s.dropRoute(cur)
		}
		cand.copyFrom(cur)
		extra = s.unassignedJobs(cand, extra[:0])
		s.ruin(cand)
		s.recreate(cand, extra)
		sumC, sumK := 0, 0
		for j := range in.nJ {
			if cand.where[j] < 0 {
				s.abs[j]++
				sumC += s.abs[j]
			}
			if cur.where[j] < 0 {
				sumK += s.abs[j]
			}
		}
		if cand.nUnass < cur.nUnass || sumC < sumK {
			cur.copyFrom(cand)
		}
	}
	cur.copyFrom(fleetBest)
}

// anneal runs ruin and recreate under simulated annealing while the
// budget's progress goes from `from` to `to`, the temperature falling
// geometrically from the mean arc cost to a hundredth of it (tuned on
// Solomon R1, R2 and RC2 instances at 10 s). With fixedFleet no route is
// opened, and the annealing may pass through states that leave jobs out at
// ten mean arcs each; only complete solutions can become the best.
func (s *sisr) anneal(b *searchBudget, cur, cand, best *rsol, from, to float64, fixedFleet bool, report func(*rsol, int)) {
	in := s.in
	vehiclesFirst := in.p.VehiclesFirst
	s.allowOpen = !fixedFleet
	t := &in.types[0]
	avgCost := in.avgArc * math.Max(t.dc, 0.01)
	t0, tf := avgCost, 0.01*avgCost
	soft := 0.0
	if fixedFleet {
		soft = 10 * avgCost
	}
	var extra []int32
	lastImp := b.iter
	for !b.stopped() && b.progress() < to {
		b.step(0)
		if b.maxIter == 0 && b.deadline.IsZero() && b.iter-lastImp > b.noImp {
			if to >= 1 {
				b.stop = StopNoImprovement
			}
			break
		}
		frac := (b.progress() - from) / math.Max(to-from, 1e-9)
		temp := t0 * math.Pow(tf/t0, math.Min(1, math.Max(0, frac)))
		cand.copyFrom(cur)
		extra = s.unassignedJobs(cand, extra[:0])
		s.ruin(cand)
		extra = s.capRetry(extra)
		s.recreate(cand, extra)
		if s.objective(cand, soft) < s.objective(cur, soft)-temp*math.Log(s.rng.Float64()) {
			cur.copyFrom(cand)
			if better(cur, best, vehiclesFirst) {
				best.copyFrom(cur)
				lastImp = b.iter
				if report != nil {
					report(best, b.iter)
				}
			}
		}
	}
}

// dropRoute empties one route (the smaller of two drawn at random) and
// leaves its jobs unassigned.
func (s *sisr) dropRoute(sol *rsol) {
	in := s.in
	var cands []int
	for i := range sol.routes {
		if len(sol.routes[i].nodes) > 0 {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return
	}
	a := cands[s.rng.IntN(len(cands))]
	b := cands[s.rng.IntN(len(cands))]
	if len(sol.routes[b].nodes) < len(sol.routes[a].nodes) {
		a = b
	}
	r := &sol.routes[a]
	for _, v := range r.nodes {
		sol.where[v] = -1
		if j := int(in.job[v]); int(v) == j {
			sol.pen += in.pen[j]
			sol.nUnass++
		}
	}
	old := r.cost
	r.nodes = r.nodes[:0]
	sol.used[r.t]--
	in.update(r)
	s.ver++
	r.ver = s.ver
	sol.cost += r.cost - old
}

// solution converts a search result into a Solution with every step
// timed, and the reasons for the jobs left out.
func (in *rinst) solution(rs *rsol) (*Solution, error) {
	p := in.p
	sim := newSimulator(in)
	sim.record = true
	sol := &Solution{Feasible: true}
	for i := range rs.routes {
		r := &rs.routes[i]
		if len(r.nodes) == 0 {
			continue
		}
		if !sim.feasible(r.t, r.nodes) {
			return nil, fmt.Errorf("route: internal error: route %d does not replay feasibly", i)
		}
		out := Route{Vehicle: r.t, Steps: append([]Step(nil), sim.steps...), Start: sim.depart, End: sim.end,
			Duration: sim.end - sim.depart, TravelTime: sim.travel, WaitTime: sim.wait, Service: sim.svc, Distance: sim.dist,
			Load: make([]int64, in.D)}
		for _, v := range r.nodes {
			if int(v) < in.nC {
				out.Clients = append(out.Clients, int(v))
				for d := range in.D {
					out.Load[d] += max(in.delta[int(v)*in.D+d]+in.deliv[int(v)*in.D+d], 0)
				}
			}
		}
		out.Cost = p.RouteCost(r.t, out.Distance, out.TravelTime)
		sol.Routes = append(sol.Routes, out)
		sol.Distance += out.Distance
		sol.Duration += out.Duration
		sol.Cost += out.Cost
	}
	for j := range in.nJ {
		if rs.where[j] >= 0 {
			continue
		}
		kind, idx := JobClient, j
		if j >= in.nC {
			kind, idx = JobShipment, j-in.nC
		}
		sol.Unassigned = append(sol.Unassigned, Unassigned{Kind: kind, Index: idx, Reason: in.reason(j, rs)})
		sol.Cost += p.JobPenalty(kind, idx)
	}
	return sol, nil
}

// reason explains why job j is unassigned: the first of skills, capacity,
// time and limits that rules out every vehicle type on its own, else the
// fleet being full.
func (in *rinst) reason(j int, rs *rsol) string {
	p := in.p
	a, b := in.jobNodes(j)
	skillOK, capOK := false, false
	missing := in.skill[a]
	for ti := range in.types {
		t := &in.types[ti]
		missing &^= t.skills
		if !in.compatible(t, a) {
			continue
		}
		skillOK = true
		fits := true
		for d := range in.D {
			need := in.alonePeak(j, d)
			if need > t.capv[d] {
				fits = false
			}
		}
		if fits {
			capOK = true
		}
	}
	if !skillOK {
		if missing != 0 {
			return "no vehicle has skill " + in.skillNames(missing)
		}
		return "no vehicle has all of the skills " + in.skillNames(in.skill[a])
	}
	if !capOK {
		for d := range in.D {
			need := in.alonePeak(j, d)
			most := int64(0)
			for ti := range in.types {
				if in.compatible(&in.types[ti], a) {
					most = max(most, in.types[ti].capv[d])
				}
			}
			if need > most {
				what := "load"
				switch {
				case in.deliv[int(a)*in.D+d] == need:
					what = "delivery"
				case j < in.nC:
					what = "pickup"
				case in.delta[int(a)*in.D+d] < need:
					what = "return"
				}
				return fmt.Sprintf("%s of %d %s exceeds every vehicle's %d", what, need, p.dimName(d), most)
			}
		}
	}
	sim := newSimulator(in)
	seq := []int32{a}
	if b >= 0 {
		seq = append(seq, b)
	}
	alone := false
	for ti := range in.types {
		if in.compatible(&in.types[ti], a) && sim.feasible(ti, seq) {
			alone = true
			break
		}
	}
	if !alone {
		return "time window " + in.windowText(a) + " cannot be reached from any depot within the shifts and route limits of the vehicles that can serve it"
	}
	for ti := range in.types {
		t := &in.types[ti]
		if in.compatible(t, a) && (t.count == 0 || rs.used[ti] < t.count) {
			return "no room in the routes: inserting it would break a time window, capacity or limit of every compatible route"
		}
	}
	return "every compatible vehicle is in use, and no route can take it without breaking a time window, capacity or limit"
}

// alonePeak is the most job j puts on board in dimension d when it is
// served alone: a client's delivery or its delivery plus the load change
// (its pickup), a shipment's amount or its return.
func (in *rinst) alonePeak(j, d int) int64 {
	a, b := in.jobNodes(j)
	D := in.D
	need := max(in.deliv[int(a)*D+d], in.delta[int(a)*D+d]+in.deliv[int(a)*D+d])
	if b >= 0 {
		need = max(need, in.delta[int(a)*D+d]+in.delta[int(b)*D+d])
	}
	return need
}

func (in *rinst) skillNames(mask uint64) string {
	bits := skillBits(in.p)
	var names []string
	for s, b := range bits {
		if mask&(1<<b) != 0 {
			names = append(names, in.p.skillName(s))
		}
	}
	if len(names) == 0 {
		return "(none)"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func (p *Problem) skillName(s int) string {
	if s < len(p.SkillNames) && p.SkillNames[s] != "" {
		return p.SkillNames[s]
	}
	return fmt.Sprint(s)
}

func (p *Problem) dimName(d int) string {
	if d < len(p.DimNames) && p.DimNames[d] != "" {
		return p.DimNames[d]
	}
	return fmt.Sprintf("units (dimension %d)", d)
}

func (in *rinst) windowText(v int32) string {
	tws := in.tws[v]
	if len(tws) == 0 {
		return "(any time)"
	}
	f := in.p.FormatTime
	if f == nil {
		f = func(t int64) string { return fmt.Sprint(t) }
	}
	parts := make([]string, len(tws))
	for i, w := range tws {
		parts[i] = f(w.Start) + "–" + f(w.End)
	}
	return strings.Join(parts, ", ")
}

// objective is the annealing objective: the cost plus the penalties of
// unassigned jobs, or, when soft > 0 (fixed fleet), soft per unassigned job
// whose default penalty would otherwise forbid passing through such states.
func (s *sisr) objective(r *rsol, soft float64) float64 {
	if soft > 0 {
		return r.cost + soft*float64(r.nUnass)
	}
	return r.cost + r.pen
}

// initial converts a user solution into a search state, checking that
// every route replays feasibly for its vehicle type.
func (in *rinst) initial(s *Solution) (*rsol, error) {
	sol := newRsol(in)
	used := make([]int, len(in.types))
	for ri, rt := range s.Routes {
		f := fmt.Sprintf("initial_solution.routes[%d]", ri)
		if rt.Vehicle < 0 || rt.Vehicle >= len(in.types) {
			return nil, &InputError{Field: f + ".vehicle", Msg: fmt.Sprintf("vehicle type %d outside [0, %d)", rt.Vehicle, len(in.types))}
		}
		var nodes []int32
		add := func(k int, v int) error {
			if v < 0 || v >= in.nN {
				return &InputError{Field: fmt.Sprintf("%s.steps[%d]", f, k), Msg: "job index out of range"}
			}
			if sol.where[v] >= 0 {
				return &InputError{Field: fmt.Sprintf("%s.steps[%d]", f, k), Msg: "job visited twice"}
			}
			sol.where[v] = int32(len(sol.routes))
			nodes = append(nodes, int32(v))
			return nil
		}
		if len(rt.Steps) == 0 {
			for k, c := range rt.Clients {
				if c < 0 || c >= in.nC {
					return nil, &InputError{Field: fmt.Sprintf("%s.clients[%d]", f, k), Msg: "client index out of range"}
				}
				if err := add(k, c); err != nil {
					return nil, err
				}
			}
		}
		for k, st := range rt.Steps {
			var err error
			switch st.Kind {
			case StepClient:
				if st.Index < 0 || st.Index >= in.nC {
					return nil, &InputError{Field: fmt.Sprintf("%s.steps[%d]", f, k), Msg: "client index out of range"}
				}
				err = add(k, st.Index)
			case StepPickup, StepDelivery:
				if st.Index < 0 || st.Index >= in.nS {
					return nil, &InputError{Field: fmt.Sprintf("%s.steps[%d]", f, k), Msg: "shipment index out of range"}
				}
				v := in.nC + st.Index
				if st.Kind == StepDelivery {
					v += in.nS
				}
				err = add(k, v)
			}
			if err != nil {
				return nil, err
			}
		}
		if len(nodes) == 0 {
			continue
		}
		sim := newSimulator(in)
		seen := map[int32]bool{}
		for _, v := range nodes {
			if pr := in.partner[v]; pr >= 0 && !seen[pr] && v >= int32(in.nC+in.nS) {
				return nil, &InputError{Field: f, Msg: "a shipment is delivered before it is picked up, or on another route"}
			}
			seen[v] = true
		}
		for _, v := range nodes {
			if pr := in.partner[v]; pr >= 0 && !seen[pr] {
				return nil, &InputError{Field: f, Msg: "a shipment's pickup and delivery are not both on this route"}
			}
		}
		if !sim.feasible(rt.Vehicle, nodes) {
			return nil, &InputError{Field: f, Msg: "infeasible for its vehicle (windows, capacity, skills, shift, breaks or limits)"}
		}
		used[rt.Vehicle]++
		if c := in.types[rt.Vehicle].count; c > 0 && used[rt.Vehicle] > c {
			return nil, &InputError{Field: f + ".vehicle", Msg: fmt.Sprintf("more routes than the %d vehicles of type %d", c, rt.Vehicle)}
		}
		r := rroute{t: rt.Vehicle, nodes: nodes, ver: in.freshVer()}
		in.update(&r)
		sol.routes = append(sol.routes, r)
		sol.used[rt.Vehicle]++
		sol.cost += r.cost
	}
	for j := range in.nJ {
		if sol.where[j] >= 0 {
			sol.pen -= in.pen[j]
			sol.nUnass--
		}
	}
	return sol, nil
}
