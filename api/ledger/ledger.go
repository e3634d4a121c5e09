package ledger

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/huishou/huishou/optimizer/supply"
)

// Options configure a Ledger. The zero value works.
type Options struct {
	// Now is the clock that rejects events from the future. Default
	// time.Now.
	Now func() time.Time
	// MaxSkew is how far in the future an event's time may lie (the
	// clocks of drivers' phones drift). Default 5 minutes.
	MaxSkew time.Duration
	// Categories are the appliance categories an item may name. Default:
	// the ids of supply.DefaultCategories.
	Categories []string
}

// DefaultMaxSkew is the default of Options.MaxSkew.
const DefaultMaxSkew = 5 * time.Minute

// Ledger appends validated, hash-chained events to a Store.
type Ledger struct {
	store Store
	sites *Sites
	now   func() time.Time
	skew  time.Duration
	cats  map[string]bool
}

// New returns a ledger over store whose events must name sites of the
// registry sites.
func New(store Store, sites *Sites, opt Options) *Ledger {
	l := &Ledger{store: store, sites: sites, now: opt.Now, skew: opt.MaxSkew, cats: map[string]bool{}}
	if l.now == nil {
		l.now = time.Now
	}
	if l.skew == 0 {
		l.skew = DefaultMaxSkew
	}
	cats := opt.Categories
	if cats == nil {
		for _, c := range supply.DefaultCategories() {
			cats = append(cats, c.ID)
		}
	}
	for _, c := range cats {
		l.cats[c] = true
	}
	return l
}

// Store returns the ledger's store.
func (l *Ledger) Store() Store { return l.store }

// Sites returns the ledger's site registry.
func (l *Ledger) Sites() *Sites { return l.sites }

// Append validates ev and stores it at the end of its site's chain: it
// assigns ID, Seq, County, Licensed, each item's default Origin, Prev and
// Hash, and returns the stored event. A retry (same ClientID, same event)
// returns the stored event and true and stores nothing; the same ClientID
// with a different event is ErrConflict. A bad event is an *InputError
// naming the field, and nothing is stored.
//
// The fields Append assigns are ignored on input. Times are stored in UTC
// truncated to microseconds, kg rounded to grams.
func (l *Ledger) Append(ctx context.Context, ev Event) (Event, bool, error) {
	e, err := l.prepare(ctx, ev)
	if err != nil {
		return Event{}, false, err
	}
	stored, dup, err := l.store.Append(ctx, e.Site, e.ClientID, func(h Head) (Event, error) {
		n := e.Clone()
		n.Seq = h.Seq + 1
		n.Prev = h.Hash
		n.ID = EventID(n.Site, n.Seq)
		n.Hash = HashOf(&n)
		return n, nil
	})
	if err != nil {
		return Event{}, false, err
	}
	if dup {
		same := e.Clone()
		same.ID, same.Seq, same.Prev, same.Hash = stored.ID, stored.Seq, stored.Prev, stored.Hash
		if string(Canonical(&same)) != string(Canonical(&stored)) {
			return stored, true, fmt.Errorf("%w: %q is %s", ErrConflict, e.ClientID, stored.ID)
		}
	}
	return stored, dup, nil
}

// Prepare validates ev and fills the fields that come from the registry,
// as Append does, without storing it: for a caller that wants to refuse a
// bad event before it starts a transaction (the service's "stop done"
// writes the booking's status and the collected event together).
func (l *Ledger) Prepare(ctx context.Context, ev Event) (Event, error) { return l.prepare(ctx, ev) }

// EventID returns the id of a site's seq-th event, "SITE/SEQ".
func EventID(site string, seq int64) string { return site + "/" + strconv.FormatInt(seq, 10) }

// prepare normalises and validates ev, filling the fields that come from
// the registry.
func (l *Ledger) prepare(ctx context.Context, ev Event) (Event, error) {
	e := ev.Clone()
	e.ID, e.Seq, e.Prev, e.Hash, e.County, e.Licensed = "", 0, "", "", "", false
	e.Time = e.Time.UTC().Truncate(time.Microsecond)
	if e.Booking != nil {
		e.Booking.BookedAt = e.Booking.BookedAt.UTC().Truncate(time.Microsecond)
	}
	for i := range e.Items {
		e.Items[i].Kg = roundGram(e.Items[i].Kg)
	}
	if err := l.validate(&e); err != nil {
		return Event{}, err
	}
	site, _ := l.sites.Site(e.Site)
	e.County = site.County
	if e.Type == HandedOver {
		d, _ := l.sites.Site(e.Peer)
		e.Licensed = d.Licensed
	}
	if e.Type == Adjusted {
		orig, err := l.store.Get(ctx, e.Corrects)
		if errors.Is(err, ErrNotFound) {
			return Event{}, inputErr("corrects", "no event %q", e.Corrects)
		}
		if err != nil {
			return Event{}, err
		}
		switch {
		case orig.Site != e.Site:
			return Event{}, inputErr("corrects", "event %q is at site %s, not %s: an adjustment belongs to the corrected event's site", e.Corrects, orig.Site, e.Site)
		case orig.Type == Adjusted:
			return Event{}, inputErr("corrects", "%q is itself an adjustment: name the original event", e.Corrects)
		case orig.Time.After(e.Time):
			return Event{}, inputErr("time", "before the corrected event %s (%s)", orig.ID, orig.Time.Format(time.RFC3339))
		}
	}
	// Items come from the event's county unless told otherwise; what a
	// site receives from a vehicle comes from the vehicle's county.
	origin := e.County
	if e.Type == Received && e.Peer != "" {
		v, _ := l.sites.Site(e.Peer)
		origin = v.County
	}
	for i := range e.Items {
		if e.Items[i].Origin == "" {
			e.Items[i].Origin = origin
		}
	}
	return e, nil
}

func roundGram(kg float64) float64 {
	if math.IsNaN(kg) || math.IsInf(kg, 0) {
		return kg
	}
	return math.Round(kg*1000) / 1000
}
