package route

import (
	"math"
	"math/rand/v2"
	"slices"
)

// localSearch is the education operator of HGS: a granular local search
// over relocate (1 or 2 clients, also reversed), swap (1-1, 2-1, 2-2),
// 2-opt, 2-opt* and SWAP*, after Vidal (2022). Route state lives in
// parallel slices indexed by node: clients are nodes 1..n (node = location),
// route r starts at node n+1+r and ends at node n+1+nR+r. No allocation
// happens after construction.
type localSearch struct {
	in   *instance
	dist []int32 // in.dist, indexed by slot (in.perm)
	dem  []int64 // in.sdem, demands by slot
	w    int     // row length of dist
	rng  *rand.Rand
	n    int
	nR   int
	nD   int

	// per node
	next, prev, route, pos []int32
	loc                    []int32 // location (0 for depots)
	cumLoad                []int64 // node × nD
	cumRev                 []int64 // extra cost of reversing the prefix up to the node
	deltaRemoval           []int64
	dNext                  []int64   // arc cost from the node to its successor
	scrNode, scrLoc        []int32   // SWAP* scratch: a route's nodes, their slots,
	scrNext                []int32   // their successors' slots
	scrDN                  []int64   // and arc costs to them
	swNode                 []int32   // SWAP* scratch: the clients of a route,
	swDem                  []int64   // their demands (one dimension)
	swDR                   []float64 // and removal gains
	lastTestedRI           []int

	// per route
	rLoad          []int64 // route × nD
	rDist          []int64
	rRev           []int64
	rPen           []float64
	rNb            []int
	rMod           []int
	rLastSwapStar  []int
	rSector        []sector
	rAngle         []float64
	empty          []bool
	bestIns        []threeBest // route × (n+1)
	orderNodes     []int32
	orderRoutes    []int32
	neigh          [][]int32 // private copy: shuffled in place
	bufA, bufB     []int32
	polarOrder     []int32
	penalty        float64
	nbMoves        int
	searchComplete bool
	eagerSwapStar  bool // SWAP* after every RI pass (HGS-CVRP) instead of at RI optima
	// hot: the run started from routes of which only some are dirty
	// (individual.hot); pairs of clean routes are not tested until one
	// of them changes.
	hot bool
	// svc (with hot, for the ruin-and-recreate steps): pairs are tested
	// when a node of theirs changed neighbours since, not a route (the
	// selective vertex caching of FILO); nMod stamps the change per node,
	// oNext and oPrev remember the links it was stamped for. SWAP* then
	// pairs only routes both changed in this run (measured on the X set:
	// two to three times the steps, a lower gap).
	svc          bool
	loadStamp    int // nbMoves when the run started: SWAP* pairs then need both routes changed since
	nMod         []int
	oNext, oPrev []int32
	// active (with svc) marks the clients that may have a pair to test:
	// stamped in nMod, or a neighbour of one stamped, since the client
	// was last tested. A pass skips the others without looking at their
	// neighbours — the same pairs as testing each, at a fraction of the
	// cost on large instances.
	active []bool
	nEmpty int // empty routes
	loopID int

	// move variables, as in HGS-CVRP
	u, x, v, y        int
	uLoc, xLoc, xnLoc int
	upLoc             int
	vLoc, yLoc, ynLoc int
	vpLoc             int
	ru, rv            int
	intra             bool

	// Arc costs of the current pair, looked up once per (u, v) in setU and
	// setV and shared by the moves: route arcs come from dNext (node-indexed,
	// in cache), cross arcs from the matrix — for a symmetric matrix read
	// from the rows of u's side (up, u, x, xn), which stay in cache while the
	// neighbours of u are scanned.
	cUpU, cUX, cXXn, cXU, cUpX, cUpXn int64
	cVpV, cVY, cYYn                   int64
	cUV, cVU, cUY, cXY, cVX           int64
	cUpV, cVpU, cVXn, cYXn, cXYn      int64

	// Time windows (in.tw): the visit segment of each node (depot nodes:
	// the depot's window), the prefix (start … node) and suffix (node …
	// end) segments of its route, each route's time-warp penalty (also
	// part of rPen), and the state of a walk over a modified route.
	tw         bool
	twPenalty  float64
	dur        []int64 // in.dur, indexed by slot
	vseg       []twSeg
	fwd, bwd   []twSeg
	rpre, rsuf []twSeg // reversed: node … first client, last client … node
	rTwPen     []float64
	twSwap     bool // SWAP* with time windows (its candidates evaluated exactly)
	wSeg       twSeg
	wLoc       int
}

// threeBest keeps the three cheapest insertion positions of a client in a
// route (SWAP* preprocessing).
type threeBest struct {
	when int
	cost [3]int64
	at   [3]int32 // node after which to insert; -1 none
}

func (t *threeBest) reset() {
	t.cost = [3]int64{math.MaxInt64, math.MaxInt64, math.MaxInt64}
	t.at = [3]int32{-1, -1, -1}
}

func (t *threeBest) add(c int64, at int32) {
	switch {
	case c >= t.cost[2]:
	case c >= t.cost[1]:
		t.cost[2], t.at[2] = c, at
	case c >= t.cost[0]:
		t.cost[2], t.at[2] = t.cost[1], t.at[1]
		t.cost[1], t.at[1] = c, at
	default:
		t.cost[2], t.at[2] = t.cost[1], t.at[1]
		t.cost[1], t.at[1] = t.cost[0], t.at[0]
		t.cost[0], t.at[0] = c, at
	}
}

