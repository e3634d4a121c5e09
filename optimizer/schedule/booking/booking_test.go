package booking

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const goodCSV = `id,lon,lat,county,township,items,earliest,latest,tw_start,tw_end,kind,from,skills,note,status
B1,104.08,30.65,510104,510104001,refrigerator:1;television:2,2026-12-01,2026-12-03,09:00,12:00,pickup,,,"Mrs Li, 3rd floor",booked
B2,104.07,30.66,510104,510104002,washing_machine:1,2026-12-01,2026-12-01,14:00,16:00,trade_in,wh-1,,call first,
B3,104.06,30.64,510104,,,2026-12-02,2026-12-05,,,service,,repair,,scheduled
B4,104.05,30.63,510104,,air_conditioner:3,,,,,bulk,,,store 12,
`

func TestReadCSV(t *testing.T) {
	got, err := ReadCSV(strings.NewReader(goodCSV), ReadOptions{File: "b.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Skipped) != 0 {
		t.Fatalf("skipped %v", got.Skipped)
	}
	if len(got.Bookings) != 4 {
		t.Fatalf("got %d bookings, want 4", len(got.Bookings))
	}
	b := got.Bookings[0]
	want := Booking{ID: "B1", Lon: 104.08, Lat: 30.65, County: "510104", Township: "510104001",
		Items: Items{{"refrigerator", 1}, {"television", 2}}, Earliest: MustDate("2026-12-01"), Latest: MustDate("2026-12-03"),
		TWStart: 9 * 3600, TWEnd: 12 * 3600, Kind: Pickup, Note: "Mrs Li, 3rd floor", Status: Booked}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("got %+v\nwant %+v", b, want)
	}
	if g := got.Bookings[1]; g.Kind != TradeIn || g.From != "wh-1" || g.Status != Booked {
		t.Errorf("defaults: got kind %q from %q status %q", g.Kind, g.From, g.Status)
	}
	if g := got.Bookings[2]; g.Kind != Service || len(g.Items) != 0 || !reflect.DeepEqual(g.Skills, []string{"repair"}) || g.Status != Scheduled {
		t.Errorf("service: got %+v", g)
	}
	if _, _, ok := got.Bookings[3].Window(); ok {
		t.Error("B4 has no window")
	}
}

