package route

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func prepared(tb testing.TB, n int) (*instance, *individual, *localSearch, *splitter) {
	tb.Helper()
	p := randomProblem(11, n, 50)
	if err := p.Validate(); err != nil {
		tb.Fatal(err)
	}
	in := newInstance(p, 20)
	rng := rand.New(rand.NewPCG(1, 0))
	ind := newIndividual(in)
	for k := range ind.tour {
		ind.tour[k] = int32(k + 1)
	}
	rng.Shuffle(len(ind.tour), func(a, b int) { ind.tour[a], ind.tour[b] = ind.tour[b], ind.tour[a] })
	sp := newSplitter(in)
	load := make([]int64, in.nD)
	sp.split(ind, in.penalty0, 0, in.nR, load)
	return in, ind, newLocalSearch(in, rng), sp
}

// splitBellman is the naive O(n²) Bellman split with soft capacities, the
// baseline for the linear split.
func splitBellman(in *instance, tour []int32, penalty float64, pot []float64) float64 {
	n := in.n
	for i := 1; i <= n; i++ {
		pot[i] = inf
	}
	pot[0] = 0
	for i := 0; i < n; i++ {
		var load, dist int64
		for j := i + 1; j <= n; j++ {
			c := int(tour[j-1])
			load += in.dem[c]
			if j == i+1 {
				dist = in.d(0, c)
			} else {
				dist += in.d(int(tour[j-2]), c)
			}
			ex := max(0, load-in.capv[0])
			cost := pot[i] + float64(dist+in.d(c, 0)+in.fixed) + penalty*float64(ex)
			if cost < pot[j] {
				pot[j] = cost
			}
		}
	}
	return pot[n]
}

func TestLinearSplitMatchesBellman(t *testing.T) {
	in, ind, _, sp := prepared(t, 120)
	rng := rand.New(rand.NewPCG(3, 3))
	pot := make([]float64, in.n+1)
	load := make([]int64, 1)
	for range 50 {
		rng.Shuffle(len(ind.tour), func(a, b int) { ind.tour[a], ind.tour[b] = ind.tour[b], ind.tour[a] })
		pen := 0.5 + 20*rng.Float64()
		sp.split(ind, pen, 0, in.n, load)
		want := splitBellman(in, ind.tour, pen, pot)
		if got := ind.penCost; got > want+1e-6 || got < want-1e-6 {
			t.Fatalf("linear split cost %.3f, Bellman %.3f", got, want)
		}
	}
}

func TestLocalSearchNoAllocs(t *testing.T) {
	in, ind, ls, _ := prepared(t, 200)
	work := newIndividual(in)
	allocs := testing.AllocsPerRun(20, func() {
		work.copyFrom(ind)
		ls.run(work, in.penalty0, 0)
	})
	if allocs != 0 {
		t.Errorf("a full local search allocates %.1f times per run, want 0", allocs)
	}
	// A single move evaluation.
	ls.penalty = in.penalty0
	ls.load(ind)
	ls.u, ls.v = 5, int(in.neigh[5][0])
	allocs = testing.AllocsPerRun(100, func() {
		ls.setU()
		ls.setV()
		_ = ls.move1()
	})
	if allocs != 0 {
		t.Errorf("a move evaluation allocates %.1f times, want 0", allocs)
	}
}

func BenchmarkLocalSearch(b *testing.B) {
	in, ind, ls, _ := prepared(b, 1000)
	work := newIndividual(in)
	b.ReportAllocs()
	for b.Loop() {
		work.copyFrom(ind)
		ls.run(work, in.penalty0, 0)
	}
}

func BenchmarkLocalSearchSweep(b *testing.B) {
	in, ind, ls, sp := prepared(b, 1000)
	slices.SortFunc(ind.tour, func(x, y int32) int { return int(in.polar[x]) - int(in.polar[y]) })
	sp.split(ind, in.penalty0, 0, in.nR, make([]int64, 1))
	work := newIndividual(in)
	b.ReportAllocs()
	for b.Loop() {
		work.copyFrom(ind)
		ls.run(work, in.penalty0, 0)
	}
	b.ReportMetric(float64(work.cost), "cost")
}

func BenchmarkSplitLinear(b *testing.B) {
	in, ind, _, sp := prepared(b, 1000)
	load := make([]int64, 1)
	b.ReportAllocs()
	for b.Loop() {
		sp.split(ind, in.penalty0, 0, in.nR, load)
	}
}

func BenchmarkSplitBellman(b *testing.B) {
	in, ind, _, _ := prepared(b, 1000)
	pot := make([]float64, in.n+1)
	b.ReportAllocs()
	for b.Loop() {
		splitBellman(in, ind.tour, in.penalty0, pot)
	}
}
