package report

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func mini(t testing.TB, names ...string) []*scenarios.Result {
	t.Helper()
	var scs []*scenarios.Scenario
	for _, n := range names {
		sc, err := scenarios.Load(filepath.Join("..", "testdata", "mini", n+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, sc)
	}
	rs, err := scenarios.RunAll(context.Background(), scs, 2, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestWriteRunFiles(t *testing.T) {
	rs := mini(t, "ops", "warehouses")
	res := rs[0]
	dir := t.TempDir()
	files, err := WriteRunFiles(dir, res)
	if err != nil {
		t.Fatal(err)
	}
	sheets := 0
	for _, d := range res.Days {
		sheets += len(d.Routes) + 1 // a CSV per route, routes.html
	}
	if want := 5 + sheets; len(files) != want { // index.html, summary.json, plan.json, plan.geojson, kpis.csv
		t.Fatalf("wrote %d files, want %d: %v", len(files), want, files)
	}
	html, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "Network KPIs", "东区", "days/2025-06-16/route-" + res.Days[0].Routes[0].Vehicle + ".csv", "days/2025-06-17/routes.html", "Days of operations", "How it was solved", "Made-up counties"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "plan.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range fc.Features {
		kinds[f.Properties.MustString("kind")]++
	}
	if kinds["demand"] != len(res.Network.Demand) || kinds["site"] != len(res.Plan.Open) || kinds["route"] != len(res.Days[0].Routes) {
		t.Errorf("features by kind %v", kinds)
	}
	// the delivery side is reported
	var b bytes.Buffer
	if err := WriteHTML(&b, rs[1]); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Deliveries and trade-ins", "front warehouses open", "lead time per township", "shares the transfer station"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("warehouse report lacks %q", want)
		}
	}
	if s := Summary(rs[1]); !strings.Contains(s, "front warehouses") || !strings.Contains(s, "trade-in back") {
		t.Errorf("summary:\n%s", s)
	}
}

func TestWritePlanFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("covered by the full run; -short is the race run")
	}
	rs := mini(t, "base")
	dir := t.TempDir()
	files, err := WritePlanFiles(dir, rs[0])
	if err != nil || len(files) != 3 {
		t.Fatalf("wrote %v: %v", files, err)
	}
}

// TestCompareGolden: compare.html, compare.csv and compare.json of the
// test region's scenarios, byte for byte.
func TestCompareGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("covered by the full run; -short is the race run")
	}
	// no days of operations: their routes follow the scheduler, tested on its own
	rs := mini(t, "base", "fuel", "radius", "subsidy", "warehouses", "roads")
	c, err := scenarios.Compare(rs, "mini-base")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := WriteCompareFiles(dir, c)
	if err != nil || len(files) != 3 {
		t.Fatalf("wrote %v: %v", files, err)
	}
	for _, f := range files {
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Base(f), got)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "compare.html"))
	// a bar chart per KPI, the Pareto chart, a map per scenario
	if n, want := strings.Count(string(html), "<svg"), len(c.KPIs)+1+len(c.Scenarios); n != want {
		t.Errorf("%d SVG drawings, want %d", n, want)
	}
	for _, want := range []string{"Pareto front", "opened", "closed", "mini-warehouses", "delivery_cost"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("compare.html lacks %q", want)
		}
	}
	// ids are unique on the page
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`id="([^"]+)"`).FindAllStringSubmatch(string(html), -1) {
		if seen[m[1]] {
			t.Errorf("id %q twice on the page", m[1])
		}
		seen[m[1]] = true
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(filepath.Join(os.TempDir(), "got-"+name), got, 0o644)
		t.Errorf("%s differs from the golden file (go test -update to accept); got in %s", name, filepath.Join(os.TempDir(), "got-"+name))
	}
}
