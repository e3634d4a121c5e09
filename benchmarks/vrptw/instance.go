package vrptw

import (
	"fmt"
	"math"
)

// Kind names a benchmark set's problem, and so the rules Check applies.
type Kind string

// The kinds of instance this package reads.
const (
	// KindVRPTW is the vehicle-routing problem with time windows (Solomon):
	// one depot, a fleet of Vehicles vehicles of Capacity each, hard time
	// windows.
	KindVRPTW Kind = "vrptw"
	// KindPDPTW is the pickup-and-delivery problem with time windows
	// (Li & Lim): as KindVRPTW, and each pickup and its delivery are served
	// by the same vehicle, the pickup first.
	KindPDPTW Kind = "pdptw"
	// KindMDVRP is the multi-depot VRP (Cordeau): several depots, each with
	// Vehicles vehicles, a capacity and a maximum route duration; no time
	// windows.
	KindMDVRP Kind = "mdvrp"
)

// Instance is one benchmark instance in plain form. Readers fill every
// field; Check reads them. Times and distances are in the set's own units,
// where travel time equals Euclidean distance.
type Instance struct {
	// Name is the instance's name as bks.csv spells it: line 1 of a Solomon
	// file ("C101"), otherwise the file name without its extension ("lc101",
	// "p01").
	Name string
	// Kind says which set, and so which rules, the instance follows. Check
	// treats any kind other than KindPDPTW alike: the per-depot rules come
	// from the fields below, not from Kind.
	Kind Kind
	// Vehicles is the number of vehicles based at each depot: for the
	// single-depot sets the fleet size K (25 in Solomon and Li & Lim), for
	// Cordeau the m of the header. 0 means unlimited.
	Vehicles int
	// Capacity is the capacity Q of a vehicle. For MDVRP, where each depot
	// states its own, it is the largest of DepotCapacity (every Cordeau file
	// gives all depots the same value).
	Capacity int
	// Nodes holds the depots and customers in file order; see the package
	// documentation for how indices relate to the file's ids.
	Nodes []Node
	// Depots lists the indices in Nodes of the depots, in file order:
	// [0] for Solomon and Li & Lim, [n … n+t-1] for Cordeau. A Route's Depot
	// is a position in this slice. Every other node is a customer.
	Depots []int
	// DepotCapacity is the vehicle capacity at each depot, parallel to
	// Depots. Nil means Capacity at every depot (Solomon, Li & Lim).
	DepotCapacity []int
	// MaxDuration is the longest a route from each depot may take (travel,
	// waiting and service, from leaving the depot to coming back), parallel
	// to Depots; 0 means no limit. Nil means no limit anywhere (Solomon,
	// Li & Lim).
	MaxDuration []float64
}

// Node is a depot or a customer.
type Node struct {
	// ID is the node's number in the file (see the package documentation).
	ID int
	// X and Y are the node's coordinates.
	X, Y float64
	// Demand is the load the node adds to the vehicle. It is ≥ 0 in Solomon
	// and Cordeau (a quantity collected); in Li & Lim a pickup has Demand > 0
	// and its delivery the opposite, < 0. Depots have 0.
	Demand int
	// Ready and Due bound the start of service: a vehicle arriving before
	// Ready waits, and service must start by Due. At a depot, Ready is when
	// vehicles may leave and Due the horizon by which they must be back.
	// Cordeau has no time windows: Ready is 0 and Due is +Inf.
	Ready, Due float64
	// Service is the time spent at the node (0 at depots).
	Service float64
	// Pickup is, for a Li & Lim delivery, the index of its pickup; -1 for
	// every other node and in the other sets. Pickup and Delivery are only
	// read for KindPDPTW instances.
	Pickup int
	// Delivery is, for a Li & Lim pickup, the index of its delivery; -1 for
	// every other node and in the other sets.
	Delivery int
}

// Dist returns the Euclidean distance between nodes i and j, in float64 and
// unrounded, as sqrt(dx²+dy²) — the convention of all three sets. It is also
// the travel time. It panics if i or j is out of range.
func (in *Instance) Dist(i, j int) float64 {
	a, b := &in.Nodes[i], &in.Nodes[j]
	dx, dy := a.X-b.X, a.Y-b.Y
	return math.Sqrt(dx*dx + dy*dy)
}

// NumCustomers returns the number of nodes that are not depots.
func (in *Instance) NumCustomers() int { return len(in.Nodes) - len(in.Depots) }

// DepotCap returns the vehicle capacity at depot k (a position in Depots).
func (in *Instance) DepotCap(k int) int {
	if in.DepotCapacity != nil {
		return in.DepotCapacity[k]
	}
	return in.Capacity
}

// DepotMaxDuration returns the route-duration limit at depot k (a position
// in Depots), 0 when there is none.
func (in *Instance) DepotMaxDuration(k int) float64 {
	if in.MaxDuration != nil {
		return in.MaxDuration[k]
	}
	return 0
}

// Validate reports whether in is consistent enough to be checked: at least
// one depot, every index in range, per-depot slices parallel to Depots and,
// for KindPDPTW, siblings that point at each other. The readers only return
// instances that pass it; it is for instances built by hand.
func (in *Instance) Validate() error {
	if in == nil {
		return fmt.Errorf("vrptw: nil instance")
	}
	n := len(in.Nodes)
	if len(in.Depots) == 0 {
		return fmt.Errorf("vrptw: instance %q has no depot", in.Name)
	}
	seen := make(map[int]bool, len(in.Depots))
	for k, d := range in.Depots {
		if d < 0 || d >= n {
			return fmt.Errorf("vrptw: instance %q: depots[%d] = %d is not a node index (%d nodes)", in.Name, k, d, n)
		}
		if seen[d] {
			return fmt.Errorf("vrptw: instance %q: node %d listed twice as a depot", in.Name, d)
		}
		seen[d] = true
	}
	if in.DepotCapacity != nil && len(in.DepotCapacity) != len(in.Depots) {
		return fmt.Errorf("vrptw: instance %q: %d depot capacities for %d depots", in.Name, len(in.DepotCapacity), len(in.Depots))
	}
	if in.MaxDuration != nil && len(in.MaxDuration) != len(in.Depots) {
		return fmt.Errorf("vrptw: instance %q: %d max durations for %d depots", in.Name, len(in.MaxDuration), len(in.Depots))
	}
	if in.Vehicles < 0 {
		return fmt.Errorf("vrptw: instance %q: negative vehicle count %d", in.Name, in.Vehicles)
	}
	if in.Kind != KindPDPTW {
		return nil
	}
	for i := range in.Nodes {
		nd := &in.Nodes[i]
		if d := nd.Delivery; d >= 0 {
			if d >= n || seen[d] || in.Nodes[d].Pickup != i {
				return fmt.Errorf("vrptw: instance %q: node %d: delivery %d does not name it as its pickup", in.Name, i, d)
			}
		}
		if p := nd.Pickup; p >= 0 {
			if p >= n || seen[p] || in.Nodes[p].Delivery != i {
				return fmt.Errorf("vrptw: instance %q: node %d: pickup %d does not name it as its delivery", in.Name, i, p)
			}
		}
	}
	return nil
}
