package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"plan", "--prefecture", "510100", "--time", "1s", "--out", dir}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"collection points", "bound", "gap", "wrote 3 files"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pj map[string]any
	if err := json.Unmarshal(b, &pj); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"cost", "lower_bound", "gap_pct", "sites", "demand", "flows", "kpi"} {
		if _, ok := pj[k]; !ok {
			t.Errorf("plan.json lacks %q", k)
		}
	}
	for _, f := range []string{"plan.geojson", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

// TestPlanVerbose: -v prints the design's best cost, bound and gap on
// stderr as they improve, ending on the plan's figures.
func TestPlanVerbose(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"plan", "--prefecture", "510100", "--budget", "3000", "-v", "--out", dir}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(errb.String()), "\n") {
		if strings.HasPrefix(l, "design ") {
			lines = append(lines, l)
		}
	}
	if len(lines) < 2 || !strings.Contains(lines[0], "best cost –") {
		t.Fatalf("stderr: want the search's lines, a bound before a cost first:\n%s", errb.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pj struct {
		Cost       float64 `json:"cost"`
		LowerBound float64 `json:"lower_bound"`
	}
	if err := json.Unmarshal(b, &pj); err != nil {
		t.Fatal(err)
	}
	last := lines[len(lines)-1]
	want := fmt.Sprintf("best cost %.3f M, bound %.3f M, gap %.2f %%; work ", pj.Cost/1e6, pj.LowerBound/1e6, 100*(pj.Cost-pj.LowerBound)/pj.Cost)
	if !strings.Contains(last, want) || !strings.Contains(last, " of 3000; ") {
		t.Errorf("last line %q, want %q and the budget", last, want)
	}
}

func TestPlanBadInput(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "d.csv")
	if err := os.WriteFile(csv, []byte("id,lon,lat,tonnes\na,104.07,30.66,12\nb,116.4,39.9,5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--prefecture", "999999"}, "prefecture"},
		{[]string{"plan", "--demand", csv, "--out", dir}, "d.csv:3: lon,lat"},
		{[]string{"plan", "extra"}, ""},
	} {
		var out, errb bytes.Buffer
		if code := run(c.args, &out, &errb); code == 0 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want an error naming %q", c.args, code, errb.String(), c.want)
		}
	}
}
