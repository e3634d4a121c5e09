package route

import (
	"fmt"
	"time"
)

// Solution is a set of routes, each a sequence of client indices (indices
// into Problem.Clients), with its cost in integer units (see Problem).
type Solution struct {
	Routes []Route
	// Cost is Distance plus the vehicles' fixed costs.
	Cost int64
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
	Vehicle  int   // index into Problem.Vehicles (0 in this version)
	Clients  []int // indices into Problem.Clients, in visiting order
	Distance int64
	Load     []int64 // total demand per dimension
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
	Iterations int           // genetic iterations (offspring bred)
	Restarts   int           // population restarts
	Elapsed    time.Duration // wall time
	StopReason StopReason
}

// Evaluate checks routes (client indices per route) against p and returns
// them as a Solution: every client exactly once, costs recomputed from the
// matrix, loads and excess per route. It returns an error for an unknown or
// repeated client, a missing one, or more routes than the fleet holds.
// Empty routes are dropped.
func Evaluate(p *Problem, routes [][]int) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
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
