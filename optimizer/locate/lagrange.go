package locate

import (
	"math"
	"math/bits"
	"slices"
)

// The Lagrangian relaxation: the demand constraints Σ_a x_a = 1 (multiplier
// u_j), flow conservation at non-terminal sites (π_k) and the budget (λ ≥ 0)
// are moved into the objective. What remains separates into one subproblem
// per site: choose an allowed option (closed or a module) and, for it, a
// knapsack over the site's inflow arcs with reduced costs — continuous with
// multi-sourcing, 0-1 with single-sourcing. Per tier, the aggregate capacity
// of the open sites must cover the total demand; this covering constraint
// is kept (relaxed to its LP over the sites), which makes the bound at least
// the strong LP bound of the CFLP.

type node struct {
	mask   []uint64 // allowed options per site (bit 0 = closed)
	arcFix []int8   // single-sourcing: +1 forced, -1 forbidden, 0 free
	u      []float64
	pi     []float64
	lam    float64
	bound  float64
	depth  int
	seq    int
}

type cand struct {
	idx   int // demand arc k, or link −(k+1)
	rc    float64
	w     float64
	ub    float64
	ratio float64
}

// lag holds the scratch space of the Lagrangian solver.
type lag struct {
	in *inst

	cands    []cand
	shift    []cand // cands shifted by a module's handling
	tmpSel   []int
	tmpFr    []float64
	bestSel  []int
	dU, dPi  []float64
	dLam     float64
	cover    []cand
	coverSel []int
	// hook, when set, runs every hookEvery iterations (the primal
	// heuristic); ub then reads the incumbent cost.
	hook   func()
	ub     func() float64
	bestFr []float64
	selIdx []int     // per site, the chosen items
	selFr  []float64 // their values (fraction of a demand arc, units of a link)
	selBeg []int
	selEnd []int
	rho    []float64
	opt    []int
	y      []float64
	g      []float64
	gpi    []float64
	order  []int

	// results of the last run
	bound      float64
	infeasible bool
	ybar       []float64
	optBar     [][]float64
	xbar       []float64
	bestOpt    []int // option per site in the best iteration with y ≥ ½
	bestY      []float64
	bestU      []float64
	bestPi     []float64
	bestLam    float64
	iters      int
	knap       knapsack
}

func newLag(in *inst) *lag {
	l := &lag{in: in}
	l.selBeg = make([]int, in.ns)
	l.selEnd = make([]int, in.ns)
	l.rho = make([]float64, in.ns)
	l.opt = make([]int, in.ns)
	l.y = make([]float64, in.ns)
	l.g = make([]float64, in.nd)
	l.gpi = make([]float64, in.ns)
	l.ybar = make([]float64, in.ns)
	l.optBar = make([][]float64, in.ns)
	for i := range in.ns {
		l.optBar[i] = make([]float64, len(in.optFixed[i]))
	}
	l.xbar = make([]float64, len(in.aSite))
	l.bestOpt = make([]int, in.ns)
	l.bestY = make([]float64, in.ns)
	l.bestU = make([]float64, in.nd)
	l.bestPi = make([]float64, in.ns)
	l.order = make([]int, 0, in.ns)
	return l
}

