package schedule

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
)

// Input is what Schedule plans: bookings, depots and their vehicles.
type Input struct {
	Bookings []booking.Booking
	Depots   []fleet.Depot
	Vehicles []fleet.Vehicle
	// Catalog gives the handling per category; nil means
	// booking.DefaultCatalog().
	Catalog booking.Catalog
	// Areas gives the road area (urban, plain, mountain) of counties by
	// adcode, for bookings that name their county; nil means: the area of
	// a depot in the booking's county, else of its nearest depot within
	// 15 km, else plain.
	Areas map[string]string
}

// Options control Schedule and Replan. Only Date is required.
type Options struct {
	// Date is the first day planned.
	Date booking.Date
	// Days is the number of days planned; 0 means 1.
	Days int
	// Seed seeds the routing engine (default 0).
	Seed uint64
	// Iterations is the routing engine's budget per problem (ruin and
	// recreate iterations); 0 means DefaultIterations(jobs).
	Iterations int
	// TimeLimit caps the whole run; 0 means none. Each problem gets a
	// share of the time left by its size. A run stopped by the cap may
	// differ from run to run; one bounded by Iterations does not.
	TimeLimit time.Duration
	// Threads is the number of routing problems of a day solved at once
	// (each single-threaded); 0 means 1. It does not change the result.
	Threads int
	// PerDepot forces one routing problem per depot instead of routing
	// depots with overlapping areas jointly.
	PerDepot bool
	// JointIterations is the budget of the joint multi-depot search after
	// a per-depot start (see DecomposeJobs); 0 means DefaultJointIterations.
	JointIterations int
	// ShortFirst is for days the fleet cannot serve whole: a booking left
	// out costs a finite penalty, ShortFirstYuan at the top priority (half
	// at the lowest) less ShortFirstPerMinute yuan per minute of its
	// handling, instead of a penalty above any route. The search may then
	// pass through plans that leave a booking out to make room for others,
	// and among plans serving as many it leaves the longest handling out.
	// A booking whose detour costs more than its penalty is left out
	// even when a truck has room, so leave it off when the fleet suffices.
	ShortFirst bool
	// NoDecompose turns off the per-depot start of large multi-depot
	// problems (see DecomposeJobs).
	NoDecompose bool
	// CircuitKm is the distance from the nearest capable depot beyond
	// which a service visit joins its county's weekly circuit; 0 means
	// DefaultCircuitKm, negative turns circuits off.
	CircuitKm float64
	// Matrix, when set, gives the road distances (metres) and durations
	// (seconds) between points, each in its road area (a road graph, an
	// OSRM table); nil means geo.Estimate (great circle × circuity at the
	// area's speed).
	Matrix func(ctx context.Context, pts []orb.Point, areas []geo.Area) (*geo.Matrix, error)
	// Progress, when set, is told the stage and how far it is.
	Progress func(stage string, done, total int)
	// Problem, when set, receives every routing problem before it is
	// solved (name "2026-12-01-g1": day and group), for export.
	Problem func(name string, p *Routing)
}

// The penalties of Options.ShortFirst.
const (
	ShortFirstYuan      = 200.0
	ShortFirstPerMinute = 1.2
)

// DefaultCircuitKm is the default distance beyond which service visits go
// to a weekly circuit.
const DefaultCircuitKm = 25

// DefaultIterations returns the default routing budget for a problem of n
// jobs: 4n + 400 iterations, at most 12,000.
func DefaultIterations(n int) int { return min(4*n+400, 12000) }

// InputError is bad input to Schedule or Replan, naming the field by its
// path, e.g. "vehicles[3].depot".
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return "schedule: " + e.Field + ": " + e.Msg }

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's input error.
func (e *InputError) FieldPath() string { return e.Field }

// areaOf maps a depot's area name to its road model.
func areaOf(name string) geo.Area {
	switch name {
	case "urban":
		return geo.Urban
	case "mountain":
		return geo.Mountain
	}
	return geo.Plain
}

