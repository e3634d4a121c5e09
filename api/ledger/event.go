package ledger

import (
	"slices"
	"time"
)

// Type is the kind of a custody event.
type Type string

// The event types. Only Collected, Received, Transferred, HandedOver (and
// Adjusted, through the event it corrects) move old appliances; Delivered
// records the new appliance of a trade-in and moves no old one.
const (
	Collected   Type = "collected"   // a booking served: what was really taken at the household
	Delivered   Type = "delivered"   // a trade-in's new appliance handed over to the household
	Received    Type = "received"    // taken in at a collection point, transfer station or sorting centre
	Transferred Type = "transferred" // between sites: one event at each end (Direction out / in)
	HandedOver  Type = "handed_over" // to a dismantler, with its receipt number
	Adjusted    Type = "adjusted"    // a correction of an earlier event of the same site
)

// Types lists the event types in flow order.
var Types = []Type{Collected, Delivered, Received, Transferred, HandedOver, Adjusted}

// Directions of a transferred event.
const (
	Out = "out" // the sending end
	In  = "in"  // the receiving end
)

// Event is one custody event: the wire form in the API and one line of a
// JSON-lines ledger file. The fields marked "assigned" are set by
// [Ledger.Append] and ignored on input; the others come from the client.
//
// Events are never edited or deleted: a correction is a new Adjusted event
// naming the event it corrects.
type Event struct {
	// ID is the event's id, "SITE/SEQ" (assigned).
	ID string `json:"id,omitempty"`
	// Seq is the event's position in its site's chain, from 1 (assigned).
	Seq int64 `json:"seq,omitempty"`
	// ClientID is the client's own id of the event: a retry with the same
	// ClientID is stored once (idempotency). Required.
	ClientID string `json:"client_id"`
	Type     Type   `json:"type"`
	// Time is when the event happened (not when it was recorded). Stored in
	// UTC, truncated to microseconds.
	Time time.Time `json:"time"`
	// Site is the site or vehicle where the event happened; it must be in
	// the site registry.
	Site string `json:"site"`
	// County is the adcode of the site's county, from the registry (assigned).
	County string `json:"county,omitempty"`
	// Actor is the API key (or CLI user) that recorded the event (assigned
	// by the service from the caller's key; the CLI takes --actor).
	Actor string `json:"actor,omitempty"`
	// Items are the appliances the event concerns, as measured. For an
	// Adjusted event they replace the items of the corrected event (an
	// empty list voids it).
	Items []Item `json:"items"`
	// Booking links a Collected or Delivered event to its booking.
	Booking *Booking `json:"booking,omitempty"`
	// Subsidy is the subsidy class of a Delivered trade-in, e.g.
	// "energy_grade_1" (trade-in subsidy of a grade-1 appliance).
	Subsidy string `json:"subsidy,omitempty"`
	// Direction is Out or In for a Transferred event.
	Direction string `json:"direction,omitempty"`
	// Peer is the other party: for Received the vehicle that brought the
	// items (empty when a household brought them), for Transferred the
	// other site, for HandedOver the dismantler.
	Peer string `json:"peer,omitempty"`
	// Transfer is the transfer's id, the same on both ends (Transferred).
	Transfer string `json:"transfer,omitempty"`
	// Receipt is the dismantler's receipt number (HandedOver).
	Receipt string `json:"receipt,omitempty"`
	// Licensed tells whether the dismantler of a HandedOver event is
	// licensed, from the registry (assigned).
	Licensed bool `json:"licensed,omitempty"`
	// Corrects is the id of the event an Adjusted event corrects.
	Corrects string `json:"corrects,omitempty"`
	// Note is free text (an adjustment's reason, a driver's remark).
	Note string `json:"note,omitempty"`
	// Simulated marks events made by `huishou gen ledger`.
	Simulated bool `json:"simulated,omitempty"`
	// Prev is the hash of the site's previous event, "" for its first
	// (assigned).
	Prev string `json:"prev,omitempty"`
	// Hash is the SHA-256 of the event's canonical encoding, hex (assigned).
	Hash string `json:"hash,omitempty"`
	// Pos is the event's position in its store (from 1, in storage
	// order), set by Scan: a cursor for listing. It is not part of the
	// event (not stored, not hashed).
	Pos int64 `json:"-"`
}

// Item is one category of appliances in an event.
type Item struct {
	Category string `json:"category"`
	// Count is the number of pieces, ≥ 1.
	Count int `json:"count"`
	// Kg is the measured mass of all Count pieces, ≥ 0, rounded to grams.
	Kg float64 `json:"kg"`
	// Origin is the adcode of the county where the pieces were collected;
	// it follows them through transfers so that a county's share reaching
	// dismantlers can be told. Default: the county of the vehicle a
	// received event names as its peer, else the event's county.
	Origin string `json:"origin,omitempty"`
	// Producer is the brand owner, for producers' recycling targets
	// (回收目标责任制). Optional.
	Producer string `json:"producer,omitempty"`
}

// Booking is what a Collected or Delivered event records of its booking.
type Booking struct {
	ID string `json:"id"`
	// Kind is pickup, trade_in or bulk (see optimizer/schedule).
	Kind string `json:"kind,omitempty"`
	// BookedAt is when the household booked; the report's days from
	// booking to pickup count from it.
	BookedAt time.Time `json:"booked_at"`
	// Earliest and Latest are the booked dates (YYYY-MM-DD, China time);
	// a pickup on or before Latest is on time. Optional.
	Earliest string `json:"earliest,omitempty"`
	Latest   string `json:"latest,omitempty"`
	// TWEnd is the end of the booked time window (HH:MM, China time); a
	// pickup on its day after it is late. Optional.
	TWEnd string `json:"tw_end,omitempty"`
}

// China is the time zone of periods, dates and windows: UTC+8, no DST.
var China = time.FixedZone("CST", 8*3600)

// Booking kinds.
const (
	KindPickup  = "pickup"
	KindTradeIn = "trade_in"
	KindBulk    = "bulk"
)

// Clone returns a deep copy of e.
func (e Event) Clone() Event {
	e.Items = slices.Clone(e.Items)
	if e.Booking != nil {
		b := *e.Booking
		e.Booking = &b
	}
	return e
}

// Valid reports whether t is one of Types.
func (t Type) Valid() bool { return slices.Contains(Types, t) }