// Each bad row is skipped with its line and field named; the good rows
// around it still load.
func TestReadCSVBadRows(t *testing.T) {
	head := strings.SplitN(goodCSV, "\n", 2)[0] + "\n"
	good := "G1,104.08,30.65,510104,,television:1,2026-12-01,2026-12-03,,,pickup,,,,\n"
	cases := []struct {
		name, row, field, msg string
	}{
		{"reversed window", "X,104.08,30.65,,,television:1,,,12:00,09:00,pickup,,,,", "tw_end", "window 12:00–09:00 is reversed or empty"},
		{"unknown category", "X,104.08,30.65,,,toaster:1,,,,,pickup,,,,", "items", `unknown category "toaster"`},
		{"unknown kind", "X,104.08,30.65,,,television:1,,,,,delivery,,,,", "kind", `unknown kind "delivery"`},
		{"outside China", "X,2.35,48.85,,,television:1,,,,,,,,,", "lon", "2.35,48.85 is outside China"},
		{"swapped", "X,30.65,104.08,,,television:1,,,,,,,,,", "lon", "are lon and lat swapped?"},
		{"latest before plan date", "X,104.08,30.65,,,television:1,2026-11-20,2026-11-30,,,,,,,", "latest", "2026-11-30 is before the planning date 2026-12-01"},
		{"duplicate id", "G1,104.08,30.65,,,television:1,,,,,,,,,", "id", "duplicate id (first on line 2)"},
		{"bad number", "X,104.o8,30.65,,,television:1,,,,,,,,,", "lon", `"104.o8" is not a number`},
		{"bad count", "X,104.08,30.65,,,television:x,,,,,,,,,", "items", `count "x" is not a whole number`},
		{"zero count", "X,104.08,30.65,,,television:0,,,,,,,,,", "items", "count 0 outside 1…10000"},
		{"bad date", "X,104.08,30.65,,,television:1,2026-13-01,,,,,,,,", "earliest", `"2026-13-01" is not a date`},
		{"bad time", "X,104.08,30.65,,,television:1,,,9am,,,,,,", "tw_start", `"9am" is not a time HH:MM`},
		{"dates reversed", "X,104.08,30.65,,,television:1,2026-12-05,2026-12-03,,,,,,,", "latest", "2026-12-03 is before earliest 2026-12-05"},
		{"no items", "X,104.08,30.65,,,,,,,,pickup,,,,", "items", "no items"},
		{"trade-in without from", "X,104.08,30.65,,,television:1,,,,,trade_in,,,,", "from", "names the depot or warehouse"},
		{"unknown status", "X,104.08,30.65,,,television:1,,,,,,,,,lost", "status", `unknown status "lost"`},
		{"empty id", ",104.08,30.65,,,television:1,,,,,,,,,", "id", "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := head + good + c.row + "\n" + strings.Replace(good, "G1", "G2", 1)
			got, err := ReadCSV(strings.NewReader(in), ReadOptions{File: "b.csv", PlanDate: MustDate("2026-12-01")})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Bookings) != 2 {
				t.Errorf("got %d good bookings, want 2", len(got.Bookings))
			}
			if len(got.Skipped) != 1 {
				t.Fatalf("got %d skipped rows %v, want 1", len(got.Skipped), got.Skipped)
			}
			e := got.Skipped[0]
			if e.File != "b.csv" || e.Line != 3 || e.Field != c.field || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("got %q (line %d, field %q), want line 3, field %q, message with %q", e.Error(), e.Line, e.Field, c.field, c.msg)
			}
		})
	}
}

func TestReadCSVFileErrors(t *testing.T) {
	cases := []struct{ name, in, msg string }{
		{"empty", "", "empty file"},
		{"no items column", "id,lon,lat\nB1,104,30\n", `missing column "items"`},
		{"twice", "id,lon,lat,items,id\n", `column "id" appears twice`},
	}
	for _, c := range cases {
		_, err := ReadCSV(strings.NewReader(c.in), ReadOptions{File: "x.csv"})
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "x.csv") {
			t.Errorf("%s: got %v, want a FileError with %q", c.name, err, c.msg)
		}
	}
}

