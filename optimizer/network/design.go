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
	// TimeLimit bounds the search; 0 means 60 s. With a budget it is only a
	// cap: reaching it is not an error (Design returns the best plan with
	// its bound), but a plan cut by the clock may differ between runs.
	TimeLimit time.Duration
	// MaxArcs bounds the collection-point candidates per demand point (the
	// nearest ones in its county); 0 means 60.
	MaxArcs int
	// Budget is the work of the search in work units of optimizer/locate
	// (locate.Options.Work: a thousand arc evaluations of the Lagrangian
	// each, about 40,000 a second on the development machine), shared over
	// the county blocks and the upper tiers in a fixed order (see Design);
	// 0 means DefaultBudget. A search bounded by its budget gives the same
	// plan, byte for byte, on any machine and under any load: TimeLimit is
	// then only a cap. Negative means none: the search then shares out
	// TimeLimit by the clock (the plan may then differ from run to run on
	// a loaded machine).
	Budget int
	// Progress, when set, is called with a short description of each stage.
	Progress func(stage string, done, total int)
	// OnSearch, when set, is called (from the calling goroutine) after
	// each solve of a part of the problem that changed the best cost or the
	// bound, and once at the end with the plan's cost and bound. The best
	// cost never rises, the bound never falls and never exceeds the cost.
	OnSearch func(Search)
}

// Search is a snapshot of Design's search, for a live display of a run.
type Search struct {
	// Cost is the cost of the best plan so far (yuan/yr): the sum of the
	// parts' best solutions. It is +Inf until every part has one — with
	// the county rule after the first pass over the county blocks,
	// otherwise at the end, when the upper tiers are solved for the
	// blocks' outflows.
	Cost float64
	// Bound is the certified lower bound so far: the parts solved so far
	// add their proven bounds, the others count 0 (every cost of the model
	// is non-negative), plus, without the county rule, the least fixed
	// cost of transfer and sorting capacity for all the tonnes.
	Bound float64
	// Work is the work spent so far and Budget the design's work budget,
	// in locate work units (Budget 0: the search runs by time).
	Work, Budget int
	// Proved counts the county blocks proved optimal, of Blocks.
	Proved, Blocks int
}

// Gap is the relative certified gap (Cost − Bound) / Cost, +Inf while
// there is no cost.
func (s Search) Gap() float64 {
	switch {
	case math.IsInf(s.Cost, 1):
		return math.Inf(1)
	case s.Cost == 0:
		return 0
	}
	return (s.Cost - s.Bound) / s.Cost
}

// Design makes a network plan for in with the facility-location engine
// (optimizer/locate) and certifies it with a lower bound.
//
// The problem decomposes by county. Demand points are served by collection
// points of their own county (the MaxArcs nearest), each point by one. The
// demand points and their collection points form one block per county: a
// single-sourcing capacitated problem with sizes, solved by locate.
//
// With the county rule and one transfer-station candidate per county (the
// default: the county seat), all of a county's tonnes pass through its
// station, so the station's size and cost are fixed and its inbound leg is
// a cost per tonne on each arc; the upper problem — transfer stations →
// sorting centres (sizes) → dismantlers (fixed sinks with capacities) — has
// fixed supplies and is solved by locate on its own. The plan's bound is
// then the sum of the blocks' bounds and the upper problem's bound, each
// proven by locate: the decomposition is exact.
//
// Otherwise (no county rule, or several station candidates in a county)
// the blocks price each tonne's way on at its cheapest (nearest linked
// station at its lowest handling, then the cheapest path through a sorting
// centre to a dismantler), and the bound adds, per upper tier, the least
// fixed cost per tonne of capacity times the tonnes: valid, but looser.
// The upper problem — open collection points → transfer stations → sorting
// centres → dismantlers — is then solved by locate for the blocks' outflows.
//
// Time left after a first pass goes to the parts with the largest absolute
// gaps. With Options.Budget the same happens in work units instead of
// time: the upper problem gets a tenth of the budget, each block in turn
// three quarters of what is left in proportion to its size, and what the
// blocks did not use goes, in rounds, to the part with the largest gap per
// unit of its next budget (twice its last), until the budget is spent or
// every part is proved. Design stops at its time limit, so (as with any time-limited
// search) the plan may differ between runs on a loaded machine; every part
// proved optimal is the same on every run. The bound holds for the model as given: demand arcs only to the
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
	budget := opt.Budget
	if budget == 0 {
		budget = DefaultBudget
	}
	d.budget = max(budget, 0)
	if budget > 0 {
		if err := d.byWork(ctx, budget, deadline, progress); err != nil {
			return nil, err
		}
	} else if err := d.byTime(ctx, limit, deadline, progress); err != nil {
		return nil, err
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
	p.Method = fmt.Sprintf("locate by county blocks (%d of %d proved optimal)", proved, len(d.blocks))
	p.Elapsed = time.Since(start)
	p.Work, p.Budget = d.used, max(budget, 0)
	if budget > 0 {
		p.Capped = d.capped
	}
	d.emit(p.KPI.TotalCost, p.LowerBound)
	return p, nil
}

