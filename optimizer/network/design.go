package network

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/huishou/huishou/optimizer/locate"
)

// Options control Design. The zero value works.
type Options struct {
	// TimeLimit bounds the search; 0 means 60 s. Reaching it is not an
	// error: Design returns the best plan with its bound.
	TimeLimit time.Duration
	// MaxArcs bounds the collection-point candidates per demand point (the
	// nearest ones in its county); 0 means 60.
	MaxArcs int
	// Progress, when set, is called with a short description of each stage.
	Progress func(stage string, done, total int)
}

// Design makes a network plan for in with the facility-location engine
// (optimizer/locate) and certifies it with a lower bound.
//
// The problem decomposes. Demand points are served by collection points of
// their own county (the MaxArcs nearest); with the county rule a collection
// point feeds a transfer station of its own county. The demand points, the
// collection points and the transfer stations joined by these arcs fall
// into blocks (one per county with the rule). Each block is a two-tier
// problem — collection points with their sizes and single-sourced demand,
// transfer stations with their sizes — solved by locate. When every block
// has one transfer-station candidate (the default: the county seat), the
// tonnes each transfer station sends on are fixed, and the upper problem —
// transfer stations → sorting centres (sizes) → dismantlers (fixed sinks
// with capacities) — is independent; then the plan's bound is the sum of
// the blocks' bounds and the upper problem's bound, all proven by locate.
// Otherwise every block prices its transfer stations' onward tonnes at the
// cheapest path to a dismantler (a valid under-estimate), and the bound adds
// the least fixed cost of sorting capacity per tonne times the tonnes.
// Time left after a first pass goes to the blocks with the largest gaps.
//
// The bound holds for the model as given: demand arcs only to the
// candidates kept (same county, MaxArcs nearest), first mile single-sourced.
func Design(ctx context.Context, in *Input, opt Options) (*Plan, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	limit := opt.TimeLimit
	if limit <= 0 {
		limit = 60 * time.Second
	}
	start := time.Now()
	deadline := start.Add(limit)
	d, err := newDecomp(in, opt)
	if err != nil {
		return nil, err
	}
	progress := func(stage string, done, total int) {
		if opt.Progress != nil {
			opt.Progress(stage, done, total)
		}
	}
	// Upper problem first when its flows are fixed.
	if d.fixedFlows {
		if err := d.solveUpper(ctx, d.blockFlows(false), time.Duration(0.1*float64(limit))); err != nil {
			return nil, err
		}
	}
	// Pass 1: every block with a share of the time by size.
	weight := 0.0
	for _, b := range d.blocks {
		weight += b.weight
	}
	for k, b := range d.blocks {
		progress("network blocks", k, len(d.blocks))
		rem := time.Until(deadline)
		share := time.Duration(0.75 * float64(rem) * b.weight / weight)
		weight -= b.weight
		if err := d.solveBlock(ctx, b, max(share, 20*time.Millisecond)); err != nil {
			return nil, err
		}
	}
	progress("network blocks", len(d.blocks), len(d.blocks))
	if !d.fixedFlows {
		if err := d.solveUpper(ctx, d.blockFlows(true), max(time.Until(deadline)/3, time.Second)); err != nil {
			return nil, err
		}
	}
	// Pass 2: the largest absolute gaps get more time.
	for ctx.Err() == nil {
		rem := time.Until(deadline)
		if rem < 50*time.Millisecond {
			break
		}
		var worst *block
		for _, b := range d.blocks {
			if !b.proved && (worst == nil || b.cost-b.bound > worst.cost-worst.bound) {
				worst = b
			}
		}
		upperGap := 0.0
		if d.upper != nil && !d.upperProved && d.fixedFlows {
			upperGap = d.upperCost - d.upperBound
		}
		if worst == nil && upperGap == 0 {
			break
		}
		if upperGap > 0 && (worst == nil || upperGap > worst.cost-worst.bound) {
			if err := d.solveUpper(ctx, d.blockFlows(false), min(rem, 2*d.upperLimit+time.Second)); err != nil {
				return nil, err
			}
			continue
		}
		if err := d.solveBlock(ctx, worst, min(rem, 2*worst.limit+500*time.Millisecond)); err != nil {
			return nil, err
		}
	}
	p, err := d.plan()
	if err != nil {
		return nil, err
	}
	proved := 0
	for _, b := range d.blocks {
		if b.proved {
			proved++
		}
	}
	p.Method = fmt.Sprintf("locate by county blocks (%d of %d proved optimal, %.1fs)", proved, len(d.blocks), time.Since(start).Seconds())
	return p, nil
}

