package vrptw

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tiny returns a three-node VRPTW instance laid out on a 3-4-5 triangle:
// depot 0 at (0,0), customer 1 at (3,4), customer 2 at (6,0). The tour
// 0→1→2→0 is 5+5+6 = 16 long; with a service of 1 at each customer it
// serves 1 at t=5 and 2 at t=11, and is back at t=18.
func tiny() *Instance {
	inf := 1000.0
	return &Instance{
		Name: "tiny", Kind: KindVRPTW, Vehicles: 2, Capacity: 10,
		Nodes: []Node{
			{ID: 0, X: 0, Y: 0, Ready: 0, Due: inf, Pickup: -1, Delivery: -1},
			{ID: 1, X: 3, Y: 4, Demand: 5, Due: inf, Service: 1, Pickup: -1, Delivery: -1},
			{ID: 2, X: 6, Y: 0, Demand: 5, Due: inf, Service: 1, Pickup: -1, Delivery: -1},
		},
		Depots: []int{0},
	}
}

// tinyPD returns a PDPTW instance: pickups 1 and 3 (6 units each) with their
// deliveries 2 and 4, capacity 10.
func tinyPD() *Instance {
	in := &Instance{Name: "tinypd", Kind: KindPDPTW, Capacity: 10, Depots: []int{0}}
	in.Nodes = []Node{{ID: 0, Due: 1000, Pickup: -1, Delivery: -1}}
	for i, dem := range []int{6, -6, 6, -6} {
		nd := Node{ID: i + 1, X: float64(i + 1), Due: 1000, Demand: dem, Pickup: -1, Delivery: -1}
		if dem > 0 {
			nd.Delivery = i + 2
		} else {
			nd.Pickup = i
		}
		in.Nodes = append(in.Nodes, nd)
	}
	return in
}

// tinyMD returns an MDVRP instance in Cordeau's numbering: customers 0 (3,4)
// and 1 (6,0), ids 1 and 2; depots 2 (0,0) and 3 (10,0), ids 3 and 4; one
// vehicle per depot. From depot 0, route [0 1] is 16 long and, with a
// service of 1 at each customer, lasts 18.
func tinyMD() *Instance {
	inf := math.Inf(1)
	return &Instance{
		Name: "tinymd", Kind: KindMDVRP, Vehicles: 1, Capacity: 10,
		Nodes: []Node{
			{ID: 1, X: 3, Y: 4, Demand: 5, Service: 1, Due: inf, Pickup: -1, Delivery: -1},
			{ID: 2, X: 6, Y: 0, Demand: 5, Service: 1, Due: inf, Pickup: -1, Delivery: -1},
			{ID: 3, X: 0, Y: 0, Due: inf, Pickup: -1, Delivery: -1},
			{ID: 4, X: 10, Y: 0, Due: inf, Pickup: -1, Delivery: -1},
		},
		Depots:        []int{2, 3},
		DepotCapacity: []int{10, 10},
		MaxDuration:   []float64{0, 0},
	}
}

func TestDist(t *testing.T) {
	in := tiny()
	tests := []struct {
		i, j int
		want float64
	}{
		{0, 1, 5}, {1, 0, 5}, {1, 2, 5}, {0, 2, 6}, {2, 2, 0},
	}
	for _, tt := range tests {
		if got := in.Dist(tt.i, tt.j); got != tt.want {
			t.Errorf("Dist(%d, %d) = %v, want %v", tt.i, tt.j, got, tt.want)
		}
	}
	// Unrounded: (0,0)–(1,1) is √2, not 1.
	in.Nodes[1].X, in.Nodes[1].Y = 1, 1
	if got := in.Dist(0, 1); got != math.Sqrt2 {
		t.Errorf("Dist to (1,1) = %v, want √2", got)
	}
}

