package locate

import (
	"math"
	"slices"
)

// ssMoves improves the incumbent of a one-tier single-sourcing problem by
// site moves: close an open site, open a closed one, or swap the two. The
// Lagrangian heuristic and the point moves of ssLocal cannot leave a local
// optimum where every single open or close costs more (a coverage penalty
// makes such optima common: a site is worth moving, not closing). Each move
// reassigns only the points it touches — a closed site's points go, the
// largest first, to the open site where they cost least with room left; a
// point moves to an opened site when that is cheaper for it — and is costed
// exactly: arc costs plus, per site, the cheapest module that carries its
// load. The best move of a pass is taken, its assignment polished by
// ssLocal and offered; passes go on while a move improves, at most maxPass.
// Every arc looked at counts as one arc evaluation of the work (see
// Options.Work).
func (s *solver) ssMoves(maxPass int, lb float64) {
	in := s.in
	if !in.single || in.ntier != 1 || in.budget > 0 || s.best == nil || s.best.assign == nil {
		return
	}
	m := newMoveState(in)
	for pass := 0; pass < maxPass && !s.stopped(); pass++ {
		cur := s.best
		m.load(cur)
		base := m.total()
		bestD, bestClose, bestOpen := -1e-9*math.Max(1, math.Abs(base)), -1, -1
		try := func(cl, op int) {
			if d, ok := m.delta(cl, op); ok && d < bestD {
				bestD, bestClose, bestOpen = d, cl, op
			}
		}
		for i := range in.ns {
			if i%64 == 63 && s.stopped() {
				s.evals += m.evals
				return
			}
			mask := in.fullMask(i)
			switch {
			case m.open[i] && mask&1 != 0:
				try(i, -1)
				for _, c := range m.near(i) {
					try(i, c)
				}
			case !m.open[i] && mask != 1:
				try(-1, i)
			}
		}
		s.evals += m.evals
		m.evals = 0
		if bestClose < 0 && bestOpen < 0 {
			return
		}
		m.delta(bestClose, bestOpen)
		m.apply()
		// ssLocal keeps each site within the module it now needs
		load := make([]float64, in.ns)
		for j, k := range m.assign {
			load[in.aSite[k]] += in.amt[j]
		}
		opt := make([]int, in.ns)
		for i := range in.ns {
			if m.open[i] {
				opt[i] = m.module(i, load[i])
			}
		}
		in.ssLocal(opt, m.assign, load)
		s.evals += int64(len(in.aSite)) // ssLocal's shift pass, at least
		before := s.best
		pr, ok, err := in.evalOpen(s.ctx, opt, m.assign)
		if err != nil {
			if s.err == nil && s.ctx.Err() == nil {
				s.err = err
			}
			return
		}
		if ok {
			s.offer(pr, lb)
		}
		if s.best == before {
			return
		}
	}
}

// moveState is the scratch space of ssMoves: the incumbent's assignment
// and loads, and the trial move's changes.
type moveState struct {
	in     *inst
	open   []bool
	assign []int // arc per demand point
	ld     []float64
	byLoad [][]int // per site, its points, the largest first
	nearTo [][]int // per site, the sites sharing a demand point with it
	// the last trial move: new arc per moved point (−1: unmoved), the
	// points moved in order, new loads of the sites touched
	trial   []int
	moved   []int
	tLoad   []float64
	touched []int
	isTouch []bool
	cands   []moveCand
	order   []int
	evals   int64
	lastCl  int
	lastOp  int
}

type moveCand struct {
	j, k int
	save float64
}

func newMoveState(in *inst) *moveState {
	m := &moveState{in: in, open: make([]bool, in.ns), assign: make([]int, in.nd), ld: make([]float64, in.ns),
		byLoad: make([][]int, in.ns), nearTo: make([][]int, in.ns), trial: make([]int, in.nd),
		tLoad: make([]float64, in.ns), isTouch: make([]bool, in.ns)}
	for j := range m.trial {
		m.trial[j] = -1
	}
	seen := make([]int, in.ns)
	for i := range seen {
		seen[i] = -1
	}
	for i := range in.ns {
		for _, k := range in.siteArcs[i] {
			j := in.aDem[k]
			for a := in.arcStart[j]; a < in.arcStart[j+1]; a++ {
				if c := in.aSite[a]; c != i && seen[c] != i {
					seen[c] = i
					m.nearTo[i] = append(m.nearTo[i], c)
				}
			}
		}
		slices.Sort(m.nearTo[i])
	}
	return m
}

// load sets the state to the primal pr.
func (m *moveState) load(pr *primal) {
	in := m.in
	copy(m.assign, pr.assign)
	clear(m.ld)
	for i := range in.ns {
		m.open[i] = pr.opt[i] > 0
		m.byLoad[i] = m.byLoad[i][:0]
	}
	for j, k := range m.assign {
		i := in.aSite[k]
		m.ld[i] += in.amt[j]
		m.byLoad[i] = append(m.byLoad[i], j)
	}
	for i := range in.ns {
		slices.SortStableFunc(m.byLoad[i], func(a, b int) int {
			switch {
			case in.amt[a] > in.amt[b]:
				return -1
			case in.amt[a] < in.amt[b]:
				return 1
			}
			return 0
		})
	}
}

// near lists the closed sites that share a demand point with site i.
func (m *moveState) near(i int) []int {
	m.order = m.order[:0]
	for _, c := range m.nearTo[i] {
		if !m.open[c] && m.in.fullMask(c) != 1 {
			m.order = append(m.order, c)
		}
	}
	return m.order
}

