package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/wire"
)

// ScheduleStore is what schedule runs need from the store.
type ScheduleStore interface {
	ListBookings(ctx context.Context, f store.BookingFilter) ([]store.Booking, error)
	SetBookingStatus(ctx context.Context, ids []string, status string) (int, error)
	GetRun(ctx context.Context, id string) (store.Run, error)
	GetDayPlan(ctx context.Context, date string) (store.DayPlan, error)
	PutDayPlan(ctx context.Context, d store.DayPlan, version int64) (store.DayPlan, error)
	ListDayPlans(ctx context.Context, from, to string) ([]string, error)
}

// ScheduleParams are the parameters of a schedule run (POST
// /v1/schedules): the days to plan and the plan whose sites are the depots.
type ScheduleParams struct {
	Date string `json:"date"`           // first day, YYYY-MM-DD
	Days int    `json:"days,omitempty"` // 1…14; 0 means 1
	// Run is the finished plan run whose collection points and transfer
	// stations are the depots; "" means each county's seat.
	Run string `json:"run,omitempty"`
	// Seed and Iterations are the routing budget (Iterations 0: by size);
	// the same bookings, plan and budget give the same day plans.
	Seed       uint64 `json:"seed,omitempty"`
	Iterations int    `json:"iterations,omitempty"`
	// TimeLimit caps the run (Go duration); empty means 60 s.
	TimeLimit string `json:"time_limit,omitempty"`
	// PerDepot gives every depot this many vehicles instead of sizing the
	// fleet by the work.
	PerDepot int `json:"per_depot,omitempty"`
}

// Check validates p; a bad field wraps ErrBadInput and names it.
func (p *ScheduleParams) Check() (booking.Date, time.Duration, error) {
	d, err := booking.ParseDate(p.Date)
	if err != nil || d.IsZero() {
		return 0, 0, badInput("date: %q: want YYYY-MM-DD", p.Date)
	}
	if p.Days < 0 || p.Days > 14 {
		return 0, 0, badInput("days: %d: want 1…14", p.Days)
	}
	if p.Iterations < 0 || p.Iterations > 1_000_000 {
		return 0, 0, badInput("iterations: %d: want 0…1000000", p.Iterations)
	}
	if p.PerDepot < 0 || p.PerDepot > 100 {
		return 0, 0, badInput("per_depot: %d: want 0…100", p.PerDepot)
	}
	limit := 60 * time.Second
	if p.TimeLimit != "" {
		l, err := time.ParseDuration(p.TimeLimit)
		if err != nil || l <= 0 || l > time.Hour {
			return 0, 0, badInput("time_limit: %q: want a duration up to 1h", p.TimeLimit)
		}
		limit = l
	}
	return d, limit, nil
}

// ScheduleDay is one planned day in a schedule run's result.
type ScheduleDay struct {
	Date       string        `json:"date"`
	Replanned  bool          `json:"replanned"` // had dispatched routes: re-planned around them
	Routes     int           `json:"routes"`
	Served     int           `json:"served"`
	Unassigned int           `json:"unassigned"`
	Diff       *dayplan.Diff `json:"diff,omitempty"`
}

// ScheduleResult is the result of a schedule run.
type ScheduleResult struct {
	Date     string        `json:"date"`
	Days     []ScheduleDay `json:"days"`
	Deferred []string      `json:"deferred"` // open bookings whose earliest date is after the horizon
	Bookings int           `json:"bookings"` // open bookings considered
}

