package locate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// modularProblem is a one-tier single-sourcing instance with three
// modules per site and a coverage penalty, the shape of a county block of
// optimizer/network.
func modularProblem(rng *rand.Rand, m, n int) *Problem {
	p := randomProblem(rng, m, n, true, false)
	for i := range p.Sites {
		p.Sites[i].Fixed, p.Sites[i].Capacity = 0, 0
		p.Sites[i].Modules = []Module{{Fixed: 60, Capacity: 12, Handling: 2}, {Fixed: 130, Capacity: 30, Handling: 1}, {Fixed: 250, Capacity: 80}}
	}
	p.Coverage = Coverage{Radius: 35, Penalty: 150}
	return p
}

// recost is the cost of an assignment (arc per point), computed apart
// from the solver: arc costs, coverage penalties, handling, and per site
// the cheapest module carrying its load.
func recost(t *testing.T, p *Problem, in *inst, assign []int) float64 {
	t.Helper()
	load := make([]float64, len(p.Sites))
	c := 0.0
	for j, k := range assign {
		if in.aDem[k] != j {
			t.Fatalf("point %d assigned to arc %d of point %d", j, k, in.aDem[k])
		}
		a := p.Demands[j].Arcs[k-in.arcStart[j]]
		c += a.Cost
		if a.Distance > p.Coverage.Radius {
			c += p.Coverage.Penalty
		}
		load[a.Site] += p.Demands[j].Amount
	}
	for i, s := range p.Sites {
		if load[i] == 0 {
			continue
		}
		best := math.Inf(1)
		for _, md := range s.Modules {
			if md.Capacity >= load[i] {
				best = min(best, md.Fixed+md.Handling*load[i])
			}
		}
		c += best
	}
	return c
}

// largestStart is a start for the site moves: every site open at its
// largest module, assigned by the regret heuristic (nil when that fails).
func largestStart(in *inst) (opt []int, assign []int) {
	opt = make([]int, in.ns)
	for i := range opt {
		opt[i] = in.largestOption(i, in.fullMask(i))
	}
	return opt, in.ssAssign(opt, nil)
}

// TestSiteMoveDelta: the cost change that ssMoves computes for every
// close, open and swap equals the change of the recomputed cost, and a
// move it takes keeps every site within a module's capacity.
func TestSiteMoveDelta(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	checked := 0
	for trial := range 40 {
		p := modularProblem(rng, 8, 25)
		in := compile(p)
		opt, assign := largestStart(in)
		if assign == nil {
			continue
		}
		pr, ok, err := in.evalOpen(context.Background(), opt, assign)
		if err != nil || !ok {
			t.Fatalf("trial %d: start not feasible: %v", trial, err)
		}
		m := newMoveState(in)
		m.load(pr)
		base := recost(t, p, in, m.assign)
		if math.Abs(base-m.total()) > 1e-6 {
			t.Fatalf("trial %d: state costs %v, recomputed %v", trial, m.total(), base)
		}
		for cl := -1; cl < in.ns; cl++ {
			for op := -1; op < in.ns; op++ {
				if (cl >= 0 && !m.open[cl]) || (op >= 0 && m.open[op]) || (cl < 0 && op < 0) {
					continue
				}
				d, ok := m.delta(cl, op)
				if !ok {
					continue
				}
				after := append([]int(nil), m.assign...)
				for _, j := range m.moved {
					after[j] = m.trial[j]
				}
				load := make([]float64, in.ns)
				for j, k := range after {
					load[in.aSite[k]] += in.amt[j]
					if in.aSite[k] == cl {
						t.Fatalf("trial %d: close %d open %d leaves point %d on the closed site", trial, cl, op, j)
					}
				}
				for i, l := range load {
					if l > in.capMax[i]+1e-9 {
						t.Fatalf("trial %d: close %d open %d loads site %d with %v > %v", trial, cl, op, i, l, in.capMax[i])
					}
				}
				if got := recost(t, p, in, after) - base; math.Abs(got-d) > 1e-6 {
					t.Fatalf("trial %d: close %d open %d: delta %v, recomputed %v", trial, cl, op, d, got)
				}
				checked++
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d moves checked", checked)
	}
}

// TestSiteMovesImprove: from the regret heuristic's start, the site moves
// reach a cheaper solution on most instances, never a dearer one, and
// the incumbent they leave is costed exactly.
func TestSiteMovesImprove(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	better := 0
	for trial := range 20 {
		p := modularProblem(rng, 10, 30)
		in := compile(p)
		opt, assign := largestStart(in)
		if assign == nil {
			continue
		}
		s := &solver{in: in, ctx: context.Background(), start: time.Now(), seen: map[string]bool{}}
		pr, ok, err := in.evalOpen(s.ctx, opt, assign)
		if err != nil || !ok {
			t.Fatalf("trial %d: start not feasible: %v", trial, err)
		}
		s.offer(pr, math.Inf(-1))
		start := s.best.cost
		s.ssMoves(2*in.ns, math.Inf(-1))
		if s.best.cost > start {
			t.Fatalf("trial %d: %v after the moves, %v before", trial, s.best.cost, start)
		}
		if got := recost(t, p, in, s.best.assign); math.Abs(got-s.best.cost) > 1e-6 {
			t.Fatalf("trial %d: incumbent says %v, recomputed %v", trial, s.best.cost, got)
		}
		if s.best.cost < start-1e-9 {
			better++
		}
		if s.evals == 0 {
			t.Fatalf("trial %d: the moves counted no work", trial)
		}
	}
	if better < 10 {
		t.Fatalf("the site moves improved %d of 20 starts", better)
	}
}
