package locate

import (
	"container/heap"
	"context"
	"errors"
	"math"
	"math/bits"
	"slices"
	"time"
)

// Errors returned by Solve.
var (
	// ErrInfeasible reports that no solution satisfies the constraints.
	ErrInfeasible = errors.New("locate: no feasible solution")
	// ErrNoSolution reports that the time limit or context ended the search
	// before any feasible solution was found.
	ErrNoSolution = errors.New("locate: no feasible solution found before the limit")
)

// Options control Solve. The zero value works.
type Options struct {
	// TimeLimit bounds the search; 0 means 10 s, negative means no limit
	// (then only ctx stops it). Reaching it is not an error.
	TimeLimit time.Duration
	// MaxNodes bounds the branch-and-bound nodes; 0 means no limit, 1 stops
	// after the root (bound and heuristic only).
	MaxNodes int
	// Work, when > 0, bounds the search by work instead of time: the
	// branch-and-bound stops once the Lagrangian has done Work units (one
	// unit is a thousand arc evaluations: subgradient iterations × (arcs +
	// links + sites) / 1000, plus the arcs looked at by the site moves of a
	// one-tier single-sourcing problem, which tracks the time of a search
	// whatever the problem's size; the root is always solved), and the parts that a time
	// limit would time (slope scaling at the start, the heuristics and the
	// local search at the root) run their full counts. Nothing but the
	// TimeLimit cap and ctx then reads the clock: the same problem and Work
	// give the same solution, on any machine and under any load, unless the
	// cap stops the search first.
	Work int
	// Seed is reserved for randomised components; the search is currently
	// deterministic for any seed.
	Seed uint64
	// Progress, when set, is called (from the calling goroutine) when the
	// incumbent improves and every few hundred nodes.
	Progress func(Progress)
}

// Progress is a snapshot of the search.
type Progress struct {
	Cost       float64 // best solution so far (+Inf if none)
	LowerBound float64
	Nodes      int
	Elapsed    time.Duration
}

// Solution is the best solution found with a proven lower bound.
type Solution struct {
	// Cost is the objective: fixed costs of the open options, arc costs
	// (by fraction served) and link costs (per unit).
	Cost float64
	// LowerBound is a proven lower bound on the optimum; Cost − LowerBound
	// is the certified gap.
	LowerBound float64
	// Module is, per site, −1 if closed, else the index of the module it
	// opens at (0 for a site without modules).
	Module []int
	// Open lists the open sites in increasing order.
	Open []int
	// Assign lists the demand served per (demand point, tier-0 site) pair
	// with a positive fraction, in demand order.
	Assign []Assignment
	// Assignment is, with single-sourcing, the site serving each demand
	// point; nil otherwise.
	Assignment []int
	// LinkFlow is the flow on each Problem.Links entry, in units.
	LinkFlow []float64
	// Proved reports that the search closed: Cost is optimal (to within a
	// relative 1e-9).
	Proved bool
	Stats  Stats
}

// Assignment is a fraction of a demand point's amount served by a site.
type Assignment struct {
	Demand, Site int
	Fraction     float64
}

// Stats describe the search.
type Stats struct {
	Nodes      int
	Iterations int // subgradient iterations in total
	Work       int // in Options.Work units
	Elapsed    time.Duration
	// StopReason is "optimal", "infeasible", "time limit", "node limit",
	// "work budget" or "canceled".
	StopReason string
}

// Gap returns the relative certified gap (Cost − LowerBound) / Cost.
func (s *Solution) Gap() float64 {
	if s.Cost == 0 {
		return 0
	}
	return (s.Cost - s.LowerBound) / math.Abs(s.Cost)
}

type nodeHeap []*node

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(a, b int) bool {
	if h[a].bound != h[b].bound {
		return h[a].bound < h[b].bound
	}
	return h[a].seq < h[b].seq
}
func (h nodeHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*node)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

