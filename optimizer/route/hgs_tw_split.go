package route

// splitTW cuts the giant tour of a VRPTW into at most nR routes: a Bellman
// split over the tour where each route's penalised cost (distance, fixed
// cost, load and time-warp penalties) is built incrementally with twMerge
// while the route is extended, O(n·B) for routes of at most B clients —
// a route stops growing once a dimension's load passes 1.5 capacities. It
// first solves without a route bound and, when that needs more than nR
// routes, repeats layer by layer (at most k routes for k = 1..nR), O(n·B·nR).
func (s *splitter) splitTW(ind *individual, nR int) {
	in := s.in
	n := in.n
	w := n + 1
	for i := 1; i <= n; i++ {
		s.pot[i] = inf
	}
	s.pot[0] = 0
	for i := 0; i < n; i++ {
		s.extendTW(ind.tour, i, s.pot[i], s.pot[:w], s.pred[:w])
	}
	routes := 0
	for end := n; end > 0; end = int(s.pred[end]) {
		routes++
	}
	for r := range ind.routes {
		ind.routes[r] = ind.routes[r][:0]
	}
	if routes <= nR {
		end := n
		for r := routes - 1; r >= 0; r-- {
			begin := int(s.pred[end])
			ind.routes[r] = append(ind.routes[r], ind.tour[begin:end]...)
			end = begin
		}
		return
	}
	for i := 1; i <= (nR+1)*w-1; i++ {
		s.pot[i] = inf
	}
	for k := 0; k < nR; k++ {
		for i := k; i < n; i++ {
			if p := s.pot[k*w+i]; p < inf {
				s.extendTW(ind.tour, i, p, s.pot[(k+1)*w:(k+2)*w], s.pred[(k+1)*w:(k+2)*w])
			}
		}
	}
	best, nb := s.pot[nR*w+n], nR
	for k := 1; k < nR; k++ {
		if s.pot[k*w+n] < best {
			best, nb = s.pot[k*w+n], k
		}
	}
	end := n
	for k := nb - 1; k >= 0; k-- {
		begin := int(s.pred[(k+1)*w+end])
		ind.routes[k] = append(ind.routes[k], ind.tour[begin:end]...)
		end = begin
	}
}

// extendTW relaxes, from label p at tour position i, the routes serving
// positions i+1..j into pot[j] and pred[j].
func (s *splitter) extendTW(tour []int32, i int, p float64, pot []float64, pred []int32) {
	in := s.in
	D := in.nD
	load := s.twLoad
	clear(load)
	seg := in.visit(0)
	prev := 0
	var dist int64
	for j := i + 1; j <= in.n; j++ {
		c := int(tour[j-1])
		dist += in.d(prev, c)
		seg = twMerge(seg, in.t(prev, c), in.visit(c))
		var ex int64
		over := false
		for d := range D {
			load[d] += in.dem[c*D+d]
			if l, cp := load[d], in.capv[d]; l > cp {
				ex += l - cp
				over = over || float64(l) > 1.5*float64(cp)
			}
		}
		if over && j > i+1 {
			return
		}
		warp := twMerge(seg, in.t(c, 0), in.visit(0)).warp
		cost := p + float64(dist+in.d(c, 0)+in.fixed) + s.penalty*float64(ex) + s.twPenalty*float64(warp)
		if cost < pot[j] {
			pot[j] = cost
			pred[j] = int32(i)
		}
		prev = c
	}
}
