package route

import (
	"math"
	"slices"
)

// srexScratch holds the buffers of the selective route exchange.
type srexScratch struct {
	ra, rb   []int     // non-empty routes of each parent, by centroid angle
	angA     []float64 // centroid angle of each route slot of parent A / B
	angB     []float64
	fromB    []bool // per location: in a route taken from parent B
	placed   []bool // per location: in the child
	routeOf  []int32
	load     []int64 // per route slot × dimension, of the child
	unplaced []int32
}

// srex is the selective route exchange crossover (Nagata & Kobayashi
// 2010, as in PyVRP): the child keeps parent A's routes except a run of
// consecutive ones (by centroid angle around the depot), which it takes
// from parent B instead — B's routes whole, A's kept routes without the
// clients B brings — and reinserts the clients left out at their
// cheapest position next to a granular neighbour. The child is mostly an
// educated solution already, so its local search is short; that is what
// large instances at short limits need. It returns false (the caller then
// uses OX) without coordinates or with fewer than two routes per parent.
func (w *worker) srex(res, p1, p2 *individual) bool {
	in := w.in
	if !in.hasCoord {
		return false
	}
	s := &w.sx
	s.ra = w.sortedRoutes(p1, s.ra, &s.angA)
	s.rb = w.sortedRoutes(p2, s.rb, &s.angB)
	nA, nB := len(s.ra), len(s.rb)
	if nA < 2 || nB < 2 {
		return false
	}
	nMove := 1 + w.rng.IntN(max(1, min(nA, nB)/2))
	startA := w.rng.IntN(nA)
	// B's run starts at the route whose angle is closest to A's first.
	a0 := s.angA[s.ra[startA]]
	startB, best := 0, math.Inf(1)
	for k, r := range s.rb {
		d := math.Abs(s.angB[r] - a0)
		d = math.Min(d, 2*math.Pi-d)
		if d < best {
			best, startB = d, k
		}
	}
	n := in.n
	s.fromB = grow(s.fromB, n+1)
	s.placed = grow(s.placed, n+1)
	s.routeOf = grow(s.routeOf, n+1)
	clear(s.fromB)
	clear(s.placed)
	for k := range nMove {
		for _, c := range p2.routes[s.rb[(startB+k)%nB]] {
			s.fromB[c] = true
		}
	}
	for r := range res.routes {
		res.routes[r] = res.routes[r][:0]
		res.dirty[r] = false
	}
	slot := 0
	for k := range nMove {
		for _, c := range p2.routes[s.rb[(startB+k)%nB]] {
			res.routes[slot] = append(res.routes[slot], c)
			s.placed[c] = true
		}
		res.dirty[slot] = true
		slot++
	}
	for k := nMove; k < nA; k++ {
		for _, c := range p1.routes[s.ra[(startA+k)%nA]] {
			if !s.fromB[c] {
				res.routes[slot] = append(res.routes[slot], c)
				s.placed[c] = true
			} else {
				res.dirty[slot] = true
			}
		}
		slot++
	}
	s.unplaced = s.unplaced[:0]
	for c := 1; c <= n; c++ {
		if !s.placed[c] {
			s.unplaced = append(s.unplaced, int32(c))
		}
	}
	w.rng.Shuffle(len(s.unplaced), func(i, j int) { s.unplaced[i], s.unplaced[j] = s.unplaced[j], s.unplaced[i] })
	D := in.nD
	s.load = grow(s.load, len(res.routes)*D)
	clear(s.load)
	for r := range slot {
		for _, c := range res.routes[r] {
			s.routeOf[c] = int32(r)
			for d := range D {
				s.load[r*D+d] += in.dem[int(c)*D+d]
			}
		}
	}
	for _, c := range s.unplaced {
		r, at := w.cheapestNear(res, int(c))
		if r < 0 {
			// No neighbour is placed: a route of its own if a slot is
			// free, else the end of the shortest route.
			r, at = slot, 0
			if slot == len(res.routes) {
				r = 0
				for q := range slot {
					if len(res.routes[q]) < len(res.routes[r]) {
						r = q
					}
				}
				at = len(res.routes[r])
			} else {
				slot++
			}
		}
		rt := append(res.routes[r], 0)
		copy(rt[at+1:], rt[at:])
		rt[at] = c
		res.routes[r] = rt
		res.dirty[r] = true
		s.routeOf[c] = int32(r)
		s.placed[c] = true
		for d := range D {
			s.load[r*D+d] += in.dem[int(c)*D+d]
		}
	}
	k := 0
	for _, rt := range res.routes {
		for _, c := range rt {
			res.tour[k] = c
			k++
		}
	}
	res.hot = true
	return true
}

// sortedRoutes lists the non-empty routes of ind by the polar angle of
// their centroid around the depot (angles stored per route slot in *ang).
func (w *worker) sortedRoutes(ind *individual, dst []int, ang *[]float64) []int {
	in := w.in
	*ang = grow(*ang, len(ind.routes))
	dst = dst[:0]
	for r, rt := range ind.routes {
		if len(rt) == 0 {
			continue
		}
		var sx, sy float64
		for _, c := range rt {
			sx += in.x[c] - in.x[0]
			sy += in.y[c] - in.y[0]
		}
		(*ang)[r] = math.Atan2(sy, sx)
		dst = append(dst, r)
	}
	a := *ang
	slices.SortFunc(dst, func(p, q int) int {
		switch {
		case a[p] < a[q]:
			return -1
		case a[p] > a[q]:
			return 1
		}
		return p - q
	})
	return dst
}

// cheapestNear returns the route and position where inserting client c
// next to (before or after) one of its placed granular neighbours adds
// the least distance plus load penalty; r < 0 when no neighbour is placed.
func (w *worker) cheapestNear(res *individual, c int) (r, at int) {
	in := w.in
	s := &w.sx
	r, best := -1, math.Inf(1)
	D := in.nD
	for _, v := range in.neigh[c] {
		if !s.placed[v] {
			continue
		}
		q := int(s.routeOf[v])
		rt := res.routes[q]
		k := slices.Index(rt, v)
		var excess int64
		for d := range D {
			l := s.load[q*D+d]
			excess += max(l+in.dem[c*D+d]-in.capv[d], 0) - max(l-in.capv[d], 0)
		}
		pen := w.penalty * float64(excess)
		// Before v (after its predecessor) and after v.
		for _, pos := range [2]int{k, k + 1} {
			prev, next := 0, 0
			if pos > 0 {
				prev = int(rt[pos-1])
			}
			if pos < len(rt) {
				next = int(rt[pos])
			}
			cost := float64(in.d(prev, c)+in.d(c, next)-in.d(prev, next)) + pen
			if cost < best {
				best, r, at = cost, q, pos
			}
		}
	}
	return r, at
}
