package route

// splitTW cuts the giant tour of a VRPTW into at most nR routes: a Bellman
// split over the tour. The penalised cost (distance, fixed cost, load and
// time-warp penalties) of every route serving tour positions i+1..j is
// built first, incrementally with twMerge while the route is extended —
// O(n·B) for routes of at most B clients, a route stops growing once a
// dimension's load passes 1.5 capacities — and kept in a flat buffer. The
// split then solves without a route bound and, when that needs more than
// nR routes, again layer by layer (at most k routes for k = 1..nR) from
// the same costs, O(n·B·nR) additions.
func (s *splitter) splitTW(ind *individual, nR int) {
	n := s.in.n
	w := n + 1
	buf := s.twCost[:0]
	for i := range n {
		s.twOff[i] = int32(len(buf))
		buf = s.routeCostsTW(ind.tour, i, buf)
	}
	s.twOff[n] = int32(len(buf))
	s.twCost = buf

	for i := 1; i <= n; i++ {
		s.pot[i] = inf
	}
	s.pot[0] = 0
	for i := range n {
		s.relaxTW(i, s.pot[i], s.pot[:w], s.pred[:w])
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
	for i := 1; i < (nR+1)*w; i++ {
		s.pot[i] = inf
	}
	for k := range nR {
		for i := k; i < n; i++ {
			if p := s.pot[k*w+i]; p < inf {
				s.relaxTW(i, p, s.pot[(k+1)*w:(k+2)*w], s.pred[(k+1)*w:(k+2)*w])
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

// relaxTW relaxes, from label p at tour position i, the routes serving
// positions i+1..j into pot[j] and pred[j].
func (s *splitter) relaxTW(i int, p float64, pot []float64, pred []int32) {
	costs := s.twCost[s.twOff[i]:s.twOff[i+1]]
	for k, c := range costs {
		j := i + 1 + k
		if p+c < pot[j] {
			pot[j] = p + c
			pred[j] = int32(i)
		}
	}
}

// routeCostsTW appends to buf the penalised cost of the routes serving
// tour positions i+1..j for j = i+1, i+2, … while the load stays within
// 1.5 capacities (always at least one client).
func (s *splitter) routeCostsTW(tour []int32, i int, buf []float64) []float64 {
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
			break
		}
		warp := twMerge(seg, in.t(c, 0), in.visit(0)).warp
		buf = append(buf, float64(dist+in.d(c, 0)+in.fixed)+s.penalty*float64(ex)+s.twPenalty*float64(warp))
		prev = c
	}
	return buf
}
