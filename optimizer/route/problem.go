package route

import (
	"errors"
	"fmt"
	"math"

	"github.com/huishou/huishou/geo"
)

// ErrInfeasible reports that no feasible solution can exist, for example a
// client whose demand exceeds every vehicle's capacity or a bounded fleet too
// small for the total demand. The error returned by Solve wraps it and names
// the cause.
var ErrInfeasible = errors.New("route: no feasible solution")

// InputError is a problem with the input, naming the offending field by its
// path, e.g. "clients[3].demand[0]".
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return "route: " + e.Field + ": " + e.Msg }

// FieldPath returns the path of the offending field (Field), so that one
// error mapper can name it for any package's InputError.
func (e *InputError) FieldPath() string { return e.Field }

// Problem is a vehicle-routing problem over a matrix of N locations.
//
// Costs. The engine works on integer arc costs (int64 sums of int32 arcs):
// exact, and faster than floating point in the hot loops. Either give Dist
// (N×N integers, row-major, used as they are — the CVRPLIB reader rounds
// each arc itself with nint and passes them here) or Matrix, whose float
// distances are multiplied by CostScale and rounded to the nearest integer
// (a CostScale of 100 keeps centimetres of metres, or two decimals of an
// unrounded Euclidean benchmark). Solution costs are in these integer units;
// divide by CostScale to get the matrix's units back.
//
// Two engines. A plain CVRP or VRPTW (one depot, one vehicle type, pickups
// only, at most one time window per client, no shipments or limits) runs
// the hybrid genetic search of Solve, time windows by time-warp penalties;
// under the hierarchical objective a plain VRPTW first has its fleet
// minimised (see doc.go). Anything richer — several windows, setup times,
// deliveries beside pickups at one stop, shipments, several depots or open
// routes, vehicle types with skills, breaks, limits and
// per-distance/per-time costs, optional jobs — runs the rich engine, which
// reports every job it leaves unassigned with the reason.
//
// Durations (Dur, or Matrix.Dur scaled by TimeScale) are integers in the
// same unit as service times, time windows and shifts.
type Problem struct {
	// Matrix supplies distances (and durations) when Dist is nil.
	Matrix *geo.Matrix
	// CostScale multiplies Matrix distances before rounding; 0 means 1.
	// Ignored when Dist is given.
	CostScale float64

	// N is the number of locations when Dist is given (len(Dist) == N*N).
	N int
	// Dist holds integer arc costs, row-major (i*N+j). Each must be in
	// [0, 2^30].
	Dist []int64
	// Dur holds integer travel durations beside Dist (optional; nil means
	// durations equal Dist).
	Dur []int64
	// TimeScale multiplies Matrix durations before rounding up (so that a
	// schedule feasible in integers is feasible in the matrix's real
	// times); 0 means CostScale. Ignored when Dist is given.
	TimeScale float64

	// Depots are the depot locations, where vehicles start and end. Nil
	// means one depot at location 0.
	Depots []int
	// Clients are the jobs: stops to visit once each, picking up Demand and
	// delivering Delivery.
	Clients []Client
	// Shipments are pickup-and-delivery pairs served by one vehicle, the
	// pickup first.
	Shipments []Shipment
	// Vehicles are the vehicle types. Nil means one type with unlimited
	// count and capacity MaxInt64 in every dimension.
	Vehicles []Vehicle
	// SkillNames, DimNames and FormatTime, all optional, name skills (by
	// id), capacity dimensions and times in the reasons given for
	// unassigned jobs.
	SkillNames []string
	DimNames   []string
	FormatTime func(int64) string

	// VehiclesFirst selects the hierarchical objective: fewest vehicles
	// first, then least cost (the Solomon convention). Otherwise the
	// objective is the total cost: fixed + distance + time + penalties of
	// unassigned jobs.
	VehiclesFirst bool

	// Coords are optional planar coordinates per location (x, y). When
	// present, SWAP* is limited to pairs of routes whose polar sectors
	// around the depot overlap, and routes are ordered by polar angle;
	// without them SWAP* tries every pair of routes.
	Coords [][2]float64
}

// Client is one job: a stop that picks up Demand and delivers Delivery
// (a trade-in visit does both).
type Client struct {
	// Location is the client's index in the matrix.
	Location int
	// Demand is the load picked up (carried to the end depot), one entry
	// per capacity dimension. All clients and vehicles must use the same
	// number of dimensions; nil means zero in every dimension.
	Demand []int64
	// Delivery is the load delivered here (loaded at the start depot).
	Delivery []int64
	// Service is the service duration.
	Service int64
	// Setup is added before the service when the previous stop is at
	// another location.
	Setup int64
	// TimeWindows are the allowed service starts (sorted, disjoint); nil
	// means any time.
	TimeWindows []TimeWindow
	// Skills the serving vehicle must have.
	Skills []int
	// Priority in [0, 100]: when not every job can be served, higher
	// priorities are left out last (it scales the default penalty).
	Priority int
	// Penalty is the cost of leaving the job unassigned; 0 means the
	// default, high enough that a job is served whenever it can be.
	Penalty int64
	// Prefer, when set, names the vehicle type that served the job in an
	// earlier plan: serving it on another type costs Prefer.Cost more
	// (rich engine).
	Prefer *Prefer
}

