package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/flow"
	"github.com/huishou/huishou/optimizer/locate"
	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routeio"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
)

// spec is the OpenAPI document, loaded and validated once.
var (
	specOnce   sync.Once
	specRouter routers.Router
	specErr    error
)

func openapiRouter(t *testing.T) routers.Router {
	t.Helper()
	specOnce.Do(func() {
		openapi3filter.RegisterBodyDecoder("application/problem+json", openapi3filter.JSONBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/geo+json", openapi3filter.JSONBodyDecoder)
		text := func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
			b, err := io.ReadAll(body)
			return string(b), err
		}
		openapi3filter.RegisterBodyDecoder("text/html", text)
		openapi3filter.RegisterBodyDecoder("text/csv", text)
		openapi3filter.RegisterBodyDecoder("application/pdf", text)
		l := openapi3.NewLoader()
		doc, err := l.LoadFromData(api.OpenAPI())
		if err != nil {
			specErr = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			specErr = err
			return
		}
		specRouter, specErr = legacy.NewRouter(doc)
	})
	if specErr != nil {
		t.Fatalf("openapi.json: %v", specErr)
	}
	return specRouter
}

// env is a server on the memory store with one key per role.
type env struct {
	t      *testing.T
	srv    *api.Server
	st     *store.Memory
	reg    *prometheus.Registry
	keys   map[store.Role]string
	runner jobs.Runner
}

// manualRunner queues nothing: runs stay queued.
type manualRunner struct{ ids []string }

func (m *manualRunner) Enqueue(_ context.Context, id string) error {
	m.ids = append(m.ids, id)
	return nil
}

func newEnv(t *testing.T, runner func(*store.Memory) jobs.Runner) *env {
	t.Helper()
	st := store.NewMemory()
	e := newEnvOn(t, st, func() jobs.Runner {
		if runner != nil {
			return runner(st)
		}
		return nil
	})
	e.st = st
	return e
}

// testStore is a store both implementations satisfy.
type testStore interface {
	api.Store
	jobs.Store
	jobs.ScheduleStore
	QueueStats(context.Context) (store.QueueStats, error)
}

// newEnvOn builds the server on st; runner() may return nil for the
// in-process pool.
func newEnvOn(t *testing.T, st testStore, runner func() jobs.Runner) *env {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := api.NewMetrics(reg, st.QueueStats)
	if err != nil {
		t.Fatal(err)
	}
	switch s := st.(type) {
	case *store.Memory:
		s.Observe = m.StoreOp
	case *store.Postgres:
		s.Observe = m.StoreOp
	}
	r := runner()
	if r == nil {
		p := jobs.NewPool(st, jobs.DefaultRegistry(st), 1, m, nil)
		t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
		r = p
	}
	// no rate limit: the tests send many requests with one key (the limit
	// has its own test, TestRateLimit)
	srv, err := api.New(api.Config{Store: st, Runner: r, Registry: reg, Metrics: m, Logger: slog.New(slog.DiscardHandler), Timeout: 20 * time.Second, BodyLimit: 1 << 20, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, reg: reg, keys: map[store.Role]string{}, runner: r}
	for _, role := range store.Roles {
		secret, k, err := api.NewKey(role, string(role)+" tester")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateKey(context.Background(), k); err != nil {
			t.Fatal(err)
		}
		e.keys[role] = secret
	}
	return e
}

// resp is an answer.
type resp struct {
	code int
	hdr  http.Header
	body []byte
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("answer %d %s: %v", r.code, r.body, err)
	}
}

// problem decodes a problem answer.
func (r resp) problem(t *testing.T) api.Problem {
	t.Helper()
	if ct := r.hdr.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q, want application/problem+json (body %s)", ct, r.body)
	}
	var p api.Problem
	r.json(t, &p)
	if p.Status != r.code || p.Title == "" {
		t.Errorf("problem %+v does not match status %d", p, r.code)
	}
	return p
}

type opt struct {
	role     store.Role // "" = no key
	header   map[string]string
	badInput bool // the request is deliberately wrong: do not validate it against the document
	ct       string
}

