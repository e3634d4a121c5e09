package main

import (
	"cmp"
	"encoding/binary"
	"log"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
)

// sizeFactor scales the tolerance of small counties: at most
// sizeFactor × √area (in degrees of latitude).
const sizeFactor = 0.04

// vtx is a vertex in integer 1e-4 degrees.
type vtx [2]int64

type arc struct {
	pts   []vtx // canonical orientation
	users []int // county indices
}

type arcRef struct {
	id  int
	rev bool
}

// simplifyAll sets c.simple for every county. Borders shared by two counties
// are cut into arcs at the vertices where the set of counties owning a vertex
// changes, and each arc is simplified once (Douglas–Peucker with the smallest
// tolerance of the counties using it), so neighbours keep identical borders.
// A county whose points fall outside its simplified boundary, or whose rings
// self-intersect, gets half the tolerance, until everything passes; parts
// smaller than minPolygonDeg2 that hold none of the county's points are
// dropped.
func simplifyAll(cs []*county, pts map[string][]orb.Point, tol0 float64) {
	// Open integer rings, without consecutive duplicates.
	rings := make([][][][]vtx, len(cs))
	owners := map[vtx][]int{}
	for ci, c := range cs {
		for _, p := range c.orig {
			var pr [][]vtx
			for _, r := range p {
				var vr []vtx
				for _, pt := range r {
					v := vtx{q(pt[0]), q(pt[1])}
					if len(vr) > 0 && vr[len(vr)-1] == v {
						continue
					}
					vr = append(vr, v)
				}
				if len(vr) > 1 && vr[0] == vr[len(vr)-1] {
					vr = vr[:len(vr)-1]
				}
				if len(vr) < 3 {
					continue
				}
				// Outer rings counter-clockwise, holes clockwise, so that
				// neighbours run along a shared border in opposite directions.
				if a := area2(vr); (a < 0) == (len(pr) == 0) {
					slices.Reverse(vr)
				}
				for _, v := range vr {
					o := owners[v]
					if len(o) == 0 || o[len(o)-1] != ci {
						owners[v] = append(o, ci)
					}
				}
				pr = append(pr, vr)
			}
			if len(pr) > 0 {
				rings[ci] = append(rings[ci], pr)
			}
		}
	}

	// Pairs (a, b) of shared vertices where b is the next shared vertex
	// after a along a ring, with the counties whose rings have them.
	edges := map[[2]vtx][]int{}
	for ci := range cs {
		for _, p := range rings[ci] {
			for _, r := range p {
				var shared []vtx
				for _, v := range r {
					if len(owners[v]) > 1 {
						shared = append(shared, v)
					}
				}
				for i, v := range shared {
					e := [2]vtx{v, shared[(i+1)%len(shared)]}
					edges[e] = append(edges[e], ci)
				}
			}
		}
	}

	// Cut rings into arcs.
	var arcs []arc
	arcID := map[string]int{}
	refs := make([][][][]arcRef, len(cs))
	for ci := range cs {
		for _, p := range rings[ci] {
			var pr [][]arcRef
			for _, r := range p {
				var rr []arcRef
				for _, run := range runs(r, ci, owners, edges) {
					canon, rev := canonical(run)
					key := arcKey(canon)
					id, ok := arcID[key]
					if !ok {
						id = len(arcs)
						arcID[key] = id
						arcs = append(arcs, arc{pts: canon})
					}
					if u := arcs[id].users; len(u) == 0 || u[len(u)-1] != ci {
						arcs[id].users = append(u, ci)
					}
					rr = append(rr, arcRef{id, rev})
				}
				pr = append(pr, rr)
			}
			refs[ci] = append(refs[ci], pr)
		}
	}
	log.Printf("%d arcs", len(arcs))

	tol := make([]float64, len(cs))
	for i, c := range cs {
		tol[i] = min(tol0, sizeFactor*math.Sqrt(c.area)/111.2)
	}
	raw := make([]bool, len(cs))
	for round := 0; ; round++ {
		simple := make([][]vtx, len(arcs))
		for i, a := range arcs {
			t := math.Inf(1)
			for _, u := range a.users {
				t = min(t, tol[u])
			}
			simple[i] = dp(a.pts, t)
		}
		var bad []int
		for ci, c := range cs {
			if raw[ci] {
				c.simple = c.orig.Clone()
			} else {
				c.simple = assemble(refs[ci], simple, pts[c.adcode])
			}
			ok := len(c.simple) > 0
			for _, pt := range pts[c.adcode] {
				if ok && !planar.MultiPolygonContains(c.simple, pt) {
					ok = false
					if tol[ci] == 0 {
						log.Printf("%s: %v outside", c.adcode, pt)
					}
				}
			}
			for _, p := range c.simple {
				for _, r := range p {
					if ok && selfIntersects(r) {
						ok = false
						if tol[ci] == 0 {
							log.Printf("%s: ring of %d self-intersects", c.adcode, len(r))
						}
					}
				}
			}
			if !ok {
				bad = append(bad, ci)
			}
		}
		if len(bad) == 0 {
			break
		}
		for _, ci := range bad {
			if raw[ci] {
				log.Fatalf("county %s fails even with its original boundary", cs[ci].adcode)
			}
			if tol[ci] == 0 {
				raw[ci] = true
				log.Printf("round %d: %s %s keeps its original boundary", round, cs[ci].adcode, cs[ci].name)
				continue
			}
			tol[ci] /= 2
			if tol[ci] < 1e-4 {
				tol[ci] = 0
			}
			log.Printf("round %d: %s %s tolerance → %g", round, cs[ci].adcode, cs[ci].name, tol[ci])
		}
	}
}

