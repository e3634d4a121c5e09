package locate

import (
	"errors"
	"math"
	"slices"

	"github.com/huishou/huishou/optimizer/flow"
)

// slopeScale is the dynamic slope-scaling heuristic for fixed-charge flows
// (Kim & Pardalos 1999): the fixed cost of each site becomes a per-unit
// cost on its throughput, f/capacity at first and then f/(its last flow);
// each round solves one min-cost flow over all allowed sites and reads a
// solution off it (the sites with flow open, at the cheapest option that
// carries it). It offers every solution to s and stops after rounds rounds,
// when the flows repeat, or at the limit.
func (s *solver) slopeScale(rounds int, stop func() bool) {
	in := s.in
	if in.single {
		return
	}
	unit := make([]float64, in.ns)
	full := make([]int, in.ns)
	for i := range in.ns {
		m := in.fullMask(i)
		full[i] = in.largestOption(i, m)
		if full[i] == 0 {
			continue
		}
		c := min(in.optCap[i][full[i]], in.total)
		if c > 0 {
			unit[i] = in.optFixed[i][full[i]] / c
		}
		if m&1 == 0 {
			unit[i] = 0 // forced open: its fixed cost is paid anyway
		}
	}
	var prevLoad []float64
	for r := 0; r < rounds && !stop(); r++ {
		pr, load, err := s.linearFlow(full, unit)
		if err != nil || pr == nil {
			return
		}
		s.offer(pr, math.Inf(-1))
		if prevLoad != nil && slices.EqualFunc(prevLoad, load, func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*(1+math.Abs(a)) }) {
			return
		}
		prevLoad = load
		for i := range in.ns {
			if full[i] == 0 || in.fullMask(i)&1 == 0 || load[i] <= 1e-9 {
				continue
			}
			// the cheapest option that carries the load, spread over it
			best := full[i]
			for o := 1; o < len(in.optCap[i]); o++ {
				if in.fullMask(i)&(1<<uint(o)) != 0 && in.optCap[i][o] >= load[i]*(1-1e-12) && in.optFixed[i][o] < in.optFixed[i][best] {
					best = o
				}
			}
			unit[i] = in.optFixed[i][best] / load[i]
		}
	}
}

// linearFlow solves the min-cost flow in which site i (open at option
// opt[i]) charges unit[i] per unit of throughput, and returns the true cost
// of the resulting solution and the loads.
func (s *solver) linearFlow(opt []int, unit []float64) (*primal, []float64, error) {
	in := s.in
	nw := flow.NewNetwork(in.nd + 2*in.ns + 1)
	sink := in.nd + 2*in.ns
	var demArc, demK []int
	for k := range in.aSite {
		j := in.aDem[k]
		if in.amt[j] <= 0 || opt[in.aSite[k]] == 0 {
			continue
		}
		demArc = append(demArc, nw.AddArc(j, in.nd+2*in.aSite[k], 0, in.amt[j], in.aCost[k]/in.amt[j]))
		demK = append(demK, k)
	}
	thru := make([]int, in.ns)
	for i := range in.ns {
		thru[i] = -1
		if opt[i] == 0 {
			continue
		}
		thru[i] = nw.AddArc(in.nd+2*i, in.nd+2*i+1, 0, min(in.optCap[i][opt[i]], in.total), unit[i])
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
	if err := nw.Solve(s.ctx); err != nil {
		if errors.Is(err, flow.ErrInfeasible) {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	pr := &primal{opt: slices.Clone(opt), x: make([]float64, len(in.aSite)), link: make([]float64, len(in.lFrom))}
	load := make([]float64, in.ns)
	for t, k := range demK {
		if f := nw.Flow(demArc[t]); f > 0 {
			pr.x[k] = f / in.amt[in.aDem[k]]
		}
	}
	for j := range in.nd { // zero-amount points: cheapest open arc
		if in.amt[j] > 0 {
			continue
		}
		best := -1
		for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
			if opt[in.aSite[k]] > 0 && (best < 0 || in.aCost[k] < in.aCost[best]) {
				best = k
			}
		}
		if best < 0 {
			return nil, nil, nil
		}
		pr.x[best] = 1
	}
	for k, a := range linkArc {
		if a >= 0 {
			pr.link[k] = nw.Flow(a)
		}
	}
	for i, a := range thru {
		if a >= 0 {
			load[i] = nw.Flow(a)
		}
	}
	pr.cost = in.cost(pr)
	if in.budget > 0 && in.fixedCost(pr.opt) > in.budget*(1+1e-12) {
		return nil, load, nil
	}
	return pr, load, nil
}
