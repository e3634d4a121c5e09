package api_test

import (
	"encoding/json"
	"fmt"
	"github.com/huishou/huishou/internal/jsonfield"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/store"
)

// hostile is one bad request: the answer must be a 4xx problem (status
// want when set) naming field when set, or mentioning detail.
type hostile struct {
	name         string
	method, path string
	ct           string // content type; "" = application/json when there is a body
	body         string
	want         int
	field        string
	detail       string
}

// nested returns a JSON value nested n arrays deep inside a booking field.
func nested(n int) string {
	return `{"id":"deep","note":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
}

// hostileCases are the requests of TestHostileInput. b1 exists; every
// other request must be refused and store nothing.
func hostileCases() []hostile {
	bk := func(fields string) string {
		return `{"id":"h1","lon":104.07,"lat":30.67,"county":"510104","items":"refrigerator:1","earliest":"2026-12-01","latest":"2026-12-03"` + fields + `}`
	}
	ev := func(fields string) string {
		return `{"client_id":"h-ev","type":"collected","time":"2025-06-02T10:00:00+08:00","site":"v1","items":[{"category":"refrigerator","count":1,"kg":52}]` + fields + `}`
	}
	vroom := func(vehicles, jobs string) string {
		return `{"vehicles":` + vehicles + `,"jobs":` + jobs + `}`
	}
	okVeh := `[{"id":1,"start":[104.06,30.67],"capacity":[10]}]`
	okJob := `[{"id":1,"location":[104.07,30.68],"delivery":[1]}]`
	manyJobs := func(n int) string {
		var b strings.Builder
		b.WriteString("[")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id":%d,"location":[104.%04d,30.67]}`, i+1, i%10000)
		}
		b.WriteString("]")
		return b.String()
	}
	csvHead := "id,lon,lat,county,items,earliest,latest\n"
	return []hostile{
		// wrong types
		{name: "booking lon string", method: "POST", path: "/v1/bookings", body: bk(`,"lon":"east"`), want: 400, field: "lon"},
		{name: "booking items number", method: "POST", path: "/v1/bookings", body: `{"id":"h1","lon":104.07,"lat":30.67,"items":5}`, want: 400, field: "items"},
		{name: "booking earliest number", method: "POST", path: "/v1/bookings", body: bk(`,"earliest":20261201`), want: 400, field: "earliest"},
		{name: "booking is an array", method: "POST", path: "/v1/bookings", body: `[` + bk("") + `]`, want: 400},
		{name: "booking is a string", method: "POST", path: "/v1/bookings", body: `"booking"`, want: 400},
		{name: "patch note number", method: "PATCH", path: "/v1/bookings/b1", body: `{"note":42}`, want: 400, field: "note"},
		{name: "schedule days string", method: "POST", path: "/v1/schedules", body: `{"date":"2026-12-01","days":"seven"}`, want: 400, field: "days"},
		{name: "scenario name number", method: "POST", path: "/v1/scenarios", body: `{"name":123}`, want: 400, field: "name"},
		{name: "key role number", method: "POST", path: "/v1/keys", body: `{"role":7}`, want: 400, field: "role"},
		{name: "vroom vehicles string", method: "POST", path: "/v1/vroom", body: vroom(`"many"`, okJob), want: 400},
		{name: "ledger count string", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"count":1`, `"count":"one"`, 1), want: 400, field: "items[0].count"},
		{name: "ledger time number", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"2025-06-02T10:00:00+08:00"`, `1733130000`, 1), want: 400},
		// missing fields
		{name: "booking without position", method: "POST", path: "/v1/bookings", body: `{"id":"h1","items":"refrigerator:1"}`, want: 400, field: "lon"},
		{name: "booking without items", method: "POST", path: "/v1/bookings", body: `{"id":"h1","lon":104.07,"lat":30.67}`, want: 400, field: "items"},
		{name: "schedule without date", method: "POST", path: "/v1/schedules", body: `{"days":2}`, want: 400, detail: "date"},
		{name: "key without role", method: "POST", path: "/v1/keys", body: `{"name":"x"}`, want: 400, field: "role"},
		{name: "ledger without site", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"site":"v1",`, ``, 1), want: 400, field: "site"},
		{name: "ledger without client id", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"client_id":"h-ev",`, ``, 1), want: 400, field: "client_id"},
		{name: "vroom without vehicles", method: "POST", path: "/v1/vroom", body: `{"jobs":` + okJob + `}`, want: 400},
		{name: "empty body", method: "POST", path: "/v1/bookings", body: ``, want: 400},
		// unknown fields
		{name: "booking unknown field", method: "POST", path: "/v1/bookings", body: bk(`,"colour":"red"`), want: 400, field: "colour"},
		{name: "patch unknown field", method: "PATCH", path: "/v1/bookings/b1", body: `{"price":1}`, want: 400, field: "price"},
		{name: "schedule unknown field", method: "POST", path: "/v1/schedules", body: `{"date":"2026-12-01","speed":"max"}`, want: 400, field: "speed"},
		{name: "scenario unknown field", method: "POST", path: "/v1/scenarios", body: `{"name":"h","owner":"me"}`, want: 400, field: "owner"},
		{name: "ledger unknown field", method: "POST", path: "/v1/ledger", body: ev(`,"colour":"red"`), want: 400, field: "colour"},
		{name: "trailing data", method: "POST", path: "/v1/bookings", body: bk("") + `{}`, want: 400},
		// huge bodies and arrays, deep nesting
		{name: "body over the limit", method: "POST", path: "/v1/bookings", body: bk(`,"note":"` + strings.Repeat("x", 1100<<10) + `"`), want: 413},
		{name: "import over the limit", method: "POST", path: "/v1/bookings/import", ct: "text/csv", body: csvHead + strings.Repeat("h,104.07,30.67,510104,refrigerator:1,2026-12-01,2026-12-03\n", 20000), want: 413},
		{name: "huge items array", method: "POST", path: "/v1/bookings", body: bk(`,"items":[` + strings.Repeat(`{"category":"refrigerator","count":1},`, 20000) + `{"category":"refrigerator","count":1}]`), want: 400, field: "items"},
		{name: "vroom over the job limit", method: "POST", path: "/v1/vroom", body: vroom(okVeh, manyJobs(2001)), want: 413, field: "jobs", detail: "at most 2000"},
		{name: "deep nesting", method: "POST", path: "/v1/bookings", body: nested(20000), want: 400},
		{name: "deep nesting in a ledger event", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"items":`, `"x":`+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+`,"items":`, 1), want: 400},
		{name: "huge number", method: "POST", path: "/v1/bookings", body: bk(`,"lon":1` + strings.Repeat("0", 400)), want: 400, field: "lon"},
		// NaN, Inf, out-of-range coordinates
		{name: "NaN literal", method: "POST", path: "/v1/bookings", body: bk(`,"lon":NaN`), want: 400},
		{name: "Infinity literal", method: "POST", path: "/v1/bookings", body: bk(`,"lat":Infinity`), want: 400},
		{name: "lon 1e999", method: "POST", path: "/v1/bookings", body: bk(`,"lon":1e999`), want: 400, field: "lon"},
		{name: "lon out of range", method: "POST", path: "/v1/bookings", body: bk(`,"lon":200`), want: 400, field: "lon"},
		{name: "lat out of range", method: "POST", path: "/v1/bookings", body: bk(`,"lat":-95`), want: 400, field: "lon"},
		{name: "lon and lat swapped", method: "POST", path: "/v1/bookings", body: bk(`,"lon":30.67,"lat":104.07`), want: 400, field: "lon", detail: "swapped"},
		{name: "vroom job at 1e308", method: "POST", path: "/v1/vroom", body: vroom(okVeh, `[{"id":1,"location":[1e308,1e308]}]`), want: 400},
		{name: "vroom vehicle at lat 91", method: "POST", path: "/v1/vroom", body: vroom(`[{"id":1,"start":[104,91]}]`, okJob), want: 400},
		{name: "ledger kg NaN-like", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"kg":52`, `"kg":1e999`, 1), want: 400},
		// negative capacities and amounts
		{name: "vroom negative capacity", method: "POST", path: "/v1/vroom", body: vroom(`[{"id":1,"start":[104.06,30.67],"capacity":[-5]}]`, okJob), want: 400},
		{name: "vroom negative delivery", method: "POST", path: "/v1/vroom", body: vroom(okVeh, `[{"id":1,"location":[104.07,30.68],"delivery":[-1]}]`), want: 400},
		{name: "booking negative count", method: "POST", path: "/v1/bookings", body: bk(`,"items":[{"category":"refrigerator","count":-1}]`), want: 400, field: "items"},
		{name: "ledger negative count", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"count":1`, `"count":-3`, 1), want: 400},
		{name: "ledger negative kg", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"kg":52`, `"kg":-52`, 1), want: 400},
		{name: "schedule negative days", method: "POST", path: "/v1/schedules", body: `{"date":"2026-12-01","days":-3}`, want: 400, detail: "days"},
		{name: "schedule negative per_depot", method: "POST", path: "/v1/schedules", body: `{"date":"2026-12-01","per_depot":-1}`, want: 400, detail: "per_depot"},
		// reversed windows
		{name: "booking reversed time window", method: "POST", path: "/v1/bookings", body: bk(`,"tw_start":"12:00","tw_end":"09:00"`), want: 400, field: "tw_end"},
		{name: "booking reversed dates", method: "POST", path: "/v1/bookings", body: bk(`,"earliest":"2026-12-05","latest":"2026-12-01"`), want: 400, field: "latest"},
		{name: "patch reversed window", method: "PATCH", path: "/v1/bookings/b1", body: `{"tw_start":"17:00","tw_end":"08:00"}`, want: 400, field: "tw_end"},
		{name: "vroom reversed job window", method: "POST", path: "/v1/vroom", body: vroom(okVeh, `[{"id":1,"location":[104.07,30.68],"time_windows":[[3600,60]]}]`), want: 400},
		{name: "vroom reversed shift", method: "POST", path: "/v1/vroom", body: vroom(`[{"id":1,"start":[104.06,30.67],"time_window":[7200,0]}]`, okJob), want: 400},
		{name: "booking hour 25", method: "POST", path: "/v1/bookings", body: bk(`,"tw_start":"25:00"`), want: 400, field: "tw_start"},
		{name: "booking February 30", method: "POST", path: "/v1/bookings", body: bk(`,"earliest":"2026-02-30"`), want: 400, field: "earliest"},
		// unknown ids
		{name: "get unknown booking", method: "GET", path: "/v1/bookings/nope", want: 404},
		{name: "patch unknown booking", method: "PATCH", path: "/v1/bookings/nope", body: `{"note":"x"}`, want: 404},
		{name: "get unknown run", method: "GET", path: "/v1/runs/nope", want: 404},
		{name: "plan of unknown run", method: "GET", path: "/v1/runs/nope/plan.json", want: 404},
		{name: "run of unknown scenario", method: "POST", path: "/v1/scenarios/nope/runs", body: `{}`, want: 404},
		{name: "schedule from unknown run", method: "POST", path: "/v1/schedules", body: `{"date":"2026-12-01","run":"nope"}`, want: 400, field: "run"},
		{name: "dispatch without a plan", method: "POST", path: "/v1/schedules/2026-12-01/dispatch", body: `{"vehicles":["nope"]}`, want: 404},
		{name: "sheet of unknown day", method: "GET", path: "/v1/schedules/2026-12-01/routes/nope", want: 404},
		{name: "ledger unknown site", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"site":"v1"`, `"site":"nowhere"`, 1), want: 400, field: "site"},
		{name: "ledger event of unknown site", method: "GET", path: "/v1/ledger/events/nowhere/1", want: 404},
		{name: "unknown category", method: "POST", path: "/v1/bookings", body: bk(`,"items":"toaster:1"`), want: 400, field: "items"},
		{name: "unknown kind", method: "POST", path: "/v1/bookings", body: bk(`,"kind":"teleport"`), want: 400, field: "kind"},
		{name: "unknown region", method: "GET", path: "/v1/regions/atlantis/basemap.geojson", want: 404},
		// invalid UTF-8
		{name: "invalid UTF-8 in a note", method: "POST", path: "/v1/bookings", body: bk(`,"note":"caf` + "\xe9" + `"`), want: 400, detail: "UTF-8"},
		{name: "invalid UTF-8 in an id", method: "POST", path: "/v1/bookings", body: strings.Replace(bk(""), `"h1"`, "\"h\xff\xfe\"", 1), want: 400, detail: "UTF-8"},
		{name: "invalid UTF-8 in a ledger event", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"h-ev"`, "\"h\xc3\x28\"", 1), want: 400, detail: "UTF-8"},
		{name: "invalid UTF-8 in a patch", method: "PATCH", path: "/v1/bookings/b1", body: "{\"note\":\"\xed\xa0\x80\"}", want: 400, detail: "UTF-8"},
		{name: "invalid UTF-8 in a scenario", method: "POST", path: "/v1/scenarios", body: "{\"name\":\"\xc0\xaf\"}", want: 400, detail: "UTF-8"},
		{name: "wrong content type", method: "POST", path: "/v1/bookings", ct: "text/plain", body: bk(""), want: 415},
		// SQL and script fragments where the syntax is fixed
		{name: "SQL in a date filter", method: "GET", path: "/v1/bookings?date=2026-12-01'%20OR%20'1'='1", want: 400, field: "date"},
		{name: "SQL in a status filter", method: "GET", path: "/v1/bookings?status=booked'%20OR%20'1'='1", want: 400, field: "status"},
		{name: "SQL after a ; in the query", method: "GET", path: "/v1/bookings?status=booked;DROP%20TABLE%20bookings;--", want: 400, detail: "query string"},
		{name: "SQL in a cursor", method: "GET", path: "/v1/bookings?cursor=c2VxOjEgT1IgMT0x", want: 400, field: "cursor"},
		{name: "SQL in a limit", method: "GET", path: "/v1/bookings?limit=1%20OR%201=1", want: 400, field: "limit"},
		{name: "SQL in a schedule date", method: "POST", path: "/v1/schedules", body: `{"date":"2026-12-01'); DROP TABLE runs;--"}`, want: 400, detail: "date"},
		{name: "SQL in a path date", method: "GET", path: "/v1/schedules/2026-12-01';--", want: 400, field: "date"},
		{name: "script in a kind", method: "POST", path: "/v1/bookings", body: bk(`,"kind":"<script>alert(1)</script>"`), want: 400, field: "kind"},
		{name: "script in a role", method: "POST", path: "/v1/keys", body: `{"role":"<img src=x onerror=alert(1)>"}`, want: 400, field: "role"},
		{name: "script in a scenario name", method: "POST", path: "/v1/scenarios", body: `{"name":"<script>x</script>"}`, want: 400, field: "name"},
		{name: "SQL in a ledger type", method: "POST", path: "/v1/ledger", body: strings.Replace(ev(""), `"collected"`, `"collected'; DELETE FROM ledger_events;--"`, 1), want: 400, field: "type"},
		// a CSV that is not a CSV
		{name: "import binary", method: "POST", path: "/v1/bookings/import", ct: "text/csv", body: "\x00\x01\x02PK\x03\x04", want: 400},
		{name: "import without header", method: "POST", path: "/v1/bookings/import", ct: "text/csv", body: "", want: 400},
	}
}

