package route

import "slices"

// simulator replays a route exactly: several time windows per stop, setup
// times, breaks, the duration limit with the latest feasible departure,
// loads at every step. It is the reference the O(1) insertion tests
// approximate, and it writes the steps of the final solution.
type simulator struct {
	in     *rinst
	load   []int64
	order  []int // the type's breaks by first window start
	record bool
	steps  []Step
	// totals of the last feasible run
	depart, end, travel, dist, wait, svc int64
}

func newSimulator(in *rinst) *simulator {
	return &simulator{in: in, load: make([]int64, in.D)}
}

// earliestIn returns the earliest time ≥ at inside one of tws (any time
// when tws is empty), or false.
func earliestIn(tws []TimeWindow, at int64) (int64, bool) {
	if len(tws) == 0 {
		return at, true
	}
	for _, w := range tws {
		if w.End >= at {
			return max(at, w.Start), true
		}
	}
	return 0, false
}

// feasible reports whether nodes form a feasible route for type ti,
// departing as late as possible (which minimises the duration).
func (s *simulator) feasible(ti int, nodes []int32) bool {
	in := s.in
	t := &in.types[ti]
	if len(nodes) > t.maxStops {
		return false
	}
	for _, v := range nodes {
		if !in.compatible(t, v) {
			return false
		}
	}
	if !s.run(ti, nodes, t.shiftS) {
		return false
	}
	if s.wait == 0 || len(nodes) == 0 {
		return s.end-s.depart <= t.maxDur
	}
	// Latest feasible departure in [shiftS, shiftS + total wait]: a later
	// start never ends earlier than it starts later, so the duration does
	// not grow.
	lo, hi := int64(0), s.wait
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if s.run(ti, nodes, t.shiftS+mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if !s.run(ti, nodes, t.shiftS+lo) {
		return false
	}
	return s.end-s.depart <= t.maxDur
}

// runChecked is feasible for a type without a duration limit: the route
// from the shift's start, skills and stop limit included.
func (s *simulator) runChecked(ti int, nodes []int32) bool {
	in := s.in
	t := &in.types[ti]
	if len(nodes) > t.maxStops {
		return false
	}
	for _, v := range nodes {
		if !in.compatible(t, v) {
			return false
		}
	}
	return s.run(ti, nodes, t.shiftS)
}

// run simulates departing at depart; on success it sets the totals (and
// the steps when s.record).
func (s *simulator) run(ti int, nodes []int32, depart int64) bool {
	in := s.in
	t := &in.types[ti]
	D := in.D
	s.steps = s.steps[:0]
	clear(s.load)
	for _, v := range nodes {
		if in.partner[v] < 0 {
			for d := range D {
				s.load[d] += in.deliv[int(v)*D+d]
			}
		}
	}
	for d := range D {
		if s.load[d] > t.capv[d] {
			return false
		}
	}
	s.order = t.breakOrder
	bi := 0
	now := depart
	prev := t.start
	if prev < 0 && len(nodes) > 0 {
		prev = in.loc[nodes[0]]
	}
	s.depart, s.travel, s.dist, s.wait, s.svc = depart, 0, 0, 0, 0
	if s.record {
		s.steps = append(s.steps, Step{Kind: StepStart, Index: -1, Location: int(prev), Arrival: depart, Load: slices.Clone(s.load)})
	}
	for k := 0; k <= len(nodes); k++ {
		var l int32
		var tws []TimeWindow
		var svc, setup int64
		last := k == len(nodes)
		if last {
			l = t.end
		} else {
			v := nodes[k]
			l, tws, svc = in.loc[v], in.tws[v], in.service[v]
			if l != prev {
				setup = in.setup[v]
			}
		}
		travel := in.tt(prev, l)
		// Breaks before travelling on.
		for bi < len(s.order) {
			br := &t.breaks[s.order[bi]]
			bs, ok := earliestIn(br.TimeWindows, now)
			if !ok {
				return false
			}
			take := last
			if !take {
				noBreak, ok := earliestIn(tws, now+travel)
				if !ok {
					return false
				}
				if bs+br.Duration+travel <= noBreak {
					take = true // it fits into the waiting
				} else if _, ok := earliestIn(br.TimeWindows, noBreak+setup+svc); !ok {
					take = true // later would be too late
				}
			}
			if !take {
				break
			}
			if s.record {
				s.steps = append(s.steps, Step{Kind: StepBreak, Index: s.order[bi], Location: -1, Arrival: now,
					Wait: bs - now, Service: br.Duration, Distance: s.dist, Load: slices.Clone(s.load)})
			}
			s.wait += bs - now
			s.svc += br.Duration
			now = bs + br.Duration
			bi++
		}
		arr := now + travel
		s.travel += travel
		s.dist += in.dd(prev, l)
		if last {
			if arr > t.shiftE {
				return false
			}
			s.end = arr
			if s.record {
				s.steps = append(s.steps, Step{Kind: StepEnd, Index: -1, Location: int(l), Arrival: arr, Distance: s.dist, Load: slices.Clone(s.load)})
			}
			break
		}
		st, ok := earliestIn(tws, arr)
		if !ok {
			return false
		}
		v := nodes[k]
		for d := range D {
			s.load[d] += in.delta[int(v)*D+d]
			if s.load[d] > t.capv[d] {
				return false
			}
		}
		s.wait += st - arr
		s.svc += setup + svc
		if s.record {
			kind, idx := StepClient, int(v)
			switch {
			case int(v) >= in.nC+in.nS:
				kind, idx = StepDelivery, int(v)-in.nC-in.nS
			case int(v) >= in.nC:
				kind, idx = StepPickup, int(v)-in.nC
			}
			s.steps = append(s.steps, Step{Kind: kind, Index: idx, Location: int(l), Arrival: arr, Wait: st - arr,
				Setup: setup, Service: svc, Distance: s.dist, Load: slices.Clone(s.load)})
		}
		now = st + setup + svc
		prev = l
	}
	if bi < len(s.order) {
		return false
	}
	return s.travel <= t.maxTravel && s.dist <= t.maxDist
}

func firstStart(tws []TimeWindow) int64 {
	if len(tws) == 0 {
		return 0
	}
	return tws[0].Start
}