// siteCost is the cost of site i carrying load (the cheapest module that
// carries it; 0 when it carries nothing and may close).
func (m *moveState) siteCost(i int, load float64) float64 {
	in := m.in
	mask := in.fullMask(i)
	if load <= 1e-9 && mask&1 != 0 {
		return 0
	}
	best := math.Inf(1)
	for q := 1; q < len(in.optFixed[i]); q++ {
		if mask&(1<<uint(q)) != 0 && in.optCap[i][q] >= load*(1-1e-12) {
			best = min(best, in.optFixed[i][q]+in.optHand[i][q]*load)
		}
	}
	return best
}

// module is the option of site i that carries load at least cost (the
// largest when none carries it).
func (m *moveState) module(i int, load float64) int {
	in := m.in
	mask := in.fullMask(i)
	best, bv := in.largestOption(i, mask), math.Inf(1)
	for q := 1; q < len(in.optFixed[i]); q++ {
		if v := in.optFixed[i][q] + in.optHand[i][q]*load; mask&(1<<uint(q)) != 0 && in.optCap[i][q] >= load*(1-1e-12) && v < bv {
			best, bv = q, v
		}
	}
	return best
}

// total is the cost of the current state.
func (m *moveState) total() float64 {
	in := m.in
	c := 0.0
	for _, k := range m.assign {
		c += in.aCost[k]
	}
	for i := range in.ns {
		if m.open[i] {
			c += m.siteCost(i, m.ld[i])
		}
	}
	return c
}

// newLoad is site i's load under the trial move.
func (m *moveState) newLoad(i int) float64 {
	if m.isTouch[i] {
		return m.tLoad[i]
	}
	return m.ld[i]
}

func (m *moveState) setLoad(i int, v float64) {
	if !m.isTouch[i] {
		m.isTouch[i] = true
		m.touched = append(m.touched, i)
	}
	m.tLoad[i] = v
}

// reset forgets the last trial move.
func (m *moveState) reset() {
	for _, j := range m.moved {
		m.trial[j] = -1
	}
	for _, i := range m.touched {
		m.isTouch[i] = false
	}
	m.moved, m.touched = m.moved[:0], m.touched[:0]
}

// delta costs the move that closes cl and opens op (either may be −1)
// and keeps its changes as the trial; ok is false when it is infeasible.
func (m *moveState) delta(cl, op int) (float64, bool) {
	in := m.in
	m.reset()
	m.lastCl, m.lastOp = cl, op
	openAfter := func(i int) bool { return i != cl && (m.open[i] || i == op) }
	d := 0.0
	move := func(j, k int) {
		old := m.assign[j]
		if m.trial[j] >= 0 {
			old = m.trial[j]
		} else {
			m.moved = append(m.moved, j)
		}
		a := in.amt[j]
		m.setLoad(in.aSite[old], m.newLoad(in.aSite[old])-a)
		m.setLoad(in.aSite[k], m.newLoad(in.aSite[k])+a)
		m.trial[j] = k
		d += in.aCost[k] - in.aCost[old]
	}
	if op >= 0 {
		// points move to op where it is cheaper for them, the largest
		// saving first, while op has room
		m.cands = m.cands[:0]
		for _, k := range in.siteArcs[op] {
			m.evals++
			j := in.aDem[k]
			cur := m.assign[j]
			if in.aSite[cur] == cl {
				continue // placed below
			}
			// what the point saves on its arc and on its site's module
			ci := in.aSite[cur]
			sv := in.aCost[cur] - in.aCost[k] + m.siteCost(ci, m.ld[ci]) - m.siteCost(ci, m.ld[ci]-in.amt[j])
			if sv > 0 {
				m.cands = append(m.cands, moveCand{j, k, sv})
			}
		}
		slices.SortStableFunc(m.cands, func(a, b moveCand) int {
			switch {
			case a.save > b.save:
				return -1
			case a.save < b.save:
				return 1
			}
			return 0
		})
		for _, c := range m.cands {
			if m.newLoad(op)+in.amt[c.j] <= in.capMax[op]*(1+1e-12) {
				move(c.j, c.k)
			}
		}
	}
	if cl >= 0 {
		for _, j := range m.byLoad[cl] {
			bk, bv := -1, math.Inf(1)
			for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
				m.evals++
				i := in.aSite[k]
				if !openAfter(i) || m.newLoad(i)+in.amt[j] > in.capMax[i]*(1+1e-12) {
					continue
				}
				// the arc plus what the extra load costs the site
				v := in.aCost[k] + m.siteCost(i, m.newLoad(i)+in.amt[j]) - m.siteCost(i, m.newLoad(i))
				if v < bv {
					bk, bv = k, v
				}
			}
			if bk < 0 {
				return 0, false
			}
			move(j, bk)
		}
		if !m.isTouch[cl] { // closed with no points
			m.setLoad(cl, 0)
		}
	}
	if op >= 0 && !m.isTouch[op] { // opened, and nothing moved to it
		return 0, false
	}
	for _, i := range m.touched {
		l := m.tLoad[i]
		was, now := 0.0, 0.0
		if m.open[i] {
			was = m.siteCost(i, m.ld[i])
		}
		if openAfter(i) {
			now = m.siteCost(i, l)
		} else if l > 1e-9*math.Max(1, m.ld[i]) {
			return 0, false
		}
		d += now - was
	}
	if math.IsInf(d, 0) || math.IsNaN(d) {
		return 0, false
	}
	return d, true
}

// apply takes the last trial move.
func (m *moveState) apply() {
	for _, j := range m.moved {
		m.assign[j] = m.trial[j]
	}
	if m.lastCl >= 0 {
		m.open[m.lastCl] = false
	}
	if m.lastOp >= 0 {
		m.open[m.lastOp] = true
	}
}
