package locate_test

import (
	"context"
	"fmt"

	"github.com/huishou/huishou/optimizer/locate"
)

// Two candidate sites, three customers: the solver opens the site that
// serves everyone more cheaply and proves it optimal.
func ExampleSolve() {
	p := &locate.Problem{
		Sites: []locate.Site{
			{Fixed: 100, Capacity: 30},
			{Fixed: 60, Capacity: 30},
		},
		Demands: []locate.Demand{
			{Amount: 10, Arcs: []locate.Arc{{Site: 0, Cost: 5}, {Site: 1, Cost: 20}}},
			{Amount: 10, Arcs: []locate.Arc{{Site: 0, Cost: 5}, {Site: 1, Cost: 10}}},
			{Amount: 10, Arcs: []locate.Arc{{Site: 0, Cost: 5}, {Site: 1, Cost: 10}}},
		},
	}
	sol, err := locate.Solve(context.Background(), p, locate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("cost %.0f, bound %.0f, open %v, proved %v\n", sol.Cost, sol.LowerBound, sol.Open, sol.Proved)
	// Output: cost 100, bound 100, open [1], proved true
}
