package schedule

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
)

// DefaultStabilityCost is the cost (yuan) Replan charges for every booking
// whose vehicle or time changes, when it weighs a re-optimised plan
// against the old routes with the changes worked in.
const DefaultStabilityCost = 30.0

// Replanned is the answer of Replan: the new plan of the day, what
// changed, and the changes that could not be applied.
type Replanned struct {
	Plan    *dayplan.Plan
	Diff    *dayplan.Diff
	Skipped []string
}

// ReplanOptions tune Replan beyond Options (whose Date and Days are taken
// from the plan).
type ReplanOptions struct {
	Options
	// StabilityCost is the cost per changed booking (see
	// DefaultStabilityCost); negative means 0 (pure cost).
	StabilityCost float64
}

// Replan updates one day plan after changes (new bookings, updates,
// cancellations, progress from the road). Routes already dispatched, and
// routes with a stop done or failed, stay exactly as they were, even when
// one of their bookings is cancelled (the diff then tells the crew). The
// other routes start from their old sequences without the cancelled
// bookings; the new bookings and those left out before are inserted, and
// the engine's short re-optimisation is kept only when it saves more than
// StabilityCost per booking it moves. The result is a small diff, not a
// new plan.
func Replan(ctx context.Context, old *dayplan.Plan, changes []booking.Change, opt ReplanOptions) (*Replanned, error) {
	if err := old.Check(); err != nil {
		return nil, err
	}
	opt.Date, opt.Days = old.Date, 1
	if opt.Seed == 0 {
		opt.Seed = old.Seed
	}
	if opt.StabilityCost == 0 {
		opt.StabilityCost = DefaultStabilityCost
	}
	opt.StabilityCost = max(opt.StabilityCost, 0)
	cat := booking.DefaultCatalog()
	bks := append([]booking.Booking(nil), old.Bookings...)
	idx := map[string]int{}
	for i, b := range bks {
		idx[b.ID] = i
	}
	var skipped []string
	for _, ch := range changes {
		b := ch.Booking
		i, known := idx[b.ID]
		switch ch.Action {
		case booking.Add, booking.Update:
			if ch.Action == booking.Add && known {
				skipped = append(skipped, fmt.Sprintf("line %d: add %s: the booking exists; use update", ch.Line, b.ID))
				continue
			}
			if e := b.Check(cat, 0); e != nil {
				skipped = append(skipped, fmt.Sprintf("line %d: %s %s: %v", ch.Line, ch.Action, b.ID, e))
				continue
			}
			if (!b.Earliest.IsZero() && b.Earliest > old.Date) || (!b.Latest.IsZero() && b.Latest < old.Date) {
				skipped = append(skipped, fmt.Sprintf("line %d: %s %s: its dates %s–%s exclude %s", ch.Line, ch.Action, b.ID, b.Earliest, b.Latest, old.Date))
				continue
			}
			if b.Kind == booking.TradeIn && !slices.ContainsFunc(old.Depots, func(d fleet.Depot) bool { return d.ID == b.From }) {
				skipped = append(skipped, fmt.Sprintf("line %d: %s %s: unknown depot or warehouse %q", ch.Line, ch.Action, b.ID, b.From))
				continue
			}
			if known {
				if b.Status == booking.Booked {
					b.Status = bks[i].Status
				}
				bks[i] = b
			} else {
				idx[b.ID] = len(bks)
				bks = append(bks, b)
			}
		case booking.Cancel:
			if !known {
				skipped = append(skipped, fmt.Sprintf("line %d: cancel %s: no such booking on %s", ch.Line, b.ID, old.Date))
				continue
			}
			bks[i].Status = booking.Cancelled
		case booking.SetStatus:
			if !known {
				skipped = append(skipped, fmt.Sprintf("line %d: status %s: no such booking on %s", ch.Line, b.ID, old.Date))
				continue
			}
			bks[i].Status = b.Status
		}
	}
	cur := *old
	cur.Bookings = bks
	ix := cur.Index()
	var kept []dayplan.Route
	var keptIDs, notes []string
	onFixed := map[string]bool{}
	fixedVeh := map[string]bool{}
	initial := map[string][]dayplan.Stop{}
	for _, r := range old.Routes {
		if cur.Fixed(&r, ix) {
			kept = append(kept, r)
			keptIDs = append(keptIDs, r.Vehicle)
			fixedVeh[r.Vehicle] = true
			for _, s := range r.Stops {
				onFixed[s.Booking] = true
				if b := ix.Booking[s.Booking]; s.Type == dayplan.Visit && b != nil && b.Status == booking.Cancelled {
					notes = append(notes, fmt.Sprintf("%s cancelled on dispatched route %s: tell the crew to skip stop %s", b.ID, r.Vehicle, s.Start.HM()))
				}
			}
			continue
		}
		initial[r.Vehicle] = r.Stops
	}
	in := &Input{Depots: old.Depots}
	for _, v := range old.Vehicles {
		if !fixedVeh[v.ID] {
			in.Vehicles = append(in.Vehicles, v)
		}
	}
	for _, b := range bks {
		if b.Status.Open() && !onFixed[b.ID] {
			in.Bookings = append(in.Bookings, b)
		}
	}
	var fresh *dayplan.Plan
	var stats []ProblemStats
	if len(in.Vehicles) > 0 && len(in.Bookings) > 0 {
		vin, err := in.validate(&opt.Options)
		if err != nil {
			return nil, err
		}
		e := newEngine(vin, opt.Options, time.Now())
		e.initial, e.noClearing, e.stability, e.old = initial, true, opt.StabilityCost, old
		res, err := e.run(ctx)
		if err != nil {
			return nil, err
		}
		fresh, stats = res.Days[0], res.Problems
	} else {
		fresh = &dayplan.Plan{Routes: []dayplan.Route{}, Unassigned: []dayplan.Unassigned{}}
		for _, b := range in.Bookings {
			fresh.Unassigned = append(fresh.Unassigned, dayplan.Unassigned{Booking: b.ID, Reason: "every vehicle of the day is dispatched"})
		}
	}
	_ = stats
	np := &dayplan.Plan{Date: old.Date, Seed: opt.Seed, Iterations: opt.Iterations, Groups: fresh.Groups,
		Depots: old.Depots, Vehicles: old.Vehicles, Unassigned: fresh.Unassigned}
	np.Routes = append(append([]dayplan.Route{}, kept...), fresh.Routes...)
	vorder := map[string]int{}
	for i, v := range old.Vehicles {
		vorder[v.ID] = i
	}
	sort.SliceStable(np.Routes, func(i, j int) bool { return vorder[np.Routes[i].Vehicle] < vorder[np.Routes[j].Vehicle] })
	served := map[string]bool{}
	for _, r := range np.Routes {
		for _, s := range r.Stops {
			served[s.Booking] = true
		}
	}
	for _, b := range bks {
		if served[b.ID] && b.Status == booking.Booked {
			b.Status = booking.Scheduled
		}
		np.Bookings = append(np.Bookings, b)
	}
	(&engine{cat: cat}).totals(np)
	diff := dayplan.Compare(old, np, keptIDs)
	diff.Notes = notes
	return &Replanned{Plan: np, Diff: diff, Skipped: skipped}, nil
}

