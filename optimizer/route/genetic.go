package route

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"golang.org/x/sync/errgroup"
)

// worker is one hybrid genetic search (Vidal 2022): OX crossover of giant
// tours, optimal split, education by local search, two subpopulations
// (feasible, infeasible) managed by biased fitness (cost rank and
// broken-pairs diversity rank), adaptive load penalty, restarts.
//
// With k educators (Options.Threads) each generation breeds k offspring
// from the population, educates them in parallel — each educator owns its
// random stream, split and local-search buffers — and adds them in
// educator order, so the result does not depend on which finishes first.
type worker struct {
	in  *instance
	prm params
	opt *Options
	rng *rand.Rand // selection, crossover, random tours
	eds []*educator
	sx  srexScratch
	// srexOn selects the selective route exchange (srex.go) instead of
	// OX: for the CVRP (measured on the X set at 10 s: 1.57 → 1.40 %
	// mean gap), not for time windows, whose reinsertion it ignores.
	srexOn  bool
	rr      *rrState // the ruin-and-recreate phase (ils.go), built on first use
	rrSteps int      // its steps so far

	penalty float64
	twPen   float64 // time-warp penalty (time windows)
	feas    []*individual
	infeas  []*individual
	hist    []bool // feasibility of the last LS outcomes
	histTW  []bool // no time warp in the last LS outcomes (time windows)
	histPos int
	free    []*individual
	seen    []bool // crossover scratch
	order   []int32
	divs    []float64
	err     error

	bestRestart  *individual
	hasRestart   bool
	best         *individual // best feasible overall
	hasBest      bool
	bestInfeas   *individual // least excess, then cost, when nothing is feasible
	hasInfeas    bool
	iters        int
	restarts     int
	stop         StopReason
	start        time.Time
	deadline     time.Time
	report       func(w *worker)
	lastReported int
}

// educator splits and educates one offspring.
type educator struct {
	rng      *rand.Rand
	sp       *splitter
	ls       *localSearch
	load     []int64
	off      *individual // the offspring
	rep      *individual // its repaired copy
	repaired bool
	maxR     int // route bound for the split; 0: no split (already split)
}

func newWorker(in *instance, opt *Options, threads int, start, deadline time.Time, report func(*worker)) *worker {
	prm := opt.params()
	w := &worker{in: in, prm: prm, opt: opt,
		rng:      rand.New(rand.NewPCG(opt.Seed, 0)),
		penalty:  in.penalty0,
		twPen:    in.twPenalty0,
		hist:     make([]bool, prm.penaltyPeriod),
		histTW:   make([]bool, prm.penaltyPeriod),
		seen:     make([]bool, in.n+1),
		start:    start,
		deadline: deadline,
		report:   report,
		srexOn:   !in.tw,
	}
	for i := range w.hist {
		w.hist[i] = true
		w.histTW[i] = true
	}
	for k := range threads {
		rng := rand.New(rand.NewPCG(opt.Seed, uint64(k+1)))
		w.eds = append(w.eds, &educator{rng: rng, sp: newSplitter(in), ls: newLocalSearch(in, rng),
			load: make([]int64, in.nD), off: newIndividual(in), rep: newIndividual(in)})
	}
	w.bestRestart = newIndividual(in)
	w.best = newIndividual(in)
	w.bestInfeas = newIndividual(in)
	return w
}

// stopped reports whether the search must stop, recording why.
func (w *worker) stopped(ctx context.Context) bool {
	if w.stop != "" {
		return true
	}
	switch {
	case ctx.Err() != nil:
		w.stop = StopCancelled
	case !w.deadline.IsZero() && !time.Now().Before(w.deadline):
		w.stop = StopTimeLimit
	case w.opt.MaxIterations > 0 && w.iters >= w.opt.MaxIterations:
		w.stop = StopIterations
	}
	return w.stop != ""
}

func (w *worker) newInd() *individual {
	if k := len(w.free); k > 0 {
		ind := w.free[k-1]
		w.free = w.free[:k-1]
		return ind
	}
	return newIndividual(w.in)
}

// educate splits (when e.maxR > 0) and educates e.off with the current
// penalty, then, when it is infeasible, with probability repairProb (always
// while nothing feasible is known, as on tight instances at short limits)
// repairs a copy with a ten times higher penalty. It only reads w.
func (w *worker) educate(e *educator) {
	if e.maxR > 0 {
		e.sp.split(e.off, w.penalty, w.twPen, e.maxR, e.load)
	}
	e.ls.run(e.off, w.penalty, w.twPen)
	e.off.evaluate(w.in, w.penalty, w.twPen, e.load)
	e.repaired = false
	if !e.off.feasible && (e.rng.Float64() < w.prm.repairProb || !w.hasBest) {
		e.rep.copyFrom(e.off)
		e.ls.run(e.rep, w.penalty*10, w.twPen*10)
		e.rep.evaluate(w.in, w.penalty, w.twPen, e.load)
		e.repaired = true
	}
}