func newLocalSearch(in *instance, rng *rand.Rand) *localSearch {
	n, nR, D := in.n, in.nR, in.nD
	nn := n + 1 + 2*nR
	ls := &localSearch{in: in, dist: in.dist, dem: in.sdem, w: n + 1, rng: rng, n: n, nR: nR, nD: D,
		next: make([]int32, nn), prev: make([]int32, nn), route: make([]int32, nn), pos: make([]int32, nn),
		loc: make([]int32, nn), cumLoad: make([]int64, nn*D), cumRev: make([]int64, nn),
		deltaRemoval: make([]int64, nn), dNext: make([]int64, nn),
		scrNode: make([]int32, 0, n), scrLoc: make([]int32, 0, n), scrNext: make([]int32, 0, n), scrDN: make([]int64, 0, n),
		swNode: make([]int32, 0, n), swDem: make([]int64, 0, n), swDR: make([]float64, 0, n), lastTestedRI: make([]int, nn),
		nMod: make([]int, nn), oNext: make([]int32, nn), oPrev: make([]int32, nn), active: make([]bool, nn),
		rLoad: make([]int64, nR*D), rDist: make([]int64, nR), rRev: make([]int64, nR), rPen: make([]float64, nR),
		rNb: make([]int, nR), rMod: make([]int, nR), rLastSwapStar: make([]int, nR), rSector: make([]sector, nR),
		rAngle: make([]float64, nR), empty: make([]bool, nR), bestIns: make([]threeBest, nR*(n+1)),
		orderNodes: make([]int32, n), orderRoutes: make([]int32, nR), neigh: make([][]int32, n+1),
		bufA: make([]int32, 0, n), bufB: make([]int32, 0, n), polarOrder: make([]int32, nR),
	}
	for i := 1; i <= n; i++ {
		ls.loc[i] = in.perm[i]
		ls.orderNodes[i-1] = int32(i)
		ls.neigh[i] = slices.Clone(in.neigh[i])
	}
	for r := range nR {
		ls.orderRoutes[r] = int32(r)
		ls.route[ls.start(r)] = int32(r)
		ls.route[ls.end(r)] = int32(r)
	}
	for i := range ls.bestIns {
		ls.bestIns[i].when = -1
	}
	if in.tw {
		ls.tw = true
		ls.twSwap = false // measured: no gain on Solomon at 10 s (see doc.go); tests turn it on
		ls.dur = in.dur
		ls.vseg = make([]twSeg, nn)
		ls.fwd = make([]twSeg, nn)
		ls.bwd = make([]twSeg, nn)
		ls.rpre = make([]twSeg, nn)
		ls.rsuf = make([]twSeg, nn)
		ls.rTwPen = make([]float64, nR)
		for a := range nn {
			if a >= 1 && a <= n {
				ls.vseg[a] = in.visit(a)
			} else {
				ls.vseg[a] = in.visit(0)
			}
		}
	}
	return ls
}

func (ls *localSearch) start(r int) int    { return ls.n + 1 + r }
func (ls *localSearch) end(r int) int      { return ls.n + 1 + ls.nR + r }
func (ls *localSearch) isDepot(a int) bool { return a > ls.n }
func (ls *localSearch) d(a, b int) int64 {
	return int64(ls.dist[a*ls.w+b])
}

// penLoad is the load penalty of route r after adding the demands at
// locations a and b and removing those at c and e (0: nothing).
func (ls *localSearch) penLoad(r, a, b, c, e int) float64 {
	D := ls.nD
	dem := ls.dem
	var ex int64
	for k := range D {
		l := ls.rLoad[r*D+k] + dem[a*D+k] + dem[b*D+k] - dem[c*D+k] - dem[e*D+k]
		if l > ls.in.capv[k] {
			ex += l - ls.in.capv[k]
		}
	}
	return ls.penalty * float64(ex)
}

// penCum is the load penalty of the prefix up to node a joined with the
// prefix up to node b (sign +1), or of the rest of routes ra and rb after
// removing those prefixes (sign -1) — the loads of 2-opt* routes.
func (ls *localSearch) penPrefixes(a, b int) float64 {
	D := ls.nD
	var ex int64
	for k := range D {
		l := ls.cumLoad[a*D+k] + ls.cumLoad[b*D+k]
		if l > ls.in.capv[k] {
			ex += l - ls.in.capv[k]
		}
	}
	return ls.penalty * float64(ex)
}

func (ls *localSearch) penSuffixes(a, b int) float64 {
	D := ls.nD
	ra, rb := int(ls.route[a]), int(ls.route[b])
	var ex int64
	for k := range D {
		l := ls.rLoad[ra*D+k] - ls.cumLoad[a*D+k] + ls.rLoad[rb*D+k] - ls.cumLoad[b*D+k]
		if l > ls.in.capv[k] {
			ex += l - ls.in.capv[k]
		}
	}
	return ls.penalty * float64(ex)
}

// penMixed is the load penalty of prefix a (route of a) followed by the
// suffix after b (route of b).
func (ls *localSearch) penMixed(a, b int) float64 {
	D := ls.nD
	rb := int(ls.route[b])
	var ex int64
	for k := range D {
		l := ls.cumLoad[a*D+k] + ls.rLoad[rb*D+k] - ls.cumLoad[b*D+k]
		if l > ls.in.capv[k] {
			ex += l - ls.in.capv[k]
		}
	}
	return ls.penalty * float64(ex)
}

// fixedDelta is the change of fixed costs when two routes go from
// (a0, b0) clients to (a1, b1).
func (ls *localSearch) fixedDelta(a0, b0, a1, b1 int) int64 {
	f := ls.in.fixed
	if f == 0 {
		return 0
	}
	used := func(k int) int64 {
		if k > 0 {
			return 1
		}
		return 0
	}
	return f * (used(a1) + used(b1) - used(a0) - used(b0))
}

