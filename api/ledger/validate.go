package ledger

import (
	"fmt"
	"math"
	"regexp"
	"time"
)

// Limits of an event's fields.
const (
	MaxItems   = 100    // items per event
	MaxCount   = 100000 // pieces per item
	MaxKg      = 1e6    // kg per item
	maxTextLen = 128    // ids, receipt numbers, producers
	maxNoteLen = 1000   // notes
)

var (
	tokenRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)
	dateRe  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	clockRe = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
)

// minTime is the earliest event time accepted.
var minTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// validate checks a normalised event against the registry and the rules
// of its type. It does not look at the store.
func (l *Ledger) validate(e *Event) error {
	text := func(field, v string, required bool, max int) error {
		switch {
		case v == "" && required:
			return inputErr(field, "required")
		case len(v) > max:
			return inputErr(field, "longer than %d bytes", max)
		case !validText(v):
			return inputErr(field, "not valid UTF-8 text (or holds control characters)")
		}
		return nil
	}
	if err := text("client_id", e.ClientID, true, maxTextLen); err != nil {
		return err
	}
	if !e.Type.Valid() {
		return inputErr("type", "%q is not one of collected, delivered, received, transferred, handed_over, adjusted", e.Type)
	}
	now := l.now()
	switch {
	case e.Time.IsZero():
		return inputErr("time", "required")
	case e.Time.Before(minTime):
		return inputErr("time", "%s is before 2000", e.Time.Format(time.RFC3339))
	case e.Time.After(now.Add(l.skew)):
		return inputErr("time", "%s is in the future (now %s)", e.Time.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if e.Site == "" {
		return inputErr("site", "required")
	}
	site, ok := l.sites.Site(e.Site)
	if !ok {
		return inputErr("site", "unknown site %q", e.Site)
	}
	if err := text("actor", e.Actor, false, maxTextLen); err != nil {
		return err
	}
	if err := text("note", e.Note, false, maxNoteLen); err != nil {
		return err
	}
	// Fields that belong to other types must be empty.
	only := func(field string, set bool, types ...Type) error {
		if !set {
			return nil
		}
		for _, t := range types {
			if e.Type == t {
				return nil
			}
		}
		return inputErr(field, "not allowed on a %s event (only %v)", e.Type, types)
	}
	for _, c := range []error{
		only("booking", e.Booking != nil, Collected, Delivered),
		only("subsidy", e.Subsidy != "", Delivered),
		only("direction", e.Direction != "", Transferred),
		only("peer", e.Peer != "", Received, Transferred, HandedOver),
		only("transfer", e.Transfer != "", Transferred),
		only("receipt", e.Receipt != "", HandedOver),
		only("corrects", e.Corrects != "", Adjusted),
	} {
		if c != nil {
			return c
		}
	}
	kindIn := func(field string, k Kind, kinds ...Kind) error {
		for _, x := range kinds {
			if k == x {
				return nil
			}
		}
		return inputErr(field, "a %s event cannot be at a %s (only %v)", e.Type, k, kinds)
	}
	switch e.Type {
	case Collected:
		if err := kindIn("site", site.Kind, Vehicle, CollectionPoint); err != nil {
			return err
		}
	case Delivered:
		if err := kindIn("site", site.Kind, Vehicle, CollectionPoint, Warehouse); err != nil {
			return err
		}
		if e.Subsidy != "" && !tokenRe.MatchString(e.Subsidy) {
			return inputErr("subsidy", "%q: want a lower-case class name such as energy_grade_1", e.Subsidy)
		}
	case Received:
		if err := kindIn("site", site.Kind, CollectionPoint, TransferStation, SortingCentre); err != nil {
			return err
		}
		if e.Peer != "" {
			p, ok := l.sites.Site(e.Peer)
			if !ok {
				return inputErr("peer", "unknown site %q", e.Peer)
			}
			if p.Kind != Vehicle {
				return inputErr("peer", "%q is a %s: goods between sites are transferred, a received event's peer is the vehicle that brought them", e.Peer, p.Kind)
			}
		}
	case Transferred:
		hubs := []Kind{CollectionPoint, TransferStation, SortingCentre, Warehouse}
		if err := kindIn("site", site.Kind, hubs...); err != nil {
			return err
		}
		if e.Direction != Out && e.Direction != In {
			return inputErr("direction", "%q is not out or in", e.Direction)
		}
		if e.Peer == "" {
			return inputErr("peer", "required: the other end of the transfer")
		}
		if e.Peer == e.Site {
			return inputErr("peer", "a transfer from %s to itself", e.Site)
		}
		p, ok := l.sites.Site(e.Peer)
		if !ok {
			return inputErr("peer", "unknown site %q", e.Peer)
		}
		if err := kindIn("peer", p.Kind, hubs...); err != nil {
			return err
		}
		if err := text("transfer", e.Transfer, true, maxTextLen); err != nil {
			return err
		}
	case HandedOver:
		if site.Kind == Dismantler {
			return inputErr("site", "%q is the dismantler: the handing-over site records the event", e.Site)
		}
		if e.Peer == "" {
			return inputErr("peer", "required: the dismantler")
		}
		p, ok := l.sites.Site(e.Peer)
		if !ok {
			return inputErr("peer", "unknown site %q", e.Peer)
		}
		if p.Kind != Dismantler {
			return inputErr("peer", "%q is a %s, not a dismantler", e.Peer, p.Kind)
		}
		if err := text("receipt", e.Receipt, true, maxTextLen); err != nil {
			return err
		}
	case Adjusted:
		if err := text("corrects", e.Corrects, true, maxTextLen+24); err != nil {
			return err
		}
	}
	if e.Type != Adjusted && len(e.Items) == 0 {
		return inputErr("items", "empty: at least one item")
	}
	if len(e.Items) > MaxItems {
		return inputErr("items", "%d items, at most %d", len(e.Items), MaxItems)
	}
	for i, it := range e.Items {
		f := fmt.Sprintf("items[%d]", i)
		switch {
		case !l.cats[it.Category]:
			return inputErr(f+".category", "unknown category %q", it.Category)
		case it.Count < 0:
			return inputErr(f+".count", "negative count %d", it.Count)
		case it.Count == 0:
			return inputErr(f+".count", "zero: leave the item out")
		case it.Count > MaxCount:
			return inputErr(f+".count", "%d above %d", it.Count, MaxCount)
		case math.IsNaN(it.Kg) || math.IsInf(it.Kg, 0):
			return inputErr(f+".kg", "not a number")
		case it.Kg < 0:
			return inputErr(f+".kg", "negative mass %g", it.Kg)
		case it.Kg > MaxKg:
			return inputErr(f+".kg", "%g above %g", it.Kg, MaxKg)
		case it.Origin != "" && !adcodeRe.MatchString(it.Origin):
			return inputErr(f+".origin", "%q is not a six-digit adcode", it.Origin)
		}
		if err := text(f+".producer", it.Producer, false, maxTextLen); err != nil {
			return err
		}
	}
	if b := e.Booking; b != nil {
		if err := text("booking.id", b.ID, true, maxTextLen); err != nil {
			return err
		}
		switch b.Kind {
		case "", KindPickup, KindTradeIn, KindBulk:
		default:
			return inputErr("booking.kind", "%q is not one of pickup, trade_in, bulk", b.Kind)
		}
		if b.BookedAt.IsZero() {
			return inputErr("booking.booked_at", "required")
		}
		if b.BookedAt.After(e.Time) {
			return inputErr("booking.booked_at", "%s is after the event (%s)", b.BookedAt.Format(time.RFC3339), e.Time.Format(time.RFC3339))
		}
		var d0, d1 time.Time
		for _, d := range []struct {
			f, v string
			t    *time.Time
		}{{"booking.earliest", b.Earliest, &d0}, {"booking.latest", b.Latest, &d1}} {
			if d.v == "" {
				continue
			}
			t, err := time.ParseInLocation("2006-01-02", d.v, China)
			if !dateRe.MatchString(d.v) || err != nil {
				return inputErr(d.f, "%q is not a date YYYY-MM-DD", d.v)
			}
			*d.t = t
		}
		if !d0.IsZero() && !d1.IsZero() && d1.Before(d0) {
			return inputErr("booking.latest", "%s before earliest %s", b.Latest, b.Earliest)
		}
		if b.TWEnd != "" && !clockRe.MatchString(b.TWEnd) {
			return inputErr("booking.tw_end", "%q is not a time HH:MM", b.TWEnd)
		}
	}
	return nil
}