// parallel runs f(0) … f(k-1): f(0) on the calling goroutine, the
// others on their own; a panic in one becomes w.err (naming what) and
// stops the search. It reports whether all returned normally.
func (w *worker) parallel(k int, what string, f func(i int)) bool {
	if k == 1 {
		f(0)
		return true
	}
	var g errgroup.Group
	for i := 1; i < k; i++ {
		g.Go(func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("route: %s: internal error: %v", what, r)
				}
			}()
			f(i)
			return nil
		})
	}
	f(0)
	if err := g.Wait(); err != nil {
		w.err = err
		w.stop = StopCancelled
		return false
	}
	return true
}

// educateAll educates the first k educators' offspring in parallel and adds
// them to the population in educator order. It reports whether one
// improved the best solution of this restart.
func (w *worker) educateAll(k int) bool {
	if !w.parallel(k, "educator", func(i int) { w.educate(w.eds[i]) }) {
		return false
	}
	better := false
	for _, e := range w.eds[:k] {
		better = w.add(e.off, true) || better
		if e.repaired && e.rep.feasible {
			better = w.add(e.rep, false) || better
		}
	}
	return better
}

// generate builds an initial population of 4μ random individuals (with
// onlyInit, only init and its educated copy).
func (w *worker) generate(ctx context.Context, init *individual, onlyInit bool) {
	if init != nil {
		// The solution itself joins as given (education with the
		// current penalties may trade its feasibility away: a fleet-
		// minimised VRPTW handed over by another phase must not be
		// lost), then an educated copy.
		e := w.eds[0]
		init.evaluate(w.in, w.penalty, w.twPen, e.load)
		w.add(init, false)
		e.off.copyFrom(init)
		e.maxR = 0
		w.educateAll(1)
		if onlyInit {
			return
		}
	}
	// A plain CVRP also starts from a savings solution.
	if init == nil && !w.in.tw {
		e := w.eds[0]
		if w.in.savings(e.off) {
			e.maxR = 0
			w.educateAll(1)
		}
	}
	// With a time limit, building the population may use at most a fifth
	// of the time left (large instances at short limits would otherwise
	// spend it all on random starts); runs without one are unaffected.
	var phaseEnd time.Time
	if !w.deadline.IsZero() {
		phaseEnd = time.Now().Add(time.Until(w.deadline) / 5)
	}
	total := 4 * w.prm.mu
	for i := 0; i < total; {
		if i > 0 && w.stopped(ctx) {
			return
		}
		if i >= 2 && !phaseEnd.IsZero() && time.Now().After(phaseEnd) {
			return
		}
		k := min(len(w.eds), total-i)
		for _, e := range w.eds[:k] {
			ind := e.off
			for j := range ind.tour {
				ind.tour[j] = int32(j + 1)
			}
			w.rng.Shuffle(len(ind.tour), func(a, b int) { ind.tour[a], ind.tour[b] = ind.tour[b], ind.tour[a] })
			e.maxR = w.in.nR
		}
		w.educateAll(k)
		i += k
	}
}

func (w *worker) run(ctx context.Context, init *individual) {
	defer w.finalRepair()
	// A plain CVRP ends with the ruin-and-recreate phase (ils.go): from
	// hgsEnd on with a time limit, after hgsIters iterations with an
	// iteration limit, after the genetic search stops without either.
	share := recreateShare(w.opt, w.in.n)
	if w.in.tw {
		share = twRecreateShare(w.opt, w.in.n)
	}
	if w.in.tw && init != nil && share >= twAllRecreate {
		// A large VRPTW handed a solution (the fleet of a hierarchical
		// solve's first stage): the whole search is ruin and recreate
		// from it, as educating a population of random giant tours of
		// a thousand clients would take most of the time.
		w.generate(ctx, init, true)
		steps := 0
		switch {
		case !w.deadline.IsZero():
		case w.opt.MaxIterations > 0:
			steps = rrPerIter * w.opt.MaxIterations
		default:
			steps = rrPerIter * 1000
		}
		w.recreatePhase(ctx, steps)
		return
	}
	w.generate(ctx, init, false)
	var hgsEnd time.Time
	hgsIters := 0
	if share > 0 {
		if !w.deadline.IsZero() {
			hgsEnd = time.Now().Add(time.Duration((1 - share) * float64(time.Until(w.deadline))))
		} else if w.opt.MaxIterations > 0 {
			hgsIters = max(1, int((1-share)*float64(w.opt.MaxIterations)))
		}
	}
	unlimited := w.opt.TimeLimit == 0 && w.opt.MaxIterations == 0
	nonProd := 1
	for !w.stopped(ctx) {
		if !hgsEnd.IsZero() && !time.Now().Before(hgsEnd) || hgsIters > 0 && w.iters >= hgsIters {
			break
		}
		if unlimited && nonProd > w.prm.noImprove {
			w.stop = StopNoImprovement
			break
		}
		k := len(w.eds)
		for _, e := range w.eds {
			p1 := w.tournament()
			p2 := w.tournament()
			if w.srexOn && w.srex(e.off, p1, p2) {
				e.maxR = 0
			} else {
				w.crossover(e.off, p1, p2)
				e.maxR = max(p1.nRoutes, 1)
			}
		}
		w.iters += k
		if w.educateAll(k) {
			nonProd = 1
		} else {
			nonProd += k
		}
		if w.iters-w.lastReported >= 500 {
			w.lastReported = w.iters
			w.report(w)
		}
		if !unlimited && nonProd >= w.prm.noImprove {
			w.restart(ctx)
			nonProd = 1
		}
	}
	if share > 0 && (w.stop == "" || w.stop == StopNoImprovement) {
		steps := 0
		if w.deadline.IsZero() {
			steps = int(rrPerIter * float64(w.iters) * share / (1 - share))
		}
		w.recreatePhase(ctx, steps)
	}
}