// validate checks the input once, up front, fills defaults in copies and
// returns them.
func (in *Input) validate(opt *Options) (*Input, error) {
	if opt.Date.IsZero() {
		return nil, &InputError{Field: "date", Msg: "no planning date"}
	}
	if opt.Days == 0 {
		opt.Days = 1
	}
	if opt.Days < 0 || opt.Days > 62 {
		return nil, &InputError{Field: "days", Msg: fmt.Sprintf("%d outside 1…62", opt.Days)}
	}
	if opt.Iterations < 0 {
		return nil, &InputError{Field: "iterations", Msg: "negative"}
	}
	if opt.TimeLimit < 0 {
		return nil, &InputError{Field: "time_limit", Msg: "negative"}
	}
	if opt.CircuitKm == 0 {
		opt.CircuitKm = DefaultCircuitKm
	}
	if math.IsNaN(opt.CircuitKm) {
		return nil, &InputError{Field: "circuit_km", Msg: "not a number"}
	}
	out := &Input{Catalog: in.Catalog, Areas: in.Areas}
	for c, a := range in.Areas {
		if a != "urban" && a != "plain" && a != "mountain" {
			return nil, &InputError{Field: "areas." + c, Msg: fmt.Sprintf("unknown area %q (want urban, plain or mountain)", a)}
		}
	}
	if out.Catalog == nil {
		out.Catalog = booking.DefaultCatalog()
	}
	depot := map[string]int{}
	for i := range in.Depots {
		d := in.Depots[i]
		if e := d.Check(); e != nil {
			return nil, &InputError{Field: fmt.Sprintf("depots[%d].%s", i, e.Field), Msg: e.Msg}
		}
		if _, dup := depot[d.ID]; dup {
			return nil, &InputError{Field: fmt.Sprintf("depots[%d].id", i), Msg: fmt.Sprintf("duplicate depot %q", d.ID)}
		}
		depot[d.ID] = i
		out.Depots = append(out.Depots, d)
	}
	for i, d := range out.Depots {
		if d.Parent != "" {
			if _, ok := depot[d.Parent]; !ok {
				return nil, &InputError{Field: fmt.Sprintf("depots[%d].parent", i), Msg: fmt.Sprintf("unknown depot %q", d.Parent)}
			}
		}
		for _, it := range append(append(booking.Items{}, d.Stock...), d.Inflow...) {
			if _, ok := out.Catalog[it.Category]; !ok {
				return nil, &InputError{Field: fmt.Sprintf("depots[%d].stock", i), Msg: fmt.Sprintf("unknown category %q", it.Category)}
			}
		}
	}
	vid := map[string]bool{}
	for i := range in.Vehicles {
		v := in.Vehicles[i]
		v.Skills = append([]string(nil), v.Skills...)
		if e := v.Check(); e != nil {
			return nil, &InputError{Field: fmt.Sprintf("vehicles[%d].%s", i, e.Field), Msg: e.Msg}
		}
		if vid[v.ID] {
			return nil, &InputError{Field: fmt.Sprintf("vehicles[%d].id", i), Msg: fmt.Sprintf("duplicate vehicle %q", v.ID)}
		}
		if _, ok := depot[v.Depot]; !ok {
			return nil, &InputError{Field: fmt.Sprintf("vehicles[%d].depot", i), Msg: fmt.Sprintf("unknown depot %q", v.Depot)}
		}
		vid[v.ID] = true
		out.Vehicles = append(out.Vehicles, v)
	}
	if len(out.Vehicles) == 0 {
		return nil, &InputError{Field: "vehicles", Msg: "no vehicle"}
	}
	bid := map[string]bool{}
	for i := range in.Bookings {
		b := in.Bookings[i]
		b.Items = append(booking.Items(nil), b.Items...)
		b.Skills = append([]string(nil), b.Skills...)
		if e := b.Check(out.Catalog, 0); e != nil {
			return nil, &InputError{Field: fmt.Sprintf("bookings[%d].%s", i, e.Field), Msg: e.Msg}
		}
		if bid[b.ID] {
			return nil, &InputError{Field: fmt.Sprintf("bookings[%d].id", i), Msg: fmt.Sprintf("duplicate booking %q", b.ID)}
		}
		bid[b.ID] = true
		out.Bookings = append(out.Bookings, b)
	}
	return out, nil
}