func TestReadCSVBrokenQuote(t *testing.T) {
	in := "id,lon,lat,items,note\nB1,104.1,30.6,television:1,ok\nB2,104.1,30.6,television:1,\"bad \"quote\nB3,104.1,30.6,television:1,ok\n"
	got, err := ReadCSV(strings.NewReader(in), ReadOptions{File: "q.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Skipped) == 0 || got.Skipped[0].Line != 3 || !strings.Contains(got.Skipped[0].Msg, "not valid CSV") {
		t.Errorf("skipped %v, want line 3 not valid CSV", got.Skipped)
	}
	if len(got.Bookings) == 0 || got.Bookings[0].ID != "B1" {
		t.Errorf("got %v", got.Bookings)
	}
}

func TestIgnoredColumns(t *testing.T) {
	got, err := ReadCSV(strings.NewReader("id,lon,lat,items,phone\nB1,104.1,30.6,television:1,123\n"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Ignored, []string{"phone"}) || len(got.Bookings) != 1 {
		t.Errorf("got ignored %v, %d bookings", got.Ignored, len(got.Bookings))
	}
}

func TestRoundTrip(t *testing.T) {
	got, err := ReadCSV(strings.NewReader(goodCSV), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var cbuf, jbuf bytes.Buffer
	if err := WriteCSV(&cbuf, got.Bookings); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&jbuf, got.Bookings); err != nil {
		t.Fatal(err)
	}
	c2, err := ReadCSV(&cbuf, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j2, err := ReadJSON(bytes.NewReader(jbuf.Bytes()), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c2.Bookings, got.Bookings) {
		t.Errorf("CSV round trip:\n got %+v\nwant %+v", c2.Bookings, got.Bookings)
	}
	if !reflect.DeepEqual(j2.Bookings, got.Bookings) {
		t.Errorf("JSON round trip:\n got %+v\nwant %+v\n%s", j2.Bookings, got.Bookings, jbuf.String())
	}
}

func TestReadJSON(t *testing.T) {
	in := `{"bookings": [
 {"id": "A", "lon": 104.1, "lat": 30.6, "items": [{"category": "refrigerator", "count": 1}], "tw_start": "09:00", "tw_end": "11:30", "skills": ["ac_uninstall"]},
 {"id": "B", "lon": 104.1, "lat": 30.6, "items": "television:2;microwave:1", "kind": "pickup", "phone": "1"},
 {"id": "C", "lon": 104.1, "lat": 30.6, "items": "television:1", "tw_start": 9},
 {"id": "D", "lon": "east", "lat": 30.6, "items": "television:1"},
 {"id": "E", "lon": 104.1, "lat": 30.6,
  "items": "television:1", "tw_start": "13:00", "tw_end": "10:00"},
 {"id": "A", "lon": 104.1, "lat": 30.6, "items": "television:1"}
]}`
	got, err := ReadJSON(strings.NewReader(in), ReadOptions{File: "b.json"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Bookings) != 2 || got.Bookings[1].Items.String() != "television:2;microwave:1" {
		t.Fatalf("got %+v", got.Bookings)
	}
	if !reflect.DeepEqual(got.Ignored, []string{"phone"}) {
		t.Errorf("ignored %v", got.Ignored)
	}
	want := []struct {
		line  int
		field string
		msg   string
	}{{4, "tw_start", `want a time "HH:MM", got 9`}, {5, "lon", "want a float64, got string"}, {6, "tw_end", "reversed"}, {8, "id", "duplicate id (first on line 2)"}}
	if len(got.Skipped) != len(want) {
		t.Fatalf("skipped %v", got.Skipped)
	}
	for i, w := range want {
		e := got.Skipped[i]
		if e.Line != w.line || e.Field != w.field || !strings.Contains(e.Msg, w.msg) {
			t.Errorf("skipped[%d] = %q, want line %d field %s with %q", i, e, w.line, w.field, w.msg)
		}
	}
}

func TestReadJSONFileErrors(t *testing.T) {
	for in, msg := range map[string]string{
		``:                "not JSON",
		`{"orders": []}`:  `want an array or an object with "bookings"`,
		`[{"id":"A"}`:     "not JSON",
		`"bookings"`:      "want an array of bookings",
		`{"bookings": 3}`: "want an array of bookings",
	} {
		_, err := ReadJSON(strings.NewReader(in), ReadOptions{File: "j"})
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: got %v, want %q", in, err, msg)
		}
	}
}

func TestItemsJSON(t *testing.T) {
	var it Items
	if err := json.Unmarshal([]byte(`[{"category":"television"}]`), &it); err != nil || it.String() != "television:1" {
		t.Errorf("got %v %v", it, err)
	}
	b, _ := json.Marshal(Items{{"television", 2}})
	if string(b) != `[{"category":"television","count":2}]` {
		t.Errorf("got %s", b)
	}
}

func TestNeed(t *testing.T) {
	cat := DefaultCatalog()
	tv, fr, ac := cat["television"], cat["refrigerator"], cat["air_conditioner"]
	cases := []struct {
		name string
		b    Booking
		want Need
	}{
		{"pickup", Booking{Kind: Pickup, Items: Items{{"television", 2}}},
			Need{PickupKg: 2 * tv.WeightKg, PickupL: 2 * tv.VolumeL, PickupPieces: 2, Crew: 1, ServiceSec: int((StopMin + 2*tv.PickupMin) * 60)}},
		{"trade-in", Booking{Kind: TradeIn, From: "d", Items: Items{{"refrigerator", 1}}},
			Need{PickupKg: fr.WeightKg, PickupL: fr.VolumeL, PickupPieces: 1, DeliveryKg: fr.WeightKg, DeliveryL: fr.VolumeL, DeliveryPieces: 1,
				Crew: 2, ServiceSec: int((StopMin + fr.PickupMin + fr.InstallMin) * 60)}},
		{"bulk", Booking{Kind: Bulk, Items: Items{{"air_conditioner", 10}}},
			Need{PickupKg: 10 * ac.WeightKg, PickupL: 10 * ac.VolumeL, PickupPieces: 10, Crew: 2, ServiceSec: int((StopMin + 10*BulkLoadMin) * 60)}},
		{"ac pickup", Booking{Kind: Pickup, Items: Items{{"air_conditioner", 1}}},
			Need{PickupKg: ac.WeightKg, PickupL: ac.VolumeL, PickupPieces: 1, Crew: 2, Skills: []string{"ac_uninstall"}, ServiceSec: int((StopMin + ac.PickupMin) * 60)}},
		{"service", Booking{Kind: Service, Skills: []string{"repair"}},
			Need{Crew: 1, Skills: []string{"repair"}, ServiceSec: (StopMin + ServiceVisitMin) * 60}},
	}
	for _, c := range cases {
		if got := cat.Need(&c.b); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestClock(t *testing.T) {
	for s, want := range map[string]Clock{"09:00": 32400, "24:00": 86400, "00:00": 0, "13:05:09": 47109} {
		got, err := ParseClock(s)
		if err != nil || got != want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"24:01", "9:00", "12:60", "x", "12", "-1:00"} {
		if _, err := ParseClock(s); err == nil {
			t.Errorf("ParseClock(%q): no error", s)
		}
	}
	if got := Clock(47109).HMS(); got != "13:05:09" {
		t.Errorf("HMS = %s", got)
	}
}

func TestChanges(t *testing.T) {
	in := "action,id,lon,lat,items,kind,status\n" +
		"add,N1,104.1,30.6,television:1,pickup,\n" +
		"cancel,B7,,,,,\n" +
		"status,B8,,,,,done\n" +
		"status,B9,,,,,cancelled\n" +
		"delete,B10,,,,,\n" +
		"add,N2,104.1,30.6,toaster:1,,\n"
	ch, skipped, err := ReadChangesCSV(strings.NewReader(in), ReadOptions{File: "c.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 3 || ch[0].Action != Add || ch[0].Booking.ID != "N1" || ch[1].Action != Cancel || ch[2].Booking.Status != Done {
		t.Errorf("got %+v", ch)
	}
	want := []string{"c.csv:5: booking B9: status: status \"cancelled\": a status change sets dispatched, done or failed",
		"c.csv:6: booking B10: action: unknown action \"delete\" (want add, update, cancel or status)",
		"c.csv:7: booking N2: items: unknown category \"toaster\""}
	if len(skipped) != len(want) {
		t.Fatalf("skipped %v", skipped)
	}
	for i, w := range want {
		if !strings.HasPrefix(skipped[i].Error(), w) {
			t.Errorf("skipped[%d] = %q, want %q", i, skipped[i], w)
		}
	}
	js := `[{"action":"add","booking":{"id":"N1","lon":104.1,"lat":30.6,"items":"television:1"}},
{"action":"cancel","id":"B7"},
{"action":"add","booking":{"id":"N3","lon":104.1,"lat":30.6,"items":"television:1","kind":"x"}}]`
	ch, skipped, err = ReadChangesJSON(strings.NewReader(js), ReadOptions{File: "c.json"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 2 || len(skipped) != 1 || skipped[0].Field != "booking.kind" || skipped[0].Line != 3 {
		t.Errorf("got %+v, skipped %v", ch, skipped)
	}
}