// block is one independent part of the lower tiers.
type block struct {
	demand []int // indices into Input.Demand
	sites  []int // collection points then transfer stations (Input.Sites indices)
	weight float64
	tonnes float64
	prob   *locate.Problem
	// ts is the block's one transfer-station candidate (−1 if several):
	// all the block's tonnes pass through it, so its size and cost (tsCost,
	// fixed + handling) are known and it stays out of the locate problem.
	ts     int
	tsSize int
	tsCost float64
	limit  time.Duration
	// best solution and bound so far
	sol    *locate.Solution
	cost   float64
	bound  float64
	proved bool
}

type decomp struct {
	in          *Input
	opt         Options
	arcs        [][]int // per demand point: candidate collection points
	links       [][]int // per collection point: candidate transfer stations
	blocks      []*block
	fixedFlows  bool
	pi          []float64 // per site: onward lower bound per tonne (transfer stations)
	upper       *locate.Solution
	upperProb   *locate.Problem
	upperTS     []int // upper demand k → transfer-station site
	upperSite   []int // upper locate site → Input.Sites index
	upperFlow   []float64
	upperCost   float64
	upperBound  float64
	upperLimit  time.Duration
	upperProved bool
	sinkCap     float64
}

func newDecomp(in *Input, opt Options) (*decomp, error) {
	d := &decomp{in: in, opt: opt}
	maxArcs := opt.MaxArcs
	if maxArcs <= 0 {
		maxArcs = 60
	}
	byTier := map[Tier][]int{}
	byGroup := map[Tier]map[string][]int{}
	for _, t := range Tiers {
		byGroup[t] = map[string][]int{}
	}
	for i, s := range in.Sites {
		byTier[s.Tier] = append(byTier[s.Tier], i)
		byGroup[s.Tier][s.Group] = append(byGroup[s.Tier][s.Group], i)
	}
	total := 0.0
	for _, dm := range in.Demand {
		total += dm.Tonnes
	}
	for _, i := range byTier[Dismantler] {
		d.sinkCap += maxCapacity(in.Sites[i].Sizes)
	}
	if d.sinkCap < total*(1-1e-9) {
		return nil, &InputError{Field: "sites", Msg: fmt.Sprintf("the dismantlers take %.0f t/yr in all, the returns are %.0f t/yr", d.sinkCap, total)}
	}
	nearest := func(from int, cands []int, k int, isDemand bool) []int {
		type kd struct {
			i  int
			km float64
		}
		var l []kd
		for _, c := range cands {
			s := in.Sites[c]
			var km float64
			if isDemand {
				dm := in.Demand[from]
				km = RoadKm(dm.Point, dm.Area, s.Point, s.Area)
			} else {
				a := in.Sites[from]
				km = RoadKm(a.Point, a.Area, s.Point, s.Area)
			}
			l = append(l, kd{c, km})
		}
		sort.SliceStable(l, func(a, b int) bool { return l[a].km < l[b].km })
		out := make([]int, 0, min(k, len(l)))
		for _, e := range l[:min(k, len(l))] {
			out = append(out, e.i)
		}
		slices.Sort(out)
		return out
	}
	d.arcs = make([][]int, len(in.Demand))
	for j, dm := range in.Demand {
		cands := byGroup[CollectionPoint][dm.Group]
		if dm.Group == "" || len(cands) == 0 {
			cands = byTier[CollectionPoint]
		}
		d.arcs[j] = nearest(j, cands, maxArcs, true)
	}
	d.links = make([][]int, len(in.Sites))
	for _, c := range byTier[CollectionPoint] {
		g := in.Sites[c].Group
		if in.Rules.TransferPerCounty {
			if len(byGroup[TransferStation][g]) == 0 {
				continue // checked below for sites that serve demand
			}
			d.links[c] = byGroup[TransferStation][g]
		} else {
			d.links[c] = nearest(c, byTier[TransferStation], 3, false)
			for _, t := range byGroup[TransferStation][g] {
				if !slices.Contains(d.links[c], t) {
					d.links[c] = append(d.links[c], t)
				}
			}
		}
	}
	// Blocks: connected components of demand points, collection points and
	// transfer stations.
	nd := len(in.Demand)
	parent := make([]int, nd+len(in.Sites))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int) { parent[find(a)] = find(b) }
	used := make([]bool, len(in.Sites))
	for j, cs := range d.arcs {
		if in.Demand[j].Tonnes <= 0 {
			continue
		}
		for _, c := range cs {
			union(j, nd+c)
			used[c] = true
		}
	}
	for c, ts := range d.links {
		if !used[c] || in.Sites[c].Tier != CollectionPoint {
			continue
		}
		if len(ts) == 0 {
			return nil, &InputError{Field: "sites", Msg: fmt.Sprintf("county %q has returns but no transfer-station candidate (collection point %s)", in.Sites[c].Group, in.Sites[c].ID)}
		}
		for _, t := range ts {
			union(nd+c, nd+t)
			used[t] = true
		}
	}
	root := map[int]*block{}
	for j := range in.Demand {
		if in.Demand[j].Tonnes <= 0 {
			continue
		}
		r := find(j)
		b := root[r]
		if b == nil {
			b = &block{}
			root[r] = b
			d.blocks = append(d.blocks, b)
		}
		b.demand = append(b.demand, j)
		b.tonnes += in.Demand[j].Tonnes
		b.weight += float64(len(d.arcs[j]))
	}
	for _, tier := range []Tier{CollectionPoint, TransferStation} {
		for _, i := range byTier[tier] {
			if used[i] {
				b := root[find(nd+i)]
				b.sites = append(b.sites, i)
			}
		}
	}
	d.fixedFlows = true
	for _, b := range d.blocks {
		nts := 0
		for _, i := range b.sites {
			if in.Sites[i].Tier == TransferStation {
				nts++
			}
		}
		d.fixedFlows = d.fixedFlows && nts == 1
	}
	// Onward lower bound per tonne from each transfer station.
	d.pi = make([]float64, len(in.Sites))
	if !d.fixedFlows {
		for _, t := range byTier[TransferStation] {
			best := math.Inf(1)
			for _, s := range byTier[SortingCentre] {
				hs := minHandling(in.Sites[s].Sizes)
				ks := d.km(t, s)
				for _, x := range byTier[Dismantler] {
					v := in.HubLeg.CostPerTKm*(ks+d.km(s, x)) + hs + minHandling(in.Sites[x].Sizes)
					best = math.Min(best, v)
				}
			}
			d.pi[t] = best
		}
	}
	for _, b := range d.blocks {
		b.ts = -1
		var ts []int
		for _, i := range b.sites {
			if in.Sites[i].Tier == TransferStation {
				ts = append(ts, i)
			}
		}
		if len(ts) == 1 {
			t := ts[0]
			b.ts, b.tsSize = t, -1
			for k, z := range in.Sites[t].Sizes {
				c := z.FixedCost + (z.HandlingPerT+d.pi[t])*b.tonnes
				if z.CapacityT >= b.tonnes*(1-1e-12) && (b.tsSize < 0 || c < b.tsCost) {
					b.tsSize, b.tsCost = k, c
				}
			}
			if b.tsSize < 0 {
				return nil, &InputError{Field: fmt.Sprintf("sites[%d].sizes", t), Msg: fmt.Sprintf("transfer station %s has no size that carries the %.0f t/yr of its county", in.Sites[t].ID, b.tonnes)}
			}
		}
		b.prob = d.blockProblem(b)
	}
	return d, nil
}

