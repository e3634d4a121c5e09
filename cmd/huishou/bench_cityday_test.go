package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchCitydayCommand(t *testing.T) {
	args := []string{"bench", "cityday", "--seed", "1,2", "--jobs", "60", "--depots", "2", "--per-depot", "2", "--time", "0", "--iterations", "50"}
	var out, errb bytes.Buffer
	if code := run(append(args, "--json"), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	dec := json.NewDecoder(&out)
	for k := range 2 {
		var res struct {
			Name     string  `json:"name"`
			Jobs     int     `json:"jobs"`
			Served   int     `json:"served"`
			Fleet    int     `json:"fleet"`
			Feasible bool    `json:"feasible"`
			RSS      float64 `json:"peak_rss_mb"`
		}
		if err := dec.Decode(&res); err != nil {
			t.Fatalf("day %d: %v", k, err)
		}
		if res.Jobs != 60 || res.Fleet != 4 || !res.Feasible || res.Served == 0 || !strings.HasSuffix(res.Name, []string{"seed1", "seed2"}[k]) {
			t.Errorf("day %d: %+v", k, res)
		}
	}
	// --write then --in: the native JSON round trip solves the same day.
	file := filepath.Join(t.TempDir(), "day.json")
	if code := run([]string{"bench", "cityday", "--jobs", "60", "--depots", "2", "--per-depot", "2", "--write", file}, &out, &errb); code != 0 {
		t.Fatalf("--write: exit %d: %s", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"bench", "cityday", "--in", file, "--time", "0", "--iterations", "50"}, &out, &errb); code != 0 {
		t.Fatalf("--in: exit %d: %s %s", code, out.String(), errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "day.json") || !strings.HasSuffix(lines[1], "true") {
		t.Errorf("got %q", out.String())
	}
	// The same day gzip'd: its text size read from the trailer, solved alike.
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(text)
	zw.Close()
	gzFile := file + ".gz"
	if err := os.WriteFile(gzFile, zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		gz   bool
	}{{file, false}, {gzFile, true}} {
		f, err := os.Open(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if n := textSize(f, c.gz); n != len(text) {
			t.Errorf("%s: text size %d, want %d", c.name, n, len(text))
		}
		f.Close()
	}
	out.Reset()
	if code := run([]string{"bench", "cityday", "--in", gzFile, "--time", "0", "--iterations", "50"}, &out, &errb); code != 0 {
		t.Fatalf("--in .gz: exit %d: %s %s", code, out.String(), errb.String())
	}
	gzLines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(gzLines) != 2 || !strings.HasPrefix(gzLines[1], "day.json.gz") || strings.Fields(gzLines[1])[3] != strings.Fields(lines[1])[3] {
		t.Errorf("gzip'd day: got %q, plain %q", out.String(), lines[1])
	}
	// Bad input names the file.
	if code := run([]string{"bench", "cityday", "--in", filepath.Join(t.TempDir(), "none.json")}, &out, &errb); code == 0 {
		t.Error("a missing file did not fail")
	}
}