// load copies ind into the route structures.
func (ls *localSearch) load(ind *individual) {
	// Every stamp of the previous run is now stale: below nbMoves-1, the
	// stamp a hot start gives its clean routes.
	ls.nbMoves += 2
	ls.hot = ind.hot
	old := -1
	if ls.hot {
		old = ls.nbMoves - 1
	}
	for r := range ls.nR {
		s, e := ls.start(r), ls.end(r)
		ls.prev[s] = int32(e)
		ls.next[e] = int32(s)
		last := s
		for _, c := range ind.routes[r] {
			ls.next[last] = c
			ls.prev[c] = int32(last)
			ls.route[c] = int32(r)
			last = int(c)
		}
		ls.next[last] = int32(e)
		ls.prev[e] = int32(last)
		ls.updateRoute(r)
		if ls.hot && !ind.dirty[r] {
			ls.rMod[r] = old
		}
		ls.rLastSwapStar[r] = old
	}
	for i := 1; i <= ls.n; i++ {
		ls.lastTestedRI[i] = old
	}
	ls.svc = ls.hot && ind.svc
	ls.loadStamp = ls.nbMoves
	if ls.svc {
		copy(ls.oNext, ls.next)
		copy(ls.oPrev, ls.prev)
		for r := range ls.nR {
			for a := int(ls.next[ls.start(r)]); !ls.isDepot(a); a = int(ls.next[a]) {
				ls.nMod[a] = old
				ls.active[a] = false
			}
		}
		for r := range ls.nR {
			if !ind.dirty[r] {
				continue
			}
			for a := int(ls.next[ls.start(r)]); !ls.isDepot(a); a = int(ls.next[a]) {
				if ind.moved[a] {
					ls.stamp(a)
				}
			}
		}
	}
	ind.hot, ind.svc = false, false
}

// svcSkip lets passRI skip inactive clients (tests turn it off to check
// that skipping changes nothing).
var svcSkip = true

// stamp records that client a changed neighbours now (svc) and activates
// it and its neighbours.
func (ls *localSearch) stamp(a int) {
	ls.nMod[a] = ls.nbMoves
	ls.active[a] = true
	for _, v := range ls.neigh[a] {
		ls.active[v] = true
	}
}

// updateRoute recomputes the cumulative data of route r.
func (ls *localSearch) updateRoute(r int) {
	D := ls.nD
	dem := ls.dem
	node := ls.start(r)
	ls.pos[node] = 0
	for k := range D {
		ls.cumLoad[node*D+k] = 0
	}
	ls.cumRev[node] = 0
	var dist, rev int64
	var sx, sy float64
	place := 0
	first := true
	for {
		p := node
		node = int(ls.next[node])
		place++
		ls.pos[node] = int32(place)
		l, pl := int(ls.loc[node]), int(ls.loc[p])
		for k := range D {
			ls.cumLoad[node*D+k] = ls.cumLoad[p*D+k] + dem[l*D+k]
		}
		dpl := ls.d(pl, l)
		ls.dNext[p] = dpl
		dist += dpl
		rev += ls.d(l, pl) - dpl
		ls.cumRev[node] = rev
		if ls.isDepot(node) {
			ls.dNext[node] = 0 // end → start: depot to depot
			break
		}
		if ls.svc && (ls.next[node] != ls.oNext[node] || ls.prev[node] != ls.oPrev[node]) {
			ls.stamp(node)
			ls.oNext[node], ls.oPrev[node] = ls.next[node], ls.prev[node]
		}
		if ls.in.hasCoord {
			sx += ls.in.x[node] // clients: node = location
			sy += ls.in.y[node]
			if first {
				ls.rSector[r] = sector{ls.in.polar[node], ls.in.polar[node]}
			} else {
				ls.rSector[r].extend(ls.in.polar[node])
			}
		}
		first = false
	}
	var ex int64
	for k := range D {
		ls.rLoad[r*D+k] = ls.cumLoad[node*D+k]
		if c := ls.rLoad[r*D+k]; c > ls.in.capv[k] {
			ex += c - ls.in.capv[k]
		}
	}
	ls.rDist[r] = dist
	ls.rRev[r] = rev
	ls.rPen[r] = ls.penalty * float64(ex)
	if ls.tw {
		ls.updateTW(r)
		ls.rPen[r] += ls.rTwPen[r]
	}
	ls.rNb[r] = place - 1
	ls.rMod[r] = ls.nbMoves
	if ls.empty[r] {
		ls.nEmpty--
	}
	if ls.rNb[r] == 0 {
		ls.rAngle[r] = 1e30
		ls.empty[r] = true
		ls.nEmpty++
	} else {
		ls.empty[r] = false
		if ls.in.hasCoord {
			nb := float64(ls.rNb[r])
			ls.rAngle[r] = math.Atan2(sy/nb-ls.in.y[0], sx/nb-ls.in.x[0])
		} else {
			ls.rAngle[r] = float64(r)
		}
	}
}

// run educates ind with load penalty pen and time-warp penalty twPen
// (time windows only).
func (ls *localSearch) run(ind *individual, pen, twPen float64) {
	ls.penalty = pen
	ls.twPenalty = twPen
	ls.load(ind)
	ls.rng.Shuffle(len(ls.orderNodes), func(i, j int) { ls.orderNodes[i], ls.orderNodes[j] = ls.orderNodes[j], ls.orderNodes[i] })
	ls.rng.Shuffle(len(ls.orderRoutes), func(i, j int) { ls.orderRoutes[i], ls.orderRoutes[j] = ls.orderRoutes[j], ls.orderRoutes[i] })
	g := max(len(ls.in.neigh[1]), 1)
	for i := 1; i <= ls.n; i++ {
		if ls.rng.IntN(g) == 0 {
			nb := ls.neigh[i]
			ls.rng.Shuffle(len(nb), func(a, b int) { nb[a], nb[b] = nb[b], nb[a] })
		}
	}
	ls.search()
	ls.export(ind)
}

