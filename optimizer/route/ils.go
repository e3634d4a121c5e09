package route

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// The ruin-and-recreate phase ends the search of a plain CVRP: simulated
// annealing on single solutions, started from the best one the genetic
// search found. A step removes strings of consecutive clients from the
// routes near a random seed client (SISR, Christiaens & Vanden Berghe
// 2020), puts them back one by one at their cheapest place with blinks,
// and educates the result with the granular local search started from the
// clients whose neighbours changed only, following the nodes its moves
// change — the selective vertex caching of FILO (Accorsi & Vigo 2021). A
// recreate that rebuilt the solution it started from (about half of them
// on large instances) skips the local search. A step costs a few routes' worth of work
// where a genetic child costs a whole solution's, so large instances at
// short limits get thousands of steps where the genetic search gets a few
// children; the genetic search first supplies the diversity that a single
// annealing trajectory lacks on small ones.
//
// Measured on the X set at 10 s per instance (benchmarks/RESULTS.md), the
// share of the time given to this phase matters by size: 0.3 at n ≤ 200
// rising linearly to 0.8 at n ≥ 600 (Options.RecreateShare). Acceptance
// compares penalised costs (excess weighed by ten times the search's load
// penalty, at least 1000 per unit), so that a phase started without a
// feasible solution (tight capacities at short limits) heads for one.

const (
	rrAvgRemoved = 10   // c̄ of SISR: mean number of clients a ruin removes
	rrMaxString  = 10   // L^max of SISR: longest string removed
	rrBlink      = 0.01 // probability of skipping a position in the recreate
	rrAdj        = 50   // clients in each adjacency list of the ruin
	rrEpoch      = 256  // steps between merges of parallel chains
	rrPerIter    = 10   // steps per genetic iteration, for runs without a time limit
)

// recreateShare is the share of the search given to the ruin-and-recreate
// phase for an instance of n clients.
func recreateShare(opt *Options, n int) float64 {
	switch {
	case opt.RecreateShare < 0:
		return 0
	case opt.RecreateShare > 0:
		return min(opt.RecreateShare, 0.95)
	}
	return 0.3 + 0.5*min(max(float64(n-200)/400, 0), 1)
}

// rrRouteK is the number of nearest clients whose routes a time-window
// reinsertion tries (reinsertTW).
var rrRouteK = 40

// twMul scales the time-warp penalty of the ruin-and-recreate phase: a
// unit of warp costs twMul mean arc costs per unit of mean travel time, so
// that insertions are feasible whenever a feasible position exists.
var twMul = 1000.0

// twRecreateShare is recreateShare for time windows: none up to 200
// clients (the Solomon instances, where the genetic search alone reaches
// the best-known solutions), rising linearly to 0.9 at 600 and beyond.
func twRecreateShare(opt *Options, n int) float64 {
	switch {
	case opt.RecreateShare < 0:
		return 0
	case opt.RecreateShare > 0:
		return min(opt.RecreateShare, 0.95)
	}
	return 0.9 * min(max(float64(n-200)/400, 0), 1)
}

// twAllRecreate is the time-window share from which a search started from
// a given solution skips the genetic search (see worker.run).
const twAllRecreate = 0.9

// rrChain is one annealing trajectory with its own random stream and
// local search (an educator's), so that chains run in parallel.
type rrChain struct {
	e        *educator
	cur      *individual
	cand     *individual
	best     *individual
	hasBest  bool    // best improved since the last merge
	bestCost int64   // cost of best (feasible), MaxInt64 before one
	bestR    int     // its routes
	routeOf  []int32 // per client, its route slot in cand
	posOf    []int32 // per client, its index in that route
	gone     []bool  // per client: removed by the ruin
	ruined   []bool  // per route slot: a string was taken from it
	removed  []int32
	load     []int64 // per route slot × dimension
	key      []float64
	steps    int
	// Time windows: per route slot of cand, the time-warp segments of its
	// prefixes (fw[r][k]: the depot and the first k clients) and suffixes
	// (bw[r][k]: clients k… and the depot), so that an insertion's warp
	// is one O(1) merge.
	fw, bw [][]twSeg
	// pending marks the removed clients not yet put back; seen and mark
	// note the routes a reinsertion has tried.
	pending []bool
	seen    []int
	mark    int
}

// rrState is the ruin-and-recreate phase: the adjacency lists the ruin
// walks (shared, read only) and one chain per educator.
type rrState struct {
	adj    [][]int32 // per client, its nearest clients by distance there and back
	chains []*rrChain
}

