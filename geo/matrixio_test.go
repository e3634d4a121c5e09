package geo

import (
	"bytes"
	"context"
	"errors"
	"github.com/huishou/huishou/internal/jsonfield"
	"strings"
	"testing"
)

func sampleMatrix(t testing.TB) *Matrix {
	t.Helper()
	m, err := Estimate(context.Background(), randomSichuan(5, 11), EstimateOptions{Areas: []Area{Urban, Mountain}, AreaOf: []int{0, 1, 0, 1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	m.Dist[1*5+2] += 17.25 // make it asymmetric
	return m
}

func sameMatrix(t *testing.T, got, want *Matrix) {
	t.Helper()
	if got.N != want.N {
		t.Fatalf("N = %d, want %d", got.N, want.N)
	}
	for k := range want.Dist {
		if got.Dist[k] != want.Dist[k] || got.Dur[k] != want.Dur[k] {
			t.Fatalf("entry [%d][%d] = (%v m, %v s), want (%v m, %v s)", k/want.N, k%want.N, got.Dist[k], got.Dur[k], want.Dist[k], want.Dur[k])
		}
	}
}

func TestCSVRoundTrip(t *testing.T) {
	want := sampleMatrix(t)
	for _, ids := range [][]string{nil, {"成都", "a,b", " sp", `q"t`, "#5"}} {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, want, ids); err != nil {
			t.Fatal(err)
		}
		got, err := ReadCSV(&buf, "m.csv", CSVOptions{IDs: ids})
		if err != nil {
			t.Fatalf("ids %q: %v", ids, err)
		}
		sameMatrix(t, got, want)
	}
}

func TestReadCSV(t *testing.T) {
	const full = "0,1,100,10\n1,0,110,11\n"
	tests := []struct {
		name string
		in   string
		opt  CSVOptions
		want *Matrix
	}{
		{"no header", full, CSVOptions{}, &Matrix{N: 2, Dist: []float32{0, 100, 110, 0}, Dur: []float32{0, 10, 11, 0}}},
		{"header", "from,to,metres,seconds\n" + full, CSVOptions{}, &Matrix{N: 2, Dist: []float32{0, 100, 110, 0}, Dur: []float32{0, 10, 11, 0}}},
		{"diagonal given, spaces, comment", "# x\n0, 1, 100, 10\n\n1,0,110,11\n1,1,0,5\n", CSVOptions{}, &Matrix{N: 2, Dist: []float32{0, 100, 110, 0}, Dur: []float32{0, 10, 11, 5}}},
		{"ids", "a,b,100,10\nb,a,110,11\n", CSVOptions{IDs: []string{"b", "a"}}, &Matrix{N: 2, Dist: []float32{0, 110, 100, 0}, Dur: []float32{0, 11, 10, 0}}},
		{"single point", "0,0,0,0\n", CSVOptions{}, &Matrix{N: 1, Dist: []float32{0}, Dur: []float32{0}}},
		{"empty", "", CSVOptions{}, &Matrix{N: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCSV(strings.NewReader(tt.in), "m.csv", tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			sameMatrix(t, got, tt.want)
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		opt       CSVOptions
		line      int
		field     string
		contains  string
		isMissing bool
	}{
		{"bad metres", "0,1,abc,10\n1,0,1,1\n", CSVOptions{}, 1, "metres", `"abc"`, false},
		{"negative seconds", "0,1,1,1\n1,0,1,-1\n", CSVOptions{}, 2, "seconds", "non-negative", false},
		{"NaN", "0,1,NaN,1\n", CSVOptions{}, 1, "metres", "finite", false},
		{"bad from", "x,1,1,1\n", CSVOptions{}, 1, "from", "index", false},
		{"out of range", "0,5,1,1\n", CSVOptions{N: 3}, 1, "to", "out of range", false},
		{"unknown id", "a,zz,1,1\n", CSVOptions{IDs: []string{"a", "b"}}, 1, "to", `"zz"`, false},
		{"field count", "0,1,1\n", CSVOptions{}, 1, "", "4 fields", false},
		{"duplicate", "0,1,1,1\n1,0,1,1\n0,1,2,2\n", CSVOptions{}, 3, "", "duplicate pair 0→1", false},
		{"missing", "0,1,1,1\n0,2,1,1\n1,0,1,1\n2,0,1,1\n2,1,1,1\n", CSVOptions{}, 0, "", "1 ordered pairs missing, e.g. 1→2", true},
		{"missing huge", "0,1,1,1\n5000000000,0,1,1\n", CSVOptions{}, 0, "", "missing", true},
		{"missing ids", "a,b,1,1\n", CSVOptions{IDs: []string{"a", "b"}}, 0, "", `"b"→"a"`, true},
		{"bad quote", "0,1,\"1,1\n", CSVOptions{}, 1, "", "malformed", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.in), "m.csv", tt.opt)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.File != "m.csv" || ie.Line != tt.line || ie.Field != tt.field {
				t.Errorf("got file %q line %d field %q, want m.csv line %d field %q (%v)", ie.File, ie.Line, ie.Field, tt.line, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
			if errors.Is(err, ErrMissingPair) != tt.isMissing {
				t.Errorf("errors.Is(err, ErrMissingPair) = %v, want %v", !tt.isMissing, tt.isMissing)
			}
		})
	}
}

func TestOSRMRoundTrip(t *testing.T) {
	want := sampleMatrix(t)
	var buf bytes.Buffer
	if err := WriteOSRMTable(&buf, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadOSRMTable(&buf, "table.json", OSRMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameMatrix(t, got, want)
}

func TestReadOSRMTable(t *testing.T) {
	in := `{"code":"Ok","durations":[[0,60.5],[70,null]],"distances":[[0,1000],[1100,0]],"sources":[],"destinations":[]}`
	got, err := ReadOSRMTable(strings.NewReader(in), "t.json", OSRMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameMatrix(t, got, &Matrix{N: 2, Dist: []float32{0, 1000, 1100, 0}, Dur: []float32{0, 60.5, 70, 0}})

	noDist := `{"code":"Ok","durations":[[0,36],[72,0]]}`
	got, err = ReadOSRMTable(strings.NewReader(noDist), "t.json", OSRMOptions{SpeedKmh: 50})
	if err != nil {
		t.Fatal(err)
	}
	sameMatrix(t, got, &Matrix{N: 2, Dist: []float32{0, 500, 1000, 0}, Dur: []float32{0, 36, 72, 0}})
}

func TestReadOSRMTableErrors(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		line        int
		field       string
		contains    string
		unreachable bool
	}{
		{"null cell", `{"code":"Ok","durations":[[0,null],[1,0]],"distances":[[0,1],[1,0]]}`, 0, "durations[0][1]", "no route from point 0 to point 1", true},
		{"null distance", `{"code":"Ok","durations":[[0,1],[1,0]],"distances":[[0,1],[null,0]]}`, 0, "distances[1][0]", "null", true},
		{"no distances", `{"code":"Ok","durations":[[0,1],[1,0]]}`, 0, "distances", "missing", false},
		{"no durations", `{"code":"Ok"}`, 0, "durations", "missing", false},
		{"code", `{"code":"NoTable","message":"no table"}`, 0, "code", `"NoTable": no table`, false},
		{"ragged", `{"code":"Ok","durations":[[0,1],[1]],"distances":[[0,1],[1,0]]}`, 0, "durations[1]", "1 entries, want 2", false},
		{"size mismatch", `{"code":"Ok","durations":[[0,1],[1,0]],"distances":[[0]]}`, 0, "distances", "1 rows, want 2", false},
		{"negative", `{"code":"Ok","durations":[[0,-1],[1,0]],"distances":[[0,1],[1,0]]}`, 0, "durations[0][1]", "non-negative", false},
		{"syntax", "{\"code\":\"Ok\",\n\"durations\":[[0,1],\n[1,0]]]}", 3, "", "invalid JSON", false},
		{"type", "{\"code\":\"Ok\",\n\"durations\":[[0,\"x\"]]}", 2, "durations[0][1]", "want float64", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadOSRMTable(strings.NewReader(tt.in), "t.json", OSRMOptions{})
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.Line != tt.line || !jsonfield.Same(ie.Field, tt.field) {
				t.Errorf("got line %d field %q, want line %d field %q (%v)", ie.Line, ie.Field, tt.line, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
			if errors.Is(err, ErrUnreachable) != tt.unreachable {
				t.Errorf("errors.Is(err, ErrUnreachable) = %v, want %v", !tt.unreachable, tt.unreachable)
			}
		})
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("from,to,metres,seconds\n0,1,100,10\n1,0,110,11\n", false)
	f.Add("a,b,1,1\nb,a,2,2\n", true)
	f.Add("0,1,\"1,1\n", false)
	f.Add("0,1,1,1\n5000000000,0,1,1\n", false)
	f.Fuzz(func(t *testing.T, in string, withIDs bool) {
		var opt CSVOptions
		if withIDs {
			opt.IDs = []string{"a", "b", "c"}
		}
		m, err := ReadCSV(strings.NewReader(in), "f.csv", opt)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("accepted input gives invalid matrix: %v", err)
		}
	})
}

func FuzzReadOSRMTable(f *testing.F) {
	f.Add(`{"code":"Ok","durations":[[0,60.5],[70,null]],"distances":[[0,1000],[1100,0]]}`, 0.0)
	f.Add(`{"code":"Ok","durations":[[0,36],[72,0]]}`, 50.0)
	f.Add(`{"code":"NoTable","message":"x"}`, 0.0)
	f.Fuzz(func(t *testing.T, in string, speed float64) {
		m, err := ReadOSRMTable(strings.NewReader(in), "f.json", OSRMOptions{SpeedKmh: speed})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("accepted input gives invalid matrix: %v", err)
		}
	})
}
