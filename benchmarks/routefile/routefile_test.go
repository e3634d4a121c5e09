package routefile_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/huishou/huishou/benchmarks/routefile"
	"github.com/huishou/huishou/optimizer/route"
)

const tinyVRP = `NAME : tiny
TYPE : CVRP
DIMENSION : 3
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 1
NODE_COORD_SECTION
1 0 0
2 10 0
3 -10 0
DEMAND_SECTION
1 0
2 1
3 1
DEPOT_SECTION
1
-1
EOF
`

func TestReadWrite(t *testing.T) {
	f, err := routefile.Detect("tiny.vrp", []byte(tinyVRP))
	if err != nil || f != "cvrplib" {
		t.Fatalf("Detect = %q, %v; want cvrplib", f, err)
	}
	rf, err := routefile.Read(f, "tiny.vrp", []byte(tinyVRP), nil)
	if err != nil {
		t.Fatal(err)
	}
	sol, err := route.Solve(context.Background(), rf.Problem, route.Options{MaxIterations: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ of, want string }{
		{"", "Cost 40\n"}, {"cvrplib", "Cost 40\n"}, {"json", `"cost"`}, {"vroom", `"summary"`},
	} {
		w, err := rf.Writer(tc.of)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := w(&b, sol); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("out-format %q: got %s, want %q in it", tc.of, b.String(), tc.want)
		}
	}
	if v, err := rf.Check(sol); err != nil || len(v) != 0 {
		t.Errorf("Check = %v, %v; want no violations", v, err)
	}
	if _, err := rf.Writer("xml"); err == nil || !strings.Contains(err.Error(), `unknown --out-format "xml"`) {
		t.Errorf("Writer(xml) error = %v", err)
	}
	if _, err := routefile.Read("xml", "a", nil, nil); err == nil || !strings.Contains(err.Error(), `unknown --format "xml"`) {
		t.Errorf("Read(xml) error = %v", err)
	}
}
