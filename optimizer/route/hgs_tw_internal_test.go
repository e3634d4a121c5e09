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

// TestTWIntraMatchesRebuild compares the warp twIntra finds for each
// intra-route move with that of the route rebuilt by slice operations.
func TestTWIntraMatchesRebuild(t *testing.T) {
	in, ind, ls, _ := preparedTW(t, 12, 60, 1000, 3) // three long routes
	ls.penalty, ls.twPenalty = in.penalty0, in.twPenalty0
	ls.load(ind)
	idx := func(rt []int32, a int) int {
		for k, c := range rt {
			if int(c) == a {
				return k
			}
		}
		return -1 // the start depot
	}
	checked := 0
	for r, rt := range ind.routes {
		for _, uu := range rt {
			for _, vv := range rt {
				ls.u, ls.v = int(uu), int(vv)
				if ls.u == ls.v {
					continue
				}
				ls.setU()
				ls.setV()
				u, x, v, y := ls.u, ls.x, ls.v, ls.y
				for mv := 1; mv <= 7; mv++ {
					seq := append([]int32(nil), rt...)
					iu, iv := idx(seq, u), idx(seq, v)
					ok := true
					switch mv {
					case 1:
						ok = u != y
						if ok {
							seq = append(seq[:iu], seq[iu+1:]...)
							iv = idx(seq, v)
							seq = append(seq[:iv+1], append([]int32{int32(u)}, seq[iv+1:]...)...)
						}
					case 2, 3:
						ok = u != y && v != x && !ls.isDepot(x)
						if ok {
							seq = append(seq[:iu], seq[iu+2:]...)
							iv = idx(seq, v)
							ins := []int32{int32(u), int32(x)}
							if mv == 3 {
								ins = []int32{int32(x), int32(u)}
							}
							seq = append(seq[:iv+1], append(ins, seq[iv+1:]...)...)
						}
					case 4:
						ok = u != int(ls.prev[v]) && u != y
						if ok {
							seq[iu], seq[iv] = seq[iv], seq[iu]
						}
					case 5:
						ok = u != int(ls.prev[v]) && x != int(ls.prev[v]) && u != y && !ls.isDepot(x)
						if ok {
							var out []int32
							for _, c := range seq {
								switch int(c) {
								case u:
									out = append(out, int32(v))
								case x:
								case v:
									out = append(out, int32(u), int32(x))
								default:
									out = append(out, c)
								}
							}
							seq = out
						}
					case 6:
						ok = !ls.isDepot(x) && !ls.isDepot(y) && y != int(ls.prev[u]) && u != y && x != v && v != int(ls.next[x])
						if ok {
							iy, ix := idx(seq, y), idx(seq, x)
							seq[iu], seq[iv], seq[ix], seq[iy] = int32(v), int32(u), int32(y), int32(x)
						}
					case 7:
						ok = ls.pos[u] < ls.pos[v] && int(ls.next[u]) != v
						if ok {
							ix := idx(seq, x)
							for a, b := ix, iv; a < b; a, b = a+1, b-1 {
								seq[a], seq[b] = seq[b], seq[a]
							}
						}
					}
					if !ok {
						continue
					}
					if got, want := ls.twIntra(mv), in.routeWarp(seq); got != want {
						t.Fatalf("route %d, u %d, v %d, move %d: twIntra %d, rebuilt route %d", r, u, v, mv, got, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d intra-route moves checked", checked)
	}
}

// TestTWInterMatchesRebuild compares the warps twInter, twOpt and
// twOptRev give for inter-route moves with those of the two routes rebuilt
// by slice operations.
func TestTWInterMatchesRebuild(t *testing.T) {
	in, ind, ls, _ := preparedTW(t, 13, 40, 1000, 4)
	ls.penalty, ls.twPenalty = in.penalty0, in.twPenalty0
	ls.load(ind)
	// Route contents in the local search's order, as ls.load read them.
	nodes := func(r int) []int32 {
		var out []int32
		for a := int(ls.next[ls.start(r)]); !ls.isDepot(a); a = int(ls.next[a]) {
			out = append(out, int32(a))
		}
		return out
	}
	cut := func(seq []int32, a int) ([]int32, []int32) { // up to and including a; the rest
		for k, c := range seq {
			if int(c) == a {
				return append([]int32(nil), seq[:k+1]...), append([]int32(nil), seq[k+1:]...)
			}
		}
		return nil, append([]int32(nil), seq...) // a is the start depot
	}
	rev := func(s []int32) []int32 {
		out := append([]int32(nil), s...)
		for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
			out[a], out[b] = out[b], out[a]
		}
		return out
	}
	cat := func(parts ...[]int32) []int32 {
		var out []int32
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	checked := 0
	for ru := range ls.nR {
		for rv := range ls.nR {
			if ru == rv || ls.rNb[ru] == 0 {
				continue
			}
			U, V := nodes(ru), nodes(rv)
			vs := append([]int32{int32(ls.start(rv))}, V...)
			for _, uu := range U {
				for _, vv := range vs {
					ls.u, ls.v = int(uu), int(vv)
					ls.setU()
					ls.setV()
					u, x, v, y := ls.u, ls.x, ls.v, ls.y
					preU, sufU := cut(U, u) // start … u; x …
					preV, sufV := cut(V, v) // start … v; y …
					up := preU[:len(preU)-1]
					check := func(name string, got int64, a, b []int32) {
						t.Helper()
						if want := in.routeWarp(a) + in.routeWarp(b); got != want {
							t.Fatalf("u %d, v %d, %s: warp %d, rebuilt routes %d", u, v, name, got, want)
						}
						checked++
					}
					wu, wv := ls.twInter(1)
					check("relocate", wu+wv, cat(up, sufU), cat(preV, []int32{int32(u)}, sufV))
					if !ls.isDepot(x) {
						rest := sufU[1:]
						wu, wv = ls.twInter(2)
						check("relocate pair", wu+wv, cat(up, rest), cat(preV, []int32{int32(u), int32(x)}, sufV))
						wu, wv = ls.twInter(3)
						check("relocate pair reversed", wu+wv, cat(up, rest), cat(preV, []int32{int32(x), int32(u)}, sufV))
					}
					if !ls.isDepot(v) {
						vp := preV[:len(preV)-1]
						wu, wv = ls.twInter(4)
						check("swap", wu+wv, cat(up, []int32{int32(v)}, sufU), cat(vp, []int32{int32(u)}, sufV))
						if !ls.isDepot(x) {
							wu, wv = ls.twInter(5)
							check("swap pair", wu+wv, cat(up, []int32{int32(v)}, sufU[1:]), cat(vp, []int32{int32(u), int32(x)}, sufV))
							if !ls.isDepot(y) {
								wu, wv = ls.twInter(6)
								check("swap pairs", wu+wv, cat(up, []int32{int32(v), int32(y)}, sufU[1:]), cat(vp, []int32{int32(u), int32(x)}, sufV[1:]))
							}
						}
					}
					check("2-opt*", ls.twOpt(u, y)+ls.twOpt(v, x), cat(preU, sufV), cat(preV, sufU))
					check("2-opt* reversed", ls.twOptRev(), cat(preU, rev(preV)), cat(rev(sufU), sufV))
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d inter-route moves checked", checked)
	}
}