// runs cuts an open ring at its fixed vertices: those whose owner set differs
// from a neighbour's. A ring with fewer than two fixed vertices is fixed at
// its smallest vertex and the vertex farthest from it, which does not depend
// on where the ring starts or its direction.
func runs(r []vtx, self int, owners map[vtx][]int, edges map[[2]vtx][]int) [][]vtx {
	n := len(r)
	// Label each vertex with its owner set; a stretch of vertices owned by
	// this county alone between two vertices with the same shared owner set
	// that follow each other in another county's ring (in the opposite
	// direction, with only that county's own vertices between) takes that
	// set: the two sides of a border may carry extra vertices of their own.
	label := make([][]int, n)
	first := -1
	for i, v := range r {
		if o := owners[v]; len(o) > 1 {
			label[i] = o
			if first < 0 {
				first = i
			}
		}
	}
	if first >= 0 {
		for k := 0; k < n; {
			i := (first + k) % n
			j, steps := (i+1)%n, 1
			for label[j] == nil {
				j, steps = (j+1)%n, steps+1
			}
			if steps > 1 && slices.Equal(label[i], label[j]) && otherThan(edges[[2]vtx{r[j], r[i]}], self) {
				for m := 1; m < steps; m++ {
					label[(i+m)%n] = label[i]
				}
			}
			k += steps
		}
	}
	// Drop the vertices that took a shared set: only the vertices both
	// neighbours have stay, so both sides cut the same arc.
	keep := r[:0:0]
	var kl [][]int
	for i, v := range r {
		switch {
		case label[i] == nil:
			keep, kl = append(keep, v), append(kl, owners[v])
		case len(owners[v]) > 1:
			keep, kl = append(keep, v), append(kl, label[i])
		}
	}
	r, label, n = keep, kl, len(keep)
	var fixed []int
	for i := range r {
		o := label[i]
		if !slices.Equal(o, label[(i+n-1)%n]) || !slices.Equal(o, label[(i+1)%n]) {
			fixed = append(fixed, i)
		}
	}
	if len(fixed) < 2 {
		a := 0
		if len(fixed) == 1 {
			a = fixed[0]
		} else {
			for i, v := range r {
				if less(v, r[a]) {
					a = i
				}
			}
		}
		b, best := -1, int64(-1)
		for i, v := range r {
			dx, dy := v[0]-r[a][0], v[1]-r[a][1]
			if d := dx*dx + dy*dy; d > best || d == best && less(v, r[b]) {
				b, best = i, d
			}
		}
		fixed = []int{min(a, b), max(a, b)}
	}
	var out [][]vtx
	for j, s := range fixed {
		e := fixed[(j+1)%len(fixed)]
		if e <= s {
			e += n
		}
		run := make([]vtx, 0, e-s+1)
		for i := s; i <= e; i++ {
			run = append(run, r[i%n])
		}
		out = append(out, run)
	}
	return out
}

func less(a, b vtx) bool { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) < 0 }

