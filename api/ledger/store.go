package ledger

import "context"

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
	// returns that event and true without calling build. An error from
	// build is returned as is and nothing is stored.
	Append(ctx context.Context, site, clientID string, build func(Head) (Event, error)) (Event, bool, error)
	// Get returns the event with the given id, or an error wrapping
	// ErrNotFound.
	Get(ctx context.Context, id string) (Event, error)
	// Scan calls fn with every event in storage order, each site's events
	// in chain order, and stops at fn's first error.
	Scan(ctx context.Context, fn func(Event) error) error
}
