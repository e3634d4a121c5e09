package route

import (
	"math"
	"math/rand/v2"
)

// fleetMin is the route-minimisation heuristic of Nagata & Bräysy (2009),
// "A powerful route minimization heuristic for the vehicle routing problem
// with time windows", for problems of VRPTW shape (see fleetMinShaped).
// It deletes one route at a time and puts its clients in an ejection pool;
// each client taken from the pool (last in, first out) is inserted at a
// random feasible position, else inserted where its time warp is least in
// some route at the cost of ejecting up to kmax other clients of that
// route, chosen to minimise the sum of their ejection counters (a client
// that failed to fit counts more each time, so hard clients stay put), after
// which the solution is perturbed by random feasible moves. Feasibility is
// tested by time warp (timewarp.go): every insertion and move costs O(1)
// from cached prefix and suffix segments, and the ejection sets are searched
// depth first with the latest feasible start of each suffix.
//
// The paper's "squeeze" (insertion at the least penalty repaired by a
// penalised local search) was built and measured here: on Solomon R104 it
// succeeded on 2 % of its calls, halved the iterations per second and
// reached no smaller fleet, so it is left out.
//
// Nodes are clients 0..n-1 of the rinst; node n is the depot.
type fleetMin struct {
	in      *rinst
	n, D, w int
	tt      []int64 // (n+1)² travel times
	e, l, s []int64 // per node: window and service (the depot: the shift)
	dem     []int64 // (n+1)×D pickups
	capv    []int64
	neigh   [][]int32
	rng     *rand.Rand
	kmax    int

	routes     []*fmRoute
	spare      []*fmRoute
	where, pos []int32 // per client: route and position (1-based)
	pc         []int   // ejection counters
	ep         []int32 // ejection pool (a stack)

	// ejection search scratch
	seq, ej, bestEj []int32
	z               []int64
	ejLoad          []int64
	total           []int64
	vin             int32
	bestPsum        int
	bestRoute       int
	bestAt          int
	found           bool
	adopted         bool // deleteRoute gave way to another search's fleet
	budget          int  // DFS nodes left for this ejection search

	// feasible insertion scratch
	insR, insK []int32
	// route node lists saved before a route deletion
	snap [][]int32
}

// fmRoute is one route with its time-warp prefix and suffix segments.
// Positions: 0 the start depot, 1..L the clients, L+1 the end depot.
type fmRoute struct {
	nodes  []int32
	fw, bw []twSeg // fw[k]: positions 0..k; bw[k]: positions k..L+1
	pl     []int64 // (L+1)×D: load over positions 1..k
	warp   int64   // total time warp
	excess int64   // overload summed over dimensions
}

// fleetMinShaped reports whether the route minimisation applies to p: one
// depot where the only vehicle type starts and ends, clients with pickups
// and at most one time window, no setup, skills, breaks or limits.
func fleetMinShaped(p *Problem, in *rinst) bool {
	if len(p.Depots) > 1 || len(p.Shipments) > 0 || len(p.Vehicles) != 1 || in.multiTW || in.anySetup {
		return false
	}
	v := &p.Vehicles[0]
	if v.StartDepot != 0 || v.EndDepot != 0 || len(v.Skills) > 0 || len(v.Breaks) > 0 || v.MaxTravelTime != 0 ||
		v.MaxDuration != 0 || v.MaxDistance != 0 || v.MaxStops != 0 {
		return false
	}
	for _, c := range p.Clients {
		if len(c.Delivery) > 0 || len(c.Skills) > 0 || c.Prefer != nil {
			return false
		}
	}
	return true
}

func newFleetMin(in *rinst, rng *rand.Rand) *fleetMin {
	n, D := in.nC, in.D
	t := &in.types[0]
	f := &fleetMin{in: in, n: n, D: D, w: n + 1, rng: rng, kmax: 5,
		tt: make([]int64, (n+1)*(n+1)), e: make([]int64, n+1), l: make([]int64, n+1), s: make([]int64, n+1),
		dem: make([]int64, (n+1)*D), capv: t.capv, neigh: make([][]int32, n),
		where: make([]int32, n), pos: make([]int32, n), pc: make([]int, n),
		ejLoad: make([]int64, D), total: make([]int64, D)}
	loc := func(v int) int32 {
		if v == n {
			return t.start
		}
		return in.loc[v]
	}
	for a := range n + 1 {
		for b := range n + 1 {
			if a != b {
				f.tt[a*f.w+b] = in.tt(loc(a), loc(b))
			}
		}
	}
	for v := range n {
		f.e[v], f.l[v], f.s[v] = in.twE[v], in.twL[v], in.service[v]
		for d := range D {
			f.dem[v*D+d] = in.delta[v*D+d]
		}
		k := min(len(in.neigh[v]), 40)
		f.neigh[v] = in.neigh[v][:k]
	}
	f.e[n], f.l[n] = t.shiftS, t.shiftE
	return f
}

