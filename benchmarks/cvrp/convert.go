package cvrp

import "github.com/huishou/huishou/optimizer/route"

// FromSolution converts a route.Solution of in.Problem() to CVRPLIB
// customer numbers.
func (in *Instance) FromSolution(s *route.Solution) Routes {
	// Client k of the problem is the k-th non-depot node.
	nodes := make([]int, 0, in.Dimension-1)
	for i := range in.Dimension {
		if i != in.Depot {
			nodes = append(nodes, i)
		}
	}
	out := make(Routes, 0, len(s.Routes))
	for _, rt := range s.Routes {
		r := make([]int, len(rt.Clients))
		for k, c := range rt.Clients {
			r[k] = nodes[c]
		}
		out = append(out, r)
	}
	return out
}

// ToClients converts CVRPLIB routes to client indices of in.Problem().
func (in *Instance) ToClients(routes Routes) [][]int {
	idx := make([]int, in.Dimension)
	k := 0
	for i := range in.Dimension {
		idx[i] = -1
		if i != in.Depot {
			idx[i] = k
			k++
		}
	}
	out := make([][]int, len(routes))
	for r, rt := range routes {
		out[r] = make([]int, len(rt))
		for j, c := range rt {
			if c >= 0 && c < in.Dimension {
				out[r][j] = idx[c]
			} else {
				out[r][j] = -1
			}
		}
	}
	return out
}