func newRR(in *instance, eds []*educator) *rrState {
	n := in.n
	s := &rrState{adj: make([][]int32, n+1)}
	k := min(rrAdj, n-1)
	all := make([]int32, 0, n)
	key := make([]int64, n+1)
	for c := 1; c <= n; c++ {
		all = all[:0]
		for o := 1; o <= n; o++ {
			if o != c {
				all = append(all, int32(o))
				key[o] = in.d(c, o) + in.d(o, c)
			}
		}
		slices.SortFunc(all, func(a, b int32) int { return cmp.Or(cmp.Compare(key[a], key[b]), cmp.Compare(a, b)) })
		s.adj[c] = slices.Clone(all[:k])
	}
	for _, e := range eds {
		c := &rrChain{e: e,
			cur: newIndividual(in), cand: newIndividual(in), best: newIndividual(in),
			routeOf: make([]int32, n+1), posOf: make([]int32, n+1), gone: make([]bool, n+1),
			ruined: make([]bool, in.nR), load: make([]int64, in.nR*in.nD), key: make([]float64, n+1)}
		if in.tw {
			c.fw, c.bw = make([][]twSeg, in.nR), make([][]twSeg, in.nR)
			c.pending, c.seen = make([]bool, n+1), make([]int, in.nR)
		}
		s.chains = append(s.chains, c)
	}
	return s
}

// recreatePhase runs one chain per educator from the best solution until
// the deadline (with a time limit) or for steps steps in all (without),
// merging the chains' best solutions into the population every rrEpoch
// steps in chain order, so that a run bounded by iterations stays
// reproducible, and moving every chain to the best current one
// (syncChains). The temperature falls geometrically from the mean arc of
// the starting solution to a hundredth of it over the phase.
func (w *worker) recreatePhase(ctx context.Context, steps int) {
	in := w.in
	if !w.hasBest && !w.hasInfeas || in.n < 2 || (w.deadline.IsZero() && steps <= 0) {
		return
	}
	// Without a feasible solution yet (tight capacities at short limits),
	// the chains start from the least infeasible one: the penalty below
	// then steers them to feasibility.
	from, bestCost, bestR := w.best, w.best.cost, w.best.nRoutes
	if !w.hasBest {
		from, bestCost, bestR = w.bestInfeas, math.MaxInt64, math.MaxInt
	}
	if w.rr == nil {
		w.rr = newRR(in, w.eds)
	}
	chains := w.rr.chains
	pen := max(w.penalty*10, 1000)
	twPen := 0.0
	if in.tw {
		twPen = max(w.twPen*10, twMul*in.twPenalty0)
	}
	for _, c := range chains {
		c.cur.copyFrom(from)
		c.cur.penCost = c.cur.penalised(pen, twPen)
		c.bestCost, c.bestR = bestCost, bestR
		c.hasBest = false
		c.steps = 0
	}
	t0 := float64(from.cost) / float64(in.n+max(from.nRoutes, 1))
	start := time.Now()
	span := w.deadline.Sub(start)
	perChain := (steps + len(chains) - 1) / len(chains)
	// frac is the position in the phase, ≥ 1 when it is over.
	frac := func(c *rrChain) float64 {
		if w.deadline.IsZero() {
			return float64(c.steps) / float64(perChain)
		}
		if span <= 0 {
			return 1
		}
		return float64(time.Since(start)) / float64(span)
	}
	run := func(c *rrChain) {
		for range rrEpoch {
			f := frac(c)
			if f >= 1 || (c.steps%16 == 0 && ctx.Err() != nil) {
				return
			}
			w.rrStep(c, t0*math.Pow(0.01, f), pen, twPen)
		}
	}
	for {
		if !w.parallel(len(chains), "ruin and recreate", func(i int) { run(chains[i]) }) {
			return
		}
		syncChains(chains)
		done := true
		w.rrSteps = 0
		for _, c := range chains {
			w.rrSteps += c.steps
			if c.hasBest {
				c.hasBest = false
				w.add(c.best, false)
			}
			done = done && frac(c) >= 1
		}
		w.report(w)
		if tracef != nil {
			c := chains[0]
			tracef("rr %.1fs steps %d cur cost %d warp %d excess %d best %d twPen %.1f pen %.1f\n", time.Since(start).Seconds(), c.steps, c.cur.cost, c.cur.warp, c.cur.excess, c.bestCost, twPen, pen)
		}
		switch {
		case ctx.Err() != nil:
			w.stop = StopCancelled
			return
		case done && w.deadline.IsZero():
			if w.stop == "" {
				w.stop = StopIterations
			}
			return
		case done:
			w.stop = StopTimeLimit
			return
		}
	}
}

