package network

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"
)

// TestRoadsReplaceEstimates: a known road distance replaces the estimate
// in the design and in the plan's figures — a river between a township and
// its nearest collection point sends it elsewhere.
func TestRoadsReplaceEstimates(t *testing.T) {
	in := tinyInput(5, false)
	p, err := Design(context.Background(), in, Options{TimeLimit: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// the first township with returns served by another township's point
	j, site := -1, -1
	for i, a := range p.Assign {
		if a.Site >= 0 && in.Sites[a.Site].ID != "cp-"+in.Demand[i].ID {
			j, site = i, a.Site
			break
		}
	}
	if j < 0 {
		// else: every township at its own point; detour the road to it
		j, site = 0, p.Assign[0].Site
	}
	far := 500.0
	in.Roads = []Road{{From: in.Demand[j].ID, To: in.Sites[site].ID, Km: far}}
	q, err := Design(context.Background(), in, Options{TimeLimit: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, in, q)
	if q.Assign[j].Site == site {
		t.Errorf("township %s still served by %s across a %v km road", in.Demand[j].ID, in.Sites[site].ID, far)
	}
	if q.KPI.TotalCost <= p.KPI.TotalCost-1e-6 {
		t.Errorf("a longer road made the plan cheaper: %.2f < %.2f", q.KPI.TotalCost, p.KPI.TotalCost)
	}
	if km := in.demandKm(j, site); km != far {
		t.Errorf("demandKm = %v, want the road's %v", km, far)
	}
	// either direction
	in.Roads[0].From, in.Roads[0].To = in.Roads[0].To, in.Roads[0].From
	if km := in.demandKm(j, site); km != far {
		t.Errorf("reversed road: demandKm = %v, want %v", km, far)
	}
}

func TestRoadsValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		road  Road
		field string
	}{
		{"unknown from", Road{From: "nowhere", To: "ts-c1", Km: 10}, "roads[0].from"},
		{"unknown to", Road{From: "c1-ta", To: "nowhere", Km: 10}, "roads[0].to"},
		{"NaN", Road{From: "c1-ta", To: "ts-c1", Km: math.NaN()}, "roads[0].km"},
		{"shorter than the straight line", Road{From: "c1-ta", To: "d1", Km: 1}, "roads[0].km"},
	} {
		in := tinyInput(1, false)
		in.Roads = []Road{c.road}
		_, err := Design(context.Background(), in, Options{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%s: got %v, want an error on %s", c.name, err, c.field)
		}
	}
}