// Prefer is a job's vehicle type in an earlier plan and the cost, in
// integer cost units, of serving the job on another type. A re-plan sets
// it on the jobs it keeps, so that the search moves a job to another
// vehicle only when that saves more than Cost: the new plan differs from
// the old one where it pays, not everywhere the search wanders (a
// change-aware re-plan). Leaving the job out costs Cost on top of its
// penalty (it leaves its vehicle too), so that of two jobs otherwise
// alike the one without a preference (a new booking) is left out first.
// The cost enters the search's objective but not Solution.Cost, which
// stays the routes' cost plus the penalties.
type Prefer struct {
	// Vehicle indexes Problem.Vehicles.
	Vehicle int
	// Cost is charged when the job is served by another vehicle type, in
	// [0, 2^40].
	Cost int64
}

// TimeWindow is a closed interval [Start, End] of times.
type TimeWindow struct{ Start, End int64 }

// Stop is one end of a shipment.
type Stop struct {
	Location    int
	Service     int64
	Setup       int64
	TimeWindows []TimeWindow
}

// Shipment is a load picked up at Pickup and delivered at Delivery by the
// same vehicle, in that order.
//
// A trade-in from a warehouse other than the vehicle's start depot is a
// shipment with Return: the new appliance (Amount) is loaded at Pickup,
// delivered at Delivery, and the old one (Return) is loaded there and
// carried to the route's end. Along the route the load rises by Amount at
// the pickup and changes by Return − Amount at the delivery.
type Shipment struct {
	Pickup, Delivery Stop
	// Amount is carried from Pickup to Delivery, one entry per capacity
	// dimension; nil means zero.
	Amount []int64
	// Return is picked up at the delivery stop and carried to the route's
	// end (the old appliance of a trade-in); nil means none.
	Return   []int64
	Skills   []int
	Priority int
	Penalty  int64
	// Prefer: as Client.Prefer.
	Prefer *Prefer
}

// Break is a rest a vehicle must take: Duration long, starting in one of
// its TimeWindows, at the place where it is.
type Break struct {
	TimeWindows []TimeWindow
	Duration    int64
}

// NoDepot as a vehicle's StartDepot or EndDepot makes the route open at that
// end: it starts at its first stop or ends at its last.
const NoDepot = -1

// Vehicle is a vehicle type.
type Vehicle struct {
	// Capacity per dimension, the same dimensions as Client.Demand.
	Capacity []int64
	// FixedCost is added once per route used, in integer cost units.
	FixedCost int64
	// Count is the number of vehicles of this type; 0 means unlimited.
	Count int
	// StartDepot and EndDepot index Problem.Depots (0, the first depot, by
	// default); NoDepot opens the route at that end.
	StartDepot, EndDepot int
	// Skills the vehicle (and its crew) has.
	Skills []int
	// Shift bounds the route's start and end; the zero value means none.
	Shift TimeWindow
	// Breaks the crew must take during the route.
	Breaks []Break
	// MaxTravelTime, MaxDuration (end − start, waiting and service
	// included) and MaxDistance bound one route; MaxStops bounds its job
	// visits. 0 means no limit.
	MaxTravelTime, MaxDuration, MaxDistance int64
	MaxStops                                int
	// DistanceCost and TimeCost are the costs per unit of distance and of
	// travel time (waiting and service are not costed, as in VROOM's
	// per_hour). Both 0 means DistanceCost 1.
	DistanceCost, TimeCost float64
}

// maxArc bounds a single integer arc cost so that sums of a route's arcs
// and penalised costs never overflow.
const maxArc = 1 << 30

func (p *Problem) nLocations() int {
	if p.Dist != nil {
		return p.N
	}
	if p.Matrix != nil {
		return p.Matrix.N
	}
	return 0
}

// dims returns the number of capacity dimensions (at least 1): that of the
// first vehicle type's capacity, else the longest demand vector.
func (p *Problem) dims() int {
	if len(p.Vehicles) > 0 && len(p.Vehicles[0].Capacity) > 0 {
		return len(p.Vehicles[0].Capacity)
	}
	d := 0
	for _, c := range p.Clients {
		d = max(d, len(c.Demand), len(c.Delivery))
	}
	for _, s := range p.Shipments {
		d = max(d, len(s.Amount), len(s.Return))
	}
	for _, v := range p.Vehicles {
		d = max(d, len(v.Capacity))
	}
	return max(d, 1)
}

