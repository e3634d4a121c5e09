package route

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func randomVRPTW(seed uint64, n int, capQ int64, fleet int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	N := n + 1
	pts := make([][2]float64, N)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 100, rng.Float64() * 100}
	}
	pts[0] = [2]float64{50, 50}
	dist := make([]int64, N*N)
	for i := range N {
		for j := range N {
			dx, dy := pts[i][0]-pts[j][0], pts[i][1]-pts[j][1]
			dist[i*N+j] = int64(10 * sqrt(dx*dx+dy*dy))
		}
	}
	p := &Problem{N: N, Dist: dist, Coords: pts}
	horizon := int64(4000)
	for i := 1; i < N; i++ {
		d0 := dist[i]
		e := rng.Int64N(horizon - 2*d0 - 100)
		e = max(e, d0)
		w := 100 + rng.Int64N(800)
		l := min(e+w, horizon-d0-50)
		p.Clients = append(p.Clients, Client{Location: i, Demand: []int64{1 + rng.Int64N(9)}, Service: 50,
			TimeWindows: []TimeWindow{{e, l}}})
	}
	p.Vehicles = []Vehicle{{Capacity: []int64{capQ}, Count: fleet, Shift: TimeWindow{0, horizon}}}
	return p
}

func sqrt(x float64) float64 {
	z := x / 2
	if x == 0 {
		return 0
	}
	for range 40 {
		z = (z + x/z) / 2
	}
	return z
}

func TestTWDebugCycle(t *testing.T) {
  for seed := range uint64(40) {
	p := randomVRPTW(seed, 20+int(seed)*3, 20+int64(seed), int(seed%3))
	if seed%3 != 0 {
		p.Vehicles[0].Count = 30
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if !p.hgsShaped() {
		t.Fatal("not hgs shaped")
	}
	in := newInstance(p, 20)
	rng := rand.New(rand.NewPCG(1, 0))
	ls := newLocalSearch(in, rng)
	sp := newSplitter(in)
	ind := newIndividual(in)
	for k := range ind.tour {
		ind.tour[k] = int32(k + 1)
	}
	rng.Shuffle(len(ind.tour), func(a, b int) { ind.tour[a], ind.tour[b] = ind.tour[b], ind.tour[a] })
	load := make([]int64, 1)
	sp.split(ind, in.penalty0, in.twPenalty0, in.nR, load)
	debugLS = func(ls *localSearch, r1, r2 int, before float64) {
		after := 0.0
		for r := range ls.nR {
			after += float64(ls.rDist[r]) + ls.rPen[r]
		}
		if after > before-1e-9 {
			panic(fmt.Sprintf("move did not improve: %v -> %v (routes %d %d)", before, after, r1, r2))
		}
	}
	defer func() { debugLS = nil }()
	for k := range 4 {
		ls.run(ind, in.penalty0*float64(k+1), in.twPenalty0*float64(k*k+1))
		want := ind.penCost
		ind.evaluate(in, in.penalty0*float64(k+1), in.twPenalty0*float64(k*k+1), load)
		_ = want
	}
  }
}

func TestTWDebugSplit(t *testing.T) {
	p := randomVRPTW(1, 60, 40, 0)
	in := newInstance(p, 20)
	rng := rand.New(rand.NewPCG(1, 0))
	sp := newSplitter(in)
	ind := newIndividual(in)
	for k := range ind.tour {
		ind.tour[k] = int32(k + 1)
	}
	rng.Shuffle(len(ind.tour), func(a, b int) { ind.tour[a], ind.tour[b] = ind.tour[b], ind.tour[a] })
	load := make([]int64, 1)
	sp.split(ind, in.penalty0, in.twPenalty0, in.nR, load)
	seen := map[int32]int{}
	for r, rt := range ind.routes {
		t.Log(r, rt)
		for _, c := range rt {
			seen[c]++
		}
	}
	t.Log(len(seen), in.n, in.nR)
}