// search runs the granular moves (RI) pass after pass until a pass finds
// no improvement, then a SWAP* pass over the pairs of routes with
// overlapping sectors changed since they were last tested; it repeats
// while SWAP* improves. Running SWAP* only at RI local optima (as PyVRP
// separates node and route operators) keeps its cost from growing with
// the number of RI passes; with eagerSwapStar, SWAP* follows every RI pass
// as in HGS-CVRP.
func (ls *localSearch) search() {
	ls.loopID = 0
	first := true
	if ls.hot { // no pass over every pair: the stamps select the dirty ones
		ls.loopID = 1
		first = false
	}
	for {
		ls.searchComplete = false
		for ; !ls.searchComplete; ls.loopID++ {
			if ls.loopID > 1 {
				ls.searchComplete = true
			}
			ls.passRI()
			if ls.eagerSwapStar {
				ls.passSwapStar(first)
				first = false
			}
		}
		if ls.eagerSwapStar || !ls.passSwapStar(first) {
			return
		}
		first = false
	}
}

// passSwapStar tries SWAP* on every pair of overlapping routes changed
// since last tested (all pairs when all is set) and reports an improvement.
func (ls *localSearch) passSwapStar(all bool) bool {
	if ls.tw && !ls.twSwap {
		return false
	}
	improved := false
	for _, ru := range ls.orderRoutes {
		lastTest := ls.rLastSwapStar[ru]
		ls.rLastSwapStar[ru] = ls.nbMoves
		for _, rv := range ls.orderRoutes {
			if ls.rNb[ru] > 0 && ls.rNb[rv] > 0 && ru < rv &&
				(all || max(ls.rMod[ru], ls.rMod[rv]) > lastTest) &&
				(!ls.svc || min(ls.rMod[ru], ls.rMod[rv]) >= ls.loadStamp) &&
				(!ls.in.hasCoord || overlap(ls.rSector[ru], ls.rSector[rv])) {
				if ls.swapStar(int(ru), int(rv)) {
					improved = true
				}
			}
		}
	}
	return improved
}

// passRI is one pass of the granular moves over all clients.
func (ls *localSearch) passRI() {
	for _, un := range ls.orderNodes {
		ls.u = int(un)
		lastTest := ls.lastTestedRI[ls.u]
		ls.lastTestedRI[ls.u] = ls.nbMoves
		uSet := false // u's variables are valid until a move is applied
		nb := ls.neigh[ls.u]
		if ls.svc {
			if !ls.active[ls.u] && svcSkip {
				nb = nil // no pair of u passes the stamp test below
			}
			ls.active[ls.u] = false
		}
		for _, vn := range nb {
			ls.v = int(vn)
			var mod int
			if ls.svc {
				mod = max(ls.nMod[ls.u], ls.nMod[ls.v])
			} else {
				mod = max(ls.rMod[ls.route[ls.u]], ls.rMod[ls.route[ls.v]])
			}
			if ls.loopID == 0 || mod > lastTest {
				if !uSet {
					ls.setU()
					uSet = true
				}
				ls.setV()
				if ls.move1() || ls.move2() || ls.move3() ||
					(ls.u <= ls.v && ls.move4()) || ls.move5() || (ls.u <= ls.v && ls.move6()) ||
					(ls.intra && ls.move7()) || (!ls.intra && (ls.move8() || ls.move9())) {
					uSet = false
					continue
				}
				// Insert u directly after the depot.
				if p := int(ls.prev[ls.v]); ls.isDepot(p) {
					ls.v = p
					ls.setV()
					if ls.move1() || ls.move2() || ls.move3() || (!ls.intra && (ls.move8() || ls.move9())) {
						uSet = false
						continue
					}
				}
			}
		}
		// Moves into an empty route, from the second pass on.
		if ls.loopID > 0 {
			if r := ls.firstEmpty(); r >= 0 {
				ls.v = ls.start(r)
				ls.setU()
				ls.setV()
				if ls.move1() || ls.move2() || ls.move3() || ls.move9() {
					continue
				}
			}
		}
	}
}

func (ls *localSearch) firstEmpty() int {
	if ls.nEmpty == 0 {
		return -1
	}
	for r, e := range ls.empty {
		if e {
			return r
		}
	}
	return -1
}

func (ls *localSearch) setU() {
	ls.ru = int(ls.route[ls.u])
	ls.x = int(ls.next[ls.u])
	ls.xnLoc = int(ls.loc[ls.next[ls.x]])
	up := ls.prev[ls.u]
	ls.upLoc = int(ls.loc[up])
	ls.uLoc = int(ls.loc[ls.u])
	ls.xLoc = int(ls.loc[ls.x])
	ls.cUpU = ls.dNext[up]
	ls.cUX = ls.dNext[ls.u]
	ls.cXXn = ls.dNext[ls.x]
	ls.cXU = ls.d(ls.xLoc, ls.uLoc)
	ls.cUpX = ls.d(ls.upLoc, ls.xLoc)
	ls.cUpXn = ls.d(ls.upLoc, ls.xnLoc)
}

func (ls *localSearch) setV() {
	ls.rv = int(ls.route[ls.v])
	ls.y = int(ls.next[ls.v])
	ls.ynLoc = int(ls.loc[ls.next[ls.y]])
	vp := ls.prev[ls.v]
	ls.vpLoc = int(ls.loc[vp])
	ls.vLoc = int(ls.loc[ls.v])
	ls.yLoc = int(ls.loc[ls.y])
	ls.intra = ls.ru == ls.rv
	ls.cVpV = ls.dNext[vp]
	ls.cVY = ls.dNext[ls.v]
	ls.cYYn = ls.dNext[ls.y]
	w, dist := ls.w, ls.dist
	ru := dist[ls.uLoc*w : ls.uLoc*w+w]
	rx := dist[ls.xLoc*w : ls.xLoc*w+w]
	rup := dist[ls.upLoc*w : ls.upLoc*w+w]
	v, y, vp2, yn := ls.vLoc, ls.yLoc, ls.vpLoc, ls.ynLoc
	ls.cUV = int64(ru[v])
	ls.cUY = int64(ru[y])
	ls.cXY = int64(rx[y])
	ls.cUpV = int64(rup[v])
	ls.cXYn = int64(rx[yn])
	if ls.in.sym {
		rxn := dist[ls.xnLoc*w : ls.xnLoc*w+w]
		ls.cVU = ls.cUV
		ls.cVX = int64(rx[v])
		ls.cVpU = int64(ru[vp2])
		ls.cVXn = int64(rxn[v])
		ls.cYXn = int64(rxn[y])
	} else {
		ls.cVU = ls.d(v, ls.uLoc)
		ls.cVX = ls.d(v, ls.xLoc)
		ls.cVpU = ls.d(vp2, ls.uLoc)
		ls.cVXn = ls.d(v, ls.xnLoc)
		ls.cYXn = ls.d(y, ls.xnLoc)
	}
}