// TestHostileInput sends every hostile request to a server on the memory
// store and on PostgreSQL: each is a 4xx problem that names what is wrong,
// never a 5xx, and stores nothing.
func TestHostileInput(t *testing.T) {
	t.Run("memory", func(t *testing.T) { hostileInput(t, store.NewMemory()) })
	t.Run("postgres", func(t *testing.T) {
		hostileInput(t, store.NewPostgres(migratedPool(t)))
	})
}

func hostileInput(t *testing.T, st testStore) {
	e := newEnvCfg(t, st, func(c *api.Config) { c.RateLimit = -1 })
	adm := map[string]string{"Authorization": "Bearer " + e.keys[store.RoleAdmin]}
	csv := map[string]string{"Authorization": adm["Authorization"], "Content-Type": "text/csv"}
	if r := e.raw("PUT", "/v1/ledger/sites", []byte(ledgerSites), csv); r.code != 200 {
		t.Fatalf("sites: %d %s", r.code, r.body)
	}
	if r := e.raw("POST", "/v1/bookings", []byte(goodBooking), adm); r.code != 201 {
		t.Fatalf("b1: %d %s", r.code, r.body)
	}
	before := snapshot(t, e)
	for _, h := range hostileCases() {
		hdr := map[string]string{"Authorization": adm["Authorization"]}
		var body []byte
		if h.body != "" || h.method == "POST" || h.method == "PATCH" || h.method == "PUT" {
			body = []byte(h.body)
			hdr["Content-Type"] = "application/json"
			if h.ct != "" {
				hdr["Content-Type"] = h.ct
			}
		}
		if h.method == "PATCH" {
			hdr["If-Match"] = `"1"`
		}
		r := e.raw(h.method, h.path, body, hdr)
		switch {
		case r.code >= 500:
			t.Errorf("%s: %d %.300s", h.name, r.code, r.body)
			continue
		case r.code < 400 || (h.want != 0 && r.code != h.want):
			t.Errorf("%s: %d %.300s, want %d", h.name, r.code, r.body, h.want)
			continue
		}
		if ct := r.hdr.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: content type %q, want application/problem+json", h.name, ct)
			continue
		}
		p := r.problem(t)
		if p.Detail == "" {
			t.Errorf("%s: a problem without detail: %s", h.name, r.body)
		}
		if h.field != "" && !jsonfield.Same(p.Field, h.field) {
			t.Errorf("%s: field %q (%s), want %q", h.name, p.Field, p.Detail, h.field)
		}
		if h.detail != "" && !strings.Contains(p.Detail, h.detail) && !strings.Contains(p.Field, h.detail) {
			t.Errorf("%s: detail %q does not mention %q", h.name, p.Detail, h.detail)
		}
	}
	if after := snapshot(t, e); after != before {
		bl, al := strings.Split(before, "\n"), strings.Split(after, "\n")
		for i := range min(len(bl), len(al)) {
			if bl[i] != al[i] {
				t.Errorf("rejected requests changed what is stored:\nbefore %.400s\nafter  %.400s", bl[i], al[i])
			}
		}
	}
	// SQL and script in free text are data: stored and given back byte for
	// byte, the tables intact
	const sqlNote = `'); DROP TABLE bookings; -- <script>alert("x")</script> \u0000 %s`
	b := strings.Replace(goodBooking, `"call before"`, strconv.Quote(sqlNote), 1)
	b = strings.Replace(b, `"b1"`, `"b2' OR '1'='1"`, 1)
	if r := e.raw("POST", "/v1/bookings", []byte(b), adm); r.code != 201 {
		t.Fatalf("free text with SQL and script: %d %s", r.code, r.body)
	}
	r := e.raw("GET", "/v1/bookings/"+url.PathEscape("b2' OR '1'='1"), nil, adm)
	var got struct{ ID, Note string }
	r.json(t, &got)
	if r.code != 200 || got.Note != sqlNote || got.ID != "b2' OR '1'='1" {
		t.Errorf("read back: %d id %q note %q, want %q", r.code, got.ID, got.Note, sqlNote)
	}
	var page struct{ Bookings []json.RawMessage }
	e.raw("GET", "/v1/bookings", nil, adm).json(t, &page)
	if len(page.Bookings) != 2 {
		t.Errorf("%d bookings listed after the SQL text, want 2", len(page.Bookings))
	}
}

