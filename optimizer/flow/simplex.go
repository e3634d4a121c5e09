package flow

import (
	"context"
	"math"
)

// This file holds the primal network simplex engine shared by Network and
// TransportSolver. It follows the design of LEMON's NetworkSimplex
// (Kovács, "Minimum-cost flow algorithms: an experimental evaluation",
// 2015): a spanning tree rooted at an artificial node, stored as parallel
// slices (parent, pred, thread, reverse thread, subtree size, last
// successor), strongly feasible trees (no cycling), a block-search pivot rule
// and big-M artificial arcs for feasibility.
//
// Costs are int64 (scaled by the caller, see costScale), so reduced costs and
// potentials are exact. Flows are float64: sums and differences of integers
// below 2^53 are exact, so integral data gives integral flows.

const (
	stateUpper int8 = -1
	stateTree  int8 = 0
	stateLower int8 = 1

	dirUp   int8 = 1  // the tree arc points from the node to its parent
	dirDown int8 = -1 // the tree arc points from the parent to the node

	ctxEvery = 1024 // pivots between context checks
)

// status is the outcome of simplex.run.
type status int

const (
	optimal status = iota
	infeasible
	unbounded
)

// simplex is a reusable network simplex workspace. The caller sizes it with
// reset, fills src, tgt, cost, capa for the real arcs [0, m) and supply,
// disposable for the nodes [0, n), then calls run.
type simplex struct {
	n, m       int // real nodes and arcs; the root is node n
	searchArcs int // arcs [0, searchArcs) may enter the basis
	allArcs    int // arcs [searchArcs, allArcs) are artificial

	src, tgt []int32
	cost     []int64
	capa     []float64
	flow     []float64
	state    []int8

	supply     []float64 // per node, n+1 entries (root last)
	disposable []bool    // node may keep part of its (positive) supply
	artArc     []int32   // per node: its artificial arc, or -1

	pi                                                 []int64
	parent, pred, thread, revThread, succNum, lastSucc []int32
	predDir                                            []int8
	dirty                                              []int32
	minIn                                              []int32

	root                              int32
	inArc, join, uIn, vIn, uOut, vOut int32
	delta                             float64
	nextArc, blockSize                int
	art                               int64
	tol                               float64 // flows within tol of a bound are snapped to it; 0 for integral data
	pivots                            int
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// reset sizes the workspace for n nodes and m real arcs, reusing memory.
func (s *simplex) reset(n, m int) {
	s.n, s.m = n, m
	all := m + 2*n
	s.src = grow(s.src, all)
	s.tgt = grow(s.tgt, all)
	s.cost = grow(s.cost, all)
	s.capa = grow(s.capa, all)
	s.flow = grow(s.flow, all)
	s.state = grow(s.state, all)
	s.supply = grow(s.supply, n+1)
	s.disposable = grow(s.disposable, n+1)
	s.artArc = grow(s.artArc, n+1)
	s.pi = grow(s.pi, n+1)
	s.parent = grow(s.parent, n+1)
	s.pred = grow(s.pred, n+1)
	s.thread = grow(s.thread, n+1)
	s.revThread = grow(s.revThread, n+1)
	s.succNum = grow(s.succNum, n+1)
	s.lastSucc = grow(s.lastSucc, n+1)
	s.predDir = grow(s.predDir, n+1)
	s.minIn = grow(s.minIn, n+1)
	s.dirty = s.dirty[:0]
	for i := range n + 1 {
		s.disposable[i] = false
	}
}

// costScale returns the power of two by which costs are multiplied before
// rounding to int64: the largest one with maxAbs·scale ≤ 2^60/(nodes+2), so
// that potentials (at most one big-M arc plus n real arcs) and reduced costs
// never overflow. The rounding error per cost is at most 0.5/scale ≤
// maxAbs·(nodes+2)·2^-61.
func costScale(maxAbs float64, nodes int) float64 {
	if maxAbs == 0 {
		return 1
	}
	target := math.Ldexp(1, 60) / (maxAbs * float64(nodes+2))
	_, exp := math.Frexp(target) // target = f·2^exp, f in [0.5, 1)
	exp--
	if exp > 1000 {
		exp = 1000
	}
	return math.Ldexp(1, exp)
}

// init builds the initial strongly feasible tree: every node hangs from the
// root by a disposal arc (cost 0, searchable) or an artificial arc (cost ART,
// never re-enters once it leaves).
func (s *simplex) init() {
	n, m := s.n, s.m
	root := int32(n)
	s.root = root

	var maxCost int64
	for e := range m {
		c := s.cost[e]
		if c < 0 {
			c = -c
		}
		maxCost = max(maxCost, c)
		s.flow[e] = 0
		s.state[e] = stateLower
	}
	s.art = (maxCost + 1) * int64(n+1)

	// Disposal arcs u→root for disposable nodes.
	k := m
	for u := range n {
		if s.disposable[u] {
			s.src[k], s.tgt[k] = int32(u), root
			s.cost[k] = 0
			s.capa[k] = math.Inf(1)
			s.flow[k] = 0
			s.state[k] = stateLower
			k++
		}
	}
	s.searchArcs = k

	var sum float64
	for u := range n {
		sum += s.supply[u]
	}
	s.parent[root] = -1
	s.pred[root] = -1
	s.thread[root] = 0
	s.revThread[0] = root
	s.succNum[root] = int32(n + 1)
	s.lastSucc[root] = root - 1
	s.supply[root] = -sum
	s.pi[root] = 0
	s.artArc[root] = -1
	if n == 0 {
		s.thread[root] = root
		s.revThread[root] = root
		s.lastSucc[root] = root
	}

	f := s.searchArcs
	d := m
	for u := range n {
		s.parent[u] = root
		s.thread[u] = int32(u + 1)
		s.revThread[u+1] = int32(u)
		s.succNum[u] = 1
		s.lastSucc[u] = int32(u)
		s.artArc[u] = -1
		b := s.supply[u]
		switch {
		case b >= 0 && s.disposable[u]:
			e := d
			s.predDir[u] = dirUp
			s.pred[u] = int32(e)
			s.flow[e] = b
			s.state[e] = stateTree
			s.pi[u] = 0
		case b >= 0:
			e := f
			f++
			s.predDir[u] = dirUp
			s.pred[u] = int32(e)
			s.src[e], s.tgt[e] = int32(u), root
			s.capa[e] = math.Inf(1)
			s.flow[e] = b
			s.cost[e] = s.art
			s.state[e] = stateTree
			s.pi[u] = -s.art
			s.artArc[u] = int32(e)
		default:
			e := f
			f++
			s.predDir[u] = dirDown
			s.pred[u] = int32(e)
			s.src[e], s.tgt[e] = root, int32(u)
			s.capa[e] = math.Inf(1)
			s.flow[e] = -b
			s.cost[e] = s.art
			s.state[e] = stateTree
			s.pi[u] = s.art
			s.artArc[u] = int32(e)
		}
		if s.disposable[u] {
			d++
		}
	}
	s.allArcs = f

	s.blockSize = max(int(math.Sqrt(float64(s.searchArcs))), 10)
	s.nextArc = 0
	s.pivots = 0
}

// findJoinNode sets join to the apex of the cycle closed by inArc.
func (s *simplex) findJoinNode() {
	u, v := s.src[s.inArc], s.tgt[s.inArc]
	for u != v {
		if s.succNum[u] < s.succNum[v] {
			u = s.parent[u]
		} else {
			v = s.parent[v]
		}
	}
	s.join = u
}

// findLeavingArc runs the ratio test and reports whether the leaving arc
// differs from the entering one. The tie rule keeps the tree strongly
// feasible.
func (s *simplex) findLeavingArc() bool {
	var first, second int32
	if s.state[s.inArc] == stateLower {
		first, second = s.src[s.inArc], s.tgt[s.inArc]
	} else {
		first, second = s.tgt[s.inArc], s.src[s.inArc]
	}
	s.delta = s.capa[s.inArc]
	result := 0
	for u := first; u != s.join; u = s.parent[u] {
		e := s.pred[u]
		d := s.flow[e]
		if s.predDir[u] == dirDown {
			d = s.capa[e] - d
		}
		if d < s.delta {
			s.delta = d
			s.uOut = u
			result = 1
		}
	}
	for u := second; u != s.join; u = s.parent[u] {
		e := s.pred[u]
		d := s.flow[e]
		if s.predDir[u] == dirUp {
			d = s.capa[e] - d
		}
		if d <= s.delta {
			s.delta = d
			s.uOut = u
			result = 2
		}
	}
	if result == 1 {
		s.uIn, s.vIn = first, second
	} else {
		s.uIn, s.vIn = second, first
	}
	return result != 0
}

// changeFlow augments delta around the cycle and updates arc states.
func (s *simplex) changeFlow(change bool) {
	if s.delta > 0 {
		val := float64(s.state[s.inArc]) * s.delta
		s.flow[s.inArc] += val
		for u := s.src[s.inArc]; u != s.join; u = s.parent[u] {
			e := s.pred[u]
			s.flow[e] -= float64(s.predDir[u]) * val
			s.snap(e)
		}
		for u := s.tgt[s.inArc]; u != s.join; u = s.parent[u] {
			e := s.pred[u]
			s.flow[e] += float64(s.predDir[u]) * val
			s.snap(e)
		}
		s.snap(s.inArc)
	}
	if change {
		s.state[s.inArc] = stateTree
		e := s.pred[s.uOut]
		if s.flow[e] == 0 {
			s.state[e] = stateLower
		} else {
			s.state[e] = stateUpper
			s.flow[e] = s.capa[e]
		}
	} else {
		s.state[s.inArc] = -s.state[s.inArc]
	}
}

// snap moves a flow within tol of one of its bounds onto the bound, so that
// fractional data cannot leave 1e-17 residues that the ratio test would take
// for real capacity.
func (s *simplex) snap(e int32) {
	if s.tol == 0 {
		return
	}
	x := s.flow[e]
	if math.Abs(x) <= s.tol {
		s.flow[e] = 0
	} else if c := s.capa[e]; math.Abs(c-x) <= s.tol {
		s.flow[e] = c
	}
}

// updateTreeStructure replaces the leaving arc by the entering one: the
// subtree below uOut is re-rooted at uIn and hung below vIn.
func (s *simplex) updateTreeStructure() {
	oldRevThread := s.revThread[s.uOut]
	oldSuccNum := s.succNum[s.uOut]
	oldLastSucc := s.lastSucc[s.uOut]
	s.vOut = s.parent[s.uOut]
	uIn, vIn, uOut, vOut := s.uIn, s.vIn, s.uOut, s.vOut
	parent, thread, revThread := s.parent, s.thread, s.revThread
	lastSucc, succNum := s.lastSucc, s.succNum

	if uIn == uOut {
		parent[uIn] = vIn
		s.pred[uIn] = s.inArc
		if uIn == s.src[s.inArc] {
			s.predDir[uIn] = dirUp
		} else {
			s.predDir[uIn] = dirDown
		}
		if thread[vIn] != uOut {
			after := thread[oldLastSucc]
			thread[oldRevThread] = after
			revThread[after] = oldRevThread
			after = thread[vIn]
			thread[vIn] = uOut
			revThread[uOut] = vIn
			thread[oldLastSucc] = after
			revThread[after] = oldLastSucc
		}
	} else {
		// When oldRevThread == vIn, join and vOut coincide.
		var threadContinue int32
		if oldRevThread == vIn {
			threadContinue = thread[oldLastSucc]
		} else {
			threadContinue = thread[vIn]
		}
		// Walk the stem from uIn up to uOut, reversing parents.
		stem := uIn
		parStem := vIn
		last := lastSucc[uIn]
		after := thread[last]
		thread[vIn] = uIn
		s.dirty = append(s.dirty[:0], vIn)
		for stem != uOut {
			nextStem := parent[stem]
			thread[last] = nextStem
			s.dirty = append(s.dirty, last)
			before := revThread[stem]
			thread[before] = after
			revThread[after] = before
			parent[stem] = parStem
			parStem = stem
			stem = nextStem
			if lastSucc[stem] == lastSucc[parStem] {
				last = revThread[parStem]
			} else {
				last = lastSucc[stem]
			}
			after = thread[last]
		}
		parent[uOut] = parStem
		thread[last] = threadContinue
		revThread[threadContinue] = last
		lastSucc[uOut] = last
		if oldRevThread != vIn {
			thread[oldRevThread] = after
			revThread[after] = oldRevThread
		}
		for _, u := range s.dirty {
			revThread[thread[u]] = u
		}
		// Update pred, predDir, lastSucc, succNum along the stem.
		var tmpSc int32
		tmpLs := lastSucc[uOut]
		for u, p := uOut, parent[uOut]; u != uIn; u, p = p, parent[p] {
			s.pred[u] = s.pred[p]
			s.predDir[u] = -s.predDir[p]
			tmpSc += succNum[u] - succNum[p]
			succNum[u] = tmpSc
			lastSucc[p] = tmpLs
		}
		s.pred[uIn] = s.inArc
		if uIn == s.src[s.inArc] {
			s.predDir[uIn] = dirUp
		} else {
			s.predDir[uIn] = dirDown
		}
		succNum[uIn] = oldSuccNum
	}

	// Update lastSucc from vIn towards the root.
	upLimitOut := int32(-1)
	if lastSucc[s.join] == vIn {
		upLimitOut = s.join
	}
	lastSuccOut := lastSucc[uOut]
	for u := vIn; u != -1 && lastSucc[u] == vIn; u = parent[u] {
		lastSucc[u] = lastSuccOut
	}
	// Update lastSucc from vOut towards the root.
	if s.join != oldRevThread && vIn != oldRevThread {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = oldRevThread
		}
	} else if lastSuccOut != oldLastSucc {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = lastSuccOut
		}
	}
	// Update succNum from vIn and from vOut to join.
	for u := vIn; u != s.join; u = parent[u] {
		succNum[u] += oldSuccNum
	}
	for u := vOut; u != s.join; u = parent[u] {
		succNum[u] -= oldSuccNum
	}
}

