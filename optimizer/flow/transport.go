package flow

import (
	"context"
	"fmt"
	"math"
	"sync"
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
// Transport takes a TransportSolver from an internal pool and returns a
// copy of its result, which the caller owns; hold a TransportSolver to also
// avoid that copy, or to warm-start with Resolve.
func Transport(ctx context.Context, supply, demand []float64, arcs []Arc) (*TransportResult, error) {
	ts := solverPool.Get().(*TransportSolver)
	defer release(ts)
	res, err := ts.Solve(ctx, supply, demand, arcs)
	if err != nil {
		return nil, err
	}
	return res.clone(), nil
}

// TransportDense is Transport on a full m×n row-major cost matrix:
// cost[i*n+j] is the unit cost from source i to sink j, with m = len(supply)
// and n = len(demand). +Inf entries mean "no arc". Flow in the result is
// m×n row-major.
func TransportDense(ctx context.Context, supply, demand, cost []float64) (*TransportResult, error) {
	ts := solverPool.Get().(*TransportSolver)
	defer release(ts)
	res, err := ts.SolveDense(ctx, supply, demand, cost)
	if err != nil {
		return nil, err
	}
	return res.clone(), nil
}

// solverPool recycles the workspaces of Transport and TransportDense.
var solverPool = sync.Pool{New: func() any { return new(TransportSolver) }}

// release drops the solver's references to caller data and pools it.
func release(ts *TransportSolver) {
	ts.arcs, ts.cost, ts.loaded = nil, nil, false
	solverPool.Put(ts)
}

// clone returns a deep copy of r in one allocation for the slices.
func (r *TransportResult) clone() *TransportResult {
	nf, nu := len(r.Flow), len(r.U)
	buf := make([]float64, nf+nu+len(r.V))
	c := &TransportResult{
		Cost: r.Cost,
		Flow: buf[:nf:nf],
		U:    buf[nf : nf+nu : nf+nu],
		V:    buf[nf+nu:],
	}
	copy(c.Flow, r.Flow)
	copy(c.U, r.U)
	copy(c.V, r.V)
	return c
}

// TransportSolver solves transportation problems, reusing its memory from
// one solve to the next: after the first solve of a given size, Solve and
// SolveDense allocate nothing. The zero value is ready to use. A
// TransportSolver must not be used by several goroutines at once.
type TransportSolver struct {
	s         simplex
	orig      []int32 // internal arc → input arc (sparse problems)
	colStart  []int32
	sinkStart []int32 // internal arcs into sink j: [sinkStart[j], sinkStart[j+1])
	outPos    []int32
	outBuilt  bool      // s.outStart/outArc describe the loaded sparse problem
	arcs      []Arc     // the last sparse problem, or nil
	cost      []float64 // the last dense problem, or nil
	dense     bool
	m, n      int
	loaded    bool
	scale     float64
	res       TransportResult
}

// Solve is Transport using the solver's memory. The result (and its slices)
// belongs to the solver and is overwritten by the next call; copy what must
// be kept.
func (ts *TransportSolver) Solve(ctx context.Context, supply, demand []float64, arcs []Arc) (*TransportResult, error) {
	m, n := len(supply), len(demand)
	ts.loaded = false
	ts.outBuilt = false
	if err := checkAmounts(supply, demand); err != nil {
		return nil, err
	}
	// Pass 1: validate, count the arcs of each sink, find the largest |cost|.
	ts.colStart = grow(ts.colStart, n+1)
	next := ts.colStart
	clear(next)
	var maxAbs float64
	for k, a := range arcs {
		if a.From < 0 || a.From >= m {
			return nil, &InputError{Field: fmt.Sprintf("arcs[%d].from", k), Msg: fmt.Sprintf("source %d out of range [0, %d)", a.From, m)}
		}
		if a.To < 0 || a.To >= n {
			return nil, &InputError{Field: fmt.Sprintf("arcs[%d].to", k), Msg: fmt.Sprintf("sink %d out of range [0, %d)", a.To, n)}
		}
		if c := math.Abs(a.Cost); c <= math.MaxFloat64 {
			next[a.To+1]++
			maxAbs = max(maxAbs, c)
		} else if a.Cost != math.Inf(1) {
			return nil, &InputError{Field: fmt.Sprintf("arcs[%d].cost", k), Msg: fmt.Sprintf("invalid cost %g", a.Cost)}
		}
	}
	for j := range n {
		next[j+1] += next[j]
	}
	cnt := int(next[n])
	s := &ts.s
	s.reset(m+n, cnt, false)
	ts.scale = costScale(maxAbs, m+n)
	ts.orig = grow(ts.orig, cnt)
	ts.sinkStart = grow(ts.sinkStart, n+1)
	copy(ts.sinkStart, next)
	s.inStart, s.inBase = ts.sinkStart, m
	for v := range m + n {
		s.minIn[v] = -1
	}
	// Pass 2: store the arcs grouped by sink and note each sink's cheapest
	// arc for the initial pivots. (Pricing uses the plain candidate list
	// here: on sparse problems it scans fewer arcs than per-sink groups.)
	scale := ts.scale
	var maxCost int64
	for k, a := range arcs {
		if a.Cost == math.Inf(1) {
			continue
		}
		p := next[a.To]
		next[a.To]++
		s.src[p], s.tgt[p] = int32(a.From), int32(m+a.To)
		c := roundCost(a.Cost * scale)
		s.cost[p] = c
		maxCost = max(maxCost, c, -c)
		ts.orig[p] = int32(k)
		if q := s.minIn[m+a.To]; q < 0 || c < s.cost[q] {
			s.minIn[m+a.To] = p
		}
	}
	s.maxCost = maxCost
	s.haveMinIn = true
	ts.arcs, ts.cost, ts.dense = arcs, nil, false
	ts.m, ts.n, ts.loaded = m, n, true
	return ts.finish(ctx, supply, demand, false)
}

// SolveDense is TransportDense using the solver's memory; see Solve.
func (ts *TransportSolver) SolveDense(ctx context.Context, supply, demand, cost []float64) (*TransportResult, error) {
	m, n := len(supply), len(demand)
	ts.loaded = false
	ts.outBuilt = false
	if err := checkAmounts(supply, demand); err != nil {
		return nil, err
	}
	if len(cost) != m*n {
		return nil, &InputError{Field: "cost", Msg: fmt.Sprintf("got %d entries, want %d×%d = %d", len(cost), m, n, m*n)}
	}
	// Pass 1 (sequential): validate, find the largest |cost|.
	var maxAbs float64
	for k, c := range cost {
		if a := math.Abs(c); a <= math.MaxFloat64 {
			maxAbs = max(maxAbs, a)
		} else if c != math.Inf(1) {
			return nil, &InputError{Field: fmt.Sprintf("cost[%d]", k), Msg: fmt.Sprintf("invalid cost %g", c)}
		}
	}
	cnt := m * n
	s := &ts.s
	s.reset(m+n, cnt, false)
	ts.scale = costScale(maxAbs, m+n)
	ts.orig = ts.orig[:0]
	ts.colStart = grow(ts.colStart, n+1)
	for j := range n + 1 {
		ts.colStart[j] = int32(j * m)
	}
	ts.setGroups(m, n, ts.colStart)
	ts.sinkStart = grow(ts.sinkStart, n+1)
	copy(ts.sinkStart, ts.colStart)
	s.inStart, s.inBase = ts.sinkStart, m
	s.denseM = m
	// Pass 2: every entry becomes an arc, stored column by column (arc
	// j·m+i is i→j), "no arc" entries with the cost noArc that never
	// enters. A pricing group is one sink with all sources.
	scale := ts.scale
	var maxCost int64
	for j := range n {
		s.minIn[m+j] = -1
	}
	// Transpose in tiles of 16 columns: reads stay sequential within a
	// row, writes sequential within 16 columns.
	const tile = 16
	for j0 := 0; j0 < n; j0 += tile {
		j1 := min(j0+tile, n)
		for i := range m {
			row := cost[i*n+j0 : i*n+j1]
			for dj, c := range row {
				j := j0 + dj
				p := j*m + i
				s.src[p], s.tgt[p] = int32(i), int32(m+j)
				if c == math.Inf(1) {
					s.cost[p] = noArc
					continue
				}
				ci := roundCost(c * scale)
				s.cost[p] = ci
				maxCost = max(maxCost, ci, -ci)
				if q := s.minIn[m+j]; q < 0 || ci < s.cost[q] {
					s.minIn[m+j] = int32(p)
				}
			}
		}
	}
	s.maxCost = maxCost
	s.haveMinIn = true
	ts.arcs, ts.cost, ts.dense = nil, cost, true
	ts.m, ts.n, ts.loaded = m, n, true
	return ts.finish(ctx, supply, demand, false)
}

// Resolve solves the last problem given to Solve or SolveDense again with
// new supplies and demands (same lengths; arcs and costs unchanged, and the
// caller must not have modified them), warm-started from the last basis.
// When few amounts change, as when a local search opens or closes one site
// (keep the arcs of closed sites and give them supply 0), it needs far
// fewer pivots than a cold solve. It returns the same results as Solve.
// Resolve panics if the last Solve or SolveDense failed on invalid input or
// none was called.
func (ts *TransportSolver) Resolve(ctx context.Context, supply, demand []float64) (*TransportResult, error) {
	if !ts.loaded {
		panic("flow: TransportSolver.Resolve before Solve")
	}
	if len(supply) != ts.m {
		return nil, &InputError{Field: "supply", Msg: fmt.Sprintf("got %d sources, want %d as in the last solve", len(supply), ts.m)}
	}
	if len(demand) != ts.n {
		return nil, &InputError{Field: "demand", Msg: fmt.Sprintf("got %d sinks, want %d as in the last solve", len(demand), ts.n)}
	}
	if err := checkAmounts(supply, demand); err != nil {
		return nil, err
	}
	return ts.finish(ctx, supply, demand, true)
}

// finish solves the loaded problem and fills the result.
func (ts *TransportSolver) finish(ctx context.Context, supply, demand []float64, warm bool) (*TransportResult, error) {
	if err := ts.run(ctx, supply, demand, warm); err != nil {
		return nil, err
	}
	r := &ts.res
	if ts.dense {
		r.Flow = grow(r.Flow, len(ts.cost))
	} else {
		r.Flow = grow(r.Flow, len(ts.arcs))
	}
	clear(r.Flow)
	r.Cost = 0
	ts.collect(ts.arcs, ts.cost)
	return r, nil
}

// roundCost rounds a scaled cost to the nearest integer (halves up).
func roundCost(x float64) int64 {
	return int64(math.Floor(x + 0.5))
}

// buildOut lists the arcs leaving each source (sparse layout), once per
// loaded problem, for the warm start's hot sources.
func (ts *TransportSolver) buildOut(m int) {
	s := &ts.s
	s.outStart = grow(s.outStart, m+1)
	clear(s.outStart)
	for e := range s.m {
		s.outStart[s.src[e]+1]++
	}
	for i := range m {
		s.outStart[i+1] += s.outStart[i]
	}
	s.outArc = grow(s.outArc, s.m)
	pos := grow(ts.outPos, m)
	ts.outPos = pos
	copy(pos, s.outStart[:m])
	for e := range s.m {
		i := s.src[e]
		s.outArc[pos[i]] = int32(e)
		pos[i]++
	}
	ts.outBuilt = true
}

// setGroups records the sink groups (start offsets, n+1 entries) in the
// simplex and clears the minIn table.
func (ts *TransportSolver) setGroups(m, n int, start []int32) {
	s := &ts.s
	s.groupStart = grow(s.groupStart, n+2)
	copy(s.groupStart, start[:n+1])
	s.groupTgt = grow(s.groupTgt, n+1)
	for j := range n {
		s.groupTgt[j] = int32(m + j)
	}
	s.groups = n
	for v := range m + n {
		s.minIn[v] = -1
	}
}

// collect writes the flows of the basic arcs (the only ones that can be
// non-zero: every arc is uncapacitated) into the result, and the cost.
func (ts *TransportSolver) collect(arcs []Arc, cost []float64) {
	s := &ts.s
	r := &ts.res
	for u := range s.n {
		e := s.pred[u]
		if int(e) >= s.m {
			continue // disposal or artificial arc
		}
		x := s.xf[u]
		if x == 0 {
			continue
		}
		k := int32(e)
		if !ts.dense {
			k = ts.orig[e]
		} else {
			k = int32(int(e)%ts.m*ts.n + int(e)/ts.m)
		}
		r.Flow[k] = x
		if ts.dense {
			r.Cost += cost[k] * x
		} else {
			r.Cost += arcs[k].Cost * x
		}
	}
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
func (ts *TransportSolver) run(ctx context.Context, supply, demand []float64, warm bool) error {
	s := &ts.s
	m, n := len(supply), len(demand)
	frac := false
	var big float64
	s.hotSrc = s.hotSrc[:0]
	if warm && s.denseM == 0 && !ts.outBuilt {
		ts.buildOut(m)
	}
	for i, b := range supply {
		if warm && b > s.supply[i] {
			s.hotSrc = append(s.hotSrc, int32(i)) // price its arcs first
		}
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
	var st status
	var err error
	if warm {
		st, err = s.rerun(ctx)
	} else {
		st, err = s.run(ctx)
	}
	if err != nil {
		return err
	}
	switch st {
	case unbounded: // cannot happen: every arc ends at a sink with a fixed demand
		return ErrUnbounded
	case infeasible:
		for j := range n {
			e := s.artArc[m+j]
			if e >= 0 && s.src[e] == s.root && s.arcFlow(e) > s.tol {
				return fmt.Errorf("%w: sink %d cannot be served: %g of its demand %g is short", ErrInfeasible, j, s.arcFlow(e), demand[j])
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
		v := int32(m + j)
		pj := s.pi[v]
		if demand[j] == 0 && s.pred[v] == s.artArc[v] && s.succNum[v] == 1 {
			// A sink without demand that no tree arc reaches keeps the
			// big-M potential of its artificial arc. Give it instead the
			// largest price its arcs allow, min_i c_ij − U_i (0 without
			// arcs): still dual feasible, and the marginal cost of its
			// first unit.
			pj = ts.tightPrice(j)
		}
		r.V[j] = float64(pj) / ts.scale
	}
	return nil
}

// tightPrice returns min over the arcs i→j of cost + π_i, or 0 if sink j has
// no arc (scaled units).
func (ts *TransportSolver) tightPrice(j int) int64 {
	s := &ts.s
	lo, hi := int(ts.sinkStart[j]), int(ts.sinkStart[j+1])
	best, found := int64(0), false
	for p := lo; p < hi; p++ {
		c := s.cost[p]
		if c == noArc {
			continue
		}
		if v := c + s.pi[s.src[p]]; !found || v < best {
			best, found = v, true
		}
	}
	return best
}
