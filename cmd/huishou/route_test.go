package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huishou/huishou/benchmarks/routefile"
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

// Tiny instances in each rich format (the benchmark ones as laid out in
// benchmarks/vrptw's tests).
const (
	tinySolomon = "C101\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  25         200\r\n\r\nCUSTOMER\r\n" +
		"CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n \r\n" +
		"    0      40         50          0          0       1236          0   \r\n" +
		"    1      45         68         10        912        967         90   \r\n" +
		"    2      45         70         30        825        870         90   \r\n"
	tinyLiLim = "25\t200\t1\r\n" +
		"0\t40\t50\t0\t0\t1236\t0\t0\t0\r\n" +
		"1\t45\t68\t-10\t912\t967\t90\t2\t0\r\n" +
		"2\t45\t70\t10\t825\t870\t90\t0\t1\r\n"
	tinyCordeau = "2 1 2 2\n0 80\n0 80\n" +
		" 1 37 52 0   7 1 4 1 2 4 8\n" +
		" 2 49 49 0  30 1 4 1 2 4 8\n" +
		" 3 20 20 0   0 0 0\n" +
		" 4 30 40 0   0 0 0\n"
	// VROOM's docs/example_2.json: start at index 0, end at 3.
	tinyVROOM = `{"vehicles": [{"id": 0, "start_index": 0, "end_index": 3}],
		"jobs": [{"id": 1414, "location_index": 1}, {"id": 1515, "location_index": 2}],
		"matrix": [[0, 2104, 197, 1299], [2103, 0, 2255, 3152], [197, 2256, 0, 1102], [1299, 3153, 1102, 0]]}`
	tinyNative = `{"locations": [{"name": "yard"}, {"name": "wang"}, {"name": "li"}],
		"matrix": {"durations": [[0, 600, 900], [600, 0, 400], [900, 400, 0]], "distances": [[0, 9000, 12000], [9000, 0, 5000], [12000, 5000, 0]]},
		"depot": "yard",
		"vehicles": [{"id": "truck", "capacity": {"kg": 100}, "shift": ["08:00", "12:00"], "costs": {"per_km": 2}}],
		"jobs": [{"id": "wang-fridge", "location": "wang", "service": "10m", "time_windows": [["09:00", "10:00"]], "pickup": {"kg": 60}},
			{"id": "li-washer", "location": "li", "service": "5m", "pickup": {"kg": 30}},
			{"id": "crane-job", "location": "li", "skills": ["crane"]}]}`
)

func runRouteOn(t *testing.T, name, content string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code = run(append([]string{"route", "--in", path, "--time", "0", "--iterations", "100"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

func TestRouteCommandFormats(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		args                []string
		want                []string // substrings of stdout
		wantErr             []string // substrings of stderr
	}{
		{"cvrplib as vroom", "tiny.vrp", tinyVRP, []string{"--out-format", "vroom"}, []string{`"cost": 80`, `"routes": 2`, `"type": "job"`}, nil},
		// 0 → 2 (window 825–870) → 1 (912–967) → 0: 20.616 + 2 + 18.682.
		{"solomon", "c101.txt", tinySolomon, nil, []string{"Route #1: 2 1\nCost 41.30\n"}, nil},
		{"solomon as json", "c101.txt", tinySolomon, []string{"--out-format", "json"}, []string{`"id": 2`, `"unassigned": []`, `"demand": 40`, `"distance": 41.298`}, nil},
		// Pickup 2 before its delivery 1: the same tour.
		{"lilim", "lc101.txt", tinyLiLim, nil, []string{"Route #1: 2 1\nCost 41.30\n"}, nil},
		{"lilim as vroom", "lc101.txt", tinyLiLim, []string{"--out-format", "vroom"}, []string{`"type": "pickup"`, `"type": "delivery"`}, nil},
		// Both customers from depot 4 (30, 40): 13.892 + 12.369 + 21.024.
		{"cordeau", "p01.txt", tinyCordeau, nil, []string{"Route #1: ", "Cost 47.2"}, nil},
		// VROOM's documented answer: 2104 + 2255 + 1102.
		{"vroom", "example_2.json", tinyVROOM, nil, []string{`"code": 0`, `"cost": 5461`, `"id": 1414`, `"location_index": 3`}, nil},
		{"vroom as text", "example_2.json", tinyVROOM, []string{"--out-format", "cvrplib"}, []string{"Route #1: 1414 1515\nCost 5461\n"}, nil},
		{"json", "day.json", tinyNative, nil,
			[]string{`"vehicle": "truck"`, `"arrival": "09:00"`, `"id": "crane-job"`, `"reason": "`},
			[]string{"unassigned job crane-job: "}},
		{"json as text", "day.json", tinyNative, []string{"--out-format", "cvrplib", "--format", "json"},
			[]string{"Route #1: wang-fridge li-washer\nCost "}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runRouteOn(t, tc.file, tc.content, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout\n%s\nwant %q", out, w)
				}
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr\n%s\nwant %q", errs, w)
				}
			}
			if strings.Contains(errs, "check:") {
				t.Errorf("the solution fails a check:\n%s", errs)
			}
		})
	}
}

func TestRouteCommandRichErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		args                []string
		want                string
	}{
		{"bad native field", "day.json", strings.Replace(tinyNative, `"location": "wang"`, `"location": "wong"`, 1), nil, `jobs[0].location: unknown location "wong"`},
		{"bad vroom window", "v.json", strings.Replace(tinyVROOM, `"location_index": 2}`, `"location_index": 2, "time_windows": [[9, 1]]}`, 1), nil, "jobs[1].time_windows[0]: start after end"},
		{"ambiguous json", "x.json", `{"jobs": []}`, nil, "give --format vroom or --format json"},
		{"unknown txt", "x.txt", "hello\n", nil, "give --format solomon, lilim or cordeau"},
		{"bad out-format", "c101.txt", tinySolomon, []string{"--out-format", "csv"}, `unknown --out-format "csv"`},
		{"bad format", "c101.txt", tinySolomon, []string{"--format", "tsp"}, `unknown --format "tsp"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, code := runRouteOn(t, tc.file, tc.content, tc.args...)
			if code == 0 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want an error with %q", code, errs, tc.want)
			}
		})
	}
}

func TestDetectFormat(t *testing.T) {
	for _, tc := range []struct{ path, data, want string }{
		{"a.vrp", "", "cvrplib"}, {"A.JSON", tinyVROOM, "vroom"}, {"day.json", tinyNative, "json"},
		{"c101.txt", tinySolomon, "solomon"}, {"lc101.txt", tinyLiLim, "lilim"}, {"p01.txt", tinyCordeau, "cordeau"},
		{"-", tinyVROOM, "vroom"}, {"-", tinyCordeau, "cordeau"}, {"-", "?", ""}, {"a.csv", tinyVROOM, ""},
	} {
		got, err := routefile.Detect(tc.path, []byte(tc.data))
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("detectFormat(%q) = %q, %v; want %q", tc.path, got, err, tc.want)
		}
	}
}

func TestSniffBenchmark(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{tinySolomon, "solomon"}, {tinyLiLim, "lilim"}, {tinyCordeau, "cordeau"}, {"a b c\n", ""}, {"", ""},
	} {
		if got := routefile.SniffBenchmark([]byte(tc.in)); got != tc.want {
			t.Errorf("sniffBenchmark(%.20q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
