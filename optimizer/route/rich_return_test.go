package route_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/huishou/huishou/optimizer/route"
)

// tinyTradeIns is one truck (depot 0) and a warehouse at location 1:
// three trade-ins from the warehouse (a shipment whose delivery also takes
// the old appliance back: Amount 1–2, Return 1–3) and two pickups of old
// appliances (1–2 each); the truck holds what comes back, plus 0 or 1.
func tinyTradeIns(rng *rand.Rand) *route.Problem {
	pts := make([][2]float64, 7)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 50, rng.Float64() * 50}
	}
	p := grid(pts)
	p.Depots = []int{0}
	p.Vehicles = []route.Vehicle{{Capacity: []int64{4}, Count: 1}}
	for h := 2; h < 5; h++ {
		p.Shipments = append(p.Shipments, route.Shipment{
			Pickup:   route.Stop{Location: 1, Service: 5},
			Delivery: route.Stop{Location: h, Service: 10},
			Amount:   []int64{int64(1 + rng.IntN(2))},
			Return:   []int64{int64(1 + rng.IntN(3))},
		})
	}
	for h := 5; h < 7; h++ {
		p.Clients = append(p.Clients, route.Client{Location: h, Demand: []int64{int64(1 + rng.IntN(2))}, Service: 10})
	}
	// Room for exactly what comes back: new appliances on board must wait
	// for space freed by nothing, so the order of visits matters.
	var back int64
	for _, s := range p.Shipments {
		back += s.Return[0]
	}
	for _, c := range p.Clients {
		back += c.Demand[0]
	}
	p.Vehicles[0].Capacity[0] = back + int64(rng.IntN(2))
	return p
}

// bruteOneTruck returns the least distance of one route from depot 0 back
// to it serving every job of p (clients with pickups, shipments with
// returns, no windows), or MaxInt64 when none fits the capacity. With
// ignoreReturn the returns are left out of the load.
func bruteOneTruck(p *route.Problem, ignoreReturn bool) int64 {
	nC, nS := len(p.Clients), len(p.Shipments)
	n := nC + 2*nS // nodes: clients, pickups, deliveries
	loc := func(v int) int {
		switch {
		case v < nC:
			return p.Clients[v].Location
		case v < nC+nS:
			return p.Shipments[v-nC].Pickup.Location
		}
		return p.Shipments[v-nC-nS].Delivery.Location
	}
	change := func(v int) int64 {
		switch {
		case v < nC:
			return p.Clients[v].Demand[0]
		case v < nC+nS:
			return p.Shipments[v-nC].Amount[0]
		}
		s := p.Shipments[v-nC-nS]
		if ignoreReturn {
			return -s.Amount[0]
		}
		return s.Return[0] - s.Amount[0]
	}
	capv := p.Vehicles[0].Capacity[0]
	best := int64(math.MaxInt64)
	used := make([]bool, n)
	var rec func(k, at int, load, dist int64)
	rec = func(k, at int, load, dist int64) {
		if dist >= best {
			return
		}
		if k == n {
			best = min(best, dist+p.Arc(at, p.Depots[0]))
			return
		}
		for v := range n {
			if used[v] || (v >= nC+nS && !used[v-nS]) {
				continue
			}
			l := load + change(v)
			if l > capv {
				continue
			}
			used[v] = true
			rec(k+1, loc(v), l, dist+p.Arc(at, loc(v)))
			used[v] = false
		}
	}
	rec(0, p.Depots[0], 0, 0)
	return best
}

// TestRichReturnBruteForce checks trade-in shipments with returns against
// brute-force optima of one truck, on instances where the returns change
// the optimum (ignoring them would give a shorter, overloaded route).
func TestRichReturnBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	binding := 0
	for trial := 0; trial < 40 && binding < 4; trial++ {
		p := tinyTradeIns(rng)
		want := bruteOneTruck(p, false)
		loose := bruteOneTruck(p, true)
		if want == math.MaxInt64 || want == loose {
			continue // no single route, or the returns do not matter
		}
		binding++
		s := solveChecked(t, p, route.Options{MaxIterations: 2000, Seed: uint64(trial)})
		if len(s.Unassigned) > 0 {
			t.Fatalf("trial %d: %d unassigned, but one route of %d serves every job", trial, len(s.Unassigned), want)
		}
		if s.Distance != want {
			t.Errorf("trial %d: distance %d, brute-force optimum %d (%d if returns were ignored)", trial, s.Distance, want, loose)
		}
	}
	if binding < 4 {
		t.Fatalf("only %d instances where the returns bind; the generator should give at least 4", binding)
	}
}

// TestRichReturnTooBig: a return larger than every vehicle leaves the
// shipment out, saying so.
func TestRichReturnTooBig(t *testing.T) {
	p := grid([][2]float64{{0, 0}, {10, 0}, {20, 0}})
	p.DimNames = []string{"pieces"}
	p.Vehicles = []route.Vehicle{{Capacity: []int64{2}, Count: 1}}
	p.Shipments = []route.Shipment{
		{Pickup: route.Stop{Location: 1}, Delivery: route.Stop{Location: 2}, Amount: []int64{1}, Return: []int64{3}},
		{Pickup: route.Stop{Location: 1}, Delivery: route.Stop{Location: 2}, Amount: []int64{1}, Return: []int64{1}},
	}
	s := solveChecked(t, p, route.Options{})
	if len(s.Unassigned) != 1 || s.Unassigned[0].Kind != route.JobShipment || s.Unassigned[0].Index != 0 {
		t.Fatalf("unassigned %v, want shipment 0 only", s.Unassigned)
	}
	if want := "return of 3 pieces exceeds every vehicle's 2"; s.Unassigned[0].Reason != want {
		t.Errorf("reason %q, want %q", s.Unassigned[0].Reason, want)
	}
}

func TestRichReturnValidate(t *testing.T) {
	base := func() *route.Problem {
		p := grid([][2]float64{{0, 0}, {10, 0}, {20, 0}})
		p.Vehicles = []route.Vehicle{{Capacity: []int64{2, 5}}}
		p.Shipments = []route.Shipment{{Pickup: route.Stop{Location: 1}, Delivery: route.Stop{Location: 2},
			Amount: []int64{1, 1}, Return: []int64{1, 2}}}
		return p
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("valid problem: %v", err)
	}
	for _, tc := range []struct {
		name  string
		ret   []int64
		field string
	}{
		{"negative", []int64{1, -2}, "shipments[0].return[1]"},
		{"wrong dimensions", []int64{1}, "shipments[0].return"},
	} {
		p := base()
		p.Shipments[0].Return = tc.ret
		_, err := route.Solve(context.Background(), p, route.Options{MaxIterations: 10})
		var ie *route.InputError
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: got %v, want an InputError on %s", tc.name, err, tc.field)
		}
	}
}
