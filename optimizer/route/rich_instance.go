package route

import (
	"cmp"
	"math"
	"slices"
	"sync/atomic"
)

// far is "no bound" for times: larger than any valid time, small enough
// that sums of a few never overflow.
const far = int64(maxTime) * 8

// rinst is the rich engine's dense view of a Problem. Visits are nodes:
// clients 0..nC-1, then shipment pickups nC..nC+nS-1, then their
// deliveries nC+nS..nC+2nS-1. Jobs are clients 0..nC-1 and shipments
// nC..nC+nS-1.
type rinst struct {
	p          *Problem
	vers       atomic.Uint64 // route versions handed out by freshVer
	nLoc       int
	dist, dur  []int64 // nLoc×nLoc
	D          int
	nC, nS, nN int
	nJ         int

	loc      []int32
	service  []int64
	setup    []int64
	tws      [][]TimeWindow
	twE, twL []int64 // hull of the windows
	deliv    []int64 // nN×D: delivered here, loaded at the start
	delta    []int64 // nN×D: load change at the node after unloading deliveries (pickup − delivery; +amount at a shipment's pickup, return − amount at its delivery)
	size     []int64 // per job: total amount over dimensions (sort key)
	skill    []uint64
	partner  []int32 // the other node of a shipment; -1 for clients
	ret      []bool  // per node: a shipment's delivery with a return
	job      []int32 // node → job
	pen      []float64
	// prefT and prefC: per job, the preferred vehicle type (-1: none) and
	// the cost of serving the job on another (Problem's Prefer).
	prefT   []int32
	prefC   []float64
	anyPref bool

	types []rtype
	neigh [][]int32 // per node, nearest other nodes (by distance between locations)

	multiTW, anySetup, anyTW bool
	sym                      bool // dist and dur are symmetric
	avgArc                   float64
	lbVehicles               int // fewest routes the loads allow (0 when unknown)

	// classes groups the vehicle types that differ only by count (a fleet
	// listed vehicle by vehicle): opening a route tries one empty route per
	// class, not per type.
	classes [][]int
	// alone reports, per job, whether some vehicle type can serve it on a
	// route of its own; the others are never tried again.
	alone []bool
}

// rtype is a vehicle type.
type rtype struct {
	start, end     int32 // locations; -1 when open
	shiftS, shiftE int64
	capv           []int64
	skills         uint64
	fixed          float64
	dc, tc         float64
	maxTravel      int64
	maxDur         int64
	maxDist        int64
	maxStops       int
	count          int // 0: unlimited
	breaks         []Break
	breakOrder     []int // break indices by first window start
	exact          bool  // the O(1) filter is a relaxation: verify by simulation
}

