package jobs

import (
	"encoding/json"
	"fmt"

	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// noLatest stands for an unbounded latest date in the store's column.
const noLatest = "9999-12-31"

// BookingRecord converts a booking to its stored form: the JSON document
// of optimizer/schedule/booking and the columns the store filters on.
func BookingRecord(b *booking.Booking) (store.Booking, error) {
	doc, err := json.Marshal(b)
	if err != nil {
		return store.Booking{}, err
	}
	rec := store.Booking{ID: b.ID, County: b.County, Status: string(b.Status), Kind: string(b.Kind), Doc: doc, Latest: noLatest}
	if !b.Earliest.IsZero() {
		rec.Earliest = b.Earliest.String()
	}
	if !b.Latest.IsZero() {
		rec.Latest = b.Latest.String()
	}
	return rec, nil
}

// BookingOf converts a stored booking back; the status column is
// authoritative.
func BookingOf(rec store.Booking) (booking.Booking, error) {
	var b booking.Booking
	if err := json.Unmarshal(rec.Doc, &b); err != nil {
		return b, fmt.Errorf("jobs: stored booking %s: %w", rec.ID, err)
	}
	b.Status = booking.Status(rec.Status)
	return b, nil
}