// snapshot is what the API shows of the stored state: bookings, scenarios,
// runs, ledger events and day plans.
func snapshot(t *testing.T, e *env) string {
	t.Helper()
	adm := map[string]string{"Authorization": "Bearer " + e.keys[store.RoleAdmin]}
	var b strings.Builder
	for _, p := range []string{"/v1/bookings?limit=1000", "/v1/scenarios", "/v1/runs", "/v1/ledger?site=v1", "/v1/ledger?site=ts1", "/v1/ledger/sites", "/v1/schedules/2026-12-01"} {
		r := e.raw("GET", p, nil, map[string]string{"Authorization": adm["Authorization"], "X-Request-Id": "snapshot"})
		if r.code != http.StatusOK && r.code != http.StatusNotFound {
			t.Fatalf("snapshot %s: %d %s", p, r.code, r.body)
		}
		fmt.Fprintf(&b, "%s %d %s\n", p, r.code, r.body)
	}
	return b.String()
}

// TestSolverLimits: problems over the configured limits are 413 problems
// naming the limit, and nothing is queued or stored.
func TestSolverLimits(t *testing.T) {
	e := newEnvCfg(t, store.NewMemory(), func(c *api.Config) {
		c.RateLimit = -1
		c.Limits = api.Limits{DayBookings: 3, ImportRows: 5, VROOMJobs: 2, VROOMVehicles: 1}
	})
	d := map[string]string{"Authorization": "Bearer " + e.keys[store.RoleDispatcher], "Content-Type": "text/csv"}
	row := func(i int) string {
		return fmt.Sprintf("lim%d,104.07,30.67,510104,refrigerator:1,2026-12-01,2026-12-01\n", i)
	}
	csv := "id,lon,lat,county,items,earliest,latest\n"
	for i := range 6 {
		csv += row(i)
	}
	r := e.raw("POST", "/v1/bookings/import", []byte(csv), d)
	if p := r.problem(t); r.code != 413 || p.Field != "rows" || !strings.Contains(p.Detail, "at most 5") {
		t.Errorf("import of 6 rows: %d %s, want 413 naming rows", r.code, r.body)
	}
	csv = "id,lon,lat,county,items,earliest,latest\n" + row(0) + row(1) + row(2) + row(3)
	if r := e.raw("POST", "/v1/bookings/import", []byte(csv), d); r.code != 200 {
		t.Fatalf("import of 4 rows: %d %s", r.code, r.body)
	}
	d["Content-Type"] = "application/json"
	r = e.raw("POST", "/v1/schedules", []byte(`{"date":"2026-11-30","days":3}`), d)
	if p := r.problem(t); r.code != 413 || p.Field != "date" || !strings.Contains(p.Detail, "2026-12-01") || !strings.Contains(p.Detail, "at most 3") {
		t.Errorf("schedule over the day limit: %d %s, want 413 naming the day", r.code, r.body)
	}
	if runs := e.runner.(*manualRunner).ids; len(runs) != 0 {
		t.Errorf("runs queued by a refused schedule: %v", runs)
	}
	r = e.raw("POST", "/v1/vroom", []byte(`{"vehicles":[{"id":1,"start":[104.06,30.67]},{"id":2,"start":[104.06,30.67]}],"jobs":[{"id":1,"location":[104.07,30.68]}]}`), d)
	if p := r.problem(t); r.code != 413 || p.Field != "vehicles" {
		t.Errorf("VROOM with 2 vehicles over a limit of 1: %d %s", r.code, r.body)
	}
}
