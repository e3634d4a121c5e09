package schedule

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

func TestReplan(t *testing.T) {
	in, opt := testInput(t, 1, 30, 5)
	res, err := Schedule(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	old := res.Days[0]
	if len(old.Routes) < 3 {
		t.Fatalf("want 3 routes, got %d", len(old.Routes))
	}
	// Route 0 is on the road: one of its stops is reported dispatched, and
	// one of its bookings is cancelled. Two bookings of other routes are
	// cancelled, and five new ones come in.
	disp := old.Routes[0]
	var changes []booking.Change
	changes = append(changes, booking.Change{Action: booking.SetStatus, Booking: booking.Booking{ID: disp.Stops[0].Booking, Status: booking.Dispatched}})
	var cancelled []string
	for _, r := range []dayplan.Route{old.Routes[0], old.Routes[1], old.Routes[2]} {
		for _, s := range r.Stops {
			if s.Type == dayplan.Visit && s.Booking != disp.Stops[0].Booking {
				cancelled = append(cancelled, s.Booking)
				changes = append(changes, booking.Change{Action: booking.Cancel, Booking: booking.Booking{ID: s.Booking}})
				break
			}
		}
	}
	for i := range 5 {
		b := booking.Booking{ID: fmt.Sprintf("new-%d", i), Lon: 104.0 + 0.01*float64(i), Lat: 30.69, Items: booking.Items{{Category: "television", Count: 1}},
			Earliest: old.Date, Latest: old.Date, TWStart: 13 * 3600, TWEnd: 17 * 3600}
		changes = append(changes, booking.Change{Action: booking.Add, Booking: b})
	}
	changes = append(changes, booking.Change{Action: booking.Cancel, Booking: booking.Booking{ID: "nope"}, Line: 9})
	rp, err := Replan(context.Background(), old, changes, ReplanOptions{Options: Options{Iterations: 200}})
	if err != nil {
		t.Fatal(err)
	}
	np := rp.Plan
	for _, err := range Check(np, nil) {
		t.Error(err)
	}
	var got *dayplan.Route
	for i := range np.Routes {
		if np.Routes[i].Vehicle == disp.Vehicle {
			got = &np.Routes[i]
		}
	}
	disp.Status = dayplan.Dispatched // marked, otherwise as it was
	if got == nil || !reflect.DeepEqual(*got, disp) {
		t.Errorf("the dispatched route changed:\n got %+v\nwant %+v", got, disp)
	}
	if len(rp.Diff.Kept) != 1 || rp.Diff.Kept[0] != disp.Vehicle || len(rp.Diff.Notes) != 1 {
		t.Errorf("kept %v, notes %v", rp.Diff.Kept, rp.Diff.Notes)
	}
	routed := map[string]bool{}
	for _, r := range np.Routes {
		for _, s := range r.Stops {
			routed[s.Booking] = true
		}
	}
	if !routed[cancelled[0]] || routed[cancelled[1]] || routed[cancelled[2]] {
		t.Errorf("cancelled %v: on the kept route stays, elsewhere goes; routed %v %v %v", cancelled, routed[cancelled[0]], routed[cancelled[1]], routed[cancelled[2]])
	}
	added := 0
	for _, a := range rp.Diff.Added {
		if len(a.Booking) > 4 && a.Booking[:4] == "new-" {
			added++
		}
	}
	unNew := 0
	for _, u := range np.Unassigned {
		if len(u.Booking) > 4 && u.Booking[:4] == "new-" {
			unNew++
		}
	}
	if added+unNew != 5 {
		t.Errorf("%d new bookings added, %d unassigned; want all 5 accounted for", added, unNew)
	}
	if len(rp.Diff.Removed) != 2 {
		t.Errorf("removed %+v, want the two cancelled off the kept route", rp.Diff.Removed)
	}
	if len(rp.Skipped) != 1 || rp.Skipped[0] != "line 9: cancel nope: no such booking on 2026-12-01" {
		t.Errorf("skipped %q", rp.Skipped)
	}
	t.Logf("diff: %d added, %d removed, %d moved, %d retimed, %d unchanged, %d routes changed", len(rp.Diff.Added), len(rp.Diff.Removed),
		len(rp.Diff.Moved), len(rp.Diff.Retimed), rp.Diff.Unchanged, rp.Diff.RoutesChanged)
	if rp.Diff.Size() > 5+2+len(np.Bookings)/3 {
		t.Errorf("diff of %d bookings for 7 changes", rp.Diff.Size())
	}
}

// A week re-planned after cancellations and new bookings: every change
// lands on a day, dispatched routes stay, every plan checks.
func TestReplanDays(t *testing.T) {
	in, opt := testInput(t, 4, 15, 21)
	res, err := Schedule(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	var changes []booking.Change
	// Day one is on the road.
	for _, r := range res.Days[0].Routes {
		for _, s := range r.Stops {
			if s.Type == dayplan.Visit {
				changes = append(changes, booking.Change{Action: booking.SetStatus, Booking: booking.Booking{ID: s.Booking, Status: booking.Dispatched}})
				break
			}
		}
	}
	cancelled := map[string]bool{}
	for d, p := range res.Days {
		for k, b := range p.Bookings {
			if k%7 == 3 && d > 0 {
				cancelled[b.ID] = true
				changes = append(changes, booking.Change{Action: booking.Cancel, Booking: booking.Booking{ID: b.ID}})
			}
		}
	}
	for i := range 12 {
		changes = append(changes, booking.Change{Action: booking.Add, Booking: booking.Booking{ID: fmt.Sprintf("late-%d", i), Lon: 104.02 + 0.005*float64(i), Lat: 30.7,
			Items: booking.Items{{Category: "microwave", Count: 1}}, Earliest: opt.Date, Latest: opt.Date.AddDays(3), Status: booking.Booked}})
	}
	out, err := ReplanDays(context.Background(), res.Days, changes, ReplanOptions{Options: Options{Iterations: 100}})
	if err != nil {
		t.Fatal(err)
	}
	routedNew := 0
	for d, rp := range out {
		for _, err := range Check(rp.Plan, nil) {
			t.Errorf("%s: %v", rp.Plan.Date, err)
		}
		for _, r := range rp.Plan.Routes {
			for _, s := range r.Stops {
				if cancelled[s.Booking] && d > 0 {
					t.Errorf("%s: cancelled %s still routed", rp.Plan.Date, s.Booking)
				}
				if len(s.Booking) > 5 && s.Booking[:5] == "late-" && s.Type == dayplan.Visit {
					routedNew++
				}
			}
		}
		if d == 0 {
			now := map[string]dayplan.Route{}
			for _, r := range rp.Plan.Routes {
				now[r.Vehicle] = r
			}
			for _, r := range res.Days[0].Routes {
				r.Status = dayplan.Dispatched
				if !reflect.DeepEqual(r, now[r.Vehicle]) {
					t.Errorf("dispatched route %s changed:\n%+v\n%+v", r.Vehicle, now[r.Vehicle], r)
				}
			}
		}
	}
	if routedNew != 12 {
		t.Errorf("%d of 12 new bookings routed", routedNew)
	}
}

// A route whose truck has left stays as it is even when the booking that
// reported it dispatched is cancelled in the same changes (the crew is
// told, the truck is not called back).
func TestReplanDispatchedThenCancelled(t *testing.T) {
	in, opt := testInput(t, 1, 20, 8)
	res, err := Schedule(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	old := res.Days[0]
	r0 := old.Routes[0]
	var first string
	for _, s := range r0.Stops {
		if s.Type == dayplan.Visit {
			first = s.Booking
			break
		}
	}
	// The status first (as the status line of a changes file), the
	// cancellation later in the same file; then, separately, the next
	// re-planning of that plan.
	step1, err := Replan(context.Background(), old, []booking.Change{{Action: booking.SetStatus, Booking: booking.Booking{ID: first, Status: booking.Dispatched}},
		{Action: booking.Cancel, Booking: booking.Booking{ID: first}}}, ReplanOptions{Options: Options{Iterations: 50}})
	if err != nil {
		t.Fatal(err)
	}
	step2, err := Replan(context.Background(), step1.Plan, nil, ReplanOptions{Options: Options{Iterations: 50}})
	if err != nil {
		t.Fatal(err)
	}
	want := r0
	want.Status = dayplan.Dispatched
	for _, r := range step2.Plan.Routes {
		if r.Vehicle == r0.Vehicle && !reflect.DeepEqual(r, want) {
			t.Errorf("the dispatched route changed after its first booking was cancelled:\n%+v\n%+v", r, want)
		}
	}
	if len(step1.Diff.Notes) != 1 || len(step1.Diff.Kept) != 1 || len(step2.Diff.Kept) != 1 {
		t.Errorf("kept %v then %v, notes %v", step1.Diff.Kept, step2.Diff.Kept, step1.Diff.Notes)
	}
}

// A generated week re-planned after cancellations and new bookings by the
// change-aware search: the new bookings are served or reported with a
// reason, the cancelled ones are gone, the dispatched routes and their
// stops are as they were, every day checks, and few kept bookings change
// vehicle — fewer than a pure-cost search from the same routes moves,
// while serving as many.
func TestReplanSmallDiff(t *testing.T) {
	in, opt := testInput(t, 5, 24, 31)
	res, err := Schedule(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	var changes []booking.Change
	onRoad := map[string]dayplan.Route{}
	for _, r := range res.Days[0].Routes[:2] {
		changes = append(changes, booking.Change{Action: booking.SetStatus, Booking: booking.Booking{ID: r.Stops[0].Booking, Status: booking.Done}})
		onRoad[r.Vehicle] = r
	}
	cancelled := map[string]bool{}
	old := 0
	for _, p := range res.Days {
		for k, b := range p.Bookings {
			old++
			if k%13 == 5 {
				cancelled[b.ID] = true
				changes = append(changes, booking.Change{Action: booking.Cancel, Booking: booking.Booking{ID: b.ID}})
			}
		}
	}
	more, _ := testInput(t, 5, 4, 97)
	newIDs := map[string]bool{}
	for _, b := range more.Bookings {
		b.ID = "new-" + b.ID
		newIDs[b.ID] = true
		changes = append(changes, booking.Change{Action: booking.Add, Booking: b})
	}
	replan := func(stability float64) ([]*Replanned, int, int, int) {
		out, err := ReplanDays(context.Background(), res.Days, changes, ReplanOptions{Options: Options{Iterations: 300}, StabilityCost: stability})
		if err != nil {
			t.Fatal(err)
		}
		moved, kept, served := 0, 0, 0
		for _, rp := range out {
			moved += len(rp.Diff.Moved)
			kept += len(rp.Diff.Moved) + len(rp.Diff.Retimed) + rp.Diff.Unchanged
			for _, r := range rp.Plan.Routes {
				for _, s := range r.Stops {
					if s.Type == dayplan.Visit {
						served++
					}
				}
			}
		}
		return out, moved, kept, served
	}
	out, moved, kept, served := replan(0)
	_, refMoved, _, refServed := replan(-1)
	t.Logf("%d bookings, %d cancelled, %d new; change-aware: %d served, %d of %d kept moved; pure cost: %d served, %d moved",
		old, len(cancelled), len(newIDs), served, moved, kept, refServed, refMoved)
	bound := kept/20 + 2
	if moved > bound {
		t.Errorf("%d of %d kept bookings moved to another vehicle, want at most %d", moved, kept, bound)
	}
	if refMoved <= bound {
		t.Errorf("the pure-cost search moved only %d (bound %d): the test cannot tell a change-aware re-plan from none", refMoved, bound)
	}
	if served < refServed-1 {
		t.Errorf("change-aware re-plan serves %d bookings, the pure-cost one %d", served, refServed)
	}
	seen := map[string]bool{}
	for d, rp := range out {
		for _, err := range Check(rp.Plan, nil) {
			t.Errorf("%s: %v", rp.Plan.Date, err)
		}
		now := map[string]dayplan.Route{}
		for _, r := range rp.Plan.Routes {
			now[r.Vehicle] = r
			for _, s := range r.Stops {
				if s.Type != dayplan.Visit {
					continue
				}
				seen[s.Booking] = true
				if _, fixed := onRoad[r.Vehicle]; cancelled[s.Booking] && !(d == 0 && fixed) {
					t.Errorf("%s: cancelled %s still routed on %s", rp.Plan.Date, s.Booking, r.Vehicle)
				}
			}
		}
		for _, u := range rp.Plan.Unassigned {
			if u.Reason == "" {
				t.Errorf("%s: %s unassigned without a reason", rp.Plan.Date, u.Booking)
			}
			seen[u.Booking] = true
		}
		if d == 0 {
			for v, r := range onRoad {
				r.Status = dayplan.Dispatched
				if !reflect.DeepEqual(r, now[v]) {
					t.Errorf("route %s with a stop done changed", v)
				}
			}
		}
	}
	for id := range newIDs {
		if !seen[id] {
			t.Errorf("new booking %s neither routed nor reported", id)
		}
	}
	// Same input, same bytes.
	again, _, _, _ := replan(0)
	for d := range out {
		a, _ := json.Marshal(out[d].Plan)
		b, _ := json.Marshal(again[d].Plan)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two re-plans of the same input differ", out[d].Plan.Date)
		}
	}
}