// finalRepair tries, when the search ends without a feasible solution, to
// repair the least infeasible one with penalties rising tenfold.
func (w *worker) finalRepair() {
	if w.hasBest || !w.hasInfeas {
		return
	}
	e := w.eds[0]
	ind := e.off
	ind.copyFrom(w.bestInfeas)
	pen, twPen := w.penalty, w.twPen
	for range 6 {
		pen *= 10
		twPen *= 10
		e.ls.run(ind, pen, twPen)
		ind.evaluate(w.in, w.penalty, w.twPen, e.load)
		if ind.feasible {
			w.best.copyFrom(ind)
			w.hasBest = true
			return
		}
	}
}

func (w *worker) restart(ctx context.Context) {
	w.restarts++
	w.free = append(w.free, w.feas...)
	w.free = append(w.free, w.infeas...)
	w.feas, w.infeas = w.feas[:0], w.infeas[:0]
	w.hasRestart = false
	w.generate(ctx, nil, false)
}

// crossover is the ordered crossover (OX) of two giant tours.
func (w *worker) crossover(res, p1, p2 *individual) {
	n := w.in.n
	if n < 2 {
		copy(res.tour, p1.tour)
		return
	}
	clear(w.seen)
	start := w.rng.IntN(n)
	end := w.rng.IntN(n)
	for end == start {
		end = w.rng.IntN(n)
	}
	j := start
	for j%n != (end+1)%n {
		c := p1.tour[j%n]
		res.tour[j%n] = c
		w.seen[c] = true
		j++
	}
	for i := 1; i <= n; i++ {
		c := p2.tour[(end+i)%n]
		if !w.seen[c] {
			res.tour[j%n] = c
			j++
		}
	}
}

// add inserts a copy of ind into its subpopulation and reports whether it
// is a new best feasible solution of the current restart.
func (w *worker) add(ind *individual, updateFeasible bool) bool {
	if updateFeasible {
		w.hist[w.histPos] = ind.excess == 0
		w.histTW[w.histPos] = ind.warp == 0
		w.histPos = (w.histPos + 1) % len(w.hist)
		// Adapt the penalty every penaltyPeriod education outcomes,
		// initial population included (short runs have few iterations).
		if w.histPos == 0 {
			w.managePenalties()
		}
	}
	sub := &w.infeas
	if ind.feasible {
		sub = &w.feas
	}
	c := w.newInd()
	c.copyFrom(ind)
	c.penCost = c.penalised(w.penalty, w.twPen)
	for _, o := range *sub {
		d := brokenPairs(c, o)
		o.addProx(d, c)
		c.addProx(d, o)
	}
	place := len(*sub)
	for place > 0 && (*sub)[place-1].penCost > c.penCost-epsilon {
		place--
	}
	*sub = append(*sub, nil)
	copy((*sub)[place+1:], (*sub)[place:])
	(*sub)[place] = c
	if len(*sub) > w.prm.mu+w.prm.lambda {
		for len(*sub) > w.prm.mu {
			w.removeWorst(sub)
		}
	}
	if !ind.feasible {
		if !w.hasBest && (!w.hasInfeas || ind.excess+ind.warp < w.bestInfeas.excess+w.bestInfeas.warp ||
			(ind.excess+ind.warp == w.bestInfeas.excess+w.bestInfeas.warp && ind.cost < w.bestInfeas.cost)) {
			w.bestInfeas.copyFrom(ind)
			w.hasInfeas = true
		}
		return false
	}
	if w.hasRestart && !w.beats(ind, w.bestRestart) {
		return false
	}
	w.bestRestart.copyFrom(ind)
	w.hasRestart = true
	if !w.hasBest || w.beats(ind, w.best) {
		w.best.copyFrom(ind)
		w.hasBest = true
		w.report(w)
	}
	return true
}