// evaluate computes L(u, π, λ) and the subproblem solution for node nd. It
// returns false if the node is infeasible.
func (l *lag) evaluate(nd *node, u, pi []float64, lam float64) (float64, bool) {
	in := l.in
	l.selIdx = l.selIdx[:0]
	l.selFr = l.selFr[:0]
	for i := range in.ns {
		l.rho[i], l.opt[i] = 0, 0
		if nd.mask[i] == 1 {
			l.selBeg[i], l.selEnd[i] = len(l.selIdx), len(l.selIdx)
			continue
		}
		if _, ok := l.siteOnly(nd, i, u, pi, lam); !ok {
			if nd.mask[i]&1 == 0 {
				return 0, false
			}
			l.rho[i], l.opt[i] = math.Inf(1), 0
		}
	}
	// covering per tier: Σ cap_i y_i ≥ total demand, LP relaxation; a site
	// counts with the largest capacity it may still open at.
	total := in.total
	for t := range in.ntier {
		have := 0.0
		l.order = l.order[:0]
		for _, i := range in.tierSite[t] {
			l.y[i] = 0
			if l.opt[i] == 0 {
				continue
			}
			if l.rho[i] < 0 || nd.mask[i]&1 == 0 {
				l.y[i] = 1
				have += l.capAllowed(nd, i)
			} else {
				l.order = append(l.order, i)
			}
		}
		if have >= total*(1-1e-12) {
			continue
		}
		if l.coverExact(nd, have, total) {
			continue
		}
		for _, i := range l.order {
			l.y[i] = 0
		}
		slices.SortFunc(l.order, func(a, b int) int {
			ra := l.rho[a] / l.capAllowed(nd, a)
			rb := l.rho[b] / l.capAllowed(nd, b)
			if ra < rb {
				return -1
			}
			if ra > rb {
				return 1
			}
			return a - b
		})
		for _, i := range l.order {
			c := l.capAllowed(nd, i)
			if have+c >= total {
				l.y[i] = (total - have) / c
				have = total
				break
			}
			l.y[i] = 1
			have += c
		}
		if have < total*(1-1e-9) {
			return 0, false
		}
	}
	val := -lam * in.budget
	for j := range in.nd {
		val += u[j]
	}
	for i := range in.ns {
		val += l.y[i] * l.rho[i]
	}
	return val, true
}

// coverExact solves the covering constraint over the sites in l.order as a
// 0-1 knapsack: open all, then close the set of largest total ρ whose
// capacity is not needed. It returns false (leaving y alone) when it cannot
// decide: unlimited capacities or not enough capacity.
func (l *lag) coverExact(nd *node, have, total float64) bool {
	sum := have
	l.cover = l.cover[:0]
	for _, i := range l.order {
		c := l.capAllowed(nd, i)
		if math.IsInf(c, 1) {
			return false
		}
		sum += c
		if l.rho[i] > 0 {
			l.cover = append(l.cover, cand{idx: i, rc: -l.rho[i], w: c, ub: 1, ratio: -l.rho[i] / c})
		}
	}
	if sum < total*(1-1e-9) {
		return false
	}
	for _, i := range l.order {
		l.y[i] = 1
	}
	slices.SortFunc(l.cover, cmpRatio)
	l.coverSel = l.coverSel[:0]
	if _, ok := l.knap.solve(l.cover, sum-total, &l.coverSel); !ok {
		return false
	}
	for _, c := range l.coverSel {
		l.y[l.cover[c].idx] = 0
	}
	return true
}

func (l *lag) capAllowed(nd *node, i int) float64 {
	c := 0.0
	for m := nd.mask[i] &^ 1; m != 0; m &= m - 1 {
		c = max(c, l.in.optCap[i][bits.TrailingZeros64(m)])
	}
	return c
}

