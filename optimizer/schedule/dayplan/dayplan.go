// Package dayplan is the day plan of daily operations as it travels:
// dayplan-D.json (routes with timed and loaded stops, unassigned bookings
// with reasons, and the bookings, depots and vehicles it was made from, so
// that a plan alone can be re-planned and printed), the diff of a
// re-planning, and the rows of the per-vehicle route sheets.
//
// dayplan imports booking and fleet and nothing else of this module: the
// CLI, the API and the ledger share it.
package dayplan

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
)

// Time is a time of day in seconds after midnight, written "HH:MM:SS".
type Time int32

// String formats t as HH:MM:SS.
func (t Time) String() string { return booking.Clock(t).HMS() }

// HM formats t as HH:MM.
func (t Time) HM() string {
	if t < 0 {
		return "-" + (-t).HM()
	}
	return fmt.Sprintf("%02d:%02d", t/3600, t%3600/60)
}

// MarshalJSON writes "HH:MM:SS".
func (t Time) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON reads "HH:MM:SS" or "HH:MM" (hours up to 47 for a route
// past midnight).
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a time \"HH:MM:SS\", got %s", string(b))
	}
	var h, m, sec int
	n, err := fmt.Sscanf(s, "%d:%d:%d", &h, &m, &sec)
	if err != nil && n != 2 {
		return fmt.Errorf("%q is not a time HH:MM:SS", s)
	}
	if h < 0 || h > 47 || m < 0 || m > 59 || sec < 0 || sec > 59 || len(s) < 5 || s[2] != ':' {
		return fmt.Errorf("%q is not a time HH:MM:SS", s)
	}
	*t = Time(h*3600 + m*60 + sec)
	return nil
}

// Capacity is a vehicle's capacity.
type Capacity struct {
	Kg     float64 `json:"kg"`
	Litres float64 `json:"litres"`
	Pieces int     `json:"pieces,omitempty"`
}

// Route statuses.
const (
	Planned    = "planned"
	Dispatched = "dispatched" // the truck has left: re-planning keeps the route as it is
)

// Stop types.
const (
	Visit = "visit" // serve a booking (pickup, trade-in, bulk, service, clearing run)
	Load  = "load"  // load a trade-in's new appliance at its warehouse
	Break = "break" // the crew's rest, where the truck is
)

// Plan is one day's plan: dayplan-D.json.
type Plan struct {
	Date booking.Date `json:"date"`
	// Seed and Iterations are the search budget the plan was made with;
	// the same input with them gives the same plan, byte for byte.
	Seed       uint64       `json:"seed"`
	Iterations int          `json:"iterations"`
	Routes     []Route      `json:"routes"`
	Unassigned []Unassigned `json:"unassigned"`
	Totals     Totals       `json:"totals"`
	// Groups are the routing problems the day was split into: depots
	// routed jointly.
	Groups []Group `json:"groups,omitempty"`
	// Bookings are those of the day (routed or unassigned); Depots and
	// Vehicles the fleet available that day.
	Bookings []booking.Booking `json:"bookings"`
	Depots   []fleet.Depot     `json:"depots"`
	Vehicles []fleet.Vehicle   `json:"vehicles"`
	// Areas are the road areas (urban, plain, mountain) of the bookings'
	// counties the plan was made with, so that re-planning estimates the
	// same travel times.
	Areas map[string]string `json:"areas,omitempty"`
}

// Group is one routing problem of a day.
type Group struct {
	Depots   []string `json:"depots"`
	Vehicles int      `json:"vehicles"`
	Bookings int      `json:"bookings"`
}