// canonical returns run or its reverse, whichever is lexicographically
// smaller, and whether it was reversed.
func canonical(run []vtx) ([]vtx, bool) {
	rev := slices.Clone(run)
	slices.Reverse(rev)
	c := slices.CompareFunc(run, rev, func(a, b vtx) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	if c <= 0 {
		return run, false
	}
	return rev, true
}

func arcKey(a []vtx) string {
	b := make([]byte, 0, 16*len(a))
	for _, v := range a {
		b = binary.AppendVarint(b, v[0])
		b = binary.AppendVarint(b, v[1])
	}
	return string(b)
}

func dp(a []vtx, tol float64) []vtx {
	ls := make(orb.LineString, len(a))
	for i, v := range a {
		ls[i] = orb.Point{float64(v[0]) / 1e4, float64(v[1]) / 1e4}
	}
	if tol > 0 {
		ls = simplify.DouglasPeucker(tol).LineString(ls)
	}
	out := make([]vtx, len(ls))
	for i, p := range ls {
		out[i] = vtx{q(p[0]), q(p[1])}
	}
	return out
}

// assemble rebuilds a county's multipolygon from its simplified arcs.
func assemble(refs [][][]arcRef, simple [][]vtx, pts []orb.Point) orb.MultiPolygon {
	var mp orb.MultiPolygon
	var best orb.Polygon
	bestArea := -1.0
	for _, pr := range refs {
		var poly orb.Polygon
		for _, rr := range pr {
			var vs []vtx
			for _, ref := range rr {
				a := simple[ref.id]
				if ref.rev {
					a = slices.Clone(a)
					slices.Reverse(a)
				}
				for i, v := range a {
					if i == 0 && len(vs) > 0 {
						continue
					}
					if len(vs) > 0 && vs[len(vs)-1] == v {
						continue
					}
					vs = append(vs, v)
				}
			}
			for len(vs) > 1 && vs[0] == vs[len(vs)-1] {
				vs = vs[:len(vs)-1]
			}
			if len(vs) < 3 {
				continue
			}
			ring := make(orb.Ring, 0, len(vs)+1)
			for _, v := range vs {
				ring = append(ring, orb.Point{float64(v[0]) / 1e4, float64(v[1]) / 1e4})
			}
			ring = append(ring, ring[0])
			poly = append(poly, ring)
		}
		if len(poly) == 0 {
			continue
		}
		area := math.Abs(planar.Area(poly[0]))
		if area > bestArea {
			best, bestArea = poly, area
		}
		keep := area >= minPolygonDeg2
		for _, pt := range pts {
			if !keep && planar.PolygonContains(poly, pt) {
				keep = true
			}
		}
		if keep {
			mp = append(mp, poly)
		}
	}
	if len(mp) == 0 && best != nil {
		mp = orb.MultiPolygon{best}
	}
	return mp
}

// selfIntersects reports whether two non-adjacent edges of the closed ring r
// cross or touch.
func selfIntersects(r orb.Ring) bool {
	n := len(r) - 1
	for i := 0; i < n; i++ {
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue
			}
			if segmentsIntersect(r[i], r[i+1], r[j], r[j+1]) {
				return true
			}
		}
	}
	return false
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func onSegment(a, b, p orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

func segmentsIntersect(p1, p2, p3, p4 orb.Point) bool {
	d1, d2 := orient(p3, p4, p1), orient(p3, p4, p2)
	d3, d4 := orient(p1, p2, p3), orient(p1, p2, p4)
	if (d1 > 0 && d2 < 0 || d1 < 0 && d2 > 0) && (d3 > 0 && d4 < 0 || d3 < 0 && d4 > 0) {
		return true
	}
	return d1 == 0 && onSegment(p3, p4, p1) || d2 == 0 && onSegment(p3, p4, p2) ||
		d3 == 0 && onSegment(p1, p2, p3) || d4 == 0 && onSegment(p1, p2, p4)
}

// area2 returns twice the signed area of the open ring r (positive when
// counter-clockwise).
func area2(r []vtx) int64 {
	var a int64
	for i, v := range r {
		w := r[(i+1)%len(r)]
		a += v[0]*w[1] - w[0]*v[1]
	}
	return a
}

// otherThan reports whether counties holds a county other than self.
func otherThan(counties []int, self int) bool {
	for _, c := range counties {
		if c != self {
			return true
		}
	}
	return false
}