func newRinst(p *Problem) *rinst {
	n := p.nLocations()
	in := &rinst{p: p, nLoc: n, D: p.dims(), nC: len(p.Clients), nS: len(p.Shipments)}
	in.nN = in.nC + 2*in.nS
	in.nJ = in.nC + in.nS
	in.dist, in.dur = sharedMatrices(p)
	if in.dist == nil {
		in.dist = make([]int64, n*n)
		in.dur = make([]int64, n*n)
		for i := range n {
			for j := range n {
				if i != j {
					in.dist[i*n+j] = p.arc(i, j)
					in.dur[i*n+j] = p.Travel(i, j)
				}
			}
		}
	}
	in.sym = true
	for i := 0; i < n && in.sym; i++ {
		for j := 0; j < i; j++ {
			if in.dist[i*n+j] != in.dist[j*n+i] || in.dur[i*n+j] != in.dur[j*n+i] {
				in.sym = false
				break
			}
		}
	}
	D := in.D
	nN := in.nN
	in.loc = make([]int32, nN)
	in.service = make([]int64, nN)
	in.setup = make([]int64, nN)
	in.tws = make([][]TimeWindow, nN)
	in.twE = make([]int64, nN)
	in.twL = make([]int64, nN)
	in.deliv = make([]int64, nN*D)
	in.delta = make([]int64, nN*D)
	in.skill = make([]uint64, nN)
	in.partner = make([]int32, nN)
	in.ret = make([]bool, nN)
	in.job = make([]int32, nN)
	in.size = make([]int64, in.nJ)
	in.pen = make([]float64, in.nJ)
	in.prefT = make([]int32, in.nJ)
	in.prefC = make([]float64, in.nJ)
	setPref := func(j int, pr *Prefer) {
		in.prefT[j] = -1
		if pr != nil && pr.Cost > 0 {
			in.prefT[j], in.prefC[j] = int32(pr.Vehicle), float64(pr.Cost)
			in.pen[j] += in.prefC[j] // left out, it leaves its vehicle too
			in.anyPref = true
		}
	}
	bits := skillBits(p)
	mask := func(sk []int) uint64 {
		var m uint64
		for _, s := range sk {
			m |= 1 << bits[s]
		}
		return m
	}
	setStop := func(i int, loc int, service, setup int64, tws []TimeWindow) {
		in.loc[i] = int32(loc)
		in.service[i] = service
		in.setup[i] = setup
		in.tws[i] = tws
		in.twE[i], in.twL[i] = 0, far
		if len(tws) > 0 {
			in.twE[i], in.twL[i] = tws[0].Start, tws[len(tws)-1].End
			in.anyTW = true
		}
		if len(tws) > 1 {
			in.multiTW = true
		}
		if setup > 0 {
			in.anySetup = true
		}
	}
	for i, c := range p.Clients {
		setStop(i, c.Location, c.Service, c.Setup, c.TimeWindows)
		in.partner[i] = -1
		in.job[i] = int32(i)
		in.skill[i] = mask(c.Skills)
		for d := range D {
			var pk, dl int64
			if c.Demand != nil {
				pk = c.Demand[d]
			}
			if c.Delivery != nil {
				dl = c.Delivery[d]
			}
			in.deliv[i*D+d] = dl
			in.delta[i*D+d] = pk - dl
			in.size[i] += pk + dl
		}
		in.pen[i] = float64(p.JobPenalty(JobClient, i))
		setPref(i, c.Prefer)
	}
	for s, sh := range p.Shipments {
		a, b := in.nC+s, in.nC+in.nS+s
		setStop(a, sh.Pickup.Location, sh.Pickup.Service, sh.Pickup.Setup, sh.Pickup.TimeWindows)
		setStop(b, sh.Delivery.Location, sh.Delivery.Service, sh.Delivery.Setup, sh.Delivery.TimeWindows)
		in.partner[a], in.partner[b] = int32(b), int32(a)
		in.job[a], in.job[b] = int32(in.nC+s), int32(in.nC+s)
		in.skill[a], in.skill[b] = mask(sh.Skills), mask(sh.Skills)
		for d := range D {
			var q, ret int64
			if sh.Amount != nil {
				q = sh.Amount[d]
			}
			if sh.Return != nil {
				ret = sh.Return[d]
			}
			in.delta[a*D+d] = q
			in.delta[b*D+d] = ret - q
			in.ret[b] = in.ret[b] || ret > 0
			in.size[in.nC+s] += 2*q + ret
		}
		in.pen[in.nC+s] = float64(p.JobPenalty(JobShipment, s))
		setPref(in.nC+s, sh.Prefer)
	}

	vehicles := p.Vehicles
	if len(vehicles) == 0 {
		capv := make([]int64, D)
		for d := range capv {
			capv[d] = math.MaxInt64 / 4
		}
		vehicles = []Vehicle{{Capacity: capv}}
	}
	depLoc := func(k int) int32 {
		if k == NoDepot {
			return -1
		}
		if len(p.Depots) == 0 {
			return 0
		}
		return int32(p.Depots[k])
	}
	for _, v := range vehicles {
		t := rtype{start: depLoc(v.StartDepot), end: depLoc(v.EndDepot), shiftS: v.Shift.Start, shiftE: v.Shift.End,
			capv: v.Capacity, skills: mask(v.Skills), fixed: float64(v.FixedCost), dc: v.DistanceCost, tc: v.TimeCost,
			maxTravel: v.MaxTravelTime, maxDur: v.MaxDuration, maxDist: v.MaxDistance, maxStops: v.MaxStops,
			count: v.Count, breaks: v.Breaks}
		if t.shiftE == 0 && t.shiftS == 0 {
			t.shiftE = far
		}
		if t.maxTravel == 0 {
			t.maxTravel = far
		}
		if t.maxDur == 0 {
			t.maxDur = far
		}
		if t.maxDist == 0 {
			t.maxDist = far
		}
		if t.maxStops == 0 {
			t.maxStops = math.MaxInt32
		}
		if t.dc == 0 && t.tc == 0 {
			t.dc = 1
		}
		for b := range t.breaks {
			t.breakOrder = append(t.breakOrder, b)
		}
		slices.SortStableFunc(t.breakOrder, func(a, b int) int {
			return cmp.Compare(firstStart(t.breaks[a].TimeWindows), firstStart(t.breaks[b].TimeWindows))
		})
		t.exact = in.multiTW || in.anySetup || len(t.breaks) > 0 || (t.maxDur < far && in.anyTW)
		in.types = append(in.types, t)
	}
	in.buildNeighbours()
	in.lbVehicles = in.loadBound()
	in.buildClasses()
	in.alone = make([]bool, in.nJ)
	sim := newSimulator(in)
	var seq []int32
	for j := range in.nJ {
		a, b := in.jobNodes(j)
		seq = append(seq[:0], a)
		if b >= 0 {
			seq = append(seq, b)
		}
		for _, cl := range in.classes {
			if in.compatible(&in.types[cl[0]], a) && sim.feasible(cl[0], seq) {
				in.alone[j] = true
				break
			}
		}
	}
	return in
}

