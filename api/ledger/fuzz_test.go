package ledger

import (
	"bytes"
	"testing"
)

// FuzzDecodeEvent: the decoder of ledger lines and API bodies never
// panics, and what it accepts survives a write and a read unchanged
// (same canonical encoding, so the same hash). Seeds: testdata/fuzz.
func FuzzDecodeEvent(f *testing.F) {
	f.Add([]byte(`{"id":"v1/1","seq":1,"client_id":"a","type":"collected","time":"2025-06-18T02:30:00Z","site":"v1","county":"510104","items":[{"category":"television","count":1,"kg":15.5,"origin":"510104"}],"booking":{"id":"B1","booked_at":"2025-06-17T12:00:00Z","latest":"2025-06-19"},"hash":"00"}`))
	f.Add([]byte(`{"client_id":"x","type":"transferred","direction":"out","transfer":"T1","peer":"sc1","time":"2025-06-18T10:00:00+08:00","site":"ts1","items":[]}`))
	f.Add([]byte(`{"client_id":"x","items":[{"count":-1,"kg":1e308}],"unknown":1}`))
	f.Add([]byte(`{"client_id":"\u0000","note":"\"<>&"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEvent(b)
		if err != nil {
			if _, ok := err.(*InputError); !ok {
				t.Fatalf("error %T %v is not an *InputError", err, err)
			}
			return
		}
		line := AppendLine(nil, &e)
		if bytes.Count(line, []byte("\n")) != 1 {
			t.Fatalf("line %q is not one line", line)
		}
		e2, err := DecodeEvent(line)
		if err != nil {
			t.Fatalf("re-decoding %q: %v", line, err)
		}
		if c1, c2 := Canonical(&e), Canonical(&e2); !bytes.Equal(c1, c2) {
			t.Fatalf("round trip changed the event:\n%s\n%s", c1, c2)
		}
	})
}
