package ledger

import "time"

// An effect is what one event does to the books: the items of event ev
// (the corrected event, for an adjustment) counted with sign at time at.
// An adjustment gives two effects at its own time: the corrected event's
// items so far with sign −1, and the new items with sign +1. Corrections
// thus post in the period they are recorded; reports already filed stay
// true.
type effect struct {
	ev     *Event
	items  []Item
	sign   int
	at     time.Time
	adjust *Event // the adjustment, nil for the event's own effect
}

// replayer turns events in storage order into effects, keeping the
// current items of every event that an adjustment may correct.
type replayer struct {
	orig  map[string]*Event
	items map[string][]Item
	// keep, if not nil, names the only events kept for later
	// adjustments (the others are never corrected): saves memory on big
	// ledgers.
	keep map[string]bool
}

func newReplayer() *replayer {
	return &replayer{orig: map[string]*Event{}, items: map[string][]Item{}}
}

// add calls fn with the effects of e. An adjustment of an unknown event
// has none (Verify reports it).
func (r *replayer) add(e *Event, fn func(effect)) {
	if e.Type != Adjusted {
		c := e.Clone()
		if r.keep == nil || r.keep[e.ID] {
			r.orig[e.ID] = &c
			r.items[e.ID] = c.Items
		}
		fn(effect{ev: &c, items: c.Items, sign: 1, at: c.Time})
		return
	}
	o := r.orig[e.Corrects]
	if o == nil {
		return
	}
	a := e.Clone()
	fn(effect{ev: o, items: r.items[o.ID], sign: -1, at: a.Time, adjust: &a})
	fn(effect{ev: o, items: a.Items, sign: 1, at: a.Time, adjust: &a})
	r.items[o.ID] = a.Items
}

// current returns the items of event id after its adjustments so far.
func (r *replayer) current(id string) []Item { return r.items[id] }
