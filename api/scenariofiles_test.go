package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/scenarios"
)

// chengduYAML is a scenario file on a built-in base: Chengdu alone, with a
// small work budget so that the test runs in a second.
const chengduYAML = `name: chengdu-base
base: sichuan-2025-baseline
title: Chengdu, status quo
data:
  prefecture: "510100"
solver:
  budget: 3000
`

// TestScenarioFiles: scenario files through the API — stored (YAML or
// JSON), inherited, run as scenario runs whose plan.json is the library's
// byte for byte, compared (JSON, CSV, HTML) and swept.
func TestScenarioFiles(t *testing.T) {
	e := newEnv(t, nil)
	pl := store.RolePlanner
	r := e.do("POST", "/v1/scenarios", chengduYAML, opt{role: pl, ct: "application/yaml"})
	var sc api.Scenario
	r.json(t, &sc)
	if r.code != 201 || sc.Kind != "file" || sc.Inherits != "sichuan-2025-baseline" || sc.Base != "sichuan" || !strings.Contains(string(sc.Document), `"prefecture":"510100"`) {
		t.Fatalf("create file: %d %s", r.code, r.body)
	}
	// a user file may inherit another user file (JSON body)
	fuel := map[string]any{"name": "chengdu-fuel", "base": "chengdu-base", "title": "Chengdu, diesel +30 %", "levers": map[string]any{"fuel_price": 9.75}}
	if r := e.do("POST", "/v1/scenarios", fuel, opt{role: pl}); r.code != 201 {
		t.Fatalf("create inheriting file: %d %s", r.code, r.body)
	}
	r = e.do("GET", "/v1/scenarios/chengdu-fuel", nil, opt{role: store.RoleViewer})
	r.json(t, &sc)
	var doc map[string]any
	json.Unmarshal(sc.Document, &doc)
	if sc.Kind != "file" || doc["data"].(map[string]any)["prefecture"] != "510100" || doc["levers"].(map[string]any)["fuel_price"] != 9.75 {
		t.Errorf("inherited document: %s", sc.Document)
	}
	for _, tc := range []struct {
		body, ct, field string
		code            int
	}{
		{"name: x\nlevers:\n  fuel_prise: 9\n", "application/yaml", "levers.fuel_prise", 400},
		{"name: x\nbase: nowhere\n", "application/yaml", "base", 400},
		{"name: sichuan-fuel-shock\n", "application/yaml", "", 409},
		{"name: chengdu-base\nyear: 2026\n", "application/yaml", "", 409},
		{`{"name":"x","levers":{"subsidy":{"all":2}}}`, "", "levers.subsidy.all", 400},
		{"name: x\ndata:\n  counties: c.csv\n  townships: t.csv\n", "application/yaml", "data.counties", 400},
	} {
		r := e.do("POST", "/v1/scenarios", tc.body, opt{role: pl, ct: tc.ct, badInput: true})
		if p := r.problem(t); r.code != tc.code || p.Field != tc.field {
			t.Errorf("POST %q: %d field %q (%s), want %d %q", tc.body, r.code, p.Field, p.Detail, tc.code, tc.field)
		}
	}
	if r := e.do("PUT", "/v1/scenarios/chengdu-fuel", "name: other\nbase: chengdu-base\n", opt{role: pl, ct: "application/yaml", badInput: true}); r.code != 400 || r.problem(t).Field != "name" {
		t.Errorf("PUT with another name: %d %s", r.code, r.body)
	}

	// runs: a scenario run whose plan.json is the library's, byte for byte
	run := func(name, body string) api.Run {
		t.Helper()
		r := e.do("POST", "/v1/scenarios/"+name+"/runs", body, opt{role: pl})
		var run api.Run
		r.json(t, &run)
		if r.code != 202 || run.Kind != "scenario" {
			t.Fatalf("run %s: %d %s", name, r.code, r.body)
		}
		return e.waitRun(run.ID)
	}
	a, b := run("chengdu-base", ""), run("chengdu-fuel", "")
	if a.Status != "done" || b.Status != "done" || a.BestCost == nil || len(a.Result) == 0 {
		t.Fatalf("runs: %+v / %+v", a, b)
	}
	local, err := scenarios.Parse([]byte(chengduYAML), "chengdu.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenarios.Run(context.Background(), local, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", " ")
	enc.Encode(res.PlanJSON())
	if got := e.do("GET", "/v1/runs/"+a.ID+"/plan.json", nil, opt{role: pl}); !bytes.Equal(got.body, want.Bytes()) {
		t.Errorf("plan.json of the scenario run differs from the library's (%d vs %d bytes)", len(got.body), want.Len())
	}
	// an override in the run's body (the plan-run fields read too)
	o := run("chengdu-base", `{"levers": {"subsidy": 0.2}, "solver": {"budget": 2000}}`)
	var params jobs.ScenarioParams
	json.Unmarshal(o.Params, &params)
	if !strings.Contains(string(params.Scenario), `"subsidy":{"all":0.2}`) || o.Status != "done" {
		t.Errorf("override: %s, %s", params.Scenario, o.Status)
	}

	// compare, as JSON, CSV and HTML
	r = e.do("POST", "/v1/compare", map[string]any{"runs": []string{a.ID, b.ID}, "baseline": a.ID}, opt{role: store.RoleViewer})
	var cmp scenarios.Comparison
	r.json(t, &cmp)
	if r.code != 200 || cmp.Baseline != "chengdu-base" || len(cmp.Scenarios) != 2 || cmp.Scenarios[1].Deltas["transport_cost"] <= 0 {
		t.Errorf("compare: %d %s", r.code, r.body)
	}
	r = e.do("POST", "/v1/compare", map[string]any{"runs": []string{a.ID, b.ID}, "format": "csv"}, opt{role: pl})
	if r.code != 200 || !strings.HasPrefix(string(r.body), "scenario,kpi,value,delta_vs_baseline\n") || !strings.Contains(string(r.body), "chengdu-fuel,transport_cost,") {
		t.Errorf("compare csv: %d %.200s", r.code, r.body)
	}
	r = e.do("POST", "/v1/compare", map[string]any{"runs": []string{a.ID, b.ID}}, opt{role: pl, header: map[string]string{"Accept": "text/html"}})
	if r.code != 200 || !strings.Contains(string(r.body), "<svg") || !strings.Contains(string(r.body), "Pareto") {
		t.Errorf("compare html: %d %.200s", r.code, r.body)
	}
	for _, tc := range []struct {
		body  map[string]any
		field string
		code  int
	}{
		{map[string]any{"runs": []string{}}, "runs", 400},
		{map[string]any{"runs": []string{"run_nope"}}, "runs[0]", 400},
		{map[string]any{"runs": []string{a.ID}, "format": "pdf"}, "format", 400},
		{map[string]any{"runs": []string{a.ID}, "baseline": "other"}, "baseline", 400},
	} {
		r := e.do("POST", "/v1/compare", tc.body, opt{role: pl, badInput: true})
		if p := r.problem(t); r.code != tc.code || p.Field != tc.field {
			t.Errorf("compare %v: %d %q (%s)", tc.body, r.code, p.Field, p.Detail)
		}
	}

	// a sweep: one run per value, then compared
	r = e.do("POST", "/v1/sweeps", map[string]any{"scenario": "chengdu-base", "lever": "levers.fuel_price", "from": 7.5, "to": 9.5, "step": 1}, opt{role: pl})
	var sw struct {
		Runs []api.Run
	}
	r.json(t, &sw)
	if r.code != 202 || len(sw.Runs) != 3 {
		t.Fatalf("sweep: %d %s", r.code, r.body)
	}
	var ids []string
	for _, x := range sw.Runs {
		if done := e.waitRun(x.ID); done.Status != "done" {
			t.Fatalf("sweep run: %+v", done)
		}
		ids = append(ids, x.ID)
	}
	r = e.do("POST", "/v1/compare", map[string]any{"runs": ids}, opt{role: pl})
	r.json(t, &cmp)
	if len(cmp.Scenarios) != 3 || cmp.Scenarios[2].Deltas["transport_cost"] <= 0 || cmp.Scenarios[0].Name != "chengdu-base-sweep-01" {
		t.Errorf("sweep comparison: %s", r.body)
	}
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"scenario": "chengdu-base", "lever": "levers.fuel_price", "from": 1, "to": 2, "step": 0}, "step"},
		{map[string]any{"scenario": "chengdu-base", "lever": "levers.fule_price", "from": 1, "to": 2, "step": 1}, "lever"},
		{map[string]any{"scenario": "sichuan", "lever": "levers.fuel_price", "from": 1, "to": 2, "step": 1}, "scenario"},
		{map[string]any{"scenario": "nope", "lever": "levers.fuel_price", "from": 1, "to": 2, "step": 1}, "scenario"},
		{map[string]any{"scenario": "chengdu-base", "lever": "levers.fuel_price", "to": 2, "step": 1}, "from"},
	} {
		r := e.do("POST", "/v1/sweeps", tc.body, opt{role: pl, badInput: true})
		if p := r.problem(t); r.code != 400 || p.Field != tc.field {
			t.Errorf("sweep %v: %d %q (%s)", tc.body, r.code, p.Field, p.Detail)
		}
	}
}
