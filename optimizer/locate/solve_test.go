package locate

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/huishou/huishou/optimizer/flow"
)

// randomProblem builds a one-tier instance with m sites and n points on a
// grid; capacities are tight enough that several sites must open.
func randomProblem(rng *rand.Rand, m, n int, single, uncap bool) *Problem {
	p := &Problem{SingleSource: single}
	type pt struct{ x, y float64 }
	sites := make([]pt, m)
	total := 0.0
	amts := make([]float64, n)
	for j := range amts {
		amts[j] = float64(1 + rng.IntN(9))
		total += amts[j]
	}
	for i := range sites {
		sites[i] = pt{rng.Float64() * 100, rng.Float64() * 100}
		c := 0.0
		if !uncap {
			c = math.Round(total * (0.25 + 0.5*rng.Float64()))
		}
		p.Sites = append(p.Sites, Site{Fixed: float64(50 + rng.IntN(200)), Capacity: c})
	}
	for j := range n {
		q := pt{rng.Float64() * 100, rng.Float64() * 100}
		d := Demand{Amount: amts[j]}
		for i, s := range sites {
			dist := math.Hypot(q.x-s.x, q.y-s.y)
			d.Arcs = append(d.Arcs, Arc{Site: i, Cost: math.Round(dist * amts[j] / 10), Distance: dist})
		}
		p.Demands = append(p.Demands, d)
	}
	return p
}

// bruteForce enumerates every option vector (and, with single-sourcing,
// every assignment) and solves the flows with optimizer/flow directly.
func bruteForce(t *testing.T, p *Problem) float64 {
	t.Helper()
	ns := len(p.Sites)
	nopt := make([]int, ns)
	for i, s := range p.Sites {
		nopt[i] = max(1, len(s.Modules)) + 1
	}
	opt := make([]int, ns)
	best := math.Inf(1)
	var rec func(i int)
	rec = func(i int) {
		if i == ns {
			if v := evalBrute(t, p, opt); v < best {
				best = v
			}
			return
		}
		for o := range nopt[i] {
			s := p.Sites[i]
			if (s.Status == ForceOpen && o == 0) || (s.Status == ForceClosed && o != 0) {
				continue
			}
			opt[i] = o
			rec(i + 1)
		}
	}
	rec(0)
	return best
}

func optionOf(s Site, o int) (fixed, capy float64) {
	if len(s.Modules) == 0 {
		fixed, capy = s.Fixed, s.Capacity
	} else {
		fixed, capy = s.Modules[o-1].Fixed, s.Modules[o-1].Capacity
	}
	if capy == 0 {
		capy = 1e12
	}
	return
}

// modHand is the handling per unit of option o's module (0 without modules).
func modHand(s Site, o int) float64 {
	if len(s.Modules) == 0 || o == 0 {
		return 0
	}
	return s.Modules[o-1].Handling
}