// siteOnly solves the subproblem of site i over its allowed open options,
// appending its selection to selIdx; ρ_i and the option go to rho, opt.
func (l *lag) siteOnly(nd *node, i int, u, pi []float64, lam float64) (float64, bool) {
	in := l.in
	piTerm := 0.0
	if !in.terminal[i] {
		piTerm = pi[i]
	}
	l.cands = l.cands[:0]
	forcedVal, forcedW := 0.0, 0.0
	if nd.arcFix == nil {
		// hot loop: the site's arcs as parallel slices
		dem, cost, w := in.sDem[i], in.sCost[i], in.sW[i]
		arcs := in.siteArcs[i]
		for t, k := range arcs {
			rc := cost[t] + piTerm*w[t] - u[dem[t]]
			if rc < 0 {
				r := math.Inf(-1)
				if w[t] > 0 {
					r = rc / w[t]
				}
				l.cands = append(l.cands, cand{idx: k, rc: rc, w: w[t], ub: 1, ratio: r})
			}
		}
	} else {
		for _, k := range in.siteArcs[i] {
			fix := nd.arcFix[k]
			if fix < 0 {
				continue
			}
			j := in.aDem[k]
			w := in.amt[j]
			rc := in.aCost[k] + piTerm*w - u[j]
			if fix > 0 {
				forcedVal += rc
				forcedW += w
				continue
			}
			if rc < 0 {
				r := math.Inf(-1)
				if w > 0 {
					r = rc / w
				}
				l.cands = append(l.cands, cand{idx: k, rc: rc, w: w, ub: 1, ratio: r})
			}
		}
	}
	for _, k := range in.linksIn[i] {
		rc := in.lCost[k] + piTerm - pi[in.lFrom[k]]
		if rc < 0 {
			l.cands = append(l.cands, cand{idx: -(k + 1), rc: rc, w: 1, ub: in.lUB[k], ratio: rc})
		}
	}
	ss := in.single && len(in.linksIn[i]) == 0
	if ss {
		slices.SortFunc(l.cands, cmpRatio)
	}
	best, bestO := math.Inf(1), -1
	bestSel, bestFr := l.bestSel[:0], l.bestFr[:0]
	for m := nd.mask[i] &^ 1; m != 0; m &= m - 1 {
		o := bits.TrailingZeros64(m)
		capy := in.optCap[i][o] - forcedW
		if capy < -1e-9 {
			continue
		}
		capy = max(capy, 0)
		val := (1+lam)*in.optFixed[i][o] + forcedVal
		cands := l.cands
		if h := in.optHand[i][o]; h != 0 {
			// the module's handling shifts every reduced cost by h per
			// unit (ratios by h, so a sorted list stays sorted)
			val += h * forcedW
			l.shift = l.shift[:0]
			for _, c := range l.cands {
				if rc := c.rc + h*c.w; rc < 0 {
					r := math.Inf(-1)
					if c.w > 0 {
						r = rc / c.w
					}
					l.shift = append(l.shift, cand{idx: c.idx, rc: rc, w: c.w, ub: c.ub, ratio: r})
				}
			}
			cands = l.shift
		}
		l.tmpSel = l.tmpSel[:0]
		l.tmpFr = l.tmpFr[:0]
		if ss {
			v, _ := l.knap.solve(cands, capy, &l.tmpSel) // v is a valid bound even when not exact
			val += v
			for range l.tmpSel {
				l.tmpFr = append(l.tmpFr, 1)
			}
		} else {
			val += contKnap(cands, capy, &l.tmpSel, &l.tmpFr)
		}
		if val < best {
			best, bestO = val, o
			bestSel = bestSel[:0]
			bestFr = bestFr[:0]
			for t, c := range l.tmpSel {
				bestSel = append(bestSel, cands[c].idx)
				bestFr = append(bestFr, l.tmpFr[t])
			}
		}
	}
	if bestO < 0 {
		return math.Inf(1), false
	}
	// move the site's selection to the end
	l.selBeg[i] = len(l.selIdx)
	l.selIdx = append(l.selIdx, bestSel...)
	l.selFr = append(l.selFr, bestFr...)
	l.bestSel, l.bestFr = bestSel, bestFr
	if nd.arcFix != nil {
		for _, k := range in.siteArcs[i] {
			if nd.arcFix[k] > 0 {
				l.selIdx = append(l.selIdx, k)
				l.selFr = append(l.selFr, 1)
			}
		}
	}
	l.selEnd[i] = len(l.selIdx)
	l.rho[i], l.opt[i] = best, bestO
	return best, true
}