func (d *decomp) km(a, b int) float64 {
	s, t := d.in.Sites[a], d.in.Sites[b]
	return RoadKm(s.Point, s.Area, t.Point, t.Area)
}

func minHandling(sizes []Size) float64 {
	m := math.Inf(1)
	for _, z := range sizes {
		m = math.Min(m, z.HandlingPerT)
	}
	return m
}

func modules(sizes []Size) []locate.Module {
	out := make([]locate.Module, len(sizes))
	for k, z := range sizes {
		out[k] = locate.Module{Fixed: z.FixedCost, Capacity: z.CapacityT, Handling: z.HandlingPerT}
	}
	return out
}

// blockProblem is the two-tier locate problem of block b: collection points
// (tier 0) and transfer stations (tier 1, terminal, onward cost π).
func (d *decomp) blockProblem(b *block) *locate.Problem {
	in := d.in
	local := make(map[int]int, len(b.sites))
	p := &locate.Problem{SingleSource: true}
	for k, i := range b.sites {
		local[i] = k
		s := in.Sites[i]
		tier := 0
		if s.Tier == TransferStation {
			if b.ts >= 0 {
				continue // last in b.sites
			}
			tier = 1
		}
		p.Sites = append(p.Sites, locate.Site{Tier: tier, Modules: modules(s.Sizes), Handling: d.pi[i]})
	}
	for _, j := range b.demand {
		dm := in.Demand[j]
		ld := locate.Demand{Amount: dm.Tonnes}
		cover := in.Rules.coverageKm(dm.Area)
		for _, c := range d.arcs[j] {
			s := in.Sites[c]
			km := RoadKm(dm.Point, dm.Area, s.Point, s.Area)
			cost := dm.Tonnes * km * in.FirstMile.CostPerTKm
			if b.ts >= 0 {
				cost += dm.Tonnes * d.km(c, b.ts) * in.HubLeg.CostPerTKm
			}
			if km > cover+1e-9 {
				cost += dm.Tonnes * in.Rules.CoveragePenaltyPerT
			}
			ld.Arcs = append(ld.Arcs, locate.Arc{Site: local[c], Cost: cost, Distance: km})
		}
		p.Demands = append(p.Demands, ld)
	}
	for _, c := range b.sites {
		if in.Sites[c].Tier != CollectionPoint || b.ts >= 0 {
			continue
		}
		for _, t := range d.links[c] {
			p.Links = append(p.Links, locate.Link{From: local[c], To: local[t], Cost: d.km(c, t) * in.HubLeg.CostPerTKm})
		}
	}
	return p
}

