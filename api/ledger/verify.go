package ledger

import (
	"context"
	"fmt"
	"sort"
)

// Break is one broken link found by Verify.
type Break struct {
	Line   int    `json:"line"` // line of the file (or position in storage order), from 1
	ID     string `json:"id"`   // the event's id as stored
	Site   string `json:"site"`
	Reason string `json:"reason"`
}

func (b Break) String() string {
	return fmt.Sprintf("line %d: event %s: %s", b.Line, b.ID, b.Reason)
}

// Verification is the result of Verify.
type Verification struct {
	Events int             `json:"events"`
	Sites  int             `json:"sites"`
	Heads  map[string]Head `json:"heads"`
	// Breaks lists the broken events in storage order, at most MaxBreaks;
	// Breaks[0] is the first.
	Breaks []Break `json:"breaks,omitempty"`
	// More counts the breaks beyond MaxBreaks.
	More int `json:"more,omitempty"`
	// Heads holds mismatches with the saved heads given to NewVerifier,
	// one line each, sorted.
	HeadMismatches []string `json:"head_mismatches,omitempty"`
}

// OK reports whether every chain is intact and matches the saved heads.
func (v *Verification) OK() bool { return len(v.Breaks) == 0 && len(v.HeadMismatches) == 0 }

// MaxBreaks bounds Verification.Breaks.
const MaxBreaks = 20

// Verifier checks hash chains event by event, in storage order.
type Verifier struct {
	v       Verification
	saved   map[string]Head
	matched map[string]string // site → hash of its event at the saved seq
	ids     map[string]bool
	clients map[string]string
	types   map[string]Type
}

// NewVerifier returns an empty verifier. saved, if not nil, holds chain
// heads saved earlier (for example published each day, see `huishou
// ledger heads`): a saved head whose event is gone or differs means events
// were removed from the end of a chain or rewritten with new hashes, which
// the chain alone cannot show.
func NewVerifier(saved map[string]Head) *Verifier {
	return &Verifier{v: Verification{Heads: map[string]Head{}}, saved: saved, matched: map[string]string{},
		ids: map[string]bool{}, clients: map[string]string{}, types: map[string]Type{}}
}

// Add checks the next event e, found at line (or position) line:
//   - its hash is the SHA-256 of its canonical encoding (the event was not
//     edited),
//   - its seq follows its site's previous event and its prev is that
//     event's hash (no event was removed, inserted or reordered),
//   - its id is SITE/SEQ and unique, its client id unique,
//   - an adjustment corrects an earlier, non-adjustment event of its site.
//
// After a break the site's chain goes on from the stored event, so one
// edit is reported once, not at every later event.
func (vr *Verifier) Add(line int, e *Event) {
	v := &vr.v
	v.Events++
	h, seen := v.Heads[e.Site]
	if !seen {
		v.Sites++
	}
	var reason string
	switch want := HashOf(e); {
	case e.Hash != want:
		reason = fmt.Sprintf("hash %.12s… does not match its content (%.12s…): the event was edited", e.Hash, want)
	case e.Seq != h.Seq+1:
		reason = fmt.Sprintf("seq %d follows %d of site %s: events missing or reordered", e.Seq, h.Seq, e.Site)
	case e.Prev != h.Hash:
		reason = fmt.Sprintf("prev %.12s… is not the hash of %s (%.12s…): the chain is broken", e.Prev, EventID(e.Site, h.Seq), h.Hash)
	case e.ID != EventID(e.Site, e.Seq):
		reason = fmt.Sprintf("id is not %s", EventID(e.Site, e.Seq))
	case vr.ids[e.ID]:
		reason = "id seen before"
	case vr.clients[e.ClientID] != "":
		reason = fmt.Sprintf("client id %q already used by %s", e.ClientID, vr.clients[e.ClientID])
	case e.Type == Adjusted && !vr.ids[e.Corrects]:
		reason = fmt.Sprintf("corrects %q, which is not an earlier event", e.Corrects)
	case e.Type == Adjusted && vr.types[e.Corrects] == Adjusted:
		reason = fmt.Sprintf("corrects %q, itself an adjustment", e.Corrects)
	}
	if reason != "" {
		if len(v.Breaks) < MaxBreaks {
			v.Breaks = append(v.Breaks, Break{Line: line, ID: e.ID, Site: e.Site, Reason: reason})
		} else {
			v.More++
		}
	}
	vr.ids[e.ID] = true
	if vr.clients[e.ClientID] == "" {
		vr.clients[e.ClientID] = e.ID
	}
	vr.types[e.ID] = e.Type
	v.Heads[e.Site] = Head{Seq: e.Seq, Hash: e.Hash}
	if s, ok := vr.saved[e.Site]; ok && s.Seq == e.Seq {
		vr.matched[e.Site] = e.Hash
	}
}

// Result returns the verification so far.
func (vr *Verifier) Result() *Verification {
	v := vr.v
	v.HeadMismatches = nil
	for site, s := range vr.saved {
		g, ok := v.Heads[site]
		switch {
		case !ok:
			v.HeadMismatches = append(v.HeadMismatches, fmt.Sprintf("site %s: saved head %s, the ledger has no event of the site", site, EventID(site, s.Seq)))
		case g.Seq < s.Seq:
			v.HeadMismatches = append(v.HeadMismatches, fmt.Sprintf("site %s: saved head %s, the ledger ends at %s: events removed from the end", site, EventID(site, s.Seq), EventID(site, g.Seq)))
		case vr.matched[site] != s.Hash:
			v.HeadMismatches = append(v.HeadMismatches, fmt.Sprintf("site %s: event %s differs from its saved hash", site, EventID(site, s.Seq)))
		}
	}
	sort.Strings(v.HeadMismatches)
	return &v
}

// Verify checks every chain of a store (see Verifier.Add); positions count
// events in storage order from 1.
func Verify(ctx context.Context, s Store, saved map[string]Head) (*Verification, error) {
	vr := NewVerifier(saved)
	n := 0
	err := s.Scan(ctx, func(e Event) error {
		n++
		vr.Add(n, &e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return vr.Result(), nil
}