func TestCheckFeasible(t *testing.T) {
	tests := []struct {
		name   string
		in     *Instance
		routes []Route
		dist   float64
		veh    int
	}{
		{"vrptw one route", tiny(), Routes([]int{1, 2}), 16, 1},
		{"vrptw reversed", tiny(), Routes([]int{2, 1}), 16, 1},
		{"vrptw two routes and an empty one", tiny(), Routes([]int{1}, nil, []int{2}), 22, 2},
		{"pdptw nested", tinyPD(), Routes([]int{1, 2, 3, 4}), 8, 1},
		{"pdptw two routes", tinyPD(), Routes([]int{3, 4}, []int{1, 2}), 12, 2},
		{"mdvrp one depot", tinyMD(), []Route{{Depot: 0, Nodes: []int{0, 1}}}, 16, 1},
		{"mdvrp both depots", tinyMD(), []Route{{Depot: 0, Nodes: []int{0}}, {Depot: 1, Nodes: []int{1}}}, 18, 2},
		{"waits for ready", func() *Instance {
			in := tiny()
			in.Nodes[2].Ready, in.Nodes[2].Due = 20, 20 // arrives at 11, waits
			in.Nodes[0].Due = 27                        // 20 + 1 + 6
			return in
		}(), Routes([]int{1, 2}), 16, 1},
		{"due within tolerance", func() *Instance {
			in := tiny()
			in.Nodes[2].Due = 11 - Tolerance/10
			return in
		}(), Routes([]int{1, 2}), 16, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Check(tt.in, tt.routes)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Feasible || len(rep.Violations) > 0 {
				t.Errorf("got infeasible: %q", rep.Violations)
			}
			if math.Abs(rep.Distance-tt.dist) > 1e-12 {
				t.Errorf("Distance = %v, want %v", rep.Distance, tt.dist)
			}
			if rep.Vehicles != tt.veh {
				t.Errorf("Vehicles = %d, want %d", rep.Vehicles, tt.veh)
			}
		})
	}
}

func TestCheckViolations(t *testing.T) {
	tests := []struct {
		name   string
		in     *Instance
		edit   func(*Instance)
		routes []Route
		want   string
	}{
		{"missing", tiny(), nil, Routes([]int{1}),
			"1 customer(s) not visited: 2"},
		{"missing, many", tiny(), func(in *Instance) {
			for i := 3; i < 15; i++ {
				in.Nodes = append(in.Nodes, Node{ID: i, Due: 1000, Pickup: -1, Delivery: -1})
			}
		}, Routes([]int{1, 2}),
			"12 customer(s) not visited: 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, … and 2 more"},
		{"visited twice", tiny(), nil, Routes([]int{1, 2}, []int{2}),
			"customer 2 visited 2 times"},
		{"capacity", tiny(), func(in *Instance) { in.Capacity = 9 }, Routes([]int{1, 2}),
			"routes[0]: load 10 exceeds capacity 9 after 2 (stop 1)"},
		{"late", tiny(), func(in *Instance) { in.Nodes[2].Due = 8 }, Routes([]int{1, 2}),
			"routes[0]: service at 2 starts at 11, after its due time 8"},
		{"late beyond tolerance", tiny(), func(in *Instance) { in.Nodes[2].Due = 11 - 10*Tolerance }, Routes([]int{1, 2}),
			"routes[0]: service at 2 starts at 11, after its due time 10.99999"},
		{"late after waiting", tiny(), func(in *Instance) {
			in.Nodes[1].Ready = 10 // serve 1 at 10, leave at 11, reach 2 at 16
			in.Nodes[2].Due = 15
		}, Routes([]int{1, 2}),
			"routes[0]: service at 2 starts at 16, after its due time 15"},
		{"back after horizon", tiny(), func(in *Instance) { in.Nodes[0].Due = 17 }, Routes([]int{1, 2}),
			"routes[0]: back at depot 0 at 18, after its due time 17"},
		{"fleet", tiny(), func(in *Instance) { in.Vehicles = 1 }, Routes([]int{1}, []int{2}),
			"2 vehicles used, the fleet has 1"},
		{"delivery first", tinyPD(), nil, Routes([]int{2, 1}, []int{3, 4}),
			"routes[0]: delivery 2 (stop 0) comes before its pickup 1 (stop 1)"},
		{"pair split", tinyPD(), nil, Routes([]int{1}, []int{2}, []int{3, 4}),
			"pickup 1 is on routes[0] but its delivery 2 on routes[1]"},
		{"pdptw load mid-route", tinyPD(), nil, Routes([]int{1, 3, 2, 4}),
			"routes[0]: load 12 exceeds capacity 10 after 3 (stop 1)"},
		{"max duration", tinyMD(), func(in *Instance) { in.MaxDuration[0] = 17 }, []Route{{Depot: 0, Nodes: []int{0, 1}}},
			"routes[0]: duration 18 exceeds the limit 17 of depot 2 (id 3)"},
		{"vehicles per depot", tinyMD(), nil, []Route{{Depot: 1, Nodes: []int{0}}, {Depot: 1, Nodes: []int{1}}},
			"depot 3 (id 4): 2 vehicles used, 1 available"},
		{"depot capacity", tinyMD(), func(in *Instance) { in.DepotCapacity[1] = 4 }, []Route{{Depot: 0, Nodes: []int{0}}, {Depot: 1, Nodes: []int{1}}},
			"routes[1]: load 5 exceeds capacity 4 after 1 (id 2) (stop 0)"},
		{"mdvrp missing names ids", tinyMD(), nil, []Route{{Depot: 1, Nodes: []int{1}}},
			"1 customer(s) not visited: 0 (id 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.edit != nil {
				tt.edit(tt.in)
			}
			rep, err := Check(tt.in, tt.routes)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Feasible {
				t.Error("got feasible")
			}
			if !slices.Equal(rep.Violations, []string{tt.want}) {
				t.Errorf("got violations %q, want [%q]", rep.Violations, tt.want)
			}
		})
	}
}

