package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

func collectedEvent(client string) Event {
	return Event{ClientID: client, Type: Collected, Time: at("2025-06-18 10:30"), Site: "v1", Actor: "key-1",
		Items:   []Item{{Category: "refrigerator", Count: 1, Kg: 52.3}},
		Booking: &Booking{ID: "B1", Kind: KindPickup, BookedAt: at("2025-06-16 20:00"), Latest: "2025-06-18", TWEnd: "12:00"}}
}

func TestAppendChains(t *testing.T) {
	m := NewMemory()
	l := testLedger(t, m)
	e1 := mustAppend(t, l, collectedEvent("a"))
	e2 := collectedEvent("b")
	e2.Items[0].Kg = 48.0004
	e2 = mustAppend(t, l, e2)
	e3 := mustAppend(t, l, Event{ClientID: "c", Type: Received, Time: at("2025-06-18 16:00"), Site: "ts1", Peer: "v1",
		Items: []Item{{Category: "refrigerator", Count: 2, Kg: 100.3}}})
	for _, c := range []struct {
		e          Event
		id, prev   string
		seq        int64
		county     string
		originWant string
	}{
		{e1, "v1/1", "", 1, "510104", "510104"},
		{e2, "v1/2", e1.Hash, 2, "510104", "510104"},
		{e3, "ts1/1", "", 1, "510104", "510104"},
	} {
		if c.e.ID != c.id || c.e.Seq != c.seq || c.e.Prev != c.prev || c.e.County != c.county || c.e.Items[0].Origin != c.originWant {
			t.Errorf("got id %s seq %d prev %.8s county %s origin %s, want %s %d %.8s %s %s",
				c.e.ID, c.e.Seq, c.e.Prev, c.e.County, c.e.Items[0].Origin, c.id, c.seq, c.prev, c.county, c.originWant)
		}
		if c.e.Hash != HashOf(&c.e) || len(c.e.Hash) != 64 {
			t.Errorf("%s: hash %q is not the hash of its content", c.e.ID, c.e.Hash)
		}
	}
	if e2.Items[0].Kg != 48 {
		t.Errorf("kg got %v, want 48 (rounded to grams)", e2.Items[0].Kg)
	}
	got, err := m.Get(context.Background(), "v1/2")
	if err != nil || got.Hash != e2.Hash {
		t.Errorf("get v1/2: %v %v", got.Hash, err)
	}
	if _, err := m.Get(context.Background(), "v1/9"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get v1/9: got %v, want ErrNotFound", err)
	}
}

func TestAppendIdempotent(t *testing.T) {
	m := NewMemory()
	l := testLedger(t, m)
	first, dup, err := l.Append(context.Background(), collectedEvent("phone-42"))
	if err != nil || dup {
		t.Fatalf("first append: dup %v err %v", dup, err)
	}
	// The retry: the same event, times in another zone, assigned fields
	// filled with rubbish (ignored).
	retry := collectedEvent("phone-42")
	retry.Time = retry.Time.In(time.FixedZone("X", -5*3600))
	retry.ID, retry.Hash, retry.Seq = "x", "y", 99
	again, dup, err := l.Append(context.Background(), retry)
	if err != nil || !dup || again.ID != first.ID || again.Hash != first.Hash {
		t.Fatalf("retry: got %s dup %v err %v, want %s dup true", again.ID, dup, err, first.ID)
	}
	if m.Len() != 1 {
		t.Errorf("stored %d events, want 1", m.Len())
	}
	other := collectedEvent("phone-42")
	other.Items[0].Count = 2
	if _, _, err := l.Append(context.Background(), other); !errors.Is(err, ErrConflict) {
		t.Errorf("same client id, other event: got %v, want ErrConflict", err)
	}
	if m.Len() != 1 {
		t.Errorf("stored %d events after the conflict, want 1", m.Len())
	}
}

