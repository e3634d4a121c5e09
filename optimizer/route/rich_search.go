package route

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// rsol is a solution of the rich engine: route slots (some empty), where
// each node is, and the unassigned jobs.
type rsol struct {
	routes []rroute
	where  []int32 // node → slot, -1 when unassigned
	used   []int   // non-empty routes per vehicle type
	nUnass int
	cost   float64 // routes' costs
	pen    float64 // penalties of the unassigned jobs
}

func newRsol(in *rinst) *rsol {
	s := &rsol{where: make([]int32, in.nN), used: make([]int, len(in.types))}
	for i := range s.where {
		s.where[i] = -1
	}
	s.nUnass = in.nJ
	for _, p := range in.pen {
		s.pen += p
	}
	return s
}

func (s *rsol) copyFrom(o *rsol) {
	for len(s.routes) < len(o.routes) {
		s.routes = append(s.routes, rroute{ver: math.MaxUint64})
	}
	s.routes = s.routes[:len(o.routes)]
	for i := range o.routes {
		a, b := &s.routes[i], &o.routes[i]
		if a.ver == b.ver && a.t == b.t {
			continue
		}
		a.t = b.t
		a.nodes = append(a.nodes[:0], b.nodes...)
		a.dep = append(a.dep[:0], b.dep...)
		a.lat = append(a.lat[:0], b.lat...)
		a.P = append(a.P[:0], b.P...)
		a.M = append(a.M[:0], b.M...)
		a.S = append(a.S[:0], b.S...)
		a.L0 = append(a.L0[:0], b.L0...)
		a.arcC = append(a.arcC[:0], b.arcC...)
		a.arcT = append(a.arcT[:0], b.arcT...)
		a.arcD = append(a.arcD[:0], b.arcD...)
		a.dist, a.travel, a.svc, a.cost, a.ver = b.dist, b.travel, b.svc, b.cost, b.ver
	}
	copy(s.where, o.where)
	copy(s.used, o.used)
	s.nUnass, s.cost, s.pen = o.nUnass, o.cost, o.pen
}

func (s *rsol) vehicles() int {
	n := 0
	for _, u := range s.used {
		n += u
	}
	return n
}

// sisr is one ruin-and-recreate search: slack induction by string removals
// (Christiaens & Vanden Berghe 2020) under simulated annealing, with their
// absence-based fleet minimisation for the hierarchical objective.
type sisr struct {
	in  *rinst
	rng *rand.Rand
	sim *simulator
	// ver numbers route contents for rsol.copyFrom, which skips a route
	// whose version it already holds: each search counts from its stream
	// times 2⁴⁰ so that solutions passed between the searches of one
	// instance never meet another's number (rinst.freshVer counts apart).
	ver    uint64
	buf    []int32 // scratch sequence for exact checks
	gone   []bool  // ruin marks per node
	rem    []int32 // removed jobs
	keys   []float64
	far    []float64 // per job: distance from the nearest start depot
	ruined []bool
	empty  []rroute // one empty route per vehicle type (caches for opening)
	near   []bool   // per job: next to a ruined job (capRetry scratch)
	seenR  []int    // per route slot: the insertion that last tried it (insertJob)
	stampR int
	abs    []int // absences per job (fleet minimisation)

	allowOpen bool
	fleetMode bool

	cbar, lmax float64
}

func newSISR(in *rinst, seed uint64, stream uint64) *sisr {
	s := &sisr{in: in, rng: rand.New(rand.NewPCG(seed, stream)), sim: newSimulator(in),
		gone: make([]bool, in.nN), far: make([]float64, in.nJ), abs: make([]int, in.nJ),
		cbar: 10, lmax: 10, allowOpen: true, ver: stream << 40}
	// SISR's mean ruin of 10 jobs; 20 for the hierarchical objective,
	// whose fixed fleet needs larger moves (better on Solomon R1/R2/RC at
	// 10 s).
	s.cbar = 10
	if in.p.VehiclesFirst {
		s.cbar = 20
	}
	s.cbar = min(s.cbar, math.Max(2, float64(in.nJ)/5))
	for j := range in.nJ {
		node := int32(j) // a client's node, or a shipment's pickup node
		best := math.Inf(1)
		for ti := range in.types {
			if st := in.types[ti].start; st >= 0 {
				best = math.Min(best, float64(in.dd(st, in.loc[node])))
			}
		}
		if math.IsInf(best, 1) {
			best = 0
		}
		s.far[j] = best
	}
	for ti := range in.types {
		r := rroute{t: ti}
		in.update(&r)
		s.empty = append(s.empty, r)
	}
	return s
}