func (f *fleetMin) travel(a, b int32) int64 { return f.tt[int(a)*f.w+int(b)] }

func (f *fleetMin) visit(v int32) twSeg { return twVisit(f.e[v], f.l[v], f.s[v]) }

// node returns the node at position k of r.
func (f *fleetMin) node(r *fmRoute, k int) int32 {
	if k == 0 || k == len(r.nodes)+1 {
		return int32(f.n)
	}
	return r.nodes[k-1]
}

// update recomputes r's segments and loads and the positions of its
// clients (route index ri).
func (f *fleetMin) update(ri int) {
	r := f.routes[ri]
	L, D := len(r.nodes), f.D
	r.fw = grow(r.fw, L+2)
	r.bw = grow(r.bw, L+2)
	r.pl = grow(r.pl, (L+1)*D)
	dep := int32(f.n)
	r.fw[0] = f.visit(dep)
	prev := dep
	for k := 1; k <= L+1; k++ {
		v := f.node(r, k)
		r.fw[k] = twMerge(r.fw[k-1], f.travel(prev, v), f.visit(v))
		prev = v
	}
	r.bw[L+1] = f.visit(dep)
	next := dep
	for k := L; k >= 0; k-- {
		v := f.node(r, k)
		r.bw[k] = twMerge(f.visit(v), f.travel(v, next), r.bw[k+1])
		next = v
	}
	for d := range D {
		r.pl[d] = 0
	}
	for k, v := range r.nodes {
		f.where[v] = int32(ri)
		f.pos[v] = int32(k + 1)
		for d := range D {
			r.pl[(k+1)*D+d] = r.pl[k*D+d] + f.dem[int(v)*D+d]
		}
	}
	r.warp = r.fw[L+1].warp
	r.excess = 0
	for d := range D {
		r.excess += max(r.pl[L*D+d]-f.capv[d], 0)
	}
}

// excessJoin is the overload of loads a (positions 1..ka of ra) plus b
// (positions kb+1..L of rb), plus node v (-1 none) minus node u (-1 none).
func (f *fleetMin) excessJoin(ra *fmRoute, ka int, rb *fmRoute, kb int, v, u int32) int64 {
	var ex int64
	D := f.D
	Lb := len(rb.nodes)
	for d := range D {
		q := ra.pl[ka*D+d] + rb.pl[Lb*D+d] - rb.pl[kb*D+d]
		if v >= 0 {
			q += f.dem[int(v)*D+d]
		}
		if u >= 0 {
			q -= f.dem[int(u)*D+d]
		}
		ex += max(q-f.capv[d], 0)
	}
	return ex
}

// load builds the routes of sol (which must assign every client).
func (f *fleetMin) load(sol *rsol) {
	f.spare = append(f.spare, f.routes...)
	f.routes = f.routes[:0]
	for i := range sol.routes {
		if len(sol.routes[i].nodes) == 0 {
			continue
		}
		r := f.newRoute()
		r.nodes = append(r.nodes[:0], sol.routes[i].nodes...)
		f.routes = append(f.routes, r)
		f.update(len(f.routes) - 1)
	}
}

func (f *fleetMin) newRoute() *fmRoute {
	if k := len(f.spare); k > 0 {
		r := f.spare[k-1]
		f.spare = f.spare[:k-1]
		r.nodes = r.nodes[:0]
		return r
	}
	return &fmRoute{}
}

// removeRoute deletes route ri (swapping the last into its place).
func (f *fleetMin) removeRoute(ri int) {
	last := len(f.routes) - 1
	f.spare = append(f.spare, f.routes[ri])
	f.routes[ri] = f.routes[last]
	f.routes = f.routes[:last]
	if ri < last {
		for _, v := range f.routes[ri].nodes {
			f.where[v] = int32(ri)
		}
	}
}

