package schedule

import (
	"fmt"
	"math"

	"github.com/huishou/huishou/geo"
	"github.com/paulmach/orb"
)

// Item is one appliance to pick up (or, for a trade-in, deliver).
type Item struct {
	Category   string  // e.g. "refrigerator"
	Count      int     // pieces
	WeightKg   float64 // per piece
	VolumeL    float64 // per piece
	TwoPerson  bool    // needs a two-person crew
	ServiceMin float64 // handling minutes per piece (uninstall, carry)
}

// Booking is one household's pickup request for a day.
type Booking struct {
	ID     string
	Name   string // household or place name shown on the route sheet
	Place  string // township / address line
	Point  orb.Point
	Area   geo.Area
	Window [2]int // earliest and latest service start, seconds after midnight; {0,0} = any time in the shift
	Items  []Item
}

// Load returns the booking's weight (kg), volume (litres) and pieces.
func (b *Booking) Load() (kg, litres float64, pieces int) {
	for _, it := range b.Items {
		kg += it.WeightKg * float64(it.Count)
		litres += it.VolumeL * float64(it.Count)
		pieces += it.Count
	}
	return
}

// Vehicle is one truck of the day's fleet.
type Vehicle struct {
	ID         string
	Depot      orb.Point
	DepotName  string
	DepotArea  geo.Area
	CapacityKg float64
	CapacityL  float64
	ShiftStart int     // seconds after midnight
	ShiftEnd   int     // seconds after midnight
	CostPerKm  float64 // yuan
	FixedCost  float64 // yuan per day if used
	Crew       int     // people on board
}

// Day is one depot-day of work.
type Day struct {
	Date     string // YYYY-MM-DD
	Bookings []Booking
	Fleet    []Vehicle // all starting from and returning to their depot
	// StopMin is the fixed time per stop (parking, paperwork), minutes.
	StopMin float64
}

// InputError reports bad input, naming the record and field.
type InputError struct {
	Field string // e.g. "bookings[4].items[0].count"
	Msg   string
}

func (e *InputError) Error() string { return "schedule: " + e.Field + ": " + e.Msg }

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }

// Validate checks the day once, up front.
func (d *Day) Validate() error {
	if len(d.Fleet) == 0 {
		return &InputError{Field: "fleet", Msg: "no vehicle"}
	}
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= 0 }
	for i, v := range d.Fleet {
		f := fmt.Sprintf("fleet[%d]", i)
		switch {
		case !geo.ValidPoint(v.Depot):
			return &InputError{Field: f + ".depot", Msg: fmt.Sprintf("%v is not a WGS84 lon/lat", v.Depot)}
		case !(v.CapacityKg > 0) || !(v.CapacityL > 0) || !fin(v.CapacityKg) || !fin(v.CapacityL):
			return &InputError{Field: f + ".capacity", Msg: "capacity (kg and litres) must be positive"}
		case v.ShiftEnd <= v.ShiftStart || v.ShiftStart < 0:
			return &InputError{Field: f + ".shift", Msg: fmt.Sprintf("shift %d–%d s is empty", v.ShiftStart, v.ShiftEnd)}
		case v.DepotArea.Validate() != nil:
			return &InputError{Field: f + ".depot_area", Msg: v.DepotArea.Validate().Error()}
		}
	}
	ids := map[string]bool{}
	for i, b := range d.Bookings {
		f := fmt.Sprintf("bookings[%d]", i)
		switch {
		case b.ID == "":
			return &InputError{Field: f + ".id", Msg: "empty"}
		case ids[b.ID]:
			return &InputError{Field: f + ".id", Msg: fmt.Sprintf("duplicate booking id %q", b.ID)}
		case !geo.ValidPoint(b.Point):
			return &InputError{Field: f + ".point", Msg: fmt.Sprintf("%v is not a WGS84 lon/lat", b.Point)}
		case b.Area.Validate() != nil:
			return &InputError{Field: f + ".area", Msg: b.Area.Validate().Error()}
		case b.Window[1] < b.Window[0]:
			return &InputError{Field: f + ".window", Msg: "start after end"}
		case len(b.Items) == 0:
			return &InputError{Field: f + ".items", Msg: "nothing to pick up"}
		}
		ids[b.ID] = true
		for k, it := range b.Items {
			g := fmt.Sprintf("%s.items[%d]", f, k)
			switch {
			case it.Count <= 0:
				return &InputError{Field: g + ".count", Msg: fmt.Sprintf("count %d must be positive", it.Count)}
			case !fin(it.WeightKg) || !fin(it.VolumeL) || !fin(it.ServiceMin):
				return &InputError{Field: g, Msg: "weight, volume and service time must be finite and non-negative"}
			}
		}
	}
	return nil
}