func evalBrute(t *testing.T, p *Problem, opt []int) float64 {
	fixed := 0.0
	for i, o := range opt {
		if o > 0 {
			f, _ := optionOf(p.Sites[i], o)
			fixed += f
		}
	}
	if p.Budget > 0 && fixed > p.Budget+1e-9 {
		return math.Inf(1)
	}
	arcCost := func(j int, a Arc) float64 {
		c := a.Cost + p.Sites[a.Site].Handling*p.Demands[j].Amount
		if p.Coverage.Radius > 0 && a.Distance > p.Coverage.Radius {
			c += p.Coverage.Penalty
		}
		return c
	}
	if p.SingleSource && len(p.Links) > 0 {
		// enumerate assignments, each with a flow over the upper tiers
		n := len(p.Demands)
		choice := make([]int, n)
		best := math.Inf(1)
		var rec func(j int)
		rec = func(j int) {
			if j == n {
				q := *p
				q.SingleSource = false
				q.Demands = make([]Demand, n)
				for k, d := range p.Demands {
					q.Demands[k] = Demand{Amount: d.Amount, Arcs: []Arc{d.Arcs[choice[k]]}}
				}
				if v := evalBrute(t, &q, opt); v < best {
					best = v
				}
				return
			}
			for a := range p.Demands[j].Arcs {
				if opt[p.Demands[j].Arcs[a].Site] > 0 {
					choice[j] = a
					rec(j + 1)
				}
			}
		}
		rec(0)
		return best
	}
	if p.SingleSource {
		// enumerate assignments; upper tiers are absent in these tests
		n := len(p.Demands)
		load := make([]float64, len(p.Sites))
		best := math.Inf(1)
		var rec func(j int, c float64)
		rec = func(j int, c float64) {
			if c >= best {
				return
			}
			if j == n {
				best = c
				return
			}
			for _, a := range p.Demands[j].Arcs {
				if opt[a.Site] == 0 {
					continue
				}
				_, capy := optionOf(p.Sites[a.Site], opt[a.Site])
				if load[a.Site]+p.Demands[j].Amount > capy {
					continue
				}
				load[a.Site] += p.Demands[j].Amount
				rec(j+1, c+arcCost(j, a)+modHand(p.Sites[a.Site], opt[a.Site])*p.Demands[j].Amount)
				load[a.Site] -= p.Demands[j].Amount
			}
		}
		rec(0, 0)
		return fixed + best
	}
	// network: points, site in/out, sink
	nd, ns := len(p.Demands), len(p.Sites)
	g := flow.NewNetwork(nd + 2*ns + 1)
	sink := nd + 2*ns
	total := 0.0
	maxTier := 0
	for _, s := range p.Sites {
		maxTier = max(maxTier, s.Tier)
	}
	for j, d := range p.Demands {
		total += d.Amount
		g.SetSupply(j, d.Amount)
		for _, a := range d.Arcs {
			if opt[a.Site] > 0 {
				g.AddArc(j, nd+2*a.Site, 0, d.Amount, arcCost(j, a)/d.Amount)
			}
		}
	}
	g.SetSupply(sink, -total)
	for i, s := range p.Sites {
		if opt[i] == 0 {
			continue
		}
		_, capy := optionOf(s, opt[i])
		g.AddArc(nd+2*i, nd+2*i+1, 0, capy, modHand(s, opt[i]))
		if s.Tier == maxTier {
			g.AddArc(nd+2*i+1, sink, 0, total, 0)
		}
	}
	for _, l := range p.Links {
		if opt[l.From] > 0 && opt[l.To] > 0 {
			g.AddArc(nd+2*l.From+1, nd+2*l.To, 0, total, l.Cost+p.Sites[l.To].Handling)
		}
	}
	if err := g.Solve(context.Background()); err != nil {
		if errors.Is(err, flow.ErrInfeasible) {
			return math.Inf(1)
		}
		t.Fatal(err)
	}
	return fixed + g.Cost()
}

func checkExact(t *testing.T, p *Problem) {
	t.Helper()
	want := bruteForce(t, p)
	sol, err := Solve(context.Background(), p, Options{TimeLimit: -1})
	if math.IsInf(want, 1) {
		if !errors.Is(err, ErrInfeasible) {
			t.Fatalf("got %v, want ErrInfeasible", err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	tol := 1e-6 * math.Max(1, want)
	if math.Abs(sol.Cost-want) > tol {
		t.Fatalf("cost: got %v, want %v", sol.Cost, want)
	}
	if sol.LowerBound > want+tol {
		t.Fatalf("lower bound %v above the optimum %v", sol.LowerBound, want)
	}
	if !sol.Proved {
		t.Fatalf("not proved: bound %v cost %v", sol.LowerBound, sol.Cost)
	}
	root, err := Solve(context.Background(), p, Options{TimeLimit: -1, MaxNodes: 1})
	if errors.Is(err, ErrNoSolution) {
		return // the root heuristics may miss a tight budget; the search above found it
	}
	if err != nil {
		t.Fatal(err)
	}
	if root.LowerBound > want+tol {
		t.Fatalf("root bound %v above the optimum %v", root.LowerBound, want)
	}
}

func TestSolveBruteForce(t *testing.T) {
	cases := []struct {
		name          string
		single, uncap bool
	}{
		{"cflp", false, false},
		{"sscflp", true, false},
		{"ufl", false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 11))
			for trial := range 40 {
				m, n := 2+rng.IntN(5), 3+rng.IntN(5)
				if c.single {
					m, n = 2+rng.IntN(3), 3+rng.IntN(5)
				}
				p := randomProblem(rng, m, n, c.single, c.uncap)
				t.Logf("trial %d: %d sites, %d points", trial, m, n)
				checkExact(t, p)
			}
		})
	}
}

