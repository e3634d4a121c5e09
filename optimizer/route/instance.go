package route

import (
	"math"
	"slices"
)

// instance is the solver's dense view of a Problem: internal location 0 is
// the depot, location i (1..n) is client i-1. Arc costs are int32 to halve
// the matrix's cache footprint; sums are int64.
type instance struct {
	n        int     // number of clients
	nD       int     // capacity dimensions
	dist     []int32 // (n+1)×(n+1), row-major, rows and columns in slot order (perm)
	perm     []int32 // location → matrix slot; slot order follows a Hilbert curve over the coordinates, so that nearby clients have nearby rows and columns (cache locality of the local search)
	sdem     []int64 // (n+1)×nD demands by slot
	dem      []int64 // (n+1)×nD; row 0 (depot) is zero
	demTot   []int64 // per location, sum of dem over dimensions
	capv     []int64 // nD
	total    []int64 // total demand per dimension
	fixed    int64   // fixed cost per route
	fleet    int     // vehicle count; 0 = unlimited
	nR       int     // route slots used by split and local search
	lbRoutes int     // ceil(total demand / capacity), the largest over dimensions
	maxDist  int64
	neigh    [][]int32 // granular neighbours per location (clients only)
	polar    []int32   // polar angle per location in [0, 65536), if coords
	x, y     []float64 // coordinates, if any
	hasCoord bool
	sym      bool    // dist is symmetric
	penalty0 float64 // initial load penalty per unit of excess

	// Time windows (tw: a VRPTW, see hgsShaped). Location 0's window is the
	// depot's (the vehicle shift; [0, far] without one).
	tw         bool
	dur        []int64 // travel durations, (n+1)×(n+1) in slot order like dist
	twE, twL   []int64 // window per location; [0, far] without one
	svc        []int64 // service time per location
	twPenalty0 float64 // initial penalty per unit of time warp
}

func newInstance(p *Problem, granular int) *instance {
	n := len(p.Clients)
	D := p.dims()
	in := &instance{n: n, nD: D, fixed: p.fixedCost(), fleet: p.fleetCount()}
	locs := make([]int, n+1)
	locs[0] = p.depot()
	for i, c := range p.Clients {
		locs[i+1] = c.Location
	}
	in.perm = make([]int32, n+1)
	for i := range in.perm {
		in.perm[i] = int32(i)
	}
	if p.Coords != nil && n > 1 {
		in.perm = hilbertSlots(p, locs)
	}
	in.dist = make([]int32, (n+1)*(n+1))
	for i := 0; i <= n; i++ {
		pi := int(in.perm[i]) * (n + 1)
		for j := 0; j <= n; j++ {
			if i != j {
				d := p.arc(locs[i], locs[j])
				in.dist[pi+int(in.perm[j])] = int32(d)
				in.maxDist = max(in.maxDist, d)
			}
		}
	}
	if p.Rich() { // hgsShaped: a VRPTW
		in.initTW(p, locs)
	}
	in.sym = true
	for i := 0; i <= n && in.sym; i++ {
		for j := 0; j < i; j++ {
			if in.dist[i*(n+1)+j] != in.dist[j*(n+1)+i] {
				in.sym = false
				break
			}
		}
	}
	in.dem = make([]int64, (n+1)*D)
	in.demTot = make([]int64, n+1)
	in.total = make([]int64, D)
	var maxDem int64
	for i, c := range p.Clients {
		for d, q := range c.Demand {
			in.dem[(i+1)*D+d] = q
			in.demTot[i+1] += q
			in.total[d] += q
			maxDem = max(maxDem, q)
		}
	}
	in.capv = p.capacity()
	in.sdem = make([]int64, (n+1)*D)
	for i := 0; i <= n; i++ {
		copy(in.sdem[int(in.perm[i])*D:int(in.perm[i])*D+D], in.dem[i*D:i*D+D])
	}

	// Route slots: the fleet size when bounded; otherwise HGS's
	// ceil(1.3·LB)+3, raised to a first-fit-decreasing packing so that a
	// feasible split always exists.
	if in.fleet > 0 {
		in.nR = in.fleet
	} else {
		lb := 1.0
		for d := range D {
			if in.capv[d] > 0 {
				lb = max(lb, float64(in.total[d])/float64(in.capv[d]))
			}
		}
		in.nR = int(math.Ceil(1.3*lb)) + 3
		in.nR = max(in.nR, in.firstFit())
		in.nR = min(in.nR, n)
		if in.tw {
			in.nR = in.twRoutes()
		}
	}
	in.nR = max(in.nR, 1)
	in.lbRoutes = 1
	for d := range D {
		if in.capv[d] > 0 {
			in.lbRoutes = max(in.lbRoutes, int((in.total[d]+in.capv[d]-1)/in.capv[d]))
		}
	}
	in.lbRoutes = min(in.lbRoutes, in.nR)

	if maxDem > 0 {
		in.penalty0 = max(0.1, min(1000, float64(in.maxDist)/float64(maxDem)))
	} else {
		in.penalty0 = 1
	}

	// Granular neighbourhoods, made symmetric as in HGS-CVRP.
	sets := make([][]int32, n+1)
	order := make([]int32, 0, n)
	k := min(granular, n-1)
	key := make([]float64, n+1) // closeness to client i: distance, or Vidal's correlation with windows
	for i := 1; i <= n; i++ {
		order = order[:0]
		for j := 1; j <= n; j++ {
			if j != i {
				order = append(order, int32(j))
			}
		}
		if in.tw {
			in.twProximity(i, key)
		} else {
			row := in.dist[int(in.perm[i])*(n+1):]
			for _, j := range order {
				key[j] = float64(row[in.perm[j]])
			}
		}
		slices.SortFunc(order, func(a, b int32) int {
			if key[a] != key[b] {
				if key[a] < key[b] {
					return -1
				}
				return 1
			}
			return int(a - b)
		})
		for _, j := range order[:k] {
			sets[i] = append(sets[i], j)
			sets[j] = append(sets[j], int32(i))
		}
	}
	in.neigh = make([][]int32, n+1)
	for i := 1; i <= n; i++ {
		s := sets[i]
		slices.Sort(s)
		in.neigh[i] = slices.Compact(s)
	}

	if p.Coords != nil {
		in.hasCoord = true
		in.x = make([]float64, n+1)
		in.y = make([]float64, n+1)
		in.polar = make([]int32, n+1)
		for i := 0; i <= n; i++ {
			c := p.Coords[locs[i]]
			in.x[i], in.y[i] = c[0], c[1]
		}
		for i := 1; i <= n; i++ {
			a := 32768 * math.Atan2(in.y[i]-in.y[0], in.x[i]-in.x[0]) / math.Pi
			in.polar[i] = int32(posMod(int(a)))
		}
	}
	return in
}

