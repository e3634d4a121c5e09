package api

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

// A booking marked done is a pickup made: its "collected" ledger event is
// written in the same transaction as the booking's status (see ledger's
// issue), when the booking is on a planned route whose vehicle is a site of
// the ledger's registry. Otherwise the status changes alone and the answer
// says why no event was recorded (header Ledger-Note).

// routeOf finds the vehicle whose stored day plan visits booking b, in b's
// date window (at most 62 days), and the plan's date.
func (s *Server) routeOf(ctx context.Context, b *booking.Booking) (vehicle string, date booking.Date, err error) {
	if b.Earliest.IsZero() || b.Latest.IsZero() || b.Latest < b.Earliest || b.Latest-b.Earliest > 62 {
		return "", 0, nil
	}
	for d := b.Earliest; d <= b.Latest; d++ {
		sp, err := s.store.GetDayPlan(ctx, d.String())
		if err == store.ErrNotFound {
			continue
		}
		if err != nil {
			return "", 0, err
		}
		p, err := dayplan.Read(bytes.NewReader(sp.Doc))
		if err != nil {
			return "", 0, err
		}
		for _, r := range p.Routes {
			for _, st := range r.Stops {
				if st.Type == dayplan.Visit && st.Booking == b.ID {
					return r.Vehicle, d, nil
				}
			}
		}
	}
	return "", 0, nil
}

// collectedEvent builds the "collected" event of booking b served by
// vehicle, with the catalogue's weights as the measured mass.
func collectedEvent(b *booking.Booking, rec store.Booking, vehicle, actor string, at time.Time) ledger.Event {
	cat := booking.DefaultCatalog()
	ev := ledger.Event{ClientID: "done-" + b.ID, Type: ledger.Collected, Site: vehicle, Time: at.UTC().Truncate(time.Microsecond), Actor: actor,
		Booking: &ledger.Booking{ID: b.ID, Kind: string(b.Kind), BookedAt: rec.Created.UTC().Truncate(time.Microsecond), Earliest: dateText(b.Earliest), Latest: dateText(b.Latest)}}
	if _, end, ok := b.Window(); ok {
		ev.Booking.TWEnd = end.String()
	}
	for _, it := range b.Items {
		kg := cat[it.Category].WeightKg * float64(it.Count)
		ev.Items = append(ev.Items, ledger.Item{Category: it.Category, Count: it.Count, Kg: math.Round(kg*1000) / 1000, Origin: b.County})
	}
	return ev
}

func dateText(d booking.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// updateDone stores booking b (now done) and, when it can, its collected
// event in one step. It returns the stored record and a note when no event
// was recorded.
func (s *Server) updateDone(ctx context.Context, b *booking.Booking, old, nrec store.Booking, version int64, actor string) (store.Booking, string, error) {
	vehicle, _, err := s.routeOf(ctx, b)
	if err != nil {
		return store.Booking{}, "", err
	}
	if vehicle == "" {
		out, err := s.store.UpdateBooking(ctx, nrec, version)
		return out, "not on a planned route: no collected event recorded", err
	}
	sites, err := s.ledger.registry(ctx)
	if err != nil {
		return store.Booking{}, "", err
	}
	if _, ok := sites.Site(vehicle); !ok {
		out, err := s.store.UpdateBooking(ctx, nrec, version)
		return out, fmt.Sprintf("vehicle %s is not a site of the ledger's registry: no collected event recorded", vehicle), err
	}
	ev := collectedEvent(b, old, vehicle, actor, time.Now())
	switch st := s.store.(type) {
	case interface {
		UpdateBookingTx(context.Context, store.Booking, int64, func(context.Context, pgx.Tx) error) (store.Booking, error)
		Ledger() *store.PostgresLedger
	}:
		out, err := st.UpdateBookingTx(ctx, nrec, version, func(ctx context.Context, tx pgx.Tx) error {
			_, _, err := ledger.New(st.Ledger().WithTx(tx), sites, ledger.Options{}).Append(ctx, ev)
			return err
		})
		return out, "", err
	case interface {
		UpdateBookingWith(context.Context, store.Booking, int64, func() error) (store.Booking, error)
	}:
		out, err := st.UpdateBookingWith(ctx, nrec, version, func() error {
			_, _, err := ledger.New(s.ledger.store, sites, ledger.Options{}).Append(ctx, ev)
			return err
		})
		return out, "", err
	}
	out, err := s.store.UpdateBooking(ctx, nrec, version)
	return out, "this store cannot record ledger events with bookings", err
}
