package flow_test

import (
	"context"
	"fmt"
	"math"

	"github.com/huishou/huishou/optimizer/flow"
)

// Two collection sites serve three townships; site 1 is too small to serve
// everything it is closest to.
func ExampleTransport() {
	supply := []float64{10, 4}   // site capacities
	demand := []float64{3, 5, 4} // township returns
	arcs := []flow.Arc{
		{From: 0, To: 0, Cost: 2}, {From: 0, To: 1, Cost: 4}, {From: 0, To: 2, Cost: 6},
		{From: 1, To: 1, Cost: 1}, {From: 1, To: 2, Cost: 1},
	}
	res, err := flow.Transport(context.Background(), supply, demand, arcs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cost", res.Cost)
	for k, a := range arcs {
		if res.Flow[k] > 0 {
			fmt.Printf("site %d → township %d: %g\n", a.From, a.To, res.Flow[k])
		}
	}
	fmt.Println("U", res.U, "V", res.V)
	// Output:
	// cost 30
	// site 0 → township 0: 3
	// site 0 → township 1: 5
	// site 1 → township 2: 4
	// U [0 -3] V [2 4 4]
}

// A two-echelon network: customers → a transfer station with a capacity of
// 6 (modelled as the arc 2→3) or a direct, dearer route → the plant.
func ExampleNetwork() {
	g := flow.NewNetwork(5)
	g.SetSupply(0, 4)
	g.SetSupply(1, 5)
	g.SetSupply(4, -9)
	g.AddArc(0, 2, 0, math.Inf(1), 1)
	g.AddArc(1, 2, 0, math.Inf(1), 1)
	station := g.AddArc(2, 3, 0, 6, 0)
	g.AddArc(3, 4, 0, math.Inf(1), 2)
	direct := g.AddArc(1, 4, 0, math.Inf(1), 5)
	if err := g.Solve(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cost", g.Cost(), "station", g.Flow(station), "direct", g.Flow(direct))
	// Output: cost 33 station 6 direct 3
}
