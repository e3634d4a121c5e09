package route

import (
	"fmt"
	"time"
)

// Solution is a set of routes, each a sequence of client indices (indices
// into Problem.Clients), with its cost in integer units (see Problem).
type Solution struct {
	Routes []Route
	// Cost is the objective: fixed costs, distance and time costs, and the
	// penalties of unassigned jobs (for a plain CVRP, Distance plus fixed
	// costs).
	Cost int64
	// Duration is the sum of the routes' durations (rich problems).
	Duration int64
	// Unassigned are the jobs left out, each with the reason.
	Unassigned []Unassigned
	// Distance is the sum of the routes' arc costs.
	Distance int64
	// Excess is the total load above capacity over all routes and
	// dimensions; 0 when Feasible.
	Excess int64
	// Feasible reports that every route respects every capacity and the
	// fleet size.
	Feasible bool
	// Stats describes the search that found the solution (zero for
	// Evaluate).
	Stats Stats
}

// Route is one vehicle's tour from its start depot through Clients to its
// end depot.
type Route struct {
	Vehicle  int   // index into Problem.Vehicles
	Clients  []int // indices into Problem.Clients, in visiting order
	Distance int64
	Load     []int64 // total demand (pickups) per dimension

	// Rich problems: every step with its times and load, and totals.
	Steps      []Step
	Start, End int64 // departure from the start, arrival at the end
	Duration   int64 // End − Start
	TravelTime int64
	WaitTime   int64
	Service    int64 // service and setup time
	Cost       int64 // fixed + distance and time costs
}

// StepKind says what happens at a step.
type StepKind uint8

// The kinds of steps.
const (
	StepStart    StepKind = iota // leaving the start depot (or first stop of an open route)
	StepClient                   // serving Problem.Clients[Index]
	StepPickup                   // picking up Problem.Shipments[Index]
	StepDelivery                 // delivering Problem.Shipments[Index]
	StepBreak                    // taking Vehicles[Route.Vehicle].Breaks[Index]
	StepEnd                      // arriving at the end depot
)

var stepNames = [...]string{"start", "job", "pickup", "delivery", "break", "end"}

func (k StepKind) String() string {
	if int(k) < len(stepNames) {
		return stepNames[k]
	}
	return fmt.Sprintf("StepKind(%d)", k)
}

// Step is one event of a route.
type Step struct {
	Kind     StepKind
	Index    int     // client, shipment or break index; -1 for start and end
	Location int     // matrix location; -1 for a break (taken where the vehicle is) or an open end
	Arrival  int64   // arrival time
	Wait     int64   // waiting before the service starts
	Setup    int64   // setup time applied
	Service  int64   // service (break duration for a break)
	Distance int64   // cumulative distance on arrival
	Load     []int64 // load on board after the step, per dimension
}

// JobKind says what an unassigned job is.
type JobKind uint8

// The kinds of jobs.
const (
	JobClient   JobKind = iota // Problem.Clients[Index]
	JobShipment                // Problem.Shipments[Index]
)

// Unassigned is a job the solution leaves out, and why.
type Unassigned struct {
	Kind   JobKind
	Index  int
	Reason string
}

// StopReason says why Solve stopped.
type StopReason string

// The reasons Solve stops.
const (
	StopTimeLimit     StopReason = "time limit"
	StopIterations    StopReason = "iteration limit"
	StopCancelled     StopReason = "context cancelled"
	StopNoImprovement StopReason = "no improvement" // default budget without limits
)

// Stats describes a search.
type Stats struct {
	Iterations    int           // genetic iterations (offspring bred)
	RecreateSteps int           // ruin-and-recreate steps (plain CVRP)
	Restarts      int           // population restarts
	Elapsed       time.Duration // wall time
	StopReason    StopReason
}

// Evaluate checks routes (client indices per route) against p and returns
// them as a Solution: every client exactly once, costs recomputed from the
// matrix, loads and excess per route. It returns an error for an unknown or
// repeated client, a missing one, or more routes than the fleet holds.
// Empty routes are dropped.
//
// Evaluate covers the plain CVRP; a rich problem (Problem.Rich) gives an
// error: check its solutions with package routecheck.
func Evaluate(p *Problem, routes [][]int) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Rich() {
		return nil, &InputError{Field: "problem", Msg: "Evaluate covers the plain CVRP; check solutions of rich problems with package routecheck"}
	}
	seen := make([]bool, len(p.Clients))
	D := p.dims()
	capv := p.capacity()
	dep := p.depot()
	s := &Solution{}
	for r, rt := range routes {
		if len(rt) == 0 {
			continue
		}
		out := Route{Clients: append([]int(nil), rt...), Load: make([]int64, D)}
		prev := dep
		for k, c := range rt {
			if c < 0 || c >= len(p.Clients) {
				return nil, &InputError{Field: fmt.Sprintf("routes[%d][%d]", r, k), Msg: fmt.Sprintf("client %d outside [0, %d)", c, len(p.Clients))}
			}
			if seen[c] {
				return nil, &InputError{Field: fmt.Sprintf("routes[%d][%d]", r, k), Msg: fmt.Sprintf("client %d visited twice", c)}
			}
			seen[c] = true
			loc := p.Clients[c].Location
			out.Distance += p.arc(prev, loc)
			prev = loc
			for d, q := range p.Clients[c].Demand {
				out.Load[d] += q
			}
		}
		out.Distance += p.arc(prev, dep)
		for d := range D {
			if out.Load[d] > capv[d] {
				s.Excess += out.Load[d] - capv[d]
			}
		}
		s.Distance += out.Distance
		s.Routes = append(s.Routes, out)
	}
	for c, ok := range seen {
		if !ok {
			return nil, &InputError{Field: fmt.Sprintf("clients[%d]", c), Msg: "not visited"}
		}
	}
	s.Cost = s.Distance + p.fixedCost()*int64(len(s.Routes))
	s.Feasible = s.Excess == 0
	if cnt := p.fleetCount(); cnt > 0 && len(s.Routes) > cnt {
		s.Feasible = false
	}
	return s, nil
}