// appliedHook, set by tests only, sees every applied move with the
// penalised cost of all routes before it.
var appliedHook func(ls *localSearch, before float64)

func (ls *localSearch) applied(r1, r2 int) {
	if appliedHook != nil {
		defer appliedHook(ls, ls.penalisedTotal())
	}
	ls.nbMoves++
	ls.searchComplete = false
	ls.updateRoute(r1)
	if r2 != r1 {
		ls.updateRoute(r2)
	}
}

// penalisedTotal is the distance plus penalties over all routes.
func (ls *localSearch) penalisedTotal() float64 {
	c := 0.0
	for r := range ls.nR {
		c += float64(ls.rDist[r]) + ls.rPen[r]
	}
	return c
}

// insertNode moves node a to just after node b.
func (ls *localSearch) insertNode(a, b int) {
	ls.next[ls.prev[a]] = ls.next[a]
	ls.prev[ls.next[a]] = ls.prev[a]
	ls.prev[ls.next[b]] = int32(a)
	ls.prev[a] = int32(b)
	ls.next[a] = ls.next[b]
	ls.next[b] = int32(a)
	ls.route[a] = ls.route[b]
}

// swapNode exchanges nodes a and b.
func (ls *localSearch) swapNode(a, b int) {
	vp, vn, up, un := ls.prev[b], ls.next[b], ls.prev[a], ls.next[a]
	ra, rb := ls.route[a], ls.route[b]
	ls.next[up] = int32(b)
	ls.prev[un] = int32(b)
	ls.next[vp] = int32(a)
	ls.prev[vn] = int32(a)
	ls.prev[a], ls.next[a] = vp, vn
	ls.prev[b], ls.next[b] = up, un
	ls.route[a], ls.route[b] = rb, ra
}

// interCost adds the penalties of an inter-route move to its distance
// deltas and reports whether it improves. addU/subU etc. are locations
// whose demand enters or leaves each route.
// With time windows it adds the time-warp penalties of the two new routes
// of move mv (1..6), evaluated from the cached segments.
func (ls *localSearch) inter(du, dv int64, uA, uB, uC, uE, vA, vB, vC, vE int, fixed int64, mv int) bool {
	cu := float64(du)
	cv := float64(dv) + float64(fixed)
	if cu+cv >= ls.rPen[ls.ru]+ls.rPen[ls.rv] {
		return false
	}
	cu += ls.penLoad(ls.ru, uA, uB, uC, uE) - ls.rPen[ls.ru]
	cv += ls.penLoad(ls.rv, vA, vB, vC, vE) - ls.rPen[ls.rv]
	if ls.tw && cu+cv <= -epsilon {
		wu, wv := ls.twInter(mv)
		cu += ls.twPenalty * float64(wu+wv)
	}
	return cu+cv <= -epsilon
}

// move1 relocates u after v.
func (ls *localSearch) move1() bool {
	du := ls.cUpX - ls.cUpU - ls.cUX
	dv := ls.cVU + ls.cUY - ls.cVY
	if !ls.intra {
		f := ls.fixedDelta(ls.rNb[ls.ru], ls.rNb[ls.rv], ls.rNb[ls.ru]-1, ls.rNb[ls.rv]+1)
		if !ls.inter(du, dv, 0, 0, ls.uLoc, 0, ls.uLoc, 0, 0, 0, f, 1) {
			return false
		}
	} else if ls.tw {
		if ls.u == ls.y || !ls.intraTW(du+dv, 1) {
			return false
		}
	} else if du+dv >= 0 {
		return false
	}
	if ls.u == ls.y {
		return false
	}
	ls.insertNode(ls.u, ls.v)
	ls.applied(ls.ru, ls.rv)
	return true
}

// move2 relocates (u, x) after v.
func (ls *localSearch) move2() bool {
	if ls.u == ls.y || ls.v == ls.x || ls.isDepot(ls.x) {
		return false
	}
	du := ls.cUpXn - ls.cUpU - ls.cXXn
	dv := ls.cVU + ls.cXY - ls.cVY
	if !ls.intra {
		f := ls.fixedDelta(ls.rNb[ls.ru], ls.rNb[ls.rv], ls.rNb[ls.ru]-2, ls.rNb[ls.rv]+2)
		if !ls.inter(du, dv, 0, 0, ls.uLoc, ls.xLoc, ls.uLoc, ls.xLoc, 0, 0, f, 2) {
			return false
		}
	} else if ls.tw {
		if !ls.intraTW(du+dv, 2) {
			return false
		}
	} else if du+dv >= 0 {
		return false
	}
	ls.insertNode(ls.u, ls.v)
	ls.insertNode(ls.x, ls.u)
	ls.applied(ls.ru, ls.rv)
	return true
}