// insertAt inserts v after position k of route ri.
func (f *fleetMin) insertAt(ri int, k int, v int32) {
	r := f.routes[ri]
	r.nodes = append(r.nodes, 0)
	copy(r.nodes[k+1:], r.nodes[k:])
	r.nodes[k] = v
	f.update(ri)
}

// removeAt removes the client at position k (1-based) of route ri.
func (f *fleetMin) removeAt(ri int, k int) {
	r := f.routes[ri]
	r.nodes = append(r.nodes[:k-1], r.nodes[k:]...)
}

// insertSeg is the segment of route r with v inserted after position k.
func (f *fleetMin) insertSeg(r *fmRoute, k int, v int32) twSeg {
	a, b := f.node(r, k), f.node(r, k+1)
	return twMerge(twMerge(r.fw[k], f.travel(a, v), f.visit(v)), f.travel(v, b), r.bw[k+1])
}

// deleteRoute is Nagata & Bräysy's DeleteRoute: it removes a random route
// and inserts its clients elsewhere. It returns true when every client
// found a place; otherwise the routes are restored (budget spent), or
// replaced by a smaller fleet another search found (adopted set).
func (f *fleetMin) deleteRoute(b *searchBudget, until float64) bool {
	if len(f.routes) <= 1 {
		return false
	}
	f.snap = f.snapshot(f.snap)
	ri := f.rng.IntN(len(f.routes))
	f.ep = append(f.ep[:0], f.routes[ri].nodes...)
	f.removeRoute(ri)
	for _, v := range f.ep {
		f.where[v] = -1
	}
	for i := range f.pc {
		f.pc[i] = 1
	}
	for len(f.ep) > 0 {
		if b.stopped() || b.progress() >= until {
			f.restore(f.snap)
			return false
		}
		if x := b.step(len(f.routes) + 1); x != nil {
			// Another search found a fleet as small as this attempt's
			// goal: go on from there.
			f.load(x)
			f.ep = f.ep[:0]
			f.adopted = true
			return false
		}
		v := f.ep[len(f.ep)-1]
		f.ep = f.ep[:len(f.ep)-1]
		if f.insertFeasible(v) {
			continue
		}
		f.pc[v]++
		if !f.insertEjecting(v) {
			// No ejection of up to kmax clients makes room: put v back
			// for later and shake the solution.
			f.ep = append([]int32{v}, f.ep...)
		}
		f.perturb(1000)
		if tracef != nil && b.iter%2000 == 0 {
			tracef("nb iter %d routes %d ep %d\n", b.iter, len(f.routes), len(f.ep))
		}
	}
	return true
}

// snapshot copies the routes' node lists into buf (reusing its slices).
func (f *fleetMin) snapshot(buf [][]int32) [][]int32 {
	for i, r := range f.routes {
		if i < len(buf) {
			buf[i] = append(buf[i][:0], r.nodes...)
		} else {
			buf = append(buf, append([]int32(nil), r.nodes...))
		}
	}
	return buf[:len(f.routes)]
}

// restore rebuilds the routes from a snapshot. Clients outside it keep
// their where.
func (f *fleetMin) restore(buf [][]int32) {
	f.spare = append(f.spare, f.routes...)
	f.routes = f.routes[:0]
	for _, nodes := range buf {
		r := f.newRoute()
		r.nodes = append(r.nodes[:0], nodes...)
		f.routes = append(f.routes, r)
		f.update(len(f.routes) - 1)
	}
}

// insertFeasible inserts v at a random feasible position, if any.
func (f *fleetMin) insertFeasible(v int32) bool {
	f.insR, f.insK = f.insR[:0], f.insK[:0]
	D := f.D
	for ri, r := range f.routes {
		fits := true
		L := len(r.nodes)
		for d := range D {
			if r.pl[L*D+d]+f.dem[int(v)*D+d] > f.capv[d] {
				fits = false
			}
		}
		if !fits {
			continue
		}
		for k := 0; k <= L; k++ {
			if f.insertSeg(r, k, v).warp == 0 {
				f.insR = append(f.insR, int32(ri))
				f.insK = append(f.insK, int32(k))
			}
		}
	}
	if len(f.insR) == 0 {
		return false
	}
	i := f.rng.IntN(len(f.insR))
	f.insertAt(int(f.insR[i]), int(f.insK[i]), v)
	return true
}

