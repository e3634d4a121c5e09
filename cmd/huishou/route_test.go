package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tinyVRP = `NAME : tiny
TYPE : CVRP
DIMENSION : 5
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 2
NODE_COORD_SECTION
1 0 0
2 10 0
3 20 0
4 -10 0
5 -20 0
DEMAND_SECTION
1 0
2 1
3 1
4 1
5 1
DEPOT_SECTION
1
-1
EOF
`

func writeTiny(t *testing.T) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "tiny.vrp")
	if err := os.WriteFile(path, []byte(tinyVRP), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

func TestRouteCommand(t *testing.T) {
	_, path := writeTiny(t)
	var out, errb bytes.Buffer
	if code := run([]string{"route", "--in", path, "--time", "0", "--iterations", "30"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	got := out.String()
	if !strings.Contains(got, "Route #1: ") || !strings.Contains(got, "Route #2: ") || !strings.HasSuffix(got, "Cost 80\n") {
		t.Errorf("got\n%s\nwant two routes and Cost 80", got)
	}
}

func TestRouteCommandErrors(t *testing.T) {
	dir, _ := writeTiny(t)
	bad := filepath.Join(dir, "bad.vrp")
	os.WriteFile(bad, []byte(strings.Replace(tinyVRP, "CAPACITY : 2", "CAPACITY : x", 1)), 0o644)
	for _, args := range [][]string{
		{"route"},
		{"route", "--in", bad},
		{"route", "--in", filepath.Join(dir, "tiny.txt")},
		{"route", "--in", bad, "--format", "solomon"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code == 0 {
			t.Errorf("%v: exit 0, want an error", args)
		}
	}
	var out, errb bytes.Buffer
	run([]string{"route", "--in", bad}, &out, &errb)
	if !strings.Contains(errb.String(), "line 5: CAPACITY") {
		t.Errorf("got %q, want the line and field named", errb.String())
	}
}

func TestBenchCVRPCommand(t *testing.T) {
	dir, _ := writeTiny(t)
	os.WriteFile(filepath.Join(dir, "bks.csv"), []byte("instance,bks_cost,bks_vehicles,optimal\ntiny,80,2,true\n"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"bench", "cvrp", "--dir", dir, "--time", "200ms"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
	if !strings.Contains(out.String(), "tiny") || !strings.Contains(out.String(), "mean gap 0.00%") {
		t.Errorf("got\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"bench", "cvrp", "--dir", dir, "--time", "200ms", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"instance":"tiny"`) || !strings.Contains(lines[1], `"summary":true`) {
		t.Errorf("got %q, want one instance line and a summary line", lines)
	}
}
