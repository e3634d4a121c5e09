package cityday

import (
	"context"
	"reflect"
	"testing"
)

func small(t *testing.T, seed uint64) *Day {
	t.Helper()
	d, err := Generate(context.Background(), Options{Seed: seed, Jobs: 120, Depots: 3, PerDepot: 3, Warehouses: 2})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestGenerate: a valid problem of the requested shape, the same for the
// same seed and another for another.
func TestGenerate(t *testing.T) {
	a, b, c := small(t, 1), small(t, 1), small(t, 2)
	p := a.Problem
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := len(p.Clients) + len(p.Shipments); got != 120 {
		t.Errorf("%d jobs, want 120", got)
	}
	if len(p.Depots) != 3 || len(a.Points) != 3+2+120 || p.Matrix.N != len(a.Points) {
		t.Errorf("%d depots, %d points, matrix of %d", len(p.Depots), len(a.Points), p.Matrix.N)
	}
	fleet, vans := 0, 0
	for _, v := range p.Vehicles {
		fleet += v.Count
		if !containsSkill(v.Skills, SkillCrew2) {
			vans += v.Count
		}
	}
	if fleet != 9 || vans != 3 {
		t.Errorf("fleet %d with %d vans, want 9 and 3", fleet, vans)
	}
	var pickups, depotTradeIns, returns int
	for _, cl := range p.Clients {
		if cl.Delivery != nil {
			depotTradeIns++
		} else {
			pickups++
		}
	}
	for _, s := range p.Shipments {
		if s.Return != nil && s.Pickup.Location >= 3 && s.Pickup.Location < 5 {
			returns++
		}
	}
	if pickups == 0 || depotTradeIns == 0 || returns == 0 || returns != len(p.Shipments) {
		t.Errorf("mix: %d pickups, %d depot trade-ins, %d warehouse trade-ins of %d shipments", pickups, depotTradeIns, returns, len(p.Shipments))
	}
	if !reflect.DeepEqual(a.Points, b.Points) || !reflect.DeepEqual(a.Problem.Clients, b.Problem.Clients) ||
		!reflect.DeepEqual(a.Problem.Matrix, b.Problem.Matrix) {
		t.Error("the same seed gave different days")
	}
	if reflect.DeepEqual(a.Points, c.Points) {
		t.Error("seeds 1 and 2 gave the same points")
	}
}

func containsSkill(sk []int, s int) bool {
	for _, x := range sk {
		if x == s {
			return true
		}
	}
	return false
}

// TestRun solves a small day: a checked plan serving most jobs, with the
// first plan and the memory recorded.
func TestRun(t *testing.T) {
	d := small(t, 3)
	res := Run(context.Background(), "small", d.Problem, RunOptions{MaxIterations: 200, Seed: 1})
	if res.Error != "" || !res.Feasible {
		t.Fatalf("error %q, violations %v", res.Error, res.Violations)
	}
	if res.Jobs != 120 || res.Served < 100 || res.Served > res.Servable || res.Vehicles > res.Fleet {
		t.Errorf("jobs %d, served %d of %d servable, %d of %d vehicles", res.Jobs, res.Served, res.Servable, res.Vehicles, res.Fleet)
	}
	if res.FirstServed <= 0 || res.FirstPlan <= 0 || res.Reached99 < res.FirstPlan || res.PeakRSSMB <= 0 {
		t.Errorf("first plan %.3fs serving %d, 99%% at %.3fs, %.0f MB", res.FirstPlan, res.FirstServed, res.Reached99, res.PeakRSSMB)
	}
	// Iteration-bounded solves are reproducible.
	again := Run(context.Background(), "small", d.Problem, RunOptions{MaxIterations: 200, Seed: 1})
	if again.Served != res.Served || again.Cost != res.Cost {
		t.Errorf("same run: served %d cost %g, then %d %g", res.Served, res.Cost, again.Served, again.Cost)
	}
}
