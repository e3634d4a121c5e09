package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule/booking"
)

const goodBooking = `{"id":"b1","lon":104.07,"lat":30.67,"county":"510104","items":[{"category":"refrigerator","count":1}],
 "earliest":"2026-12-01","latest":"2026-12-03","tw_start":"09:00","tw_end":"12:00","kind":"pickup","note":"call before"}`

func TestBookingsCreateGetIdempotency(t *testing.T) {
	bookingsCreateGetIdempotency(t, newEnv(t, nil))
}

func bookingsCreateGetIdempotency(t *testing.T, e *env) {
	d := store.RoleDispatcher
	r := e.do("POST", "/v1/bookings", goodBooking, opt{role: d})
	var b booking.Booking
	r.json(t, &b)
	if r.code != 201 || b.ID != "b1" || b.Status != booking.Booked || r.hdr.Get("Location") != "/v1/bookings/b1" {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	if r := e.do("POST", "/v1/bookings", goodBooking, opt{role: d}); r.code != 409 {
		t.Errorf("duplicate id: %d", r.code)
	}
	r = e.do("GET", "/v1/bookings/b1", nil, opt{role: store.RoleViewer})
	if r.code != 200 || r.hdr.Get("ETag") != `"1"` || !strings.Contains(string(r.body), `"note":"call before"`) {
		t.Errorf("get: %d %s %s", r.code, r.hdr.Get("ETag"), r.body)
	}
	if r := e.do("GET", "/v1/bookings/nope", nil, opt{role: d}); r.code != 404 {
		t.Errorf("get missing: %d", r.code)
	}
	// Idempotency-Key: a retry gets the first answer and stores nothing
	noID := `{"lon":104.07,"lat":30.67,"items":"television:2"}`
	key := map[string]string{"Idempotency-Key": "req-42"}
	r1 := e.do("POST", "/v1/bookings", noID, opt{role: d, header: key})
	r2 := e.do("POST", "/v1/bookings", noID, opt{role: d, header: key})
	if r1.code != 201 || r2.code != 201 || string(r1.body) != string(r2.body) || r2.hdr.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d %s / %d %s", r1.code, r1.body, r2.code, r2.body)
	}
	if r := e.do("POST", "/v1/bookings", `{"lon":104.1,"lat":30.6,"items":"television:1"}`, opt{role: d, header: key}); r.code != 422 {
		t.Errorf("key reused with another body: %d, want 422", r.code)
	}
	// another caller's key of the same name is another key
	if r := e.do("POST", "/v1/bookings", noID, opt{role: store.RoleAdmin, header: key}); r.code != 201 || r.hdr.Get("Idempotent-Replayed") != "" {
		t.Errorf("admin with the dispatcher's key name: %d replayed=%q", r.code, r.hdr.Get("Idempotent-Replayed"))
	}
	var page struct{ Bookings []booking.Booking }
	e.do("GET", "/v1/bookings", nil, opt{role: d}).json(t, &page)
	if len(page.Bookings) != 3 {
		t.Errorf("%d bookings stored, want 3 (b1, one idempotent, one admin)", len(page.Bookings))
	}
	for _, tc := range []struct{ body, field string }{
		{`{"id":"x","lon":4,"lat":30,"items":"television:1"}`, "lon"},
		{`{"id":"x","lon":104,"lat":30,"items":"toaster:1"}`, "items"},
		{`{"id":"x","lon":104,"lat":30,"items":"television:1","tw_start":"12:00","tw_end":"09:00"}`, "tw_end"},
		{`{"id":"x","lon":104,"lat":30,"items":"television:1","kind":"teleport"}`, "kind"},
		{`{"id":"x","lon":104,"lat":30,"items":"television:1","colour":"red"}`, "colour"},
		{`{"id":"x","lon":104,"lat":30,"items":"television:1","status":"done"}`, "status"},
		{`{"id":"x","lon":"east","lat":30,"items":"television:1"}`, "lon"},
		{`[]`, ""},
		{`{"id":`, ""},
	} {
		r := e.do("POST", "/v1/bookings", tc.body, opt{role: d, badInput: true})
		if p := r.problem(t); r.code != 400 || p.Field != tc.field {
			t.Errorf("POST %s: %d field %q (%s), want 400 field %q", tc.body, r.code, p.Field, p.Detail, tc.field)
		}
	}
	if r := e.do("POST", "/v1/bookings", goodBooking, opt{role: store.RolePlanner}); r.code != 403 {
		t.Errorf("planner POST booking: %d, want 403", r.code)
	}
}