type solver struct {
	in    *inst
	lag   *lag
	opt   Options
	limit time.Duration
	ctx   context.Context
	start time.Time
	best  *primal
	seen  map[string]bool
	nodes int
	iters int
	evals int64 // arc evaluations of the site moves (ssMoves)
	err   error
}

func (s *solver) ub() float64 {
	if s.best == nil {
		return math.Inf(1)
	}
	return s.best.cost
}

func (s *solver) stopped() bool { return s.ctx.Err() != nil }

// work is the work done so far, in Options.Work units.
func (s *solver) work() int {
	in := s.in
	return int((int64(s.iters)*int64(len(in.aSite)+len(in.lFrom)+in.ns) + s.evals) / 1000)
}

// budgetFor is the share f of the time limit (a day when there is none,
// or when the search is bounded by work).
func (s *solver) budgetFor(f float64) time.Duration {
	if s.limit <= 0 || s.opt.Work > 0 {
		return 24 * time.Hour
	}
	return time.Duration(f * float64(s.limit))
}

func (s *solver) offer(pr *primal, lb float64) {
	if pr == nil || (s.best != nil && pr.cost >= s.best.cost-1e-12*math.Abs(pr.cost)) {
		return
	}
	s.best = pr
	s.report(lb)
}

func (s *solver) report(lb float64) {
	if s.opt.Progress != nil {
		s.opt.Progress(Progress{Cost: s.ub(), LowerBound: lb, Nodes: s.nodes, Elapsed: time.Since(s.start)})
	}
}

// try evaluates an option vector (with a single-source assignment built by
// the heuristic) once.
func (s *solver) try(opt []int, pref []int, lb float64) {
	in := s.in
	opt = slices.Clone(opt)
	if !in.completeOptions(opt) || !in.fitBudget(opt) {
		return
	}
	var assign []int
	if in.single {
		assign = in.ssAssign(opt, pref)
		if assign == nil {
			return
		}
	}
	key := string(optKey(opt))
	if !in.single {
		if s.seen[key] {
			return
		}
		s.seen[key] = true
	}
	pr, ok, err := in.evalOpen(s.ctx, opt, assign)
	if err != nil {
		if s.err == nil && s.ctx.Err() == nil {
			s.err = err
		}
		return
	}
	if ok {
		s.offer(pr, lb)
	}
}

func optKey(opt []int) []byte {
	b := make([]byte, len(opt))
	for i, o := range opt {
		b[i] = byte(o)
	}
	return b
}

// heuristic builds a solution from the last Lagrangian solution.
func (s *solver) heuristic(lb float64) {
	in, l := s.in, s.lag
	opt := make([]int, in.ns)
	for i := range in.ns {
		if l.bestY[i] > 1e-9 {
			opt[i] = l.bestOpt[i]
		}
	}
	var pref []int
	if in.single {
		pref = make([]int, in.nd)
		for j := range in.nd {
			pref[j] = -1
			bx := 0.0
			for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
				if l.xbar[k] > bx && opt[in.aSite[k]] > 0 {
					pref[j], bx = k, l.xbar[k]
				}
			}
		}
	}
	s.try(opt, pref, lb)
}

// localSearch improves the incumbent of a multi-source problem by closing,
// opening and swapping sites, each move evaluated exactly; at most maxEval
// flow problems.
func (s *solver) localSearch(maxEval int, lb float64, until time.Duration) {
	in := s.in
	evals := 0
	stop := func() bool { return s.stopped() || time.Since(s.start) > until }
	for improved := true; improved && evals < maxEval && !stop(); {
		improved = false
		cur := s.best
		if cur == nil {
			return
		}
		base := cur.cost
		// close
		for i := range in.ns {
			if evals >= maxEval || stop() {
				return
			}
			if cur.opt[i] == 0 || in.fullMask(i)&1 == 0 {
				continue
			}
			opt := slices.Clone(cur.opt)
			opt[i] = 0
			if !in.capacityOK(opt) {
				continue
			}
			evals++
			s.try(opt, cur.assign, lb)
			if s.best.cost < base {
				improved = true
				break
			}
		}
		if improved {
			continue
		}
		// open
		for i := range in.ns {
			if evals >= maxEval || stop() {
				return
			}
			if cur.opt[i] != 0 || in.fullMask(i) == 1 {
				continue
			}
			opt := slices.Clone(cur.opt)
			opt[i] = in.largestOption(i, in.fullMask(i))
			evals++
			s.try(opt, cur.assign, lb)
			if s.best.cost < base {
				improved = true
				break
			}
		}
	}
}