// block is one county's collection-point problem.
type block struct {
	demand []int // indices into Input.Demand
	sites  []int // collection-point candidates (Input.Sites indices)
	weight float64
	tonnes float64
	prob   *locate.Problem
	// ts is the block's one transfer station when flows are fixed (−1
	// otherwise): all the block's tonnes pass through it, so its size and
	// cost (tsCost, fixed + handling) are known.
	ts     int
	tsSize int
	tsCost float64
	limit  time.Duration
	work   int // node budget of the last solve (0: by time)
	// the delivery side (Input.Forward): warehouse candidates, their first
	// local site index, the local "direct" site, the demand points with
	// deliveries and their first local demand index
	fw       []int
	fwBase   int
	direct   int
	deliv    []int
	fwDemand int
	// best solution and bound so far
	sol    *locate.Solution
	cost   float64
	bound  float64
	proved bool
}

type decomp struct {
	in         *Input
	opt        Options
	arcs       [][]int // per demand point: candidate collection points
	links      [][]int // per collection point: candidate transfer stations
	blocks     []*block
	fixedFlows bool
	omega      []float64 // per collection point: onward lower bound per tonne (flows not fixed)
	byTier     map[Tier][]int

	upper       *locate.Solution
	upperProb   *locate.Problem
	upperSrc    []int     // upper demand k → source site (transfer station if fixed, else collection point)
	upperFlow   []float64 // its tonnes
	upperSite   []int     // upper locate site → Input.Sites index
	upperCost   float64
	upperBound  float64
	upperLimit  time.Duration
	upperWork   int
	upperProved bool
	used        int // work units used so far (locate.Stats.Work)
	capped      int // solves stopped by their time limit (see Plan.Capped)
	budget      int // the work budget (0: by time)
	// the last Search reported (OnSearch)
	shownCost, shownBound float64
	shown                 bool
}