// beats reports whether feasible a is better than feasible b: lower cost,
// or, in the second stage of a hierarchical solve, fewer routes first.
func (w *worker) beats(a, b *individual) bool {
	if w.opt.stageTwo && a.nRoutes != b.nRoutes {
		return a.nRoutes < b.nRoutes
	}
	return a.cost < b.cost
}

func (w *worker) updateFitness(pop []*individual) {
	k := len(pop)
	if k == 1 {
		pop[0].fitness = 0
		return
	}
	// Rank by diversity contribution, decreasing; ties by cost rank.
	order := w.order[:0]
	w.divs = w.divs[:0]
	for i := range k {
		order = append(order, int32(i))
		w.divs = append(w.divs, pop[i].avgClosest(w.prm.nbClose))
	}
	w.order = order
	div := w.divs
	for i := 1; i < k; i++ { // insertion sort: k ≤ μ+λ+1
		x := order[i]
		j := i
		for j > 0 && (div[order[j-1]] < div[x] || (div[order[j-1]] == div[x] && order[j-1] > x)) {
			order[j] = order[j-1]
			j--
		}
		order[j] = x
	}
	for i, idx := range order {
		divRank := float64(i) / float64(k-1)
		fitRank := float64(idx) / float64(k-1)
		if k <= w.prm.nbElite {
			pop[idx].fitness = fitRank
		} else {
			pop[idx].fitness = fitRank + (1-float64(w.prm.nbElite)/float64(k))*divRank
		}
	}
}

func (w *worker) removeWorst(sub *[]*individual) {
	pop := *sub
	w.updateFitness(pop)
	worst, worstFit, worstClone := -1, -math.MaxFloat64, false
	for i := 1; i < len(pop); i++ {
		clone := pop[i].avgClosest(1) < epsilon
		if (clone && !worstClone) || (clone == worstClone && pop[i].fitness > worstFit) {
			worst, worstFit, worstClone = i, pop[i].fitness, clone
		}
	}
	gone := pop[worst]
	pop = append(pop[:worst], pop[worst+1:]...)
	for _, o := range pop {
		o.removeProx(gone)
	}
	*sub = pop
	w.free = append(w.free, gone)
}

// tournament picks the better by biased fitness of two uniform draws over
// both subpopulations.
func (w *worker) tournament() *individual {
	nf, ni := len(w.feas), len(w.infeas)
	pick := func() *individual {
		k := w.rng.IntN(nf + ni)
		if k < nf {
			return w.feas[k]
		}
		return w.infeas[k-nf]
	}
	a, b := pick(), pick()
	if nf > 0 {
		w.updateFitness(w.feas)
	}
	if ni > 0 {
		w.updateFitness(w.infeas)
	}
	if a.fitness < b.fitness {
		return a
	}
	return b
}

// managePenalties steers the load penalty towards the target share of
// load-feasible education outcomes and, with time windows, the time-warp
// penalty towards the same share of outcomes without warp (as PyVRP's
// penalty manager, one penalty per constraint).
func (w *worker) managePenalties() {
	w.penalty = w.adapt(w.penalty, w.hist)
	if w.in.tw {
		w.twPen = w.adapt(w.twPen, w.histTW)
	}
	for _, ind := range w.infeas {
		ind.penCost = ind.penalised(w.penalty, w.twPen)
	}
	pop := w.infeas
	for i := range pop {
		for j := 0; j < len(pop)-i-1; j++ {
			if pop[j].penCost > pop[j+1].penCost+epsilon {
				pop[j], pop[j+1] = pop[j+1], pop[j]
			}
		}
	}
}

// adapt returns penalty raised when fewer than the target share of hist is
// true, lowered when more.
func (w *worker) adapt(penalty float64, hist []bool) float64 {
	nf := 0
	for _, f := range hist {
		if f {
			nf++
		}
	}
	frac := float64(nf) / float64(len(hist))
	if frac < w.prm.targetFeasible-0.05 && penalty < 100000 {
		return min(penalty*w.prm.penaltyIncrease, 100000)
	} else if frac > w.prm.targetFeasible+0.05 && penalty > 0.1 {
		return max(penalty*w.prm.penaltyDecrease, 0.1)
	}
	return penalty
}