func TestAppendRejects(t *testing.T) {
	base := collectedEvent("x")
	transfer := Event{ClientID: "x", Type: Transferred, Direction: Out, Transfer: "T1", Time: at("2025-06-18 10:00"), Site: "ts1", Peer: "sc1",
		Items: []Item{{Category: "television", Count: 3, Kg: 45}}}
	hand := Event{ClientID: "x", Type: HandedOver, Time: at("2025-06-18 10:00"), Site: "sc1", Peer: "dp1", Receipt: "R-1",
		Items: []Item{{Category: "television", Count: 3, Kg: 45}}}
	cases := []struct {
		name, field, msg string
		edit             func(e *Event)
	}{
		{"unknown site", "site", `unknown site "v9"`, func(e *Event) { e.Site = "v9" }},
		{"negative count", "items[0].count", "negative count -1", func(e *Event) { e.Items[0].Count = -1 }},
		{"zero count", "items[0].count", "zero", func(e *Event) { e.Items[0].Count = 0 }},
		{"future", "time", "in the future", func(e *Event) { e.Time = testNow.Add(time.Hour) }},
		{"no client id", "client_id", "required", func(e *Event) { e.ClientID = "" }},
		{"bad type", "type", "is not one of", func(e *Event) { e.Type = "stolen" }},
		{"no time", "time", "required", func(e *Event) { e.Time = time.Time{} }},
		{"unknown category", "items[0].category", `unknown category "toaster"`, func(e *Event) { e.Items[0].Category = "toaster" }},
		{"negative kg", "items[0].kg", "negative mass", func(e *Event) { e.Items[0].Kg = -2 }},
		{"no items", "items", "empty", func(e *Event) { e.Items = nil }},
		{"collected at a station", "site", "cannot be at a transfer_station", func(e *Event) { e.Site = "ts1" }},
		{"receipt on collected", "receipt", "not allowed on a collected event", func(e *Event) { e.Receipt = "R" }},
		{"booked after pickup", "booking.booked_at", "after the event", func(e *Event) { e.Booking.BookedAt = e.Time.Add(time.Hour) }},
		{"bad latest", "booking.latest", "not a date", func(e *Event) { e.Booking.Latest = "18/06/2025" }},
		{"bad window", "booking.tw_end", "not a time", func(e *Event) { e.Booking.TWEnd = "25:00" }},
		{"bad origin", "items[0].origin", "adcode", func(e *Event) { e.Items[0].Origin = "51" }},
		{"control chars", "note", "not valid", func(e *Event) { e.Note = "a\x00b" }},
		{"transfer to itself", "peer", "to itself", func(e *Event) { *e = transfer; e.Peer = "ts1" }},
		{"transfer no direction", "direction", "not out or in", func(e *Event) { *e = transfer; e.Direction = "" }},
		{"transfer unknown peer", "peer", "unknown site", func(e *Event) { *e = transfer; e.Peer = "nowhere" }},
		{"transfer to a dismantler", "peer", "cannot be at a dismantler", func(e *Event) { *e = transfer; e.Peer = "dp1" }},
		{"transfer no id", "transfer", "required", func(e *Event) { *e = transfer; e.Transfer = "" }},
		{"handover no receipt", "receipt", "required", func(e *Event) { *e = hand; e.Receipt = "" }},
		{"handover to a station", "peer", "not a dismantler", func(e *Event) { *e = hand; e.Peer = "ts1" }},
		{"received from a station", "peer", "a received event's peer is the vehicle", func(e *Event) {
			*e = hand
			e.Type, e.Receipt, e.Peer = Received, "", "ts1"
		}},
		{"adjusted unknown", "corrects", `no event "v1/7"`, func(e *Event) {
			e.Type, e.Booking, e.Corrects = Adjusted, nil, "v1/7"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := NewMemory()
			l := testLedger(t, m)
			e := base.Clone()
			c.edit(&e)
			_, _, err := l.Append(context.Background(), e)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an *InputError", err)
			}
			if ie.FieldPath() != c.field || !strings.Contains(ie.Msg, c.msg) {
				t.Errorf("got field %q msg %q, want field %q msg containing %q", ie.Field, ie.Msg, c.field, c.msg)
			}
			if m.Len() != 0 {
				t.Errorf("stored %d events, want 0", m.Len())
			}
		})
	}
}

func TestAdjustRules(t *testing.T) {
	m := NewMemory()
	l := testLedger(t, m)
	c := mustAppend(t, l, collectedEvent("a"))
	adj := Event{ClientID: "adj", Type: Adjusted, Time: at("2025-06-19 09:00"), Site: "v1", Corrects: c.ID,
		Items: []Item{{Category: "refrigerator", Count: 2, Kg: 101}}, Note: "two fridges, not one"}
	a := mustAppend(t, l, adj)
	if a.ID != "v1/2" || a.Corrects != "v1/1" {
		t.Errorf("adjustment got %s corrects %s", a.ID, a.Corrects)
	}
	for _, bad := range []struct {
		edit  func(*Event)
		field string
	}{
		{func(e *Event) { e.Corrects = a.ID }, "corrects"},            // an adjustment of an adjustment
		{func(e *Event) { e.Site = "v2" }, "corrects"},                // another site
		{func(e *Event) { e.Time = at("2025-06-17 09:00") }, "time"},  // before the corrected event
		{func(e *Event) { e.Booking = &Booking{ID: "B"} }, "booking"}, // a booking on an adjustment
		{func(e *Event) { e.Corrects = "" }, "corrects"},              // nothing corrected
	} {
		e := adj.Clone()
		e.ClientID = "adj2"
		bad.edit(&e)
		_, _, err := l.Append(context.Background(), e)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != bad.field {
			t.Errorf("got %v, want an InputError on %s", err, bad.field)
		}
	}
	if m.Len() != 2 {
		t.Errorf("stored %d, want 2", m.Len())
	}
}

func TestCanonicalFixed(t *testing.T) {
	e := Event{ID: "v1/1", Seq: 1, ClientID: "c\"1", Type: Collected, Time: time.Date(2025, 6, 18, 2, 30, 0, 0, time.UTC),
		Site: "v1", County: "510104", Items: []Item{{Category: "television", Count: 1, Kg: 15.5, Origin: "510104"}}, Note: "a\tb"}
	want := `{"v":"huishou-ledger/1","site":"v1","seq":1,"prev":"","id":"v1/1","client_id":"c\"1","type":"collected",` +
		`"time":"2025-06-18T02:30:00.000000Z","county":"510104","actor":"","items":[{"category":"television","count":1,"kg":15.5,"origin":"510104","producer":""}],` +
		`"booking":null,"subsidy":"","direction":"","peer":"","transfer":"","receipt":"","licensed":false,"corrects":"","note":"a\u0009b","simulated":false}`
	if got := string(Canonical(&e)); got != want {
		t.Errorf("canonical\n got %s\nwant %s", got, want)
	}
	if sum := sha256.Sum256([]byte(want)); HashOf(&e) != hex.EncodeToString(sum[:]) {
		t.Errorf("hash %s is not the SHA-256 of the canonical encoding", HashOf(&e))
	}
}