// syncChains moves every chain whose current solution is worse than the
// best current one (lowest penalised cost, the first on ties) to a copy of
// it. Run between epochs, it makes parallel chains one search that keeps
// the better of their last rrEpoch steps (parallel annealing with periodic
// exchange, Lee & Lee 1996) rather than independent searches of which only
// the best counts: measured on the Gehring & Homberger 1000-client VRPTWs
// at 120 s, the independent chains of two threads gained no more than the
// seed noise over one (benchmarks/RESULTS.md, Routing III). The choice
// depends on costs only, so iteration-bounded runs stay reproducible.
func syncChains(chains []*rrChain) {
	if len(chains) < 2 {
		return
	}
	b := chains[0]
	for _, c := range chains[1:] {
		if c.cur.penCost < b.cur.penCost {
			b = c
		}
	}
	for _, c := range chains {
		if c != b && c.cur.penCost > b.cur.penCost {
			c.cur.copyFrom(b.cur)
		}
	}
}

// rrStep is one ruin, recreate and education of chain c's current
// solution, accepted by the annealing criterion at temperature temp; load
// excess costs pen per unit, time warp twPen.
func (w *worker) rrStep(c *rrChain, temp, pen, twPen float64) {
	in := w.in
	c.steps++
	c.cand.copyFrom(c.cur)
	w.ruinRecreate(c, pen, twPen)
	same := true
	for r, rt := range c.cand.routes {
		if !c.cand.dirty[r] {
			continue
		}
		for k, x := range rt {
			p, q := int32(0), int32(0)
			if k > 0 {
				p = rt[k-1]
			}
			if k+1 < len(rt) {
				q = rt[k+1]
			}
			m := p != c.cur.pred[x] || q != c.cur.succ[x]
			c.cand.moved[x] = m
			same = same && !m
		}
	}
	if same {
		return
	}
	c.cand.hot = true
	c.cand.svc = true
	c.e.ls.run(c.cand, pen, twPen)
	c.cand.evaluate(in, pen, twPen, c.e.load)
	if in.tw && !c.cand.feasible && c.cur.feasible && !w.repairTW(c, pen, twPen) {
		return
	}
	if c.cand.penCost < c.cur.penCost-temp*math.Log(1-c.e.rng.Float64()) {
		c.cur, c.cand = c.cand, c.cur
		if c.cur.feasible && (c.cur.cost < c.bestCost && (!w.opt.stageTwo || c.cur.nRoutes <= c.bestR) ||
			w.opt.stageTwo && c.cur.nRoutes < c.bestR) {
			c.best.copyFrom(c.cur)
			c.bestCost, c.bestR = c.cur.cost, c.cur.nRoutes
			c.hasBest = true
		}
	}
}

// repairTW runs the local search again on the routes of c.cand that
// break a window or the capacity, with ten times the penalties, and
// reports whether that made c.cand feasible (a chain that holds a feasible
// solution only moves to feasible ones: time-warp penalties small enough
// to let the search through infeasible states would otherwise keep the
// chain there).
func (w *worker) repairTW(c *rrChain, pen, twPen float64) bool {
	in := w.in
	ind := c.cand
	D := in.nD
	for r, rt := range ind.routes {
		bad := false
		if len(rt) > 0 {
			clear(c.e.load)
			for _, x := range rt {
				for d := range D {
					c.e.load[d] += in.dem[int(x)*D+d]
				}
			}
			bad = in.excess(c.e.load) > 0 || in.routeWarp(rt) > 0
		}
		ind.dirty[r] = bad
		for _, x := range rt {
			ind.moved[x] = bad
		}
	}
	ind.hot, ind.svc = true, true
	c.e.ls.run(ind, 10*pen, 10*twPen)
	ind.evaluate(in, pen, twPen, c.e.load)
	return ind.feasible
}

