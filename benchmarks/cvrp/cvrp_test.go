package cvrp

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/huishou/huishou/internal/sharedtest"
)

const tiny = `NAME : tiny
COMMENT : "four nodes"
TYPE : CVRP
DIMENSION : 4
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
4 0 5
DEMAND_SECTION
1 0
2 4
3 5
4 6
DEPOT_SECTION
1
-1
EOF
`

func TestReadVRP(t *testing.T) {
	in, err := ReadVRP(strings.NewReader(tiny))
	if err != nil {
		t.Fatal(err)
	}
	if in.Name != "tiny" || in.Dimension != 4 || in.Capacity != 10 || in.Depot != 0 || in.Demand[3] != 6 {
		t.Fatalf("got %+v", in)
	}
	if got := in.Dist(0, 1); got != 5 {
		t.Errorf("got dist(0,1) = %d, want 5", got)
	}
	if got := in.Dist(1, 3); got != 3 { // hypot(3,1)=3.16 → 3
		t.Errorf("got dist(1,3) = %d, want 3", got)
	}
	cost, err := Check(in, Routes{{1, 2}, {3}})
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(5 + 5 + 10 + 5 + 5); cost != want {
		t.Errorf("got cost %d, want %d", cost, want)
	}
	if _, err := Check(in, Routes{{1, 2, 3}}); err == nil {
		t.Error("want a capacity error")
	}
	if _, err := Check(in, Routes{{1, 2}}); err == nil {
		t.Error("want a missing-customer error")
	}
}

func TestReadVRPErrors(t *testing.T) {
	tests := []struct {
		name, edit, old string
		line            int
		field           string
	}{
		{"bad dimension", "DIMENSION : x", "DIMENSION : 4", 4, "DIMENSION"},
		{"bad weight type", "EDGE_WEIGHT_TYPE : GEO", "EDGE_WEIGHT_TYPE : EUC_2D", 5, "EDGE_WEIGHT_TYPE"},
		{"bad capacity", "CAPACITY : -3", "CAPACITY : 10", 6, "CAPACITY"},
		{"bad coordinate", "3 6 y", "3 6 8", 10, "NODE_COORD_SECTION.x,y"},
		{"node out of range", "9 0 5", "4 0 5", 11, "NODE_COORD_SECTION.id"},
		{"bad demand", "3 -5", "3 5", 15, "DEMAND_SECTION.demand"},
		{"missing demand", "", "4 6", 0, "DEMAND_SECTION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadVRP(strings.NewReader(strings.Replace(tiny, tt.old, tt.edit, 1)))
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line != tt.line || pe.Field != tt.field {
				t.Errorf("got %v, want a ParseError at line %d on %s", err, tt.line, tt.field)
			}
		})
	}
}

func TestSolutionRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSolution(&buf, Routes{{1, 2}, {}, {3}}, 30); err != nil {
		t.Fatal(err)
	}
	if want := "Route #1: 1 2\nRoute #2: 3\nCost 30\n"; buf.String() != want {
		t.Fatalf("got %q, want %q", buf.String(), want)
	}
	r, c, err := ReadSolution(&buf)
	if err != nil || c != 30 || len(r) != 2 || r[1][0] != 3 {
		t.Fatalf("got %v %d %v", r, c, err)
	}
}

func TestBKSSolutionChecks(t *testing.T) {
	f, err := os.Open(sharedtest.Path(t, "benchmarks/cvrp/X/X-n101-k25.vrp"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := ReadVRP(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.Open(sharedtest.Path(t, "benchmarks/cvrp/X/X-n101-k25.sol"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	routes, stated, err := ReadSolution(g)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := Check(in, routes)
	if err != nil || cost != 27591 || stated != 27591 {
		t.Errorf("got cost %d (stated %d), %v; want 27591", cost, stated, err)
	}
}

func FuzzReadVRP(f *testing.F) {
	f.Add(tiny)
	f.Add(strings.Replace(tiny, "DEPOT_SECTION", "", 1))
	f.Add("DIMENSION : 2\nCAPACITY : 1\nNODE_COORD_SECTION\n1 0 0\n2 1e300 0\n")
	f.Fuzz(func(t *testing.T, s string) {
		in, err := ReadVRP(strings.NewReader(s))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Field == "" {
				t.Fatalf("error %v is not a ParseError naming a field", err)
			}
			return
		}
		if in.Dimension < 2 || len(in.X) != in.Dimension || len(in.Demand) != in.Dimension {
			t.Fatalf("inconsistent instance %+v", in)
		}
		if in.Dimension <= 50 {
			p := in.Problem()
			if err := p.Validate(); err != nil && !strings.Contains(err.Error(), "no feasible") {
				t.Fatalf("reader accepted an instance the engine rejects: %v", err)
			}
		}
	})
}
