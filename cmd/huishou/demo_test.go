package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"demo", "--out", dir, "--county", "510182", "--budget", "20000", "--plan-time", "60s"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"forecast 2025", "collection points", "pickups in 彭州市", "wrote"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	sheets, _ := filepath.Glob(filepath.Join(dir, "route-*.csv"))
	if len(sheets) == 0 {
		t.Error("no route sheet written")
	}
	for _, f := range []string{"index.html", "plan.geojson"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if errb.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", errb.String())
	}
}

func TestDemoBadFlags(t *testing.T) {
	for _, args := range [][]string{{"demo", "--date", "18/06/2025"}, {"demo", "--county", "123"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code == 0 {
			t.Errorf("%v: exit 0, want an error", args)
		}
	}
}
