package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Tiny sets, one per kind, shared with benchmarks/vrptw's tests, whose
// optima its TestBenchOptima proves by brute force.
var (
	benchTinySolomon = tinyBenchFile("TINY5.txt")
	benchTinyLiLim   = tinyBenchFile("lc999.txt")
	benchTinyCordeau = tinyBenchFile("p99.txt")
)

func tinyBenchFile(name string) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "benchmarks", "vrptw", "testdata", "tiny", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

// benchTiny describes one tiny set: its file, its optimum and the BKS row
// the test writes (a value above the optimum, so the gap is known and
// negative).
var benchTiny = []struct {
	kind, file, text string
	n, vehicles      int
	distance         float64
	bks              string
	bksCost          float64
}{
	{"vrptw", "TINY5.txt", benchTinySolomon, 5, 2, 88.284271247, "TINY5,90.00,2,false", 90},
	{"pdptw", "lc999.txt", benchTinyLiLim, 4, 1, 73.591736031, "lc999,75.5,1,false", 75.5},
	{"mdvrp", "p99.txt", benchTinyCordeau, 4, 3, 41.452870593, "p99,40.00,,false", 40},
}

// writeBenchTiny writes set k's file and bks.csv to a fresh folder.
func writeBenchTiny(t *testing.T, k int) string {
	t.Helper()
	b := benchTiny[k]
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, b.file), []byte(b.text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bks.csv"), []byte("instance,bks_cost,bks_vehicles,optimal\n"+b.bks+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBenchVRPTWCommand(t *testing.T) {
	for k, b := range benchTiny {
		t.Run(b.kind, func(t *testing.T) {
			dir := writeBenchTiny(t, k)
			var out, errb bytes.Buffer
			if code := run([]string{"bench", b.kind, "--dir", dir, "--time", "200ms"}, &out, &errb); code != 0 {
				t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if h := strings.Fields(lines[0]); strings.Join(h, " ") != "instance n vehicles bks-veh distance bks gap% sec cpu-s feasible" {
				t.Fatalf("got header %q", lines[0])
			}
			f := strings.Fields(lines[1])
			if len(f) != 10 {
				t.Fatalf("got row %q, want 10 columns", lines[1])
			}
			gap := 100 * (b.distance - b.bksCost) / b.bksCost
			bksVeh := strconv.Itoa(b.vehicles)
			if b.kind == "mdvrp" {
				bksVeh = "-"
			}
			want := []string{strings.TrimSuffix(b.file, ".txt"), strconv.Itoa(b.n), strconv.Itoa(b.vehicles), bksVeh,
				strconv.FormatFloat(b.distance, 'f', 2, 64), strconv.FormatFloat(b.bksCost, 'f', 2, 64), strconv.FormatFloat(gap, 'f', 2, 64)}
			for i, w := range want {
				if f[i] != w {
					t.Errorf("column %d: got %q, want %q (row %q)", i, f[i], w, lines[1])
				}
			}
			if f[9] != "true" {
				t.Errorf("got feasible %q, want true", f[9])
			}
			summary := strings.Join(lines[2:], "\n")
			for _, w := range []string{"mean gap " + want[6] + "%", "max gap " + want[6] + "%", "feasible: 1/1"} {
				if !strings.Contains(summary, w) {
					t.Errorf("summary %q lacks %q", summary, w)
				}
			}
			if veh := strings.Contains(summary, "vehicles = BKS: 1/1 (100%)  fewer than BKS: 0  more than BKS: 0"); veh != (b.kind != "mdvrp") {
				t.Errorf("summary %q: vehicle line present %v, want %v", summary, veh, b.kind != "mdvrp")
			}

			out.Reset()
			if code := run([]string{"bench", b.kind, "--dir", dir, "--time", "200ms", "--json"}, &out, &errb); code != 0 {
				t.Fatalf("--json: exit %d: %s", code, errb.String())
			}
			dec := json.NewDecoder(&out)
			var res struct {
				Instance    string  `json:"instance"`
				Vehicles    int     `json:"vehicles"`
				BKSVehicles int     `json:"bks_vehicles"`
				Distance    float64 `json:"distance"`
				BKS         float64 `json:"bks"`
				Gap         float64 `json:"gap_pct"`
				Feasible    bool    `json:"feasible"`
			}
			var sum struct {
				Summary  bool    `json:"summary"`
				Feasible int     `json:"feasible"`
				MeanGap  float64 `json:"mean_gap_pct"`
				Same     int     `json:"same_vehicles"`
			}
			if err := dec.Decode(&res); err != nil {
				t.Fatal(err)
			}
			if err := dec.Decode(&sum); err != nil {
				t.Fatal(err)
			}
			if !res.Feasible || res.Vehicles != b.vehicles || math.Abs(res.Distance-b.distance) > 1e-6 || res.BKS != b.bksCost ||
				math.Abs(res.Gap-100*(res.Distance-res.BKS)/res.BKS) > 1e-9 {
				t.Errorf("got %+v, want feasible, %d vehicles, distance %v, gap vs %v", res, b.vehicles, b.distance, b.bksCost)
			}
			if !sum.Summary || sum.Feasible != 1 || sum.MeanGap != res.Gap || sum.Same != btoi(b.kind != "mdvrp") {
				t.Errorf("got summary %+v", sum)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestBenchVRPTWErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"bench", "pdptw"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "--dir is required") {
		t.Errorf("no --dir: exit %d, stderr %q; want 2 and a usage message", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"bench", "mdvrp", "--dir", t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no mdvrp instance files") {
		t.Errorf("empty folder: exit %d, stderr %q; want 1 and an error naming the missing files", code, errb.String())
	}
	dir := writeBenchTiny(t, 0)
	os.WriteFile(filepath.Join(dir, "bks.csv"), []byte("instance,bks_cost\nTINY5,x\n"), 0o644)
	errb.Reset()
	if code := run([]string{"bench", "vrptw", "--dir", dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "bks_cost") {
		t.Errorf("bad bks.csv: exit %d, stderr %q; want 1 and an error naming bks_cost", code, errb.String())
	}
	dir = writeBenchTiny(t, 0)
	out.Reset()
	errb.Reset()
	if code := run([]string{"bench", "vrptw", "--dir", dir, "--instances", "nosuch", "--time", "1ms"}, &out, &errb); code != 1 ||
		!strings.Contains(out.String(), "nosuch") || !strings.Contains(out.String(), "error:") || !strings.Contains(out.String(), "feasible: 0/1") {
		t.Errorf("missing instance: exit %d, stdout %q; want 1 and a row with the error", code, out.String())
	}
}

func TestBenchVRPTWSaveAndTable(t *testing.T) {
	dir := writeBenchTiny(t, 0)
	saved := t.TempDir()
	for _, seed := range []string{"1", "2"} {
		var out, errb bytes.Buffer
		if code := run([]string{"bench", "vrptw", "--dir", dir, "--time", "100ms", "--seed", seed, "--save", saved, "--label", "tiny"}, &out, &errb); code != 0 {
			t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"bench", "vrptw", "--table", saved}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		"| tiny " + filepath.Base(dir) + " 0.1s seed 1 threads 1 | 1 | 1 | 1/1 | 1/1 |",
		"| tiny " + filepath.Base(dir) + " 0.1s seed 2 threads 1 | 1 | 1 | 1/1 | 1/1 |",
		"| tiny " + filepath.Base(dir) + " 0.1s threads 1 | 2 | 1.0 | 1.0 |",
		"| TINY5 | 2 | 90.00 | 2, -1.91 | 2, -1.91 |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}
