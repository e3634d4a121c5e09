package routecheck_test

import (
	"fmt"

	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routecheck"
)

// A route that reaches its only client after the client's time window.
func ExampleCheck() {
	p := &route.Problem{
		N:       2,
		Dist:    []int64{0, 30, 30, 0},
		Clients: []route.Client{{Location: 1, TimeWindows: []route.TimeWindow{{Start: 0, End: 20}}}},
	}
	s := &route.Solution{
		Routes: []route.Route{{
			Clients: []int{0},
			Steps: []route.Step{
				{Kind: route.StepStart, Index: -1, Location: 0},
				{Kind: route.StepClient, Index: 0, Location: 1, Arrival: 30, Distance: 30},
				{Kind: route.StepEnd, Index: -1, Location: 0, Arrival: 60, Distance: 60},
			},
			Distance: 60, End: 60, Duration: 60, TravelTime: 60, Cost: 60,
		}},
		Cost: 60, Distance: 60, Duration: 60,
	}
	rep, err := routecheck.Check(p, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Feasible, rep.Cost, rep.Vehicles)
	for _, v := range rep.Violations {
		fmt.Println(v)
	}
	// Output:
	// false 60 1
	// routes[0].steps[1] (client 0): service starts 30 after its time windows [0, 20]
}