func (d *decomp) solveBlock(ctx context.Context, b *block, limit time.Duration) error {
	b.limit = limit
	sol, err := locate.Solve(ctx, b.prob, locate.Options{TimeLimit: limit})
	if err != nil {
		if errors.Is(err, locate.ErrNoSolution) && b.sol != nil {
			return nil
		}
		return fmt.Errorf("network: county block %s: %w", d.in.Demand[b.demand[0]].Group, err)
	}
	if b.sol == nil || sol.Cost+b.tsCost < b.cost {
		b.sol, b.cost = sol, sol.Cost+b.tsCost
	}
	b.bound = math.Max(b.bound, sol.LowerBound+b.tsCost)
	b.proved = b.proved || sol.Proved || b.cost-b.bound <= 1e-9*math.Abs(b.cost)
	return nil
}

// blockFlows returns the tonnes each transfer station sends on: the block
// totals when flows are fixed, else from the blocks' solutions.
func (d *decomp) blockFlows(fromSolutions bool) map[int]float64 {
	f := map[int]float64{}
	for _, b := range d.blocks {
		if !fromSolutions {
			for _, i := range b.sites {
				if d.in.Sites[i].Tier == TransferStation {
					f[i] += b.tonnes
				}
			}
			continue
		}
		if b.ts >= 0 {
			f[b.ts] += b.tonnes
			continue
		}
		for k, l := range b.prob.Links {
			f[b.sites[l.To]] += b.sol.LinkFlow[k]
		}
	}
	return f
}

