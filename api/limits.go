package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// Limits bound the work one request may ask of the solvers and the store,
// so that a large problem is refused with 413 and a message instead of
// running a server or worker out of memory. A zero field takes its
// default (DefaultLimits).
type Limits struct {
	// VROOMJobs caps jobs plus shipments of one POST /v1/vroom.
	VROOMJobs int
	// VROOMVehicles caps its vehicles.
	VROOMVehicles int
	// VROOMBody caps its body in bytes (below Config.BodyLimit).
	VROOMBody int64
	// DayBookings caps the open bookings servable on one day of a
	// POST /v1/schedules horizon: each day is one routing problem.
	DayBookings int
	// ImportRows caps the rows of one POST /v1/bookings/import.
	ImportRows int
}

// DefaultLimits are the limits of a zero Limits.
var DefaultLimits = Limits{VROOMJobs: 2000, VROOMVehicles: 200, VROOMBody: 4 << 20, DayBookings: 5000, ImportRows: 20000}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.VROOMJobs <= 0 {
		l.VROOMJobs = d.VROOMJobs
	}
	if l.VROOMVehicles <= 0 {
		l.VROOMVehicles = d.VROOMVehicles
	}
	if l.VROOMBody <= 0 {
		l.VROOMBody = d.VROOMBody
	}
	if l.DayBookings <= 0 {
		l.DayBookings = d.DayBookings
	}
	if l.ImportRows <= 0 {
		l.ImportRows = d.ImportRows
	}
	return l
}

// tooLarge is the 413 of a request over a limit, naming the field and
// the limit.
func tooLarge(field, format string, a ...any) *Problem {
	p := problem(http.StatusRequestEntityTooLarge, fmt.Sprintf(format, a...))
	p.Field = field
	return p
}

// checkScheduleSize refuses a schedule whose busiest day has more open
// bookings than Limits.DayBookings. It reads at most DayBookings+1
// bookings per day and status.
func (s *Server) checkScheduleSize(ctx context.Context, first booking.Date, days int) error {
	lim := s.cfg.Limits.DayBookings
	for d := range max(days, 1) {
		day := first.AddDays(d).String()
		n := 0
		for _, st := range []booking.Status{booking.Booked, booking.Scheduled} {
			recs, err := s.store.ListBookings(ctx, store.BookingFilter{Date: day, Status: string(st), Limit: lim + 1})
			if err != nil {
				return err
			}
			n += len(recs)
		}
		if n > lim {
			return tooLarge("date", "%s has more than %d open bookings (%d or more): at most %d per day in one schedule (split the county or raise the limit)", day, lim, n, lim)
		}
	}
	return nil
}
