package locate

import (
	"math"

	"github.com/huishou/huishou/optimizer/flow"
)

// inst is a Problem compiled to flat slices for the solver.
type inst struct {
	p        *Problem
	nd, ns   int
	amt      []float64
	arcStart []int // demand j owns arcs arcStart[j]..arcStart[j+1]
	aDem     []int
	aSite    []int
	aCost    []float64   // cost of serving all of the demand: arc cost + coverage penalty + handling·amount
	siteArcs [][]int     // demand arcs into each site
	sDem     [][]int     // per site, parallel to siteArcs: demand point,
	sCost    [][]float64 // arc cost,
	sW       [][]float64 // and amount
	lFrom    []int
	lTo      []int
	lCost    []float64 // per unit, handling of To included
	lUB      []float64
	linksIn  [][]int
	linksOut [][]int
	optFixed [][]float64 // per site, per option (0 = closed)
	optCap   [][]float64 // +Inf = unlimited
	optHand  [][]float64 // per site, per option: module handling per unit (0 for option 0)
	anyHand  bool        // some module has handling
	capMax   []float64
	terminal []bool
	tier     []int
	ntier    int
	tierSite [][]int
	total    float64
	single   bool
	budget   float64
	integral bool // single tier, single source, integer data: optimum is an integer

	ts flow.TransportSolver // reused by evalOpen
}

func compile(p *Problem) *inst {
	in := &inst{p: p, nd: len(p.Demands), ns: len(p.Sites), single: p.SingleSource, budget: p.Budget}
	in.amt = make([]float64, in.nd)
	in.arcStart = make([]int, in.nd+1)
	in.siteArcs = make([][]int, in.ns)
	in.linksIn = make([][]int, in.ns)
	in.linksOut = make([][]int, in.ns)
	in.tier = make([]int, in.ns)
	isInt := func(x float64) bool { return x == math.Trunc(x) }
	integral := true
	for i, s := range p.Sites {
		in.tier[i] = s.Tier
		in.ntier = max(in.ntier, s.Tier+1)
		no := s.numOptions()
		fx := make([]float64, no)
		cp := make([]float64, no)
		hd := make([]float64, no)
		for o := 1; o < no; o++ {
			f, c, h := s.option(o)
			if c == 0 {
				c = math.Inf(1)
			}
			fx[o], cp[o], hd[o] = f, c, h
			integral = integral && isInt(f) && h == 0
			in.anyHand = in.anyHand || h != 0
		}
		in.optFixed = append(in.optFixed, fx)
		in.optCap = append(in.optCap, cp)
		in.optHand = append(in.optHand, hd)
		integral = integral && s.Handling == 0
	}
	in.capMax = make([]float64, in.ns)
	for i := range in.ns {
		for _, c := range in.optCap[i][1:] {
			in.capMax[i] = max(in.capMax[i], c)
		}
	}
	in.tierSite = make([][]int, in.ntier)
	in.terminal = make([]bool, in.ns)
	for i := range in.ns {
		in.tierSite[in.tier[i]] = append(in.tierSite[in.tier[i]], i)
		in.terminal[i] = in.tier[i] == in.ntier-1
	}
	for j, d := range p.Demands {
		in.amt[j] = d.Amount
		in.total += d.Amount
		for _, a := range d.Arcs {
			c := a.Cost + p.Sites[a.Site].Handling*d.Amount
			if p.Coverage.Radius > 0 && a.Distance > p.Coverage.Radius {
				c += p.Coverage.Penalty
			}
			integral = integral && isInt(c)
			k := len(in.aSite)
			in.aDem = append(in.aDem, j)
			in.aSite = append(in.aSite, a.Site)
			in.aCost = append(in.aCost, c)
			in.siteArcs[a.Site] = append(in.siteArcs[a.Site], k)
		}
		in.arcStart[j+1] = len(in.aSite)
	}
	in.sDem = make([][]int, in.ns)
	in.sCost = make([][]float64, in.ns)
	in.sW = make([][]float64, in.ns)
	for i, arcs := range in.siteArcs {
		for _, k := range arcs {
			in.sDem[i] = append(in.sDem[i], in.aDem[k])
			in.sCost[i] = append(in.sCost[i], in.aCost[k])
			in.sW[i] = append(in.sW[i], in.amt[in.aDem[k]])
		}
	}
	for k, l := range p.Links {
		in.lFrom = append(in.lFrom, l.From)
		in.lTo = append(in.lTo, l.To)
		in.lCost = append(in.lCost, l.Cost+p.Sites[l.To].Handling)
		in.lUB = append(in.lUB, min(in.capMax[l.From], in.capMax[l.To], in.total))
		in.linksIn[l.To] = append(in.linksIn[l.To], k)
		in.linksOut[l.From] = append(in.linksOut[l.From], k)
	}
	in.integral = integral && in.single && in.ntier == 1
	return in
}

// fullMask returns the option mask of site i allowed by its Status.
func (in *inst) fullMask(i int) uint64 {
	no := len(in.optFixed[i])
	m := uint64(1)<<uint(no) - 1
	switch in.p.Sites[i].Status {
	case ForceOpen:
		m &^= 1
	case ForceClosed:
		m = 1
	}
	return m
}