func (p *Problem) depot() int {
	if len(p.Depots) == 0 {
		return 0
	}
	return p.Depots[0]
}

// Validate checks the problem once, up front, and returns an *InputError
// naming the first bad field, or an error wrapping ErrInfeasible when no
// solution can exist.
func (p *Problem) Validate() error {
	if p == nil {
		return &InputError{Field: "problem", Msg: "is nil"}
	}
	n := p.nLocations()
	switch {
	case p.Dist != nil:
		if p.N <= 0 || len(p.Dist) != p.N*p.N {
			return &InputError{Field: "dist", Msg: fmt.Sprintf("want %d×%d entries, have %d", p.N, p.N, len(p.Dist))}
		}
		for k, d := range p.Dist {
			if d < 0 || d > maxArc {
				return &InputError{Field: fmt.Sprintf("dist[%d]", k), Msg: fmt.Sprintf("arc cost %d outside [0, 2^30]", d)}
			}
		}
		if p.Dur != nil && len(p.Dur) != len(p.Dist) {
			return &InputError{Field: "dur", Msg: fmt.Sprintf("want %d entries, have %d", len(p.Dist), len(p.Dur))}
		}
	case p.Matrix != nil:
		if err := p.Matrix.Validate(); err != nil {
			return &InputError{Field: "matrix", Msg: err.Error()}
		}
		if p.CostScale < 0 || math.IsNaN(p.CostScale) || math.IsInf(p.CostScale, 0) {
			return &InputError{Field: "cost_scale", Msg: "must be a finite non-negative number"}
		}
		s := p.scale()
		for k, d := range p.Matrix.Dist {
			if v := math.Round(float64(d) * s); v > maxArc {
				return &InputError{Field: fmt.Sprintf("matrix.dist[%d]", k), Msg: fmt.Sprintf("scaled arc cost %g above 2^30", v)}
			}
		}
	default:
		return &InputError{Field: "matrix", Msg: "give either Matrix or Dist"}
	}
	if p.Coords != nil && len(p.Coords) != n {
		return &InputError{Field: "coords", Msg: fmt.Sprintf("want %d entries (one per location), have %d", n, len(p.Coords))}
	}
	if p.Rich() {
		return p.validateRich(n)
	}
	dep := p.depot()
	if dep < 0 || dep >= n {
		return &InputError{Field: "depots[0]", Msg: fmt.Sprintf("location %d outside [0, %d)", dep, n)}
	}
	if len(p.Clients) == 0 {
		return &InputError{Field: "clients", Msg: "no clients"}
	}
	D := p.dims()
	for i, c := range p.Clients {
		if c.Location < 0 || c.Location >= n {
			return &InputError{Field: fmt.Sprintf("clients[%d].location", i), Msg: fmt.Sprintf("location %d outside [0, %d)", c.Location, n)}
		}
		if c.Location == dep {
			return &InputError{Field: fmt.Sprintf("clients[%d].location", i), Msg: "is the depot"}
		}
		if c.Demand != nil && len(c.Demand) != D {
			return &InputError{Field: fmt.Sprintf("clients[%d].demand", i), Msg: fmt.Sprintf("has %d dimensions, want %d", len(c.Demand), D)}
		}
		for d, q := range c.Demand {
			if q < 0 || q > 1<<40 {
				return &InputError{Field: fmt.Sprintf("clients[%d].demand[%d]", i, d), Msg: fmt.Sprintf("%d outside [0, 2^40]", q)}
			}
		}
		if c.Service < 0 {
			return &InputError{Field: fmt.Sprintf("clients[%d].service", i), Msg: "negative"}
		}
	}
	if len(p.Vehicles) > 1 {
		return &InputError{Field: "vehicles", Msg: "more than one vehicle type is not supported yet"}
	}
	for i, v := range p.Vehicles {
		if len(v.Capacity) != D {
			return &InputError{Field: fmt.Sprintf("vehicles[%d].capacity", i), Msg: fmt.Sprintf("has %d dimensions, want %d", len(v.Capacity), D)}
		}
		for d, q := range v.Capacity {
			if q < 0 {
				return &InputError{Field: fmt.Sprintf("vehicles[%d].capacity[%d]", i, d), Msg: "negative"}
			}
		}
		if v.FixedCost < 0 || v.FixedCost > maxArc {
			return &InputError{Field: fmt.Sprintf("vehicles[%d].fixed_cost", i), Msg: "outside [0, 2^30]"}
		}
		if v.Count < 0 {
			return &InputError{Field: fmt.Sprintf("vehicles[%d].count", i), Msg: "negative"}
		}
		if v.StartDepot != 0 {
			return &InputError{Field: fmt.Sprintf("vehicles[%d].start_depot", i), Msg: "only depot 0 is supported yet"}
		}
		if v.EndDepot != 0 {
			return &InputError{Field: fmt.Sprintf("vehicles[%d].end_depot", i), Msg: "only depot 0 is supported yet"}
		}
	}
	// Provable infeasibility.
	capv := p.capacity()
	total := make([]int64, D)
	for i, c := range p.Clients {
		for d, q := range c.Demand {
			if q > capv[d] {
				return fmt.Errorf("%w: clients[%d].demand[%d] = %d exceeds every vehicle's capacity (%d)", ErrInfeasible, i, d, q, capv[d])
			}
			total[d] += q
		}
	}
	if cnt := p.fleetCount(); cnt > 0 {
		for d := range D {
			if capv[d] < math.MaxInt64/int64(cnt) && total[d] > capv[d]*int64(cnt) {
				return fmt.Errorf("%w: total demand %d in dimension %d exceeds the fleet's capacity %d×%d", ErrInfeasible, total[d], d, cnt, capv[d])
			}
		}
		if cnt < 1 {
			return fmt.Errorf("%w: no vehicles", ErrInfeasible)
		}
	}
	return nil
}