// Solve finds a minimum-cost plan for p by Lagrangian branch-and-bound and
// returns the best solution with a proven lower bound. Reaching the time
// limit or the node limit returns the best solution found so far; a canceled
// ctx likewise, if a solution exists. Bad input gives an *InputError.
func Solve(ctx context.Context, p *Problem, opt Options) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	limit := opt.TimeLimit
	if limit == 0 {
		limit = 10 * time.Second
	}
	var cancel context.CancelFunc
	if limit > 0 {
		ctx, cancel = context.WithTimeout(ctx, limit)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	in := compile(p)
	s := &solver{in: in, lag: newLag(in), opt: opt, limit: limit, ctx: ctx, start: start, seen: map[string]bool{}}

	root := &node{mask: make([]uint64, in.ns), u: make([]float64, in.nd), pi: make([]float64, in.ns)}
	if in.single {
		root.arcFix = make([]int8, len(in.aSite))
	}
	for i := range in.ns {
		root.mask[i] = in.fullMask(i)
	}
	if !s.feasibleNode(root) {
		return nil, ErrInfeasible
	}
	// Start from the cost-to-go: π_k is the cheapest per-unit cost from
	// site k to a sink over the links, u_j the cheapest way to serve j.
	for t := in.ntier - 2; t >= 0; t-- {
		for _, k := range in.tierSite[t] {
			m := math.Inf(1)
			for _, l := range in.linksOut[k] {
				to := in.lTo[l]
				if root.mask[to] == 1 {
					continue
				}
				c := in.lCost[l]
				if !in.terminal[to] {
					c += root.pi[to]
				}
				m = min(m, c)
			}
			if math.IsInf(m, 1) {
				m = 0 // no way out: the flow problem will say so
			}
			root.pi[k] = m
		}
	}
	for j := range in.nd {
		m := math.Inf(1)
		for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
			if i := in.aSite[k]; root.mask[i] != 1 {
				c := in.aCost[k]
				if !in.terminal[i] {
					c += root.pi[i] * in.amt[j]
				}
				m = min(m, c)
			}
		}
		root.u[j] = m
	}
	// a first solution: everything allowed open
	all := make([]int, in.ns)
	for i := range in.ns {
		all[i] = in.largestOption(i, root.mask[i])
	}
	s.try(all, nil, math.Inf(-1))
	s.slopeScale(slopeRounds, func() bool { return s.stopped() || time.Since(start) > s.budgetFor(0.2) })

	stopReason := "optimal"
	rootIter := min(300+2*in.ns, 1500)
	every := max(1, in.ns/200)
	calls := 0
	s.lag.hook = func() {
		if calls++; calls%every == 0 && time.Since(start) < s.budgetFor(0.5) {
			s.heuristic(s.lag.bound)
		}
	}
	s.lag.ub = s.ub
	s.lag.run(root, s.ub(), rootIter, rootTheta, s.stopped)
	s.iters += s.lag.iters
	s.nodes++
	if s.lag.infeasible {
		return nil, ErrInfeasible
	}
	root.bound = s.lag.bound
	lb := root.bound
	s.lag.hook = nil
	s.heuristic(lb)
	if !in.single && lb < s.ub()-pruneTol(s.ub()) {
		s.localSearch(2*in.ns, lb, s.budgetFor(0.3))
	}
	if lb < s.ub()-pruneTol(s.ub()) {
		s.ssMoves(2*in.ns, lb)
	}
	// second pass at the root with the better target
	if secondPass && s.best != nil && root.bound < s.ub()-pruneTol(s.ub()) && !s.stopped() {
		s.lag.run(root, s.ub(), rootIter/2, 0.5, s.stopped)
		s.iters += s.lag.iters
		root.bound = max(root.bound, s.lag.bound)
		s.heuristic(root.bound)
	}
	if s.lag.fix(root, s.ub()) < 0 {
		root.bound = s.ub()
	}
	s.report(root.bound)

	h := &nodeHeap{}
	seq := 0
	prunedMin := math.Inf(1) // least bound of nodes pruned within tolerance
	if root.bound < s.ub()-pruneTol(s.ub()) {
		s.branch(root, h, &seq)
	} else if root.bound < s.ub() {
		prunedMin = root.bound
	}
	for h.Len() > 0 {
		if s.stopped() {
			stopReason = "time limit"
			if errors.Is(ctx.Err(), context.Canceled) {
				stopReason = "canceled"
			}
			break
		}
		if opt.MaxNodes > 0 && s.nodes >= opt.MaxNodes {
			stopReason = "node limit"
			break
		}
		if opt.Work > 0 && s.work() >= opt.Work {
			stopReason = "work budget"
			break
		}
		nd := heap.Pop(h).(*node)
		ub := s.ub()
		if nd.bound >= ub-pruneTol(ub) {
			if nd.bound < ub {
				prunedMin = min(prunedMin, nd.bound)
			}
			continue
		}
		s.nodes++
		if s.nodes%200 == 0 {
			s.report(min(nd.bound, ub))
		}
		if s.leaf(nd) {
			continue
		}
		iters := min(80+in.ns/2, 250)
		s.lag.run(nd, ub, iters, 0.5, s.stopped)
		s.iters += s.lag.iters
		if s.lag.infeasible {
			continue
		}
		nd.bound = max(nd.bound, s.lag.bound)
		before := s.best
		s.heuristic(nd.bound)
		if s.best != before {
			s.ssMoves(2*in.ns, nd.bound)
		}
		ub = s.ub()
		if nd.bound >= ub-pruneTol(ub) {
			if nd.bound < ub {
				prunedMin = min(prunedMin, nd.bound)
			}
			continue
		}
		if s.lag.fix(nd, ub) < 0 || !s.feasibleNode(nd) {
			continue
		}
		if s.leaf(nd) {
			continue
		}
		s.branch(nd, h, &seq)
	}
	if s.err != nil {
		return nil, s.err
	}
	if s.best == nil {
		if stopReason == "optimal" {
			return nil, ErrInfeasible
		}
		return nil, ErrNoSolution
	}
	lb = min(s.ub(), prunedMin)
	if h.Len() > 0 {
		lb = min(lb, (*h)[0].bound)
	}
	sol := s.solution(lb)
	sol.Proved = h.Len() == 0 || stopReason == "optimal"
	if !sol.Proved && stopReason == "optimal" {
		stopReason = "time limit"
	}
	sol.Stats = Stats{Nodes: s.nodes, Iterations: s.iters, Work: s.work(), Elapsed: time.Since(start), StopReason: stopReason}
	s.report(lb)
	return sol, nil
}

