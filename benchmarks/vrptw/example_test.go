package vrptw_test

import (
	"fmt"
	"strings"

	"github.com/huishou/huishou/benchmarks/vrptw"
)

// A Solomon file with a depot and two customers, read and checked.
func Example() {
	const file = "TINY\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  25         200\r\n\r\nCUSTOMER\r\n" +
		"CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n \r\n" +
		"    0       0          0          0          0        100          0\r\n" +
		"    1       3          4         10          0         50          1\r\n" +
		"    2       6          0         20         20         30          1\r\n"
	inst, err := vrptw.ReadSolomon(strings.NewReader(file), "tiny.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := vrptw.Check(inst, vrptw.Routes([]int{1, 2}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d vehicle(s), distance %.2f, feasible %v\n", inst.Name, rep.Vehicles, rep.Distance, rep.Feasible)

	rep, _ = vrptw.Check(inst, vrptw.Routes([]int{2}))
	fmt.Println(rep.Feasible, rep.Violations)
	// Output:
	// TINY: 1 vehicle(s), distance 16.00, feasible true
	// false [1 customer(s) not visited: 1]
}

// A malformed file gives a *FormatError naming the file, line and field.
func ExampleReadSolomon_error() {
	const file = "C101\nVEHICLE\nNUMBER CAPACITY\n25 200\nCUSTOMER\n0 40 50 0 0 1236 0\n1 45 68 10 912 x 90\n"
	_, err := vrptw.ReadSolomon(strings.NewReader(file), "c101.txt")
	fmt.Println(err)
	// Output:
	// c101.txt: line 7: field "due": "x" is not a number
}

// An MDVRP route names its depot by position in Instance.Depots.
func ExampleCheck_multiDepot() {
	const file = "2 1 2 2\n0 80\n50 80\n1 3 4 0 10 1 1 1\n2 6 0 0 20 1 1 1\n3 0 0 0 0 0 0\n4 10 0 0 0 0 0\n"
	inst, err := vrptw.ReadCordeau(strings.NewReader(file), "mini.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := vrptw.Check(inst, []vrptw.Route{
		{Depot: 0, Nodes: []int{0}}, // customer id 1 from depot id 3
		{Depot: 1, Nodes: []int{1}}, // customer id 2 from depot id 4
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d vehicles, distance %.2f, feasible %v\n", rep.Vehicles, rep.Distance, rep.Feasible)
	// Output:
	// 2 vehicles, distance 18.00, feasible true
}