func TestBookingsListPagination(t *testing.T) {
	bookingsListPagination(t, newEnv(t, nil))
}

func bookingsListPagination(t *testing.T, e *env) {
	d := store.RoleDispatcher
	for i := range 25 {
		county, kind := "510104", "pickup"
		if i%5 == 0 {
			county = "510105"
		}
		if i%3 == 0 {
			kind = "trade_in"
		}
		body := fmt.Sprintf(`{"id":"b%02d","lon":104.07,"lat":30.67,"county":%q,"items":"washing_machine:1","kind":%q,"from":"wh1","earliest":"2026-12-0%d","latest":"2026-12-0%d"}`,
			i, county, kind, 1+i%3, 3+i%3)
		if r := e.do("POST", "/v1/bookings", body, opt{role: d}); r.code != 201 {
			t.Fatalf("booking %d: %d %s", i, r.code, r.body)
		}
	}
	var ids []string
	cursor := ""
	pages := 0
	for {
		q := "/v1/bookings?limit=10"
		if cursor != "" {
			q += "&cursor=" + cursor
		}
		var page struct {
			Bookings   []booking.Booking
			NextCursor string `json:"next_cursor"`
		}
		e.do("GET", q, nil, opt{role: store.RoleViewer}).json(t, &page)
		pages++
		for _, b := range page.Bookings {
			ids = append(ids, b.ID)
		}
		if page.NextCursor == "" || pages > 5 {
			break
		}
		cursor = page.NextCursor
	}
	if pages != 3 || len(ids) != 25 || ids[0] != "b00" || ids[24] != "b24" {
		t.Errorf("%d pages, %d ids %v", pages, len(ids), ids)
	}
	count := func(q string) int {
		var page struct{ Bookings []booking.Booking }
		r := e.do("GET", "/v1/bookings?limit=1000&"+q, nil, opt{role: d})
		r.json(t, &page)
		return len(page.Bookings)
	}
	for q, want := range map[string]int{"county=510105": 5, "kind=trade_in": 9, "date=2026-12-01": 9, "date=2026-12-05": 8, "date=2026-12-03": 25,
		"county=510104&kind=pickup": 13, "status=booked": 25, "status=done": 0} {
		if got := count(q); got != want {
			t.Errorf("?%s: %d bookings, want %d", q, got, want)
		}
	}
	for _, q := range []string{"date=tomorrow", "status=lost", "kind=drone", "limit=0", "limit=5000", "cursor=zzz", "cursor=" + "c2VxOi0x"} {
		r := e.do("GET", "/v1/bookings?"+q, nil, opt{role: d, badInput: true})
		if r.code != 400 || r.problem(t).Field == "" {
			t.Errorf("?%s: %d %s, want 400 naming the parameter", q, r.code, r.body)
		}
	}
}

func TestBookingsPatch(t *testing.T) {
	bookingsPatch(t, newEnv(t, nil))
}

