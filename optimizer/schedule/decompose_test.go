package schedule

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
)

// The joint multi-depot search starts from the per-depot solutions: every
// one of their routes replays in the joint problem.
func TestDecomposedStartReplays(t *testing.T) {
	in, opt := testInput(t, 1, 40, 17)
	vin, err := in.validate(&opt)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(vin, opt, time.Now())
	e.decomposeAt = 10
	res, err := e.run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	parts := 0
	for _, p := range res.Problems {
		if p.Depots == 1 {
			parts++
		}
	}
	if parts < 2 {
		t.Fatalf("problems %+v: want the depots solved alone first", res.Problems)
	}
	if n := e.dropped.Load(); n > 0 {
		t.Errorf("%d per-depot routes did not replay in the joint problem", n)
	}
	checkResult(t, in, opt, res)
}

// Every travel time of a routing problem is the road estimate between the
// two points in the mix of their areas: a booking takes its county's
// area (the area of a depot in its county), whatever the order of the
// depots and areas in the problem.
func TestRoutingMatrixAreas(t *testing.T) {
	in, opt := testInput(t, 1, 10, 3)
	// Two urban depots, then a plain one: the problem's list of areas
	// (urban, plain) is not the list of its first points' areas.
	in.Depots = append(in.Depots, fleet.Depot{ID: "ts-c", Kind: fleet.TransferStation, Lon: 104.01, Lat: 30.72, County: "510001", Area: "urban"})
	in.Vehicles = append(in.Vehicles, fleet.Vehicle{ID: "c1", Depot: "ts-c", Kg: 1000, Litres: 8000, Crew: 2})
	vin, err := in.validate(&opt)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(vin, opt, time.Now())
	jobs := make([]int, len(e.bk))
	for i := range jobs {
		jobs[i] = i
	}
	rt, err := e.buildRouting(context.Background(), 0, []int{0, 4, 1}, jobs)
	if err != nil {
		t.Fatal(err)
	}
	area := func(l int) geo.Area {
		if k := rt.locDepot[l]; k >= 0 {
			return areaOf(e.in.Depots[k].Area)
		}
		return areaOf(e.bookingArea(rt.locBook[l]))
	}
	pt := func(l int) orb.Point {
		if k := rt.locDepot[l]; k >= 0 {
			return e.depotPoint(k)
		}
		b := &e.bk[rt.locBook[l]]
		return orb.Point{b.Lon, b.Lat}
	}
	n := rt.Problem.N
	for i := range n {
		for j := range n {
			_, want := geo.MixArea(area(i), area(j)).Road(pt(i), pt(j))
			if got := rt.Problem.Dur[i*n+j]; math.Abs(float64(got)-want) > 1.01 {
				t.Fatalf("travel %d→%d: %d s, want %.1f s (%s to %s)", i, j, got, want, area(i).Name, area(j).Name)
			}
		}
	}
	urban := 0
	for l := range n {
		if rt.locDepot[l] < 0 && e.bk[rt.locBook[l]].County == "510001" {
			if area(l).Name != "urban" {
				t.Errorf("booking of the urban county in area %s", area(l).Name)
			}
			urban++
		}
	}
	if urban == 0 {
		t.Error("no booking of the urban county")
	}
}
