package locate

import (
	"context"
	"errors"
	"math"
	"slices"

	"github.com/huishou/huishou/optimizer/flow"
)

// primal is a feasible solution in solver form.
type primal struct {
	cost   float64
	opt    []int     // option per site (0 = closed)
	x      []float64 // fraction of each demand arc
	link   []float64 // flow on each link
	assign []int     // single-sourcing: demand arc chosen per demand point
}

// fixedCost is the total fixed cost of the options opt.
func (in *inst) fixedCost(opt []int) float64 {
	f := 0.0
	for i, o := range opt {
		f += in.optFixed[i][o]
	}
	return f
}

// capacityOK reports whether the open capacity of every tier covers the
// total demand.
func (in *inst) capacityOK(opt []int) bool {
	for t := range in.ntier {
		c := 0.0
		for _, i := range in.tierSite[t] {
			c += in.optCap[i][opt[i]]
		}
		if c < in.total*(1-1e-12) {
			return false
		}
	}
	return true
}

// evalOpen solves the flow problem for the options opt exactly. With
// single-sourcing, assign (demand arc per point) fixes the tier-0 arcs.
// ok is false when the open sites cannot carry the demand.
func (in *inst) evalOpen(ctx context.Context, opt []int, assign []int) (*primal, bool, error) {
	if in.budget > 0 && in.fixedCost(opt) > in.budget*(1+1e-12) {
		return nil, false, nil
	}
	pr := &primal{opt: slices.Clone(opt), x: make([]float64, len(in.aSite)), link: make([]float64, len(in.lFrom))}
	if assign != nil {
		pr.assign = slices.Clone(assign)
	}
	unit := func(k int) float64 {
		if a := in.amt[in.aDem[k]]; a > 0 {
			return in.aCost[k] / a
		}
		return 0
	}
	// demand points with zero amount: cheapest open arc
	zero := func() bool {
		for j := range in.nd {
			if in.amt[j] > 0 {
				continue
			}
			best := -1
			for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
				if opt[in.aSite[k]] > 0 && (assign == nil || assign[j] == k) && (best < 0 || in.aCost[k] < in.aCost[best]) {
					best = k
				}
			}
			if best < 0 {
				return false
			}
			pr.x[best] = 1
		}
		return true
	}
	if !zero() {
		return nil, false, nil
	}
	if in.ntier == 1 && assign != nil {
		load := make([]float64, in.ns)
		for j, k := range assign {
			if k < 0 || opt[in.aSite[k]] == 0 {
				return nil, false, nil
			}
			pr.x[k] = 1
			load[in.aSite[k]] += in.amt[j]
		}
		for i := range in.ns {
			if load[i] > in.optCap[i][opt[i]]*(1+1e-12) {
				return nil, false, nil
			}
		}
		pr.cost = in.cost(pr)
		return pr, true, nil
	}
	if in.ntier == 1 {
		idx := make([]int, in.ns)
		var supply []float64
		for i := range in.ns {
			idx[i] = -1
			if opt[i] > 0 {
				idx[i] = len(supply)
				supply = append(supply, min(in.optCap[i][opt[i]], in.total))
			}
		}
		didx := make([]int, in.nd)
		var demand []float64
		for j := range in.nd {
			didx[j] = -1
			if in.amt[j] > 0 {
				didx[j] = len(demand)
				demand = append(demand, in.amt[j])
			}
		}
		var arcs []flow.Arc
		var arcK []int
		for k := range in.aSite {
			if idx[in.aSite[k]] >= 0 && didx[in.aDem[k]] >= 0 {
				arcs = append(arcs, flow.Arc{From: idx[in.aSite[k]], To: didx[in.aDem[k]], Cost: unit(k) + in.optHand[in.aSite[k]][opt[in.aSite[k]]]})
				arcK = append(arcK, k)
			}
		}
		if len(demand) > 0 {
			res, err := in.ts.Solve(ctx, supply, demand, arcs)
			if errors.Is(err, flow.ErrInfeasible) {
				return nil, false, nil
			}
			if err != nil {
				return nil, false, err
			}
			for t, k := range arcK {
				if f := res.Flow[t]; f > 0 {
					pr.x[k] = f / in.amt[in.aDem[k]]
				}
			}
		}
		pr.cost = in.cost(pr)
		return pr, true, nil
	}
	// general network: demand nodes, site in/out nodes, one sink
	nw := flow.NewNetwork(in.nd + 2*in.ns + 1)
	sink := in.nd + 2*in.ns
	var demArc, demK []int
	for k := range in.aSite {
		j := in.aDem[k]
		if in.amt[j] <= 0 || opt[in.aSite[k]] == 0 || (assign != nil && assign[j] != k) {
			continue
		}
		demArc = append(demArc, nw.AddArc(j, in.nd+2*in.aSite[k], 0, in.amt[j], unit(k)))
		demK = append(demK, k)
	}
	for i := range in.ns {
		if opt[i] == 0 {
			continue
		}
		nw.AddArc(in.nd+2*i, in.nd+2*i+1, 0, min(in.optCap[i][opt[i]], in.total), in.optHand[i][opt[i]])
		if in.terminal[i] {
			nw.AddArc(in.nd+2*i+1, sink, 0, in.total, 0)
		}
	}
	linkArc := make([]int, len(in.lFrom))
	for k := range in.lFrom {
		linkArc[k] = -1
		if opt[in.lFrom[k]] > 0 && opt[in.lTo[k]] > 0 {
			linkArc[k] = nw.AddArc(in.nd+2*in.lFrom[k]+1, in.nd+2*in.lTo[k], 0, in.total, in.lCost[k])
		}
	}
	for j := range in.nd {
		nw.SetSupply(j, in.amt[j])
	}
	nw.SetSupply(sink, -in.total)
	if err := nw.Solve(ctx); err != nil {
		if errors.Is(err, flow.ErrInfeasible) {
			return nil, false, nil
		}
		return nil, false, err
	}
	for t, k := range demK {
		if f := nw.Flow(demArc[t]); f > 0 {
			pr.x[k] = f / in.amt[in.aDem[k]]
		}
	}
	for k, a := range linkArc {
		if a >= 0 {
			pr.link[k] = nw.Flow(a)
		}
	}
	pr.cost = in.cost(pr)
	return pr, true, nil
}

