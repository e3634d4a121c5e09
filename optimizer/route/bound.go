package route

import (
	"math"
	"slices"
)

// ServedBound is an upper bound on the number of jobs (clients and
// shipments) any solution of p can serve, for a bounded fleet that cannot
// serve them all. It is the least of fractional bounds, each the exact
// optimum of its relaxation:
//
//   - time: a served job takes its service times (both stops of a
//     shipment) plus, for each of its stops, the least travel time into
//     that stop from any other stop or any vehicle's start. That work
//     happens inside the job's span (from its earliest window start less
//     that travel to its latest window end plus the service; the whole
//     day without windows), on vehicles with the job's skills, within
//     their shifts: each vehicle offers, per stretch of the day, the part
//     of its shift there, and in all its shift less its breaks and less
//     the least travel from any stop back to its end depot.
//   - load, per capacity dimension: what a route carries at its end (a
//     client's pickup, a shipment's return) and at its start (a client's
//     delivery) fits the vehicle's capacity.
//
// The order of the stops, waiting and the vehicle limits other than the
// shift and MaxDuration are ignored, so the bound is optimistic. Each
// relaxation is a linear programme over a polymatroid (the jobs' work
// flows through a network to the vehicles), which the greedy solves
// exactly: jobs by increasing need, each given as much of its need as
// augmenting paths find, counted fractionally. A vehicle type with Count
// 0 (unlimited) makes the bound the number of jobs. p must be valid.
func ServedBound(p *Problem) float64 {
	nJ := len(p.Clients) + len(p.Shipments)
	b := newBoundInst(p)
	if b == nil {
		return float64(nJ)
	}
	best := b.timeBound()
	for d := range b.dims {
		best = math.Min(best, b.loadBound(b.endNeed[d], d))
		best = math.Min(best, b.loadBound(b.startNeed[d], d))
	}
	return best
}

// boundInst is what ServedBound needs: per job its skills, needs and
// span, per vehicle type its skills, count, shift, time and capacities.
type boundInst struct {
	dims         int
	jobMask      []uint64
	timeNeed     []float64
	spanA, spanB []float64   // per job: the stretch of the day its work lies in
	endNeed      [][]float64 // [dim][job]
	startNeed    [][]float64
	typeMask     []uint64
	count        []int
	shiftS       []float64
	shiftE       []float64
	timeCap      []float64 // per vehicle of the type: shift − breaks − the way back
	capv         [][]float64
}

func newBoundInst(p *Problem) *boundInst {
	if len(p.Vehicles) == 0 {
		return nil
	}
	for _, v := range p.Vehicles {
		if v.Count == 0 {
			return nil
		}
	}
	D := p.dims()
	bits := skillBits(p)
	mask := func(sk []int) uint64 {
		var m uint64
		for _, s := range sk {
			m |= 1 << bits[s]
		}
		return m
	}
	depLoc := func(k int) int {
		if k == NoDepot {
			return -1
		}
		if len(p.Depots) == 0 {
			return 0
		}
		return p.Depots[k]
	}
	b := &boundInst{dims: D}
	type stop struct {
		loc     int
		service int64
		tws     []TimeWindow
	}
	var stops [][]stop // per job
	for _, c := range p.Clients {
		stops = append(stops, []stop{{c.Location, c.Service + c.Setup, c.TimeWindows}})
		b.jobMask = append(b.jobMask, mask(c.Skills))
	}
	for _, s := range p.Shipments {
		stops = append(stops, []stop{{s.Pickup.Location, s.Pickup.Service + s.Pickup.Setup, s.Pickup.TimeWindows},
			{s.Delivery.Location, s.Delivery.Service + s.Delivery.Setup, s.Delivery.TimeWindows}})
		b.jobMask = append(b.jobMask, mask(s.Skills))
	}
	locCount := map[int]int{}
	var locs []int
	for _, st := range stops {
		for _, s := range st {
			if locCount[s.loc] == 0 {
				locs = append(locs, s.loc)
			}
			locCount[s.loc]++
		}
	}
	var starts []int
	for _, v := range p.Vehicles {
		if l := depLoc(v.StartDepot); l >= 0 && !slices.Contains(starts, l) {
			starts = append(starts, l)
		}
	}
	// Least travel into each stop location from another stop (0 when two
	// stops share it) or a start.
	into := map[int]int64{}
	for _, l := range locs {
		best := int64(math.MaxInt64)
		if locCount[l] > 1 {
			best = 0
		}
		for _, o := range locs {
			if o != l && best > 0 {
				best = min(best, p.Travel(o, l))
			}
		}
		for _, o := range starts {
			if o == l {
				best = 0
			} else {
				best = min(best, p.Travel(o, l))
			}
		}
		into[l] = best
	}
	for _, st := range stops {
		need := 0.0
		a, z := math.Inf(1), math.Inf(-1)
		for _, s := range st {
			need += float64(s.service + into[s.loc])
			if len(s.tws) == 0 {
				a, z = math.Inf(-1), math.Inf(1)
				continue
			}
			a = math.Min(a, float64(s.tws[0].Start-into[s.loc]))
			z = math.Max(z, float64(s.tws[len(s.tws)-1].End+s.service))
		}
		b.timeNeed = append(b.timeNeed, need)
		b.spanA, b.spanB = append(b.spanA, a), append(b.spanB, z)
	}
	b.endNeed = make([][]float64, D)
	b.startNeed = make([][]float64, D)
	at := func(a []int64, d int) float64 {
		if a == nil {
			return 0
		}
		return float64(a[d])
	}
	for d := range D {
		for _, c := range p.Clients {
			b.endNeed[d] = append(b.endNeed[d], at(c.Demand, d))
			b.startNeed[d] = append(b.startNeed[d], at(c.Delivery, d))
		}
		for _, s := range p.Shipments {
			b.endNeed[d] = append(b.endNeed[d], at(s.Return, d))
			b.startNeed[d] = append(b.startNeed[d], 0)
		}
	}
	b.capv = make([][]float64, D)
	for _, v := range p.Vehicles {
		b.typeMask = append(b.typeMask, mask(v.Skills))
		b.count = append(b.count, v.Count)
		s, e := float64(v.Shift.Start), float64(v.Shift.End)
		if v.Shift == (TimeWindow{}) {
			s, e = 0, float64(far)
		}
		b.shiftS, b.shiftE = append(b.shiftS, s), append(b.shiftE, e)
		avail := e - s
		if v.MaxDuration > 0 {
			avail = math.Min(avail, float64(v.MaxDuration))
		}
		for _, br := range v.Breaks {
			avail -= float64(br.Duration)
		}
		if end := depLoc(v.EndDepot); end >= 0 {
			back := int64(math.MaxInt64)
			for _, l := range locs {
				back = min(back, p.Travel(l, end))
			}
			if back < math.MaxInt64 {
				avail -= float64(back)
			}
		}
		b.timeCap = append(b.timeCap, math.Max(avail, 0))
		for d := range D {
			b.capv[d] = append(b.capv[d], float64(v.Capacity[d]))
		}
	}
	return b
}

