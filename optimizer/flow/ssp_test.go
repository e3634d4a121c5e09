package flow

import (
	"container/heap"
	"math"
)

// sspTransport is the naive baseline: successive shortest paths with
// Dijkstra and Johnson potentials on the residual graph, floating-point
// costs. It needs costs ≥ 0 and returns the optimal cost and flows, or
// ok=false when demand cannot be met.
func sspTransport(supply, demand []float64, arcs []Arc) (cost float64, flow []float64, ok bool) {
	m, n := len(supply), len(demand)
	S, T := m+n, m+n+1
	N := m + n + 2
	type edge struct {
		to   int
		capa float64
		cost float64
		rev  int
		arc  int
	}
	g := make([][]edge, N)
	add := func(u, v int, c, w float64, arc int) {
		g[u] = append(g[u], edge{v, c, w, len(g[v]), arc})
		g[v] = append(g[v], edge{u, 0, -w, len(g[u]) - 1, -1})
	}
	var need float64
	for i, b := range supply {
		add(S, i, b, 0, -1)
	}
	for j, d := range demand {
		add(m+j, T, d, 0, -1)
		need += d
	}
	for k, a := range arcs {
		if math.IsInf(a.Cost, 1) {
			continue
		}
		add(a.From, m+a.To, math.Inf(1), a.Cost, k)
	}
	pot := make([]float64, N)
	dist := make([]float64, N)
	prevN := make([]int, N)
	prevE := make([]int, N)
	for need > 1e-9 {
		for v := range dist {
			dist[v] = math.Inf(1)
		}
		dist[S] = 0
		pq := &fheap{{S, 0}}
		for pq.Len() > 0 {
			it := heap.Pop(pq).(fitem)
			u := it.v
			if it.d > dist[u] {
				continue
			}
			for k, e := range g[u] {
				if e.capa <= 1e-12 {
					continue
				}
				rc := e.cost + pot[u] - pot[e.to]
				if rc < 0 {
					rc = 0
				}
				if nd := dist[u] + rc; nd < dist[e.to]-1e-12 {
					dist[e.to] = nd
					prevN[e.to], prevE[e.to] = u, k
					heap.Push(pq, fitem{e.to, nd})
				}
			}
		}
		if math.IsInf(dist[T], 1) {
			return 0, nil, false
		}
		for v := range pot {
			if !math.IsInf(dist[v], 1) {
				pot[v] += dist[v]
			}
		}
		f := need
		for v := T; v != S; v = prevN[v] {
			f = min(f, g[prevN[v]][prevE[v]].capa)
		}
		for v := T; v != S; v = prevN[v] {
			e := &g[prevN[v]][prevE[v]]
			e.capa -= f
			g[v][e.rev].capa += f
		}
		need -= f
	}
	flow = make([]float64, len(arcs))
	for u := range m {
		for _, e := range g[u] {
			if e.arc >= 0 {
				x := g[e.to][e.rev].capa
				flow[e.arc] = x
				cost += x * arcs[e.arc].Cost
			}
		}
	}
	return cost, flow, true
}

type fitem struct {
	v int
	d float64
}

type fheap []fitem

func (h fheap) Len() int           { return len(h) }
func (h fheap) Less(i, j int) bool { return h[i].d < h[j].d }
func (h fheap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *fheap) Push(x any)        { *h = append(*h, x.(fitem)) }
func (h *fheap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
