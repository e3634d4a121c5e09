package main

import (
	"bytes"
	"encoding/json"
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