// ruinRecreate removes strings of clients around a random seed from
// c.cand and reinserts them, flagging the routes it changes dirty.
func (w *worker) ruinRecreate(c *rrChain, pen, twPen float64) {
	in := w.in
	rng := c.e.rng
	ind := c.cand
	D := in.nD
	clear(c.load)
	used := 0
	for r, rt := range ind.routes {
		ind.dirty[r] = false
		c.ruined[r] = false
		for k, x := range rt {
			c.routeOf[x] = int32(r)
			c.posOf[x] = int32(k)
			for d := range D {
				c.load[r*D+d] += in.dem[int(x)*D+d]
			}
		}
		if len(rt) > 0 {
			used++
		}
	}
	// Ruin (SISR): up to ks strings, each from a different route, met
	// along the seed's adjacency list.
	adj := w.rr.adj
	lsMax := math.Min(rrMaxString, float64(in.n)/float64(max(used, 1)))
	ksMax := 4*rrAvgRemoved/(1+lsMax) - 1
	ks := int(rng.Float64()*ksMax) + 1
	seed := 1 + rng.IntN(in.n)
	c.removed = c.removed[:0]
	for i, strs := -1, 0; i < len(adj[seed]) && strs < ks; i++ {
		x := seed
		if i >= 0 {
			x = int(adj[seed][i])
		}
		r := int(c.routeOf[x])
		if c.gone[x] || c.ruined[r] {
			continue
		}
		rt := ind.routes[r]
		l := int(rng.Float64()*math.Min(float64(len(rt)), lsMax)) + 1
		// A string of l clients of rt holding x, at a random offset.
		p := int(c.posOf[x])
		lo0, lo1 := max(0, p-l+1), min(p, len(rt)-l)
		lo := lo0 + rng.IntN(lo1-lo0+1)
		for _, y := range rt[lo : lo+l] {
			c.gone[y] = true
			c.removed = append(c.removed, y)
			for d := range D {
				c.load[r*D+d] -= in.dem[int(y)*D+d]
			}
		}
		ind.routes[r] = append(rt[:lo], rt[lo+l:]...)
		c.ruined[r] = true
		ind.dirty[r] = true
		strs++
	}
	rem := c.removed
	for _, y := range rem {
		c.gone[y] = false
	}
	if in.tw {
		for r := range ind.routes {
			c.segments(in, ind, r)
		}
		for _, y := range rem {
			c.pending[y] = true
		}
	}
	// Recreate in random order, or by decreasing demand, decreasing or
	// increasing distance from the depot (weights 4, 4, 2, 1 as in SISR).
	rng.Shuffle(len(rem), func(a, b int) { rem[a], rem[b] = rem[b], rem[a] })
	if q := rng.IntN(11); q >= 4 {
		for _, y := range rem {
			switch {
			case q < 8:
				c.key[y] = -float64(in.demTot[y])
			case q < 10:
				c.key[y] = -float64(in.d(0, int(y)))
			default:
				c.key[y] = float64(in.d(0, int(y)))
			}
		}
		slices.SortStableFunc(rem, func(a, b int32) int { return cmp.Compare(c.key[a], c.key[b]) })
	}
	for _, y := range rem {
		if in.tw {
			w.reinsertTW(c, int(y), pen, twPen, rng)
		} else {
			w.reinsert(c, int(y), pen, rng)
		}
	}
}

// segments recomputes the prefix and suffix time-warp segments of route
// slot r of ind.
func (c *rrChain) segments(in *instance, ind *individual, r int) {
	rt := ind.routes[r]
	L := len(rt)
	fw, bw := grow(c.fw[r], L+1), grow(c.bw[r], L+1)
	fw[0] = in.visit(0)
	prev := 0
	for k, x := range rt {
		fw[k+1] = twMerge(fw[k], in.t(prev, int(x)), in.visit(int(x)))
		prev = int(x)
	}
	bw[L] = in.visit(0)
	next := 0
	for k := L - 1; k >= 0; k-- {
		x := int(rt[k])
		bw[k] = twMerge(in.visit(x), in.t(x, next), bw[k+1])
		next = x
	}
	c.fw[r], c.bw[r] = fw, bw
}