// initTW fills the time-window data of a VRPTW: durations in slot order,
// windows and service times by location, and the initial time-warp penalty
// (mean arc cost over mean arc duration, as PyVRP's penalty manager
// starts).
func (in *instance) initTW(p *Problem, locs []int) {
	n := in.n
	in.tw = true
	in.dur = make([]int64, (n+1)*(n+1))
	var sumD, sumT int64
	for i := 0; i <= n; i++ {
		pi := int(in.perm[i]) * (n + 1)
		for j := 0; j <= n; j++ {
			if i != j {
				t := p.Travel(locs[i], locs[j])
				in.dur[pi+int(in.perm[j])] = t
				sumT += t
				sumD += p.arc(locs[i], locs[j])
			}
		}
	}
	in.twE = make([]int64, n+1)
	in.twL = make([]int64, n+1)
	in.svc = make([]int64, n+1)
	in.twL[0] = far
	if len(p.Vehicles) > 0 && p.Vehicles[0].Shift != (TimeWindow{}) {
		in.twE[0], in.twL[0] = p.Vehicles[0].Shift.Start, p.Vehicles[0].Shift.End
	}
	for i, c := range p.Clients {
		in.twL[i+1] = far
		if len(c.TimeWindows) > 0 {
			in.twE[i+1], in.twL[i+1] = c.TimeWindows[0].Start, c.TimeWindows[0].End
		}
		in.svc[i+1] = c.Service
	}
	in.twPenalty0 = 1
	if sumT > 0 && sumD > 0 {
		in.twPenalty0 = max(0.1, min(1000, float64(sumD)/float64(sumT)))
	}
}

// twProximity fills key[j] with the correlation of clients i and j for the
// granular neighbourhoods of a VRPTW (Vidal et al. 2013; PyVRP's
// compute_neighbours): the distance plus 0.2 times the least waiting and 1
// times the least time warp of visiting one right after the other, the
// smaller over both orders.
func (in *instance) twProximity(i int, key []float64) {
	const wWait, wWarp = 0.2, 1.0
	prox := func(a, b int) float64 {
		t := in.t(a, b)
		wait := max(in.twE[b]-t-in.svc[a]-in.twL[a], 0)
		warp := max(in.twE[a]+in.svc[a]+t-in.twL[b], 0)
		return float64(in.d(a, b)) + wWait*float64(wait) + wWarp*float64(warp)
	}
	for j := 1; j <= in.n; j++ {
		if j != i {
			key[j] = min(prox(i, j), prox(j, i))
		}
	}
}