// run maximises L over the multipliers from the node's starting point with
// subgradient steps (Polyak step towards target ub, step factor halved when
// the bound stalls). It leaves the best multipliers in nd and the bound in
// l.bound; l.infeasible reports an infeasible node.
func (l *lag) run(nd *node, ub float64, maxIter int, theta float64, stop func() bool) {
	in := l.in
	u, pi := nd.u, nd.pi
	lam := nd.lam
	l.bound = math.Inf(-1)
	l.infeasible = false
	l.iters = 0
	tol := pruneTol(ub)
	piScale := 1.0
	if in.total > 0 {
		piScale = float64(in.nd) / in.total
	}
	stall := 0
	patience := 15
	if maxIter >= 300 {
		patience = patienceRoot
	}
	first := true
	for it := 0; it < maxIter; it++ {
		if it&15 == 15 && stop() {
			break
		}
		l.iters++
		L, ok := l.evaluate(nd, u, pi, lam)
		if !ok {
			l.infeasible = true
			return
		}
		// subgradient
		for j := range l.g {
			l.g[j] = 1
		}
		gl := -in.budget
		for i := range in.ns {
			l.gpi[i] = 0
		}
		for i := range in.ns {
			yi := l.y[i]
			if yi == 0 {
				continue
			}
			if in.budget > 0 {
				gl += yi * in.optFixed[i][l.opt[i]]
			}
			for t := l.selBeg[i]; t < l.selEnd[i]; t++ {
				k, x := l.selIdx[t], l.selFr[t]*yi
				if k >= 0 {
					l.g[in.aDem[k]] -= x
					if !in.terminal[i] {
						l.gpi[i] += x * in.amt[in.aDem[k]]
					}
				} else {
					k = -k - 1
					if !in.terminal[i] {
						l.gpi[i] += x
					}
					l.gpi[in.lFrom[k]] -= x
				}
			}
		}
		// conservation rows are in units, demand rows in fractions: scale
		// the former by 1/(mean amount) so that one step suits both
		for i := range l.gpi {
			l.gpi[i] *= piScale
		}
		// averages (volume-style estimate of the primal)
		a := 0.1
		if first {
			a = 1
		}
		for i := range in.ns {
			l.ybar[i] += a * (l.y[i] - l.ybar[i])
			ob := l.optBar[i]
			for o := range ob {
				v := 0.0
				if o == l.opt[i] {
					v = l.y[i]
				}
				if o == 0 {
					v = 1 - l.y[i]
				}
				ob[o] += a * (v - ob[o])
			}
		}
		if in.single {
			for k := range l.xbar {
				l.xbar[k] *= 1 - a
			}
			for i := range in.ns {
				for t := l.selBeg[i]; t < l.selEnd[i]; t++ {
					if k := l.selIdx[t]; k >= 0 {
						l.xbar[k] += a * l.selFr[t] * l.y[i]
					}
				}
			}
		}
		first = false
		if L > l.bound+1e-9*math.Max(1, math.Abs(L)) {
			stall = 0
		} else {
			stall++
		}
		if L > l.bound {
			l.bound = L
			copy(l.bestU, u)
			copy(l.bestPi, pi)
			l.bestLam = lam
			copy(l.bestY, l.y)
			copy(l.bestOpt, l.opt)
		}
		if l.hook != nil && it%hookEvery == hookEvery-1 {
			l.hook()
			ub = min(ub, l.ub())
			tol = pruneTol(ub)
		}
		if l.roundBound(l.bound) >= ub-tol {
			break
		}
		if stall >= patience {
			theta /= 2
			stall = 0
			if theta < minTheta {
				break
			}
		}
		// deflected direction d = g + β d_prev (Camerini–Fratta–Maffioli)
		if it == 0 || len(l.dU) != len(u) {
			l.dU = append(l.dU[:0], l.g...)
			l.dPi = append(l.dPi[:0], l.gpi...)
			l.dLam = gl
		} else {
			gd, dd := 0.0, 0.0
			for j, v := range l.g {
				gd += v * l.dU[j]
				dd += l.dU[j] * l.dU[j]
			}
			for i := range in.ns {
				if !in.terminal[i] {
					gd += l.gpi[i] * l.dPi[i]
					dd += l.dPi[i] * l.dPi[i]
				}
			}
			beta := 0.0
			if gd < 0 && dd > 0 {
				beta = -deflect * gd / dd
			}
			for j, v := range l.g {
				l.dU[j] = v + beta*l.dU[j]
			}
			for i := range in.ns {
				l.dPi[i] = l.gpi[i] + beta*l.dPi[i]
			}
			l.dLam = gl + beta*l.dLam
		}
		norm := 0.0
		for _, v := range l.dU {
			norm += v * v
		}
		for i := range in.ns {
			if !in.terminal[i] {
				norm += l.dPi[i] * l.dPi[i]
			}
		}
		if in.budget > 0 && (lam > 0 || l.dLam > 0) {
			norm += l.dLam * l.dLam
		}
		if norm < 1e-18 {
			break // the subproblem solution is feasible for the relaxed rows
		}
		target := ub
		if math.IsInf(ub, 1) {
			target = L + math.Max(1, 0.1*math.Abs(L))
		}
		step := theta * math.Max(target-L, 1e-6*math.Max(1, math.Abs(L))) / norm
		for j := range u {
			u[j] += step * l.dU[j]
		}
		for i := range in.ns {
			if !in.terminal[i] {
				pi[i] += step * l.dPi[i] * piScale
			}
		}
		if in.budget > 0 {
			lam = math.Max(0, lam+step*l.dLam)
		}
	}
	copy(nd.u, l.bestU)
	copy(nd.pi, l.bestPi)
	nd.lam = l.bestLam
	l.bound = l.roundBound(l.bound)
}

