package route

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randomVRPTW is a random VRPTW over points in a 100×100 square (arc costs
// and durations: Euclidean distance ×10, rounded).
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
			dist[i*N+j] = int64(math.Round(10 * math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])))
		}
	}
	p := &Problem{N: N, Dist: dist, Coords: pts}
	const horizon = 4000
	for i := 1; i < N; i++ {
		d0 := dist[i]
		e := max(d0, rng.Int64N(horizon-2*d0-100))
		l := min(e+100+rng.Int64N(800), horizon-d0-50)
		p.Clients = append(p.Clients, Client{Location: i, Demand: []int64{1 + rng.Int64N(9)}, Service: 50,
			TimeWindows: []TimeWindow{{e, l}}})
	}
	p.Vehicles = []Vehicle{{Capacity: []int64{capQ}, Count: fleet, Shift: TimeWindow{0, horizon}}}
	return p
}

// preparedTW is prepared's VRPTW counterpart: an instance, a split random
// tour and a local search.
func preparedTW(tb testing.TB, seed uint64, n int, capQ int64, fleet int) (*instance, *individual, *localSearch, *splitter) {
	tb.Helper()
	p := randomVRPTW(seed, n, capQ, fleet)
	if err := p.Validate(); err != nil {
		tb.Fatal(err)
	}
	if !p.hgsShaped() {
		tb.Fatal("random VRPTW is not HGS-shaped")
	}
	in := newInstance(p, 20)
	rng := rand.New(rand.NewPCG(seed, 1))
	ind := newIndividual(in)
	for k := range ind.tour {
		ind.tour[k] = int32(k + 1)
	}
	rng.Shuffle(len(ind.tour), func(a, b int) { ind.tour[a], ind.tour[b] = ind.tour[b], ind.tour[a] })
	sp := newSplitter(in)
	sp.split(ind, in.penalty0, in.twPenalty0, in.nR, make([]int64, in.nD))
	return in, ind, newLocalSearch(in, rng), sp
}

// simulate replays visits (window [e, l], service s) with travel times t
// between them, starting the first service at start; a late arrival warps
// back to the window's end. It returns the total warp and the time from
// start to the end of the last service, warps excluded.
func simulate(e, l, s, t []int64, start int64) (warp, dur int64) {
	now := start
	for k := range e {
		if k > 0 {
			now += t[k-1]
		}
		if now > l[k] {
			warp += now - l[k]
			now = l[k]
		}
		now = max(now, e[k])
		now += s[k]
	}
	return warp, now - start + warp
}

// TestTWMergeMatchesSimulation checks twMerge against a forward
// simulation: the concatenated segment's warp is that of the replay from
// its earliest or its latest start (the first visit's service start, the
// replay waiting or warping there first), its duration that replay's
// duration; and concatenation is associative.
func TestTWMergeMatchesSimulation(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	for trial := range 2000 {
		k := 1 + rng.IntN(8)
		e, l, s, tr := make([]int64, k), make([]int64, k), make([]int64, k), make([]int64, k)
		for i := range k {
			e[i] = rng.Int64N(500)
			l[i] = e[i] + rng.Int64N(200)
			s[i] = rng.Int64N(30)
			tr[i] = rng.Int64N(100)
		}
		seg := twVisit(e[0], l[0], s[0])
		for i := 1; i < k; i++ {
			seg = twMerge(seg, tr[i-1], twVisit(e[i], l[i], s[i]))
		}
		for _, start := range []int64{seg.early, seg.late} {
			warp, dur := simulate(e, l, s, tr, start)
			if warp != seg.warp || dur != seg.dur {
				t.Fatalf("trial %d: start %d: simulation warp %d duration %d, segment %+v", trial, start, warp, dur, seg)
			}
		}
		// Any other start: at least as much warp, or as long.
		start := seg.early - 50 + rng.Int64N(seg.late-seg.early+100)
		if w, d := simulate(e, l, s, tr, start); w < seg.warp || (w == seg.warp && d < seg.dur) {
			t.Fatalf("trial %d: start %d beats the segment: warp %d duration %d, segment %+v", trial, start, w, d, seg)
		}
		if k >= 3 {
			cut := 1 + rng.IntN(k-1)
			a := twVisit(e[0], l[0], s[0])
			for i := 1; i < cut; i++ {
				a = twMerge(a, tr[i-1], twVisit(e[i], l[i], s[i]))
			}
			b := twVisit(e[cut], l[cut], s[cut])
			for i := cut + 1; i < k; i++ {
				b = twMerge(b, tr[i-1], twVisit(e[i], l[i], s[i]))
			}
			if got := twMerge(a, tr[cut-1], b); got != seg {
				t.Fatalf("trial %d: cut at %d: %+v, sequential %+v", trial, cut, got, seg)
			}
		}
	}
}

