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
// successor), strongly feasible trees (no cycling), LEMON's altering
// candidate-list pivot rule and big-M artificial arcs for feasibility.
//
// Costs are int64 (scaled by the caller, see costScale), so reduced costs and
// potentials are exact. Flows are float64: sums and differences of integers
// below 2^53 are exact, so integral data gives integral flows. Only tree arcs
// carry a stored flow, kept per node (xf[u] is the flow on the arc joining u
// to its parent); a non-tree arc is at its lower bound 0 or at its capacity,
// as its state says.

const (
	stateUpper int8 = -1
	stateTree  int8 = 0
	stateLower int8 = 1

	dirUp   int8 = 1  // the tree arc points from the node to its parent
	dirDown int8 = -1 // the tree arc points from the parent to the node

	ctxEvery = 1024 // pivots between context checks
)

// noArc is the scaled cost of a "no arc" entry kept in a dense layout.
// Potentials stay below 2^60 + n in magnitude (see costScale), so its
// reduced cost lies in (2^62 − 2^61 − 2n, 2^62 + 2^61 + 2n): always
// positive, so it never enters the basis, and no overflow.
const noArc int64 = 1 << 62

// status is the outcome of simplex.run.
type status int

const (
	optimal status = iota
	infeasible
	unbounded
)