func newDecomp(in *Input, opt Options) (*decomp, error) {
	d := &decomp{in: in, opt: opt}
	maxArcs := opt.MaxArcs
	if maxArcs <= 0 {
		maxArcs = 60
	}
	byTier := map[Tier][]int{}
	byGroup := map[Tier]map[string][]int{}
	for _, t := range append(Tiers, FrontWarehouse, DistributionCentre) {
		byGroup[t] = map[string][]int{}
	}
	for i, s := range in.Sites {
		byTier[s.Tier] = append(byTier[s.Tier], i)
		byGroup[s.Tier][s.Group] = append(byGroup[s.Tier][s.Group], i)
	}
	d.byTier = byTier
	total := 0.0
	for _, dm := range in.Demand {
		total += dm.Tonnes
	}
	sinkCap := 0.0
	for _, i := range byTier[Dismantler] {
		sinkCap += maxCapacity(in, in.Sites[i].Sizes)
	}
	if sinkCap < total*(1-1e-9) {
		return nil, &InputError{Field: "sites", Msg: fmt.Sprintf("the dismantlers take %.0f t/yr in all, the returns are %.0f t/yr", sinkCap, total)}
	}
	nearest := func(from int, cands []int, k int, isDemand bool) []int {
		type kd struct {
			i  int
			km float64
		}
		var l []kd
		for _, c := range cands {
			var km float64
			if isDemand {
				km = in.demandKm(from, c)
			} else {
				km = d.km(from, c)
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
	for j, dm := range in.Demand {
		most := 0.0
		for _, c := range d.arcs[j] {
			most = math.Max(most, maxCapacity(in, in.Sites[c].Sizes))
		}
		if in.collectT(j) > most {
			return nil, &InputError{Field: fmt.Sprintf("demand[%d].tonnes", j), Msg: fmt.Sprintf("%s returns %.0f t/yr, more than any collection point it may use takes (%.0f t/yr)", dm.ID, in.collectT(j), most)}
		}
	}
	d.links = make([][]int, len(in.Sites))
	for _, c := range byTier[CollectionPoint] {
		g := in.Sites[c].Group
		if in.Rules.TransferPerCounty {
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
	// Blocks: connected components of demand points and their collection
	// points (one per county).
	nd := len(in.Demand)
	parent := make([]int, nd+len(in.Sites))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	used := make([]bool, len(in.Sites))
	for j, cs := range d.arcs {
		if in.Demand[j].Tonnes <= 0 {
			continue
		}
		for _, c := range cs {
			parent[find(j)] = find(nd + c)
			used[c] = true
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
			b = &block{ts: -1}
			root[r] = b
			d.blocks = append(d.blocks, b)
		}
		b.demand = append(b.demand, j)
		b.tonnes += in.Demand[j].Tonnes
		b.weight += float64(len(d.arcs[j]))
	}
	for _, c := range byTier[CollectionPoint] {
		if !used[c] {
			continue
		}
		if len(d.links[c]) == 0 {
			return nil, &InputError{Field: "sites", Msg: fmt.Sprintf("county %q has returns but no transfer-station candidate (collection point %s)", in.Sites[c].Group, in.Sites[c].ID)}
		}
		b := root[find(nd+c)]
		b.sites = append(b.sites, c)
	}
	// Fixed flows: every block's collection points all link to the same
	// single transfer station.
	d.fixedFlows = true
	for _, b := range d.blocks {
		t := -1
		for _, c := range b.sites {
			if len(d.links[c]) != 1 || (t >= 0 && d.links[c][0] != t) {
				d.fixedFlows = false
			}
			t = d.links[c][0]
		}
		b.ts = t
	}
	if in.Forward != nil && !d.fixedFlows {
		return nil, &InputError{Field: "forward", Msg: "front warehouses are designed with the county rule and one transfer-station candidate per county"}
	}
	if d.fixedFlows {
		for _, b := range d.blocks {
			t := b.ts
			b.tsSize = -1
			for k, z := range in.Sites[t].Sizes {
				c := z.FixedCost + z.HandlingPerT*b.tonnes
				if in.CapacityT(z) >= b.tonnes*(1-1e-12) && (b.tsSize < 0 || c < b.tsCost) {
					b.tsSize, b.tsCost = k, c
				}
			}
			if b.tsSize < 0 {
				return nil, &InputError{Field: fmt.Sprintf("sites[%d].sizes", t), Msg: fmt.Sprintf("transfer station %s has no size that carries the %.0f t/yr of its county", in.Sites[t].ID, b.tonnes)}
			}
		}
	} else {
		// Onward lower bound per tonne: from each transfer station the
		// cheapest path to a dismantler, from each collection point the
		// cheapest linked station plus that.
		pi := map[int]float64{}
		for _, t := range byTier[TransferStation] {
			best := math.Inf(1)
			for _, s := range byTier[SortingCentre] {
				hs := minHandling(in.Sites[s].Sizes)
				for _, x := range byTier[Dismantler] {
					best = math.Min(best, in.HubLeg.CostPerTKm*(d.km(t, s)+d.km(s, x))+hs+minHandling(in.Sites[x].Sizes))
				}
			}
			pi[t] = best
		}
		d.omega = make([]float64, len(in.Sites))
		for _, b := range d.blocks {
			b.ts = -1
			for _, c := range b.sites {
				best := math.Inf(1)
				for _, t := range d.links[c] {
					best = math.Min(best, in.HubLeg.CostPerTKm*d.km(c, t)+minHandling(in.Sites[t].Sizes)+pi[t])
				}
				d.omega[c] = best
			}
		}
	}
	for _, b := range d.blocks {
		b.prob = d.blockProblem(b)
	}
	return d, nil
}

func (d *decomp) km(a, b int) float64 { return d.in.siteKm(a, b) }

// scaled returns v times f (nil for nil).
func scaled(v []float64, f float64) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * f
	}
	return out
}

func minHandling(sizes []Size) float64 {
	m := math.Inf(1)
	for _, z := range sizes {
		m = math.Min(m, z.HandlingPerT)
	}
	return m
}

func modules(in *Input, sizes []Size) []locate.Module {
	out := make([]locate.Module, len(sizes))
	for k, z := range sizes {
		out[k] = locate.Module{Fixed: z.FixedCost, Capacity: in.CapacityT(z), Handling: z.HandlingPerT}
	}
	return out
}

// blockProblem is the single-sourcing locate problem of block b: its
// collection points with their sizes; each arc carries the first mile, the
// coverage penalty and the onward cost per tonne (to the block's transfer
// station with fixed flows, else the lower bound ω).
func (d *decomp) blockProblem(b *block) *locate.Problem {
	in := d.in
	local := make(map[int]int, len(b.sites))
	p := &locate.Problem{SingleSource: true}
	for k, i := range b.sites {
		local[i] = k
		st := locate.Site{Modules: modules(in, in.Sites[i].Sizes)}
		if in.Sites[i].ForceOpen {
			st.Status = locate.ForceOpen
		}
		p.Sites = append(p.Sites, st)
	}
	for _, j := range b.demand {
		dm := in.Demand[j]
		dm.Tonnes = in.collectT(j) // trade-ins ride back on delivery vans
		ld := locate.Demand{Amount: dm.Tonnes}
		cover := in.Rules.coverageKm(dm.Area)
		for _, c := range d.arcs[j] {
			km := in.demandKm(j, c)
			cost := dm.Tonnes * km * in.FirstMile.CostPerTKm
			if b.ts >= 0 {
				cost += dm.Tonnes * d.km(c, b.ts) * in.HubLeg.CostPerTKm
			} else {
				cost += dm.Tonnes * d.omega[c]
			}
			if km > cover+1e-9 {
				cost += dm.Tonnes*in.Rules.CoveragePenaltyPerT + in.Rules.CoveragePenaltyPerPoint
			}
			ld.Arcs = append(ld.Arcs, locate.Arc{Site: local[c], Cost: cost, Distance: km})
		}
		p.Demands = append(p.Demands, ld)
	}
	d.forwardBlock(b, p)
	return p
}

// byTime runs the search by time (see Design).
func (d *decomp) byTime(ctx context.Context, limit time.Duration, deadline time.Time, progress func(string, int, int)) error {
	// Upper problem first when its flows are fixed; otherwise it waits for
	// the collection points' outflows and keeps a share of the time.
	end := deadline
	if d.fixedFlows {
		if err := d.solveUpper(ctx, time.Duration(0.1*float64(limit)), 0); err != nil {
			return err
		}
	} else {
		end = deadline.Add(-limit * 3 / 10)
	}
	// Pass 1: every block with a share of the time by size.
	weight := 0.0
	for _, b := range d.blocks {
		weight += b.weight
	}
	for k, b := range d.blocks {
		progress("network blocks", k, len(d.blocks))
		rem := time.Until(end)
		share := time.Duration(0.75 * float64(rem) * b.weight / weight)
		weight -= b.weight
		if err := d.solveBlock(ctx, b, max(share, 20*time.Millisecond), 0); err != nil {
			return err
		}
	}
	progress("network blocks", len(d.blocks), len(d.blocks))
	// Pass 2: the largest absolute gaps get more time.
	for ctx.Err() == nil {
		rem := time.Until(end)
		if rem < 50*time.Millisecond {
			break
		}
		worst, upperGap := d.worst()
		if worst == nil && upperGap == 0 {
			break
		}
		if upperGap > 0 && (worst == nil || upperGap > worst.cost-worst.bound) {
			if err := d.solveUpper(ctx, min(rem, 2*d.upperLimit+time.Second), 0); err != nil {
				return err
			}
			continue
		}
		if err := d.solveBlock(ctx, worst, min(rem, 2*worst.limit+500*time.Millisecond), 0); err != nil {
			return err
		}
	}
	if !d.fixedFlows {
		progress("transfer stations and sorting centres", 0, 1)
		if err := d.solveUpper(ctx, max(time.Until(deadline), time.Second), 0); err != nil {
			return err
		}
		progress("transfer stations and sorting centres", 1, 1)
	}
	return nil
}

// byWork runs the search by work: budget branch-and-bound nodes, shared
// in a fixed order (see Design). Every solve is capped by the deadline.
func (d *decomp) byWork(ctx context.Context, budget int, deadline time.Time, progress func(string, int, int)) error {
	left := func() time.Duration { return max(time.Until(deadline), time.Millisecond) }
	upperWork := max(1, budget/10)
	pool := budget
	if d.fixedFlows {
		if err := d.solveUpper(ctx, left(), min(upperWork, pool)); err != nil {
			return err
		}
		pool = budget - d.used
	} else {
		pool -= upperWork
	}
	weight := 0.0
	for _, b := range d.blocks {
		weight += b.weight
	}
	for k, b := range d.blocks {
		progress("network blocks", k, len(d.blocks))
		share := max(1, int(0.75*float64(max(pool, 0))*b.weight/weight))
		weight -= b.weight
		before := d.used
		if err := d.solveBlock(ctx, b, left(), share); err != nil {
			return err
		}
		pool -= d.used - before
	}
	progress("network blocks", len(d.blocks), len(d.blocks))
	// the rounds stop at the cap: a part re-solved after it would only
	// repeat its root
	for ctx.Err() == nil && pool > 0 && time.Now().Before(deadline) {
		worst, upper := d.mostGapPerWork()
		if worst == nil && !upper {
			break
		}
		before := d.used
		if upper {
			if err := d.solveUpper(ctx, left(), min(pool, 2*d.upperWork+1)); err != nil {
				return err
			}
		} else if err := d.solveBlock(ctx, worst, left(), min(pool, 2*worst.work+1)); err != nil {
			return err
		}
		if d.used == before { // nothing more to do
			break
		}
		pool -= d.used - before
	}
	if !d.fixedFlows {
		progress("transfer stations and sorting centres", 0, 1)
		if err := d.solveUpper(ctx, left(), max(upperWork, pool+upperWork)); err != nil {
			return err
		}
		progress("transfer stations and sorting centres", 1, 1)
	}
	return nil
}

// worst returns the unproved block with the largest absolute gap (nil if
// every block is proved) and the upper problem's gap when it is solved
// first (fixed flows) and not proved (else 0).
func (d *decomp) worst() (*block, float64) {
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
	return worst, upperGap
}

// mostGapPerWork returns the part that the next round by work goes to:
// the unproved block, or the upper problem when it is solved first (fixed
// flows; upper is then true), with the largest gap per unit of its next
// budget (twice its last). A re-solve starts afresh, so a part whose gap
// is large but costly to close (the upper problem: a few hundred thousand
// yuan for twice 15,000 units on Sichuan) waits for the cheap large gaps
// of the county blocks.
func (d *decomp) mostGapPerWork() (worst *block, upper bool) {
	best := 0.0
	for _, b := range d.blocks {
		if s := (b.cost - b.bound) / float64(2*b.work+1); !b.proved && s > best {
			worst, best = b, s
		}
	}
	if d.upper != nil && !d.upperProved && d.fixedFlows {
		if s := (d.upperCost - d.upperBound) / float64(2*d.upperWork+1); s > best {
			return nil, true
		}
	}
	return worst, false
}

// solveBlock solves block b within limit and, when work > 0, that many
// nodes.
func (d *decomp) solveBlock(ctx context.Context, b *block, limit time.Duration, work int) error {
	b.limit, b.work = limit, work
	t0 := time.Now()
	sol, err := locate.Solve(ctx, b.prob, locate.Options{TimeLimit: limit, Work: work})
	d.count(sol, limit, t0)
	if err != nil {
		if errors.Is(err, locate.ErrNoSolution) && b.sol != nil {
			return nil
		}
		return fmt.Errorf("network: county block %s: %w", d.in.Demand[b.demand[0]].Group, err)
	}
	d.used += sol.Stats.Work
	if b.sol == nil || sol.Cost+b.tsCost < b.cost {
		b.sol, b.cost = sol, sol.Cost+b.tsCost
	}
	b.bound = math.Max(b.bound, sol.LowerBound+b.tsCost)
	b.proved = b.proved || sol.Proved || b.cost-b.bound <= 1e-9*math.Abs(b.cost)
	d.report()
	return nil
}

// report tells OnSearch the state of the search after a solve (see
// Search).
func (d *decomp) report() {
	if d.opt.OnSearch == nil {
		return
	}
	cost := math.Inf(1)
	if d.fixedFlows && d.upper != nil {
		cost = d.upperCost
		for _, b := range d.blocks {
			if b.sol == nil {
				cost = math.Inf(1)
				break
			}
			cost += b.cost
		}
	}
	// the parts not solved yet have bound 0 in the sum (their bound field
	// is 0 until their first solve)
	d.emit(cost, d.lowerBound())
}

// emit calls OnSearch with cost and bound made monotone (a later cost
// never above an earlier one, a bound never below, and never above the
// cost: the plan's final bound may be rounded down to its cost), when
// they changed.
func (d *decomp) emit(cost, bound float64) {
	if d.opt.OnSearch == nil {
		return
	}
	if d.shown {
		cost = math.Min(cost, d.shownCost)
		bound = math.Max(bound, d.shownBound)
	}
	bound = math.Min(bound, cost)
	if d.shown && cost == d.shownCost && bound == d.shownBound {
		return
	}
	d.shown, d.shownCost, d.shownBound = true, cost, bound
	proved := 0
	for _, b := range d.blocks {
		if b.proved {
			proved++
		}
	}
	d.opt.OnSearch(Search{Cost: cost, Bound: bound, Work: d.used, Budget: d.budget, Proved: proved, Blocks: len(d.blocks)})
}

// solveUpper solves the tiers above the blocks. With fixed flows: transfer
// stations (sources with their county's tonnes) → sorting centres →
// dismantlers. Otherwise: the blocks' open collection points (sources with
// their throughput) → transfer stations → sorting centres → dismantlers.
func (d *decomp) solveUpper(ctx context.Context, limit time.Duration, work int) error {
	in := d.in
	d.upperLimit, d.upperWork = limit, work
	if d.upperProb == nil || !d.fixedFlows {
		var src []int
		var flow []float64
		if d.fixedFlows {
			for _, b := range d.blocks {
				src = append(src, b.ts)
				flow = append(flow, b.tonnes)
			}
		} else {
			load := map[int]float64{}
			for _, b := range d.blocks {
				for k, j := range b.demand {
					load[b.sites[b.sol.Assignment[k]]] += in.Demand[j].Tonnes
				}
			}
			for _, c := range d.byTier[CollectionPoint] {
				if load[c] > 0 {
					src = append(src, c)
					flow = append(flow, load[c])
				}
			}
		}
		var tiers [][]int
		if !d.fixedFlows {
			tiers = append(tiers, d.byTier[TransferStation])
		}
		tiers = append(tiers, d.byTier[SortingCentre], d.byTier[Dismantler])
		p := &locate.Problem{SingleSource: in.Rules.SingleSource}
		local := map[int]int{}
		var site []int
		for t, sites := range tiers {
			for _, i := range sites {
				local[i] = len(site)
				site = append(site, i)
				st := locate.Site{Tier: t, Modules: modules(in, in.Sites[i].Sizes)}
				if in.Sites[i].Tier == Dismantler || in.Sites[i].ForceOpen {
					st.Status = locate.ForceOpen
				}
				p.Sites = append(p.Sites, st)
			}
		}
		for k, s := range src {
			dm := locate.Demand{Amount: flow[k]}
			to := tiers[0]
			if !d.fixedFlows {
				to = d.links[s]
			}
			for _, t := range to {
				dm.Arcs = append(dm.Arcs, locate.Arc{Site: local[t], Cost: flow[k] * d.km(s, t) * in.HubLeg.CostPerTKm})
			}
			p.Demands = append(p.Demands, dm)
		}
		for t := 0; t+1 < len(tiers); t++ {
			for _, a := range tiers[t] {
				for _, b := range tiers[t+1] {
					p.Links = append(p.Links, locate.Link{From: local[a], To: local[b], Cost: d.km(a, b) * in.HubLeg.CostPerTKm})
				}
			}
		}
		d.upperProb, d.upperSrc, d.upperFlow, d.upperSite = p, src, flow, site
		d.upper, d.upperBound, d.upperProved = nil, 0, false
	}
	t0 := time.Now()
	sol, err := locate.Solve(ctx, d.upperProb, locate.Options{TimeLimit: limit, Work: work})
	d.count(sol, limit, t0)
	if err != nil {
		if errors.Is(err, locate.ErrNoSolution) && d.upper != nil {
			return nil
		}
		return fmt.Errorf("network: upper tiers: %w", err)
	}
	d.used += sol.Stats.Work
	if d.upper == nil || sol.Cost < d.upperCost {
		d.upper, d.upperCost = sol, sol.Cost
	}
	d.upperBound = math.Max(d.upperBound, sol.LowerBound)
	d.upperProved = d.upperProved || sol.Proved || d.upperCost-d.upperBound <= 1e-9*math.Abs(d.upperCost)
	d.report()
	return nil
}

// count counts a solve cut by its time limit: one that says so, or that
// ran until the limit (it may have been cut in its root, which does not
// say so).
func (d *decomp) count(sol *locate.Solution, limit time.Duration, start time.Time) {
	if sol != nil && sol.Stats.StopReason == "time limit" || time.Since(start) >= limit {
		d.capped++
	}
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
	// The blocks priced the tonnes' way on at its cheapest per tonne; the
	// fixed costs of transfer and sorting capacity that must carry every
	// tonne come on top, at least the least fixed cost per tonne of
	// capacity of each tier.
	total := 0.0
	for _, b := range d.blocks {
		total += b.tonnes
	}
	for _, t := range []Tier{TransferStation, SortingCentre} {
		ratio := math.Inf(1)
		for _, i := range d.byTier[t] {
			for _, z := range d.in.Sites[i].Sizes {
				ratio = math.Min(ratio, z.FixedCost/d.in.CapacityT(z))
			}
		}
		lb += ratio * total
	}
	return lb
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
	// flow appends flows in tier order so that each source's mix is
	// complete before it is shared out.
	var flows []Flow
	emit := func(from, to int, t float64) {
		m3, cat := share(from, t)
		flows = append(flows, Flow{From: from, To: to, Tonnes: t, M3: m3, ByCategory: cat})
	}
	commit := func() {
		for _, f := range flows {
			add(f.To, f.Tonnes, f.M3, f.ByCategory)
		}
		p.Flows = append(p.Flows, flows...)
		flows = flows[:0]
	}
	for _, b := range d.blocks {
		for k, m := range b.sol.Module[:len(b.sites)] { // the rest is the delivery side
			if m >= 0 {
				size[b.sites[k]] = m
			}
		}
		for k, j := range b.demand {
			c := b.sites[b.sol.Assignment[k]]
			p.Assign[j].Site = c
			dm := in.Demand[j]
			f := in.collectShare(j)
			add(c, dm.Tonnes*f, dm.M3*f, scaled(dm.TonnesByCategory, f))
		}
		d.forwardPlan(b, p, size)
	}
	if d.fixedFlows {
		for _, b := range d.blocks {
			size[b.ts] = b.tsSize
			for _, c := range b.sites {
				if comp[c] != nil && comp[c].t > 0 {
					emit(c, b.ts, comp[c].t)
				}
			}
		}
		commit()
		// trade-ins reach the transfer stations on delivery vans
		for _, dl := range p.Deliveries {
			if j := dl.Demand; dl.TradeInTo >= 0 && in.Demand[j].TradeInT > 0 {
				dm := in.Demand[j]
				f := dm.TradeInT / dm.Tonnes
				add(dl.TradeInTo, dm.TradeInT, dm.M3*f, scaled(dm.TonnesByCategory, f))
			}
		}
	}
	u := d.upper
	for k, m := range u.Module {
		if m >= 0 {
			size[d.upperSite[k]] = m
		}
	}
	for _, a := range u.Assign {
		if t := a.Fraction * d.upperFlow[a.Demand]; t > 1e-9 {
			emit(d.upperSrc[a.Demand], d.upperSite[a.Site], t)
		}
	}
	commit()
	// links go tier by tier (they were added in tier order)
	for k, l := range d.upperProb.Links {
		if k > 0 && d.upperProb.Sites[l.From].Tier != d.upperProb.Sites[d.upperProb.Links[k-1].From].Tier {
			commit()
		}
		if t := u.LinkFlow[k]; t > 1e-9 {
			emit(d.upperSite[l.From], d.upperSite[l.To], t)
		}
	}
	commit()
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
	if c := p.KPI.TotalCost; p.LowerBound > c && p.LowerBound <= c*(1+1e-9) { // rounding
		p.LowerBound, p.GapPct = c, 0
	}
	if d.fixedFlows {
		// The plan's cost must match the engine's: a check of the translation.
		want := d.upperCost
		for _, b := range d.blocks {
			want += b.cost
		}
		if math.Abs(p.KPI.TotalCost-want) > 1e-6*math.Max(1, want) {
			return nil, fmt.Errorf("network: plan costs %.2f, the engine says %.2f", p.KPI.TotalCost, want)
		}
	}
	return p, nil
}

// DefaultBudget is the default work of Design, in locate work units: about
// 4 s for all of Sichuan's 183 county blocks on one core of the
// development machine, with a certified gap of 0.7 % and every township
// covered (huishou plan on the embedded default; see benchmarks/RESULTS.md).
const DefaultBudget = 150_000
