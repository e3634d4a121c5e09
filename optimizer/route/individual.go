package route

// individual is a solution of the genetic search: a giant tour and its
// split into in.nR route slots (some empty), with its evaluation.
type individual struct {
	tour     []int32   // giant tour of client locations 1..n
	routes   [][]int32 // in.nR routes
	succ     []int32   // successor per location (0 = depot)
	pred     []int32   // predecessor per location (0 = depot)
	cost     int64     // distance + fixed costs
	excess   int64     // load excess summed over routes and dimensions
	warp     int64     // time warp summed over routes (time windows)
	nRoutes  int
	penCost  float64 // cost + penalty·excess + twPenalty·warp
	feasible bool

	// hot marks a solution built from educated routes (a SREX child, a
	// ruin-and-recreate step): its local search then starts from the
	// routes flagged dirty, the others being local optima already (dirty
	// is per route slot, read only when hot; the next load clears hot).
	hot   bool
	svc   bool // with hot: the local search follows changed nodes, not routes
	dirty []bool
	moved []bool // per client, with svc: its neighbours changed

	prox    []proxEntry // other members of the subpopulation by distance
	fitness float64     // biased fitness
}

type proxEntry struct {
	d   float64
	ind *individual
}

func newIndividual(in *instance) *individual {
	ind := &individual{
		tour:   make([]int32, in.n),
		routes: make([][]int32, in.nR),
		dirty:  make([]bool, in.nR),
		moved:  make([]bool, in.n+1),
		succ:   make([]int32, in.n+1),
		pred:   make([]int32, in.n+1),
	}
	for r := range ind.routes {
		ind.routes[r] = make([]int32, 0, 8)
	}
	return ind
}

// copyFrom makes ind a copy of o (without the proximity structure).
func (ind *individual) copyFrom(o *individual) {
	copy(ind.tour, o.tour)
	for r := range ind.routes {
		ind.routes[r] = append(ind.routes[r][:0], o.routes[r]...)
	}
	copy(ind.succ, o.succ)
	copy(ind.pred, o.pred)
	ind.cost, ind.excess, ind.warp, ind.nRoutes, ind.penCost, ind.feasible = o.cost, o.excess, o.warp, o.nRoutes, o.penCost, o.feasible
	ind.prox = ind.prox[:0]
	ind.fitness = 0
	ind.hot, ind.svc = false, false
}

// evaluate recomputes cost, excess, time warp, successors and
// predecessors; penCost weighs excess by penalty and warp by twPen.
func (ind *individual) evaluate(in *instance, penalty, twPen float64, load []int64) {
	ind.cost, ind.excess, ind.warp, ind.nRoutes = 0, 0, 0, 0
	D := in.nD
	for _, rt := range ind.routes {
		if len(rt) == 0 {
			continue
		}
		clear(load)
		prev := int32(0)
		var dist int64
		for _, c := range rt {
			dist += in.d(int(prev), int(c))
			for d := range D {
				load[d] += in.dem[int(c)*D+d]
			}
			ind.pred[c] = prev
			if prev != 0 {
				ind.succ[prev] = c
			}
			prev = c
		}
		ind.succ[prev] = 0
		dist += in.d(int(prev), 0)
		ind.cost += dist + in.fixed
		ind.excess += in.excess(load)
		ind.nRoutes++
		if in.tw {
			ind.warp += in.routeWarp(rt)
		}
	}
	ind.feasible = ind.excess == 0 && ind.warp == 0
	ind.penCost = ind.penalised(penalty, twPen)
}

// penalised is cost + penalty·excess + twPen·warp.
func (ind *individual) penalised(penalty, twPen float64) float64 {
	return float64(ind.cost) + penalty*float64(ind.excess) + twPen*float64(ind.warp)
}

// routeWarp is the time warp of a route of client locations from and back
// to the depot, within the depot's window.
func (in *instance) routeWarp(rt []int32) int64 {
	seg := in.visit(0)
	prev := 0
	for _, c := range rt {
		seg = twMerge(seg, in.t(prev, int(c)), in.visit(int(c)))
		prev = int(c)
	}
	return twMerge(seg, in.t(prev, 0), in.visit(0)).warp
}

// brokenPairs is the broken-pairs distance of Vidal's HGS: the share of
// clients whose neighbours differ between a and b.
func brokenPairs(a, b *individual) float64 {
	diff := 0
	n := len(a.succ) - 1
	for j := 1; j <= n; j++ {
		if a.succ[j] != b.succ[j] && a.succ[j] != b.pred[j] {
			diff++
		}
		if a.pred[j] == 0 && b.pred[j] != 0 && b.succ[j] != 0 {
			diff++
		}
	}
	return float64(diff) / float64(n)
}

// avgClosest is the mean distance to the k closest members.
func (ind *individual) avgClosest(k int) float64 {
	k = min(k, len(ind.prox))
	if k == 0 {
		return 0
	}
	s := 0.0
	for _, e := range ind.prox[:k] {
		s += e.d
	}
	return s / float64(k)
}

func (ind *individual) addProx(d float64, o *individual) {
	i := len(ind.prox)
	ind.prox = append(ind.prox, proxEntry{})
	for i > 0 && ind.prox[i-1].d > d {
		ind.prox[i] = ind.prox[i-1]
		i--
	}
	ind.prox[i] = proxEntry{d, o}
}

func (ind *individual) removeProx(o *individual) {
	for i, e := range ind.prox {
		if e.ind == o {
			ind.prox = append(ind.prox[:i], ind.prox[i+1:]...)
			return
		}
	}
}
