package schedule

import (
	"fmt"
	"slices"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

// Check verifies a day plan independently of how it was made and returns
// every violation found (nil when none):
//   - every booking of the plan (but a cancelled one) is visited once or
//     unassigned with a reason, never both;
//   - visits fall inside the booking's dates and time window, within the
//     vehicle's shift, times in order;
//   - the crew is large enough and has every skill the booking needs;
//   - a trade-in's new appliance is loaded at the booking's depot or
//     warehouse: the truck starts there, or loads it there earlier on the
//     same route;
//   - the load on board, recounted from the catalog (new appliances out,
//     old ones back), never exceeds the vehicle's kg, litres or pieces at
//     any point and matches the loads the plan reports.
func Check(p *dayplan.Plan, cat booking.Catalog) []error {
	if cat == nil {
		cat = booking.DefaultCatalog()
	}
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	ix := p.Index()
	seen := map[string]string{}
	const eps = 1e-6
	for _, r := range p.Routes {
		v := ix.Vehicle[r.Vehicle]
		if v == nil {
			bad("route %s: unknown vehicle", r.Vehicle)
			continue
		}
		if r.Depot != v.Depot {
			bad("route %s: depot %s, the vehicle's is %s", r.Vehicle, r.Depot, v.Depot)
		}
		if r.Start < dayplan.Time(v.ShiftStart) || r.End > dayplan.Time(v.ShiftEnd) {
			bad("route %s: %s–%s outside the shift %s–%s", r.Vehicle, r.Start, r.End, v.ShiftStart, v.ShiftEnd)
		}
		// Loads: deliveries loaded at the depot ride from the start.
		loaded := map[string]bool{}
		var kg, l float64
		pc := 0
		for _, s := range r.Stops {
			if s.Type == dayplan.Load {
				loaded[s.Booking] = true
			}
		}
		for _, s := range r.Stops {
			if b := ix.Booking[s.Booking]; s.Type == dayplan.Visit && b != nil && b.Kind == booking.TradeIn && !loaded[b.ID] {
				n := cat.Need(b)
				kg, l, pc = kg+n.DeliveryKg, l+n.DeliveryL, pc+n.DeliveryPieces
				if b.From != r.Depot {
					bad("booking %s: trade-in from %s delivered by %s of depot %s without loading there", b.ID, b.From, r.Vehicle, r.Depot)
				}
			}
		}
		over := func(where string) {
			if kg > v.Kg+eps || l > v.Litres+eps || (v.Pieces > 0 && pc > v.Pieces) {
				bad("route %s: %s: load %.1f kg, %.1f L, %d pieces over the capacity %.0f kg, %.0f L, %d pieces", r.Vehicle, where, kg, l, pc, v.Kg, v.Litres, v.Pieces)
			}
		}
		over("leaving the depot")
		prev := r.Start
		for k, s := range r.Stops {
			where := fmt.Sprintf("stop %d", k+1)
			if s.Arrival < prev || s.Start < s.Arrival || s.Departure < s.Start {
				bad("route %s %s: times out of order (%s, %s, %s after %s)", r.Vehicle, where, s.Arrival, s.Start, s.Departure, prev)
			}
			prev = s.Departure
			if s.Type == dayplan.Break {
				continue
			}
			b := ix.Booking[s.Booking]
			if b == nil {
				bad("route %s %s: unknown booking %q", r.Vehicle, where, s.Booking)
				continue
			}
			n := cat.Need(b)
			switch s.Type {
			case dayplan.Load:
				if d := ix.Depot[b.From]; d == nil || d.Lon != s.Lon || d.Lat != s.Lat {
					bad("booking %s: new appliance loaded at %g,%g, not at %s", b.ID, s.Lon, s.Lat, b.From)
				}
				if b.Kind != booking.TradeIn {
					bad("booking %s: a load stop for a %s", b.ID, b.Kind)
				}
				if seen["load "+b.ID] != "" {
					bad("booking %s: loaded twice", b.ID)
				}
				seen["load "+b.ID] = r.Vehicle
				kg, l, pc = kg+n.DeliveryKg, l+n.DeliveryL, pc+n.DeliveryPieces
			case dayplan.Visit:
				if prevV := seen[b.ID]; prevV != "" {
					bad("booking %s: visited twice (%s and %s)", b.ID, prevV, r.Vehicle)
				}
				seen[b.ID] = r.Vehicle
				if loaded[b.ID] && seen["load "+b.ID] != r.Vehicle {
					bad("booking %s: delivered before its new appliance was loaded", b.ID)
				}
				if !b.Earliest.IsZero() && p.Date < b.Earliest || !b.Latest.IsZero() && p.Date > b.Latest {
					bad("booking %s: served on %s outside %s–%s", b.ID, p.Date, b.Earliest, b.Latest)
				}
				if ws, we, ok := b.Window(); ok && (s.Start < dayplan.Time(ws) || s.Start > dayplan.Time(we)) {
					bad("booking %s: service starts at %s outside %s–%s", b.ID, s.Start, ws, we)
				}
				if v.Crew < n.Crew {
					bad("booking %s: needs a crew of %d, %s has %d", b.ID, n.Crew, r.Vehicle, v.Crew)
				}
				for _, sk := range n.Skills {
					if !slices.Contains(v.Skills, sk) {
						bad("booking %s: needs skill %s, %s lacks it", b.ID, sk, r.Vehicle)
					}
				}
				if b.Kind != booking.TradeIn && b.From != "" {
					bad("booking %s: a %s with a from", b.ID, b.Kind)
				}
				kg, l, pc = kg-n.DeliveryKg+n.PickupKg, l-n.DeliveryL+n.PickupL, pc-n.DeliveryPieces+n.PickupPieces
			}
			over(where + " (" + s.Booking + ")")
			if d := max(abs(kg-s.LoadKg), abs(l-s.LoadLitres)); d > 0.01 || pc != s.LoadPieces {
				bad("route %s %s: reports load %.1f kg %.1f L %d pieces, recounted %.1f kg %.1f L %d pieces", r.Vehicle, where, s.LoadKg, s.LoadLitres, s.LoadPieces, kg, l, pc)
			}
		}
		if prev > r.End {
			bad("route %s: ends at %s before its last departure %s", r.Vehicle, r.End, prev)
		}
	}
	for _, u := range p.Unassigned {
		if seen[u.Booking] != "" {
			bad("booking %s: both routed (%s) and unassigned", u.Booking, seen[u.Booking])
		}
		if u.Reason == "" {
			bad("booking %s: unassigned without a reason", u.Booking)
		}
		seen[u.Booking] = "unassigned"
	}
	for _, b := range p.Bookings {
		if seen[b.ID] == "" && b.Status != booking.Cancelled {
			bad("booking %s: neither routed nor unassigned", b.ID)
		}
	}
	return errs
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