// reinsertTW puts client x at its cheapest position in c.cand, as
// reinsert does, with the time warp it adds weighed by twPen: one O(1)
// merge of the route's cached segments per position. Only the routes
// holding one of x's rrRouteK nearest clients are tried (with an empty
// route slot), all routes when none of those is placed.
func (w *worker) reinsertTW(c *rrChain, x int, pen, twPen float64, rng *rand.Rand) {
	in := w.in
	ind := c.cand
	D := in.nD
	bestR, bestAt := -1, 0
	best := math.Inf(1)
	vx := in.visit(x)
	c.mark++
	try := func(r int) {
		rt := ind.routes[r]
		var ex int64
		for d := range D {
			l := c.load[r*D+d]
			ex += max(0, l+in.dem[x*D+d]-in.capv[d]) - max(0, l-in.capv[d])
		}
		pc := pen * float64(ex)
		if pc >= best {
			return
		}
		fw, bw := c.fw[r], c.bw[r]
		warp0 := fw[len(rt)].warp
		prev := 0
		for k := 0; k <= len(rt); k++ {
			next := 0
			if k < len(rt) {
				next = int(rt[k])
			}
			if rng.Float64() >= rrBlink {
				dc := pc + float64(in.d(prev, x)+in.d(x, next)-in.d(prev, next))
				if dc < best {
					seg := twMerge(twMerge(fw[k], in.t(prev, x), vx), in.t(x, next), bw[k])
					dc += twPen * float64(seg.warp-warp0)
					if dc < best {
						best, bestR, bestAt = dc, r, k
					}
				}
			}
			prev = next
		}
	}
	tried := 0
	if rrRouteK > 0 {
		for _, y := range w.rr.adj[x][:min(rrRouteK, len(w.rr.adj[x]))] {
			if c.pending[y] {
				continue
			}
			if r := int(c.routeOf[y]); c.seen[r] != c.mark {
				c.seen[r] = c.mark
				try(r)
				tried++
			}
		}
	}
	empty := -1
	for r, rt := range ind.routes {
		if len(rt) == 0 {
			if empty < 0 {
				empty = r
			}
		} else if tried == 0 {
			try(r)
		}
	}
	if empty >= 0 {
		dc := float64(in.d(0, x)+in.d(x, 0)+in.fixed) +
			twPen*float64(twMerge(twMerge(in.visit(0), in.t(0, x), vx), in.t(x, 0), in.visit(0)).warp)
		if bestR < 0 || dc < best {
			bestR, bestAt = empty, 0
		}
	}
	if bestR < 0 { // every position blinked: the front of the first route
		bestR = firstUsed(ind)
	}
	c.place(in, x, bestR, bestAt)
	c.pending[x] = false
	c.routeOf[x] = int32(bestR)
	c.segments(in, ind, bestR)
}

// reinsert puts client x at its cheapest position in c.cand (each
// position skipped with the blink probability), the load excess it adds
// weighed by pen, or in an empty route slot if that is cheaper.
func (w *worker) reinsert(c *rrChain, x int, pen float64, rng *rand.Rand) {
	in := w.in
	ind := c.cand
	D := in.nD
	bestR, bestAt := -1, 0
	best := math.Inf(1)
	empty := -1
	for r, rt := range ind.routes {
		if len(rt) == 0 {
			if empty < 0 {
				empty = r
			}
			continue
		}
		var ex int64
		for d := range D {
			l := c.load[r*D+d]
			ex += max(0, l+in.dem[x*D+d]-in.capv[d]) - max(0, l-in.capv[d])
		}
		pc := pen * float64(ex)
		if pc >= best {
			continue
		}
		prev := 0
		for k := 0; k <= len(rt); k++ {
			next := 0
			if k < len(rt) {
				next = int(rt[k])
			}
			if rng.Float64() >= rrBlink {
				if dc := pc + float64(in.d(prev, x)+in.d(x, next)-in.d(prev, next)); dc < best {
					best, bestR, bestAt = dc, r, k
				}
			}
			prev = next
		}
	}
	if empty >= 0 && (bestR < 0 || float64(in.d(0, x)+in.d(x, 0)+in.fixed) < best) {
		bestR, bestAt = empty, 0
	}
	if bestR < 0 { // every position blinked: the front of the first route
		bestR = firstUsed(ind)
	}
	c.place(in, x, bestR, bestAt)
}

// firstUsed is the first route slot of ind with a client in it.
func firstUsed(ind *individual) int {
	for r, rt := range ind.routes {
		if len(rt) > 0 {
			return r
		}
	}
	return -1
}

// place inserts client x into route slot r of c.cand before position k.
func (c *rrChain) place(in *instance, x, r, k int) {
	ind := c.cand
	D := in.nD
	bestR, bestAt := r, k
	rt := append(ind.routes[bestR], 0)
	copy(rt[bestAt+1:], rt[bestAt:])
	rt[bestAt] = int32(x)
	ind.routes[bestR] = rt
	ind.dirty[bestR] = true
	for d := range D {
		c.load[bestR*D+d] += in.dem[x*D+d]
	}
}
