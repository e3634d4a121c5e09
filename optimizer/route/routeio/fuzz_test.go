package routeio

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/huishou/huishou/optimizer/route"
)

// seeds adds every test input and a few broken ones to the corpus.
func seeds(f *testing.F, files ...string) {
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	for _, s := range []string{``, `null`, `{}`, `[]`, `{"jobs": 1}`, `{"vehicles": [{}], "jobs": [{}]}`,
		`{"locations": [{"name": "a"}], "matrix": {"durations": [[0]]}, "depot": "a", "vehicles": [{"id": 1}], "jobs": [{"id": 1, "location": "a"}]}`,
		`{"vehicles": [{"id": 1, "start_index": 0}], "jobs": [{"id": 1, "location_index": 1}], "matrix": [[0, 1e300], [1, 0]]}`} {
		f.Add([]byte(s))
	}
}

// fuzzRead checks that read never panics, that failures are errors
// (InputError for anything but I/O), and that what it accepts can be
// written back in every format without error.
func fuzzRead(t *testing.T, data []byte, read func(*bytes.Reader) (*route.Problem, *Meta, error)) {
	p, m, err := read(bytes.NewReader(data))
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %T %v is not an *InputError", err, err)
		}
		return
	}
	if p == nil || m == nil {
		t.Fatal("nil problem or meta without an error")
	}
	var buf bytes.Buffer
	if len(data) < 2000 { // WriteProblemJSON of a large estimated matrix is slow
		if err := WriteProblemJSON(&buf, p, m); err != nil {
			t.Fatal(err)
		}
	}
	// An empty solution: every job unassigned.
	sol := &route.Solution{}
	for i := range p.Clients {
		sol.Unassigned = append(sol.Unassigned, route.Unassigned{Kind: route.JobClient, Index: i, Reason: "fuzz"})
	}
	for i := range p.Shipments {
		sol.Unassigned = append(sol.Unassigned, route.Unassigned{Kind: route.JobShipment, Index: i, Reason: "fuzz"})
	}
	if err := WriteVROOM(&buf, p, m, sol); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&buf, p, m, sol); err != nil {
		t.Fatal(err)
	}
}

func FuzzReadVROOM(f *testing.F) {
	seeds(f, "testdata/vroom_basic.json", "testdata/vroom_shipments.json", "testdata/vroom_matrix.json", "testdata/vroom_matrices_tw.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, func(r *bytes.Reader) (*route.Problem, *Meta, error) { return ReadVROOM(r) })
	})
}

func FuzzReadJSON(f *testing.F) {
	seeds(f, "example.json", "testdata/native_matrix.json", "testdata/native_tradein.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, func(r *bytes.Reader) (*route.Problem, *Meta, error) { return ReadJSON(r) })
	})
}