// initialSolution maps the old routes of the problem's vehicles onto rt:
// each route keeps the jobs still in the problem, in the old order.
func (e *engine) initialSolution(rt *Routing, initial map[string][]dayplan.Stop) *route.Solution {
	client, ship := map[string]int{}, map[string]int{}
	for i, b := range rt.clients {
		client[e.bk[b].ID] = i
	}
	for i, b := range rt.shipments {
		ship[e.bk[b].ID] = i
	}
	sol := &route.Solution{}
	for k, v := range rt.vehicles {
		stops := initial[e.in.Vehicles[v].ID]
		r := route.Route{Vehicle: k}
		for _, s := range stops {
			if i, ok := client[s.Booking]; ok && s.Type == dayplan.Visit {
				r.Steps = append(r.Steps, route.Step{Kind: route.StepClient, Index: i})
			} else if i, ok := ship[s.Booking]; ok {
				kind := route.StepDelivery
				if s.Type == dayplan.Load {
					kind = route.StepPickup
				}
				r.Steps = append(r.Steps, route.Step{Kind: kind, Index: i})
			}
		}
		if len(r.Steps) > 0 {
			sol.Routes = append(sol.Routes, r)
		}
	}
	return sol
}

// solveReplan runs the two candidates of a re-planning: the old routes
// with the changes inserted (a token budget), and a re-optimisation from
// there (the full budget); it keeps the second only when it serves more,
// or serves as many at a cost lower by more than the stability cost of
// the bookings it moves.
func (e *engine) solveReplan(ctx context.Context, p *route.Problem, rt *Routing, iters int, limit time.Duration, initial map[string][]dayplan.Stop) (*route.Solution, error) {
	init := e.initialSolution(rt, initial)
	a, err := solveStarting(ctx, p, route.Options{Seed: e.opt.Seed, MaxIterations: 1, TimeLimit: limit, Threads: 1}, init)
	if err != nil {
		return nil, err
	}
	b, err := route.Solve(ctx, p, route.Options{Seed: e.opt.Seed, MaxIterations: iters, TimeLimit: limit, Threads: 1, InitialSolution: init})
	if err != nil {
		return nil, err
	}
	if len(b.Unassigned) < len(a.Unassigned) {
		return b, nil
	}
	if len(b.Unassigned) > len(a.Unassigned) {
		return a, nil
	}
	moved := e.movedAgainst(rt, a, b)
	if float64(a.Cost-b.Cost)/100 > e.stability*float64(moved) {
		return b, nil
	}
	return a, nil
}