// buildClasses groups identical vehicle types (all but the count).
func (in *rinst) buildClasses() {
	same := func(a, b *rtype) bool {
		return a.start == b.start && a.end == b.end && a.shiftS == b.shiftS && a.shiftE == b.shiftE &&
			slices.Equal(a.capv, b.capv) && a.skills == b.skills && a.fixed == b.fixed && a.dc == b.dc && a.tc == b.tc &&
			a.maxTravel == b.maxTravel && a.maxDur == b.maxDur && a.maxDist == b.maxDist && a.maxStops == b.maxStops &&
			slices.EqualFunc(a.breaks, b.breaks, func(x, y Break) bool {
				return x.Duration == y.Duration && slices.Equal(x.TimeWindows, y.TimeWindows)
			})
	}
	for ti := range in.types {
		found := false
		for k, cl := range in.classes {
			if same(&in.types[cl[0]], &in.types[ti]) {
				in.classes[k] = append(cl, ti)
				found = true
				break
			}
		}
		if !found {
			in.classes = append(in.classes, []int{ti})
		}
	}
}

// sharedMatrices returns p's own Dist and Dur (Dur: Dist when nil) when
// their diagonals are zero, for the engine to read without a copy (two
// int64 matrices of 2,000 locations are 64 MB); nil otherwise.
func sharedMatrices(p *Problem) (dist, dur []int64) {
	if p.Dist == nil {
		return nil, nil
	}
	dur = p.Dur
	if dur == nil {
		dur = p.Dist
	}
	for i := range p.N {
		if p.Dist[i*p.N+i] != 0 || dur[i*p.N+i] != 0 {
			return nil, nil
		}
	}
	return p.Dist, dur
}

// loadBound is ceil(total load / capacity), the largest over dimensions,
// when every vehicle type has the same capacity and there are no shipments
// (a vehicle can carry shipments one after another); otherwise 0.
func (in *rinst) loadBound() int {
	if in.nS > 0 {
		return 0
	}
	for _, t := range in.types[1:] {
		if !slices.Equal(t.capv, in.types[0].capv) {
			return 0
		}
	}
	lb := 0
	D := in.D
	for d := range D {
		var pick, deliv int64
		for i := range in.nC {
			pick += in.delta[i*D+d] + in.deliv[i*D+d]
			deliv += in.deliv[i*D+d]
		}
		if c := in.types[0].capv[d]; c > 0 {
			lb = max(lb, int((max(pick, deliv)+c-1)/c))
		}
	}
	return lb
}

// skillBits maps each skill value used in p to a bit in [0, 64).
func skillBits(p *Problem) map[int]uint {
	bits := map[int]uint{}
	add := func(sk []int) {
		for _, s := range sk {
			if _, ok := bits[s]; !ok {
				bits[s] = uint(len(bits))
			}
		}
	}
	for _, v := range p.Vehicles {
		add(v.Skills)
	}
	for _, c := range p.Clients {
		add(c.Skills)
	}
	for _, s := range p.Shipments {
		add(s.Skills)
	}
	return bits
}

// buildNeighbours lists for each node the nearest other nodes (at most
// 100), the adjacency the ruin step walks, and the mean arc length.
func (in *rinst) buildNeighbours() {
	nN := in.nN
	k := min(nN-1, 100)
	in.neigh = make([][]int32, nN)
	order := make([]int32, 0, nN)
	var sum float64
	var cnt int
	for i := range nN {
		order = order[:0]
		for j := range nN {
			if j != i {
				order = append(order, int32(j))
			}
		}
		li := int(in.loc[i]) * in.nLoc
		slices.SortFunc(order, func(a, b int32) int {
			da, db := in.dist[li+int(in.loc[a])], in.dist[li+int(in.loc[b])]
			if da != db {
				if da < db {
					return -1
				}
				return 1
			}
			return int(a - b)
		})
		in.neigh[i] = slices.Clone(order[:k])
		for _, j := range order {
			sum += float64(in.dist[li+int(in.loc[j])])
			cnt++
		}
	}
	if cnt > 0 {
		in.avgArc = sum / float64(cnt)
	}
	if in.avgArc == 0 {
		in.avgArc = 1
	}
}

func (in *rinst) tt(a, b int32) int64 {
	if a < 0 || b < 0 {
		return 0
	}
	return in.dur[int(a)*in.nLoc+int(b)]
}

func (in *rinst) dd(a, b int32) int64 {
	if a < 0 || b < 0 {
		return 0
	}
	return in.dist[int(a)*in.nLoc+int(b)]
}

// arcCost is the cost of the arc a→b for vehicle type t.
func (in *rinst) arcCost(t *rtype, a, b int32) float64 {
	if a < 0 || b < 0 {
		return 0
	}
	k := int(a)*in.nLoc + int(b)
	return t.dc*float64(in.dist[k]) + t.tc*float64(in.dur[k])
}

// moveCost is what serving job j on vehicle type t adds for leaving its
// preferred type (0 without one, or on it).
func (in *rinst) moveCost(j, t int) float64 {
	if pt := in.prefT[j]; pt >= 0 && int(pt) != t {
		return in.prefC[j]
	}
	return 0
}

// compatible reports whether vehicle type t has the skills node i needs.
func (in *rinst) compatible(t *rtype, i int32) bool {
	return in.skill[i]&^t.skills == 0
}

// freshVer numbers a route content built outside a search (an initial
// solution, a fleet exported by the route minimisation), apart from the
// searches' own numbers (sisr.ver).
func (in *rinst) freshVer() uint64 { return 1<<63 | in.vers.Add(1) }
