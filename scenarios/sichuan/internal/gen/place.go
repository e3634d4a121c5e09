package main

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// place returns n points inside mp by best-candidate sampling: for each
// point, k uniform random points inside mp (rejection sampling in the
// bounding box) are drawn and the one farthest from all points so far
// (others, then the points already placed) and from the boundary of mp is
// kept: the centre of the largest empty circle among the candidates, so a
// placed point keeps away from its neighbours and from the county border
// alike. Distances are planar
// with longitude scaled by cos(latitude). Coordinates are rounded to 1e-5
// degrees before the containment test. The random stream is
// rand.NewPCG(seed, stream), so the result depends only on the inputs.
func place(mp orb.MultiPolygon, others []orb.Point, n int, seed, stream uint64, k int) []orb.Point {
	rng := rand.New(rand.NewPCG(seed, stream))
	b := mp.Bound()
	kx := math.Cos(b.Center()[1] * math.Pi / 180)
	all := append([]orb.Point(nil), others...)
	out := make([]orb.Point, 0, n)
	for range n {
		var best orb.Point
		bestD := -1.0
		for c, tries := 0, 0; c < k; tries++ {
			if tries > 1000*k {
				panic("place: polygon too thin to sample")
			}
			p := orb.Point{
				round5(b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0])),
				round5(b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])),
			}
			if !planar.MultiPolygonContains(mp, p) {
				continue
			}
			c++
			d := edgeDist2(mp, p, kx)
			for _, o := range all {
				dx, dy := (p[0]-o[0])*kx, p[1]-o[1]
				d = min(d, dx*dx+dy*dy)
			}
			if d > bestD {
				best, bestD = p, d
			}
		}
		out = append(out, best)
		all = append(all, best)
	}
	return out
}

func round5(v float64) float64 { return math.Round(v*1e5) / 1e5 }

// edgeDist2 returns the squared scaled distance from p to the nearest edge of mp.
func edgeDist2(mp orb.MultiPolygon, p orb.Point, kx float64) float64 {
	best := math.Inf(1)
	for _, poly := range mp {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				ax, ay := (r[i][0]-p[0])*kx, r[i][1]-p[1]
				bx, by := (r[i+1][0]-p[0])*kx, r[i+1][1]-p[1]
				dx, dy := bx-ax, by-ay
				t := 0.0
				if l := dx*dx + dy*dy; l > 0 {
					t = max(0, min(1, -(ax*dx+ay*dy)/l))
				}
				cx, cy := ax+t*dx, ay+t*dy
				best = min(best, cx*cx+cy*cy)
			}
		}
	}
	return best
}