// Inter-route moves of the perturbation, between client v
// (route rv, position pv) and a neighbour w (route rw ≠ rv, position pw).
const (
	mvRelocAfter  = iota // v moves after w
	mvRelocBefore        // v moves before w
	mvSwap               // v and w swap
	mvTailAfter          // 2-opt*: v continues with w's successor, w with v's
	mvTailBefore         // 2-opt*: v's predecessor continues with w, w's with v
	nMoves
)

// evalMove returns the warp and overload of the two routes after the move.
func (f *fleetMin) evalMove(m int, v, w int32) (wa, ea, wb, eb int64) {
	ra, rb := f.routes[f.where[v]], f.routes[f.where[w]]
	pv, pw := int(f.pos[v]), int(f.pos[w])
	La, Lb := len(ra.nodes), len(rb.nodes)
	var sa, sb twSeg
	switch m {
	case mvRelocAfter, mvRelocBefore:
		p, q := f.node(ra, pv-1), f.node(ra, pv+1)
		sa = twMerge(ra.fw[pv-1], f.travel(p, q), ra.bw[pv+1])
		k := pw
		if m == mvRelocBefore {
			k = pw - 1
		}
		sb = f.insertSeg(rb, k, v)
		ea = f.excessJoin(ra, La, ra, La, -1, v)
		eb = f.excessJoin(rb, Lb, rb, Lb, v, -1)
	case mvSwap:
		sa = twMerge(twMerge(ra.fw[pv-1], f.travel(f.node(ra, pv-1), w), f.visit(w)), f.travel(w, f.node(ra, pv+1)), ra.bw[pv+1])
		sb = twMerge(twMerge(rb.fw[pw-1], f.travel(f.node(rb, pw-1), v), f.visit(v)), f.travel(v, f.node(rb, pw+1)), rb.bw[pw+1])
		ea = f.excessJoin(ra, La, ra, La, w, v)
		eb = f.excessJoin(rb, Lb, rb, Lb, v, w)
	case mvTailAfter:
		sa = twMerge(ra.fw[pv], f.travel(v, f.node(rb, pw+1)), rb.bw[pw+1])
		sb = twMerge(rb.fw[pw], f.travel(w, f.node(ra, pv+1)), ra.bw[pv+1])
		ea = f.excessJoin(ra, pv, rb, pw, -1, -1)
		eb = f.excessJoin(rb, pw, ra, pv, -1, -1)
	case mvTailBefore:
		sa = twMerge(ra.fw[pv-1], f.travel(f.node(ra, pv-1), w), rb.bw[pw])
		sb = twMerge(rb.fw[pw-1], f.travel(f.node(rb, pw-1), v), ra.bw[pv])
		ea = f.excessJoin(ra, pv-1, rb, pw-1, -1, -1)
		eb = f.excessJoin(rb, pw-1, ra, pv-1, -1, -1)
	}
	return sa.warp, ea, sb.warp, eb
}

// applyMove performs move m between v and w and drops a route left empty.
func (f *fleetMin) applyMove(m int, v, w int32) {
	ia, ib := int(f.where[v]), int(f.where[w])
	ra, rb := f.routes[ia], f.routes[ib]
	pv, pw := int(f.pos[v]), int(f.pos[w])
	switch m {
	case mvRelocAfter, mvRelocBefore:
		f.removeAt(ia, pv)
		k := pw
		if m == mvRelocBefore {
			k = pw - 1
		}
		rb.nodes = append(rb.nodes, 0)
		copy(rb.nodes[k+1:], rb.nodes[k:])
		rb.nodes[k] = v
	case mvSwap:
		ra.nodes[pv-1], rb.nodes[pw-1] = w, v
	case mvTailAfter, mvTailBefore:
		ka, kb := pv, pw
		if m == mvTailBefore {
			ka, kb = pv-1, pw-1
		}
		ta := append([]int32(nil), ra.nodes[ka:]...)
		tb := append([]int32(nil), rb.nodes[kb:]...)
		ra.nodes = append(ra.nodes[:ka], tb...)
		rb.nodes = append(rb.nodes[:kb], ta...)
	}
	f.update(ia)
	f.update(ib)
	if len(rb.nodes) == 0 {
		f.removeRoute(ib)
	}
	if len(ra.nodes) == 0 {
		f.removeRoute(int(f.routeIndex(ra)))
	}
}