// TestSolveTwoTier checks a two-tier problem with modules, a coverage
// penalty, a forced sink and a budget against brute force.
func TestSolveTwoTier(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := range 30 {
		m0, m1, n := 2+rng.IntN(3), 1+rng.IntN(2), 3+rng.IntN(4)
		p := randomProblem(rng, m0, n, false, false)
		total := 0.0
		for _, d := range p.Demands {
			total += d.Amount
		}
		// modules on the first site, handling on the second
		p.Sites[0].Modules = []Module{{Fixed: 40, Capacity: math.Round(total / 3)}, {Fixed: 90, Capacity: total}}
		p.Sites[1].Handling = 0.5
		p.Coverage = Coverage{Radius: 50, Penalty: 30}
		for k := range m1 {
			p.Sites = append(p.Sites, Site{Tier: 1, Fixed: float64(30 + rng.IntN(100)), Capacity: math.Round(total * (0.5 + rng.Float64()))})
			for i := range m0 {
				p.Links = append(p.Links, Link{From: i, To: m0 + k, Cost: float64(rng.IntN(5))})
			}
		}
		sink := len(p.Sites)
		p.Sites = append(p.Sites, Site{Tier: 2, Status: ForceOpen})
		for k := range m1 {
			p.Links = append(p.Links, Link{From: m0 + k, To: sink, Cost: float64(1 + rng.IntN(3))})
		}
		if trial%3 == 0 {
			p.Budget = 400
		}
		if trial%4 == 1 {
			p.SingleSource = true
		}
		t.Logf("trial %d: %d+%d sites, %d points", trial, m0, m1, n)
		checkExact(t, p)
	}
}

func TestValidate(t *testing.T) {
	p := &Problem{Sites: []Site{{Capacity: 5}}, Demands: []Demand{{Amount: 1, Arcs: []Arc{{Site: 3}}}}}
	_, err := Solve(context.Background(), p, Options{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "demands[0].arcs[0].site" {
		t.Fatalf("got %v, want InputError at demands[0].arcs[0].site", err)
	}
	p = &Problem{Sites: []Site{{Capacity: -1}}, Demands: []Demand{{Amount: 1, Arcs: []Arc{{Site: 0}}}}}
	if _, err := Solve(context.Background(), p, Options{}); !errors.As(err, &ie) || ie.Field != "sites[0].capacity" {
		t.Fatalf("got %v, want InputError at sites[0].capacity", err)
	}
}

// TestDeterministic solves the same instance twice and expects the same
// answer, byte for byte.
func TestDeterministic(t *testing.T) {
	for _, single := range []bool{false, true} {
		p := randomProblem(rand.New(rand.NewPCG(9, 9)), 8, 30, single, false)
		a, err := Solve(context.Background(), p, Options{TimeLimit: -1})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Solve(context.Background(), p, Options{TimeLimit: -1})
		if a.Cost != b.Cost || a.LowerBound != b.LowerBound || a.Stats.Nodes != b.Stats.Nodes || len(a.Assign) != len(b.Assign) {
			t.Fatalf("single=%v: runs differ: %v/%v/%d vs %v/%v/%d", single, a.Cost, a.LowerBound, a.Stats.Nodes, b.Cost, b.LowerBound, b.Stats.Nodes)
		}
		for k := range a.Assign {
			if a.Assign[k] != b.Assign[k] {
				t.Fatalf("single=%v: assignment %d differs", single, k)
			}
		}
	}
}

// TestEvaluateAllocs checks that one Lagrangian iteration allocates nothing
// once its buffers have grown.
func TestEvaluateAllocs(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(4, 4)), 10, 60, false, false)
	in := compile(p)
	l := newLag(in)
	nd := &node{mask: make([]uint64, in.ns), u: make([]float64, in.nd), pi: make([]float64, in.ns)}
	for i := range nd.mask {
		nd.mask[i] = in.fullMask(i)
	}
	for j := range nd.u {
		nd.u[j] = 50
	}
	l.evaluate(nd, nd.u, nd.pi, 0)
	if a := testing.AllocsPerRun(20, func() { l.evaluate(nd, nd.u, nd.pi, 0) }); a != 0 {
		t.Fatalf("evaluate: got %v allocations per run, want 0", a)
	}
}