// deflect is the deflection factor γ of the subgradient direction.
const deflect = 1.5

// hookEvery is how often (in subgradient iterations) the root runs the
// primal heuristic; rootTheta is the initial step factor at the root;
// patienceRoot the number of non-improving iterations before it halves.
// minTheta ends a subgradient run; slopeRounds bounds the slope-scaling
// rounds before the root; secondPass reruns the root subgradient with the
// improved incumbent as target.
const (
	minTheta    = 1e-4
	slopeRounds = 8
	secondPass  = false
)

const (
	hookEvery    = 40
	rootTheta    = 0.5
	patienceRoot = 30
)

func (l *lag) roundBound(b float64) float64 {
	if l.in.integral && !math.IsInf(b, 0) {
		return math.Ceil(b - 1e-7*math.Max(1, math.Abs(b)))
	}
	return b
}

// pruneTol is the absolute tolerance under which a bound counts as reaching
// the incumbent cost ub.
func pruneTol(ub float64) float64 {
	if math.IsInf(ub, 0) {
		return 0
	}
	return 1e-9 * math.Max(1, math.Abs(ub))
}

func cmpRatio(a, b cand) int {
	if a.ratio < b.ratio {
		return -1
	}
	if a.ratio > b.ratio {
		return 1
	}
	return a.idx - b.idx
}