func (f *fleetMin) routeIndex(r *fmRoute) int {
	for i, x := range f.routes {
		if x == r {
			return i
		}
	}
	return -1
}

// perturb applies random feasible inter-route moves (attempts tries).
func (f *fleetMin) perturb(attempts int) {
	for range attempts {
		v := int32(f.rng.IntN(f.n))
		if f.where[v] < 0 { // in the ejection pool
			continue
		}
		nb := f.neigh[v]
		if len(nb) == 0 {
			continue
		}
		w := nb[f.rng.IntN(len(nb))]
		if int(w) >= f.n || f.where[w] < 0 || f.where[w] == f.where[v] {
			continue
		}
		m := f.rng.IntN(nMoves)
		if wa, ea, wb, eb := f.evalMove(m, v, w); wa == 0 && ea == 0 && wb == 0 && eb == 0 {
			f.applyMove(m, v, w)
		}
	}
}

// insertEjecting inserts v at the position and with the ejections (at most
// kmax clients of the same route, leaving it feasible) whose ejection
// counters sum least, and pushes the ejected clients to the pool.
func (f *fleetMin) insertEjecting(v int32) bool {
	f.vin = v
	f.found = false
	f.bestPsum = math.MaxInt
	perRoute := max(2000, 200000/len(f.routes))
	// Insert v where its time warp is least in each route, then search
	// that route's ejection sets. Routes are scanned from a random start:
	// the first set found at the least counter sum wins.
	nR := len(f.routes)
	r0 := f.rng.IntN(nR)
	for i := range nR {
		ri := (r0 + i) % nR
		r := f.routes[ri]
		L := len(r.nodes)
		// The nbPos positions of least warp.
		var pos [8]int
		var pw [8]int64
		np := 0
		for k := 0; k <= L; k++ {
			w := f.insertSeg(r, k, v).warp
			if np < nbPos {
				pos[np], pw[np] = k, w
				np++
			} else if w >= pw[np-1] {
				continue
			} else {
				pos[np-1], pw[np-1] = k, w
			}
			for j := np - 1; j > 0 && pw[j] < pw[j-1]; j-- {
				pos[j], pos[j-1] = pos[j-1], pos[j]
				pw[j], pw[j-1] = pw[j-1], pw[j]
			}
		}
		for _, bestK := range pos[:np] {
			f.seq = append(f.seq[:0], r.nodes[:bestK]...)
			f.seq = append(f.seq, v)
			f.seq = append(f.seq, r.nodes[bestK:]...)
			f.budget = perRoute / np
			f.ejectSearch(ri, bestK)
		}
		if f.found && f.bestPsum <= 1 {
			break
		}
	}
	if !f.found {
		return false
	}
	f.insertAt(f.bestRoute, f.bestAt, v)
	for _, u := range f.bestEj {
		k := int(f.pos[u])
		f.removeAt(f.bestRoute, k)
		f.update(f.bestRoute)
		f.where[u] = -1
		f.ep = append(f.ep, u)
	}
	return true
}

// ejectSearch runs the bounded depth-first search over ejection sets of
// f.seq (route ri with v inserted at position k).
func (f *fleetMin) ejectSearch(ri, k int) {
	m := len(f.seq)
	D := f.D
	f.z = grow(f.z, m+1)
	dep := int32(f.n)
	f.z[m] = f.l[dep]
	// z[i]: latest service start at seq[i] from which the rest of seq is
	// feasible kept whole; -far when no start is.
	next := dep
	for i := m - 1; i >= 0; i-- {
		u := f.seq[i]
		if f.z[i+1] < f.e[next] {
			f.z[i] = -far
		} else {
			f.z[i] = min(f.l[u], f.z[i+1]-f.travel(u, next)-f.s[u])
		}
		next = u
	}
	r := f.routes[ri]
	L := len(r.nodes)
	for d := range D {
		f.total[d] = r.pl[L*D+d] + f.dem[int(f.vin)*D+d]
		f.ejLoad[d] = 0
	}
	f.ej = f.ej[:0]
	f.dfs(0, dep, f.e[dep]+f.s[dep], 0, ri, k)
}

func (f *fleetMin) loadOK() bool {
	for d := range f.D {
		if f.total[d]-f.ejLoad[d] > f.capv[d] {
			return false
		}
	}
	return true
}