// feasibleNode reports whether every demand point still has an allowed arc.
func (s *solver) feasibleNode(nd *node) bool {
	in := s.in
	for j := range in.nd {
		ok := false
		for k := in.arcStart[j]; k < in.arcStart[j+1] && !ok; k++ {
			ok = nd.mask[in.aSite[k]] != 1 && (nd.arcFix == nil || nd.arcFix[k] >= 0)
		}
		if !ok {
			return false
		}
	}
	return true
}

// leaf solves a node whose decisions are all fixed exactly; it reports
// whether the node was a leaf.
func (s *solver) leaf(nd *node) bool {
	in := s.in
	opt := make([]int, in.ns)
	for i, m := range nd.mask {
		if bits.OnesCount64(m) != 1 {
			return false
		}
		opt[i] = bits.TrailingZeros64(m)
	}
	var assign []int
	if in.single {
		assign = make([]int, in.nd)
		for j := range in.nd {
			assign[j] = -1
			for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
				if nd.arcFix[k] >= 0 && opt[in.aSite[k]] > 0 {
					if assign[j] >= 0 {
						return false
					}
					assign[j] = k
				}
			}
			if assign[j] < 0 {
				return true // infeasible
			}
		}
	}
	pr, ok, err := in.evalOpen(s.ctx, opt, assign)
	if err != nil {
		if s.err == nil && s.ctx.Err() == nil {
			s.err = err
		}
		return true
	}
	if ok {
		s.offer(pr, nd.bound)
	}
	return true
}