// solveFrom solves rt starting from the routes of initial.
func (e *engine) solveFrom(ctx context.Context, p *route.Problem, rt *Routing, iters int, limit time.Duration, initial map[string][]dayplan.Stop) (*route.Solution, error) {
	return solveStarting(ctx, p, route.Options{Seed: e.opt.Seed, MaxIterations: iters, TimeLimit: limit, Threads: 1}, e.initialSolution(rt, initial))
}

// solveStarting solves p from init. A route of init that does not replay
// (times estimated anew, a vehicle gone) leaves the start, and its jobs
// are inserted like new ones; init is changed accordingly.
func solveStarting(ctx context.Context, p *route.Problem, opt route.Options, init *route.Solution) (*route.Solution, error) {
	for {
		opt.InitialSolution = init
		sol, err := route.Solve(ctx, p, opt)
		if err == nil {
			return sol, nil
		}
		var ie *route.InputError
		k := -1
		if asInputError(err, &ie) && strings.HasPrefix(ie.Field, "initial_solution.routes[") {
			fmt.Sscanf(ie.Field, "initial_solution.routes[%d]", &k)
		}
		if k < 0 || k >= len(init.Routes) {
			return nil, err
		}
		init.Routes = slices.Delete(init.Routes, k, k+1)
	}
}

// movedAgainst counts the bookings whose vehicle or position differs
// between two solutions of rt.
func (e *engine) movedAgainst(rt *Routing, a, b *route.Solution) int {
	type at struct{ v, pos int }
	where := func(s *route.Solution) map[int]at {
		m := map[int]at{}
		for _, r := range s.Routes {
			n := 0
			for _, st := range r.Steps {
				switch st.Kind {
				case route.StepClient:
					m[rt.clients[st.Index]] = at{r.Vehicle, n}
				case route.StepDelivery:
					m[rt.shipments[st.Index]] = at{r.Vehicle, n}
				default:
					continue
				}
				n++
			}
		}
		return m
	}
	wa, wb := where(a), where(b)
	moved := 0
	for k, x := range wb {
		if y, ok := wa[k]; !ok || x.v != y.v || x.pos != y.pos {
			moved++
		}
	}
	return moved
}