// updatePotential shifts the potentials of the moved subtree.
func (s *simplex) updatePotential() {
	sigma := s.pi[s.vIn] - s.pi[s.uIn] - int64(s.predDir[s.uIn])*s.cost[s.inArc]
	end := s.thread[s.lastSucc[s.uIn]]
	for u := s.uIn; u != end; u = s.thread[u] {
		s.pi[u] += sigma
	}
}

// findEnteringArc is the block-search pivot rule: scan blocks of arcs
// cyclically and take the most negative reduced cost of the first block that
// has one.
func (s *simplex) findEnteringArc() bool {
	var minV int64
	cnt := s.blockSize
	n := s.searchArcs
	if n == 0 {
		return false
	}
	state, cost, pi, src, tgt := s.state, s.cost[:n], s.pi, s.src[:n], s.tgt[:n]
	e := s.nextArc
	for range n {
		c := int64(state[e]) * (cost[e] + pi[src[e]] - pi[tgt[e]])
		if c < minV {
			minV = c
			s.inArc = int32(e)
		}
		e++
		if e == n {
			e = 0
		}
		cnt--
		if cnt == 0 {
			if minV < 0 {
				s.nextArc = e
				return true
			}
			cnt = s.blockSize
		}
	}
	if minV < 0 {
		s.nextArc = e
		return true
	}
	return false
}