// move3 relocates (u, x) after v as (x, u).
func (ls *localSearch) move3() bool {
	if ls.u == ls.y || ls.x == ls.v || ls.isDepot(ls.x) {
		return false
	}
	du := ls.cUpXn - ls.cUpU - ls.cUX - ls.cXXn
	dv := ls.cVX + ls.cXU + ls.cUY - ls.cVY
	if !ls.intra {
		f := ls.fixedDelta(ls.rNb[ls.ru], ls.rNb[ls.rv], ls.rNb[ls.ru]-2, ls.rNb[ls.rv]+2)
		if !ls.inter(du, dv, 0, 0, ls.uLoc, ls.xLoc, ls.uLoc, ls.xLoc, 0, 0, f, 3) {
			return false
		}
	} else if ls.tw {
		if !ls.intraTW(du+dv, 3) {
			return false
		}
	} else if du+dv >= 0 {
		return false
	}
	ls.insertNode(ls.x, ls.v)
	ls.insertNode(ls.u, ls.x)
	ls.applied(ls.ru, ls.rv)
	return true
}

// move4 swaps u and v.
func (ls *localSearch) move4() bool {
	if ls.isDepot(ls.v) || ls.uLoc == ls.vpLoc || ls.u == ls.y {
		return false
	}
	du := ls.cUpV + ls.cVX - ls.cUpU - ls.cUX
	dv := ls.cVpU + ls.cUY - ls.cVpV - ls.cVY
	if !ls.intra {
		if !ls.inter(du, dv, ls.vLoc, 0, ls.uLoc, 0, ls.uLoc, 0, ls.vLoc, 0, 0, 4) {
			return false
		}
	} else if ls.tw {
		if !ls.intraTW(du+dv, 4) {
			return false
		}
	} else if du+dv >= 0 {
		return false
	}
	ls.swapNode(ls.u, ls.v)
	ls.applied(ls.ru, ls.rv)
	return true
}

// move5 swaps (u, x) and v.
func (ls *localSearch) move5() bool {
	if ls.isDepot(ls.v) || ls.u == int(ls.prev[ls.v]) || ls.x == int(ls.prev[ls.v]) || ls.u == ls.y || ls.isDepot(ls.x) {
		return false
	}
	du := ls.cUpV + ls.cVXn - ls.cUpU - ls.cXXn
	dv := ls.cVpU + ls.cXY - ls.cVpV - ls.cVY
	if !ls.intra {
		if !ls.inter(du, dv, ls.vLoc, 0, ls.uLoc, ls.xLoc, ls.uLoc, ls.xLoc, ls.vLoc, 0, 0, 5) {
			return false
		}
	} else if ls.tw {
		if !ls.intraTW(du+dv, 5) {
			return false
		}
	} else if du+dv >= 0 {
		return false
	}
	ls.swapNode(ls.u, ls.v)
	ls.insertNode(ls.x, ls.u)
	ls.applied(ls.ru, ls.rv)
	return true
}

// move6 swaps (u, x) and (v, y).
func (ls *localSearch) move6() bool {
	if ls.isDepot(ls.v) || ls.isDepot(ls.x) || ls.isDepot(ls.y) || ls.y == int(ls.prev[ls.u]) || ls.u == ls.y || ls.x == ls.v || ls.v == int(ls.next[ls.x]) {
		return false
	}
	du := ls.cUpV + ls.cYXn - ls.cUpU - ls.cXXn
	dv := ls.cVpU + ls.cXYn - ls.cVpV - ls.cYYn
	if !ls.intra {
		if !ls.inter(du, dv, ls.vLoc, ls.yLoc, ls.uLoc, ls.xLoc, ls.uLoc, ls.xLoc, ls.vLoc, ls.yLoc, 0, 6) {
			return false
		}
	} else if ls.tw {
		if !ls.intraTW(du+dv, 6) {
			return false
		}
	} else if du+dv >= 0 {
		return false
	}
	ls.swapNode(ls.u, ls.v)
	ls.swapNode(ls.x, ls.y)
	ls.applied(ls.ru, ls.rv)
	return true
}

// move7 is intra-route 2-opt: reverse x..v.
func (ls *localSearch) move7() bool {
	if ls.pos[ls.u] > ls.pos[ls.v] || int(ls.next[ls.u]) == ls.v {
		return false
	}
	c := ls.cUV + ls.cXY - ls.cUX - ls.cVY + ls.cumRev[ls.v] - ls.cumRev[ls.x]
	if ls.tw {
		if !ls.intraTW(c, 7) {
			return false
		}
	} else if c >= 0 {
		return false
	}
	seg := ls.bufA[:0]
	for a := ls.x; ; a = int(ls.next[a]) {
		seg = append(seg, int32(a))
		if a == ls.v {
			break
		}
	}
	slices.Reverse(seg)
	ls.link(ls.u, seg, ls.y, ls.ru)
	ls.bufA = seg
	ls.applied(ls.ru, ls.ru)
	return true
}

// link chains from → seg… → to, all in route r.
func (ls *localSearch) link(from int, seg []int32, to int, r int) {
	last := int32(from)
	for _, a := range seg {
		ls.next[last] = a
		ls.prev[a] = last
		ls.route[a] = int32(r)
		last = a
	}
	ls.next[last] = int32(to)
	ls.prev[to] = last
}

// move8 is 2-opt* joining u with v reversed: route U becomes
// start…u v…(first of V reversed), route V becomes (last of U…x reversed) y….
func (ls *localSearch) move8() bool {
	c := ls.cUV + ls.cXY - ls.cUX - ls.cVY +
		ls.cumRev[ls.v] + ls.rRev[ls.ru] - ls.cumRev[ls.x]
	nU, nV := ls.rNb[ls.ru], ls.rNb[ls.rv]
	pu, pv := int(ls.pos[ls.u]), int(ls.pos[ls.v])
	c += ls.fixedDelta(nU, nV, pu+pv, nU-pu+nV-pv)
	cost := float64(c) - ls.rPen[ls.ru] - ls.rPen[ls.rv]
	if cost >= 0 {
		return false
	}
	cost += ls.penPrefixes(ls.u, ls.v) + ls.penSuffixes(ls.u, ls.v)
	if cost > -epsilon {
		return false
	}
	if ls.tw {
		cost += ls.twPenalty * float64(ls.twOptRev())
		if cost > -epsilon {
			return false
		}
	}
	segV := ls.bufA[:0] // first of V … v, reversed
	for a := ls.v; !ls.isDepot(a); a = int(ls.prev[a]) {
		segV = append(segV, int32(a))
	}
	segX := ls.bufB[:0] // last of U … x
	for a := int(ls.prev[ls.end(ls.ru)]); a != ls.u; a = int(ls.prev[a]) {
		segX = append(segX, int32(a))
	}
	ls.link(ls.u, segV, ls.end(ls.ru), ls.ru)
	ls.link(ls.start(ls.rv), segX, ls.y, ls.rv)
	ls.bufA, ls.bufB = segV, segX
	ls.applied(ls.ru, ls.rv)
	return true
}

