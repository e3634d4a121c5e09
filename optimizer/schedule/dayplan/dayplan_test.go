package dayplan

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/schedule/booking"
)

func readSmall(t testing.TB) *Plan {
	t.Helper()
	f, err := os.Open("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadWriteRoundTrip(t *testing.T) {
	p := readSmall(t)
	var a, b bytes.Buffer
	if err := Write(&a, p); err != nil {
		t.Fatal(err)
	}
	q, err := Read(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, q); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("round trip changed the plan:\n%s\n%s", a.String(), b.String())
	}
	for _, want := range []string{`"arrival": "08:40:00"`, `"capacity": {`, `"kg": 1500`, `"reason": "no vehicle has skill repair"`, `"distance_m": 21000`} {
		if !strings.Contains(a.String(), want) {
			t.Errorf("written plan lacks %s", want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	base, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, old, new, msg string }{
		{"unknown stop booking", `"booking": "B1", "kind": "pickup"`, `"booking": "B9", "kind": "pickup"`, `routes[0].stops[1].booking: unknown booking "B9"`},
		{"unknown vehicle", `"vehicle": "t1"`, `"vehicle": "t7"`, `routes[0].vehicle: unknown vehicle "t7"`},
		{"unassigned and routed", `"booking": "B3", "reason"`, `"booking": "B1", "reason"`, `unassigned[0].booking: booking "B1" is also routed`},
		{"bad time", `"arrival": "08:40:00"`, `"arrival": "8h40"`, `"8h40" is not a time HH:MM:SS`},
		{"unknown field", `"seed": 1,`, `"seed": 1, "colour": "red",`, `unknown field "colour"`},
		{"wrong type", `"distance_m": 21000`, `"distance_m": "far"`, `distance_m: want a int64, got string`},
		{"bad booking", `"tw_start": "09:00", "tw_end": "12:00"`, `"tw_start": "12:00", "tw_end": "09:00"`, `bookings[0].tw_end: window 12:00–09:00 is reversed`},
		{"vehicle depot", `"depot": "ts", "kg"`, `"depot": "xx", "kg"`, `vehicles[0].depot: unknown depot "xx"`},
		{"status", `"status": "planned"`, `"status": "gone"`, `routes[0].status: "gone": want planned or dispatched`},
		{"empty reason", `"reason": "no vehicle has skill repair"`, `"reason": ""`, `unassigned[0].reason: empty`},
		{"times out of order", `"start": "09:00:00", "departure": "09:23:00"`, `"start": "09:00:00", "departure": "08:23:00"`, `routes[0].stops[1]: times out of order`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := strings.Replace(string(base), c.old, c.new, 1)
			if in == string(base) {
				t.Fatalf("fixture lacks %q", c.old)
			}
			_, err := Read(strings.NewReader(in))
			if err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want %q", err, c.msg)
			}
		})
	}
}

func TestSheet(t *testing.T) {
	p := readSmall(t)
	ix := p.Index()
	rows, tot := p.Sheet(0, ix, booking.DefaultCatalog())
	if len(rows) != 5 || rows[0].Type != "depart" || rows[4].Type != "return" {
		t.Fatalf("got %d rows %+v", len(rows), rows)
	}
	if r := rows[2]; r.Booking != "B1" || r.Window != "09:00–12:00" || r.ETAFrom.HM() != "09:00" || r.ETATo.HM() != "09:30" ||
		r.Items != "电冰箱 refrigerator ×1, 电视机 television ×2" || r.Place != "春熙路街道" || r.Note != "Mrs Li" {
		t.Errorf("stop row %+v", r)
	}
	if r := rows[1]; r.Type != "load" || r.Place != "前置仓" || !strings.HasPrefix(r.Items, "new: ") {
		t.Errorf("load row %+v", r)
	}
	if tot.Stops != 2 || tot.Pieces != 4 || tot.Delivered != 1 || tot.Km != 21 || tot.Hours != 2.5 || tot.Kg != 50+2*15+30 {
		t.Errorf("totals %+v", tot)
	}
	var buf bytes.Buffer
	if err := p.WriteSheetCSV(&buf, 0, ix, booking.DefaultCatalog()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 || recs[0][0] != "vehicle" || recs[6][2] != "total" || recs[4][8] != "09:30:00" {
		t.Errorf("CSV %v", recs)
	}
}

func TestCompare(t *testing.T) {
	old := readSmall(t)
	cur := readSmall(t)
	// B1 is cancelled, B3 gets served on a new vehicle, B2 moves later.
	cur.Bookings[0].Status = booking.Cancelled
	cur.Routes[0].Stops = []Stop{cur.Routes[0].Stops[0], cur.Routes[0].Stops[2]}
	cur.Routes[0].Stops[1].Start += 20 * 60
	cur.Unassigned = nil
	cur.Routes = append(cur.Routes, Route{Vehicle: "t2", Depot: "ts", Status: Planned, Stops: []Stop{{Type: Visit, Booking: "B3", Start: 36000}}})
	d := Compare(old, cur, nil)
	if len(d.Removed) != 1 || d.Removed[0].Booking != "B1" || d.Removed[0].Reason != "cancelled" {
		t.Errorf("removed %+v", d.Removed)
	}
	if len(d.Added) != 1 || d.Added[0].Booking != "B3" || d.Added[0].To != "t2" {
		t.Errorf("added %+v", d.Added)
	}
	if len(d.Retimed) != 1 || d.Retimed[0].Booking != "B2" {
		t.Errorf("retimed %+v", d.Retimed)
	}
	if d.RoutesChanged != 2 || d.Size() != 3 {
		t.Errorf("routes changed %d, size %d", d.RoutesChanged, d.Size())
	}
}

// FuzzRead: any document is read into a consistent plan or rejected with
// an error, never a panic; a plan read writes back and reads again.
func FuzzRead(f *testing.F) {
	base, err := os.ReadFile("testdata/small.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(base))
	f.Add(`{"date":"2026-12-01","routes":[],"unassigned":[],"bookings":[],"depots":[],"vehicles":[]}`)
	f.Fuzz(func(t *testing.T, in string) {
		p, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, p); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(&buf); err != nil {
			t.Errorf("a plan read does not read again: %v", err)
		}
	})
}
