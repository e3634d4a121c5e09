package report

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
)

func sichuanT(t testing.TB) *region.Region {
	t.Helper()
	r, err := region.Builtin("sichuan")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestWriteFiles(t *testing.T) {
	sc := sichuanT(t)
	res, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{County: "510104", Seed: 3, PlanTime: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := WriteRunFiles(dir, res)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 + len(res.DayPlan.Routes); len(files) != want { // plan.geojson, routes.html, index.html, a CSV per route
		t.Fatalf("wrote %d files, want %d", len(files), want)
	}
	html, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "Network KPIs", "锦江区", "route-" + res.DayPlan.Routes[0].Vehicle + ".csv", "provenance", "routes.html"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// Two maps on the page (province and county): no id twice, so the
	// county map is clipped by its own frame.
	for _, page := range []string{"index.html", "routes.html"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Fatal(err)
		}
		ids := regexp.MustCompile(`\bid="([^"]+)"`).FindAllStringSubmatch(string(b), -1)
		seen := map[string]bool{}
		for _, m := range ids {
			if seen[m[1]] {
				t.Errorf("%s: id %q appears twice", page, m[1])
			}
			seen[m[1]] = true
		}
		if maps := strings.Count(string(b), "<svg"); maps < 2 || len(seen) < maps {
			t.Errorf("%s: %d maps, %d ids", page, maps, len(seen))
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
		if f.Properties.MustString("kind") == "demand" && f.Properties.MustString("provenance") == "" {
			t.Fatalf("demand %v has no provenance", f.Properties["id"])
		}
	}
	if kinds["demand"] != len(sc.Townships) || kinds["route"] != len(res.DayPlan.Routes) || kinds["site"] != len(res.Plan.Open) {
		t.Errorf("features by kind %v; want %d demand, %d sites, %d routes", kinds, len(sc.Townships), len(res.Plan.Open), len(res.DayPlan.Routes))
	}
}

func TestWritePlanFiles(t *testing.T) {
	res, err := scenarios.Plan(context.Background(), sichuanT(t), scenarios.PlanOptions{Network: stage.NetworkOptions{Prefecture: "510100"}, TimeLimit: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := WritePlanFiles(dir, res)
	if err != nil || len(files) != 3 {
		t.Fatalf("wrote %v: %v", files, err)
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "Network KPIs", "成都市", "prefecture 510100"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}
