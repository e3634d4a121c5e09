package vrptw

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/huishou/huishou/internal/sharedtest"
)

// shared is the benchmark data beside the repository (shared/benchmarks),
// or "" when it is missing: tests that need it call sharedFiles or
// sharedtest.Path first, which fail when it is.
var shared = sharedtest.Optional("benchmarks")

// sharedFiles returns the instance files (*.txt) of a shared folder; the
// test fails when the shared data is not there.
func sharedFiles(t *testing.T, dir string) []string {
	t.Helper()
	return sharedtest.Glob(t, "benchmarks/"+dir, "*.txt")
}

func TestReadSolomonShared(t *testing.T) {
	files := sharedFiles(t, "vrptw/solomon")
	if len(files) != 50 {
		t.Errorf("got %d Solomon files, want 50", len(files))
	}
	bks, err := ReadBKS(filepath.Join(shared, "vrptw/solomon/bks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	capacity := map[string]int{"C1": 200, "C2": 700, "R1": 200, "R2": 1000, "RC1": 200, "RC2": 1000}
	for _, path := range files {
		base := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(base, func(t *testing.T) {
			in, err := ReadFile(KindVRPTW, path)
			if err != nil {
				t.Fatal(err)
			}
			if in.Name != base {
				t.Errorf("Name = %q, want %q", in.Name, base)
			}
			if in.Kind != KindVRPTW {
				t.Errorf("Kind = %q, want %q", in.Kind, KindVRPTW)
			}
			if got := len(in.Nodes); got != 101 {
				t.Errorf("got %d nodes, want 101 (100 customers + depot)", got)
			}
			if !slices.Equal(in.Depots, []int{0}) {
				t.Errorf("Depots = %v, want [0]", in.Depots)
			}
			if in.Vehicles != 25 {
				t.Errorf("Vehicles = %d, want 25", in.Vehicles)
			}
			class := strings.TrimRight(base, "0123456789")
			class += base[len(class) : len(class)+1]
			if want := capacity[class]; in.Capacity != want {
				t.Errorf("Capacity = %d, want %d (class %s)", in.Capacity, want, class)
			}
			if in.DepotCapacity != nil || in.MaxDuration != nil {
				t.Errorf("per-depot fields set: %v, %v", in.DepotCapacity, in.MaxDuration)
			}
			depot := in.Nodes[0]
			if depot.Demand != 0 || depot.Service != 0 || depot.Ready != 0 || depot.Due <= 0 {
				t.Errorf("depot = %+v", depot)
			}
			for i, nd := range in.Nodes {
				if nd.ID != i || nd.Pickup != -1 || nd.Delivery != -1 {
					t.Fatalf("node %d = %+v", i, nd)
				}
				if i > 0 && (nd.Demand <= 0 || nd.Service <= 0 || nd.Due > depot.Due) {
					t.Errorf("customer %d = %+v", i, nd)
				}
			}
			if _, ok := bks[in.Name]; !ok {
				t.Errorf("no BKS for %s", in.Name)
			}
			// Solomon built every instance so that each customer can be
			// served alone: a route per customer breaks only the fleet size.
			singletons(t, in)
		})
	}
}

func TestReadLiLimShared(t *testing.T) {
	files := sharedFiles(t, "pdptw/li_lim_100")
	if len(files) != 38 {
		t.Errorf("got %d Li & Lim files, want 38", len(files))
	}
	bks, err := ReadBKS(filepath.Join(shared, "pdptw/li_lim_100/bks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	capacity := map[string]int{"lc1": 200, "lc2": 700, "lr1": 200, "lr2": 1000, "lrc1": 200, "lrc2": 1000}
	for _, path := range files {
		base := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(base, func(t *testing.T) {
			in, err := ReadFile(KindPDPTW, path)
			if err != nil {
				t.Fatal(err)
			}
			if in.Name != base || in.Kind != KindPDPTW {
				t.Errorf("Name, Kind = %q, %q, want %q, %q", in.Name, in.Kind, base, KindPDPTW)
			}
			class := base[:len(base)-2]
			if want := capacity[class]; in.Capacity != want {
				t.Errorf("Capacity = %d, want %d (class %s)", in.Capacity, want, class)
			}
			if in.Vehicles != 25 {
				t.Errorf("Vehicles = %d, want 25", in.Vehicles)
			}
			if n := len(in.Nodes); n < 101 || n > 112 || n%2 != 1 {
				t.Errorf("got %d nodes, want depot + an even number of tasks, about 100", n)
			}
			if err := in.Validate(); err != nil {
				t.Error(err)
			}
			pickups := 0
			for i, nd := range in.Nodes[1:] {
				i++
				switch {
				case nd.Demand > 0:
					pickups++
					if nd.Pickup != -1 || in.Nodes[nd.Delivery].Pickup != i {
						t.Fatalf("pickup %d = %+v", i, nd)
					}
				case nd.Demand < 0:
					if nd.Delivery != -1 || in.Nodes[nd.Pickup].Delivery != i {
						t.Fatalf("delivery %d = %+v", i, nd)
					}
				}
			}
			if 2*pickups != in.NumCustomers() {
				t.Errorf("got %d pickups for %d tasks", pickups, in.NumCustomers())
			}
			if _, ok := bks[in.Name]; !ok {
				t.Errorf("no BKS for %s", in.Name)
			}
			// Every pair can be served alone, pickup then delivery.
			var routes [][]int
			for i, nd := range in.Nodes {
				if nd.Delivery > 0 {
					routes = append(routes, []int{i, nd.Delivery})
				}
			}
			rep, err := Check(in, Routes(routes...))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{fmtFleet(len(routes), 25)}
			if !slices.Equal(rep.Violations, want) {
				t.Errorf("pair per route: violations %q, want %q", rep.Violations, want)
			}
		})
	}
}

func TestReadCordeauShared(t *testing.T) {
	files := sharedFiles(t, "mdvrp/cordeau")
	if len(files) != 22 {
		t.Errorf("got %d Cordeau files, want 22", len(files))
	}
	bks, err := ReadBKS(filepath.Join(shared, "mdvrp/cordeau/bks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Header values from Cordeau et al. (1997) and the files' first lines.
	type head struct {
		m, n, t, q int
		d          float64
	}
	known := map[string]head{
		"p01":  {4, 50, 4, 80, 0},
		"p04":  {8, 100, 2, 100, 0},
		"p08":  {14, 249, 2, 500, 310},
		"p22":  {5, 360, 9, 60, 200},
		"pr02": {2, 96, 4, 195, 480},
	}
	for _, path := range files {
		base := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(base, func(t *testing.T) {
			in, err := ReadFile(KindMDVRP, path)
			if err != nil {
				t.Fatal(err)
			}
			if in.Name != base || in.Kind != KindMDVRP {
				t.Errorf("Name, Kind = %q, %q, want %q, %q", in.Name, in.Kind, base, KindMDVRP)
			}
			nd, nc := len(in.Depots), in.NumCustomers()
			if len(in.DepotCapacity) != nd || len(in.MaxDuration) != nd {
				t.Fatalf("per-depot slices %v, %v for %d depots", in.DepotCapacity, in.MaxDuration, nd)
			}
			for k, d := range in.Depots {
				if d != nc+k || in.Nodes[d].ID != nc+k+1 {
					t.Errorf("depot %d at node %d with id %d, want node %d id %d", k, d, in.Nodes[d].ID, nc+k, nc+k+1)
				}
				if in.DepotCapacity[k] != in.Capacity {
					t.Errorf("depot %d: capacity %d, want %d", k, in.DepotCapacity[k], in.Capacity)
				}
			}
			for i, n := range in.Nodes[:nc] {
				if n.ID != i+1 || n.Demand <= 0 || n.Ready != 0 || !math.IsInf(n.Due, 1) {
					t.Fatalf("customer %d = %+v", i, n)
				}
			}
			if h, ok := known[base]; ok {
				got := head{in.Vehicles, nc, nd, in.Capacity, in.MaxDuration[0]}
				if got != h {
					t.Errorf("got m n t Q D = %v, want %v", got, h)
				}
			}
			if _, ok := bks[in.Name]; !ok {
				t.Errorf("no BKS for %s", in.Name)
			}
		})
	}
}

// singletons checks that one route per customer, from depot 0, breaks no
// rule but the fleet size.
func singletons(t *testing.T, in *Instance) {
	t.Helper()
	var routes [][]int
	for i := range in.Nodes {
		if i != in.Depots[0] {
			routes = append(routes, []int{i})
		}
	}
	rep, err := Check(in, Routes(routes...))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	if in.Vehicles > 0 && len(routes) > in.Vehicles {
		want = []string{fmtFleet(len(routes), in.Vehicles)}
	}
	if !slices.Equal(rep.Violations, want) {
		t.Errorf("customer per route: violations %q, want %q", rep.Violations, want)
	}
}

// fmtFleet is the violation Check reports for a fleet that is too small.
func fmtFleet(used, fleet int) string {
	return fmt.Sprintf("%d vehicles used, the fleet has %d", used, fleet)
}

func TestReadBKSShared(t *testing.T) {
	sharedtest.Path(t, "benchmarks")
	tests := []struct {
		file string
		rows int
		name string
		want BKS
	}{
		{"vrptw/solomon/bks.csv", 50, "C101", BKS{"C101", 828.94, 10, false}},
		{"vrptw/solomon/bks.csv", 50, "R101", BKS{"R101", 1650.80, 19, false}},
		{"vrptw/solomon/bks_distance_only.csv", 50, "C101", BKS{"C101", 828.94, 10, false}},
		{"pdptw/li_lim_100/bks.csv", 38, "lc101", BKS{"lc101", 828.9369, 10, false}},
		{"mdvrp/cordeau/bks.csv", 22, "p01", BKS{"p01", 576.87, 0, false}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			got, err := ReadBKS(filepath.Join(shared, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.rows {
				t.Errorf("got %d rows, want %d", len(got), tt.rows)
			}
			if got[tt.name] != tt.want {
				t.Errorf("got %+v, want %+v", got[tt.name], tt.want)
			}
		})
	}
	_, err := ReadBKS(filepath.Join(shared, "no-such.csv"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want os.ErrNotExist", err)
	}
}
