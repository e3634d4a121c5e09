package cflp

import (
	"math"
	"math/rand/v2"

	"github.com/huishou/huishou/optimizer/locate"
)

// Synthetic builds a synthetic three-tier location problem of Sichuan's
// size (`huishou bench synth`): n demand points and n candidate collection
// points on a 500 km square with coverage-pruned arcs (each point's k
// nearest), t1 transfer stations, t2 sorting centres and s fixed sinks,
// each site linked to its 3 nearest of the next tier. The same seed gives
// the same problem. Sichuan's size is n 3101, k 30, t1 183, t2 21, s 8.
func Synthetic(seed uint64, n, k, t1, t2, s int) *locate.Problem {
	rng := rand.New(rand.NewPCG(seed, seed))
	type pt struct{ x, y float64 }
	rnd := func() pt { return pt{rng.Float64() * 500, rng.Float64() * 500} }
	dist := func(a, b pt) float64 { return math.Hypot(a.x-b.x, a.y-b.y) }
	dem := make([]pt, n)
	p := &locate.Problem{Coverage: locate.Coverage{Radius: 15, Penalty: 50}}
	var sites []pt
	for i := range n {
		dem[i] = rnd()
		sites = append(sites, dem[i])
		p.Sites = append(p.Sites, locate.Site{Fixed: 200 + float64(rng.IntN(200)), Capacity: 300,
			Modules: []locate.Module{{Fixed: 150, Capacity: 150}, {Fixed: 250, Capacity: 400}}})
	}
	for i := range n {
		amt := float64(10 + rng.IntN(40))
		d := locate.Demand{Amount: amt}
		// the k nearest candidates (a grid would be faster; n is small here)
		type c struct {
			i int
			d float64
		}
		best := make([]c, 0, k+1)
		for j := range n {
			dd := dist(dem[i], sites[j])
			if len(best) < k || dd < best[len(best)-1].d {
				best = append(best, c{j, dd})
				for q := len(best) - 1; q > 0 && best[q].d < best[q-1].d; q-- {
					best[q], best[q-1] = best[q-1], best[q]
				}
				if len(best) > k {
					best = best[:k]
				}
			}
		}
		for _, b := range best {
			d.Arcs = append(d.Arcs, locate.Arc{Site: b.i, Cost: amt * b.d * 0.5, Distance: b.d})
		}
		p.Demands = append(p.Demands, d)
	}
	tiers := []int{t1, t2, s}
	prev := []int{}
	for i := range n {
		prev = append(prev, i)
	}
	for t, cnt := range tiers {
		var cur []int
		for range cnt {
			q := rnd()
			sites = append(sites, q)
			st := locate.Site{Tier: t + 1, Fixed: 5000 * float64(3-t), Capacity: 0}
			if t == 2 {
				st = locate.Site{Tier: 3, Status: locate.ForceOpen}
			} else {
				st.Capacity = 40000 / float64(cnt) * 3
			}
			p.Sites = append(p.Sites, st)
			cur = append(cur, len(p.Sites)-1)
		}
		for _, a := range prev {
			// link each site to its 3 nearest of the next tier
			type c struct {
				i int
				d float64
			}
			var best []c
			for _, b := range cur {
				best = append(best, c{b, dist(sites[a], sites[b])})
			}
			for x := 0; x < len(best); x++ {
				for y := x + 1; y < len(best); y++ {
					if best[y].d < best[x].d {
						best[x], best[y] = best[y], best[x]
					}
				}
			}
			for _, b := range best[:min(3, len(best))] {
				p.Links = append(p.Links, locate.Link{From: a, To: b.i, Cost: 0.05 * b.d})
			}
		}
		prev = cur
	}
	return p
}