// jobNodes returns the nodes of job j: the client, or pickup and delivery.
func (in *rinst) jobNodes(j int) (int32, int32) {
	if j < in.nC {
		return int32(j), -1
	}
	return int32(j), int32(j + in.nS)
}

// insertJob inserts job j at its cheapest feasible place (each position
// skipped with probability blink), opening a route when allowed. It
// reports whether it found one.
func (s *sisr) insertJob(sol *rsol, j int, blink float64) bool {
	in := s.in
	a, b := in.jobNodes(j)
	bestC := math.Inf(1)
	bestR, bestK, bestJ := -1, -1, -1
	bestType := -1
	tryRoute := func(r *rroute, slot, newType int) {
		t := &in.types[r.t]
		if !in.compatible(t, a) {
			return
		}
		// A job off its preferred vehicle type costs extra: the position
		// tests see the bound less that, and the costs found get it back.
		extra := in.moveCost(j, r.t)
		if extra > 0 && extra >= bestC {
			return
		}
		if b < 0 {
			for k := 1; k <= len(r.nodes)+1; k++ {
				if blink > 0 && s.rng.Float64() < blink {
					continue
				}
				c, ok := in.insertBound(r, a, k, bestC-extra)
				if !ok {
					continue
				}
				if t.exact && !s.exactOK(r, a, k, -1, -1) {
					continue
				}
				bestC, bestR, bestK, bestJ, bestType = c+extra, slot, k, -1, newType
			}
			return
		}
		bound := bestC - extra
		in.pairScan(r, a, b, &bound, func(k, jj int, c float64) {
			if c >= bound || (blink > 0 && s.rng.Float64() < blink) {
				return
			}
			if t.exact && !s.exactOK(r, a, k, b, jj) {
				return
			}
			bestC, bestR, bestK, bestJ, bestType = c+extra, slot, k, jj, newType
			bound = c
		})
	}
	// The routes through the job's nearest visits (both ends of a
	// shipment), all routes when none of those is placed.
	if len(s.seenR) < len(sol.routes) {
		s.seenR = make([]int, len(sol.routes)+16)
	}
	s.stampR++
	tried := 0
	for _, v := range [2]int32{a, b} {
		if v < 0 {
			continue
		}
		for _, u := range in.neigh[v][:min(insertNear, len(in.neigh[v]))] {
			if r := sol.where[u]; r >= 0 && s.seenR[r] != s.stampR {
				s.seenR[r] = s.stampR
				tryRoute(&sol.routes[r], int(r), -1)
				tried++
			}
		}
	}
	// The route of the job's preferred vehicle type, wherever it runs.
	pref := -1
	if in.anyPref {
		pref = int(in.prefT[j])
	}
	if pref >= 0 && in.compatible(&in.types[pref], a) {
		for i := range sol.routes {
			if r := &sol.routes[i]; r.t == pref && len(r.nodes) > 0 && s.seenR[i] != s.stampR {
				s.seenR[i] = s.stampR
				tryRoute(r, i, -1)
			}
		}
		if s.allowOpen && sol.used[pref] == 0 {
			tryRoute(&s.empty[pref], -1, pref)
		}
	}
	if tried == 0 {
		for i := range sol.routes {
			if len(sol.routes[i].nodes) > 0 {
				tryRoute(&sol.routes[i], i, -1)
			}
		}
	}
	if s.allowOpen {
		for _, cl := range in.classes {
			for _, ti := range cl {
				t := &in.types[ti]
				if t.count > 0 && sol.used[ti] >= t.count {
					continue
				}
				tryRoute(&s.empty[ti], -1, ti)
				break
			}
		}
	}
	if bestR < 0 && bestType < 0 {
		return false
	}
	if bestType >= 0 {
		bestR = s.openSlot(sol, bestType)
	}
	r := &sol.routes[bestR]
	if len(r.nodes) == 0 {
		sol.used[r.t]++
	}
	old := r.cost
	if b < 0 {
		r.nodes = slices.Insert(r.nodes, bestK-1, a)
	} else {
		r.nodes = slices.Insert(r.nodes, bestJ-1, b)
		r.nodes = slices.Insert(r.nodes, bestK-1, a)
	}
	sol.where[a] = int32(bestR)
	if b >= 0 {
		sol.where[b] = int32(bestR)
	}
	in.update(r)
	s.ver++
	r.ver = s.ver
	sol.cost += r.cost - old
	sol.pen -= in.pen[j]
	sol.nUnass--
	return true
}

