package flow

import (
	"context"
	"fmt"
	"math"
)

// Network is a general minimum-cost flow problem: nodes 0..n-1 with
// supplies, arcs with lower and upper bounds and unit costs. Build it with
// NewNetwork, AddArc and SetSupply, then call Solve and read Flow, Cost and
// Potential. Solve may be called again after changing supplies; arcs cannot
// be removed.
type Network struct {
	n                   int
	from, to            []int32
	lower, upper, costs []float64
	supply              []float64

	s     simplex
	flow  []float64
	pot   []float64
	total float64
}

// NewNetwork returns an empty network on nodes 0..nodes-1, all with supply 0.
// It panics if nodes < 0.
func NewNetwork(nodes int) *Network {
	if nodes < 0 {
		panic("flow: NewNetwork with negative node count")
	}
	return &Network{n: nodes, supply: make([]float64, nodes)}
}

// Nodes returns the number of nodes.
func (g *Network) Nodes() int { return g.n }

// Arcs returns the number of arcs added so far.
func (g *Network) Arcs() int { return len(g.from) }

// AddArc adds an arc from→to carrying between lower and upper units at cost
// per unit, and returns its id (0, 1, 2, … in order of addition). Use
// upper = math.Inf(1) for an uncapacitated arc. Values are checked by Solve;
// AddArc panics only if a node is out of range.
func (g *Network) AddArc(from, to int, lower, upper, cost float64) int {
	if from < 0 || from >= g.n || to < 0 || to >= g.n {
		panic(fmt.Sprintf("flow: AddArc(%d, %d) with %d nodes", from, to, g.n))
	}
	g.from = append(g.from, int32(from))
	g.to = append(g.to, int32(to))
	g.lower = append(g.lower, lower)
	g.upper = append(g.upper, upper)
	g.costs = append(g.costs, cost)
	return len(g.from) - 1
}

// SetSupply sets the supply of node: b > 0 is a supply, b < 0 a demand.
//
// If the supplies sum to 0, every node is balanced exactly. If they sum to
// more than 0, the excess may stay at the supply nodes: a node with b > 0
// sends out at most b (net), every other node exactly its b. If they sum to
// less than 0, Solve returns ErrInfeasible.
func (g *Network) SetSupply(node int, b float64) {
	g.supply[node] = b
}