// simplex is a reusable network simplex workspace. The caller sizes it with
// reset, fills src, tgt, cost (and capa if capped) for the real arcs [0, m),
// supply and disposable for the nodes [0, n), maxCost, then calls run.
type simplex struct {
	n, m       int // real nodes and arcs; the root is node n
	searchArcs int // arcs [0, searchArcs) may enter the basis
	allArcs    int // arcs [searchArcs, allArcs) are artificial

	// Arcs: real [0, m), disposal [m, searchArcs), artificial (one per
	// node, artArc[u] = searchArcs+u) [searchArcs, allArcs).
	src, tgt []int32
	cost     []int64
	capa     []float64 // capacities, read only when capped
	state    []int8
	capped   bool  // some real arc has a finite capacity
	maxCost  int64 // max |cost| over the real arcs, set by the caller
	art      int64 // cost of the artificial arcs (big M)

	// Nodes, n+1 entries (root last).
	supply     []float64
	disposable []bool  // node may keep part of its (positive) supply
	artArc     []int32 // the node's artificial arc

	// The spanning tree.
	pi                                                 []int64
	xf                                                 []float64 // flow on the arc to the parent
	parent, pred, thread, revThread, succNum, lastSucc []int32
	predDir                                            []int8
	root                                               int32

	// The current pivot.
	inArc, join, uIn, vIn, uOut, vOut int32
	delta                             float64
	inFlow                            float64 // new flow of the entering arc

	// Pricing.
	nextArc, blockSize, headLength int
	cand                           []candidate
	minIn                          []int32 // cheapest arc into each node, for the initial pivots
	haveMinIn                      bool    // the caller filled minIn

	// Optional grouping of the real arcs by head node, set by the caller
	// (uncapacitated problems only): group g holds arcs
	// [groupStart[g], groupStart[g+1]), all entering node groupTgt[g]. init
	// appends one group for the disposal arcs. If denseM > 0, every caller
	// group holds exactly denseM arcs with tails 0..denseM-1 in order.
	groupStart, groupTgt []int32
	groups               int // caller groups
	denseM               int
	nextGroup            int

	tol     float64 // flows within tol of a bound are snapped to it; 0 for integral data
	pivots  int     // statistics of the last run
	scanned int

	// Warm start: arcs into node inBase+j are [inStart[j], inStart[j+1])
	// (set by the caller, or nil); hot holds (lo, hi) arc ranges to price
	// first.
	inStart []int32
	inBase  int
	hot     []int32
	hotSrc  []int32 // sources whose arcs are priced first
	// Arcs out of source i (sparse layouts, built by the caller for warm
	// starts): outArc[outStart[i]:outStart[i+1]].
	outStart, outArc []int32

	// Scratch.
	dirty             []int32
	order, head, next []int32
	sub               []float64
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// reset sizes the workspace for n nodes and m real arcs, reusing memory.
// capped says whether capa is used (else every arc is uncapacitated).
func (s *simplex) reset(n, m int, capped bool) {
	s.n, s.m = n, m
	s.capped = capped
	s.groups, s.denseM = 0, 0
	s.inStart, s.inBase = nil, 0
	s.hot = s.hot[:0]
	s.hotSrc = s.hotSrc[:0]
	all := m + 2*n
	s.src = grow(s.src, all)
	s.tgt = grow(s.tgt, all)
	s.cost = grow(s.cost, all)
	if s.capped {
		s.capa = grow(s.capa, all)
	}
	s.state = grow(s.state, all)
	s.supply = grow(s.supply, n+1)
	s.disposable = grow(s.disposable, n+1)
	s.artArc = grow(s.artArc, n+1)
	s.pi = grow(s.pi, n+1)
	s.xf = grow(s.xf, n+1)
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
// rounding to int64: the largest one with maxAbs·scale ≤ 2^59/(nodes+2), so
// that potentials (at most one big-M arc plus n real arcs, < 2^60 + 2^59)
// and reduced costs never overflow, even against noArc. The rounding error
// per cost is at most 0.5/scale ≤ maxAbs·(nodes+2)·2^-59.
func costScale(maxAbs float64, nodes int) float64 {
	if maxAbs == 0 {
		return 1
	}
	target := math.Ldexp(1, 59) / (maxAbs * float64(nodes+2))
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

	st := s.state[:m]
	for e := range st {
		st[e] = stateLower
	}
	s.art = (s.maxCost + 1) * int64(n+1)

	// Disposal arcs u→root for disposable nodes.
	k := m
	for u := range n {
		if s.disposable[u] {
			s.src[k], s.tgt[k] = int32(u), root
			s.cost[k] = 0
			if s.capped {
				s.capa[k] = math.Inf(1)
			}
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
	s.xf[root] = 0
	s.artArc[root] = -1
	if n == 0 {
		s.thread[root] = root
		s.revThread[root] = root
		s.lastSucc[root] = root
	}

	// Every node u owns the artificial arc searchArcs+u; it is the initial
	// tree arc unless u is disposable with b ≥ 0 (then the disposal arc is).
	d := m
	for u := range n {
		s.parent[u] = root
		s.thread[u] = int32(u + 1)
		s.revThread[u+1] = int32(u)
		s.succNum[u] = 1
		s.lastSucc[u] = int32(u)
		a := s.searchArcs + u
		s.artArc[u] = int32(a)
		s.cost[a] = s.art
		b := s.supply[u]
		switch {
		case b >= 0 && s.disposable[u]:
			s.predDir[u] = dirUp
			s.pred[u] = int32(d)
			s.xf[u] = b
			s.state[d] = stateTree
			s.pi[u] = 0
			s.src[a], s.tgt[a] = int32(u), root
			s.state[a] = stateLower
		case b >= 0:
			s.predDir[u] = dirUp
			s.pred[u] = int32(a)
			s.src[a], s.tgt[a] = int32(u), root
			s.xf[u] = b
			s.state[a] = stateTree
			s.pi[u] = -s.art
		default:
			s.predDir[u] = dirDown
			s.pred[u] = int32(a)
			s.src[a], s.tgt[a] = root, int32(u)
			s.xf[u] = -b
			s.state[a] = stateTree
			s.pi[u] = s.art
		}
		if s.disposable[u] {
			d++
		}
	}
	s.allArcs = s.searchArcs + n
	if s.capped {
		for e := s.searchArcs; e < s.allArcs; e++ {
			s.capa[e] = math.Inf(1)
		}
	}

	if s.groups > 0 {
		g := s.groups
		s.groupStart = append(s.groupStart[:g+1], int32(s.searchArcs))
		s.groupTgt = append(s.groupTgt[:g], root)
		s.nextGroup = 0
	}
	s.blockSize = max(int(math.Sqrt(float64(s.searchArcs))), 10)
	s.headLength = max(int(0.01*float64(s.blockSize)), 3)
	s.cand = s.cand[:0]
	s.nextArc = 0
	s.pivots = 0
	s.scanned = 0
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

// capOf returns the capacity of arc e.
func (s *simplex) capOf(e int32) float64 {
	if s.capped {
		return s.capa[e]
	}
	return math.Inf(1)
}

// arcFlow returns the current flow on arc e.
func (s *simplex) arcFlow(e int32) float64 {
	switch s.state[e] {
	case stateLower:
		return 0
	case stateUpper:
		return s.capa[e]
	}
	if u := s.src[e]; s.pred[u] == e {
		return s.xf[u]
	}
	return s.xf[s.tgt[e]]
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
	s.delta = s.capOf(s.inArc)
	result := 0
	inf := math.Inf(1)
	for u := first; u != s.join; u = s.parent[u] {
		d := s.xf[u]
		if s.predDir[u] == dirDown {
			if s.capped {
				d = s.capa[s.pred[u]] - d
			} else {
				d = inf
			}
		}
		if d < s.delta {
			s.delta = d
			s.uOut = u
			result = 1
		}
	}
	for u := second; u != s.join; u = s.parent[u] {
		d := s.xf[u]
		if s.predDir[u] == dirUp {
			if s.capped {
				d = s.capa[s.pred[u]] - d
			} else {
				d = inf
			}
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

// changeFlow augments delta around the cycle and updates arc states. The
// new flow of the entering arc is left in inFlow for updateTreeStructure.
func (s *simplex) changeFlow(change bool) {
	in := s.inArc
	if s.state[in] == stateLower {
		s.inFlow = 0
	} else {
		s.inFlow = s.capa[in]
	}
	if s.delta > 0 {
		val := float64(s.state[in]) * s.delta
		s.inFlow += val
		for u := s.src[in]; u != s.join; u = s.parent[u] {
			s.xf[u] -= float64(s.predDir[u]) * val
			s.snap(u)
		}
		for u := s.tgt[in]; u != s.join; u = s.parent[u] {
			s.xf[u] += float64(s.predDir[u]) * val
			s.snap(u)
		}
		if s.tol > 0 {
			if math.Abs(s.inFlow) <= s.tol {
				s.inFlow = 0
			} else if c := s.capOf(in); math.Abs(c-s.inFlow) <= s.tol {
				s.inFlow = c
			}
		}
	}
	if change {
		s.state[in] = stateTree
		e := s.pred[s.uOut]
		if s.xf[s.uOut] == 0 {
			s.state[e] = stateLower
		} else {
			s.state[e] = stateUpper
		}
	} else {
		s.state[in] = -s.state[in]
	}
}

// snap moves the flow of u's tree arc onto a bound when within tol of it,
// so that fractional data cannot leave 1e-17 residues that the ratio test
// would take for real capacity.
func (s *simplex) snap(u int32) {
	if s.tol == 0 {
		return
	}
	x := s.xf[u]
	if math.Abs(x) <= s.tol {
		s.xf[u] = 0
	} else if c := s.capOf(s.pred[u]); math.Abs(c-x) <= s.tol {
		s.xf[u] = c
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
		s.xf[uIn] = s.inFlow
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
			s.xf[u] = s.xf[p]
			s.predDir[u] = -s.predDir[p]
			tmpSc += succNum[u] - succNum[p]
			succNum[u] = tmpSc
			lastSucc[p] = tmpLs
		}
		s.pred[uIn] = s.inArc
		s.xf[uIn] = s.inFlow
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

// findEnteringArc selects the entering arc with the candidate-list rule
// suited to the problem, and reports false at optimality.
func (s *simplex) findEnteringArc() bool {
	switch {
	case s.searchArcs == 0:
		return false
	case s.capped:
		return s.findEnteringListCapped()
	case len(s.hot)+len(s.hotSrc) > 0 && s.findEnteringHot():
		return true
	case s.groups > 0:
		return s.findEnteringGroups()
	}
	return s.findEnteringList()
}

// findEnteringHot prices the hot arc ranges first (after a warm start: the
// arcs into nodes whose subtree was re-hung on the root, where the
// improving arcs are) and takes the best; ranges without an improving arc
// are dropped. Uncapacitated problems only.
func (s *simplex) findEnteringHot() bool {
	cost, pi, src, tgt := s.cost, s.pi, s.src, s.tgt
	var minV int64
	best := int32(-1)
	k := 0
	for h := 0; h < len(s.hot); h += 2 {
		lo, hi := s.hot[h], s.hot[h+1]
		found := false
		for e := lo; e < hi; e++ {
			rc := cost[e] + pi[src[e]] - pi[tgt[e]]
			if rc < 0 {
				found = true
				if rc < minV {
					minV, best = rc, e
				}
			}
		}
		s.scanned += int(hi - lo)
		if found {
			s.hot[k], s.hot[k+1] = lo, hi
			k += 2
		}
	}
	s.hot = s.hot[:k]
	// Hot sources: in a dense layout arcs i, i+m, i+2m, … leave source i;
	// otherwise outArc[outStart[i]:outStart[i+1]] lists them.
	k = 0
	for _, i := range s.hotSrc {
		pii := pi[i]
		found := false
		if m := s.denseM; m > 0 {
			for g := range s.groups {
				e := int32(g*m) + i
				if rc := cost[e] + pii - pi[tgt[e]]; rc < 0 {
					found = true
					if rc < minV {
						minV, best = rc, e
					}
				}
			}
			s.scanned += s.groups
		} else {
			out := s.outArc[s.outStart[i]:s.outStart[i+1]]
			for _, e := range out {
				if rc := cost[e] + pii - pi[tgt[e]]; rc < 0 {
					found = true
					if rc < minV {
						minV, best = rc, e
					}
				}
			}
			s.scanned += len(out)
		}
		if found {
			s.hotSrc[k] = i
			k++
		}
	}
	s.hotSrc = s.hotSrc[:k]
	if best < 0 {
		return false
	}
	s.inArc = best
	return true
}

// fillHot collects, after a warm start, the arcs into every node of a
// subtree hung on the root by an artificial arc (needs inStart).
func (s *simplex) fillHot() {
	s.hot = s.hot[:0]
	if s.inStart == nil {
		return
	}
	nIn := len(s.inStart) - 1
	for u := range s.n {
		if s.parent[u] != s.root || s.pred[u] != s.artArc[u] {
			continue
		}
		end := s.thread[s.lastSucc[u]]
		for v := int32(u); v != end; v = s.thread[v] {
			j := int(v) - s.inBase
			if j < 0 || j >= nIn {
				continue
			}
			if lo, hi := s.inStart[j], s.inStart[j+1]; lo < hi {
				s.hot = append(s.hot, lo, hi)
			}
		}
	}
}

// candidate is an arc with a negative reduced cost found while pricing.
type candidate struct {
	arc int32
	rc  int64
}

// findEnteringList is the altering candidate-list rule (LEMON's
// AlteringList) for uncapacitated problems: candidates found by earlier
// scans are re-priced first, then blocks are scanned until the list is long
// enough; the best candidate enters and the next best few are kept.
func (s *simplex) findEnteringList() bool {
	n := s.searchArcs
	cost, pi, src, tgt := s.cost[:n], s.pi, s.src[:n], s.tgt[:n]
	cand := s.cand
	k := 0
	for _, c := range cand {
		e := c.arc
		if rc := cost[e] + pi[src[e]] - pi[tgt[e]]; rc < 0 {
			cand[k] = candidate{e, rc}
			k++
		}
	}
	cand = cand[:k]
	bs := s.blockSize
	limit := s.headLength
	e := s.nextArc
	scanned := 0
	for scanned < n {
		end := min(e+bs, n)
		if rest := n - scanned; end-e > rest {
			end = e + rest
		}
		for a := e; a < end; a++ {
			if rc := cost[a] + pi[src[a]] - pi[tgt[a]]; rc < 0 {
				cand = append(cand, candidate{int32(a), rc})
			}
		}
		scanned += end - e
		s.scanned += end - e
		e = end
		if e == n {
			e = 0
		}
		if len(cand) > limit {
			break
		}
		limit = 0
	}
	if len(cand) == 0 {
		s.cand = cand
		return false
	}
	// Keep the head best candidates at the front, best first.
	h := min(s.headLength+1, len(cand))
	for i := range h {
		b := i
		for j := i + 1; j < len(cand); j++ {
			if cand[j].rc < cand[b].rc {
				b = j
			}
		}
		cand[i], cand[b] = cand[b], cand[i]
	}
	s.inArc = cand[0].arc
	s.nextArc = e
	cand[0] = cand[h-1]
	s.cand = cand[:h-1]
	return true
}

// findEnteringListCapped is findEnteringList for problems with finite
// capacities: the reduced cost is signed by the arc state.
func (s *simplex) findEnteringListCapped() bool {
	n := s.searchArcs
	cost, pi, src, tgt, state := s.cost[:n], s.pi, s.src[:n], s.tgt[:n], s.state[:n]
	cand := s.cand
	k := 0
	for _, c := range cand {
		e := c.arc
		if rc := int64(state[e]) * (cost[e] + pi[src[e]] - pi[tgt[e]]); rc < 0 {
			cand[k] = candidate{e, rc}
			k++
		}
	}
	cand = cand[:k]
	bs := s.blockSize
	limit := s.headLength
	e := s.nextArc
	scanned := 0
	for scanned < n {
		end := min(e+bs, n)
		if rest := n - scanned; end-e > rest {
			end = e + rest
		}
		for a := e; a < end; a++ {
			if rc := int64(state[a]) * (cost[a] + pi[src[a]] - pi[tgt[a]]); rc < 0 {
				cand = append(cand, candidate{int32(a), rc})
			}
		}
		scanned += end - e
		s.scanned += end - e
		e = end
		if e == n {
			e = 0
		}
		if len(cand) > limit {
			break
		}
		limit = 0
	}
	if len(cand) == 0 {
		s.cand = cand
		return false
	}
	// Keep the head best candidates at the front, best first.
	h := min(s.headLength+1, len(cand))
	for i := range h {
		b := i
		for j := i + 1; j < len(cand); j++ {
			if cand[j].rc < cand[b].rc {
				b = j
			}
		}
		cand[i], cand[b] = cand[b], cand[i]
	}
	s.inArc = cand[0].arc
	s.nextArc = e
	cand[0] = cand[h-1]
	s.cand = cand[:h-1]
	return true
}

// findEnteringGroups is the candidate-list rule of findEnteringList, scanning
// whole groups of arcs that share their head node: the head potential is
// read once per group, and dense groups need no tail index either.
func (s *simplex) findEnteringGroups() bool {
	cost, pi, src, tgt := s.cost, s.pi, s.src, s.tgt
	cand := s.cand
	k := 0
	for _, c := range cand {
		e := c.arc
		if rc := cost[e] + pi[src[e]] - pi[tgt[e]]; rc < 0 {
			cand[k] = candidate{e, rc}
			k++
		}
	}
	cand = cand[:k]
	G := s.groups + 1
	bs := s.blockSize
	limit := s.headLength
	g := s.nextGroup
	cnt := 0
	for range G {
		lo, hi := int(s.groupStart[g]), int(s.groupStart[g+1])
		pt := pi[s.groupTgt[g]]
		if s.denseM > 0 && g < s.groups {
			piS := pi[:s.denseM]
			cs := cost[lo:hi]
			cs = cs[:len(piS)]
			for i, c := range cs {
				if rc := c + piS[i] - pt; rc < 0 {
					cand = append(cand, candidate{int32(lo + i), rc})
				}
			}
		} else {
			cs, ss := cost[lo:hi], src[lo:hi]
			ss = ss[:len(cs)]
			for i, c := range cs {
				if rc := c + pi[ss[i]] - pt; rc < 0 {
					cand = append(cand, candidate{int32(lo + i), rc})
				}
			}
		}
		cnt += hi - lo
		if g++; g == G {
			g = 0
		}
		if cnt >= bs {
			s.scanned += cnt
			cnt = 0
			if len(cand) > limit {
				break
			}
			limit = 0
		}
	}
	s.scanned += cnt
	s.nextGroup = g
	if len(cand) == 0 {
		s.cand = cand
		return false
	}
	h := min(s.headLength+1, len(cand))
	for i := range h {
		b := i
		for j := i + 1; j < len(cand); j++ {
			if cand[j].rc < cand[b].rc {
				b = j
			}
		}
		cand[i], cand[b] = cand[b], cand[i]
	}
	s.inArc = cand[0].arc
	cand[0] = cand[h-1]
	s.cand = cand[:h-1]
	return true
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
	if !s.haveMinIn {
		for v := range n {
			s.minIn[v] = -1
		}
		for e := range m {
			v := s.tgt[e]
			if k := s.minIn[v]; k < 0 || s.cost[e] < s.cost[k] {
				s.minIn[v] = int32(e)
			}
		}
	}
	s.haveMinIn = false
	for v := range n {
		e := s.minIn[v]
		if e < 0 || s.supply[v] >= 0 {
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

// warmStart turns the current basis (from an earlier run on the same arcs
// and costs, uncapacitated) into a strongly feasible starting tree for the
// supplies now in s.supply: tree flows are recomputed bottom-up, every node
// whose tree arc would carry a negative flow (or zero flow away from the
// root) is re-hung on the root by its artificial arc, and the thread,
// subtree and potential data are rebuilt in O(n).
func (s *simplex) warmStart() {
	n := s.n
	root := s.root
	var sum float64
	for u := range n {
		sum += s.supply[u]
	}
	s.supply[root] = -sum
	s.order = grow(s.order, n+1)
	s.sub = grow(s.sub, n+1)
	s.head = grow(s.head, n+1)
	s.next = grow(s.next, n+1)
	order, sub := s.order, s.sub
	// Preorder of the old tree, from the thread.
	k := 0
	for u := root; ; {
		order[k] = u
		k++
		u = s.thread[u]
		if u == root {
			break
		}
	}
	for u := range n + 1 {
		sub[u] = s.supply[u]
	}
	for i := n; i >= 1; i-- {
		u := order[i]
		e := s.pred[u]
		f := sub[u]
		if s.predDir[u] == dirDown {
			f = -f
		}
		if s.tol > 0 && math.Abs(f) <= s.tol {
			f = 0
		}
		ok := f > 0 || (f == 0 && s.predDir[u] == dirUp)
		if ok {
			s.xf[u] = f
			sub[s.parent[u]] += sub[u]
			continue
		}
		// Re-hang u's subtree on the root by its artificial arc.
		a := s.artArc[u]
		if e != a {
			s.state[e] = stateLower
		}
		s.state[a] = stateTree
		s.pred[u] = a
		s.parent[u] = root
		if sub[u] >= 0 {
			s.src[a], s.tgt[a] = u, root
			s.predDir[u] = dirUp
			s.xf[u] = sub[u]
		} else {
			s.src[a], s.tgt[a] = root, u
			s.predDir[u] = dirDown
			s.xf[u] = -sub[u]
		}
	}
	// Rebuild thread, subtree sizes, last successors and potentials.
	head, next := s.head, s.next
	for u := range n + 1 {
		head[u] = -1
	}
	for u := n - 1; u >= 0; u-- {
		p := s.parent[u]
		next[u] = head[p]
		head[p] = int32(u)
	}
	// Iterative preorder DFS; next doubles as the sibling link.
	k = 0
	stack := s.dirty[:0]
	stack = append(stack, root)
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		order[k] = u
		k++
		if u != root {
			p := s.parent[u]
			c := s.cost[s.pred[u]]
			if s.predDir[u] == dirUp {
				s.pi[u] = s.pi[p] - c
			} else {
				s.pi[u] = s.pi[p] + c
			}
		}
		// Push children in reverse so the first child is visited first.
		first := len(stack)
		for c := head[u]; c >= 0; c = next[c] {
			stack = append(stack, c)
		}
		for i, j := first, len(stack)-1; i < j; i, j = i+1, j-1 {
			stack[i], stack[j] = stack[j], stack[i]
		}
	}
	s.dirty = stack[:0]
	s.pi[root] = 0
	for i := range n + 1 {
		u := order[i]
		s.thread[u] = order[(i+1)%(n+1)]
		s.revThread[order[(i+1)%(n+1)]] = u
		s.succNum[u] = 1
	}
	for i := n; i >= 1; i-- {
		u := order[i]
		s.succNum[s.parent[u]] += s.succNum[u]
	}
	for i := range n + 1 {
		u := order[i]
		s.lastSucc[u] = order[i+int(s.succNum[u])-1]
	}
	s.cand = s.cand[:0]
	s.pivots = 0
	s.scanned = 0
}

// rerun solves again after the supplies changed, starting from the current
// basis (see warmStart). Only for uncapacitated problems.
func (s *simplex) rerun(ctx context.Context) (status, error) {
	s.warmStart()
	s.fillHot()
	return s.loop(ctx)
}

// run solves the problem set up by the caller.
func (s *simplex) run(ctx context.Context) (status, error) {
	s.init()
	if !s.initialPivots() {
		return unbounded, nil
	}
	return s.loop(ctx)
}

// loop pivots to optimality and checks feasibility.
func (s *simplex) loop(ctx context.Context) (status, error) {
	if err := ctx.Err(); err != nil {
		return optimal, err
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
	for u := range s.n {
		if s.pred[u] >= int32(s.searchArcs) && s.xf[u] > s.tol {
			return infeasible, nil
		}
	}
	return optimal, nil
}