func (f *fleetMin) dfs(i int, last int32, t int64, psum int, ri, k int) {
	if f.budget <= 0 {
		return
	}
	f.budget--
	dep := int32(f.n)
	if i == len(f.seq) {
		if t+f.travel(last, dep) <= f.l[dep] && f.loadOK() {
			f.record(psum, ri, k)
		}
		return
	}
	u := f.seq[i]
	arr := t + f.travel(last, u)
	if max(arr, f.e[u]) <= f.z[i] && f.loadOK() {
		f.record(psum, ri, k)
		return
	}
	if arr <= f.l[u] {
		f.dfs(i+1, u, max(arr, f.e[u])+f.s[u], psum, ri, k)
	}
	if u != f.vin && len(f.ej) < f.kmax && psum+f.pc[u] < f.bestPsum {
		f.ej = append(f.ej, u)
		for d := range f.D {
			f.ejLoad[d] += f.dem[int(u)*f.D+d]
		}
		f.dfs(i+1, last, t, psum+f.pc[u], ri, k)
		for d := range f.D {
			f.ejLoad[d] -= f.dem[int(u)*f.D+d]
		}
		f.ej = f.ej[:len(f.ej)-1]
	}
}

func (f *fleetMin) record(psum, ri, k int) {
	if psum >= f.bestPsum {
		return
	}
	f.bestPsum, f.bestRoute, f.bestAt, f.found = psum, ri, k, true
	f.bestEj = append(f.bestEj[:0], f.ej...)
}

// fleetPatience is the share of the budget a route minimisation may
// spend without removing a route before it gives up (leaving the rest to
// the cost). fleetPatienceLarge is Nagata & Bräysy's share on problems of
// largeFleetJobs jobs or more, where SISR's minimisation takes over when
// it gives up (see sisr.run).
const (
	fleetPatience      = 0.4
	fleetPatienceLarge = 0.15
	largeFleetJobs     = 600
)

// minimise runs DeleteRoute until the budget's progress reaches until,
// the fleet reaches lb, or patience passes without a removal; sol becomes
// the smallest complete fleet found. report, if set, sees each smaller
// fleet as it is found.
func (f *fleetMin) minimise(b *searchBudget, until float64, lb int, patience float64, sol *rsol, report func(*rsol, int)) {
	f.load(sol)
	best := len(f.routes)
	var shown *rsol
	last := b.progress()
	for !b.stopped() && b.progress() < until && len(f.routes) > max(lb, 1) {
		if !f.deleteRoute(b, min(until, last+patience)) {
			if !f.adopted {
				break
			}
			f.adopted = false
		} else {
			f.perturb(1000)
		}
		last = b.progress()
		if report != nil || b.share != nil {
			if shown == nil {
				shown = newRsol(f.in)
			}
			f.export(shown)
			b.offer(shown)
			if report != nil {
				report(shown, b.iter)
			}
		}
	}
	if len(f.routes) >= best {
		return
	}
	in := f.in
	s := &Solution{}
	for _, r := range f.routes {
		rt := Route{Vehicle: 0}
		for _, v := range r.nodes {
			rt.Clients = append(rt.Clients, int(v))
		}
		s.Routes = append(s.Routes, rt)
	}
	if ns, err := in.initial(s); err == nil && ns.nUnass == 0 {
		sol.copyFrom(ns)
	}
}

// export writes the current routes into sol (every client assigned; the
// routes are feasible by construction: no warp, no excess).
func (f *fleetMin) export(sol *rsol) {
	in := f.in
	for len(sol.routes) < len(f.routes) {
		sol.routes = append(sol.routes, rroute{})
	}
	sol.routes = sol.routes[:len(f.routes)]
	sol.cost = 0
	clear(sol.used)
	for i, r := range f.routes {
		rr := &sol.routes[i]
		rr.t = 0
		rr.nodes = append(rr.nodes[:0], r.nodes...)
		in.update(rr)
		rr.ver = in.freshVer()
		for _, v := range r.nodes {
			sol.where[v] = int32(i)
		}
		sol.cost += rr.cost
		sol.used[0]++
	}
	sol.nUnass, sol.pen = 0, 0
}

// nbPos is the number of insertion positions (least time warp first) per
// route whose ejection sets insertEjecting searches.
var nbPos = 1
