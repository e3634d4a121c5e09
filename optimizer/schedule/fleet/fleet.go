// Package fleet is the operations side of a network: depots (collection
// points, transfer stations, front warehouses) with their storage, and the
// vehicles based at them with capacity, crew, skills, shift, breaks and
// costs; their CSV and JSON forms.
//
// fleet is a leaf of the operations packages beside booking; it imports
// booking (for times and row errors) and nothing else of this module.
package fleet

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// DepotKind is the role of a depot.
type DepotKind string

// The kinds of depots.
const (
	// CollectionPoint (回收站点) stores what households and stores bring
	// (代收代储) until a clearing run takes it to its transfer station.
	CollectionPoint DepotKind = "collection_point"
	// TransferStation (中转站) is a county's hub; its trucks do most of the
	// pickups.
	TransferStation DepotKind = "transfer_station"
	// Warehouse is a front warehouse (县城前置仓) of new appliances for
	// trade-ins; it may have no trucks of its own.
	Warehouse DepotKind = "warehouse"
	// SortingCentre (集散转运中心) is a prefecture's hub.
	SortingCentre DepotKind = "sorting_centre"
)

// DepotKinds lists the kinds in a stable order.
var DepotKinds = []DepotKind{CollectionPoint, TransferStation, Warehouse, SortingCentre}

// Depot is a place trucks start from and return to, or load at.
type Depot struct {
	ID     string    `json:"id"`
	Name   string    `json:"name,omitempty"`
	Kind   DepotKind `json:"kind"`
	Lon    float64   `json:"lon"`
	Lat    float64   `json:"lat"`
	County string    `json:"county,omitempty"`
	// Area is the road model around it: urban, plain or mountain
	// (default plain).
	Area string `json:"area,omitempty"`
	// Parent is where clearing runs take a collection point's stock
	// (a transfer station's id).
	Parent string `json:"parent,omitempty"`
	// StorageL is the storage volume (litres) of a collection point; 0
	// means it stores nothing and never needs clearing.
	StorageL float64 `json:"storage_litres,omitempty"`
	// Stock is what is stored at the start of the first planned day, in
	// pieces by category (as the work ledger counts them).
	Stock booking.Items `json:"stock,omitempty"`
	// Inflow arrives every day by walk-in and store drop-off (pieces per
	// day by category).
	Inflow booking.Items `json:"inflow,omitempty"`
	// ClearAt is the share of StorageL above which a clearing run is
	// scheduled; 0 means DefaultClearAt.
	ClearAt float64 `json:"clear_at,omitempty"`
}

// DefaultClearAt is the storage share that triggers a clearing run.
const DefaultClearAt = 0.8

// Break is a rest of Minutes that must start within [Start, End].
type Break struct {
	Start   booking.Clock `json:"start"`
	End     booking.Clock `json:"end"`
	Minutes int           `json:"minutes"`
}

// Vehicle is one truck and its crew.
type Vehicle struct {
	ID     string  `json:"id"`
	Depot  string  `json:"depot"`
	Kg     float64 `json:"kg"`
	Litres float64 `json:"litres"`
	// Pieces bounds the appliances on board (straps, floor space); 0 means
	// no limit.
	Pieces int `json:"pieces,omitempty"`
	// Crew is the people on board (default 1). Two-person lifts need 2.
	Crew int `json:"crew,omitempty"`
	// Skills of the crew, e.g. ac_uninstall, repair.
	Skills     []string      `json:"skills,omitempty"`
	ShiftStart booking.Clock `json:"shift_start"`
	ShiftEnd   booking.Clock `json:"shift_end"`
	Breaks     []Break       `json:"breaks,omitempty"`
	FixedCost  float64       `json:"fixed_cost,omitempty"` // yuan per day used
	PerKm      float64       `json:"per_km,omitempty"`     // yuan
	PerHour    float64       `json:"per_hour,omitempty"`   // yuan per hour of driving
}

