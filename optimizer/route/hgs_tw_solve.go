package route

import (
	"fmt"
	"slices"
)

// twRoutes is the route-slot count for a VRPTW with an unlimited fleet:
// the capacity-based count of newInstance, raised to what a greedy
// first-fit by deadline needs (capacity alone says little about how many
// routes the windows force), plus slack, at most n.
func (in *instance) twRoutes() int {
	order := make([]int, in.n)
	for i := range order {
		order[i] = i + 1
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case in.twL[a] < in.twL[b]:
			return -1
		case in.twL[a] > in.twL[b]:
			return 1
		}
		return 0
	})
	D := in.nD
	var segs []twSeg
	var last []int
	var loads []int64
	for _, c := range order {
		placed := false
		for r := range segs {
			s := twMerge(segs[r], in.t(last[r], c), in.visit(c))
			ok := s.warp == 0 && twMerge(s, in.t(c, 0), in.visit(0)).warp == 0
			for d := range D {
				ok = ok && loads[r*D+d]+in.dem[c*D+d] <= in.capv[d]
			}
			if ok {
				segs[r], last[r] = s, c
				for d := range D {
					loads[r*D+d] += in.dem[c*D+d]
				}
				placed = true
				break
			}
		}
		if !placed {
			segs = append(segs, twMerge(in.visit(0), in.t(0, c), in.visit(c)))
			last = append(last, c)
			loads = append(loads, in.dem[c*D:(c+1)*D]...)
		}
	}
	return min(max(in.nR, len(segs)+3), in.n)
}

// initialTW checks a user solution of a VRPTW with the rich engine's
// replay (every route feasible for the vehicle, no client twice) and
// converts it into an individual. Clients it leaves out go to empty route
// slots, or to the end of the last route, for the education to place.
func initialTW(p *Problem, in *instance, s *Solution) (*individual, error) {
	rin := newRinst(p)
	rs, err := rin.initial(s)
	if err != nil {
		return nil, err
	}
	nonEmpty := 0
	for _, r := range rs.routes {
		if len(r.nodes) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty > in.nR {
		if in.fleet > 0 {
			return nil, &InputError{Field: "initial_solution.routes", Msg: fmt.Sprintf("%d routes, more than the %d available", nonEmpty, in.nR)}
		}
		in.nR = nonEmpty // before the worker sizes its buffers
	}
	ind := newIndividual(in)
	r := 0
	for _, rt := range rs.routes {
		if len(rt.nodes) == 0 {
			continue
		}
		for _, v := range rt.nodes {
			ind.routes[r] = append(ind.routes[r], v+1)
		}
		r++
	}
	for c := range in.n {
		if rs.where[c] >= 0 {
			continue
		}
		if r < in.nR {
			ind.routes[r] = append(ind.routes[r], int32(c+1))
			r++
		} else {
			ind.routes[in.nR-1] = append(ind.routes[in.nR-1], int32(c+1))
		}
	}
	k := 0
	for _, rt := range ind.routes {
		for _, c := range rt {
			ind.tour[k] = c
			k++
		}
	}
	return ind, nil
}

// twSolution builds the Solution of a VRPTW from the routes of ind through
// the rich engine's solution builder, which times every step. A route that
// does not replay feasibly (when the search found no feasible solution)
// keeps the clients it can serve in order; the others are reported
// unassigned, with the reason, as the rich engine does.
func twSolution(p *Problem, ind *individual) (*Solution, error) {
	rin := newRinst(p)
	sim := newSimulator(rin)
	rs := newRsol(rin)
	var nodes []int32
	for _, rt := range ind.routes {
		nodes = nodes[:0]
		for _, c := range rt {
			nodes = append(nodes, c-1)
		}
		if len(nodes) > 0 && !sim.feasible(0, nodes) {
			kept := nodes[:0]
			for _, v := range slices.Clone(nodes) {
				if sim.feasible(0, append(kept, v)) {
					kept = append(kept, v)
				}
			}
			nodes = kept
		}
		if len(nodes) == 0 {
			continue
		}
		r := rroute{t: 0, nodes: slices.Clone(nodes), ver: uint64(len(rs.routes) + 1)}
		rin.update(&r)
		for _, v := range r.nodes {
			rs.where[v] = int32(len(rs.routes))
			rs.pen -= rin.pen[v]
			rs.nUnass--
		}
		rs.routes = append(rs.routes, r)
		rs.used[0]++
		rs.cost += r.cost
	}
	return rin.solution(rs)
}
