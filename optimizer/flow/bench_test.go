package flow

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// facilityInstance returns a transportation problem shaped like the
// facility-location inner loop: m sites (sources) and n customers (sinks)
// at random points of a 100 km square, integer demands 1..100, site
// capacities totalling ratio × demand, and costs = demand-weighted distance
// in metres rounded to 1/8 (OR-Library style decimals).
func facilityInstance(seed uint64, m, n int, ratio float64) (supply, demand []float64, pts [][2]float64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	pts = make([][2]float64, m+n)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 1e5, rng.Float64() * 1e5}
	}
	demand = make([]float64, n)
	var total float64
	for j := range demand {
		demand[j] = float64(1 + rng.IntN(100))
		total += demand[j]
	}
	supply = make([]float64, m)
	for i := range supply {
		supply[i] = math.Ceil(total * ratio / float64(m) * (0.5 + rng.Float64()))
	}
	return supply, demand, pts
}

func unitCost(pts [][2]float64, i, j, m int) float64 {
	a, b := pts[i], pts[m+j]
	return math.Round(math.Hypot(a[0]-b[0], a[1]-b[1])*8) / 8
}

func denseInstance(seed uint64, m, n int) (supply, demand, cost []float64) {
	supply, demand, pts := facilityInstance(seed, m, n, 1.5)
	cost = make([]float64, m*n)
	for i := range m {
		for j := range n {
			cost[i*n+j] = unitCost(pts, i, j, m)
		}
	}
	return supply, demand, cost
}

// sparseInstance keeps, for every customer, its k nearest sites (a coverage
// radius), which is what keeps 3,000 × 3,000 problems tractable.
func sparseInstance(seed uint64, m, n, k int) (supply, demand []float64, arcs []Arc) {
	supply, demand, pts := facilityInstance(seed, m, n, 1.5)
	type cand struct {
		i int
		c float64
	}
	buf := make([]cand, m)
	for j := range n {
		for i := range m {
			buf[i] = cand{i, unitCost(pts, i, j, m)}
		}
		// partial selection of the k cheapest
		for a := range k {
			best := a
			for b := a + 1; b < m; b++ {
				if buf[b].c < buf[best].c {
					best = b
				}
			}
			buf[a], buf[best] = buf[best], buf[a]
			arcs = append(arcs, Arc{buf[a].i, j, buf[a].c})
		}
	}
	return supply, demand, arcs
}

// cpuMetric reports CPU ns per op since start.
func cpuMetric(b *testing.B, start int64) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func denseArcs(m, n int, cost []float64) []Arc {
	arcs := make([]Arc, 0, m*n)
	for i := range m {
		for j := range n {
			arcs = append(arcs, Arc{i, j, cost[i*n+j]})
		}
	}
	return arcs
}

func BenchmarkTransportDense100x1000(b *testing.B) {
	supply, demand, cost := denseInstance(1, 100, 1000)
	var ts TransportSolver
	ctx := context.Background()
	ts.SolveDense(ctx, supply, demand, cost) // warm the memory
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := ts.SolveDense(ctx, supply, demand, cost); err != nil {
			b.Fatal(err)
		}
	}
	cpuMetric(b, start)
	b.ReportMetric(float64(ts.s.pivots), "pivots")
	b.ReportMetric(float64(ts.s.scanned), "scanned")
}

// BenchmarkTransportDense100x1000Fresh allocates a new solver per solve.
func BenchmarkTransportDense100x1000Fresh(b *testing.B) {
	supply, demand, cost := denseInstance(1, 100, 1000)
	ctx := context.Background()
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		var ts TransportSolver
		if _, err := ts.SolveDense(ctx, supply, demand, cost); err != nil {
			b.Fatal(err)
		}
	}
	cpuMetric(b, start)
}

// BenchmarkTransportDense100x1000Pooled is the package function, which
// pools solvers and copies the result out.
func BenchmarkTransportDense100x1000Pooled(b *testing.B) {
	supply, demand, cost := denseInstance(1, 100, 1000)
	ctx := context.Background()
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := TransportDense(ctx, supply, demand, cost); err != nil {
			b.Fatal(err)
		}
	}
	cpuMetric(b, start)
}

// BenchmarkTransportDense100x1000SSP is the naive baseline: successive
// shortest paths (Dijkstra with potentials), one augmentation per path.
func BenchmarkTransportDense100x1000SSP(b *testing.B) {
	supply, demand, cost := denseInstance(1, 100, 1000)
	arcs := denseArcs(100, 1000, cost)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, _, ok := sspTransport(supply, demand, arcs); !ok {
			b.Fatal("infeasible")
		}
	}
	cpuMetric(b, start)
}

func BenchmarkTransportSparse3000x3000(b *testing.B) {
	supply, demand, arcs := sparseInstance(2, 3000, 3000, 30)
	var ts TransportSolver
	ctx := context.Background()
	ts.Solve(ctx, supply, demand, arcs) // warm the memory
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := ts.Solve(ctx, supply, demand, arcs); err != nil {
			b.Fatal(err)
		}
	}
	cpuMetric(b, start)
	b.ReportMetric(float64(ts.s.pivots), "pivots")
	b.ReportMetric(float64(ts.s.scanned), "scanned")
}

func BenchmarkTransportSparse3000x3000SSP(b *testing.B) {
	supply, demand, arcs := sparseInstance(2, 3000, 3000, 30)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, _, ok := sspTransport(supply, demand, arcs); !ok {
			b.Fatal("infeasible")
		}
	}
	cpuMetric(b, start)
}