// visit is the time-warp segment of a visit to location i (0: the depot).
func (in *instance) visit(i int) twSeg { return twVisit(in.twE[i], in.twL[i], in.svc[i]) }

// t is the travel duration from location i to location j.
func (in *instance) t(i, j int) int64 {
	return in.dur[int(in.perm[i])*(in.n+1)+int(in.perm[j])]
}

// firstFit returns the number of bins first-fit decreasing (by total
// demand) needs.
func (in *instance) firstFit() int {
	D := in.nD
	idx := make([]int, in.n)
	for i := range idx {
		idx[i] = i + 1
	}
	slices.SortFunc(idx, func(a, b int) int {
		if in.demTot[a] != in.demTot[b] {
			if in.demTot[a] > in.demTot[b] {
				return -1
			}
			return 1
		}
		return a - b
	})
	var bins []int64
	for _, c := range idx {
		placed := false
		for b := 0; b < len(bins)/D && !placed; b++ {
			ok := true
			for d := range D {
				if bins[b*D+d]+in.dem[c*D+d] > in.capv[d] {
					ok = false
					break
				}
			}
			if ok {
				for d := range D {
					bins[b*D+d] += in.dem[c*D+d]
				}
				placed = true
			}
		}
		if !placed {
			bins = append(bins, in.dem[c*D:(c+1)*D]...)
		}
	}
	return len(bins) / D
}

func (in *instance) d(i, j int) int64 {
	return int64(in.dist[int(in.perm[i])*(in.n+1)+int(in.perm[j])])
}

// hilbertSlots orders the clients along a Hilbert curve over their
// coordinates and returns each location's slot (depot: 0, clients 1..n).
func hilbertSlots(p *Problem, locs []int) []int32 {
	n := len(locs) - 1
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, l := range locs[1:] {
		c := p.Coords[l]
		minX, maxX = min(minX, c[0]), max(maxX, c[0])
		minY, maxY = min(minY, c[1]), max(maxY, c[1])
	}
	const side = 1 << 16
	span := max(maxX-minX, maxY-minY, 1e-9)
	key := make([]uint64, n+1)
	order := make([]int32, n)
	for i := 1; i <= n; i++ {
		c := p.Coords[locs[i]]
		x := uint64(min(side-1, (c[0]-minX)/span*side))
		y := uint64(min(side-1, (c[1]-minY)/span*side))
		key[i] = hilbert(side, x, y)
		order[i-1] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		if key[a] != key[b] {
			if key[a] < key[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	perm := make([]int32, n+1)
	for k, i := range order {
		perm[i] = int32(k + 1)
	}
	return perm
}

// hilbert is the index of (x, y) on the Hilbert curve filling a side×side
// grid (side a power of two).
func hilbert(side, x, y uint64) uint64 {
	var d uint64
	for s := side / 2; s > 0; s /= 2 {
		var rx, ry uint64
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 {
			if rx == 1 {
				x = side - 1 - x
				y = side - 1 - y
			}
			x, y = y, x
		}
	}
	return d
}

// excess returns the load above capacity of a load vector.
func (in *instance) excess(load []int64) int64 {
	var ex int64
	for d, l := range load {
		if l > in.capv[d] {
			ex += l - in.capv[d]
		}
	}
	return ex
}

// posMod is i modulo 65536, in [0, 65536).
func posMod(i int) int { return (i%65536 + 65536) % 65536 }

// sector is a circle sector of polar angles in [0, 65536).
type sector struct{ start, end int32 }

func (s *sector) enclosed(p int32) bool {
	return posMod(int(p-s.start)) <= posMod(int(s.end-s.start))
}

func (s *sector) extend(p int32) {
	if !s.enclosed(p) {
		if posMod(int(p-s.end)) <= posMod(int(s.start-p)) {
			s.end = p
		} else {
			s.start = p
		}
	}
}

func overlap(a, b sector) bool {
	return posMod(int(b.start-a.start)) <= posMod(int(a.end-a.start)) ||
		posMod(int(a.start-b.start)) <= posMod(int(b.end-b.start))
}
