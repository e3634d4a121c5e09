package route

import (
	"context"
	"math"
	"slices"
	"testing"
)

// TestInsertBoundMatchesInsertCost: the bounded insertion test finds the
// same cost and feasibility as insertCost wherever that cost is below the
// bound, and refuses the rest.
func TestInsertBoundMatchesInsertCost(t *testing.T) {
	s, sol := richSearchState(t)
	in := s.in
	checked := 0
	for ri := range sol.routes {
		r := &sol.routes[ri]
		for u := range int32(in.nC) {
			if sol.where[u] == int32(ri) {
				continue
			}
			for k := 1; k <= len(r.nodes)+1; k++ {
				want, wok := in.insertCost(r, u, k)
				for _, bound := range []float64{math.Inf(1), want + 1e-6, want} {
					got, ok := in.insertBound(r, u, k, bound)
					if wok && want < bound {
						if !ok || math.Abs(got-want) > 1e-6 {
							t.Fatalf("route %d, node %d at %d, bound %g: got %g %v, want %g", ri, u, k, bound, got, ok, want)
						}
						checked++
					} else if ok {
						t.Fatalf("route %d, node %d at %d, bound %g: accepted %g, insertCost says %g %v", ri, u, k, bound, got, want, wok)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no feasible insertion tested")
	}
}

// TestPairScanBoundSameBest: with Euclidean costs (triangle inequality),
// skipping pickup positions by the bound finds the same cheapest pair.
func TestPairScanBoundSameBest(t *testing.T) {
	s, sol := richSearchState(t)
	in := s.in
	for ri := range sol.routes {
		r := &sol.routes[ri]
		for sh := range in.nS {
			pu, pd := int32(in.nC+sh), int32(in.nC+in.nS+sh)
			if sol.where[pu] == int32(ri) {
				continue
			}
			inf := math.Inf(1)
			full := math.Inf(1)
			in.pairScan(r, pu, pd, &inf, func(k, j int, c float64) { full = min(full, c) })
			bound := math.Inf(1)
			in.pairScan(r, pu, pd, &bound, func(k, j int, c float64) { bound = min(bound, c) })
			if bound != full {
				t.Fatalf("route %d, shipment %d: bounded scan %g, full scan %g", ri, sh, bound, full)
			}
		}
	}
}

// TestSharedMatrices: a problem's own integer matrices are read in place
// when their diagonals are zero, copied (diagonal cleared) otherwise.
func TestSharedMatrices(t *testing.T) {
	p := richSolomonLike()
	in := newRinst(p)
	if &in.dist[0] != &p.Dist[0] || &in.dur[0] != &p.Dist[0] {
		t.Error("Dist not shared (durations are the distances)")
	}
	q := richSolomonLike()
	q.Dist[0] = 5 // a non-zero diagonal
	in = newRinst(q)
	if &in.dist[0] == &q.Dist[0] || in.dist[0] != 0 {
		t.Errorf("a matrix with a non-zero diagonal was shared (dist[0] = %d)", in.dist[0])
	}
}

// TestTypeClassesSameSearch: a fleet listed vehicle by vehicle (ten
// identical types of one vehicle) searches as the same fleet given as one
// type of ten.
func TestTypeClassesSameSearch(t *testing.T) {
	grouped := richSolomonLike()
	grouped.Vehicles[0].Count = 10
	listed := richSolomonLike()
	v := listed.Vehicles[0]
	v.Count = 1
	listed.Vehicles = nil
	for range 10 {
		listed.Vehicles = append(listed.Vehicles, v)
	}
	if in := newRinst(listed); len(in.classes) != 1 || len(in.classes[0]) != 10 {
		t.Fatalf("classes %v, want one of ten types", in.classes)
	}
	opt := Options{MaxIterations: 300, Seed: 4}
	a, err := Solve(context.Background(), grouped, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(context.Background(), listed, opt)
	if err != nil {
		t.Fatal(err)
	}
	if a.Cost != b.Cost || len(a.Unassigned) != len(b.Unassigned) || len(a.Routes) != len(b.Routes) {
		t.Errorf("one type: cost %d, %d routes, %d unassigned; ten types: %d, %d, %d",
			a.Cost, len(a.Routes), len(a.Unassigned), b.Cost, len(b.Routes), len(b.Unassigned))
	}
}

// TestCapRetry: of many jobs left out, a step retries at most maxRetry,
// only jobs some vehicle could serve alone, those next to the ruin first.
func TestCapRetry(t *testing.T) {
	s, _ := richSearchState(t)
	in := s.in
	in.alone[3] = false
	var jobs []int32
	for j := range int32(in.nJ) {
		jobs = append(jobs, j)
	}
	s.rem = append(s.rem[:0], 10)
	a10, _ := in.jobNodes(10)
	near := in.job[in.neigh[a10][0]]
	got := s.capRetry(slices.Clone(jobs))
	if len(got) != maxRetry {
		t.Fatalf("%d jobs retried, want %d", len(got), maxRetry)
	}
	if slices.Contains(got, 3) {
		t.Error("a job no vehicle can serve alone was retried")
	}
	if near != 3 && !slices.Contains(got, near) {
		t.Errorf("job %d, next to the ruined job, not retried", near)
	}
	for _, j := range got {
		if in.job[j] != j && j >= int32(in.nJ) {
			t.Fatalf("not a job: %d", j)
		}
	}
	few := s.capRetry([]int32{1, 2, 3})
	if !slices.Equal(few, []int32{1, 2}) {
		t.Errorf("few jobs: retried %v, want [1 2]", few)
	}
}