// boundSlots is the number of stretches the day is cut into for the time
// bound (besides the shifts' own starts and ends); jobs' spans are
// widened to the stretches' edges.
const boundSlots = 40

// timeBound is the time relaxation: job classes (skills, span) → (vehicle
// group, stretch of the day) → vehicle group → sink.
func (b *boundInst) timeBound() float64 {
	// Vehicle groups: types alike in skills and shift.
	type gkey struct {
		mask uint64
		s, e float64
	}
	gOf := map[gkey]int{}
	var groups []gkey
	var gTotal []float64
	var gCount []float64
	for t := range b.typeMask {
		k := gkey{b.typeMask[t], b.shiftS[t], b.shiftE[t]}
		g, ok := gOf[k]
		if !ok {
			g = len(groups)
			gOf[k] = g
			groups = append(groups, k)
			gTotal, gCount = append(gTotal, 0), append(gCount, 0)
		}
		gTotal[g] += b.timeCap[t] * float64(b.count[t])
		gCount[g] += float64(b.count[t])
	}
	// The stretches: the shifts' ends and an even grid between the
	// earliest start and the latest end.
	lo, hi := math.Inf(1), math.Inf(-1)
	var cuts []float64
	for _, g := range groups {
		lo, hi = math.Min(lo, g.s), math.Max(hi, g.e)
		cuts = append(cuts, g.s, g.e)
	}
	for i := 1; i < boundSlots; i++ {
		cuts = append(cuts, lo+(hi-lo)*float64(i)/boundSlots)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	nK := len(cuts) - 1
	// Job classes: skills and span, the span widened to whole stretches
	// (first stretch k0, last k1).
	type ckey struct {
		mask   uint64
		k0, k1 int
	}
	slot := func(x float64, up bool) int {
		// the stretch containing x (clamped); up: a span's end
		i, _ := slices.BinarySearch(cuts, x)
		if up {
			return min(max(i-1, 0), nK-1)
		}
		if i < len(cuts) && cuts[i] == x {
			return min(i, nK-1)
		}
		return min(max(i-1, 0), nK-1)
	}
	cOf := map[ckey]int{}
	var classes []ckey
	jobClass := make([]int, len(b.jobMask))
	for j := range b.jobMask {
		k := ckey{b.jobMask[j], slot(b.spanA[j], false), slot(b.spanB[j], true)}
		c, ok := cOf[k]
		if !ok {
			c = len(classes)
			cOf[k] = c
			classes = append(classes, k)
		}
		jobClass[j] = c
	}
	// Nodes: classes, (group, stretch), groups, sink.
	nC, nG := len(classes), len(groups)
	gk := func(g, k int) int { return nC + g*nK + k }
	gn := func(g int) int { return nC + nG*nK + g }
	sink := nC + nG*nK + nG
	net := newFlowNet(sink + 1)
	for g, gr := range groups {
		for k := range nK {
			if ov := math.Min(gr.e, cuts[k+1]) - math.Max(gr.s, cuts[k]); ov > 0 {
				net.add(gk(g, k), gn(g), ov*gCount[g])
			}
		}
		net.add(gn(g), sink, gTotal[g])
	}
	for c, cl := range classes {
		for g, gr := range groups {
			if cl.mask&^gr.mask != 0 {
				continue
			}
			for k := cl.k0; k <= cl.k1; k++ {
				net.add(c, gk(g, k), math.Inf(1))
			}
		}
	}
	return net.greedy(b.timeNeed, jobClass, sink)
}

// loadBound is the load relaxation in dimension d: job classes (skills) →
// vehicle types → sink.
func (b *boundInst) loadBound(need []float64, d int) float64 {
	cOf := map[uint64]int{}
	var classes []uint64
	jobClass := make([]int, len(b.jobMask))
	for j, m := range b.jobMask {
		c, ok := cOf[m]
		if !ok {
			c = len(classes)
			cOf[m] = c
			classes = append(classes, m)
		}
		jobClass[j] = c
	}
	nC, nT := len(classes), len(b.typeMask)
	sink := nC + nT
	net := newFlowNet(sink + 1)
	for t := range nT {
		net.add(nC+t, sink, b.capv[d][t]*float64(b.count[t]))
	}
	for c, m := range classes {
		for t := range nT {
			if m&^b.typeMask[t] == 0 {
				net.add(c, nC+t, math.Inf(1))
			}
		}
	}
	return net.greedy(need, jobClass, sink)
}

// flowNet is a small flow network with residual capacities.
type flowNet struct {
	head     []int
	to, next []int
	cap      []float64 // residual
	prevE    []int
	queue    []int
	seen     []int
	stamp    int
}

func newFlowNet(n int) *flowNet {
	f := &flowNet{head: make([]int, n), prevE: make([]int, n), seen: make([]int, n)}
	for i := range f.head {
		f.head[i] = -1
	}
	return f
}

func (f *flowNet) add(u, v int, c float64) {
	f.to, f.cap, f.next = append(f.to, v), append(f.cap, c), append(f.next, f.head[u])
	f.head[u] = len(f.to) - 1
	f.to, f.cap, f.next = append(f.to, u), append(f.cap, 0), append(f.next, f.head[v])
	f.head[v] = len(f.to) - 1
}

// augment pushes up to want from src to sink along one shortest path of
// the residual network and returns what it pushed.
func (f *flowNet) augment(src, sink int, want float64) float64 {
	const eps = 1e-9
	f.stamp++
	f.seen[src] = f.stamp
	f.queue = append(f.queue[:0], src)
	for q := 0; q < len(f.queue); q++ {
		u := f.queue[q]
		for e := f.head[u]; e >= 0; e = f.next[e] {
			v := f.to[e]
			if f.cap[e] <= eps || f.seen[v] == f.stamp {
				continue
			}
			f.seen[v] = f.stamp
			f.prevE[v] = e
			if v == sink {
				amt := want
				for x := sink; x != src; x = f.to[f.prevE[x]^1] {
					amt = math.Min(amt, f.cap[f.prevE[x]])
				}
				for x := sink; x != src; x = f.to[f.prevE[x]^1] {
					f.cap[f.prevE[x]] -= amt
					f.cap[f.prevE[x]^1] += amt
				}
				return amt
			}
			f.queue = append(f.queue, v)
		}
	}
	return 0
}

// greedy serves jobs by increasing need, each from its node (jobNode[j])
// as much as the network still carries to sink, and returns Σ served
// fractions. A job of zero need counts when its node has an edge to some
// vehicle.
func (f *flowNet) greedy(need []float64, jobNode []int, sink int) float64 {
	const eps = 1e-9
	order := make([]int, len(need))
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(x, y int) int {
		switch {
		case need[x] < need[y]:
			return -1
		case need[x] > need[y]:
			return 1
		}
		return 0
	})
	served := 0.0
	for _, j := range order {
		src := jobNode[j]
		if need[j] <= eps {
			if f.head[src] >= 0 {
				served++
			}
			continue
		}
		got := 0.0
		for got < need[j]-eps {
			a := f.augment(src, sink, need[j]-got)
			if a <= eps {
				break
			}
			got += a
		}
		served += got / need[j]
	}
	return served
}