// openSlot returns an empty slot of type ti, adding one if needed.
func (s *sisr) openSlot(sol *rsol, ti int) int {
	for i := range sol.routes {
		if sol.routes[i].t == ti && len(sol.routes[i].nodes) == 0 {
			return i
		}
	}
	sol.routes = append(sol.routes, rroute{t: ti})
	i := len(sol.routes) - 1
	s.in.update(&sol.routes[i])
	s.ver++
	sol.routes[i].ver = s.ver
	return i
}

// exactOK simulates r with a inserted before position k and, when b ≥ 0,
// b before position j (j == k: right after a).
func (s *sisr) exactOK(r *rroute, a int32, k int, b int32, j int) bool {
	buf := s.buf[:0]
	for p := 1; p <= len(r.nodes)+1; p++ {
		if p == k {
			buf = append(buf, a)
		}
		if b >= 0 && p == j {
			buf = append(buf, b)
		}
		if p <= len(r.nodes) {
			buf = append(buf, r.nodes[p-1])
		}
	}
	s.buf = buf
	if t := &s.in.types[r.t]; t.maxDur >= far {
		// Without a duration limit the earliest departure decides:
		// leaving later never makes a route feasible.
		return s.sim.runChecked(r.t, buf)
	}
	return s.sim.feasible(r.t, buf)
}