// TestTWLocalSearchConsistent runs the TW local search on random problems
// (SWAP* included) and checks that every applied move lowers the penalised cost recomputed
// from scratch (move evaluation from segments agrees with the routes), and
// that the routes' cached warp agrees with evaluate.
func TestTWLocalSearchConsistent(t *testing.T) {
	for seed := range uint64(30) {
		fleet := 0
		if seed%3 == 1 {
			fleet = 30
		}
		in, ind, ls, _ := preparedTW(t, seed, 20+int(seed)*3, 20+int64(seed), fleet)
		ls.twSwap = seed%2 == 0 // SWAP* (off by default) on half the runs
		appliedHook = func(ls *localSearch, before float64) {
			if after := ls.penalisedTotal(); after > before-1e-9 {
				panic(fmt.Sprintf("seed %d: a move took the penalised cost from %v to %v", seed, before, after))
			}
		}
		load := make([]int64, in.nD)
		for k := range 4 {
			pen, twPen := in.penalty0*float64(k+1), in.twPenalty0*float64(k*k+1)
			ls.run(ind, pen, twPen)
			ind.evaluate(in, pen, twPen, load)
			var warp int64
			for r := range ls.nR {
				warp += ls.fwd[ls.end(r)].warp
			}
			if warp != ind.warp {
				t.Fatalf("seed %d: local search warp %d, evaluate %d", seed, warp, ind.warp)
			}
		}
		appliedHook = nil
	}
}

// TestTWLocalSearchNoAllocs: neither a full TW local search nor a move
// evaluation (inter- and intra-route) allocates.
func TestTWLocalSearchNoAllocs(t *testing.T) {
	in, ind, ls, _ := preparedTW(t, 4, 150, 40, 0)
	work := newIndividual(in)
	allocs := testing.AllocsPerRun(10, func() {
		work.copyFrom(ind)
		ls.run(work, in.penalty0, in.twPenalty0)
	})
	if allocs != 0 {
		t.Errorf("a full TW local search allocates %.1f times per run, want 0", allocs)
	}
	ls.penalty, ls.twPenalty = in.penalty0, in.twPenalty0
	ls.load(ind)
	ls.u = 5
	allocs = testing.AllocsPerRun(50, func() {
		for _, v := range in.neigh[5] {
			ls.load(ind) // undo a move applied by the previous pair
			ls.u, ls.v = 5, int(v)
			ls.setU()
			ls.setV()
			_ = ls.move1() || ls.move2() || ls.move3() || ls.move4() || ls.move5() || ls.move6() ||
				(ls.intra && ls.move7()) || (!ls.intra && (ls.move8() || ls.move9()))
		}
	})
	if allocs != 0 {
		t.Errorf("TW move evaluations allocate %.1f times, want 0", allocs)
	}
}

func BenchmarkLocalSearchTW(b *testing.B) {
	in, ind, ls, _ := preparedTW(b, 1, 400, 60, 0)
	work := newIndividual(in)
	b.ReportAllocs()
	for b.Loop() {
		work.copyFrom(ind)
		ls.run(work, in.penalty0, in.twPenalty0)
	}
}

func BenchmarkSplitTW(b *testing.B) {
	in, ind, _, sp := preparedTW(b, 1, 400, 60, 0)
	load := make([]int64, in.nD)
	b.ReportAllocs()
	for b.Loop() {
		sp.split(ind, in.penalty0, in.twPenalty0, in.nR, load)
	}
}

// TestSplitTWMatchesNaive compares splitTW with a naive Bellman split whose
// route costs are recomputed from scratch (same 1.5-capacity cut), with
// the fleet unbounded and bounded.
func TestSplitTWMatchesNaive(t *testing.T) {
	for seed := range uint64(10) {
		in, ind, _, sp := preparedTW(t, seed, 40, 25, 0)
		pen, twPen := in.penalty0, in.twPenalty0*float64(seed+1)/3
		load := make([]int64, in.nD)
		n := in.n
		for _, m := range []int{in.nR, in.lbRoutes + 1} {
			// naive[k][j]: best cost of positions 1..j in at most k routes.
			naive := make([][]float64, m+1)
			for k := range naive {
				naive[k] = make([]float64, n+1)
				for j := 1; j <= n; j++ {
					naive[k][j] = inf
				}
			}
			for k := 1; k <= m; k++ {
				for i := range n {
					if naive[k-1][i] >= inf {
						continue
					}
					for j := i + 1; j <= n; j++ {
						rt := ind.tour[i:j]
						var dist, dem int64
						prev := int32(0)
						for _, c := range rt {
							dist += in.d(int(prev), int(c))
							dem += in.dem[c]
							prev = c
						}
						dist += in.d(int(prev), 0)
						if float64(dem) > 1.5*float64(in.capv[0]) && j > i+1 {
							break
						}
						c := naive[k-1][i] + float64(dist+in.fixed) + pen*float64(max(dem-in.capv[0], 0)) + twPen*float64(in.routeWarp(rt))
						naive[k][j] = min(naive[k][j], c)
					}
				}
			}
			sp.split(ind, pen, twPen, m, load)
			want := naive[max(m, in.lbRoutes)][n]
			if got := ind.penCost; got > want+1e-6 || got < want-1e-6 {
				t.Fatalf("seed %d, at most %d routes: split cost %.3f, naive %.3f", seed, m, got, want)
			}
		}
	}
}
