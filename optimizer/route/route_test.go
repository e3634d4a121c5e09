package route

import (
	"bufio"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huishou/huishou/internal/sharedtest"
)

// randomProblem is a seeded Euclidean CVRP with n clients, rounded arcs,
// demands in [1, 10] and capacity q, depot at location 0.
func randomProblem(seed uint64, n int, q int64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := n + 1
	xy := make([][2]float64, m)
	for i := range xy {
		xy[i] = [2]float64{float64(rng.IntN(1000)), float64(rng.IntN(1000))}
	}
	p := &Problem{N: m, Dist: make([]int64, m*m), Coords: xy,
		Vehicles: []Vehicle{{Capacity: []int64{q}}}}
	for i := range m {
		for j := range m {
			p.Dist[i*m+j] = int64(math.Floor(math.Hypot(xy[i][0]-xy[j][0], xy[i][1]-xy[j][1]) + 0.5))
		}
	}
	for i := 1; i < m; i++ {
		p.Clients = append(p.Clients, Client{Location: i, Demand: []int64{1 + int64(rng.IntN(10))}})
	}
	return p
}

// bruteForce returns the optimal cost: Held–Karp per subset of clients,
// then the best partition of all clients into feasible routes.
func bruteForce(p *Problem) int64 {
	n := len(p.Clients)
	full := 1<<n - 1
	const big = math.MaxInt64 / 4
	loc := func(i int) int { return p.Clients[i].Location }
	// hk[S][j]: cheapest path from the depot through S ending at j ∈ S.
	hk := make([][]int64, full+1)
	for s := range hk {
		hk[s] = make([]int64, n)
		for j := range hk[s] {
			hk[s][j] = big
		}
	}
	for j := range n {
		hk[1<<j][j] = p.arc(0, loc(j))
	}
	for s := 1; s <= full; s++ {
		for j := range n {
			if s&(1<<j) == 0 || hk[s][j] >= big {
				continue
			}
			for k := range n {
				if s&(1<<k) != 0 {
					continue
				}
				if c := hk[s][j] + p.arc(loc(j), loc(k)); c < hk[s|1<<k][k] {
					hk[s|1<<k][k] = c
				}
			}
		}
	}
	routeCost := make([]int64, full+1)
	for s := 1; s <= full; s++ {
		var load int64
		for j := range n {
			if s&(1<<j) != 0 {
				load += p.Clients[j].Demand[0]
			}
		}
		routeCost[s] = big
		if load > p.Vehicles[0].Capacity[0] {
			continue
		}
		for j := range n {
			if s&(1<<j) != 0 {
				routeCost[s] = min(routeCost[s], hk[s][j]+p.arc(loc(j), 0)+p.Vehicles[0].FixedCost)
			}
		}
	}
	best := make([]int64, full+1)
	for s := 1; s <= full; s++ {
		best[s] = big
		low := s & -s
		for t := s; t > 0; t = (t - 1) & s {
			if t&low != 0 && routeCost[t] < big && best[s^t] < big {
				best[s] = min(best[s], routeCost[t]+best[s^t])
			}
		}
	}
	return best[full]
}

func TestSolveMatchesBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		n := 3 + int(seed%6) // 3..8 clients
		q := int64(10 + seed%3*5)
		p := randomProblem(seed, n, q)
		if seed%4 == 0 {
			p.Vehicles[0].FixedCost = 100
		}
		want := bruteForce(p)
		sol, err := Solve(context.Background(), p, Options{Seed: seed, MaxIterations: 300})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if !sol.Feasible || sol.Cost != want {
			t.Errorf("seed %d, n=%d, Q=%d: got cost %d (feasible %v), want optimum %d", seed, n, q, sol.Cost, sol.Feasible, want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	p := randomProblem(42, 60, 40)
	iters := 200
	if testing.Short() { // keeps `go test -race -short` quick
		iters = 40
	}
	for _, threads := range []int{1, 2} {
		opt := Options{Seed: 3, Threads: threads, MaxIterations: iters}
		a, err := Solve(context.Background(), p, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Solve(context.Background(), p, opt)
		if err != nil {
			t.Fatal(err)
		}
		if a.Cost != b.Cost || !slices.EqualFunc(a.Routes, b.Routes, func(x, y Route) bool { return slices.Equal(x.Clients, y.Clients) }) {
			t.Errorf("threads %d: two runs differ: costs %d and %d", threads, a.Cost, b.Cost)
		}
	}
}

// TestTimeLimitAndCancel checks what a time limit and a cancelled context
// do, not how fast: the search runs until one of them stops it (no
// iteration limit, restarts far away), reports why and returns the best
// solution so far. How long it overshoots the limit depends on the
// machine's load and is measured by BenchmarkTimeLimitOvershoot; the bound
// here only catches a search that ignores its limit.
func TestTimeLimitAndCancel(t *testing.T) {
	p := randomProblem(5, 200, 50)
	const limit = 300 * time.Millisecond
	const hang = time.Minute
	start := time.Now()
	sol, err := Solve(context.Background(), p, Options{TimeLimit: limit, NoImprovementLimit: math.MaxInt32})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Stats.StopReason != StopTimeLimit || !sol.Feasible {
		t.Errorf("got stop %q feasible %v, want time limit and a feasible solution", sol.Stats.StopReason, sol.Feasible)
	}
	if sol.Stats.Elapsed < limit {
		t.Errorf("stopped after %v, before the %v limit", sol.Stats.Elapsed, limit)
	}
	if el := time.Since(start); el > hang {
		t.Errorf("took %v with a %v limit", el, limit)
	}

	// Cancelled from the progress callback once a feasible solution is
	// known: the search must stop with that reason and return it.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen int64 = -1
	sol, err = Solve(ctx, p, Options{Progress: func(pr Progress) {
		if pr.BestCost >= 0 && seen < 0 {
			seen = pr.BestCost
			cancel()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Stats.StopReason != StopCancelled || len(sol.Routes) == 0 || !sol.Feasible {
		t.Errorf("got stop %q with %d routes (feasible %v), want context cancelled and the best so far", sol.Stats.StopReason, len(sol.Routes), sol.Feasible)
	}
	if seen < 0 || sol.Cost > seen {
		t.Errorf("got cost %d after a reported best of %d, want at most that", sol.Cost, seen)
	}

	// A context that ends by its own deadline stops the search the same way.
	ctx, cancel2 := context.WithTimeout(context.Background(), limit)
	defer cancel2()
	if sol, err = Solve(ctx, p, Options{}); err != nil {
		t.Fatal(err)
	}
	if sol.Stats.StopReason != StopCancelled || len(sol.Routes) == 0 {
		t.Errorf("got stop %q with %d routes, want context cancelled and the best so far", sol.Stats.StopReason, len(sol.Routes))
	}
}

func TestBoundedFleetAndInitialSolution(t *testing.T) {
	p := randomProblem(9, 30, 40)
	var total int64
	for _, c := range p.Clients {
		total += c.Demand[0]
	}
	k := int((total + 39) / 40)
	p.Vehicles[0].Count = k + 1
	sol, err := Solve(context.Background(), p, Options{MaxIterations: 300, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !sol.Feasible || len(sol.Routes) > k+1 {
		t.Fatalf("got %d routes (feasible %v), want at most %d", len(sol.Routes), sol.Feasible, k+1)
	}
	again, err := Solve(context.Background(), p, Options{MaxIterations: 10, Seed: 2, InitialSolution: sol})
	if err != nil {
		t.Fatal(err)
	}
	if again.Cost > sol.Cost {
		t.Errorf("with the solution as a start, got cost %d, want at most %d", again.Cost, sol.Cost)
	}
}

func TestValidate(t *testing.T) {
	base := func() *Problem { return randomProblem(1, 5, 20) }
	tests := []struct {
		name   string
		mutate func(*Problem)
		field  string
		infeas bool
	}{
		{"no matrix", func(p *Problem) { p.Dist = nil }, "matrix", false},
		{"negative demand", func(p *Problem) { p.Clients[3].Demand[0] = -1 }, "clients[3].demand[0]", false},
		{"bad location", func(p *Problem) { p.Clients[2].Location = 99 }, "clients[2].location", false},
		{"window start after end", func(p *Problem) { p.Clients[3].TimeWindows = []TimeWindow{{10, 20}, {40, 30}} }, "clients[3].time_windows[1]", false},
		{"overlapping windows", func(p *Problem) { p.Clients[3].TimeWindows = []TimeWindow{{10, 20}, {15, 30}} }, "clients[3].time_windows[1]", false},
		{"bad end depot", func(p *Problem) { p.Vehicles[0].EndDepot = 3 }, "vehicles[0].end_depot", false},
		{"priority above 100", func(p *Problem) { p.Clients[2].Priority = 101 }, "clients[2].priority", false},
		{"dimension mismatch", func(p *Problem) { p.Clients[0].Demand = []int64{1, 2} }, "clients[0].demand", false},
		{"depot outside matrix", func(p *Problem) { p.Depots = []int{0, 99} }, "depots[1]", false},
		{"demand over capacity", func(p *Problem) { p.Clients[4].Demand[0] = 21 }, "", true},
		{"fleet too small", func(p *Problem) { p.Vehicles[0].Count = 1; p.Vehicles[0].Capacity[0] = 10 }, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.mutate(p)
			_, err := Solve(context.Background(), p, Options{MaxIterations: 1})
			var ie *InputError
			switch {
			case tt.infeas:
				if !errors.Is(err, ErrInfeasible) {
					t.Errorf("got %v, want ErrInfeasible", err)
				}
			case !errors.As(err, &ie) || ie.Field != tt.field:
				t.Errorf("got %v, want an InputError on %q", err, tt.field)
			}
		})
	}
}

// readX is a minimal CVRPLIB reader for tests (the route package may not
// import benchmarks/): it returns the problem, and fails without ../shared.
func readX(t testing.TB, name string) *Problem {
	t.Helper()
	f, err := os.Open(sharedtest.Path(t, "benchmarks/cvrp/X/"+name+".vrp"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var xy [][2]float64
	var dem []int64
	var q int64
	sec := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fl := strings.Fields(strings.ReplaceAll(sc.Text(), ":", " "))
		if len(fl) == 0 {
			continue
		}
		switch fl[0] {
		case "CAPACITY":
			q, _ = strconv.ParseInt(fl[1], 10, 64)
		case "NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION", "EOF":
			sec = fl[0]
		default:
			switch sec {
			case "NODE_COORD_SECTION":
				x, _ := strconv.ParseFloat(fl[1], 64)
				y, _ := strconv.ParseFloat(fl[2], 64)
				xy = append(xy, [2]float64{x, y})
			case "DEMAND_SECTION":
				d, _ := strconv.ParseInt(fl[1], 10, 64)
				dem = append(dem, d)
			}
		}
	}
	m := len(xy)
	p := &Problem{N: m, Dist: make([]int64, m*m), Coords: xy, Vehicles: []Vehicle{{Capacity: []int64{q}}}}
	for i := range m {
		for j := range m {
			p.Dist[i*m+j] = int64(math.Floor(math.Hypot(xy[i][0]-xy[j][0], xy[i][1]-xy[j][1]) + 0.5))
		}
		if i > 0 {
			p.Clients = append(p.Clients, Client{Location: i, Demand: []int64{dem[i]}})
		}
	}
	return p
}

func TestEvaluateBKS(t *testing.T) {
	p := readX(t, "X-n101-k25")
	f, err := os.Open(sharedtest.Path(t, "benchmarks/cvrp/X/X-n101-k25.sol"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var routes [][]int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		_, list, ok := strings.Cut(sc.Text(), ":")
		if !ok || !strings.HasPrefix(sc.Text(), "Route") {
			continue
		}
		var rt []int
		for _, s := range strings.Fields(list) {
			c, _ := strconv.Atoi(s)
			rt = append(rt, c-1) // customer c is client c-1
		}
		routes = append(routes, rt)
	}
	sol, err := Evaluate(p, routes)
	if err != nil {
		t.Fatal(err)
	}
	if sol.Cost != 27591 || !sol.Feasible || len(sol.Routes) != 26 {
		t.Errorf("got cost %d, feasible %v, %d routes; want 27591, true, 26", sol.Cost, sol.Feasible, len(sol.Routes))
	}
}

// BenchmarkTimeLimitOvershoot measures how far past its time limit Solve
// returns on a 200-client CVRP (the unit test only checks that it stops):
// at least two educated individuals and the current step or generation
// must end first.
func BenchmarkTimeLimitOvershoot(b *testing.B) {
	p := randomProblem(5, 200, 50)
	const limit = 300 * time.Millisecond
	var over time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		if _, err := Solve(context.Background(), p, Options{TimeLimit: limit}); err != nil {
			b.Fatal(err)
		}
		over += time.Since(start) - limit
		n++
	}
	b.ReportMetric(float64(over.Milliseconds())/float64(n), "overshoot-ms")
}

// BenchmarkSolveX runs one short solve of X-n1001-k43 per iteration (for
// profiling; the quality runs live in `huishou bench cvrp`).
func BenchmarkSolveX(b *testing.B) {
	p := readX(b, "X-n1001-k43")
	for b.Loop() {
		sol, err := Solve(context.Background(), p, Options{MaxIterations: 100, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sol.Cost), "cost")
	}
}