// ruin removes strings of nodes around a random seed node (SISR's
// adjacent string removal, with split strings) and appends the removed
// jobs to s.rem.
func (s *sisr) ruin(sol *rsol) {
	in := s.in
	s.rem = s.rem[:0]
	assigned, nonEmpty := 0, 0
	for i := range sol.routes {
		if n := len(sol.routes[i].nodes); n > 0 {
			assigned += n
			nonEmpty++
		}
	}
	if assigned == 0 {
		return
	}
	lsmax := math.Min(s.lmax, float64(assigned)/float64(nonEmpty))
	ksmax := 4*s.cbar/(1+lsmax) - 1
	ks := int(math.Floor(s.rng.Float64()*ksmax)) + 1
	seed := int32(-1)
	if s.fleetMode && sol.nUnass > 0 {
		// Make room where it is missing: ruin next to a job left out.
		for tries := 0; tries < 8 && seed < 0; tries++ {
			u := int32(s.rng.IntN(in.nN))
			if sol.where[u] >= 0 {
				continue
			}
			for _, c := range in.neigh[u] {
				if sol.where[c] >= 0 {
					seed = c
					break
				}
			}
		}
	}
	for seed < 0 {
		if c := int32(s.rng.IntN(in.nN)); sol.where[c] >= 0 {
			seed = c
		}
	}
	if len(s.ruined) < len(sol.routes) {
		s.ruined = make([]bool, len(sol.routes)+16)
	}
	clear(s.ruined)
	done := 0
	visit := func(c int32) {
		ri := sol.where[c]
		if ri < 0 || s.gone[c] || s.ruined[ri] {
			return
		}
		s.ruined[ri] = true
		r := &sol.routes[ri]
		L := len(r.nodes)
		ltmax := int(math.Min(float64(L), lsmax))
		lt := s.rng.IntN(max(ltmax, 1)) + 1
		pos := slices.Index(r.nodes, c)
		if lt >= L || s.rng.Float64() < 0.5 {
			lo := max(0, pos-lt+1)
			hi := min(pos, L-lt)
			st := lo + s.rng.IntN(hi-lo+1)
			for p := st; p < st+lt; p++ {
				s.mark(r.nodes[p])
			}
		} else {
			m := 1
			for m < L-lt && s.rng.Float64() < 0.5 {
				m++
			}
			ln := lt + m
			lo := max(0, pos-ln+1)
			hi := min(pos, L-ln)
			st := lo + s.rng.IntN(hi-lo+1)
			keep := st + s.rng.IntN(lt+1)
			for p := st; p < st+ln; p++ {
				if p >= keep && p < keep+m {
					continue
				}
				s.mark(r.nodes[p])
			}
		}
		done++
	}
	visit(seed)
	for _, c := range in.neigh[seed] {
		if done >= ks {
			break
		}
		visit(c)
	}
	// Remove the marked nodes.
	for ri := range sol.routes {
		r := &sol.routes[ri]
		if !s.ruined[ri] {
			// a partner of a marked node may sit in an unruined route only
			// if the solution were broken; shipments share a route.
			continue
		}
		old := r.cost
		k := 0
		for _, v := range r.nodes {
			if s.gone[v] {
				sol.where[v] = -1
				continue
			}
			r.nodes[k] = v
			k++
		}
		r.nodes = r.nodes[:k]
		if k == 0 {
			sol.used[r.t]--
		}
		in.update(r)
		s.ver++
		r.ver = s.ver
		sol.cost += r.cost - old
	}
	for v := range s.gone {
		if s.gone[v] {
			s.gone[v] = false
			j := int(in.job[v])
			if int32(v) == int32(j) { // once per job: client or pickup node
				s.rem = append(s.rem, int32(j))
				sol.pen += in.pen[j]
				sol.nUnass++
			}
		}
	}
}

func (s *sisr) mark(v int32) {
	s.gone[v] = true
	if p := s.in.partner[v]; p >= 0 {
		s.gone[p] = true
	}
}

// recreate reinserts the jobs of s.rem (and extra, the jobs unassigned
// before) in SISR's random order rules, with blinks.
func (s *sisr) recreate(sol *rsol, extra []int32) {
	in := s.in
	s.rem = append(s.rem, extra...)
	if len(s.rem) == 0 {
		return
	}
	s.keys = grow(s.keys, len(s.rem))
	w := s.rng.Float64() * 11
	for i, j := range s.rem {
		switch {
		case s.fleetMode && w < 5.5:
			s.keys[i] = -float64(s.abs[j])
		case w < 4:
			s.keys[i] = s.rng.Float64()
		case w < 8:
			s.keys[i] = -float64(in.size[j])
		case w < 10:
			s.keys[i] = -s.far[j]
		default:
			s.keys[i] = s.far[j]
		}
	}
	sortByKeys(s.rem, s.keys)
	for _, j := range s.rem {
		s.insertJob(sol, int(j), 0.01)
	}
}

// sortByKeys sorts jobs by keys ascending (insertion sort: short lists).
func sortByKeys(jobs []int32, keys []float64) {
	for i := 1; i < len(jobs); i++ {
		j, k := jobs[i], keys[i]
		p := i
		for p > 0 && keys[p-1] > k {
			jobs[p], keys[p] = jobs[p-1], keys[p-1]
			p--
		}
		jobs[p], keys[p] = j, k
	}
}

// insertNear is the number of nearest visits whose routes an insertion
// tries (insertJob).
var insertNear = 40

// maxRetry bounds the jobs left out that an annealing step tries to put
// back besides those it ruined (capRetry).
const maxRetry = 32

