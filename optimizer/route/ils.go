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

// rrChain is one annealing trajectory with its own random stream and
// local search (an educator's), so that chains run in parallel.
type rrChain struct {
	e        *educator
	cur      *individual
	cand     *individual
	best     *individual
	hasBest  bool    // best improved since the last merge
	bestCost int64   // cost of best (feasible), MaxInt64 before one
	routeOf  []int32 // per client, its route slot in cand
	posOf    []int32 // per client, its index in that route
	gone     []bool  // per client: removed by the ruin
	ruined   []bool  // per route slot: a string was taken from it
	removed  []int32
	load     []int64 // per route slot × dimension
	key      []float64
	steps    int
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
		s.chains = append(s.chains, &rrChain{e: e,
			cur: newIndividual(in), cand: newIndividual(in), best: newIndividual(in),
			routeOf: make([]int32, n+1), posOf: make([]int32, n+1), gone: make([]bool, n+1),
			ruined: make([]bool, in.nR), load: make([]int64, in.nR*in.nD), key: make([]float64, n+1)})
	}
	return s
}

// recreatePhase runs one chain per educator from the best solution until
// the deadline (with a time limit) or for steps steps in all (without),
// merging the chains' best solutions into the population every rrEpoch
// steps in chain order, so that a run bounded by iterations stays
// reproducible. The temperature falls geometrically from the mean arc of
// the starting solution to a hundredth of it over the phase.
func (w *worker) recreatePhase(ctx context.Context, steps int) {
	in := w.in
	if !w.hasBest && !w.hasInfeas || in.n < 2 || (w.deadline.IsZero() && steps <= 0) {
		return
	}
	// Without a feasible solution yet (tight capacities at short limits),
	// the chains start from the least infeasible one: the penalty below
	// then steers them to feasibility.
	from, bestCost := w.best, w.best.cost
	if !w.hasBest {
		from, bestCost = w.bestInfeas, math.MaxInt64
	}
	if w.rr == nil {
		w.rr = newRR(in, w.eds)
	}
	chains := w.rr.chains
	pen := max(w.penalty*10, 1000)
	for _, c := range chains {
		c.cur.copyFrom(from)
		c.cur.penCost = c.cur.penalised(pen, 0)
		c.bestCost = bestCost
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
			w.rrStep(c, t0*math.Pow(0.01, f), pen)
		}
	}
	for {
		if !w.parallel(len(chains), "ruin and recreate", func(i int) { run(chains[i]) }) {
			return
		}
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

// rrStep is one ruin, recreate and education of chain c's current
// solution, accepted by the annealing criterion at temperature temp.
func (w *worker) rrStep(c *rrChain, temp, pen float64) {
	in := w.in
	c.steps++
	c.cand.copyFrom(c.cur)
	w.ruinRecreate(c, pen)
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
	c.e.ls.run(c.cand, pen, 0)
	c.cand.evaluate(in, pen, 0, c.e.load)
	if c.cand.penCost < c.cur.penCost-temp*math.Log(1-c.e.rng.Float64()) {
		c.cur, c.cand = c.cand, c.cur
		if c.cur.feasible && c.cur.cost < c.bestCost {
			c.best.copyFrom(c.cur)
			c.bestCost = c.cur.cost
			c.hasBest = true
		}
	}
}

// ruinRecreate removes strings of clients around a random seed from
// c.cand and reinserts them, flagging the routes it changes dirty.
func (w *worker) ruinRecreate(c *rrChain, pen float64) {
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
		w.reinsert(c, int(y), pen, rng)
	}
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
		for r, rt := range ind.routes {
			if len(rt) > 0 {
				bestR = r
				break
			}
		}
	}
	rt := append(ind.routes[bestR], 0)
	copy(rt[bestAt+1:], rt[bestAt:])
	rt[bestAt] = int32(x)
	ind.routes[bestR] = rt
	ind.dirty[bestR] = true
	for d := range D {
		c.load[bestR*D+d] += in.dem[x*D+d]
	}
}