// cost recomputes the objective of pr and shrinks every open site to its
// cheapest option that still carries its load.
func (in *inst) cost(pr *primal) float64 {
	load := make([]float64, in.ns)
	c := 0.0
	for k, x := range pr.x {
		if x > 0 {
			c += x * in.aCost[k]
			load[in.aSite[k]] += x * in.amt[in.aDem[k]]
		}
	}
	for k, f := range pr.link {
		if f > 0 {
			c += f * in.lCost[k]
			load[in.lTo[k]] += f
		}
	}
	for i, o := range pr.opt {
		if o == 0 {
			continue
		}
		mask := in.fullMask(i)
		if load[i] <= 1e-9 && mask&1 != 0 {
			pr.opt[i] = 0
			continue
		}
		best := o
		optCost := func(q int) float64 { return in.optFixed[i][q] + in.optHand[i][q]*load[i] }
		for q := 1; q < len(in.optFixed[i]); q++ {
			if mask&(1<<uint(q)) != 0 && in.optCap[i][q] >= load[i]*(1-1e-12) && optCost(q) < optCost(best) {
				best = q
			}
		}
		pr.opt[i] = best
		c += optCost(best)
	}
	return c
}

// completeOptions turns a proposal (option per site, 0 = closed) into one
// that respects the statuses and covers the demand in every tier, opening
// the cheapest sites per unit of capacity. It returns false if impossible.
func (in *inst) completeOptions(opt []int) bool {
	for i := range in.ns {
		mask := in.fullMask(i)
		if mask&(1<<uint(opt[i])) == 0 {
			opt[i] = in.largestOption(i, mask)
		}
	}
	for t := range in.ntier {
		have := 0.0
		var cl []int
		for _, i := range in.tierSite[t] {
			have += in.optCap[i][opt[i]]
			if opt[i] == 0 && in.fullMask(i) != 1 {
				cl = append(cl, i)
			}
		}
		slices.SortFunc(cl, func(a, b int) int {
			oa, ob := in.largestOption(a, in.fullMask(a)), in.largestOption(b, in.fullMask(b))
			ra := in.optFixed[a][oa] / in.optCap[a][oa]
			rb := in.optFixed[b][ob] / in.optCap[b][ob]
			if ra < rb {
				return -1
			}
			if ra > rb {
				return 1
			}
			return a - b
		})
		for _, i := range cl {
			if have >= in.total*(1-1e-12) {
				break
			}
			opt[i] = in.largestOption(i, in.fullMask(i))
			have += in.optCap[i][opt[i]]
		}
		if have < in.total*(1-1e-12) {
			return false
		}
	}
	return true
}

func (in *inst) largestOption(i int, mask uint64) int {
	best := 0
	for o := 1; o < len(in.optCap[i]); o++ {
		if mask&(1<<uint(o)) != 0 && (best == 0 || in.optCap[i][o] > in.optCap[i][best]) {
			best = o
		}
	}
	return best
}

