package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

// importDay imports n pickups in 锦江区 (510104) servable on 2026-12-01
// and 2026-12-02.
func importDay(t *testing.T, e *env, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,lon,lat,county,items,earliest,latest,tw_start,tw_end\n")
	cats := []string{"refrigerator:1", "television:2", "washing_machine:1", "microwave:1", "air_conditioner:1"}
	for i := range n {
		fmt.Fprintf(&b, "p%02d,%.4f,%.4f,510104,%s,2026-12-01,2026-12-0%d,%s\n", i, 104.06+0.004*float64(i%7), 30.64+0.003*float64(i%5), cats[i%5], 1+i%2,
			[]string{",", "09:00,12:00", "13:00,17:00"}[i%3])
	}
	r := e.do("POST", "/v1/bookings/import", b.String(), opt{role: store.RoleDispatcher, ct: "text/csv"})
	if !strings.Contains(string(r.body), fmt.Sprintf(`"imported":%d`, n)) {
		t.Fatalf("import: %d %s", r.code, r.body)
	}
}

func (e *env) schedule(body string) api.Run {
	e.t.Helper()
	r := e.do("POST", "/v1/schedules", body, opt{role: store.RoleDispatcher})
	var run api.Run
	r.json(e.t, &run)
	if r.code != 202 || run.Kind != "schedule" {
		e.t.Fatalf("POST /v1/schedules: %d %s", r.code, r.body)
	}
	run = e.waitRun(run.ID)
	if run.Status != "done" {
		e.t.Fatalf("schedule run: %+v", run)
	}
	return run
}

