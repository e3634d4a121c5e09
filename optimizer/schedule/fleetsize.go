package schedule

import (
	"fmt"
	"math"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
)

// Default vehicles of SizeFleet. UNSOURCED assumptions of a typical
// operator: a 4.2 m box truck with a two-person crew, a small van for
// after-sales visits.
var (
	DefaultTruck = fleet.Vehicle{Kg: 1500, Litres: 14000, Pieces: 30, Crew: 2, ShiftStart: 8 * 3600, ShiftEnd: 18 * 3600,
		Breaks: []fleet.Break{{Start: 11*3600 + 1800, End: 13*3600 + 1800, Minutes: 30}}, FixedCost: 450, PerKm: 2.2}
	DefaultVan = fleet.Vehicle{Kg: 500, Litres: 3500, Pieces: 6, Crew: 1, Skills: []string{"repair"}, ShiftStart: 8 * 3600, ShiftEnd: 18 * 3600,
		Breaks: []fleet.Break{{Start: 11*3600 + 1800, End: 13*3600 + 1800, Minutes: 30}}, FixedCost: 260, PerKm: 1.2}
)

// FleetOptions control SizeFleet.
type FleetOptions struct {
	// Date and Days are the horizon whose mean day the fleet is sized for
	// (bookings whose window meets it); Days 0 means 1.
	Date booking.Date
	Days int
	// PerDepot, when > 0, gives every depot exactly this many vehicles
	// (one of them a service van when service visits are booked), instead
	// of sizing by the work.
	PerDepot int
	// Catalog gives the handling (nil: booking.DefaultCatalog()).
	Catalog booking.Catalog
}

// SizeFleet gives every transfer station (every depot but warehouses and
// collection points when there is no transfer station) the trucks its
// mean day needs: bookings go to the nearest such depot, and the trucks
// cover their weight and volume at 75 % and their work (service plus an
// estimated drive per stop) at 60 % of a shift. The first trucks of a
// depot carry skill ac_uninstall (one in three, at least one); service
// visits add repair vans. Vehicles are DefaultTruck and DefaultVan, named
// DEPOT-t01…, DEPOT-v01….
func SizeFleet(bs []booking.Booking, depots []fleet.Depot, opt FleetOptions) []fleet.Vehicle {
	cat := opt.Catalog
	if cat == nil {
		cat = booking.DefaultCatalog()
	}
	days := max(opt.Days, 1)
	var bases []int
	for k, d := range depots {
		if d.Kind == fleet.TransferStation {
			bases = append(bases, k)
		}
	}
	if len(bases) == 0 {
		for k, d := range depots {
			if d.Kind != fleet.Warehouse && d.Kind != fleet.CollectionPoint {
				bases = append(bases, k)
			}
		}
	}
	type work struct{ kg, l, min, svc float64 }
	w := make([]work, len(depots))
	last := opt.Date.AddDays(days - 1)
	for i := range bs {
		b := &bs[i]
		if !b.Status.Open() || (!opt.Date.IsZero() && ((!b.Latest.IsZero() && b.Latest < opt.Date) || (!b.Earliest.IsZero() && b.Earliest > last))) {
			continue
		}
		best, bestD := -1, math.Inf(1)
		for _, k := range bases {
			if d := geo.GreatCircle(point(b.Lon, b.Lat), point(depots[k].Lon, depots[k].Lat)); d < bestD {
				best, bestD = k, d
			}
		}
		if best < 0 {
			continue
		}
		n := cat.Need(b)
		m := float64(n.ServiceSec)/60 + travelPerStop[depots[best].Area]/60
		if b.Kind == booking.Service {
			w[best].svc += m
			continue
		}
		w[best].kg += max(n.PickupKg, n.DeliveryKg)
		w[best].l += max(n.PickupL, n.DeliveryL)
		w[best].min += m
	}
	shiftMin := float64(DefaultTruck.ShiftEnd-DefaultTruck.ShiftStart)/60 - 30
	fd := float64(days)
	var out []fleet.Vehicle
	for _, k := range bases {
		d := &depots[k]
		x := w[k]
		trucks := int(math.Ceil(max(x.kg/fd/(0.75*DefaultTruck.Kg), x.l/fd/(0.75*DefaultTruck.Litres), x.min/fd/(0.6*shiftMin))))
		vans := int(math.Ceil(x.svc / fd / (0.6 * shiftMin)))
		if opt.PerDepot > 0 {
			vans = min(vans, 1)
			if opt.PerDepot == 1 {
				vans = 0
			}
			trucks = opt.PerDepot - vans
		}
		trucks = max(trucks, 1)
		for i := range trucks {
			v := DefaultTruck
			v.ID, v.Depot = fmt.Sprintf("%s-t%02d", d.ID, i+1), d.ID
			v.Breaks = append([]fleet.Break(nil), v.Breaks...)
			if i%3 == 0 {
				v.Skills = []string{"ac_uninstall"}
			}
			out = append(out, v)
		}
		for i := range vans {
			v := DefaultVan
			v.ID, v.Depot = fmt.Sprintf("%s-v%02d", d.ID, i+1), d.ID
			v.Skills = append([]string(nil), v.Skills...)
			v.Breaks = append([]fleet.Break(nil), v.Breaks...)
			out = append(out, v)
		}
	}
	return out
}
