package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/network"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n%s", name, got)
	}
}

// tiny is a two-township county: each township a collection-point
// candidate, the seat a transfer station, one sorting centre and one plant.
func tiny() *network.Input {
	a := geo.Plain
	cp := network.DefaultSizes(network.CollectionPoint)
	return &network.Input{
		Categories: []string{"refrigerator", "television"},
		Demand: []network.Demand{
			{ID: "t1", Name: "东镇", Point: orb.Point{104.00, 30.70}, Area: a, Group: "c1", Region: "p1", Tonnes: 40, M3: 300, Units: 1000, TonnesByCategory: []float64{30, 10}},
			{ID: "t2", Name: "西镇", Point: orb.Point{104.05, 30.70}, Area: a, Group: "c1", Region: "p1", Tonnes: 20, M3: 150, Units: 500, TonnesByCategory: []float64{15, 5}},
		},
		Sites: []network.Site{
			{ID: "cp-t1", Name: "东镇 回收站点", Tier: network.CollectionPoint, Point: orb.Point{104.00, 30.70}, Area: a, Group: "c1", Region: "p1", Sizes: cp},
			{ID: "cp-t2", Name: "西镇 回收站点", Tier: network.CollectionPoint, Point: orb.Point{104.05, 30.70}, Area: a, Group: "c1", Region: "p1", Sizes: cp},
			{ID: "ts-c1", Name: "县 中转站", Tier: network.TransferStation, Point: orb.Point{104.02, 30.72}, Area: a, Group: "c1", Region: "p1", Sizes: network.DefaultSizes(network.TransferStation)},
			{ID: "sc-p1", Name: "市 集散转运中心", Tier: network.SortingCentre, Point: orb.Point{104.10, 30.80}, Area: a, Group: "c1", Region: "p1", Sizes: network.DefaultSizes(network.SortingCentre)},
			{ID: "dp-1", Name: "拆解厂", Tier: network.Dismantler, Point: orb.Point{104.30, 31.00}, Area: a, Group: "c1", Region: "p1", Sizes: []network.Size{{Name: "licensed", CapacityT: 1000}}},
		},
		FirstMile: network.DefaultFirstMile,
		HubLeg:    network.DefaultHubLeg,
		Rules:     network.DefaultRules(),
	}
}

func TestNewPlanGolden(t *testing.T) {
	in := tiny()
	p, err := network.Design(context.Background(), in, network.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Method = "test" // the method names the time taken
	w := NewPlan("tiny", 2025, "", in, p)
	if w.LowerBound > w.Cost || len(w.Demand) != 2 || len(w.Sites) < 4 {
		t.Fatalf("plan %+v", w)
	}
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetIndent("", " ")
	if err := e.Encode(w); err != nil {
		t.Fatal(err)
	}
	golden(t, "tiny-plan.json", buf.Bytes())
	fc := PlanGeoJSON(nil, in, p, nil)
	kinds := map[string]int{}
	for _, f := range fc.Features {
		kinds[f.Properties.MustString("kind")]++
	}
	if kinds["site"] != len(p.Open) || kinds["demand"] != 2 || kinds["flow"] != len(p.Flows) {
		t.Errorf("features by kind %v", kinds)
	}
}

func TestRound(t *testing.T) {
	for _, c := range []struct{ v, want float64 }{{1.2345, 1.235}, {-1.2345, -1.235}, {2, 2}, {0.0004, 0}} {
		if got := Round(c.v, 3); got != c.want {
			t.Errorf("Round(%v, 3) = %v, want %v", c.v, got, c.want)
		}
	}
}
