package vrptw

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Tiny benchmark sets, one per kind, in testdata/tiny, whose optima
// TestBenchOptima finds by brute force (cmd/huishou's bench test reads the
// same files). TINY5: customer 5 must be served by t = 15 and 4 not before
// 50; the demand (16) needs two vehicles of 10. lc999: both loads (5 + 6)
// do not fit at once; delivery 4 is due by 40 and delivery 3 not before 50.
// p99: two depots with two vehicles each, depot 5 (capacity 10, no duration
// limit) and depot 6 (capacity 6, routes of at most 30).
var (
	benchSolomon = tinyFile("TINY5.txt")
	benchLiLim   = tinyFile("lc999.txt")
	benchCordeau = tinyFile("p99.txt")
)

func tinyFile(name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", "tiny", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

// The optima of the tiny sets (vehicles, distance), as TestBenchOptima
// finds them by brute force.
var benchOptima = map[Kind]struct {
	vehicles int
	distance float64
}{
	KindVRPTW: {2, 88.284271247}, // [1 2] [5 4 3]
	KindPDPTW: {1, 73.591736031}, // [2 4 1 3]
	KindMDVRP: {3, 41.452870593}, // depot 0: [0 1]; depot 1: [2], [3]
}

// bruteForce returns the best solution of in over every order of the
// customers, every cut into routes and every depot per route: fewest
// vehicles then least distance, or least distance alone for KindMDVRP.
func bruteForce(t *testing.T, in *Instance) (Report, []Route) {
	t.Helper()
	var cust []int
	for i := range in.Nodes {
		if !slices.Contains(in.Depots, i) {
			cust = append(cust, i)
		}
	}
	n := len(cust)
	var best Report
	var bestRoutes []Route
	found := false
	better := func(r Report) bool {
		if !found {
			return true
		}
		if in.Kind != KindMDVRP && r.Vehicles != best.Vehicles {
			return r.Vehicles < best.Vehicles
		}
		return r.Distance < best.Distance-1e-9
	}
	permute(cust, 0, func(perm []int) {
		for mask := 0; mask < 1<<(n-1); mask++ {
			var routes []Route
			cur := []int{perm[0]}
			for k := 1; k < n; k++ {
				if mask>>(k-1)&1 == 1 {
					routes = append(routes, Route{Nodes: cur})
					cur = nil
				}
				cur = append(cur, perm[k])
			}
			routes = append(routes, Route{Nodes: cur})
			depots := 1
			for range routes {
				depots *= len(in.Depots)
			}
			for a := range depots {
				rs := make([]Route, len(routes))
				for r := range routes {
					rs[r] = Route{Depot: a % len(in.Depots), Nodes: slices.Clone(routes[r].Nodes)}
					a /= len(in.Depots)
				}
				rep, err := Check(in, rs)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Feasible && better(rep) {
					best, bestRoutes, found = rep, rs, true
				}
			}
		}
	})
	if !found {
		t.Fatalf("%s: no feasible solution", in.Name)
	}
	return best, bestRoutes
}

// permute calls f with every permutation of s[k:] (s[:k] fixed).
func permute(s []int, k int, f func([]int)) {
	if k == len(s) {
		f(s)
		return
	}
	for i := k; i < len(s); i++ {
		s[k], s[i] = s[i], s[k]
		permute(s, k+1, f)
		s[k], s[i] = s[i], s[k]
	}
}

// benchSets writes the tiny sets to fresh folders, each with a bks.csv
// whose value is the optimum rounded to 2 decimals plus 1 (so that the
// gap is negative and known), and returns the folders by kind.
func benchSets(t *testing.T) map[Kind]string {
	t.Helper()
	root := t.TempDir()
	files := map[Kind][2]string{
		KindVRPTW: {"TINY5.txt", benchSolomon},
		KindPDPTW: {"lc999.txt", benchLiLim},
		KindMDVRP: {"p99.txt", benchCordeau},
	}
	dirs := map[Kind]string{}
	for kind, f := range files {
		dir := filepath.Join(root, string(kind))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f[0]), []byte(f[1]), 0o644); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(f[0], ".txt")
		o := benchOptima[kind]
		veh := ""
		if kind != KindMDVRP {
			veh = strconv.Itoa(o.vehicles)
		}
		bks := "instance,bks_cost,bks_vehicles,optimal\n" + name + "," + strconv.FormatFloat(math.Round(o.distance*100)/100+1, 'f', 2, 64) + "," + veh + ",false\n"
		if err := os.WriteFile(filepath.Join(dir, "bks.csv"), []byte(bks), 0o644); err != nil {
			t.Fatal(err)
		}
		dirs[kind] = dir
	}
	return dirs
}

