package flow

import (
	"context"
	"fmt"
	"math"
)

// Arc is an arc of a transportation problem: from supply node (source) From
// to demand node (sink) To, at Cost per unit.
type Arc struct {
	From, To int
	Cost     float64
}

// TransportResult is an optimal solution of a transportation problem with
// its dual prices.
//
// Sign convention: the problem is
//
//	min Σ c_ij x_ij  s.t.  Σ_j x_ij ≤ supply_i (dual U_i ≤ 0),
//	                       Σ_i x_ij = demand_j (dual V_j free), x ≥ 0,
//
// and (U, V) is an optimal solution of its dual
//
//	max Σ supply_i U_i + Σ demand_j V_j  s.t.  U_i + V_j ≤ c_ij, U ≤ 0.
//
// So the reduced cost c_ij − U_i − V_j is ≥ 0 on every arc and = 0 on every
// arc with flow; U_i = 0 for every source with unused supply, and −U_i is
// what one more unit of supply at i would save. V_j is the marginal cost of
// one more unit of demand at j. Cost = Σ supply·U + Σ demand·V (strong
// duality), up to rounding.
type TransportResult struct {
	// Cost is Σ cost·flow over the arcs, computed with the given costs.
	Cost float64
	// Flow is the flow per input arc (for TransportDense: m×n row-major,
	// 0 on "no arc" entries).
	Flow []float64
	// U is the dual price per source, ≤ 0.
	U []float64
	// V is the dual price per sink.
	V []float64
}

// Transport solves the transportation problem
//
//	min Σ cost·x over arcs  s.t.  Σ_out x ≤ supply[i] for each source i,
//	Σ_in x = demand[j] for each sink j, x ≥ 0.
//
// Supplies and demands must be finite and ≥ 0; total supply may exceed
// total demand. Arcs with cost +Inf are ignored; parallel arcs are allowed.
// Integral supplies and demands give integral flows. When demand cannot be
// met it returns an error wrapping ErrInfeasible that names a sink which
// cannot be served; invalid input gives an *InputError.
//
// Transport allocates a fresh TransportSolver; reuse one to solve many
// problems without allocating.
func Transport(ctx context.Context, supply, demand []float64, arcs []Arc) (*TransportResult, error) {
	var ts TransportSolver
	res, err := ts.Solve(ctx, supply, demand, arcs)
	return res, err
}

// TransportDense is Transport on a full m×n row-major cost matrix:
// cost[i*n+j] is the unit cost from source i to sink j, with m = len(supply)
// and n = len(demand). +Inf entries mean "no arc". Flow in the result is
// m×n row-major.
func TransportDense(ctx context.Context, supply, demand, cost []float64) (*TransportResult, error) {
	var ts TransportSolver
	return ts.SolveDense(ctx, supply, demand, cost)
}

// TransportSolver solves transportation problems, reusing its memory from
// one solve to the next: after the first solve of a given size, Solve and
// SolveDense allocate nothing. The zero value is ready to use. A
// TransportSolver must not be used by several goroutines at once.
type TransportSolver struct {
	s     simplex
	pos   []int32 // input arc → internal arc, or -1 when ignored
	scale float64
	res   TransportResult
}

// Solve is Transport using the solver's memory. The result (and its slices)
// belongs to the solver and is overwritten by the next call; copy what must
// be kept.
func (ts *TransportSolver) Solve(ctx context.Context, supply, demand []float64, arcs []Arc) (*TransportResult, error) {
	m, n := len(supply), len(demand)
	if err := checkAmounts(supply, demand); err != nil {
		return nil, err
	}
	cnt := 0
	var maxAbs float64
	for k, a := range arcs {
		if a.From < 0 || a.From >= m {
			return nil, &InputError{Field: fmt.Sprintf("arcs[%d].from", k), Msg: fmt.Sprintf("source %d out of range [0, %d)", a.From, m)}
		}
		if a.To < 0 || a.To >= n {
			return nil, &InputError{Field: fmt.Sprintf("arcs[%d].to", k), Msg: fmt.Sprintf("sink %d out of range [0, %d)", a.To, n)}
		}
		if math.IsNaN(a.Cost) || math.IsInf(a.Cost, -1) {
			return nil, &InputError{Field: fmt.Sprintf("arcs[%d].cost", k), Msg: fmt.Sprintf("invalid cost %g", a.Cost)}
		}
		if math.IsInf(a.Cost, 1) {
			continue
		}
		cnt++
		maxAbs = max(maxAbs, math.Abs(a.Cost))
	}
	s := &ts.s
	s.reset(m+n, cnt)
	ts.scale = costScale(maxAbs, m+n)
	ts.pos = grow(ts.pos, len(arcs))
	skip := max(cnt/max(m+n, 1), 3)
	i, j := 0, 0
	for k, a := range arcs {
		if math.IsInf(a.Cost, 1) {
			ts.pos[k] = -1
			continue
		}
		s.src[i], s.tgt[i] = int32(a.From), int32(m+a.To)
		s.cost[i] = int64(math.Round(a.Cost * ts.scale))
		s.capa[i] = math.Inf(1)
		ts.pos[k] = int32(i)
		if i += skip; i >= cnt {
			j++
			i = j
		}
	}
	if err := ts.run(ctx, supply, demand); err != nil {
		return nil, err
	}
	r := &ts.res
	r.Flow = grow(r.Flow, len(arcs))
	r.Cost = 0
	for k, a := range arcs {
		x := 0.0
		if p := ts.pos[k]; p >= 0 {
			x = s.flow[p]
			if x != 0 {
				r.Cost += a.Cost * x
			}
		}
		r.Flow[k] = x
	}
	return r, nil
}

