package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A 3×4 OR-Library instance; opening facilities 0 and 2 is optimal.
const tinyORLib = `3 4
 30 100.
 capacity 500.
 30 100.
10 1 50 60
10 2 50 40
10 60 50 1
10 40 50 2
`

func TestLocateCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "cap1.txt")
	if err := os.WriteFile(in, []byte(tinyORLib), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"locate", "--in", in, "--format", "orlib", "--capacity", "40"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got struct {
		Cost       float64      `json:"cost"`
		LowerBound float64      `json:"lower_bound"`
		Open       []int        `json:"open"`
		Assign     [][3]float64 `json:"assign"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err, out.String())
	}
	if got.Cost != 206 || got.LowerBound != 206 || len(got.Open) != 2 || got.Open[0] != 0 || got.Open[1] != 2 {
		t.Fatalf("got %+v, want cost 206 with facilities 0 and 2", got)
	}
	// json format with an input error names the field
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"sites":[{"capacity":-1}],"demands":[{"amount":1,"arcs":[{"site":0,"cost":1}]}]}`), 0o644)
	errb.Reset()
	if code := run([]string{"locate", "--in", bad}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "sites[0].capacity") {
		t.Fatalf("exit %d, stderr %q: want an error naming sites[0].capacity", code, errb.String())
	}
}

func TestBenchCFLPCommand(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "cap1.txt"), []byte(tinyORLib), 0o644)
	os.WriteFile(filepath.Join(dir, "bks.csv"), []byte("instance,bks_cost,optimal,file,capacity\ncap1-40,206,true,cap1.txt,40\n"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"bench", "cflp", "--dir", dir, "--time", "5s"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "proved 1/1") {
		t.Fatalf("got %s, want one proved instance", out.String())
	}
}

// TestLocateLP: --lp writes the model (the optimum's fixed cost of the
// first facility is in its objective) and solves nothing.
func TestLocateLP(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "cap1.txt")
	if err := os.WriteFile(in, []byte(tinyORLib), 0o644); err != nil {
		t.Fatal(err)
	}
	lp := filepath.Join(dir, "cap1.lp")
	var out, errb bytes.Buffer
	if code := run([]string{"locate", "--in", in, "--format", "orlib", "--capacity", "40", "--lp", lp}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(lp)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Minimize\n obj:\n + 100 y0_1\n", "Subject To\n d0: + x0 + x1 + x2 = 1\n", "Binaries\n y0_1\n y1_1\n y2_1\nEnd\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("LP file lacks %q:\n%s", want, b)
		}
	}
	if out.Len() != 0 {
		t.Errorf("--lp printed an answer: %s", out.String())
	}
}

// TestBenchSynth solves a small synthetic instance and writes its LP.
func TestBenchSynth(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"bench", "synth", "--n", "40", "--k", "5", "--t1", "4", "--t2", "2", "--sinks", "1", "--time", "2s"}
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "cost ") || !strings.Contains(out.String(), " open ") {
		t.Errorf("got %q, want a cost line", out.String())
	}
	lp := filepath.Join(t.TempDir(), "s.lp")
	out.Reset()
	if code := run(append(args, "--lp", lp), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if want := "47 sites, 40 demand points"; !strings.Contains(out.String(), want) {
		t.Errorf("got %q, want %q", out.String(), want)
	}
	if st, err := os.Stat(lp); err != nil || st.Size() == 0 {
		t.Errorf("LP file: %v", err)
	}
}
