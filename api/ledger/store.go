package ledger

import (
	"context"
	"errors"
	"time"
)

// Head is the end of a site's chain: the last event's sequence number and
// hash (0 and "" before the first event).
type Head struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Store keeps the events. It is declared here, where the ledger uses it;
// Memory, File and the PostgreSQL store (package ledger/pg) implement it,
// and one contract suite (ledgertest) checks them all.
type Store interface {
	// Append stores the event that build makes from the current head of
	// site's chain, atomically with respect to every other Append on the
	// same site, unless an event with clientID is stored already: then it
	// returns that event and true, and stores nothing. build must depend
	// on its argument only: a store may call it more than once, on a head
	// it expects, before it knows whether the head has moved or clientID
	// is taken (PostgreSQL builds on the head it last saw and checks it
	// in the same round trip), and discards what it made then. An error
	// from build is returned as is and nothing is stored.
	Append(ctx context.Context, site, clientID string, build func(Head) (Event, error)) (Event, bool, error)
	// Get returns the event with the given id, or an error wrapping
	// ErrNotFound.
	Get(ctx context.Context, id string) (Event, error)
	// Scan calls fn with every event in storage order, each site's events
	// in chain order, and stops at fn's first error.
	Scan(ctx context.Context, fn func(Event) error) error
}

// Filter selects events for List.
type Filter struct {
	Site   string
	Type   Type
	County string    // the site's county
	From   time.Time // time ≥ From
	To     time.Time // time < To
	After  int64     // Pos > After: the cursor of the previous page
	Limit  int       // at most this many; 0 = all
}

func (f *Filter) match(e *Event) bool {
	return (f.Site == "" || e.Site == f.Site) && (f.Type == "" || e.Type == f.Type) && (f.County == "" || e.County == f.County) &&
		(f.From.IsZero() || !e.Time.Before(f.From)) && (f.To.IsZero() || e.Time.Before(f.To)) && e.Pos > f.After
}

// errStop ends a scan early.
var errStop = errors.New("stop")

// List returns the events of s that pass f, in storage order, and the
// cursor of the next page (0 when there is none). A store with its own
// filtered scan (PostgreSQL) filters there.
func List(ctx context.Context, s Store, f Filter) ([]Event, int64, error) {
	var out []Event
	var next int64
	add := func(e Event) error {
		if !f.match(&e) {
			return nil
		}
		if f.Limit > 0 && len(out) == f.Limit {
			next = out[len(out)-1].Pos
			return errStop
		}
		out = append(out, e)
		return nil
	}
	var err error
	if fs, ok := s.(interface {
		ScanFilter(context.Context, Filter, func(Event) error) error
	}); ok {
		g := f
		if g.Limit > 0 {
			g.Limit++
		}
		err = fs.ScanFilter(ctx, g, add)
	} else {
		err = s.Scan(ctx, add)
	}
	if err != nil && !errors.Is(err, errStop) {
		return nil, 0, err
	}
	return out, next, nil
}