// capRetry keeps, of the jobs left out before a ruin, those some vehicle
// could serve alone, and of these at most maxRetry: first those next to
// the ruined jobs (where room was just made), then others at random. A
// day with more bookings than the fleet can serve then costs a step what
// the ruin costs, not a reinsertion attempt per booking left out.
func (s *sisr) capRetry(jobs []int32) []int32 {
	in := s.in
	k := 0
	for _, j := range jobs {
		if in.alone[j] {
			jobs[k] = j
			k++
		}
	}
	jobs = jobs[:k]
	if len(jobs) <= maxRetry {
		return jobs
	}
	if len(s.near) < in.nJ {
		s.near = make([]bool, in.nJ)
	}
	for _, j := range s.rem {
		a, _ := in.jobNodes(int(j))
		for _, v := range in.neigh[a][:min(20, len(in.neigh[a]))] {
			s.near[in.job[v]] = true
		}
	}
	// Near ones first, in order; then a random sample of the rest.
	n := 0
	for i, j := range jobs {
		if s.near[j] {
			jobs[n], jobs[i] = jobs[i], jobs[n]
			n++
		}
	}
	for _, j := range s.rem {
		a, _ := in.jobNodes(int(j))
		for _, v := range in.neigh[a][:min(20, len(in.neigh[a]))] {
			s.near[in.job[v]] = false
		}
	}
	if n >= maxRetry {
		return jobs[:maxRetry]
	}
	for i := n; i < maxRetry; i++ {
		r := i + s.rng.IntN(len(jobs)-i)
		jobs[i], jobs[r] = jobs[r], jobs[i]
	}
	return jobs[:maxRetry]
}

// unassignedJobs appends the jobs sol leaves out.
func (s *sisr) unassignedJobs(sol *rsol, dst []int32) []int32 {
	in := s.in
	for j := range in.nJ {
		if sol.where[j] < 0 {
			dst = append(dst, int32(j))
		}
	}
	return dst
}

// searchBudget drives a search: stop conditions and the annealing clock.
type searchBudget struct {
	ctx      context.Context
	start    time.Time
	deadline time.Time
	maxIter  int
	iter     int
	stop     StopReason
	noImp    int // iterations without improvement that end an unlimited run

	// share, when set, exchanges fleets with the other searches of a
	// first stage (fleetshare.go); k is this search's index there.
	share *fleetShare
	k     int
}

// step counts an iteration and polls the share with want (see poll).
// Every iteration of a search goes through it, so that the searches of a
// reproducible run meet at the same barriers.
func (b *searchBudget) step(want int) *rsol {
	b.iter++
	return b.poll(want)
}

// poll returns a complete fleet of fewer than want vehicles found by
// another search, to continue from, or nil (see fleetShare.poll).
func (b *searchBudget) poll(want int) *rsol {
	if b.share == nil {
		return nil
	}
	return b.share.poll(b.k, b.iter, want)
}

// offer makes sol, a smaller complete fleet, known to the other searches.
func (b *searchBudget) offer(sol *rsol) {
	if b.share != nil {
		b.share.offer(b.k, sol)
	}
}

// progress returns the fraction of the budget spent, in [0, 1].
func (b *searchBudget) progress() float64 {
	if b.maxIter > 0 {
		return math.Min(1, float64(b.iter)/float64(b.maxIter))
	}
	if !b.deadline.IsZero() {
		total := b.deadline.Sub(b.start)
		return math.Min(1, float64(time.Since(b.start))/float64(total))
	}
	return math.Min(1, float64(b.iter)/float64(b.noImp*5))
}

// stopped checks the context and limits (the clock every 16 iterations).
func (b *searchBudget) stopped() bool {
	if b.stop != "" {
		return true
	}
	if b.iter&15 == 0 && b.ctx.Err() != nil {
		b.stop = StopCancelled
	} else if b.maxIter > 0 && b.iter >= b.maxIter {
		b.stop = StopIterations
	} else if !b.deadline.IsZero() && b.iter&15 == 0 && !time.Now().Before(b.deadline) {
		b.stop = StopTimeLimit
	}
	return b.stop != ""
}