// Route is one vehicle's day.
type Route struct {
	Vehicle   string   `json:"vehicle"`
	Depot     string   `json:"depot"`
	Capacity  Capacity `json:"capacity"`
	Crew      int      `json:"crew"`
	Skills    []string `json:"skills,omitempty"`
	Status    string   `json:"status"` // planned or dispatched
	Start     Time     `json:"start"`  // leaves the depot
	End       Time     `json:"end"`    // back at the depot
	DistanceM int64    `json:"distance_m"`
	DurationS int64    `json:"duration_s"`
	Cost      float64  `json:"cost"` // yuan: fixed + per km + per hour of driving
	Stops     []Stop   `json:"stops"`
}

// Stop is one event of a route.
type Stop struct {
	Type    string       `json:"type"` // visit, load or break
	Booking string       `json:"booking,omitempty"`
	Kind    booking.Kind `json:"kind,omitempty"`
	// Location: the booking's place (visit), the warehouse (load); none for
	// a break.
	Lon       float64 `json:"lon,omitempty"`
	Lat       float64 `json:"lat,omitempty"`
	Arrival   Time    `json:"arrival"`
	Start     Time    `json:"start"` // service start, after waiting for the window
	Departure Time    `json:"departure"`
	// Load on board after the stop.
	LoadKg     float64 `json:"load_kg"`
	LoadLitres float64 `json:"load_litres"`
	LoadPieces int     `json:"load_pieces"`
	// DistanceM is the distance driven since the depot, on arrival.
	DistanceM int64 `json:"distance_m"`
}

// Unassigned is a booking of the day left out, and why.
type Unassigned struct {
	Booking string `json:"booking"`
	Reason  string `json:"reason"`
}

// Totals add up the day.
type Totals struct {
	Bookings   int     `json:"bookings"`
	Served     int     `json:"served"`
	Unassigned int     `json:"unassigned"`
	Vehicles   int     `json:"vehicles"` // routes used
	DistanceKm float64 `json:"distance_km"`
	Hours      float64 `json:"hours"`
	Cost       float64 `json:"cost"`
	Pieces     int     `json:"pieces"`    // appliances collected
	Kg         float64 `json:"kg"`        // collected
	Delivered  int     `json:"delivered"` // new appliances delivered (trade-ins)
}

// Index helps look things up in a plan.
type Index struct {
	Booking map[string]*booking.Booking
	Depot   map[string]*fleet.Depot
	Vehicle map[string]*fleet.Vehicle
}

// Index returns maps of the plan's bookings, depots and vehicles by id.
func (p *Plan) Index() Index {
	ix := Index{Booking: map[string]*booking.Booking{}, Depot: map[string]*fleet.Depot{}, Vehicle: map[string]*fleet.Vehicle{}}
	for i := range p.Bookings {
		ix.Booking[p.Bookings[i].ID] = &p.Bookings[i]
	}
	for i := range p.Depots {
		ix.Depot[p.Depots[i].ID] = &p.Depots[i]
	}
	for i := range p.Vehicles {
		ix.Vehicle[p.Vehicles[i].ID] = &p.Vehicles[i]
	}
	return ix
}

// Fixed reports whether re-planning must keep route r as it is: it is
// dispatched, or one of its bookings is dispatched, done or failed.
func (p *Plan) Fixed(r *Route, ix Index) bool {
	if r.Status == Dispatched {
		return true
	}
	for _, s := range r.Stops {
		if b, ok := ix.Booking[s.Booking]; ok && s.Type == Visit {
			switch b.Status {
			case booking.Dispatched, booking.Done, booking.Failed:
				return true
			}
		}
	}
	return false
}

// ItemsText describes items for people, e.g. "电冰箱 refrigerator ×1,
// 电视机 television ×2", with names from the catalog.
func ItemsText(it booking.Items, cat booking.Catalog) string {
	parts := make([]string, len(it))
	for i, x := range it {
		name := x.Category
		if h, ok := cat[x.Category]; ok && h.NameZh != "" {
			name = h.NameZh + " " + x.Category
		}
		parts[i] = fmt.Sprintf("%s ×%d", name, x.Count)
	}
	return strings.Join(parts, ", ")
}