// solveUpper solves transfer stations → sorting centres → dismantlers for
// the transfer stations' outflows f.
func (d *decomp) solveUpper(ctx context.Context, f map[int]float64, limit time.Duration) error {
	in := d.in
	d.upperLimit = limit
	if d.upperProb == nil || !d.fixedFlows {
		ts := make([]int, 0, len(f))
		for t, v := range f {
			if v > 0 {
				ts = append(ts, t)
			}
		}
		slices.Sort(ts)
		var scs, dps []int
		for i, s := range in.Sites {
			switch s.Tier {
			case SortingCentre:
				scs = append(scs, i)
			case Dismantler:
				dps = append(dps, i)
			}
		}
		p := &locate.Problem{SingleSource: in.Rules.SingleSource}
		site := append(slices.Clone(scs), dps...)
		for _, i := range scs {
			p.Sites = append(p.Sites, locate.Site{Tier: 0, Modules: modules(in.Sites[i].Sizes)})
		}
		for _, i := range dps {
			p.Sites = append(p.Sites, locate.Site{Tier: 1, Modules: modules(in.Sites[i].Sizes), Status: locate.ForceOpen})
		}
		flows := make([]float64, len(ts))
		for k, t := range ts {
			flows[k] = f[t]
			dm := locate.Demand{Amount: f[t]}
			for a, s := range scs {
				dm.Arcs = append(dm.Arcs, locate.Arc{Site: a, Cost: f[t] * d.km(t, s) * in.HubLeg.CostPerTKm})
			}
			p.Demands = append(p.Demands, dm)
		}
		for a, s := range scs {
			for b, x := range dps {
				p.Links = append(p.Links, locate.Link{From: a, To: len(scs) + b, Cost: d.km(s, x) * in.HubLeg.CostPerTKm})
			}
		}
		d.upperProb, d.upperTS, d.upperSite, d.upperFlow = p, ts, site, flows
		d.upper, d.upperBound, d.upperProved = nil, 0, false
	}
	sol, err := locate.Solve(ctx, d.upperProb, locate.Options{TimeLimit: limit})
	if err != nil {
		if errors.Is(err, locate.ErrNoSolution) && d.upper != nil {
			return nil
		}
		return fmt.Errorf("network: sorting centres and dismantlers: %w", err)
	}
	if d.upper == nil || sol.Cost < d.upperCost {
		d.upper, d.upperCost = sol, sol.Cost
	}
	d.upperBound = math.Max(d.upperBound, sol.LowerBound)
	d.upperProved = d.upperProved || sol.Proved || d.upperCost-d.upperBound <= 1e-9*math.Abs(d.upperCost)
	return nil
}

// lowerBound is the plan's certified bound (see Design).
func (d *decomp) lowerBound() float64 {
	lb := 0.0
	for _, b := range d.blocks {
		lb += b.bound
	}
	if d.fixedFlows {
		return lb + d.upperBound
	}
	// sorting capacity must cover the tonnes: at least the least fixed cost
	// per tonne of capacity
	total, ratio := 0.0, math.Inf(1)
	for _, b := range d.blocks {
		total += b.tonnes
	}
	for _, s := range d.in.Sites {
		if s.Tier == SortingCentre {
			for _, z := range s.Sizes {
				ratio = math.Min(ratio, z.FixedCost/z.CapacityT)
			}
		}
	}
	return lb + ratio*total
}