// ssAssign builds a single-source assignment for the open options opt:
// first the preferred arcs (pref[j] ≥ 0), then the rest by regret; it opens
// more sites when a point does not fit. Then it improves by shift and swap
// moves. opt may be changed. It returns nil if it fails.
func (in *inst) ssAssign(opt []int, pref []int) []int {
	load := make([]float64, in.ns)
	assign := make([]int, in.nd)
	for j := range assign {
		assign[j] = -1
	}
	capOf := func(i int) float64 { return in.optCap[i][opt[i]] }
	fits := func(k int) bool {
		i := in.aSite[k]
		return opt[i] > 0 && load[i]+in.amt[in.aDem[k]] <= capOf(i)*(1+1e-12)
	}
	put := func(k int) {
		j := in.aDem[k]
		assign[j] = k
		load[in.aSite[k]] += in.amt[j]
	}
	for _, k := range pref {
		if k >= 0 && fits(k) {
			put(k)
		}
	}
	for {
		// regret: the point with the largest gap between its best and
		// second-best fitting arcs goes first
		bj, bk, breg := -1, -1, math.Inf(-1)
		for j := range in.nd {
			if assign[j] >= 0 {
				continue
			}
			k1, k2 := -1, -1
			for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
				if !fits(k) {
					continue
				}
				if k1 < 0 || in.aCost[k] < in.aCost[k1] {
					k1, k2 = k, k1
				} else if k2 < 0 || in.aCost[k] < in.aCost[k2] {
					k2 = k
				}
			}
			if k1 < 0 {
				// open the site that costs least for this point
				bo, bv := -1, math.Inf(1)
				for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
					i := in.aSite[k]
					if opt[i] != 0 || in.fullMask(i) == 1 {
						continue
					}
					o := in.largestOption(i, in.fullMask(i))
					if in.optCap[i][o] < in.amt[j] {
						continue
					}
					if v := in.optFixed[i][o] + in.aCost[k]; v < bv {
						bo, bv = k, v
					}
				}
				if bo < 0 {
					return nil
				}
				i := in.aSite[bo]
				opt[i] = in.largestOption(i, in.fullMask(i))
				k1 = bo
				bj, bk = j, k1
				break
			}
			reg := math.Inf(1)
			if k2 >= 0 {
				reg = in.aCost[k2] - in.aCost[k1]
			}
			reg *= 1 + in.amt[j]*1e-9
			if reg > breg {
				bj, bk, breg = j, k1, reg
			}
		}
		if bj < 0 {
			break
		}
		put(bk)
	}
	in.ssLocal(opt, assign, load)
	return assign
}

// ssLocal improves a single-source assignment by shifts of one point and
// swaps of two points between sites, until no move improves.
func (in *inst) ssLocal(opt []int, assign []int, load []float64) {
	capOf := func(i int) float64 { return in.optCap[i][opt[i]] }
	arcTo := func(j, i int) int {
		for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
			if in.aSite[k] == i {
				return k
			}
		}
		return -1
	}
	// count of points per site, to save the fixed cost of emptied sites
	cnt := make([]int, in.ns)
	for _, k := range assign {
		cnt[in.aSite[k]]++
	}
	closable := func(i int) float64 {
		if in.fullMask(i)&1 != 0 {
			return in.optFixed[i][opt[i]]
		}
		return 0
	}
	for pass := 0; pass < 50; pass++ {
		improved := false
		for j := range in.nd {
			kj := assign[j]
			ij := in.aSite[kj]
			for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
				i := in.aSite[k]
				if i == ij || opt[i] == 0 || load[i]+in.amt[j] > capOf(i)*(1+1e-12) {
					continue
				}
				d := in.aCost[k] - in.aCost[kj]
				if cnt[ij] == 1 {
					d -= closable(ij)
				}
				if d < -1e-9 {
					assign[j] = k
					load[ij] -= in.amt[j]
					load[i] += in.amt[j]
					cnt[ij]--
					cnt[i]++
					kj, ij = k, i
					improved = true
				}
			}
		}
		for j1 := range in.nd {
			k1 := assign[j1]
			i1 := in.aSite[k1]
			for j2 := j1 + 1; j2 < in.nd; j2++ {
				k2 := assign[j2]
				i2 := in.aSite[k2]
				if i1 == i2 {
					continue
				}
				a, b := arcTo(j1, i2), arcTo(j2, i1)
				if a < 0 || b < 0 {
					continue
				}
				d := in.aCost[a] + in.aCost[b] - in.aCost[k1] - in.aCost[k2]
				if d >= -1e-9 {
					continue
				}
				dj := in.amt[j1] - in.amt[j2]
				if load[i2]+dj > capOf(i2)*(1+1e-12) || load[i1]-dj > capOf(i1)*(1+1e-12) {
					continue
				}
				assign[j1], assign[j2] = a, b
				load[i2] += dj
				load[i1] -= dj
				k1, i1 = a, i2
				improved = true
			}
		}
		if !improved {
			break
		}
	}
	for i := range in.ns {
		if cnt[i] == 0 && in.fullMask(i)&1 != 0 && in.tier[i] == 0 {
			opt[i] = 0
		}
	}
}

// fitBudget closes sites, the most expensive first, while the fixed costs
// of opt exceed the budget and the remaining capacity still covers the
// demand. It reports whether opt fits the budget.
func (in *inst) fitBudget(opt []int) bool {
	if in.budget <= 0 {
		return true
	}
	for in.fixedCost(opt) > in.budget*(1+1e-12) {
		best := -1
		for i, o := range opt {
			if o == 0 || in.fullMask(i)&1 == 0 {
				continue
			}
			opt[i] = 0
			ok := in.capacityOK(opt)
			opt[i] = o
			if ok && (best < 0 || in.optFixed[i][o] > in.optFixed[best][opt[best]]) {
				best = i
			}
		}
		if best < 0 {
			return false
		}
		opt[best] = 0
	}
	return true
}