// move9 is 2-opt*: route U becomes start…u y…, route V start…v x….
func (ls *localSearch) move9() bool {
	c := ls.cUY + ls.cVX - ls.cUX - ls.cVY
	nU, nV := ls.rNb[ls.ru], ls.rNb[ls.rv]
	pu, pv := int(ls.pos[ls.u]), int(ls.pos[ls.v])
	c += ls.fixedDelta(nU, nV, pu+nV-pv, pv+nU-pu)
	cost := float64(c) - ls.rPen[ls.ru] - ls.rPen[ls.rv]
	if cost >= 0 {
		return false
	}
	cost += ls.penMixed(ls.u, ls.v) + ls.penMixed(ls.v, ls.u)
	if cost > -epsilon {
		return false
	}
	if ls.tw {
		cost += ls.twPenalty * float64(ls.twOpt(ls.u, ls.y)+ls.twOpt(ls.v, ls.x))
		if cost > -epsilon {
			return false
		}
	}
	segX := ls.bufA[:0]
	for a := ls.x; !ls.isDepot(a); a = int(ls.next[a]) {
		segX = append(segX, int32(a))
	}
	segY := ls.bufB[:0]
	for a := ls.y; !ls.isDepot(a); a = int(ls.next[a]) {
		segY = append(segY, int32(a))
	}
	ls.link(ls.u, segY, ls.end(ls.ru), ls.ru)
	ls.link(ls.v, segX, ls.end(ls.rv), ls.rv)
	ls.bufA, ls.bufB = segX, segY
	ls.applied(ls.ru, ls.rv)
	return true
}

// preprocessInsertions computes, for each client of r1, its removal gain
// and its three best insertion positions in r2 (cached until r2 changes).
// The nodes of r2 are first copied to flat scratch arrays so that the inner
// loop streams instead of chasing links.
func (ls *localSearch) preprocessInsertions(r1, r2 int) {
	w := ls.w
	dist := ls.dist
	s2 := ls.start(r2)
	first2 := int(ls.next[s2])
	built := false
	nodes, locs, nexts, dn := ls.scrNode[:0], ls.scrLoc[:0], ls.scrNext[:0], ls.scrDN[:0]
	for a := int(ls.next[ls.start(r1)]); !ls.isDepot(a); a = int(ls.next[a]) {
		p := int(ls.prev[a])
		al, pl, nl := int(ls.loc[a]), int(ls.loc[p]), int(ls.loc[ls.next[a]])
		ls.deltaRemoval[a] = ls.d(pl, nl) - ls.dNext[p] - ls.dNext[a]
		t := &ls.bestIns[r2*w+al]
		if ls.rMod[r2] <= t.when {
			continue
		}
		if !built {
			for b := first2; b <= ls.n; b = int(ls.next[b]) {
				nodes = append(nodes, int32(b))
				locs = append(locs, ls.loc[b])
				nexts = append(nexts, ls.loc[ls.next[b]])
				dn = append(dn, ls.dNext[b])
			}
			built = true
		}
		t.reset()
		t.when = ls.nbMoves
		row := dist[al*w : al*w+w]
		fl := int(ls.loc[first2])
		t.cost[0] = int64(dist[al]) + int64(row[fl]) - ls.dNext[s2]
		t.at[0] = int32(s2)
		if ls.in.sym { // both arcs from a's row; each entry read once
			cur := int64(row[fl])
			nexts := nexts[:len(locs)]
			dn := dn[:len(locs)]
			for k, nl := range nexts {
				nx := int64(row[nl])
				c := cur + nx - dn[k]
				cur = nx
				if c < t.cost[2] {
					t.add(c, nodes[k])
				}
			}
		} else {
			for k, bl := range locs {
				c := int64(dist[int(bl)*w+al]) + int64(row[nexts[k]]) - dn[k]
				if c < t.cost[2] {
					t.add(c, nodes[k])
				}
			}
		}
	}
	ls.scrNode, ls.scrLoc, ls.scrNext, ls.scrDN = nodes, locs, nexts, dn
}

// cheapestInsertSimultRemoval is the cheapest insertion of a into the
// route of b with b removed, and the node after which to insert.
func (ls *localSearch) cheapestInsertSimultRemoval(a, b int) (int64, int) {
	t := &ls.bestIns[int(ls.route[b])*(ls.n+1)+int(ls.loc[a])]
	best, cost := int(t.at[0]), t.cost[0]
	found := best != b && int(ls.next[best]) != b
	if !found && t.at[1] >= 0 {
		best, cost = int(t.at[1]), t.cost[1]
		found = best != b && int(ls.next[best]) != b
		if !found && t.at[2] >= 0 {
			best, cost = int(t.at[2]), t.cost[2]
			found = true
		}
	}
	al, pl, nl := int(ls.loc[a]), int(ls.loc[ls.prev[b]]), int(ls.loc[ls.next[b]])
	if dc := ls.d(pl, al) + ls.d(al, nl) - ls.d(pl, nl); !found || dc < cost {
		best, cost = int(ls.prev[b]), dc
	}
	return cost, best
}