func (e *env) dayPlan(date string) *dayplan.Plan {
	e.t.Helper()
	r := e.do("GET", "/v1/schedules/"+date, nil, opt{role: store.RoleViewer})
	if r.code != 200 {
		e.t.Fatalf("GET schedule %s: %d %s", date, r.code, r.body)
	}
	p, err := dayplan.Read(bytes.NewReader(r.body))
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func visits(r dayplan.Route) []string {
	var out []string
	for _, s := range r.Stops {
		if s.Type == dayplan.Visit {
			out = append(out, s.Booking)
		}
	}
	return out
}

func TestSchedulesDispatchReplanSheets(t *testing.T) {
	if testing.Short() {
		t.Skip("routes two days of bookings")
	}
	schedulesDispatchReplanSheets(t, newEnv(t, nil))
}

func schedulesDispatchReplanSheets(t *testing.T, e *env) {
	d := store.RoleDispatcher
	importDay(t, e, 24)
	e.schedule(`{"date":"2026-12-01","days":2,"seed":1,"iterations":300}`)
	p1 := e.dayPlan("2026-12-01")
	p2 := e.dayPlan("2026-12-02")
	served := 0
	for _, p := range []*dayplan.Plan{p1, p2} {
		for _, r := range p.Routes {
			served += len(visits(r))
		}
	}
	if served+len(p1.Unassigned)+len(p2.Unassigned) < 24 || served < 20 {
		t.Fatalf("served %d of 24 (unassigned %v %v)", served, p1.Unassigned, p2.Unassigned)
	}
	var page struct {
		Bookings []struct{ ID, Status string }
	}
	e.do("GET", "/v1/bookings?status=scheduled&limit=100", nil, opt{role: d}).json(t, &page)
	if len(page.Bookings) != served {
		t.Errorf("%d bookings scheduled, %d routed", len(page.Bookings), served)
	}
	// the route sheet in every format
	var veh string
	for _, r := range p1.Routes {
		if len(visits(r)) > 0 {
			veh = r.Vehicle
			break
		}
	}
	if veh == "" {
		t.Fatal("no route on the first day")
	}
	path := "/v1/schedules/2026-12-01/routes/" + veh
	var sh api.RouteSheet
	r := e.do("GET", path, nil, opt{role: store.RoleViewer})
	r.json(t, &sh)
	if r.code != 200 || sh.Vehicle != veh || len(sh.Rows) < 3 || sh.Totals.Stops == 0 {
		t.Fatalf("sheet json: %d %s", r.code, r.body)
	}
	for _, tc := range []struct{ q, accept, ct, prefix string }{
		{"?format=csv", "", "text/csv; charset=utf-8", ""},
		{"", "text/csv", "text/csv; charset=utf-8", ""},
		{"?format=html", "", "text/html; charset=UTF-8", "<!DOCTYPE html>"},
		{"", "text/html,application/xhtml+xml", "text/html; charset=UTF-8", "<!DOCTYPE html>"},
		{"?format=pdf", "", "application/pdf", "%PDF-"},
		{"", "application/pdf", "application/pdf", "%PDF-"},
		{"?format=geojson", "", "application/geo+json", `{`},
		{"", "*/*", "application/json", `{`},
	} {
		h := map[string]string{}
		if tc.accept != "" {
			h["Accept"] = tc.accept
		}
		r := e.do("GET", path+tc.q, nil, opt{role: d, header: h})
		if r.code != 200 || r.hdr.Get("Content-Type") != tc.ct || !bytes.HasPrefix(bytes.TrimSpace(r.body), []byte(tc.prefix)) {
			t.Errorf("sheet %s Accept %q: %d %q %.40q", tc.q, tc.accept, r.code, r.hdr.Get("Content-Type"), r.body)
		}
		if tc.ct == "text/csv; charset=utf-8" && !strings.Contains(string(r.body), sh.Rows[1].Booking) {
			t.Errorf("CSV sheet lacks the first stop %s", sh.Rows[1].Booking)
		}
	}
	for _, tc := range []struct {
		path   string
		accept string
		code   int
	}{
		{path + "?format=docx", "", 400},
		{path, "image/png", 406},
		{"/v1/schedules/2026-12-01/routes/nobody", "", 404},
		{"/v1/schedules/2026-13-01/routes/" + veh, "", 400},
		{"/v1/schedules/2027-01-01", "", 404},
	} {
		r := e.do("GET", tc.path, nil, opt{role: d, header: map[string]string{"Accept": tc.accept}, badInput: tc.code == 400})
		if r.code != tc.code {
			t.Errorf("GET %s (%s): %d, want %d", tc.path, tc.accept, r.code, tc.code)
		}
	}
	if r := e.do("GET", path, nil, opt{role: store.RolePlanner}); r.code != 403 {
		t.Errorf("planner reading a route sheet: %d, want 403", r.code)
	}

	// dispatch one route
	r = e.do("POST", "/v1/schedules/2026-12-01/dispatch", map[string]any{"vehicles": []string{veh}}, opt{role: d})
	if r.code != 200 {
		t.Fatalf("dispatch: %d %s", r.code, r.body)
	}
	if r := e.do("POST", "/v1/schedules/2026-12-01/dispatch", map[string]any{"vehicles": []string{"ghost"}}, opt{role: d}); r.code != 400 || r.problem(t).Field != "vehicles[0]" {
		t.Errorf("dispatch a ghost: %d %s", r.code, r.body)
	}
	before := e.dayPlan("2026-12-01")
	var fixed dayplan.Route
	for _, rt := range before.Routes {
		if rt.Vehicle == veh {
			fixed = rt
		}
	}
	if fixed.Status != dayplan.Dispatched {
		t.Fatalf("route %s is %s after dispatch", veh, fixed.Status)
	}
	onFixed := visits(fixed)
	var b struct{ Status string }
	e.do("GET", "/v1/bookings/"+onFixed[0], nil, opt{role: d}).json(t, &b)
	if b.Status != "dispatched" {
		t.Errorf("booking on a dispatched route is %s", b.Status)
	}
	// changes: a cancellation on the dispatched route, one elsewhere, a new booking due that day
	if r := e.do("PATCH", "/v1/bookings/"+onFixed[0], `{"status":"cancelled"}`, opt{role: d}); r.code != 200 {
		t.Fatalf("cancel on the dispatched route: %d %s", r.code, r.body)
	}
	var other string
	for _, rt := range before.Routes {
		if rt.Vehicle != veh && len(visits(rt)) > 0 {
			other = visits(rt)[0]
			break
		}
	}
	if other != "" {
		e.do("PATCH", "/v1/bookings/"+other, `{"status":"cancelled"}`, opt{role: d})
	}
	e.do("POST", "/v1/bookings", `{"id":"late1","lon":104.07,"lat":30.65,"county":"510104","items":"television:1","earliest":"2026-12-01","latest":"2026-12-01"}`, opt{role: d})
	run := e.schedule(`{"date":"2026-12-01","days":1,"seed":1,"iterations":300}`)
	var res struct {
		Days []struct {
			Date      string
			Replanned bool
			Diff      *dayplan.Diff
		}
	}
	e.do("GET", "/v1/runs/"+run.ID, nil, opt{role: d})
	json.Unmarshal(mustRunResult(t, e, run.ID), &res)
	if len(res.Days) != 1 || !res.Days[0].Replanned || res.Days[0].Diff == nil {
		t.Fatalf("re-plan result: %+v from %s", res, e.do("GET", "/v1/runs/"+run.ID, nil, opt{role: store.RoleDispatcher}).body)
	}
	after := e.dayPlan("2026-12-01")
	var kept dayplan.Route
	for _, rt := range after.Routes {
		if rt.Vehicle == veh {
			kept = rt
		}
	}
	jb, _ := json.Marshal(fixed)
	ja, _ := json.Marshal(kept)
	if string(ja) != string(jb) {
		t.Errorf("the dispatched route changed in the re-plan:\nbefore %s\nafter  %s", jb, ja)
	}
	found := false
	for _, rt := range after.Routes {
		for _, id := range visits(rt) {
			if id == other && rt.Vehicle != veh {
				t.Errorf("cancelled booking %s still routed on %s", other, rt.Vehicle)
			}
			found = found || id == "late1"
		}
	}
	for _, u := range after.Unassigned {
		found = found || u.Booking == "late1"
	}
	if !found {
		t.Errorf("the new booking late1 is neither routed nor unassigned after the re-plan")
	}
	// a stop done: its collected event is written with the status, once the
	// vehicle is a site of the ledger's registry
	onKept := visits(kept)
	if len(onKept) < 3 {
		t.Fatalf("dispatched route has %d visits", len(onKept))
	}
	r = e.do("PATCH", "/v1/bookings/"+onKept[1], `{"status":"done"}`, opt{role: d})
	if r.code != 200 || !strings.Contains(r.hdr.Get("Ledger-Note"), "not a site") {
		t.Errorf("done without the vehicle registered: %d, note %q", r.code, r.hdr.Get("Ledger-Note"))
	}
	sites := fmt.Sprintf(`{"sites":[{"id":%q,"kind":"vehicle","county":"510104"},{"id":"ts-510104","kind":"transfer_station","county":"510104"}]}`, veh)
	if r := e.do("PUT", "/v1/ledger/sites", sites, opt{role: store.RoleAdmin}); r.code != 200 {
		t.Fatalf("PUT sites: %d %s", r.code, r.body)
	}
	r = e.do("PATCH", "/v1/bookings/"+onKept[2], `{"status":"done"}`, opt{role: d})
	if r.code != 200 || r.hdr.Get("Ledger-Note") != "" {
		t.Fatalf("done with the vehicle registered: %d, note %q: %s", r.code, r.hdr.Get("Ledger-Note"), r.body)
	}
	r = e.do("GET", "/v1/ledger?site="+veh, nil, opt{role: d})
	if r.code != 200 || !strings.Contains(string(r.body), `"client_id":"done-`+onKept[2]+`"`) || !strings.Contains(string(r.body), `"type":"collected"`) {
		t.Errorf("ledger of %s: %d %s", veh, r.code, r.body)
	}
	if strings.Contains(string(r.body), onKept[1]) {
		t.Errorf("the booking done before the registry knew the vehicle has an event")
	}
	// the second day was not touched by the one-day re-plan
	if p := e.dayPlan("2026-12-02"); p.Routes == nil && p2.Routes != nil {
		t.Error("day 2 lost its routes")
	}
}

func mustRunResult(t *testing.T, e *env, id string) []byte {
	t.Helper()
	var raw struct {
		Result json.RawMessage `json:"result"`
	}
	r := e.do("GET", "/v1/runs/"+id, nil, opt{role: store.RoleDispatcher})
	json.Unmarshal(r.body, &raw)
	return raw.Result
}

func TestSchedulesBadInput(t *testing.T) {
	e := newEnv(t, nil)
	d := store.RoleDispatcher
	for _, tc := range []struct {
		body, field string
	}{
		{`{"date":"tomorrow"}`, "date"},
		{`{"date":"2026-12-01","days":30}`, "days"},
		{`{"date":"2026-12-01","time_limit":"forever"}`, "time_limit"},
		{`{"date":"2026-12-01","run":"run_nope"}`, "run"},
		{`{"date":"2026-12-01","colour":"red"}`, "colour"},
	} {
		r := e.do("POST", "/v1/schedules", tc.body, opt{role: d, badInput: true})
		if p := r.problem(t); r.code != 400 || p.Field != tc.field {
			t.Errorf("POST %s: %d %q (%s), want 400 %q", tc.body, r.code, p.Field, p.Detail, tc.field)
		}
	}
	if r := e.do("POST", "/v1/schedules", `{"date":"2026-12-01"}`, opt{role: store.RolePlanner}); r.code != 403 {
		t.Errorf("planner POST schedule: %d", r.code)
	}
	// bookings without a county cannot find their depots: the run fails with the reason
	e.do("POST", "/v1/bookings", `{"id":"x1","lon":104.07,"lat":30.65,"items":"television:1"}`, opt{role: d})
	r := e.do("POST", "/v1/schedules", `{"date":"2026-12-01"}`, opt{role: d})
	var run api.Run
	r.json(t, &run)
	run = e.waitRun(run.ID)
	if run.Status != "failed" || !strings.Contains(run.Error, "county") {
		t.Errorf("schedule of county-less bookings: %+v", run)
	}
}