// TestSolveModuleHandling: modules with their own handling cost (cheaper per
// tonne when larger) on both tiers, multi- and single-sourcing, against brute
// force.
func TestSolveModuleHandling(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 7))
	for trial := range 24 {
		m0, m1, n := 2+rng.IntN(3), 1+rng.IntN(2), 3+rng.IntN(4)
		p := randomProblem(rng, m0, n, trial%2 == 1, false)
		total := 0.0
		for _, d := range p.Demands {
			total += d.Amount
		}
		for i := range m0 {
			p.Sites[i].Modules = []Module{
				{Fixed: float64(20 + rng.IntN(30)), Capacity: math.Round(total / 2), Handling: float64(2 + rng.IntN(4))},
				{Fixed: float64(60 + rng.IntN(40)), Capacity: total, Handling: float64(rng.IntN(2))},
			}
		}
		for k := range m1 {
			p.Sites = append(p.Sites, Site{Tier: 1, Handling: 0.25, Modules: []Module{
				{Fixed: float64(30 + rng.IntN(50)), Capacity: math.Round(total * 0.6), Handling: 1.5},
				{Fixed: float64(80 + rng.IntN(50)), Capacity: total, Handling: 0.5},
			}})
			for i := range m0 {
				p.Links = append(p.Links, Link{From: i, To: m0 + k, Cost: float64(rng.IntN(5))})
			}
		}
		t.Logf("trial %d: %d+%d sites, %d points, single=%v", trial, m0, m1, n, p.SingleSource)
		checkExact(t, p)
	}
}

// TestWorkBudget: a search bounded by work stops at its node budget and
// gives the same solution whatever the time cap (as long as the cap does
// not bind) and however loaded the machine.
func TestWorkBudget(t *testing.T) {
	for _, single := range []bool{false, true} {
		p := randomProblem(rand.New(rand.NewPCG(21, 4)), 25, 120, single, false)
		full, err := Solve(context.Background(), p, Options{TimeLimit: -1})
		if err != nil {
			t.Fatal(err)
		}
		for _, work := range []int{1, 50, 400} {
			a, err := Solve(context.Background(), p, Options{Work: work, TimeLimit: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			b, err := Solve(context.Background(), p, Options{Work: work, TimeLimit: 50 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if a.Stats.Nodes > 1 && a.Stats.Work > work+a.Stats.Work/a.Stats.Nodes*3 {
				t.Errorf("single=%v work %d: %d units in %d nodes", single, work, a.Stats.Work, a.Stats.Nodes)
			}
			if a.Cost != b.Cost || a.LowerBound != b.LowerBound || a.Stats.Nodes != b.Stats.Nodes || !slices.Equal(a.Module, b.Module) {
				t.Errorf("single=%v work %d: runs differ: %v/%v/%d vs %v/%v/%d", single, work, a.Cost, a.LowerBound, a.Stats.Nodes, b.Cost, b.LowerBound, b.Stats.Nodes)
			}
			if a.LowerBound > full.Cost*(1+1e-9) || a.Cost < full.Cost*(1-1e-9) {
				t.Errorf("single=%v work %d: bound %v, cost %v, optimum %v", single, work, a.LowerBound, a.Cost, full.Cost)
			}
			if !a.Proved && a.Stats.StopReason != "work budget" {
				t.Errorf("single=%v work %d: stop reason %q", single, work, a.Stats.StopReason)
			}
		}
	}
}