// swapStar applies the best SWAP* (or relocate found on the way) between
// routes ru and rv, if it improves.
func (ls *localSearch) swapStar(ru, rv int) bool {
	ls.preprocessInsertions(ru, rv)
	ls.preprocessInsertions(rv, ru)
	bestCost := 0.0
	bu, bv, posU, posV := -1, -1, -1, -1
	one := ls.nD == 1 // fast path for a single capacity dimension
	var capv, lu, lv int64
	if one {
		capv, lu, lv = ls.in.capv[0], ls.rLoad[ru], ls.rLoad[rv]
	}
	dem := ls.dem
	if one {
		// The clients of rv gathered into flat arrays (node, demand,
		// removal gain): the pair loop then streams.
		bs, bd, br := ls.swNode[:0], ls.swDem[:0], ls.swDR[:0]
		for b := int(ls.next[ls.start(rv)]); !ls.isDepot(b); b = int(ls.next[b]) {
			bs = append(bs, int32(b))
			bd = append(bd, dem[ls.loc[b]])
			br = append(br, float64(ls.deltaRemoval[b]))
		}
		ls.swNode, ls.swDem, ls.swDR = bs, bd, br
		pen, rpu, rpv := ls.penalty, ls.rPen[ru], ls.rPen[rv]
		bd = bd[:len(bs)]
		br = br[:len(bs)]
		for a := int(ls.next[ls.start(ru)]); !ls.isDepot(a); a = int(ls.next[a]) {
			da := dem[ls.loc[a]]
			dra := float64(ls.deltaRemoval[a])
			for k, b32 := range bs {
				db := bd[k]
				pu := pen*float64(max(0, lu+db-da-capv)) - rpu
				pv := pen*float64(max(0, lv+da-db-capv)) - rpv
				if pu+dra+pv+br[k] <= 0 {
					b := int(b32)
					extraV, atU := ls.cheapestInsertSimultRemoval(a, b)
					extraU, atV := ls.cheapestInsertSimultRemoval(b, a)
					c := pu + pv + float64(ls.deltaRemoval[a]+extraU+ls.deltaRemoval[b]+extraV)
					if ls.tw && c < bestCost {
						c += ls.twPenalty * float64(ls.twSwapStar(a, b, atU, atV))
					}
					if c < bestCost {
						bestCost, bu, bv, posU, posV = c, a, b, atU, atV
					}
				}
			}
		}
	}
	for a := int(ls.next[ls.start(ru)]); !one && !ls.isDepot(a); a = int(ls.next[a]) {
		al := int(ls.loc[a])
		for b := int(ls.next[ls.start(rv)]); !ls.isDepot(b); b = int(ls.next[b]) {
			bl := int(ls.loc[b])
			var pu, pv float64
			if one {
				pu = ls.penalty*float64(max(0, lu+dem[bl]-dem[al]-capv)) - ls.rPen[ru]
				pv = ls.penalty*float64(max(0, lv+dem[al]-dem[bl]-capv)) - ls.rPen[rv]
			} else {
				pu = ls.penLoad(ru, bl, 0, al, 0) - ls.rPen[ru]
				pv = ls.penLoad(rv, al, 0, bl, 0) - ls.rPen[rv]
			}
			if pu+float64(ls.deltaRemoval[a])+pv+float64(ls.deltaRemoval[b]) <= 0 {
				extraV, atU := ls.cheapestInsertSimultRemoval(a, b)
				extraU, atV := ls.cheapestInsertSimultRemoval(b, a)
				c := pu + pv + float64(ls.deltaRemoval[a]+extraU+ls.deltaRemoval[b]+extraV)
				if ls.tw && c < bestCost {
					c += ls.twPenalty * float64(ls.twSwapStar(a, b, atU, atV))
				}
				if c < bestCost {
					bestCost, bu, bv, posU, posV = c, a, b, atU, atV
				}
			}
		}
	}
	// Relocates of a client of one route to its best place in the other.
	for k := range 2 {
		r1, r2 := ru, rv
		if k == 1 {
			r1, r2 = rv, ru
		}
		for a := int(ls.next[ls.start(r1)]); !ls.isDepot(a); a = int(ls.next[a]) {
			al := int(ls.loc[a])
			t := &ls.bestIns[r2*(ls.n+1)+al]
			c := float64(ls.deltaRemoval[a]+t.cost[0]+ls.fixedDelta(ls.rNb[r1], ls.rNb[r2], ls.rNb[r1]-1, ls.rNb[r2]+1)) +
				ls.penLoad(r1, 0, 0, al, 0) - ls.rPen[r1] + ls.penLoad(r2, al, 0, 0, 0) - ls.rPen[r2]
			if ls.tw && c < bestCost {
				c += ls.twPenalty * float64(ls.twRelocate(a, int(t.at[0])))
			}
			if c < bestCost {
				bestCost = c
				if k == 0 {
					bu, posU, bv, posV = a, int(t.at[0]), -1, -1
				} else {
					bu, posU, bv, posV = -1, -1, a, int(t.at[0])
				}
			}
		}
	}
	if bestCost > -epsilon {
		return false
	}
	if bu >= 0 {
		ls.insertNode(bu, posU)
	}
	if bv >= 0 {
		ls.insertNode(bv, posV)
	}
	ls.applied(ru, rv)
	return true
}

// export writes the routes back to ind, ordered by polar angle of their
// barycentre (empty routes last), with the giant tour in the same order.
func (ls *localSearch) export(ind *individual) {
	for r := range ls.polarOrder {
		ls.polarOrder[r] = int32(r)
	}
	slices.SortStableFunc(ls.polarOrder, func(a, b int32) int {
		x, y := ls.rAngle[a], ls.rAngle[b]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	k := 0
	for i, r := range ls.polarOrder {
		rt := ind.routes[i][:0]
		for a := int(ls.next[ls.start(int(r))]); !ls.isDepot(a); a = int(ls.next[a]) {
			rt = append(rt, int32(a))
			ind.tour[k] = int32(a)
			k++
		}
		ind.routes[i] = rt
	}
}
