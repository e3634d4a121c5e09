package api_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

func TestVROOM(t *testing.T) {
	e := newEnv(t, nil)
	in, err := os.ReadFile("../optimizer/route/routeio/testdata/vroom_matrix.json")
	if err != nil {
		t.Fatal(err)
	}
	r := e.do("POST", "/v1/vroom?iterations=50&time=5s", in, opt{role: store.RoleDispatcher})
	var sol struct {
		Code    int `json:"code"`
		Summary struct {
			Cost   float64 `json:"cost"`
			Routes int     `json:"routes"`
		} `json:"summary"`
		Routes []struct {
			Steps []struct {
				Type string `json:"type"`
				ID   int    `json:"id"`
			} `json:"steps"`
		} `json:"routes"`
		Unassigned []any `json:"unassigned"`
	}
	r.json(t, &sol)
	if r.code != 200 || sol.Code != 0 || sol.Summary.Routes != 1 || len(sol.Unassigned) != 0 || len(sol.Routes) != 1 {
		t.Fatalf("vroom: %d %s", r.code, r.body)
	}
	jobs := 0
	for _, s := range sol.Routes[0].Steps {
		if s.Type == "job" {
			jobs++
		}
	}
	if jobs != 2 || sol.Summary.Cost != 197+2255+3152 && sol.Summary.Cost != 2104+2255+1102 {
		// either order of the two jobs: 0→2→1→3 = 197+2256+3152 or 0→1→2→3 = 2104+2255+1102
		if sol.Summary.Cost != 197+2256+3152 {
			t.Errorf("vroom: %d jobs, cost %v: %s", jobs, sol.Summary.Cost, r.body)
		}
	}
	// the same input and budget give the same bytes
	again := e.do("POST", "/v1/vroom?iterations=50&time=5s", in, opt{role: store.RolePlanner})
	var a, b map[string]any
	json.Unmarshal(r.body, &a)
	json.Unmarshal(again.body, &b)
	delete(a["summary"].(map[string]any), "computing_times")
	delete(b["summary"].(map[string]any), "computing_times")
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("two solves of one input differ:\n%s\n%s", ja, jb)
	}
	for _, tc := range []struct {
		query, body, field string
		code               int
	}{
		{"", `{"vehicles":[{"id":1,"start_index":0}],"jobs":[{"id":1,"location_index":7}],"matrix":[[0]]}`, "jobs[0].location_index", 400},
		{"", `{"vehicles":`, "", 400},
		{"", `[]`, "", 400},
		{"?time=forever", string(in), "time", 400},
		{"?time=1h", string(in), "time", 400},
		{"?iterations=-3", string(in), "iterations", 400},
		{"?seed=x", string(in), "seed", 400},
		{"", `{"vehicles":[],"jobs":[` + strings.Repeat(`{"id":1,"location":[104,30]},`, 2000) + `{"id":1,"location":[104,30]}]}`, "", 400},
	} {
		r := e.do("POST", "/v1/vroom"+tc.query, tc.body, opt{role: store.RolePlanner, badInput: true})
		p := r.problem(t)
		if r.code != tc.code || (tc.field != "" && p.Field != tc.field) {
			t.Errorf("vroom%s %.60s: %d field %q (%s), want %d field %q", tc.query, tc.body, r.code, p.Field, p.Detail, tc.code, tc.field)
		}
	}
	// bodies over the limit are 413
	big := `{"vehicles":[],"jobs":[` + strings.Repeat(`{"id":1,"location":[104.06,30.67],"description":"`+strings.Repeat("x", 1000)+`"},`, 1100) + `{}]}`
	if r := e.do("POST", "/v1/vroom", big, opt{role: store.RolePlanner, badInput: true}); r.code != 413 {
		t.Errorf("oversized body: %d %.200s, want 413", r.code, r.body)
	}
}

// FuzzAPIBodies sends arbitrary bodies to every POST and PUT endpoint: the
// answer is never a 5xx.
func FuzzAPIBodies(f *testing.F) {
	for _, s := range []string{goodBooking, `{"client_id":"c1","type":"collected","time":"2025-06-02T10:00:00+08:00","site":"v1","items":[{"category":"refrigerator","count":1,"kg":52}]}`, `{"sites":[{"id":"v9","kind":"vehicle","county":"510104"}]}`, `{"status":"cancelled"}`, `{"date":"2026-12-01","days":3}`, `[{"id":"x","lon":104,"lat":30,"items":"television:1"}]`, `{}`, `{"name":"a","plan":{"year":-1}}`, `{"vehicles":[{"id":1}]}`, `{"role":"admin"}`, `{"prefecture":"510100","time_limit":"1ns"}`, `null`, `[1]`, "\x00"} {
		f.Add(s)
	}
	e := newEnv(&testing.T{}, func(*store.Memory) jobs.Runner { return &manualRunner{} })
	e.do("POST", "/v1/bookings", goodBooking, opt{role: store.RoleAdmin})
	e.do("PUT", "/v1/ledger/sites", ledgerSites, opt{role: store.RoleAdmin, ct: "text/csv"})
	f.Fuzz(func(t *testing.T, body string) {
		e.t = t
		for _, p := range []string{"POST /v1/scenarios", "PUT /v1/scenarios/x", "POST /v1/scenarios/sichuan/runs", "POST /v1/vroom?iterations=5", "POST /v1/keys",
			"POST /v1/bookings", "PATCH /v1/bookings/b1", "POST /v1/bookings/import", "POST /v1/schedules", "POST /v1/schedules/2026-12-01/dispatch",
			"POST /v1/ledger", "PUT /v1/ledger/sites", "POST /v1/reports?period=2025-06&level=county"} {
			method, path, _ := strings.Cut(p, " ")
			r := e.do(method, path, body, opt{role: store.RoleAdmin, badInput: true})
			if r.code >= 500 {
				t.Errorf("%s %q: %d %s", p, body, r.code, r.body)
			}
		}
	})
}
