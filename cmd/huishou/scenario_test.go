package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huishou/huishou/api/store/pgtest"
)

// mini is a scenario file of the test region in scenarios/testdata/mini.
func mini(name string) string {
	return filepath.Join("..", "..", "scenarios", "testdata", "mini", name+".yaml")
}

func TestScenarioCommands(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"scenario", "list"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "sichuan-front-warehouses") || !strings.Contains(out.String(), "Diesel +30 %") {
		t.Fatalf("list: %d %s %s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"scenario", "show", "--merged", "sichuan-fuel-shock"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "fuel_price: 9.75") || !strings.Contains(out.String(), "budget: 300000") {
		t.Fatalf("show --merged: %d %s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"scenario", "show", "sichuan-fuel-shock"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "# Diesel 30 % dearer.") {
		t.Fatalf("show: %d %s", code, out.String())
	}
	dir := t.TempDir()
	out.Reset()
	if code := run([]string{"scenario", "run", mini("warehouses"), "--out", dir, "--local"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "front warehouses") {
		t.Fatalf("run: %d %s %s", code, out.String(), errb.String())
	}
	for _, f := range []string{"index.html", "plan.json", "plan.geojson", "kpis.csv"} {
		if _, err := os.Stat(filepath.Join(dir, "mini-warehouses", f)); err != nil {
			t.Error(err)
		}
	}
	out.Reset()
	cdir := filepath.Join(dir, "cmp")
	if code := run([]string{"scenario", "compare", mini("base"), mini("fuel"), mini("radius"), "--baseline", "mini-fuel", "--out", cdir, "--local"}, &out, &errb); code != 0 {
		t.Fatalf("compare: %d %s %s", code, out.String(), errb.String())
	}
	csv, err := os.ReadFile(filepath.Join(cdir, "compare.csv"))
	if err != nil || !strings.Contains(string(csv), "mini-radius,sites_collection_point,") || !strings.Contains(out.String(), "shared stages: region 2×") {
		t.Errorf("compare: %s\n%s", out.String(), csv)
	}
	out.Reset()
	sdir := filepath.Join(dir, "sweep")
	if code := run([]string{"scenario", "sweep", mini("base"), "--lever", "levers.fuel_price", "--from", "6", "--to", "9", "--step", "1.5", "--out", sdir, "--local"}, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "mini-base-sweep-03: levers.fuel_price = 9") {
		t.Fatalf("sweep: %d %s %s", code, out.String(), errb.String())
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"scenario", "run", "sichuan-2031"}, "neither a built-in scenario"},
		{[]string{"scenario", "compare", mini("base")}, "two or more"},
		{[]string{"scenario", "compare", mini("base"), mini("fuel"), "--baseline", "x", "--local"}, "--baseline"},
		{[]string{"scenario", "sweep", mini("base"), "--lever", "levers.fuel_price", "--from", "1", "--to", "2", "--step", "0", "--local"}, "--step"},
		{[]string{"scenario", "sweep", mini("base"), "--from", "1"}, "--lever"},
		{[]string{"scenario", "fly"}, "unknown action"},
	} {
		var o, e bytes.Buffer
		if code := run(c.args, &o, &e); code == 0 || !strings.Contains(e.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, e.String(), c.want)
		}
	}
}

// TestScenarioSweepOnWorkers: with DATABASE_URL, a sweep goes to the
// workers — two `huishou worker` processes — and its comparison is the
// bytes of the same sweep run in this process.
func TestScenarioSweepOnWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	url := pgtest.URL(t)
	t.Setenv("DATABASE_URL", url)
	var mout, merr bytes.Buffer
	if code := run([]string{"migrate"}, &mout, &merr); code != 0 {
		t.Fatalf("migrate: %d %s", code, merr.String())
	}
	for range 2 {
		w := startHuishou(t, []string{"DATABASE_URL=" + url}, "worker", "--workers", "1")
		if l := w.line(t); !strings.HasPrefix(l, "huishou worker: working") {
			t.Fatalf("worker said %q; stderr:\n%s", l, w.stderr)
		}
	}
	args := []string{"scenario", "sweep", mini("ops"), "--lever", "levers.fuel_price", "--from", "6", "--to", "9", "--step", "1.5"}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run(append(args, "--out", filepath.Join(dir, "workers")), &out, &errb); code != 0 || !strings.Contains(errb.String(), "queued 3 scenario runs") {
		t.Fatalf("sweep on workers: %d %s %s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run(append(args, "--out", filepath.Join(dir, "local"), "--local"), &out, &errb); code != 0 {
		t.Fatalf("local sweep: %d %s", code, errb.String())
	}
	same := func(workers, local string, files ...string) {
		t.Helper()
		for _, f := range files {
			a, err := os.ReadFile(filepath.Join(workers, f))
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(local, f))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s from the workers differs from the local one (%d vs %d bytes)", f, len(a), len(b))
			}
		}
	}
	same(filepath.Join(dir, "workers"), filepath.Join(dir, "local"), "compare.csv", "compare.json", "compare.html")
	// one run: the files a worker's run writes are the local run's bytes
	run1 := []string{"scenario", "run", mini("warehouses")}
	out.Reset()
	if code := run(append(run1, "--out", filepath.Join(dir, "run-workers")), &out, &errb); code != 0 || !strings.Contains(errb.String(), "queued 1 scenario runs") {
		t.Fatalf("run on workers: %d %s %s", code, out.String(), errb.String())
	}
	if code := run(append(run1, "--out", filepath.Join(dir, "run-local"), "--local"), &out, &errb); code != 0 {
		t.Fatalf("local run: %d %s", code, errb.String())
	}
	same(filepath.Join(dir, "run-workers", "mini-warehouses"), filepath.Join(dir, "run-local", "mini-warehouses"), "summary.json", "plan.json", "plan.geojson", "kpis.csv")
}