// BenchmarkTransportDense100x1000Resolve is the local-search pattern: close
// one site (supply 0), re-solve warm, reopen it, re-solve warm. One op is
// one Resolve.
func BenchmarkTransportDense100x1000Resolve(b *testing.B) {
	supply, demand, cost := denseInstance(1, 100, 1000)
	var ts TransportSolver
	ctx := context.Background()
	if _, err := ts.SolveDense(ctx, supply, demand, cost); err != nil {
		b.Fatal(err)
	}
	work := append([]float64(nil), supply...)
	b.ReportAllocs()
	start := cpuTime()
	pivots, scanned, k := 0, 0, 0
	for b.Loop() {
		i := (k / 2 * 37) % len(supply)
		if k%2 == 0 {
			work[i] = 0
		} else {
			work[i] = supply[i]
		}
		k++
		if _, err := ts.Resolve(ctx, work, demand); err != nil {
			b.Fatal(err)
		}
		pivots += ts.s.pivots
		scanned += ts.s.scanned
	}
	cpuMetric(b, start)
	b.ReportMetric(float64(pivots)/float64(b.N), "pivots")
	b.ReportMetric(float64(scanned)/float64(b.N), "scanned")
}

func BenchmarkTransportSparse3000x3000Resolve(b *testing.B) {
	supply, demand, arcs := sparseInstance(2, 3000, 3000, 30)
	var ts TransportSolver
	ctx := context.Background()
	if _, err := ts.Solve(ctx, supply, demand, arcs); err != nil {
		b.Fatal(err)
	}
	work := append([]float64(nil), supply...)
	b.ReportAllocs()
	start := cpuTime()
	pivots, scanned, k := 0, 0, 0
	for b.Loop() {
		i := (k / 2 * 37) % len(supply)
		if k%2 == 0 {
			work[i] = 0
		} else {
			work[i] = supply[i]
		}
		k++
		if _, err := ts.Resolve(ctx, work, demand); err != nil {
			b.Fatal(err)
		}
		pivots += ts.s.pivots
		scanned += ts.s.scanned
	}
	cpuMetric(b, start)
	b.ReportMetric(float64(pivots)/float64(b.N), "pivots")
	b.ReportMetric(float64(scanned)/float64(b.N), "scanned")
}

// BenchmarkNetworkMultiEchelon solves a three-echelon network: 3,000
// customers → 8 nearest of 100 collection points (capacity as an in→out arc)
// → 3 nearest of 10 transfer stations (capacity arc) → one plant, with
// per-unit distance costs.
func BenchmarkNetworkMultiEchelon(b *testing.B) {
	const nc, n1, n2 = 3000, 100, 10
	rng := rand.New(rand.NewPCG(5, 5))
	pt := func() [2]float64 { return [2]float64{rng.Float64() * 1e5, rng.Float64() * 1e5} }
	cust := make([][2]float64, nc)
	t1 := make([][2]float64, n1)
	t2 := make([][2]float64, n2)
	for i := range cust {
		cust[i] = pt()
	}
	for i := range t1 {
		t1[i] = pt()
	}
	for i := range t2 {
		t2[i] = pt()
	}
	dist := func(a, c [2]float64) float64 { return math.Round(math.Hypot(a[0]-c[0], a[1]-c[1])) / 1000 }
	nearest := func(p [2]float64, set [][2]float64, k int) []int {
		idx := make([]int, len(set))
		for i := range idx {
			idx[i] = i
		}
		for a := range k {
			best := a
			for c := a + 1; c < len(idx); c++ {
				if dist(p, set[idx[c]]) < dist(p, set[idx[best]]) {
					best = c
				}
			}
			idx[a], idx[best] = idx[best], idx[a]
		}
		return idx[:k]
	}
	// nodes: customers, tier-1 in/out, tier-2 in/out, plant
	in1, out1 := nc, nc+n1
	in2, out2 := nc+2*n1, nc+2*n1+n2
	plant := nc + 2*n1 + 2*n2
	build := func() *Network {
		g := NewNetwork(plant + 1)
		var total float64
		for c := range nc {
			d := float64(1 + (c*7919)%50)
			total += d
			g.SetSupply(c, d)
			for _, k := range nearest(cust[c], t1, 8) {
				g.AddArc(c, in1+k, 0, math.Inf(1), dist(cust[c], t1[k]))
			}
		}
		g.SetSupply(plant, -total)
		for k := range n1 {
			g.AddArc(in1+k, out1+k, 0, math.Ceil(total*1.6/n1), 0.5)
			for _, l := range nearest(t1[k], t2, 3) {
				g.AddArc(out1+k, in2+l, 0, math.Inf(1), dist(t1[k], t2[l])*0.4)
			}
		}
		for l := range n2 {
			g.AddArc(in2+l, out2+l, 0, math.Ceil(total*1.5/n2), 0.2)
			g.AddArc(out2+l, plant, 0, math.Inf(1), dist(t2[l], [2]float64{5e4, 5e4})*0.2)
		}
		return g
	}
	g := build()
	ctx := context.Background()
	if err := g.Solve(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if err := g.Solve(ctx); err != nil {
			b.Fatal(err)
		}
	}
	cpuMetric(b, start)
	b.ReportMetric(float64(g.s.pivots), "pivots")
}