func bookingsPatch(t *testing.T, e *env) {
	d := store.RoleDispatcher
	e.do("POST", "/v1/bookings", goodBooking, opt{role: d})
	r := e.do("PATCH", "/v1/bookings/b1", `{"earliest":"2026-12-04","latest":"2026-12-06","tw_start":"14:00","tw_end":"17:00"}`, opt{role: d})
	var b booking.Booking
	r.json(t, &b)
	if r.code != 200 || b.Earliest.String() != "2026-12-04" || b.TWStart.String() != "14:00" || b.Status != booking.Booked || r.hdr.Get("ETag") != `"2"` {
		t.Fatalf("reschedule: %d %s", r.code, r.body)
	}
	if r := e.do("PATCH", "/v1/bookings/b1", `{"note":"gate code 1234"}`, opt{role: d, header: map[string]string{"If-Match": `"1"`}}); r.code != 412 {
		t.Errorf("stale If-Match: %d, want 412", r.code)
	}
	for _, tc := range []struct {
		body  string
		code  int
		field string
	}{
		{`{"latest":"2026-12-01"}`, 400, "latest"},
		{`{"tw_end":"25:00"}`, 400, "tw_end"},
		{`{"earliest":"soon"}`, 400, "earliest"},
		{`{"status":"dispatched"}`, 409, ""},
		{`{"status":"done","earliest":"2026-12-05"}`, 400, "status"},
		{`{"colour":"red"}`, 400, "colour"},
	} {
		r := e.do("PATCH", "/v1/bookings/b1", tc.body, opt{role: d, badInput: true})
		if p := r.problem(t); r.code != tc.code || p.Field != tc.field {
			t.Errorf("PATCH %s: %d field %q (%s), want %d %q", tc.body, r.code, p.Field, p.Detail, tc.code, tc.field)
		}
	}
	r = e.do("PATCH", "/v1/bookings/b1", `{"status":"cancelled"}`, opt{role: d})
	if r.code != 200 || !strings.Contains(string(r.body), `"status":"cancelled"`) {
		t.Errorf("cancel: %d %s", r.code, r.body)
	}
	if r := e.do("PATCH", "/v1/bookings/b1", `{"earliest":"2026-12-09"}`, opt{role: d}); r.code != 409 {
		t.Errorf("reschedule a cancelled booking: %d, want 409", r.code)
	}
	if r := e.do("PATCH", "/v1/bookings/b1", `{"status":"booked"}`, opt{role: d}); r.code != 409 {
		t.Errorf("revive a cancelled booking: %d, want 409", r.code)
	}
	if r := e.do("PATCH", "/v1/bookings/nope", `{"note":"x"}`, opt{role: d}); r.code != 404 {
		t.Errorf("patch missing: %d", r.code)
	}
}

func TestBookingsImport(t *testing.T) {
	bookingsImport(t, newEnv(t, nil))
}

func bookingsImport(t *testing.T, e *env) {
	d := store.RoleDispatcher
	e.do("POST", "/v1/bookings", goodBooking, opt{role: d})
	csv := "id,lon,lat,county,items,kind,tw_start,tw_end\n" +
		"c1,104.07,30.67,510104,refrigerator:1,pickup,09:00,11:00\n" +
		"c2,4.07,30.67,510104,refrigerator:1,pickup,,\n" + // outside China
		"c3,104.07,30.67,510104,refrigerator:1,pickup,12:00,10:00\n" + // reversed window
		"b1,104.07,30.67,510104,television:1,pickup,,\n" + // exists
		"c4,104.08,30.66,510104,television:2;washing_machine:1,bulk,,\n"
	r := e.do("POST", "/v1/bookings/import", csv, opt{role: d, ct: "text/csv"})
	var res struct {
		Imported int
		Skipped  []booking.RowError
		IDs      []string
	}
	r.json(t, &res)
	if r.code != 200 || res.Imported != 2 || strings.Join(res.IDs, " ") != "c1 c4" || len(res.Skipped) != 3 {
		t.Fatalf("import: %d %s", r.code, r.body)
	}
	got := map[string]string{}
	for _, s := range res.Skipped {
		got[s.ID] = fmt.Sprintf("%d:%s", s.Line, s.Field)
	}
	if got["c2"] != "3:lon" || got["c3"] != "4:tw_end" || !strings.HasSuffix(got["b1"], ":id") {
		t.Errorf("skipped rows: %v", got)
	}
	if r := e.do("GET", "/v1/bookings/c4", nil, opt{role: d}); r.code != 200 {
		t.Errorf("imported c4: %d", r.code)
	}
	if r := e.do("POST", "/v1/bookings/import", "no header here", opt{role: d, ct: "text/csv", badInput: true}); r.code != 400 {
		t.Errorf("unreadable CSV: %d %s", r.code, r.body)
	}
	if r := e.do("POST", "/v1/bookings/import", "x", opt{role: d, ct: "application/xml", badInput: true}); r.code != 415 {
		t.Errorf("xml: %d", r.code)
	}
	r = e.do("POST", "/v1/bookings/import", `[{"id":"j1","lon":104.1,"lat":30.6,"items":"television:1"},{"id":"j2","lon":0,"lat":0,"items":"television:1"}]`, opt{role: d})
	json.Unmarshal(r.body, &res)
	if r.code != 200 || res.Imported != 1 || len(res.Skipped) != 1 {
		t.Errorf("JSON import: %d %s", r.code, r.body)
	}
}
