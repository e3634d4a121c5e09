package route_test

import (
	"context"
	"fmt"

	"github.com/huishou/huishou/optimizer/route"
)

func ExampleSolve() {
	// Depot at location 0 and four clients on a line, two per truck.
	pos := []int64{0, 10, 20, -10, -20}
	n := len(pos)
	p := &route.Problem{N: n, Dist: make([]int64, n*n),
		Vehicles: []route.Vehicle{{Capacity: []int64{2}}}}
	for i := range n {
		for j := range n {
			p.Dist[i*n+j] = max(pos[i]-pos[j], pos[j]-pos[i])
		}
	}
	for i := 1; i < n; i++ {
		p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{1}})
	}
	sol, err := route.Solve(context.Background(), p, route.Options{MaxIterations: 50})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cost", sol.Cost, "routes", len(sol.Routes), "feasible", sol.Feasible)
	// Output: cost 80 routes 2 feasible true
}
