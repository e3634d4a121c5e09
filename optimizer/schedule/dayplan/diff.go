package dayplan

import (
	"slices"

	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// RetimeThreshold is the change of planned service start (seconds) from
// which a booking on the same vehicle counts as retimed in a Diff.
const RetimeThreshold = 15 * 60

// Diff is what re-planning changed between two plans of a day.
type Diff struct {
	Date booking.Date `json:"date"`
	// Kept are the vehicles whose routes were fixed (dispatched, or with
	// stops done) and are byte for byte as before.
	Kept []string `json:"kept"`
	// Added are bookings routed now that were not before.
	Added []Move `json:"added"`
	// Removed are bookings routed before and not now, with the reason
	// (cancelled, or unassigned with the engine's reason).
	Removed []Removed `json:"removed"`
	// Moved are bookings that changed vehicle.
	Moved []Move `json:"moved"`
	// Retimed stay on their vehicle with a start moved by at least
	// RetimeThreshold.
	Retimed []Move `json:"retimed"`
	// Unchanged counts bookings on the same vehicle within the threshold.
	Unchanged int `json:"unchanged"`
	// RoutesChanged counts vehicles whose sequence of stops changed.
	RoutesChanged int `json:"routes_changed"`
	// Notes tell dispatchers what the kept routes cannot show, e.g. a
	// booking cancelled on a dispatched route.
	Notes []string `json:"notes,omitempty"`
}

// Move is one booking's place in the old and new plans.
type Move struct {
	Booking string `json:"booking"`
	From    string `json:"from,omitempty"` // vehicle before
	To      string `json:"to,omitempty"`   // vehicle now
	Was     *Time  `json:"was,omitempty"`  // planned start before
	Now     *Time  `json:"now,omitempty"`  // planned start now
}

// Removed is a booking that left the routes.
type Removed struct {
	Booking string `json:"booking"`
	From    string `json:"from"`
	Reason  string `json:"reason"`
}

// Size returns the number of bookings whose plan changed.
func (d *Diff) Size() int { return len(d.Added) + len(d.Removed) + len(d.Moved) + len(d.Retimed) }

type place struct {
	vehicle string
	start   Time
}

func visits(p *Plan) map[string]place {
	m := map[string]place{}
	for _, r := range p.Routes {
		for _, s := range r.Stops {
			if s.Type == Visit {
				m[s.Booking] = place{r.Vehicle, s.Start}
			}
		}
	}
	return m
}

// Compare returns the diff from old to cur. kept lists the vehicles whose
// routes were fixed.
func Compare(old, cur *Plan, kept []string) *Diff {
	d := &Diff{Date: cur.Date, Kept: append([]string{}, kept...), Added: []Move{}, Removed: []Removed{}, Moved: []Move{}, Retimed: []Move{}}
	was, now := visits(old), visits(cur)
	reason := map[string]string{}
	for _, u := range cur.Unassigned {
		reason[u.Booking] = u.Reason
	}
	status := map[string]booking.Status{}
	for _, b := range cur.Bookings {
		status[b.ID] = b.Status
	}
	ids := make([]string, 0, len(was)+len(now))
	for id := range was {
		ids = append(ids, id)
	}
	for id := range now {
		if _, ok := was[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		w, inW := was[id]
		n, inN := now[id]
		switch {
		case inN && !inW:
			d.Added = append(d.Added, Move{Booking: id, To: n.vehicle, Now: &n.start})
		case inW && !inN:
			r := reason[id]
			if status[id] == booking.Cancelled || r == "" {
				r = "cancelled"
			}
			d.Removed = append(d.Removed, Removed{Booking: id, From: w.vehicle, Reason: r})
		case w.vehicle != n.vehicle:
			d.Moved = append(d.Moved, Move{Booking: id, From: w.vehicle, To: n.vehicle, Was: &w.start, Now: &n.start})
		case abs(int(n.start-w.start)) >= RetimeThreshold:
			d.Retimed = append(d.Retimed, Move{Booking: id, From: w.vehicle, To: n.vehicle, Was: &w.start, Now: &n.start})
		default:
			d.Unchanged++
		}
	}
	seq := func(p *Plan) map[string]string {
		m := map[string]string{}
		for _, r := range p.Routes {
			s := ""
			for _, st := range r.Stops {
				s += st.Type + ":" + st.Booking + ","
			}
			m[r.Vehicle] = s
		}
		return m
	}
	so, sn := seq(old), seq(cur)
	for v, s := range sn {
		if so[v] != s {
			d.RoutesChanged++
		}
	}
	for v := range so {
		if _, ok := sn[v]; !ok {
			d.RoutesChanged++
		}
	}
	return d
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