// SolveDense is TransportDense using the solver's memory; see Solve.
func (ts *TransportSolver) SolveDense(ctx context.Context, supply, demand, cost []float64) (*TransportResult, error) {
	m, n := len(supply), len(demand)
	if err := checkAmounts(supply, demand); err != nil {
		return nil, err
	}
	if len(cost) != m*n {
		return nil, &InputError{Field: "cost", Msg: fmt.Sprintf("got %d entries, want %d×%d = %d", len(cost), m, n, m*n)}
	}
	cnt := 0
	var maxAbs float64
	for k, c := range cost {
		if math.IsNaN(c) || math.IsInf(c, -1) {
			return nil, &InputError{Field: fmt.Sprintf("cost[%d]", k), Msg: fmt.Sprintf("invalid cost %g", c)}
		}
		if math.IsInf(c, 1) {
			continue
		}
		cnt++
		maxAbs = max(maxAbs, math.Abs(c))
	}
	s := &ts.s
	s.reset(m+n, cnt)
	ts.scale = costScale(maxAbs, m+n)
	ts.pos = grow(ts.pos, len(cost))
	skip := max(cnt/max(m+n, 1), 3)
	p, q := 0, 0
	for i := range m {
		row := cost[i*n : i*n+n]
		for j, c := range row {
			if math.IsInf(c, 1) {
				ts.pos[i*n+j] = -1
				continue
			}
			s.src[p], s.tgt[p] = int32(i), int32(m+j)
			s.cost[p] = int64(math.Round(c * ts.scale))
			s.capa[p] = math.Inf(1)
			ts.pos[i*n+j] = int32(p)
			if p += skip; p >= cnt {
				q++
				p = q
			}
		}
	}
	if err := ts.run(ctx, supply, demand); err != nil {
		return nil, err
	}
	r := &ts.res
	r.Flow = grow(r.Flow, len(cost))
	r.Cost = 0
	for k, c := range cost {
		x := 0.0
		if p := ts.pos[k]; p >= 0 {
			x = s.flow[p]
			if x != 0 {
				r.Cost += c * x
			}
		}
		r.Flow[k] = x
	}
	return r, nil
}

// checkAmounts validates supplies and demands.
func checkAmounts(supply, demand []float64) error {
	for i, b := range supply {
		if !(b >= 0) || math.IsInf(b, 1) {
			return &InputError{Field: fmt.Sprintf("supply[%d]", i), Msg: fmt.Sprintf("got %g, want a finite value ≥ 0", b)}
		}
	}
	for j, d := range demand {
		if !(d >= 0) || math.IsInf(d, 1) {
			return &InputError{Field: fmt.Sprintf("demand[%d]", j), Msg: fmt.Sprintf("got %g, want a finite value ≥ 0", d)}
		}
	}
	return nil
}

// run sets the nodes, solves and fills the duals; arcs are already loaded.
func (ts *TransportSolver) run(ctx context.Context, supply, demand []float64) error {
	s := &ts.s
	m, n := len(supply), len(demand)
	frac := false
	var big float64
	for i, b := range supply {
		s.supply[i] = b
		s.disposable[i] = true
		frac = frac || b != math.Trunc(b)
		big = max(big, b)
	}
	for j, d := range demand {
		s.supply[m+j] = -d
		frac = frac || d != math.Trunc(d)
		big = max(big, d)
	}
	s.tol = 0
	if frac {
		s.tol = 1e-12 * big
	}
	st, err := s.run(ctx)
	if err != nil {
		return err
	}
	switch st {
	case unbounded: // cannot happen: every arc ends at a sink with a fixed demand
		return ErrUnbounded
	case infeasible:
		for j := range n {
			e := s.artArc[m+j]
			if e >= 0 && s.src[e] == s.root && s.flow[e] > s.tol {
				return fmt.Errorf("%w: sink %d cannot be served: %g of its demand %g is short", ErrInfeasible, j, s.flow[e], demand[j])
			}
		}
		return fmt.Errorf("%w: demand cannot be met", ErrInfeasible)
	}
	r := &ts.res
	r.U = grow(r.U, m)
	r.V = grow(r.V, n)
	for i := range m {
		r.U[i] = 0 - float64(s.pi[i])/ts.scale
	}
	for j := range n {
		r.V[j] = float64(s.pi[m+j]) / ts.scale
	}
	return nil
}
