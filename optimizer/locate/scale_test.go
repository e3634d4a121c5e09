package locate

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// sichuanLike builds a synthetic three-tier instance of the size the
// network-design issue needs: n demand points and n candidate collection
// points with coverage-pruned arcs (the k nearest), t1 transfer stations,
// t2 sorting centres and s fixed sinks.
func sichuanLike(rng *rand.Rand, n, k, t1, t2, s int) *Problem {
	type pt struct{ x, y float64 }
	rnd := func() pt { return pt{rng.Float64() * 500, rng.Float64() * 500} }
	dist := func(a, b pt) float64 { return math.Hypot(a.x-b.x, a.y-b.y) }
	dem := make([]pt, n)
	p := &Problem{Coverage: Coverage{Radius: 15, Penalty: 50}}
	var sites []pt
	for i := range n {
		dem[i] = rnd()
		sites = append(sites, dem[i])
		p.Sites = append(p.Sites, Site{Fixed: 200 + float64(rng.IntN(200)), Capacity: 300,
			Modules: []Module{{Fixed: 150, Capacity: 150}, {Fixed: 250, Capacity: 400}}})
	}
	for i := range n {
		amt := float64(10 + rng.IntN(40))
		d := Demand{Amount: amt}
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
			d.Arcs = append(d.Arcs, Arc{Site: b.i, Cost: amt * b.d * 0.5, Distance: b.d})
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
			st := Site{Tier: t + 1, Fixed: 5000 * float64(3-t), Capacity: 0}
			if t == 2 {
				st = Site{Tier: 3, Status: ForceOpen}
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
				p.Links = append(p.Links, Link{From: a, To: b.i, Cost: 0.05 * b.d})
			}
		}
		prev = cur
	}
	return p
}

// TestSichuanScale runs the full-size synthetic instance when
// LOCATE_SCALE=1 (a quality run, not a unit test).
func TestSichuanScale(t *testing.T) {
	if os.Getenv("LOCATE_SCALE") == "" {
		t.Skip("LOCATE_SCALE not set")
	}
	rng := rand.New(rand.NewPCG(1, 1))
	n, t1, t2 := 3101, 183, 21
	if os.Getenv("LOCATE_SCALE") == "small" {
		n, t1, t2 = 300, 20, 5
	}
	p := sichuanLike(rng, n, 30, t1, t2, 8)
	start := time.Now()
	sol, err := Solve(context.Background(), p, Options{TimeLimit: scaleLimit(), Progress: func(g Progress) {
		t.Logf("%6.1fs cost %.0f bound %.0f nodes %d", g.Elapsed.Seconds(), g.Cost, g.LowerBound, g.Nodes)
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("cost %.0f bound %.0f gap %.3f%% open %d nodes %d iters %d in %v (%s)", sol.Cost, sol.LowerBound, 100*sol.Gap(),
		len(sol.Open), sol.Stats.Nodes, sol.Stats.Iterations, time.Since(start), sol.Stats.StopReason)
}

func scaleLimit() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("LOCATE_SCALE_TIME")); err == nil {
		return d
	}
	return 60 * time.Second
}