// HasSkill reports whether the crew has skill s.
func (v *Vehicle) HasSkill(s string) bool { return slices.Contains(v.Skills, s) }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Check validates d and fills its defaults (kind transfer_station, area
// plain, ClearAt); it returns the first bad field.
func (d *Depot) Check() *booking.FieldError {
	bad := func(f, format string, a ...any) *booking.FieldError {
		return &booking.FieldError{Field: f, Msg: fmt.Sprintf(format, a...)}
	}
	d.ID = strings.TrimSpace(d.ID)
	if d.Kind == "" {
		d.Kind = TransferStation
	}
	if d.Area == "" {
		d.Area = "plain"
	}
	if d.ClearAt == 0 {
		d.ClearAt = DefaultClearAt
	}
	switch {
	case d.ID == "":
		return bad("id", "empty")
	case !slices.Contains(DepotKinds, d.Kind):
		return bad("kind", "unknown kind %q (want collection_point, transfer_station, warehouse or sorting_centre)", d.Kind)
	case !finite(d.Lon) || !finite(d.Lat) || !booking.InChina(d.Lon, d.Lat):
		return bad("lon", "%g,%g is outside China; are lon and lat swapped?", d.Lon, d.Lat)
	case d.Area != "urban" && d.Area != "plain" && d.Area != "mountain":
		return bad("area", "unknown area %q (want urban, plain or mountain)", d.Area)
	case !finite(d.StorageL) || d.StorageL < 0:
		return bad("storage_litres", "must be a non-negative number")
	case !(d.ClearAt > 0 && d.ClearAt <= 1):
		return bad("clear_at", "%g is not a share in (0, 1]", d.ClearAt)
	}
	for _, f := range []struct {
		name string
		it   booking.Items
	}{{"stock", d.Stock}, {"inflow", d.Inflow}} {
		for _, x := range f.it {
			if x.Category == "" || x.Count < 0 || x.Count > 1_000_000 {
				return bad(f.name, "%s:%d: want a category and a count in 0…1000000", x.Category, x.Count)
			}
		}
	}
	if d.Kind != CollectionPoint && (len(d.Stock) > 0 || len(d.Inflow) > 0 || d.StorageL > 0) {
		return bad("storage_litres", "only a collection_point stores (代收代储)")
	}
	return nil
}

// Check validates v and fills its defaults (crew 1, shift 08:00–18:00);
// it returns the first bad field.
func (v *Vehicle) Check() *booking.FieldError {
	bad := func(f, format string, a ...any) *booking.FieldError {
		return &booking.FieldError{Field: f, Msg: fmt.Sprintf(format, a...)}
	}
	v.ID = strings.TrimSpace(v.ID)
	v.Depot = strings.TrimSpace(v.Depot)
	if v.Crew == 0 {
		v.Crew = 1
	}
	if v.ShiftStart == 0 && v.ShiftEnd == 0 {
		v.ShiftStart, v.ShiftEnd = 8*3600, 18*3600
	}
	if len(v.Skills) == 0 {
		v.Skills = nil
	}
	switch {
	case v.ID == "":
		return bad("id", "empty")
	case v.Depot == "":
		return bad("depot", "empty: every vehicle is based at a depot")
	case !finite(v.Kg) || v.Kg <= 0:
		return bad("kg", "capacity must be positive")
	case !finite(v.Litres) || v.Litres <= 0:
		return bad("litres", "capacity must be positive")
	case v.Pieces < 0:
		return bad("pieces", "negative")
	case v.Crew < 1 || v.Crew > 9:
		return bad("crew", "%d outside 1…9", v.Crew)
	case v.ShiftStart < 0 || v.ShiftEnd > booking.EndOfDay || v.ShiftStart >= v.ShiftEnd:
		return bad("shift_end", "shift %s–%s is reversed or outside the day", v.ShiftStart, v.ShiftEnd)
	case !finite(v.FixedCost) || v.FixedCost < 0 || !finite(v.PerKm) || v.PerKm < 0 || !finite(v.PerHour) || v.PerHour < 0:
		return bad("fixed_cost", "costs must be non-negative")
	}
	for _, s := range v.Skills {
		if s == "" || strings.ContainsAny(s, ";, ") {
			return bad("skills", "skill %q: want a name without spaces, commas or semicolons", s)
		}
	}
	for k, b := range v.Breaks {
		if b.Minutes <= 0 || b.Start < 0 || b.End > booking.EndOfDay || b.Start > b.End {
			return bad("breaks", "break %d: want minutes > 0 and a window start ≤ end within the day", k+1)
		}
	}
	return nil
}