// Solve computes a minimum-cost flow with the network simplex method. It
// returns an error wrapping ErrInfeasible (naming a node that cannot be
// balanced) or ErrUnbounded, an *InputError for invalid data (NaN or
// infinite costs and supplies, lower > upper, infinite lower bounds), or
// ctx.Err() when the context ends first.
//
// With integral supplies and bounds the flows are integral.
func (g *Network) Solve(ctx context.Context) error {
	n, m := g.n, len(g.from)
	var sum, big float64
	frac := false
	for u, b := range g.supply {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return &InputError{Field: fmt.Sprintf("supply[%d]", u), Msg: fmt.Sprintf("got %g, want a finite value", b)}
		}
		sum += b
		big = max(big, math.Abs(b))
		frac = frac || b != math.Trunc(b)
	}
	var maxAbs float64
	for e := range m {
		lo, up, c := g.lower[e], g.upper[e], g.costs[e]
		switch {
		case math.IsNaN(c) || math.IsInf(c, 0):
			return &InputError{Field: fmt.Sprintf("arcs[%d].cost", e), Msg: fmt.Sprintf("got %g, want a finite value", c)}
		case math.IsNaN(lo) || math.IsInf(lo, 0):
			return &InputError{Field: fmt.Sprintf("arcs[%d].lower", e), Msg: fmt.Sprintf("got %g, want a finite value", lo)}
		case math.IsNaN(up) || math.IsInf(up, -1) || up < lo:
			return &InputError{Field: fmt.Sprintf("arcs[%d].upper", e), Msg: fmt.Sprintf("got %g, want a value ≥ lower %g", up, lo)}
		}
		maxAbs = max(maxAbs, math.Abs(c))
		big = max(big, math.Abs(lo))
		frac = frac || lo != math.Trunc(lo)
		if !math.IsInf(up, 1) {
			big = max(big, math.Abs(up))
			frac = frac || up != math.Trunc(up)
		}
	}
	tol := 0.0
	if frac {
		tol = 1e-12 * max(big, 1)
	}
	if sum < -tol {
		return fmt.Errorf("%w: total supply falls %g short of total demand", ErrInfeasible, -sum)
	}

	s := &g.s
	capped := false
	for _, up := range g.upper {
		capped = capped || !math.IsInf(up, 1)
	}
	s.reset(n, m, capped)
	s.tol = tol
	scale := costScale(maxAbs, n)
	copy(s.supply, g.supply)
	var maxCost int64
	for e := range m {
		lo := g.lower[e]
		s.src[e], s.tgt[e] = g.from[e], g.to[e]
		c := int64(math.Round(g.costs[e] * scale))
		s.cost[e] = c
		maxCost = max(maxCost, c, -c)
		if capped {
			s.capa[e] = g.upper[e] - lo
		}
		if lo != 0 {
			s.supply[g.from[e]] -= lo
			s.supply[g.to[e]] += lo
		}
	}
	s.maxCost = maxCost
	if sum > tol {
		for u, b := range g.supply {
			s.disposable[u] = b > 0
		}
	}

	st, err := s.run(ctx)
	if err != nil {
		return err
	}
	switch st {
	case unbounded:
		return fmt.Errorf("%w: negative-cost cycle of uncapacitated arcs", ErrUnbounded)
	case infeasible:
		for u := range n {
			if e := s.artArc[u]; e >= 0 && s.arcFlow(e) > s.tol {
				return fmt.Errorf("%w: node %d cannot be balanced (%g units)", ErrInfeasible, u, s.arcFlow(e))
			}
		}
		return ErrInfeasible
	}
	g.flow = grow(g.flow, m)
	g.total = 0
	for e := range m {
		x := s.arcFlow(int32(e)) + g.lower[e]
		g.flow[e] = x
		g.total += g.costs[e] * x
	}
	// With balanced supplies every node hangs from the root by an
	// artificial arc, whose big-M cost offsets the potentials of its
	// subtree. When all remaining root arcs point the same way the offset
	// is one constant: remove it (differences are all that matter then).
	var shift int64
	if !(sum > tol) {
		dir, same := int8(0), true
		for u := range n {
			if s.parent[u] == s.root {
				if dir != 0 && s.predDir[u] != dir {
					same = false
				}
				dir = s.predDir[u]
			}
		}
		if same && dir != 0 {
			shift = int64(dir) * s.art // π_r = −dir·ART for a root child r
		}
	}
	g.pot = grow(g.pot, n)
	for u := range n {
		g.pot[u] = float64(s.pi[u]+shift) / scale
	}
	return nil
}

// Flow returns the flow on arc after a successful Solve.
func (g *Network) Flow(arc int) float64 { return g.flow[arc] }

// Cost returns Σ cost·flow after a successful Solve.
func (g *Network) Cost() float64 { return g.total }

// Potential returns the optimal dual price π of node after a successful
// Solve. Convention: the reduced cost c_uv + π_u − π_v of an arc u→v is ≥ 0
// if its flow is below upper, and ≤ 0 if its flow is above lower (so = 0
// strictly between); π_v − π_u is the marginal cost of moving one more unit
// from u to v. With balanced supplies π is unique only up to a constant
// (per connected component), and is normalised to remove the big-M offset
// of the artificial start when possible. In the excess case (supplies sum
// to more than 0) every node with b > 0 has π ≥ 0, and π = 0 when it keeps
// part of its supply.
func (g *Network) Potential(node int) float64 { return g.pot[node] }