// pivot performs one simplex iteration on s.inArc; false means unbounded.
func (s *simplex) pivot() bool {
	s.findJoinNode()
	change := s.findLeavingArc()
	if math.IsInf(s.delta, 1) {
		return false
	}
	s.changeFlow(change)
	if change {
		s.updateTreeStructure()
		s.updatePotential()
	}
	s.pivots++
	return true
}

// initialPivots pivots, for every demand node, its cheapest incoming arc in
// (LEMON's heuristic), which removes most big-M flow at once.
func (s *simplex) initialPivots() bool {
	n, m := s.n, s.m
	for v := range n {
		s.minIn[v] = -1
	}
	for e := range m {
		v := s.tgt[e]
		if s.supply[v] >= 0 {
			continue
		}
		if k := s.minIn[v]; k < 0 || s.cost[e] < s.cost[k] {
			s.minIn[v] = int32(e)
		}
	}
	for v := range n {
		e := s.minIn[v]
		if e < 0 {
			continue
		}
		if int64(s.state[e])*(s.cost[e]+s.pi[s.src[e]]-s.pi[s.tgt[e]]) >= 0 {
			continue
		}
		s.inArc = e
		if !s.pivot() {
			return false
		}
	}
	return true
}

// run solves the problem set up by the caller.
func (s *simplex) run(ctx context.Context) (status, error) {
	s.init()
	if !s.initialPivots() {
		return unbounded, nil
	}
	for s.findEnteringArc() {
		if !s.pivot() {
			return unbounded, nil
		}
		if s.pivots%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return optimal, err
			}
		}
	}
	for e := s.searchArcs; e < s.allArcs; e++ {
		if s.flow[e] > s.tol {
			return infeasible, nil
		}
	}
	return optimal, nil
}