// plan turns the blocks' and the upper problem's solutions into a Plan.
func (d *decomp) plan() (*Plan, error) {
	in := d.in
	p := &Plan{Assign: make([]Assignment, len(in.Demand))}
	for j := range p.Assign {
		p.Assign[j] = Assignment{Demand: j, Site: -1}
	}
	size := map[int]int{}
	type mix struct {
		t, m3 float64
		cat   []float64
	}
	comp := map[int]*mix{}
	add := func(i int, t, m3 float64, cat []float64) {
		c := comp[i]
		if c == nil {
			c = &mix{}
			comp[i] = c
		}
		c.t += t
		c.m3 += m3
		c.cat = addCat(c.cat, cat)
	}
	share := func(i int, t float64) (float64, []float64) {
		c := comp[i]
		if c == nil || c.t <= 0 {
			return 0, nil
		}
		f := t / c.t
		var cat []float64
		if c.cat != nil {
			cat = make([]float64, len(c.cat))
			for k := range cat {
				cat[k] = c.cat[k] * f
			}
		}
		return c.m3 * f, cat
	}
	for _, b := range d.blocks {
		for k, m := range b.sol.Module {
			if m >= 0 {
				size[b.sites[k]] = m
			}
		}
		for k, j := range b.demand {
			c := b.sites[b.sol.Assignment[k]]
			p.Assign[j].Site = c
			dm := in.Demand[j]
			add(c, dm.Tonnes, dm.M3, dm.TonnesByCategory)
		}
	}
	for _, b := range d.blocks {
		if b.ts >= 0 {
			size[b.ts] = b.tsSize
			for _, c := range b.sites {
				if c != b.ts && comp[c] != nil {
					m3, cat := share(c, comp[c].t)
					p.Flows = append(p.Flows, Flow{From: c, To: b.ts, Tonnes: comp[c].t, M3: m3, ByCategory: cat})
				}
			}
			continue
		}
		for k, l := range b.prob.Links {
			if t := b.sol.LinkFlow[k]; t > 1e-9 {
				from, to := b.sites[l.From], b.sites[l.To]
				m3, cat := share(from, t)
				p.Flows = append(p.Flows, Flow{From: from, To: to, Tonnes: t, M3: m3, ByCategory: cat})
			}
		}
	}
	for _, f := range p.Flows {
		add(f.To, f.Tonnes, f.M3, f.ByCategory)
	}
	u := d.upper
	for k, m := range u.Module {
		if m >= 0 {
			size[d.upperSite[k]] = m
		}
	}
	n0 := len(p.Flows)
	for _, a := range u.Assign {
		t := a.Fraction * d.upperFlow[a.Demand]
		if t <= 1e-9 {
			continue
		}
		from, to := d.upperTS[a.Demand], d.upperSite[a.Site]
		m3, cat := share(from, t)
		p.Flows = append(p.Flows, Flow{From: from, To: to, Tonnes: t, M3: m3, ByCategory: cat})
	}
	for _, f := range p.Flows[n0:] {
		add(f.To, f.Tonnes, f.M3, f.ByCategory)
	}
	for k, l := range d.upperProb.Links {
		if t := u.LinkFlow[k]; t > 1e-9 {
			from, to := d.upperSite[l.From], d.upperSite[l.To]
			m3, cat := share(from, t)
			p.Flows = append(p.Flows, Flow{From: from, To: to, Tonnes: t, M3: m3, ByCategory: cat})
		}
	}
	sites := make([]int, 0, len(size))
	for i := range size {
		sites = append(sites, i)
	}
	slices.Sort(sites)
	for _, i := range sites {
		p.Open = append(p.Open, OpenSite{Site: i, Size: size[i]})
	}
	p.LowerBound = d.lowerBound()
	if err := Evaluate(in, p); err != nil {
		return nil, err
	}
	// The plan's cost must match the engine's: a check of the translation.
	want := d.upperCost
	for _, b := range d.blocks {
		want += b.cost
	}
	if !d.fixedFlows {
		want = p.KPI.TotalCost // π shifts the blocks' costs; nothing to compare
	}
	if math.Abs(p.KPI.TotalCost-want) > 1e-6*math.Max(1, want) {
		return nil, fmt.Errorf("network: plan costs %.2f, the engine says %.2f", p.KPI.TotalCost, want)
	}
	return p, nil
}