// contKnap solves the continuous knapsack min Σ rc_c x_c, Σ w_c x_c ≤ capy,
// 0 ≤ x_c ≤ ub_c over items with rc < 0 in expected linear time: a
// quickselect on the ratio rc/w finds the items taken whole. It reorders c
// and appends the chosen positions and values to sel and fr.
func contKnap(c []cand, capy float64, sel *[]int, fr *[]float64) float64 {
	val := 0.0
	rem := capy
	tot := 0.0
	for k := range c {
		tot += c[k].w * c[k].ub
	}
	if tot <= rem {
		for k := range c {
			val += c[k].rc * c[k].ub
			*sel = append(*sel, k)
			*fr = append(*fr, c[k].ub)
		}
		return val
	}
	lo, hi := 0, len(c)
	for lo < hi {
		// three-way partition of c[lo:hi] around a median-of-three ratio
		p := median3(c[lo].ratio, c[(lo+hi)/2].ratio, c[hi-1].ratio)
		lt, gt := lo, hi
		for k := lo; k < gt; {
			switch r := c[k].ratio; {
			case r < p:
				c[k], c[lt] = c[lt], c[k]
				lt++
				k++
			case r > p:
				gt--
				c[k], c[gt] = c[gt], c[k]
			default:
				k++
			}
		}
		wl := 0.0
		for k := lo; k < lt; k++ {
			wl += c[k].w * c[k].ub
		}
		if wl > rem {
			hi = lt
			continue
		}
		for k := lo; k < lt; k++ {
			val += c[k].rc * c[k].ub
			*sel = append(*sel, k)
			*fr = append(*fr, c[k].ub)
		}
		rem -= wl
		for k := lt; k < gt; k++ {
			need := c[k].w * c[k].ub
			if need <= rem {
				val += c[k].rc * c[k].ub
				rem -= need
				*sel = append(*sel, k)
				*fr = append(*fr, c[k].ub)
				continue
			}
			if rem > 0 && c[k].w > 0 {
				x := rem / c[k].w
				val += c[k].rc * x
				*sel = append(*sel, k)
				*fr = append(*fr, x)
			}
			return val
		}
		lo = gt
	}
	return val
}

func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		b = a
	}
	return b
}

// fix performs reduced-cost fixing at the node's multipliers: a site whose
// closing (or opening) would lift the bound to ub or above is fixed open (or
// closed) in nd.mask. The estimates come from the LP of each tier's covering
// constraint (dual μ): opening a closed site costs at least ρ_i − μ·cap_i,
// closing an open one at least μ·cap_i − ρ_i, and closing never gains more
// than ρ_i in the exact covering problem either. It returns the number of
// sites fixed, or −1 if the node turned out infeasible.
func (l *lag) fix(nd *node, ub float64) int {
	in := l.in
	L, ok := l.evaluate(nd, nd.u, nd.pi, nd.lam)
	if !ok {
		return -1
	}
	tol := pruneTol(ub)
	base := -nd.lam * in.budget
	for j := range in.nd {
		base += nd.u[j]
	}
	mu := make([]float64, in.ntier)
	lpVal := base
	for t := range in.ntier {
		have := 0.0
		l.order = l.order[:0]
		for _, i := range in.tierSite[t] {
			if l.opt[i] == 0 {
				continue
			}
			if l.rho[i] < 0 || nd.mask[i]&1 == 0 {
				have += l.capAllowed(nd, i)
				lpVal += l.rho[i]
			} else {
				l.order = append(l.order, i)
			}
		}
		if have >= in.total*(1-1e-12) {
			continue
		}
		slices.SortFunc(l.order, func(a, b int) int {
			ra := l.rho[a] / l.capAllowed(nd, a)
			rb := l.rho[b] / l.capAllowed(nd, b)
			if ra < rb {
				return -1
			}
			if ra > rb {
				return 1
			}
			return a - b
		})
		for _, i := range l.order {
			c := l.capAllowed(nd, i)
			mu[t] = l.rho[i] / c
			if have+c >= in.total {
				lpVal += l.rho[i] * (in.total - have) / c
				break
			}
			lpVal += l.rho[i]
			have += c
		}
	}
	n := 0
	for i := range in.ns {
		m := nd.mask[i]
		if m&1 == 0 || m == 1 || l.opt[i] == 0 {
			continue
		}
		c := l.capAllowed(nd, i)
		if math.IsInf(c, 1) {
			c = in.total
		}
		mt := mu[in.tier[i]]
		if l.y[i] >= 1 && l.rho[i] < 0 {
			b := max(L-l.rho[i], lpVal-l.rho[i]+mt*c)
			if b >= ub-tol {
				nd.mask[i] = m &^ 1
				n++
			}
		} else if l.y[i] == 0 {
			if lpVal+l.rho[i]-mt*c >= ub-tol {
				nd.mask[i] = 1
				n++
			}
		}
	}
	return n
}
