package network

import (
	"context"
	"math"
	"sort"
)

// Greedy makes a quick network plan for in: coverage-driven opening of
// collection points per county, one transfer station per county, nearest
// sorting centre and dismantler with spare capacity, with a simple valid
// lower bound. Design does better; Greedy is its fallback and baseline.
func Greedy(ctx context.Context, in *Input, opt Options) (*Plan, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.Forward != nil {
		return nil, &InputError{Field: "forward", Msg: "the greedy baseline does not design front warehouses; use Design"}
	}
	p := &Plan{Method: "greedy"}
	byTier := map[Tier][]int{}
	for i, s := range in.Sites {
		byTier[s.Tier] = append(byTier[s.Tier], i)
	}
	openAt := map[int]int{} // site → index in p.Open
	openSite := func(site int, tonnes float64) {
		if _, ok := openAt[site]; ok {
			return
		}
		openAt[site] = len(p.Open)
		p.Open = append(p.Open, OpenSite{Site: site, Size: fitSize(in, in.Sites[site].Sizes, tonnes)})
	}

	// 1. Collection points, county by county: greedy weighted set cover of
	//    the demand points by coverage radius, then assignment to the nearest
	//    open point with spare capacity.
	groups := map[string][]int{}
	var groupOrder []string
	for i, d := range in.Demand {
		if _, ok := groups[d.Group]; !ok {
			groupOrder = append(groupOrder, d.Group)
		}
		groups[d.Group] = append(groups[d.Group], i)
	}
	cpByGroup := map[string][]int{}
	for _, c := range byTier[CollectionPoint] {
		cpByGroup[in.Sites[c].Group] = append(cpByGroup[in.Sites[c].Group], c)
	}
	p.Assign = make([]Assignment, len(in.Demand))
	load := map[int]float64{}
	for gi, g := range groupOrder {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if opt.Progress != nil {
			opt.Progress("collection points", gi, len(groupOrder))
		}
		dem := groups[g]
		cands := cpByGroup[g]
		if len(cands) == 0 {
			cands = byTier[CollectionPoint]
		}
		// km[a][b]: demand dem[a] to candidate cands[b].
		km := make([]float64, len(dem)*len(cands))
		for a, di := range dem {
			for b, ci := range cands {
				km[a*len(cands)+b] = in.demandKm(di, ci)
			}
		}
		covered := make([]bool, len(dem))
		var opened []int // positions in cands
		for {
			best, bestScore := -1, 0.0
			for b, ci := range cands {
				gain := 0.0
				for a, di := range dem {
					if !covered[a] && km[a*len(cands)+b] <= in.Rules.coverageKm(in.Demand[di].Area) {
						gain += in.Demand[di].Tonnes + 1e-9
					}
				}
				if gain == 0 {
					continue
				}
				score := gain / (in.Sites[ci].Sizes[0].FixedCost + 1)
				if score > bestScore {
					best, bestScore = b, score
				}
			}
			if best < 0 {
				break
			}
			opened = append(opened, best)
			for a, di := range dem {
				if km[a*len(cands)+best] <= in.Rules.coverageKm(in.Demand[di].Area) {
					covered[a] = true
				}
			}
		}
		if len(opened) == 0 { // nothing coverable: open the candidate nearest to the heaviest point
			heavy := 0
			for a := range dem {
				if in.Demand[dem[a]].Tonnes > in.Demand[dem[heavy]].Tonnes {
					heavy = a
				}
			}
			opened = append(opened, argminRow(km[heavy*len(cands):(heavy+1)*len(cands)], nil))
		}
		isOpen := make([]bool, len(cands))
		for _, b := range opened {
			isOpen[b] = true
		}
		// Assign heaviest first to the nearest open point with room; open the
		// nearest closed candidate when none has room.
		order := make([]int, len(dem))
		for a := range order {
			order[a] = a
		}
		sort.SliceStable(order, func(x, y int) bool { return in.Demand[dem[order[x]]].Tonnes > in.Demand[dem[order[y]]].Tonnes })
		for _, a := range order {
			d := in.Demand[dem[a]]
			row := km[a*len(cands) : (a+1)*len(cands)]
			pick := -1
			for {
				pick = argminRow(row, func(b int) bool {
					ci := cands[b]
					return isOpen[b] && load[ci]+d.Tonnes <= maxCapacity(in, in.Sites[ci].Sizes)
				})
				if pick >= 0 {
					break
				}
				closed := argminRow(row, func(b int) bool { return !isOpen[b] })
				if closed < 0 { // every candidate open and full: overload the nearest
					pick = argminRow(row, func(b int) bool { return isOpen[b] })
					break
				}
				isOpen[closed] = true
			}
			ci := cands[pick]
			load[ci] += d.Tonnes
			p.Assign[dem[a]] = Assignment{Demand: dem[a], Site: ci}
		}
		for b, ok := range isOpen {
			if ok && load[cands[b]] > 0 {
				openSite(cands[b], load[cands[b]])
			}
		}
	}

	// 2. Upper tiers: each open site sends everything to one site of the
	//    next tier (the county's transfer station; the nearest sorting
	//    centre in the prefecture; the nearest dismantler with room).
	sendUp := func(from Tier, to Tier, sameGroup, sameRegion bool) {
		type src struct {
			site   int
			tonnes float64
			m3     float64
			cat    []float64
		}
		var srcs []src
		for _, o := range p.Open {
			if in.Sites[o.Site].Tier == from {
				srcs = append(srcs, src{site: o.Site})
			}
		}
		idx := map[int]int{}
		for i, s := range srcs {
			idx[s.site] = i
		}
		// Inflow of each source.
		if from == CollectionPoint {
			for _, a := range p.Assign {
				i := idx[a.Site]
				d := in.Demand[a.Demand]
				srcs[i].tonnes += d.Tonnes
				srcs[i].m3 += d.M3
				srcs[i].cat = addCat(srcs[i].cat, d.TonnesByCategory)
			}
		} else {
			for _, f := range p.Flows {
				if i, ok := idx[f.To]; ok {
					srcs[i].tonnes += f.Tonnes
					srcs[i].m3 += f.M3
					srcs[i].cat = addCat(srcs[i].cat, f.ByCategory)
				}
			}
		}
		sort.SliceStable(srcs, func(a, b int) bool { return srcs[a].tonnes > srcs[b].tonnes })
		room := map[int]float64{}
		for _, c := range byTier[to] {
			room[c] = maxCapacity(in, in.Sites[c].Sizes)
		}
		for _, s := range srcs {
			a := in.Sites[s.site]
			best, bestKm := -1, math.Inf(1)
			for pass := 0; pass < 3 && best < 0; pass++ {
				for _, c := range byTier[to] {
					b := in.Sites[c]
					if pass == 0 && ((sameGroup && b.Group != a.Group) || (sameRegion && b.Region != a.Region)) {
						continue
					}
					if pass < 2 && room[c] < s.tonnes {
						continue
					}
					if km := in.siteKm(s.site, c); km < bestKm {
						best, bestKm = c, km
					}
				}
			}
			room[best] -= s.tonnes
			openSite(best, 0)
			p.Flows = append(p.Flows, Flow{From: s.site, To: best, Tonnes: s.tonnes, M3: s.m3, ByCategory: s.cat})
		}
	}
	for i, s := range in.Sites { // sites the planner opens, at their smallest size
		if s.ForceOpen && (s.Tier == CollectionPoint || s.Tier == SortingCentre || s.Tier == TransferStation) {
			openSite(i, 0)
		}
	}
	sendUp(CollectionPoint, TransferStation, in.Rules.TransferPerCounty, false)
	sendUp(TransferStation, SortingCentre, false, true)
	sendUp(SortingCentre, Dismantler, false, false)

	// Sizes now that throughputs are known.
	if err := Evaluate(in, p); err != nil {
		return nil, err
	}
	for i := range p.Open {
		o := &p.Open[i]
		o.Size = fitSize(in, in.Sites[o.Site].Sizes, o.ThroughputT)
	}
	p.LowerBound = lowerBound(in)
	if err := Evaluate(in, p); err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress("collection points", len(groupOrder), len(groupOrder))
	}
	if opt.OnSearch != nil {
		opt.OnSearch(Search{Cost: p.KPI.TotalCost, Bound: min(p.LowerBound, p.KPI.TotalCost)})
	}
	return p, nil
}