func TestBenchOptima(t *testing.T) {
	for kind, text := range map[Kind]string{KindVRPTW: benchSolomon, KindPDPTW: benchLiLim, KindMDVRP: benchCordeau} {
		in, err := map[Kind]func(string) (*Instance, error){
			KindVRPTW: func(s string) (*Instance, error) { return ReadSolomon(strings.NewReader(s), "TINY5.txt") },
			KindPDPTW: func(s string) (*Instance, error) { return ReadLiLim(strings.NewReader(s), "lc999.txt") },
			KindMDVRP: func(s string) (*Instance, error) { return ReadCordeau(strings.NewReader(s), "p99.txt") },
		}[kind](text)
		if err != nil {
			t.Fatal(err)
		}
		rep, routes := bruteForce(t, in)
		t.Logf("%s: %d vehicles, distance %.9f, routes %+v", kind, rep.Vehicles, rep.Distance, routes)
		if o := benchOptima[kind]; rep.Vehicles != o.vehicles || math.Abs(rep.Distance-o.distance) > 1e-6 {
			t.Errorf("%s: brute force finds %d vehicles, distance %.6f; benchOptima says %d, %.6f", kind, rep.Vehicles, rep.Distance, o.vehicles, o.distance)
		}
	}
}

func TestRun(t *testing.T) {
	dirs := benchSets(t)
	for kind, dir := range dirs {
		t.Run(string(kind), func(t *testing.T) {
			names, err := Instances(kind, dir)
			if err != nil || len(names) != 1 {
				t.Fatalf("Instances: got %v, %v; want one name", names, err)
			}
			bks, err := LoadBKS(dir, false)
			if err != nil {
				t.Fatal(err)
			}
			res, routes := Run(context.Background(), kind, dir, names[0], bks, RunOptions{Time: 200 * time.Millisecond, Seed: 1}, nil)
			o := benchOptima[kind]
			if res.Error != "" || !res.Feasible {
				t.Fatalf("got error %q, feasible %v, violations %v", res.Error, res.Feasible, res.Violations)
			}
			if res.Vehicles != o.vehicles || math.Abs(res.Distance-o.distance) > 1e-6 {
				t.Errorf("got %d vehicles, distance %.6f (routes %+v); want the optimum %d, %.6f", res.Vehicles, res.Distance, routes, o.vehicles, o.distance)
			}
			b := bks[res.Instance]
			if res.BKS != b.Cost || res.BKSVehicles != b.Vehicles {
				t.Errorf("got BKS %v/%d, want %v/%d", res.BKS, res.BKSVehicles, b.Cost, b.Vehicles)
			}
			if want := 100 * (res.Distance - b.Cost) / b.Cost; math.Abs(res.Gap-want) > 1e-9 || res.Gap >= 0 {
				t.Errorf("got gap %v, want %v (< 0)", res.Gap, want)
			}
			if res.N != 4+btoi(kind == KindVRPTW) {
				t.Errorf("got n %d", res.N)
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

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	res, routes := Run(context.Background(), KindVRPTW, dir, "missing", nil, RunOptions{Time: time.Millisecond}, nil)
	if res.Error == "" || res.Feasible || routes != nil {
		t.Errorf("missing file: got %+v, want an error", res)
	}
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("bad\r\n"), 0o644)
	if res, _ := Run(context.Background(), KindVRPTW, dir, "bad", nil, RunOptions{}, nil); !strings.Contains(res.Error, "bad.txt") {
		t.Errorf("bad file: got error %q, want one naming bad.txt", res.Error)
	}
}

func TestInstances(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"pr02.txt", "p10.txt", "p01", "bks.csv", "notes.md", "C101.txt"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	os.Mkdir(filepath.Join(dir, "pdir"), 0o755)
	got, err := Instances(KindMDVRP, dir)
	if want := []string{"p01", "p10", "pr02"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("mdvrp: got %v, %v; want %v", got, err, want)
	}
	got, err = Instances(KindVRPTW, dir)
	if want := []string{"C101", "p10", "pr02"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("vrptw: got %v, %v; want %v", got, err, want)
	}
	if _, err := Instances(KindPDPTW, t.TempDir()); err == nil {
		t.Error("empty folder: got no error")
	}
	if got := instanceFile(dir, "p01"); filepath.Base(got) != "p01" {
		t.Errorf("instanceFile(p01) = %s, want the file without extension", got)
	}
}

func TestSummarize(t *testing.T) {
	rs := []Result{
		{Feasible: true, BKS: 100, Gap: 2, Vehicles: 10, BKSVehicles: 10},
		{Feasible: true, BKS: 100, Gap: -1, Vehicles: 9, BKSVehicles: 10},
		{Feasible: true, BKS: 100, Gap: 5, Vehicles: 12, BKSVehicles: 10},
		{Feasible: false, BKS: 100, Gap: 50, Vehicles: 3, BKSVehicles: 10},
		{Feasible: true, Vehicles: 3},
		{Feasible: true, BKS: 100, Gap: 4, Vehicles: 11, BKSVehicles: 10},
		{Feasible: true, BKS: 100, Gap: 6, Vehicles: 10, BKSVehicles: 10},
	}
	got := Summarize(rs)
	want := Summary{Instances: 7, Feasible: 6, Gapped: 5, MeanGap: 3.2, MaxGap: 6,
		WithBKSVehicles: 6, SameVehicles: 2, FewerVehicles: 1, MoreVehicles: 2,
		WithinOne: 4, MeanGapAtBKSVehicles: 4, MaxGapAtBKSVehicles: 6}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := Summarize([]Result{{Feasible: true, BKS: 10, Gap: -3}}); got.MaxGap != -3 || got.MeanGap != -3 {
		t.Errorf("negative gaps: got mean %v, max %v; want -3, -3", got.MeanGap, got.MaxGap)
	}
}

func TestLoadBKS(t *testing.T) {
	dir := t.TempDir()
	if b, err := LoadBKS(dir, false); err != nil || len(b) != 0 {
		t.Errorf("no bks.csv: got %v, %v; want an empty table", b, err)
	}
	os.WriteFile(filepath.Join(dir, "bks.csv"), []byte("instance,bks_cost,bks_vehicles\nC101,828.94,10\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bks_distance_only.csv"), []byte("instance,bks_cost,bks_vehicles\nC101,827.3,11\n"), 0o644)
	for _, tc := range []struct {
		distOnly bool
		want     BKS
	}{{false, BKS{"C101", 828.94, 10, false}}, {true, BKS{"C101", 827.3, 11, false}}} {
		b, err := LoadBKS(dir, tc.distOnly)
		if err != nil || b["C101"] != tc.want {
			t.Errorf("distance only %v: got %+v, %v; want %+v", tc.distOnly, b["C101"], err, tc.want)
		}
	}
	os.WriteFile(filepath.Join(dir, "bks.csv"), []byte("nonsense\n"), 0o644)
	if _, err := LoadBKS(dir, false); err == nil {
		t.Error("bad bks.csv: got no error")
	}
}

func TestReadSavedErrors(t *testing.T) {
	write := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for n, s := range files {
			if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	const h = `{"header":true,"kind":"vrptw","set":"s","time_s":1,"seed":1,"threads":1}` + "\n"
	const r = `{"instance":"A","feasible":true}` + "\n"
	for _, c := range []struct{ name, want string }{
		{"no header", r},
		{"bad json", h + "{\n"},
		{"twice", h + r + r},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ReadSaved(write(t, map[string]string{"a.jsonl": c.want})); err == nil {
				t.Error("got no error")
			}
		})
	}
	series, err := ReadSaved(write(t, map[string]string{"a.jsonl": h + r, "b.jsonl": h + `{"instance":"B"}` + "\n"}))
	if err != nil || len(series) != 1 || len(series[0].Results) != 2 || len(series[0].Files) != 2 {
		t.Fatalf("two halves of one series: got %v, %v", series, err)
	}
}

// savedTables writes files (name: JSON lines) to a new folder, reads them
// back as saved runs and returns the tables WriteTables makes of them.
func savedTables(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	series, err := ReadSaved(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := WriteTables(&out, series); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestWriteTablesPairs checks the comparison of one thread against two:
// only the series of the same label, time and seed pair up, only the
// instances both solved count, and the gap is averaged over those at the
// BKS vehicle count in both; a mean over seeds joins only series of the
// same instances.
func TestWriteTablesPairs(t *testing.T) {
	head := func(seed, threads int) string {
		return fmt.Sprintf(`{"header":true,"kind":"vrptw","set":"s","label":"L","time_s":120,"seed":%d,"threads":%d}`+"\n", seed, threads)
	}
	res := func(inst string, veh, bksVeh int, gap float64) string {
		return fmt.Sprintf(`{"instance":%q,"vehicles":%d,"bks_vehicles":%d,"bks":100,"gap_pct":%g,"feasible":true}`+"\n", inst, veh, bksVeh, gap)
	}
	got := savedTables(t, map[string]string{
		"t1s1.jsonl": head(1, 1) + res("A", 11, 10, -1) + res("B", 5, 5, 3) + res("C", 7, 7, 9),
		"t2s1.jsonl": head(1, 2) + res("A", 10, 10, 2) + res("B", 5, 5, 1) + res("D", 3, 3, 0),
		"t1s2.jsonl": head(2, 1) + res("A", 10, 10, 0.5),
		"t2s3.jsonl": head(3, 2) + res("A", 10, 10, 0.5),
	})
	want := "| L s 120s seed 1 | 2 | 2 | 1 / 2 | 0 / 1 | 3.00 / 1.00 (1) | 1/1 |"
	if !strings.Contains(got, want) {
		t.Errorf("want the pair row\n%s\nin\n%s", want, got)
	}
	for _, seed := range []string{"2", "3"} {
		if strings.Contains(got, "| L s 120s seed "+seed+" |") {
			t.Errorf("a pair row for seed %s, which has no partner:\n%s", seed, got)
		}
	}
	if strings.Contains(got, "Means over seeds") {
		t.Errorf("a mean over seeds 1 and 2 of one thread, which ran different instances:\n%s", got)
	}
}

// TestWriteTablesSeedMeans checks the means over seeds where seeds ran
// different instances: seeds join only over the same instances, a group
// is named by its count of instances, and by its list where two shown
// groups have the same count.
func TestWriteTablesSeedMeans(t *testing.T) {
	head := func(seed int) string {
		return fmt.Sprintf(`{"header":true,"kind":"vrptw","set":"s","label":"L","time_s":60,"seed":%d,"threads":1}`+"\n", seed)
	}
	res := func(inst string, gap float64) string {
		return fmt.Sprintf(`{"instance":%q,"vehicles":5,"bks_vehicles":5,"bks":100,"gap_pct":%g,"feasible":true}`+"\n", inst, gap)
	}
	// Seeds 1 and 2 on A and B, seed 3 on A alone: one mean, of seeds 1
	// and 2 (gaps 1 and 3 on A and B: means 2 and 4, so 3).
	got := savedTables(t, map[string]string{
		"s1.jsonl": head(1) + res("A", 1) + res("B", 3),
		"s2.jsonl": head(2) + res("A", 3) + res("B", 5),
		"s3.jsonl": head(3) + res("A", 0),
	})
	if want := "| L s 60s threads 1 on 2 instances | 2 | 2.0 | 2.0 | 3.00 |"; !strings.Contains(got, want) {
		t.Errorf("want the mean row\n%s\nin\n%s", want, got)
	}
	// Seeds 1, 2 on A, B and seeds 3, 4 on A, C: two groups of two
	// instances, named by their lists.
	got = savedTables(t, map[string]string{
		"s1.jsonl": head(1) + res("A", 1) + res("B", 3),
		"s2.jsonl": head(2) + res("A", 3) + res("B", 5),
		"s3.jsonl": head(3) + res("A", 0) + res("C", 2),
		"s4.jsonl": head(4) + res("A", 2) + res("C", 0),
	})
	for _, want := range []string{
		"| L s 60s threads 1 on 2 instances [A,B] | 2 | 2.0 | 2.0 | 3.00 |",
		"| L s 60s threads 1 on 2 instances [A,C] | 2 | 2.0 | 2.0 | 1.00 |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("want the mean row\n%s\nin\n%s", want, got)
		}
	}
}