func (p *Problem) scale() float64 {
	if p.CostScale == 0 {
		return 1
	}
	return p.CostScale
}

// capacity returns the vehicle capacity vector (MaxInt64 when unset).
func (p *Problem) capacity() []int64 {
	D := p.dims()
	c := make([]int64, D)
	for d := range c {
		c[d] = math.MaxInt64 / 4
		if len(p.Vehicles) > 0 && d < len(p.Vehicles[0].Capacity) {
			c[d] = p.Vehicles[0].Capacity[d]
		}
	}
	return c
}

// fleetCount returns the number of vehicles, 0 for unlimited.
func (p *Problem) fleetCount() int {
	if len(p.Vehicles) == 0 {
		return 0
	}
	return p.Vehicles[0].Count
}

func (p *Problem) fixedCost() int64 {
	if len(p.Vehicles) == 0 {
		return 0
	}
	return p.Vehicles[0].FixedCost
}

// arc returns the integer cost from location i to location j.
func (p *Problem) arc(i, j int) int64 {
	if p.Dist != nil {
		return p.Dist[i*p.N+j]
	}
	return int64(math.Round(float64(p.Matrix.Dist[i*p.Matrix.N+j]) * p.scale()))
}

// DefaultPenalty is the cost of leaving a job of priority 0 unassigned
// when its Penalty is 0: above any route's cost, so that every job that can
// be served is.
const DefaultPenalty int64 = 1 << 40

// JobPenalty returns the cost of leaving client (kind JobClient) or
// shipment (JobShipment) i unassigned: its Penalty, or DefaultPenalty
// scaled by 1 + Priority/100.
func (p *Problem) JobPenalty(kind JobKind, i int) int64 {
	pen, prio := int64(0), 0
	if kind == JobShipment {
		pen, prio = p.Shipments[i].Penalty, p.Shipments[i].Priority
	} else {
		pen, prio = p.Clients[i].Penalty, p.Clients[i].Priority
	}
	if pen > 0 {
		return pen
	}
	return DefaultPenalty + DefaultPenalty/100*int64(prio)
}

// Arc returns the integer distance from location i to location j (see
// Problem for the scaling).
func (p *Problem) Arc(i, j int) int64 { return p.arc(i, j) }

// Travel returns the integer travel duration from location i to location
// j: Dur when given; else Matrix durations times TimeScale (CostScale when
// 0), rounded up; else the distance.
func (p *Problem) Travel(i, j int) int64 {
	if p.Dist != nil {
		if p.Dur != nil {
			return p.Dur[i*p.N+j]
		}
		return p.Dist[i*p.N+j]
	}
	if p.Matrix.Dur == nil {
		return p.arc(i, j)
	}
	ts := p.TimeScale
	if ts == 0 {
		ts = p.scale()
	}
	return int64(math.Ceil(float64(p.Matrix.Dur[i*p.Matrix.N+j])*ts - 1e-9))
}

// RouteCost returns a route's cost for vehicle type v: its fixed cost plus
// DistanceCost per unit of distance and TimeCost per unit of travel time,
// rounded to the nearest integer.
func (p *Problem) RouteCost(v int, distance, travelTime int64) int64 {
	if len(p.Vehicles) == 0 {
		return distance
	}
	veh := &p.Vehicles[v]
	dc, tc := veh.DistanceCost, veh.TimeCost
	if dc == 0 && tc == 0 {
		dc = 1
	}
	return veh.FixedCost + int64(math.Round(dc*float64(distance)+tc*float64(travelTime)))
}