// do sends a request and checks both it (unless badInput) and the answer
// against the OpenAPI document.
func (e *env) do(method, path string, body any, o opt) resp {
	e.t.Helper()
	var rd []byte
	switch b := body.(type) {
	case nil:
	case string:
		rd = []byte(b)
	case []byte:
		rd = b
	default:
		var err error
		if rd, err = json.Marshal(b); err != nil {
			e.t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(rd))
	if rd != nil {
		ct := o.ct
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	if o.role != "" {
		req.Header.Set("Authorization", "Bearer "+e.keys[o.role])
	}
	for k, v := range o.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	r := resp{code: rec.Code, hdr: rec.Header(), body: rec.Body.Bytes()}
	if r.code >= 500 && r.code != http.StatusServiceUnavailable {
		e.t.Errorf("%s %s: %d %s", method, path, r.code, r.body)
	}
	e.validate(req, rd, r, o.badInput)
	return r
}

func (e *env) validate(req *http.Request, body []byte, r resp, skipRequest bool) {
	e.t.Helper()
	router := openapiRouter(e.t)
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := router.FindRoute(vreq)
	if err != nil {
		if r.code == http.StatusNotFound || r.code == http.StatusMethodNotAllowed {
			return // not in the document, and the server agrees
		}
		e.t.Errorf("%s %s: not in openapi.json: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}}
	if !skipRequest && r.code != http.StatusUnauthorized && r.code != http.StatusForbidden {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			e.t.Errorf("%s %s: request does not match openapi.json: %v", req.Method, req.URL.Path, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.code, Header: r.hdr,
		Body: io.NopCloser(bytes.NewReader(r.body))}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		e.t.Errorf("%s %s: answer %d does not match openapi.json: %v\n%s", req.Method, req.URL.Path, r.code, err, r.body)
	}
}

func TestHealthDocsMetrics(t *testing.T) {
	e := newEnv(t, nil)
	if r := e.do("GET", "/healthz", nil, opt{}); r.code != 200 || !strings.Contains(string(r.body), `"ok"`) {
		t.Errorf("healthz: %d %s", r.code, r.body)
	}
	if r := e.do("GET", "/readyz", nil, opt{}); r.code != 200 {
		t.Errorf("readyz: %d %s", r.code, r.body)
	}
	r := e.do("GET", "/openapi.json", nil, opt{})
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	r.json(t, &doc)
	if doc.OpenAPI != "3.1.0" || doc.Paths["/v1/vroom"] == nil {
		t.Errorf("openapi.json: version %q, %d paths", doc.OpenAPI, len(doc.Paths))
	}
	e.do("GET", "/v1/scenarios", nil, opt{role: store.RoleViewer})
	e.do("GET", "/v1/nope", nil, opt{role: store.RoleViewer})
	m := e.do("GET", "/metrics", nil, opt{})
	for _, want := range []string{
		`huishou_http_requests_total{method="GET",route="/v1/scenarios",status="200"} 1`,
		`huishou_http_request_duration_seconds_bucket{method="GET",route="/healthz"`,
		`huishou_job_queue_depth{state="queued"} 0`,
		`huishou_job_queue_oldest_age_seconds 0`,
		`go_goroutines`, `process_resident_memory_bytes`,
	} {
		if !strings.Contains(string(m.body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(m.body), `route="/v1/nope"`) {
		t.Errorf("/metrics labels an unmatched path by its path")
	}
	if got := r.hdr.Get("X-Request-Id"); len(got) != 16 {
		t.Errorf("X-Request-Id %q", got)
	}
}

func TestAuthRoles(t *testing.T) {
	e := newEnv(t, func(*store.Memory) jobs.Runner { return &manualRunner{} })
	p := e.do("GET", "/v1/scenarios", nil, opt{}).problem(t)
	if p.Status != 401 {
		t.Errorf("no key: %d", p.Status)
	}
	for _, h := range []string{"Basic abc", "Bearer hs_0123456789ab_wrong", "Bearer short", "Bearer hs_zz_x"} {
		r := e.do("GET", "/v1/scenarios", nil, opt{header: map[string]string{"Authorization": h}})
		if r.code != 401 || r.hdr.Get("WWW-Authenticate") == "" {
			t.Errorf("Authorization %q: %d %s", h, r.code, r.body)
		}
	}
	sc := map[string]any{"name": "chengdu", "plan": map[string]any{"prefecture": "510100", "greedy": true}}
	for _, tc := range []struct {
		role         store.Role
		method, path string
		body         any
		want         int
	}{
		{store.RoleViewer, "GET", "/v1/scenarios", nil, 200},
		{store.RoleViewer, "POST", "/v1/scenarios", sc, 403},
		{store.RoleDispatcher, "GET", "/v1/scenarios", nil, 403},
		{store.RoleDispatcher, "GET", "/v1/runs", nil, 200},
		{store.RoleDispatcher, "POST", "/v1/scenarios/chengdu/runs", nil, 403},
		{store.RolePlanner, "POST", "/v1/scenarios", sc, 201},
		{store.RoleAdmin, "GET", "/v1/scenarios/chengdu", nil, 200},
		{store.RoleViewer, "POST", "/v1/scenarios/chengdu/runs", nil, 403},
		{store.RolePlanner, "POST", "/v1/scenarios/chengdu/runs", nil, 202},
		{store.RoleViewer, "GET", "/v1/runs", nil, 200},
		{store.RoleViewer, "POST", "/v1/vroom", "{}", 403},
		{store.RolePlanner, "POST", "/v1/keys", map[string]string{"role": "viewer"}, 403},
		{store.RoleAdmin, "POST", "/v1/keys", map[string]string{"role": "viewer", "name": "auditor"}, 201},
		{store.RoleAdmin, "POST", "/v1/keys", map[string]string{"role": "boss"}, 400},
	} {
		r := e.do(tc.method, tc.path, tc.body, opt{role: tc.role, badInput: tc.want == 400})
		if r.code != tc.want {
			t.Errorf("%s %s %s: %d %s, want %d", tc.role, tc.method, tc.path, r.code, r.body, tc.want)
		}
		if r.code >= 400 {
			r.problem(t)
		}
	}
	// a key made through the API works, with its role
	r := e.do("POST", "/v1/keys", map[string]string{"role": "viewer"}, opt{role: store.RoleAdmin})
	var k struct{ Key string }
	r.json(t, &k)
	r = e.do("GET", "/v1/runs", nil, opt{header: map[string]string{"Authorization": "Bearer " + k.Key}})
	if r.code != 200 {
		t.Errorf("new viewer key: %d %s", r.code, r.body)
	}
	r = e.do("POST", "/v1/scenarios", sc, opt{header: map[string]string{"Authorization": "Bearer " + k.Key}})
	if r.code != 403 {
		t.Errorf("new viewer key POST: %d, want 403", r.code)
	}
}

func TestAdminKeyFromSecret(t *testing.T) {
	e := newEnv(t, func(*store.Memory) jobs.Runner { return &manualRunner{} })
	k, err := api.KeyFromSecret("a-configured-admin-key", store.RoleAdmin, "env")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.CreateKey(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	if r := e.do("GET", "/v1/runs", nil, opt{header: map[string]string{"Authorization": "Bearer a-configured-admin-key"}}); r.code != 200 {
		t.Errorf("configured admin key: %d %s", r.code, r.body)
	}
	if r := e.do("GET", "/v1/runs", nil, opt{header: map[string]string{"Authorization": "Bearer a-configured-admin-kez"}}); r.code != 401 {
		t.Errorf("wrong configured key: %d, want 401", r.code)
	}
	if _, err := api.KeyFromSecret("short", store.RoleAdmin, ""); err == nil {
		t.Error("a 5-character admin key was accepted")
	}
	stored, _ := e.st.GetKey(context.Background(), k.ID)
	if bytes.Contains(stored.Hash, []byte("a-configured")) || len(stored.Hash) != 32 {
		t.Errorf("key stored as %x, want its SHA-256", stored.Hash)
	}
}

func TestScenarios(t *testing.T) {
	scenariosCRUD(t, newEnv(t, func(*store.Memory) jobs.Runner { return &manualRunner{} }))
}

func scenariosCRUD(t *testing.T, e *env) {
	pl := store.RolePlanner
	body := map[string]any{"name": "chengdu-subsidy", "description": "15 % subsidy in Chengdu",
		"plan": map[string]any{"prefecture": "510100", "levers": map[string]any{"subsidy": 0.15}, "time_limit": "5s"}}
	r := e.do("POST", "/v1/scenarios", body, opt{role: pl})
	var sc api.Scenario
	r.json(t, &sc)
	if r.code != 201 || sc.Name != "chengdu-subsidy" || sc.Base != "sichuan" || sc.Version != 1 || sc.Plan.Levers.Subsidy != 0.15 || r.hdr.Get("Location") != "/v1/scenarios/chengdu-subsidy" {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	if r := e.do("POST", "/v1/scenarios", body, opt{role: pl}); r.code != 409 {
		t.Errorf("duplicate: %d", r.code)
	}
	for _, tc := range []struct {
		body  string
		field string
		code  int
	}{
		{`{"name":"Bad Name"}`, "name", 400},
		{`{"name":"x","base":"atlantis"}`, "base", 400},
		{`{"name":"x","plan":{"demand":"everyone"}}`, "plan.demand", 400},
		{`{"name":"x","plan":{"time_limit":"soon"}}`, "plan.time_limit", 400},
		{`{"name":"x","plan":{"coverage_penalty":-1}}`, "plan.coverage_penalty", 400},
		{`{"name":"x","colour":"red"}`, "colour", 400},
		{`{"name":"x","plan":{"year":"2025"}}`, "plan.year", 400},
		{`{"name":"sichuan"}`, "", 409},
		{`{"name":`, "", 400},
		{``, "", 400},
		{`{"name":"x"} {"name":"y"}`, "", 400},
	} {
		r := e.do("POST", "/v1/scenarios", tc.body, opt{role: pl, badInput: true})
		p := r.problem(t)
		if r.code != tc.code || p.Field != tc.field {
			t.Errorf("POST %s: %d field %q (%s), want %d field %q", tc.body, r.code, p.Field, p.Detail, tc.code, tc.field)
		}
	}
	if r := e.do("POST", "/v1/scenarios", `{"name":"x"}`, opt{role: pl, ct: "text/csv", badInput: true}); r.code != 415 {
		t.Errorf("text/csv body: %d, want 415", r.code)
	}
	r = e.do("GET", "/v1/scenarios", nil, opt{role: store.RoleViewer})
	var list struct{ Scenarios []api.Scenario }
	r.json(t, &list)
	// the built-ins first (the region's plan scenario, then the built-in
	// scenario files), then the user's
	n := len(list.Scenarios)
	if n != 2+len(scenarios.Names()) || list.Scenarios[0].Name != "sichuan" || !list.Scenarios[0].Builtin || !list.Scenarios[1].Builtin ||
		list.Scenarios[1].Kind != "file" || list.Scenarios[n-1].Name != "chengdu-subsidy" || list.Scenarios[n-1].Kind != "plan" {
		t.Errorf("list: %s", r.body)
	}
	body["description"] = "20 %"
	r = e.do("PUT", "/v1/scenarios/chengdu-subsidy", body, opt{role: pl, header: map[string]string{"If-Match": `"1"`}})
	r.json(t, &sc)
	if r.code != 200 || sc.Version != 2 || sc.Description != "20 %" {
		t.Errorf("put: %d %s", r.code, r.body)
	}
	if r := e.do("PUT", "/v1/scenarios/chengdu-subsidy", body, opt{role: pl, header: map[string]string{"If-Match": "1"}}); r.code != 412 {
		t.Errorf("stale put: %d, want 412", r.code)
	}
	if r := e.do("PUT", "/v1/scenarios/other", body, opt{role: pl, badInput: true}); r.code != 400 || r.problem(t).Field != "name" {
		t.Errorf("put with another name: %d %s", r.code, r.body)
	}
	if r := e.do("PUT", "/v1/scenarios/sichuan", map[string]any{}, opt{role: pl}); r.code != 409 {
		t.Errorf("put built-in: %d", r.code)
	}
	if r := e.do("DELETE", "/v1/scenarios/sichuan", nil, opt{role: pl}); r.code != 409 {
		t.Errorf("delete built-in: %d", r.code)
	}
	if r := e.do("DELETE", "/v1/scenarios/chengdu-subsidy", nil, opt{role: pl}); r.code != 204 {
		t.Errorf("delete: %d", r.code)
	}
	if r := e.do("GET", "/v1/scenarios/chengdu-subsidy", nil, opt{role: pl}); r.code != 404 {
		t.Errorf("get deleted: %d", r.code)
	}
	if r := e.do("DELETE", "/v1/scenarios/chengdu-subsidy", nil, opt{role: pl}); r.code != 404 {
		t.Errorf("delete again: %d", r.code)
	}
}

// waitRun polls a run until it is done or failed.
func (e *env) waitRun(id string) api.Run {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var run api.Run
		e.do("GET", "/v1/runs/"+id, nil, opt{role: store.RoleViewer}).json(e.t, &run)
		if run.Status == "done" || run.Status == "failed" || time.Now().After(deadline) {
			return run
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRuns(t *testing.T) {
	runsFlow(t, newEnv(t, nil))
}

func runsFlow(t *testing.T, e *env) {
	pl := store.RolePlanner
	e.do("POST", "/v1/scenarios", map[string]any{"name": "chengdu", "plan": map[string]any{"prefecture": "510100", "greedy": true}}, opt{role: pl})
	r := e.do("POST", "/v1/scenarios/chengdu/runs", map[string]any{"levers": map[string]any{"subsidy": 0.1}}, opt{role: pl})
	var run api.Run
	r.json(t, &run)
	if r.code != 202 || run.Status != "queued" || r.hdr.Get("Location") != "/v1/runs/"+run.ID {
		t.Fatalf("create run: %d %s", r.code, r.body)
	}
	run = e.waitRun(run.ID)
	if run.Status != "done" || run.Progress != 1 || run.BestCost == nil || run.Bound == nil || len(run.Plan) == 0 {
		t.Fatalf("run: %+v", run)
	}
	var params struct {
		Prefecture string
		Greedy     bool
		Levers     struct{ Subsidy float64 }
	}
	json.Unmarshal(run.Params, &params)
	if params.Prefecture != "510100" || !params.Greedy || params.Levers.Subsidy != 0.1 {
		t.Errorf("params %s: want the scenario's with the override", run.Params)
	}
	// plan.json is the bytes of `huishou plan` for the same parameters
	var pp jobs.PlanParams
	json.Unmarshal(run.Params, &pp)
	reg, o, err := pp.Options()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenariosPlan(reg, o)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan, wantGeo, err := jobs.PlanResult(res)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.do("GET", "/v1/runs/"+run.ID+"/plan.json", nil, opt{role: pl}); !bytes.Equal(got.body, wantPlan) {
		t.Errorf("plan.json differs from the library's (%d vs %d bytes)", len(got.body), len(wantPlan))
	}
	if got := e.do("GET", "/v1/runs/"+run.ID+"/plan.geojson", nil, opt{role: pl}); !bytes.Equal(got.body, wantGeo) || got.hdr.Get("Content-Type") != "application/geo+json" {
		t.Errorf("plan.geojson differs (%d vs %d bytes, %s)", len(got.body), len(wantGeo), got.hdr.Get("Content-Type"))
	}
	var list struct{ Runs []api.Run }
	e.do("GET", "/v1/runs?status=done&scenario=chengdu&limit=5", nil, opt{role: pl}).json(t, &list)
	if len(list.Runs) != 1 || list.Runs[0].ID != run.ID || list.Runs[0].Plan != nil {
		t.Errorf("list: %+v", list.Runs)
	}
	for _, tc := range []struct {
		path, body, field string
		code              int
	}{
		{"/v1/scenarios/chengdu/runs", `{"demand":"all"}`, "demand", 400},
		{"/v1/scenarios/chengdu/runs", `{"region":"other"}`, "region", 400},
		{"/v1/scenarios/chengdu/runs", `{"speed":9}`, "speed", 400},
		{"/v1/scenarios/nope/runs", `{}`, "", 404},
	} {
		r := e.do("POST", tc.path, tc.body, opt{role: pl, badInput: true})
		if p := r.problem(t); r.code != tc.code || p.Field != tc.field {
			t.Errorf("POST %s %s: %d %q, want %d %q", tc.path, tc.body, r.code, p.Field, tc.code, tc.field)
		}
	}
	if r := e.do("GET", "/v1/runs?status=lost", nil, opt{role: pl, badInput: true}); r.code != 400 || r.problem(t).Field != "status" {
		t.Errorf("bad status filter: %d %s", r.code, r.body)
	}
	if r := e.do("GET", "/v1/runs?limit=0", nil, opt{role: pl, badInput: true}); r.code != 400 {
		t.Errorf("bad limit: %d", r.code)
	}
	if r := e.do("GET", "/v1/runs/run_nope", nil, opt{role: pl}); r.code != 404 {
		t.Errorf("missing run: %d", r.code)
	}
	// a failing run: a prefecture that is not in the region fails with a reason
	r = e.do("POST", "/v1/scenarios/sichuan/runs", `{"prefecture":"999999","greedy":true}`, opt{role: pl})
	run = api.Run{}
	r.json(t, &run)
	run = e.waitRun(run.ID)
	if run.Status != "failed" || !strings.Contains(run.Error, "999999") {
		t.Errorf("bad prefecture run: %+v", run)
	}
	if r := e.do("GET", "/v1/runs/"+run.ID+"/plan.json", nil, opt{role: pl}); r.code != 409 {
		t.Errorf("plan of a failed run: %d", r.code)
	}
	m := string(e.do("GET", "/metrics", nil, opt{}).body)
	for _, want := range []string{`huishou_solve_duration_seconds_count{kind="plan",status="done"} 1`, `huishou_solve_duration_seconds_count{kind="plan",status="failed"} 1`,
		`huishou_solve_gap_percent_count{kind="plan"} 1`, `huishou_store_operation_duration_seconds_count{op="claim_run"}`} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestRunQueued(t *testing.T) {
	mr := &manualRunner{}
	e := newEnv(t, func(*store.Memory) jobs.Runner { return mr })
	r := e.do("POST", "/v1/scenarios/sichuan/runs", nil, opt{role: store.RolePlanner})
	var run api.Run
	r.json(t, &run)
	if r.code != 202 || len(mr.ids) != 1 || mr.ids[0] != run.ID {
		t.Fatalf("run not enqueued: %d %v", r.code, mr.ids)
	}
	if r := e.do("GET", "/v1/runs/"+run.ID+"/plan.json", nil, opt{role: store.RolePlanner}); r.code != 409 {
		t.Errorf("plan of a queued run: %d, want 409", r.code)
	}
	if !strings.Contains(string(e.do("GET", "/metrics", nil, opt{}).body), `huishou_job_queue_depth{state="queued"} 1`) {
		t.Error("queue depth is not 1")
	}
}

// Every package's input error satisfies the one interface the error
// mapper reads (FieldPath), and becomes a 400 naming the field.
func TestInputErrorsMapToFields(t *testing.T) {
	type fieldPather interface {
		error
		FieldPath() string
	}
	for _, err := range []fieldPather{
		&flow.InputError{Field: "arcs[1].to", Msg: "m"}, &route.InputError{Field: "clients[3].demand[0]", Msg: "m"},
		&routeio.InputError{Field: "jobs[0].location", Msg: "m"}, &network.InputError{Field: "sites[2].sizes[0]", Msg: "m"},
		&locate.InputError{Field: "demands[3].arcs[0].site", Msg: "m"}, &schedule.InputError{Field: "vehicles[3].depot", Msg: "m"},
		&supply.InputError{Field: "areas[3].households", Msg: "m"}, &geo.InputError{Field: "features[3].properties.maxspeed", Msg: "m"},
		&region.InputError{File: "f.csv", Line: 3, Field: "lon", Msg: "m"},
		&booking.FieldError{Field: "tw_end", Msg: "m"}, &dayplan.Error{Field: "routes[2].stops[4].booking", Msg: "m"},
	} {
		p := api.ProblemOf(fmt.Errorf("wrapped: %w", err))
		if p.Status != 400 || p.Field != err.FieldPath() || p.Field == "" {
			t.Errorf("%T: problem %+v, want 400 naming %s", err, p, err.FieldPath())
		}
	}
}

func TestProblemOf(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		leak   string
	}{
		{context.DeadlineExceeded, 503, ""},
		{fmt.Errorf("store: %w", context.Canceled), 499, ""},
		{&http.MaxBytesError{Limit: 10}, 413, ""},
		{fmt.Errorf("get: %w", store.ErrNotFound), 404, ""},
		{fmt.Errorf("put: %w", store.ErrConflict), 409, ""},
		{fmt.Errorf("pq: password authentication failed for user postgres"), 500, "password"},
	} {
		p := api.ProblemOf(tc.err)
		if p.Status != tc.status {
			t.Errorf("%v: status %d, want %d", tc.err, p.Status, tc.status)
		}
		if tc.leak != "" && strings.Contains(p.Detail, tc.leak) {
			t.Errorf("%v: the answer tells the client %q", tc.err, p.Detail)
		}
	}
}

// TestRolesEveryEndpoint: for every endpoint under /v1 and every role, the
// role is either let through (any answer but 401 and 403) or refused with
// 403; without a key every endpoint is 401.
func TestRolesEveryEndpoint(t *testing.T) {
	e := newEnv(t, func(*store.Memory) jobs.Runner { return &manualRunner{} })
	A, P, D, V := store.RoleAdmin, store.RolePlanner, store.RoleDispatcher, store.RoleViewer
	for _, tc := range []struct {
		method, path string
		allowed      []store.Role
	}{
		{"GET", "/v1/scenarios", []store.Role{A, P, V}},
		{"POST", "/v1/scenarios", []store.Role{A, P}},
		{"GET", "/v1/scenarios/sichuan", []store.Role{A, P, V}},
		{"PUT", "/v1/scenarios/x", []store.Role{A, P}},
		{"DELETE", "/v1/scenarios/x", []store.Role{A, P}},
		{"POST", "/v1/scenarios/sichuan/runs", []store.Role{A, P}},
		{"GET", "/v1/runs", []store.Role{A, P, D, V}},
		{"GET", "/v1/runs/r", []store.Role{A, P, D, V}},
		{"GET", "/v1/runs/r/plan.json", []store.Role{A, P, V}},
		{"GET", "/v1/runs/r/plan.geojson", []store.Role{A, P, V}},
		{"POST", "/v1/bookings", []store.Role{A, D}},
		{"GET", "/v1/bookings", []store.Role{A, D, V}},
		{"POST", "/v1/bookings/import", []store.Role{A, D}},
		{"GET", "/v1/bookings/b", []store.Role{A, D, V}},
		{"PATCH", "/v1/bookings/b", []store.Role{A, D}},
		{"POST", "/v1/schedules", []store.Role{A, D}},
		{"GET", "/v1/schedules/2026-12-01", []store.Role{A, D, V}},
		{"POST", "/v1/schedules/2026-12-01/dispatch", []store.Role{A, D}},
		{"GET", "/v1/schedules/2026-12-01/routes/v", []store.Role{A, D, V}},
		{"POST", "/v1/vroom", []store.Role{A, P, D}},
		{"POST", "/v1/keys", []store.Role{A}},
	} {
		if r := e.do(tc.method, tc.path, "{}", opt{badInput: true}); r.code != 401 {
			t.Errorf("%s %s without a key: %d, want 401", tc.method, tc.path, r.code)
		}
		for _, role := range store.Roles {
			r := e.do(tc.method, tc.path, "{}", opt{role: role, badInput: true})
			allowed := slices.Contains(tc.allowed, role)
			if allowed && (r.code == 401 || r.code == 403) || !allowed && r.code != 403 {
				t.Errorf("%s %s as %s: %d, want allowed=%v", tc.method, tc.path, role, r.code, allowed)
			}
		}
	}
}
