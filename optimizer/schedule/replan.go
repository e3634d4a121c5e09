package schedule

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
)

// DefaultStabilityCost is the cost (yuan) Replan charges, inside the
// routing search, for every booking of the old plan that it serves on
// another vehicle than before or leaves off the day (route.Prefer).
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
	// StabilityCost is the cost (yuan) per booking moved to another
	// vehicle or left out; 0 means DefaultStabilityCost, negative none
	// (pure cost).
	StabilityCost float64
}

// Replan updates one day plan after changes (new bookings, updates,
// cancellations, progress from the road). Routes already dispatched, and
// routes with a stop done or failed, stay exactly as they were, even when
// one of their bookings is cancelled (the diff then tells the crew). The
// other routes start from their old sequences without the cancelled
// bookings; the new bookings and those left out before are inserted
// (cheapest insertion within windows, capacity, skills and trade-in
// pairs), and the routing search improves the day from there with
// StabilityCost charged for every old booking it moves to another vehicle
// or leaves out: a booking moves only when that saves more than the
// charge or makes room for a booking that would otherwise be left out.
// The result is a small diff, not a new plan. A negative StabilityCost
// re-plans for cost alone.
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
	onRoad := map[string]bool{} // reported dispatched, done or failed by these changes
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
			onRoad[b.ID] = true
		}
	}
	cur := *old
	cur.Bookings = bks
	ix, oldIx := cur.Index(), old.Index()
	var kept []dayplan.Route
	var keptIDs, notes []string
	onFixed := map[string]bool{}
	fixedVeh := map[string]bool{}
	initial := map[string][]dayplan.Stop{}
	for _, r := range old.Routes {
		// A route is on the road if it was before the changes, or one of
		// its bookings is reported dispatched, done or failed by them (a
		// booking dispatched, then cancelled, does not call the truck
		// back); it is marked dispatched.
		reported := false
		for _, st := range r.Stops {
			reported = reported || (st.Type == dayplan.Visit && onRoad[st.Booking])
		}
		if reported || old.Fixed(&r, oldIx) || cur.Fixed(&r, ix) {
			r.Status = dayplan.Dispatched
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
	in := &Input{Depots: old.Depots, Areas: old.Areas}
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
		e.initial, e.noClearing, e.stability = initial, true, opt.StabilityCost
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
		Depots: old.Depots, Vehicles: old.Vehicles, Unassigned: fresh.Unassigned, Areas: old.Areas}
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

// solveFrom solves rt starting from the routes of initial (the new
// bookings and those left out before are inserted first). When
// re-planning, each booking of the old routes carries its old vehicle as
// a route.Prefer charging the stability cost for serving it on another
// vehicle, and the same more for leaving it out (buildRouting): the search
// moves a booking only when that pays, inside its objective, so the diff
// stays small while the search still makes room for new bookings where it
// must.
func (e *engine) solveFrom(ctx context.Context, p *route.Problem, rt *Routing, iters int, limit time.Duration, initial map[string][]dayplan.Stop) (*route.Solution, error) {
	return solveStarting(ctx, p, route.Options{Seed: e.opt.Seed, MaxIterations: iters, TimeLimit: limit, Threads: 1}, e.initialSolution(rt, initial), &e.dropped)
}

// solveStarting solves p from init. A route of init that does not replay
// (times estimated anew, a vehicle gone) leaves the start, and its jobs
// are inserted like new ones; init is changed accordingly.
func solveStarting(ctx context.Context, p *route.Problem, opt route.Options, init *route.Solution, dropped *atomic.Int32) (*route.Solution, error) {
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
		if dropped != nil {
			dropped.Add(1)
		}
		init.Routes = slices.Delete(init.Routes, k, k+1)
	}
}

// ReplanDays re-plans several day plans (consecutive or not, in date
// order) after changes that may touch any of them: a cancellation, an
// update or a status goes to the day whose plan holds the booking; a new
// booking to the day of its date window with the fewest bookings (the
// earliest on a tie); a booking a day cannot serve moves on to the next
// plan of its window, like Schedule's carry-over. Each day is re-planned
// as Replan does; changes that fit no day come back in the first day's
// Skipped.
func ReplanDays(ctx context.Context, plans []*dayplan.Plan, changes []booking.Change, opt ReplanOptions) ([]*Replanned, error) {
	if len(plans) == 0 {
		return nil, &InputError{Field: "dayplans", Msg: "none"}
	}
	for i := 1; i < len(plans); i++ {
		if plans[i].Date <= plans[i-1].Date {
			return nil, &InputError{Field: fmt.Sprintf("dayplans[%d].date", i), Msg: "plans must be in date order, one per day"}
		}
	}
	holder := map[string]int{}
	load := make([]int, len(plans))
	for i, p := range plans {
		for _, b := range p.Bookings {
			holder[b.ID] = i
		}
		load[i] = len(p.Bookings)
	}
	per := make([][]booking.Change, len(plans))
	var skipped []string
	for _, ch := range changes {
		if i, ok := holder[ch.Booking.ID]; ok {
			per[i] = append(per[i], ch)
			continue
		}
		if ch.Action != booking.Add {
			skipped = append(skipped, fmt.Sprintf("line %d: %s %s: no such booking in the plans", ch.Line, ch.Action, ch.Booking.ID))
			continue
		}
		best := -1
		for i, p := range plans {
			b := &ch.Booking
			if (!b.Earliest.IsZero() && b.Earliest > p.Date) || (!b.Latest.IsZero() && b.Latest < p.Date) {
				continue
			}
			if best < 0 || load[i] < load[best] {
				best = i
			}
		}
		if best < 0 {
			skipped = append(skipped, fmt.Sprintf("line %d: add %s: its dates %s–%s meet none of the plans", ch.Line, ch.Booking.ID, ch.Booking.Earliest, ch.Booking.Latest))
			continue
		}
		holder[ch.Booking.ID] = best
		load[best]++
		per[best] = append(per[best], ch)
	}
	out := make([]*Replanned, len(plans))
	var carry []booking.Change
	for i, p := range plans {
		chs := append(per[i], carry...)
		carry = nil
		rp, err := Replan(ctx, p, chs, opt)
		if err != nil {
			return nil, fmt.Errorf("schedule: re-planning %s: %w", p.Date, err)
		}
		// Bookings left out today that a later plan of their window can
		// still take move on (new ones and those left out before).
		if i+1 < len(plans) {
			keep := rp.Plan.Unassigned[:0]
			ix := rp.Plan.Index()
			for _, u := range rp.Plan.Unassigned {
				b := ix.Booking[u.Booking]
				next := plans[i+1].Date
				if b != nil && (b.Latest.IsZero() || b.Latest >= next) && !permanent(u.Reason) {
					carry = append(carry, booking.Change{Action: booking.Add, Booking: *b})
					for k := range rp.Diff.Removed {
						if rp.Diff.Removed[k].Booking == b.ID {
							rp.Diff.Removed[k].Reason = "moved to " + next.String() + ": " + u.Reason
						}
					}
					continue
				}
				keep = append(keep, u)
			}
			rp.Plan.Unassigned = keep
			var bs []booking.Booking
			for _, b := range rp.Plan.Bookings {
				moved := false
				for _, c := range carry {
					moved = moved || c.Booking.ID == b.ID
				}
				if !moved {
					bs = append(bs, b)
				}
			}
			rp.Plan.Bookings = bs
			(&engine{cat: booking.DefaultCatalog()}).totals(rp.Plan)
		}
		out[i] = rp
	}
	out[0].Skipped = append(skipped, out[0].Skipped...)
	return out, nil
}
