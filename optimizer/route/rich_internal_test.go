package route

import (
	"math"
	"math/rand/v2"
	"testing"
)

// richSolomonLike builds a 100-client problem with time windows and a
// shipment per ten clients, in the shape of Solomon and Li & Lim.
func richSolomonLike() *Problem {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 101
	pts := make([][2]float64, n)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 100, rng.Float64() * 100}
	}
	p := &Problem{N: n, Dist: make([]int64, n*n)}
	for i := range n {
		for j := range n {
			p.Dist[i*n+j] = int64(math.Round(1000 * math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])))
		}
	}
	p.Vehicles = []Vehicle{{Capacity: []int64{200}, Count: 25, Shift: TimeWindow{Start: 0, End: 1000000}}}
	for i := 1; i < n; i++ {
		a := int64(rng.IntN(800000))
		tw := []TimeWindow{{Start: a, End: a + 100000}}
		if i%10 == 0 {
			p.Shipments = append(p.Shipments, Shipment{Pickup: Stop{Location: i, TimeWindows: tw, Service: 10000},
				Delivery: Stop{Location: i - 1, Service: 10000}, Amount: []int64{10}})
			continue
		}
		if i%10 == 9 {
			continue
		}
		p.Clients = append(p.Clients, Client{Location: i, Demand: []int64{10}, Service: 10000, TimeWindows: tw})
	}
	return p
}

func richSearchState(b testing.TB) (*sisr, *rsol) {
	p := richSolomonLike()
	if err := p.Validate(); err != nil {
		b.Fatal(err)
	}
	in := newRinst(p)
	s := newSISR(in, 1, 1)
	sol := newRsol(in)
	all := make([]int32, in.nJ)
	for j := range all {
		all[j] = int32(j)
	}
	s.recreate(sol, all)
	return s, sol
}

func TestRichInsertionAllocs(t *testing.T) {
	s, sol := richSearchState(t)
	in := s.in
	r := &sol.routes[0]
	pu, pd := in.jobNodes(in.nC)
	var sink float64
	allocs := testing.AllocsPerRun(100, func() {
		for k := 1; k <= len(r.nodes)+1; k++ {
			if c, ok := in.insertCost(r, 0, k); ok {
				sink += c
			}
		}
		inf := math.Inf(1)
		in.pairScan(r, pu, pd, &inf, func(k, j int, c float64) { sink += c })
		if s.sim.feasible(r.t, r.nodes) {
			sink++
		}
	})
	if allocs != 0 {
		t.Errorf("insertion tests and the exact replay allocate %.1f times per run, want 0", allocs)
	}
	_ = sink
}

// BenchmarkRichRuinRecreate measures one SISR iteration (copy, ruin,
// recreate) on a 100-job problem with windows and shipments.
func BenchmarkRichRuinRecreate(b *testing.B) {
	s, cur := richSearchState(b)
	cand := newRsol(s.in)
	var extra []int32
	b.ReportAllocs()
	for b.Loop() {
		cand.copyFrom(cur)
		extra = s.unassignedJobs(cand, extra[:0])
		s.ruin(cand)
		s.recreate(cand, extra)
	}
}

// BenchmarkRichInsertCost measures the O(1) test of one client insertion.
func BenchmarkRichInsertCost(b *testing.B) {
	s, sol := richSearchState(b)
	r := &sol.routes[0]
	L := len(r.nodes)
	k := 0
	for b.Loop() {
		s.in.insertCost(r, 5, k%(L+1)+1)
		k++
	}
}