// branch splits nd into two children pushed on h.
func (s *solver) branch(nd *node, h *nodeHeap, seq *int) {
	in, l := s.in, s.lag
	bi, bo, bs := -1, 0, -1.0
	for i, m := range nd.mask {
		if bits.OnesCount64(m) < 2 {
			continue
		}
		// the most fractional site; its most used option goes left
		top, to := -1.0, 0
		for mm := m; mm != 0; mm &= mm - 1 {
			o := bits.TrailingZeros64(mm)
			if l.optBar[i][o] > top {
				top, to = l.optBar[i][o], o
			}
		}
		score := 1 - top
		if score > bs+1e-12 {
			bi, bo, bs = i, to, score
		}
	}
	if in.single {
		// branch on a point's assignment when the sites look settled
		bj, bk, bjs := -1, -1, -1.0
		for j := range in.nd {
			top, tk, n := -1.0, -1, 0
			for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
				if nd.arcFix[k] < 0 || nd.mask[in.aSite[k]] == 1 {
					continue
				}
				n++
				if l.xbar[k] > top {
					top, tk = l.xbar[k], k
				}
			}
			if n < 2 {
				continue
			}
			if sc := 1 - top; sc > bjs+1e-12 {
				bj, bk, bjs = j, tk, sc
			}
		}
		if bj >= 0 && (bi < 0 || bs < 0.1) {
			a := s.child(nd, seq)
			for k := in.arcStart[bj]; k < in.arcStart[bj+1]; k++ {
				if k != bk {
					a.arcFix[k] = -1
				}
			}
			a.arcFix[bk] = 1
			a.mask[in.aSite[bk]] &^= 1
			b := s.child(nd, seq)
			b.arcFix[bk] = -1
			s.push(h, a)
			s.push(h, b)
			return
		}
	}
	if bi < 0 {
		return
	}
	a := s.child(nd, seq)
	a.mask[bi] = 1 << uint(bo)
	b := s.child(nd, seq)
	b.mask[bi] &^= 1 << uint(bo)
	s.push(h, a)
	s.push(h, b)
}

func (s *solver) push(h *nodeHeap, nd *node) {
	if !s.feasibleNode(nd) {
		return
	}
	heap.Push(h, nd)
}

func (s *solver) child(nd *node, seq *int) *node {
	*seq++
	c := &node{mask: slices.Clone(nd.mask), u: slices.Clone(nd.u), pi: slices.Clone(nd.pi), lam: nd.lam,
		bound: nd.bound, depth: nd.depth + 1, seq: *seq}
	if nd.arcFix != nil {
		c.arcFix = slices.Clone(nd.arcFix)
	}
	return c
}

// solution converts the incumbent.
func (s *solver) solution(lb float64) *Solution {
	in, pr := s.in, s.best
	sol := &Solution{Cost: pr.cost, LowerBound: lb, Module: make([]int, in.ns), LinkFlow: slices.Clone(pr.link)}
	for i, o := range pr.opt {
		sol.Module[i] = o - 1
		if o > 0 {
			sol.Open = append(sol.Open, i)
		}
	}
	for k, x := range pr.x {
		if x > 1e-12 {
			sol.Assign = append(sol.Assign, Assignment{Demand: in.aDem[k], Site: in.aSite[k], Fraction: x})
		}
	}
	if in.single {
		sol.Assignment = make([]int, in.nd)
		for j, k := range pr.assign {
			sol.Assignment[j] = in.aSite[k]
		}
	}
	return sol
}
