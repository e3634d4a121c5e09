package schedule

import (
	"context"
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