// RunSchedule returns the Func of schedule runs over st's bookings.
//
// Days of the horizon with a dispatched route are re-planned with
// schedule.Replan, which keeps those routes untouched: their bookings'
// changes (cancelled, done, failed, rescheduled) are applied, and new
// bookings that no free day of the horizon can take are added. The free
// days are planned afresh with schedule.Schedule, block by block. Bookings
// routed on stored days outside the horizon are left where they are.
func RunSchedule(st ScheduleStore) Func {
	return func(ctx context.Context, run store.Run, progress func(Progress)) (Output, error) {
		var p ScheduleParams
		dec := json.NewDecoder(bytes.NewReader(run.Params))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return Output{}, badInput("schedule parameters: %v", err)
		}
		first, limit, err := p.Check()
		if err != nil {
			return Output{}, err
		}
		days := max(p.Days, 1)
		last := first.AddDays(days - 1)
		deadline := time.Now().Add(limit)

		// the bookings
		var all []booking.Booking
		for after := int64(0); ; {
			recs, err := st.ListBookings(ctx, store.BookingFilter{After: after, Limit: 5000})
			if err != nil {
				return Output{}, err
			}
			for _, r := range recs {
				b, err := BookingOf(r)
				if err != nil {
					return Output{}, err
				}
				all = append(all, b)
			}
			if len(recs) < 5000 {
				break
			}
			after = recs[len(recs)-1].Seq
		}
		byID := make(map[string]*booking.Booking, len(all))
		for i := range all {
			byID[all[i].ID] = &all[i]
		}
		// stored plans: days of the horizon with dispatched routes are
		// locked; bookings routed outside the horizon stay there
		dates, err := st.ListDayPlans(ctx, "", "")
		if err != nil {
			return Output{}, err
		}
		locked := map[booking.Date]store.DayPlan{}
		lockedPlan := map[booking.Date]*dayplan.Plan{}
		elsewhere := map[string]bool{}
		for _, ds := range dates {
			d, err := booking.ParseDate(ds)
			if err != nil {
				continue
			}
			sp, err := st.GetDayPlan(ctx, ds)
			if err != nil {
				return Output{}, err
			}
			in := d >= first && d <= last
			if in && len(sp.Dispatched) == 0 {
				continue
			}
			dp, err := dayplan.Read(bytes.NewReader(sp.Doc))
			if err != nil {
				return Output{}, fmt.Errorf("jobs: stored day plan %s: %w", ds, err)
			}
			if in {
				locked[d], lockedPlan[d] = sp, dp
				continue
			}
			for _, r := range dp.Routes {
				for _, s := range r.Stops {
					if s.Type == dayplan.Visit {
						elsewhere[s.Booking] = true
					}
				}
			}
		}
		inLocked := map[string]bool{}
		for _, dp := range lockedPlan {
			for _, b := range dp.Bookings {
				inLocked[b.ID] = true
			}
		}
		servable := func(b *booking.Booking, d booking.Date) bool {
			return (b.Earliest.IsZero() || b.Earliest <= d) && (b.Latest.IsZero() || d <= b.Latest)
		}
		var free []booking.Date
		for d := first; d <= last; d++ {
			if _, ok := locked[d]; !ok {
				free = append(free, d)
			}
		}
		var open []booking.Booking // open bookings for the free days
		var deferred []string
		addTo := map[booking.Date][]booking.Change{}
		for i := range all {
			b := &all[i]
			if !b.Status.Open() || inLocked[b.ID] || elsewhere[b.ID] {
				continue
			}
			if !b.Earliest.IsZero() && b.Earliest > last {
				deferred = append(deferred, b.ID)
				continue
			}
			if !b.Latest.IsZero() && b.Latest < first {
				continue
			}
			if slices.ContainsFunc(free, func(d booking.Date) bool { return servable(b, d) }) {
				open = append(open, *b)
				continue
			}
			for d := first; d <= last; d++ {
				if _, ok := locked[d]; ok && servable(b, d) {
					nb := *b
					nb.Status = booking.Booked
					addTo[d] = append(addTo[d], booking.Change{Action: booking.Add, Booking: nb})
					break
				}
			}
		}

		res := ScheduleResult{Date: first.String(), Days: []ScheduleDay{}, Deferred: deferred, Bookings: len(open)}
		var planned []*dayplan.Plan
		replanned := map[booking.Date]*dayplan.Diff{}
		total := len(locked) + len(free)
		done := 0
		step := func() {
			done++
			progress(Progress{Fraction: float64(done) / float64(max(total, 1))})
		}
		// 1. locked days: re-plan around the dispatched routes
		for d := first; d <= last; d++ {
			old, ok := lockedPlan[d]
			if !ok {
				continue
			}
			changes := addTo[d]
			for _, ob := range old.Bookings {
				cur, ok := byID[ob.ID]
				switch {
				case !ok || cur.Status == booking.Cancelled:
					if ob.Status != booking.Cancelled {
						changes = append(changes, booking.Change{Action: booking.Cancel, Booking: booking.Booking{ID: ob.ID}})
					}
				case cur.Status == booking.Done || cur.Status == booking.Failed:
					if cur.Status != ob.Status {
						changes = append(changes, booking.Change{Action: booking.SetStatus, Booking: booking.Booking{ID: ob.ID, Status: cur.Status}})
					}
				default:
					a, b := *cur, ob
					a.Status, b.Status = "", ""
					ja, _ := json.Marshal(a)
					jb, _ := json.Marshal(b)
					if !bytes.Equal(ja, jb) && servable(cur, d) {
						changes = append(changes, booking.Change{Action: booking.Update, Booking: *cur})
					} else if !bytes.Equal(ja, jb) {
						changes = append(changes, booking.Change{Action: booking.Cancel, Booking: booking.Booking{ID: ob.ID}})
					}
				}
			}
			rp, err := schedule.Replan(ctx, old, changes, schedule.ReplanOptions{Options: schedule.Options{Seed: p.Seed, Iterations: p.Iterations,
				TimeLimit: time.Until(deadline)}})
			if err != nil {
				return Output{}, inputOrErr(ctx, err)
			}
			planned = append(planned, rp.Plan)
			replanned[d] = rp.Diff
			step()
		}
		// 2. free days, block by block
		if len(free) > 0 && len(open) > 0 {
			depots, err := scheduleDepots(ctx, st, p.Run, open)
			if err != nil {
				return Output{}, err
			}
			for lo := 0; lo < len(free); {
				hi := lo + 1
				for hi < len(free) && free[hi] == free[hi-1]+1 {
					hi++
				}
				from, n := free[lo], hi-lo
				var bs []booking.Booking
				for i := range open {
					b := &open[i]
					if (b.Earliest.IsZero() || b.Earliest <= from.AddDays(n-1)) && (b.Latest.IsZero() || from <= b.Latest) {
						nb := *b
						nb.Status = booking.Booked
						bs = append(bs, nb)
					}
				}
				if len(bs) > 0 {
					vehicles := schedule.SizeFleet(bs, depots, schedule.FleetOptions{Date: from, Days: n, PerDepot: p.PerDepot})
					sr, err := schedule.Schedule(ctx, &schedule.Input{Bookings: bs, Depots: depots, Vehicles: vehicles},
						schedule.Options{Date: from, Days: n, Seed: p.Seed, Iterations: p.Iterations, TimeLimit: time.Until(deadline)})
					if err != nil {
						return Output{}, inputOrErr(ctx, err)
					}
					planned = append(planned, sr.Days...)
				}
				for range n {
					step()
				}
				lo = hi
			}
		}
		// 3. store the plans and the bookings' statuses
		slices.SortFunc(planned, func(a, b *dayplan.Plan) int { return int(a.Date - b.Date) })
		var scheduled, unassigned []string
		for _, dp := range planned {
			var buf bytes.Buffer
			if err := dayplan.Write(&buf, dp); err != nil {
				return Output{}, err
			}
			sd := store.DayPlan{Date: dp.Date.String(), Run: run.ID, Doc: buf.Bytes()}
			var version int64
			if old, ok := locked[dp.Date]; ok {
				sd.Dispatched, version = old.Dispatched, old.Version
			}
			if _, err := st.PutDayPlan(ctx, sd, version); err != nil {
				if errors.Is(err, store.ErrConflict) {
					return Output{}, badInput("the day plan of %s changed while it was re-planned (a dispatch?): schedule again", sd.Date)
				}
				return Output{}, err
			}
			routed := map[string]bool{}
			nroutes := 0
			for _, r := range dp.Routes {
				if len(r.Stops) > 0 {
					nroutes++
				}
				for _, s := range r.Stops {
					if s.Type == dayplan.Visit {
						routed[s.Booking] = true
					}
				}
			}
			for id := range routed {
				if b, ok := byID[id]; ok && b.Status == booking.Booked || (ok && b.Status == booking.Scheduled) {
					scheduled = append(scheduled, id)
				}
			}
			for _, u := range dp.Unassigned {
				if b, ok := byID[u.Booking]; ok && b.Status == booking.Scheduled {
					unassigned = append(unassigned, u.Booking)
				}
			}
			res.Days = append(res.Days, ScheduleDay{Date: sd.Date, Replanned: replanned[dp.Date] != nil, Routes: nroutes,
				Served: len(routed), Unassigned: len(dp.Unassigned), Diff: replanned[dp.Date]})
		}
		slices.Sort(scheduled)
		if _, err := st.SetBookingStatus(ctx, scheduled, string(booking.Scheduled)); err != nil {
			return Output{}, err
		}
		if _, err := st.SetBookingStatus(ctx, unassigned, string(booking.Booked)); err != nil {
			return Output{}, err
		}
		out, err := json.MarshalIndent(res, "", " ")
		if err != nil {
			return Output{}, err
		}
		return Output{Result: append(out, '\n')}, nil
	}
}

