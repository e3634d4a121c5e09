package routeio

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestScanIntMatrixAgrees: the in-place scan of a matrix gives what the
// general decoder gives, or declines (and the general decoder judges).
func TestScanIntMatrixAgrees(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		scan bool // the scanner takes it
	}{
		{`[[0, 1], [2, 0]]`, 2, true},
		{` [ [0,1073741824] ,[ 3 , 0 ] ] `, -1, true},
		{`[[0, 1], [2, 0]]`, 3, false},          // wrong size
		{`[[0, 1], [2]]`, -1, false},            // ragged
		{`[[0, 1.0], [2, 0]]`, 2, false},        // a float (integral: the decoder takes it)
		{`[[0, 1073741825], [2, 0]]`, 2, false}, // above 2^30
		{`[[0, -1], [2, 0]]`, 2, false},         // negative
		{`[[0, 01], [2, 0]]`, 2, false},         // leading zero
		{`[[0, "1"], [2, 0]]`, 2, false},        // a string
		{`[[0, 1], [2, 0]] x`, 2, false},        // trailing junk
		{`[[0, 1, 2], [2, 0, 1], [1, 1, 0]]`, -1, true},
	} {
		flat, n, ok := scanIntMatrix([]byte(tc.in), tc.n)
		if ok != tc.scan {
			t.Errorf("%s: scanned %v, want %v", tc.in, ok, tc.scan)
			continue
		}
		want, wn, err := readMatrixSlow("json", "m", json.RawMessage(tc.in), tc.n)
		if ok && (err != nil || wn != n || !reflect.DeepEqual(flat, want)) {
			t.Errorf("%s: scan %v (%d), decoder %v (%d) %v", tc.in, flat, n, want, wn, err)
		}
		got, gn, gerr := readMatrix("json", "m", json.RawMessage(tc.in), tc.n)
		if (gerr == nil) != (err == nil) || gerr == nil && (gn != wn || !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: readMatrix %v %d %v, decoder %v %d %v", tc.in, got, gn, gerr, want, wn, err)
		}
	}
}

// TestSplitObject: the members of an object, as json.Unmarshal into a map
// of raw messages finds them (whitespace around values aside).
func TestSplitObject(t *testing.T) {
	for _, in := range []string{
		`{}`, ` { "a" : 1 , "b":[1,{"c":"}"}], "d\"e": "x,y", "f": {"g": [[]]}, "a": null } `,
		`{"s": "\\", "t": true}`,
	} {
		got, ok := splitObject([]byte(in))
		if !ok {
			t.Fatalf("%s: not an object", in)
		}
		var want map[string]json.RawMessage
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d members, want %d", in, len(got), len(want))
		}
		for k, v := range want {
			if strings.TrimSpace(string(got[k])) != strings.TrimSpace(string(v)) {
				t.Errorf("%s: member %q = %s, want %s", in, k, got[k], v)
			}
		}
	}
	for _, in := range []string{`[]`, `1`, `"x"`, `null`} {
		if _, ok := splitObject([]byte(in)); ok {
			t.Errorf("%s: taken as an object", in)
		}
	}
}

// FuzzScanIntMatrix: whenever the scanner takes an input, the general
// decoder takes it too and agrees.
func FuzzScanIntMatrix(f *testing.F) {
	for _, s := range []string{`[[0, 1], [2, 0]]`, `[[0]]`, `[[0, 1.5], [2, 0]]`, `[]`, `[[]]`, `[[0,1],[2,0]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		flat, n, ok := scanIntMatrix(data, -1)
		if !ok {
			return
		}
		want, wn, err := readMatrixSlow("json", "m", json.RawMessage(data), -1)
		if err != nil || wn != n || !reflect.DeepEqual(flat, want) {
			t.Fatalf("%q: scan %v (%d), decoder %v (%d) %v", data, flat, n, want, wn, err)
		}
	})
}

// FuzzSplitObject: on valid JSON objects the split agrees with
// json.Unmarshal.
func FuzzSplitObject(f *testing.F) {
	for _, s := range []string{`{}`, `{"a": [1, "]"], "b": {"c": null}}`, `{"\u0061": 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want map[string]json.RawMessage
		if !json.Valid(data) || json.Unmarshal(data, &want) != nil || want == nil {
			return
		}
		got, ok := splitObject(data)
		if !ok || len(got) != len(want) {
			t.Fatalf("%q: split %v %v, want %d members", data, ok, len(got), len(want))
		}
		for k, v := range want {
			if strings.TrimSpace(string(got[k])) != strings.TrimSpace(string(v)) {
				t.Fatalf("%q: member %q = %s, want %s", data, k, got[k], v)
			}
		}
	})
}
