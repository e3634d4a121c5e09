package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/huishou/huishou/scenarios/wire"
)

func runSupplyCmd(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append([]string{"supply"}, args...), &out, &errb); code != 0 {
		t.Fatalf("huishou supply %s: exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

func TestSupplyCSVMatchesJSON(t *testing.T) {
	base := []string{"--scenario", "sichuan", "--year", "2025"}
	recs, err := csv.NewReader(strings.NewReader(runSupplyCmd(t, append(base, "--format", "csv")...))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(recs[0], ","), strings.Join(wire.SupplyCSVHeader, ","); got != want {
		t.Fatalf("header got %s, want %s", got, want)
	}
	if !strings.HasPrefix(strings.Join(recs[0], ","), "adcode,county,") {
		t.Errorf("header %v does not start with adcode,county", recs[0])
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	rows := recs[1:]
	if len(rows) != 183*9 {
		t.Fatalf("got %d rows, want 183×9 = %d", len(rows), 183*9)
	}
	var js []map[string]any
	if err := json.Unmarshal([]byte(runSupplyCmd(t, append(base, "--format", "json")...)), &js); err != nil {
		t.Fatal(err)
	}
	if len(js) != len(rows) {
		t.Fatalf("json has %d objects, csv %d rows", len(js), len(rows))
	}
	seen := map[string]bool{}
	// CSV rounds units to 2 decimals and tonnes, m³ to 4: the sums may
	// differ by at most half a unit of the last place per row.
	for _, c := range []struct {
		name string
		prec float64
	}{{"units", 1e-2}, {"tonnes", 1e-4}, {"m3", 1e-4}, {"retired", 1e-2}, {"units_per_day", 1e-4}} {
		var sc, sj float64
		for i, r := range rows {
			v, err := strconv.ParseFloat(r[col[c.name]], 64)
			if err != nil || v < 0 || math.IsNaN(v) {
				t.Fatalf("row %d %s: %q does not parse as a non-negative number (%v)", i+1, c.name, r[col[c.name]], err)
			}
			sc += v
			jv, ok := js[i][c.name].(float64)
			if !ok {
				t.Fatalf("json[%d].%s missing", i, c.name)
			}
			sj += jv
			if js[i]["adcode"] != r[col["adcode"]] || js[i]["category"] != r[col["category"]] {
				t.Fatalf("row %d: csv %s/%s, json %v/%v", i+1, r[0], r[col["category"]], js[i]["adcode"], js[i]["category"])
			}
			seen[r[col["adcode"]]+"/"+r[col["category"]]] = true
		}
		if tol := float64(len(rows)) * c.prec / 2; math.Abs(sc-sj) > tol {
			t.Errorf("Σ %s: csv %.4f, json %.4f (tolerance %g)", c.name, sc, sj, tol)
		}
		if sc <= 0 {
			t.Errorf("Σ %s = %g, want > 0", c.name, sc)
		}
	}
	if len(seen) != 183*9 {
		t.Errorf("got %d distinct county×category rows, want %d", len(seen), 183*9)
	}
}

func TestSupplyTableAndLevers(t *testing.T) {
	out := runSupplyCmd(t, "--year", "2025")
	for _, want := range []string{"refrigerator", "mobile_phone", "total", "top 10 areas", "成都市"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// A subsidy raises every row's units.
	sum := func(args ...string) float64 {
		var js []struct{ Units float64 }
		if err := json.Unmarshal([]byte(runSupplyCmd(t, append(args, "--format", "json")...)), &js); err != nil {
			t.Fatal(err)
		}
		s := 0.0
		for _, r := range js {
			s += r.Units
		}
		return s
	}
	if b, s := sum(), sum("--subsidy", "0.15"); !(s > b*1.29 && s < b*1.31) {
		t.Errorf("15 %% subsidy: got %g units, want 1.3 × %g", s, b)
	}
	var out2, errb bytes.Buffer
	if code := run([]string{"supply", "--coverage", "2"}, &out2, &errb); code != 1 || !strings.Contains(errb.String(), "--coverage") {
		t.Errorf("--coverage 2: exit %d, stderr %q; want 1 naming --coverage", code, errb.String())
	}
}

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestSupplyTableGolden pins the table's bytes: written by `huishou supply`
// before its wire formats moved into package scenarios (now scenarios/wire), and unchanged since.
// Run with -update after a deliberate change of the data or the format.
func TestSupplyTableGolden(t *testing.T) {
	got := runSupplyCmd(t, "--subsidy", "0.2", "--coverage", "0.3", "--top", "3")
	path := filepath.Join("testdata", "supply-levers.golden")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("huishou supply table changed:\ngot\n%s\nwant\n%s", got, want)
	}
}