// lowerBound is a simple valid bound: every tonne is handled once per tier
// at the cheapest rate and travels at least the great-circle distance to
// the nearest dismantler at the cheapest rate per tonne-km; with the
// county rule, each county with returns pays at least its cheapest transfer
// station.
func lowerBound(in *Input) float64 {
	minH := map[Tier]float64{}
	for _, t := range Tiers {
		minH[t] = math.Inf(1)
	}
	minTS := map[string]float64{}
	for _, s := range in.Sites {
		for _, z := range s.Sizes {
			minH[s.Tier] = math.Min(minH[s.Tier], z.HandlingPerT)
			if s.Tier == TransferStation {
				if v, ok := minTS[s.Group]; !ok || z.FixedCost < v {
					minTS[s.Group] = z.FixedCost
				}
			}
		}
	}
	handling := 0.0
	for _, t := range Tiers {
		handling += minH[t]
	}
	rate := math.Min(in.FirstMile.CostPerTKm, in.HubLeg.CostPerTKm)
	lb := 0.0
	hasReturns := map[string]bool{}
	for _, d := range in.Demand {
		near := math.Inf(1)
		for _, s := range in.Sites {
			if s.Tier == Dismantler {
				near = math.Min(near, RoadKm(d.Point, unitArea, s.Point, unitArea))
			}
		}
		lb += d.Tonnes * (handling + rate*near)
		if d.Tonnes > 0 {
			hasReturns[d.Group] = true
		}
	}
	if in.Rules.TransferPerCounty {
		for g := range hasReturns {
			if v, ok := minTS[g]; ok {
				lb += v
			}
		}
	}
	return lb
}

func fitSize(in *Input, sizes []Size, tonnes float64) int {
	best := -1
	for i, z := range sizes {
		if in.CapacityT(z) >= tonnes && (best < 0 || z.FixedCost+z.HandlingPerT*tonnes < sizes[best].FixedCost+sizes[best].HandlingPerT*tonnes) {
			best = i
		}
	}
	if best < 0 { // none fits: the largest
		best = 0
		for i, z := range sizes {
			if in.CapacityT(z) > in.CapacityT(sizes[best]) {
				best = i
			}
		}
	}
	return best
}

func maxCapacity(in *Input, sizes []Size) float64 {
	m := 0.0
	for _, z := range sizes {
		m = math.Max(m, in.CapacityT(z))
	}
	return m
}

// argminRow returns the index of the smallest entry of row among those ok
// accepts (all when ok is nil), or -1.
func argminRow(row []float64, ok func(int) bool) int {
	best := -1
	for b, v := range row {
		if (ok == nil || ok(b)) && (best < 0 || v < row[best]) {
			best = b
		}
	}
	return best
}

func addCat(acc, v []float64) []float64 {
	if v == nil {
		return acc
	}
	if acc == nil {
		acc = make([]float64, len(v))
	}
	for i := range v {
		acc[i] += v[i]
	}
	return acc
}
