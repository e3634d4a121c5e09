package route

import (
	"context"
	"math"
	"math/rand/v2"
	"time"
)

// worker is one hybrid genetic search (Vidal 2022): OX crossover of giant
// tours, optimal split, education by local search, two subpopulations
// (feasible, infeasible) managed by biased fitness (cost rank and
// broken-pairs diversity rank), adaptive load penalty, restarts.
type worker struct {
	id   int
	in   *instance
	prm  params
	opt  *Options
	rng  *rand.Rand
	sp   *splitter
	ls   *localSearch
	load []int64

	penalty   float64
	feas      []*individual
	infeas    []*individual
	hist      []bool // feasibility of the last LS outcomes
	histPos   int
	free      []*individual
	offspring *individual
	seen      []bool // crossover scratch
	order     []int32
	divs      []float64

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

func newWorker(id int, in *instance, opt *Options, start, deadline time.Time, report func(*worker)) *worker {
	prm := opt.params()
	w := &worker{id: id, in: in, prm: prm, opt: opt,
		rng:      rand.New(rand.NewPCG(opt.Seed, uint64(id))),
		load:     make([]int64, in.nD),
		penalty:  in.penalty0,
		hist:     make([]bool, prm.penaltyPeriod),
		seen:     make([]bool, in.n+1),
		start:    start,
		deadline: deadline,
		report:   report,
	}
	for i := range w.hist {
		w.hist[i] = true
	}
	w.sp = newSplitter(in)
	w.ls = newLocalSearch(in, w.rng)
	w.offspring = newIndividual(in)
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

// educate runs the local search on ind, adds it, and repairs it with a ten
// times higher penalty with probability repairProb when infeasible.
func (w *worker) educate(ind *individual) bool {
	w.ls.run(ind, w.penalty)
	ind.evaluate(w.in, w.penalty, w.load)
	better := w.add(ind, true)
	// Repair with probability repairProb, always while nothing feasible is
	// known (tight instances at short limits).
	if !ind.feasible && (w.rng.Float64() < w.prm.repairProb || !w.hasBest) {
		w.ls.run(ind, w.penalty*10)
		ind.evaluate(w.in, w.penalty, w.load)
		if ind.feasible {
			better = w.add(ind, false) || better
		}
	}
	return better
}

// generate builds an initial population of 4μ random individuals.
func (w *worker) generate(ctx context.Context, init *individual) {
	if init != nil {
		ind := w.offspring
		ind.copyFrom(init)
		ind.evaluate(w.in, w.penalty, w.load)
		w.educate(ind)
	}
	// With a time limit, building the population may use at most a fifth
	// of the time left (large instances at short limits would otherwise
	// spend it all on random starts); runs without one are unaffected.
	var phaseEnd time.Time
	if !w.deadline.IsZero() {
		phaseEnd = time.Now().Add(time.Until(w.deadline) / 5)
	}
	for i := 0; i < 4*w.prm.mu; i++ {
		if i > 0 && w.stopped(ctx) {
			return
		}
		if i >= 2 && !phaseEnd.IsZero() && time.Now().After(phaseEnd) {
			return
		}
		ind := w.offspring
		for k := range ind.tour {
			ind.tour[k] = int32(k + 1)
		}
		w.rng.Shuffle(len(ind.tour), func(a, b int) { ind.tour[a], ind.tour[b] = ind.tour[b], ind.tour[a] })
		w.sp.split(ind, w.penalty, w.in.nR, w.load)
		w.educate(ind)
	}
}

func (w *worker) run(ctx context.Context, init *individual) {
	defer w.finalRepair()
	w.generate(ctx, init)
	unlimited := w.opt.TimeLimit == 0 && w.opt.MaxIterations == 0
	nonProd := 1
	for !w.stopped(ctx) {
		if unlimited && nonProd > w.prm.noImprove {
			w.stop = StopNoImprovement
			break
		}
		w.iters++
		p1 := w.tournament()
		p2 := w.tournament()
		w.crossover(w.offspring, p1, p2)
		w.sp.split(w.offspring, w.penalty, p1.nRoutes, w.load)
		if w.educate(w.offspring) {
			nonProd = 1
		} else {
			nonProd++
		}
		if w.iters-w.lastReported >= 500 {
			w.lastReported = w.iters
			w.report(w)
		}
		if !unlimited && nonProd == w.prm.noImprove {
			w.restart(ctx)
			nonProd = 1
		}
	}
}

// finalRepair tries, when the search ends without a feasible solution, to
// repair the least infeasible one with penalties rising tenfold.
func (w *worker) finalRepair() {
	if w.hasBest || !w.hasInfeas {
		return
	}
	ind := w.offspring
	ind.copyFrom(w.bestInfeas)
	pen := w.penalty
	for range 6 {
		pen *= 10
		w.ls.run(ind, pen)
		ind.evaluate(w.in, w.penalty, w.load)
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
	w.generate(ctx, nil)
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
	c.penCost = float64(c.cost) + w.penalty*float64(c.excess)
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
		if !w.hasBest && (!w.hasInfeas || ind.excess < w.bestInfeas.excess ||
			(ind.excess == w.bestInfeas.excess && ind.cost < w.bestInfeas.cost)) {
			w.bestInfeas.copyFrom(ind)
			w.hasInfeas = true
		}
		return false
	}
	if w.hasRestart && ind.cost >= w.bestRestart.cost {
		return false
	}
	w.bestRestart.copyFrom(ind)
	w.hasRestart = true
	if !w.hasBest || ind.cost < w.best.cost {
		w.best.copyFrom(ind)
		w.hasBest = true
		w.report(w)
	}
	return true
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
// feasible education outcomes.
func (w *worker) managePenalties() {
	nf := 0
	for _, f := range w.hist {
		if f {
			nf++
		}
	}
	frac := float64(nf) / float64(len(w.hist))
	if frac < w.prm.targetFeasible-0.05 && w.penalty < 100000 {
		w.penalty = min(w.penalty*w.prm.penaltyIncrease, 100000)
	} else if frac > w.prm.targetFeasible+0.05 && w.penalty > 0.1 {
		w.penalty = max(w.penalty*w.prm.penaltyDecrease, 0.1)
	}
	for _, ind := range w.infeas {
		ind.penCost = float64(ind.cost) + w.penalty*float64(ind.excess)
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