func TestCheckErrors(t *testing.T) {
	noDepot := tiny()
	noDepot.Depots = nil
	badPair := tinyPD()
	badPair.Nodes[2].Pickup = 3
	shortDur := tinyMD()
	shortDur.MaxDuration = []float64{0}
	tests := []struct {
		name   string
		in     *Instance
		routes []Route
		want   string
	}{
		{"nil instance", nil, nil, "nil instance"},
		{"no depot", noDepot, nil, "has no depot"},
		{"sibling mismatch", badPair, nil, "node 1: delivery 2 does not name it as its pickup"},
		{"per-depot slice length", shortDur, nil, "1 max durations for 2 depots"},
		{"node out of range", tiny(), Routes([]int{1, 3}), "routes[0], stop 1: node 3 out of range (3 nodes)"},
		{"negative node", tiny(), Routes([]int{2}, []int{-1}), "routes[1], stop 0: node -1 out of range"},
		{"depot in route", tiny(), Routes([]int{0, 1, 2, 0}), "routes[0], stop 0: node 0 is a depot"},
		{"depot out of range", tinyMD(), []Route{{Depot: 2, Nodes: []int{0}}}, "routes[0]: depot 2 out of range (2 depots)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Check(tt.in, tt.routes)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestCheckC101BKS re-checks the best-known solution of C101 (10 routes,
// 828.94), as published in SINTEF's table of Solomon results.
func TestCheckC101BKS(t *testing.T) {
	sharedFiles(t, "vrptw/solomon")
	in, err := ReadFile(KindVRPTW, filepath.Join(shared, "vrptw/solomon/C101.txt"))
	if err != nil {
		t.Fatal(err)
	}
	routes := Routes(
		[]int{5, 3, 7, 8, 10, 11, 9, 6, 4, 2, 1, 75},
		[]int{13, 17, 18, 19, 15, 16, 14, 12},
		[]int{20, 24, 25, 27, 29, 30, 28, 26, 23, 22, 21},
		[]int{32, 33, 31, 35, 37, 38, 39, 36, 34},
		[]int{43, 42, 41, 40, 44, 46, 45, 48, 51, 50, 52, 49, 47},
		[]int{57, 55, 54, 53, 56, 58, 60, 59},
		[]int{67, 65, 63, 62, 74, 72, 61, 64, 68, 66, 69},
		[]int{81, 78, 76, 71, 70, 73, 77, 79, 80},
		[]int{90, 87, 86, 83, 82, 84, 85, 88, 89, 91},
		[]int{98, 96, 95, 94, 92, 93, 97, 100, 99},
	)
	rep, err := Check(in, routes)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Feasible {
		t.Errorf("BKS infeasible: %q", rep.Violations)
	}
	if rep.Vehicles != 10 || math.Abs(rep.Distance-828.94) > 0.005 {
		t.Errorf("got %d vehicles, distance %.4f; want 10, 828.94", rep.Vehicles, rep.Distance)
	}
	// Swapping two customers of the first route breaks a time window.
	routes[0].Nodes[0], routes[0].Nodes[1] = routes[0].Nodes[1], routes[0].Nodes[0]
	rep, err = Check(in, routes)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Feasible {
		t.Error("swapped route: got feasible")
	}
}