// inputOrErr marks the library's input errors as the run's bad input.
func inputOrErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("%w: %w", ErrBadInput, err)
}

// scheduleDepots returns the depots of the bookings' counties: the sites
// of the plan of run id (its transfer stations and collection points, and a
// front warehouse per county), or each county's seat without a run.
func scheduleDepots(ctx context.Context, st ScheduleStore, runID string, bs []booking.Booking) ([]fleet.Depot, error) {
	regName, year := "sichuan", supply.DefaultYear
	var plan *wire.Plan
	if runID != "" {
		r, err := st.GetRun(ctx, runID)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, badInput("run: no run %q", runID)
			}
			return nil, err
		}
		if r.Kind != store.KindPlan || r.Status != store.StatusDone {
			return nil, badInput("run: %s is a %s run, %s: want a finished plan run", runID, r.Kind, r.Status)
		}
		plan = new(wire.Plan)
		if err := json.Unmarshal(r.Result, plan); err != nil {
			return nil, fmt.Errorf("jobs: plan of run %s: %w", runID, err)
		}
		regName, year = plan.Scenario, plan.Year
	}
	reg, err := region.Builtin(regName)
	if err != nil {
		return nil, badInput("run: %v", err)
	}
	counties := scenarios.CountiesOf(bs, plan)
	if len(counties) == 0 {
		return nil, badInput("bookings: none names its county (adcode): the depots are found by county")
	}
	for _, c := range counties {
		if _, ok := reg.County(c); !ok {
			return nil, badInput("bookings: county %q is not in region %s", c, reg.Name)
		}
	}
	// the same depots as `huishou schedule --plan plan.json`
	return scenarios.OpsDepots(reg, year, plan, counties)
}
