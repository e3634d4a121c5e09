package route

import (
	"cmp"
	"slices"
)

// savings builds a CVRP solution by the parallel savings heuristic of
// Clarke & Wright (1964), restricted to pairs of granular neighbours (the
// usual sparsification: O(n·k log(n·k)) instead of O(n² log n)), into ind's
// routes and tour. It returns false when the routes do not fit the route
// slots. It seeds the initial population: on large instances a random giant
// tour needs many local-search passes to become a decent solution, a
// savings solution few.
func (in *instance) savings(ind *individual) bool {
	n, D := in.n, in.nD
	type pair struct {
		s    int64
		i, j int32
	}
	var pairs []pair
	for i := 1; i <= n; i++ {
		for _, j := range in.neigh[i] {
			if int(j) > i {
				pairs = append(pairs, pair{in.d(0, i) + in.d(int(j), 0) - in.d(i, int(j)), int32(i), j})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(b.s, a.s); c != 0 {
			return c
		}
		if c := cmp.Compare(a.i, b.i); c != 0 {
			return c
		}
		return cmp.Compare(a.j, b.j)
	})
	// Route r is the chain head[r] … tail[r]; each client starts alone.
	next := make([]int32, n+1)
	prev := make([]int32, n+1)
	of := make([]int32, n+1) // client → route (route ids are client ids)
	head := make([]int32, n+1)
	tail := make([]int32, n+1)
	load := make([]int64, (n+1)*D)
	for c := 1; c <= n; c++ {
		of[c], head[c], tail[c] = int32(c), int32(c), int32(c)
		copy(load[c*D:(c+1)*D], in.dem[c*D:(c+1)*D])
	}
	reverse := func(r int32) {
		for c := head[r]; c != 0; c = prev[c] {
			next[c], prev[c] = prev[c], next[c]
		}
		head[r], tail[r] = tail[r], head[r]
	}
	for _, p := range pairs {
		if p.s <= 0 {
			break
		}
		ri, rj := of[p.i], of[p.j]
		if ri == rj {
			continue
		}
		fits := true
		for d := range D {
			if load[int(ri)*D+d]+load[int(rj)*D+d] > in.capv[d] {
				fits = false
			}
		}
		if !fits {
			continue
		}
		// Join the routes through the arc i–j when both are route ends:
		// orient ri to end at i and rj to start at j.
		if (p.i != head[ri] && p.i != tail[ri]) || (p.j != head[rj] && p.j != tail[rj]) {
			continue
		}
		if p.i != tail[ri] {
			reverse(ri)
		}
		if p.j != head[rj] {
			reverse(rj)
		}
		next[p.i], prev[p.j] = p.j, p.i
		tail[ri] = tail[rj]
		for c := p.j; c != 0; c = next[c] {
			of[c] = ri
		}
		for d := range D {
			load[int(ri)*D+d] += load[int(rj)*D+d]
		}
	}
	nr := 0
	k := 0
	for r := range ind.routes {
		ind.routes[r] = ind.routes[r][:0]
	}
	for c := 1; c <= n; c++ {
		if of[c] != int32(c) {
			continue
		}
		if nr == in.nR {
			return false
		}
		for v := head[c]; v != 0; v = next[v] {
			ind.routes[nr] = append(ind.routes[nr], v)
			ind.tour[k] = v
			k++
		}
		nr++
	}
	return k == n
}
