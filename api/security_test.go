package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

// Roles of the matrix: who may call an endpoint. Admin may call every /v1
// endpoint; "any" is any valid key; "public" needs no key (outside /v1).
const (
	anyKey = "any"
	public = "public"
)

// roleMatrix is the access rule of every route the router has, as
// "METHOD /path" → the roles allowed besides admin. TestRoleMatrix fails
// for a route missing here, so a new endpoint cannot go untested: add its
// line with the roles the issue gives it.
var roleMatrix = map[string][]string{
	"GET /healthz":      {public},
	"GET /readyz":       {public},
	"GET /metrics":      {public},
	"GET /openapi.json": {public},
	"GET /":             {public}, // the web page (it asks for a key itself)
	"GET /web/*":        {public},

	"GET /v1/whoami":                          {anyKey},
	"GET /v1/regions/:name/basemap.geojson":   {anyKey},
	"GET /v1/scenarios":                       {"planner", "viewer"},
	"POST /v1/scenarios":                      {"planner"},
	"GET /v1/scenarios/:name":                 {"planner", "viewer"},
	"PUT /v1/scenarios/:name":                 {"planner"},
	"DELETE /v1/scenarios/:name":              {"planner"},
	"POST /v1/scenarios/:name/runs":           {"planner"},
	"POST /v1/compare":                        {"planner", "viewer"},
	"POST /v1/sweeps":                         {"planner"},
	"GET /v1/runs":                            {"planner", "dispatcher", "viewer"},
	"GET /v1/runs/:id":                        {"planner", "dispatcher", "viewer"},
	"GET /v1/runs/:id/plan.json":              {"planner", "viewer"},
	"GET /v1/runs/:id/plan.geojson":           {"planner", "viewer"},
	"POST /v1/bookings":                       {"dispatcher"},
	"GET /v1/bookings":                        {"dispatcher", "viewer"},
	"POST /v1/bookings/import":                {"dispatcher"},
	"GET /v1/bookings/:id":                    {"dispatcher", "viewer"},
	"PATCH /v1/bookings/:id":                  {"dispatcher"},
	"POST /v1/schedules":                      {"dispatcher"},
	"GET /v1/schedules":                       {"dispatcher", "viewer"},
	"GET /v1/schedules/:date":                 {"dispatcher", "viewer"},
	"POST /v1/schedules/:date/dispatch":       {"dispatcher"},
	"GET /v1/schedules/:date/routes/:vehicle": {"dispatcher", "viewer"},
	"POST /v1/vroom":                          {"planner", "dispatcher"},
	"POST /v1/keys":                           {}, // admin only

	// the ledger: dispatchers (drivers) append, everyone reads; sites are
	// the administrator's
	"POST /v1/ledger":                  {"dispatcher"},
	"GET /v1/ledger":                   {"dispatcher", "planner", "viewer"},
	"GET /v1/ledger/events/:site/:seq": {"dispatcher", "planner", "viewer"},
	"GET /v1/ledger/verify":            {"dispatcher", "planner", "viewer"},
	"GET /v1/ledger/balance":           {"dispatcher", "planner", "viewer"},
	"GET /v1/ledger/sites":             {"dispatcher", "planner", "viewer"},
	"PUT /v1/ledger/sites":             {}, // admin only
	"GET /v1/reports":                  {"dispatcher", "planner", "viewer"},
	"POST /v1/reports":                 {"dispatcher", "planner", "viewer"}, // a report with the body's targets: reads only
}

// routeKeys returns the router's routes as "METHOD /path", without echo's
// own not-found entries.
func routeKeys(e *env) []string {
	var out []string
	for _, r := range e.srv.Routes() {
		if r.Method == "echo_route_not_found" {
			continue
		}
		out = append(out, r.Method+" "+r.Path)
	}
	sort.Strings(out)
	return out
}

// concretePath fills a route's parameters with plausible values.
func concretePath(p string) string {
	r := strings.NewReplacer(":name", "sichuan", ":id", "bk_missing", ":date", "2026-12-01", ":vehicle", "v1", ":site", "ts-510104", ":seq", "1", "*", "app.js")
	return r.Replace(p)
}

// raw sends a request without the OpenAPI checks of do (the matrix sends
// bodies that are only there to get past the role check).
func (e *env) raw(method, path string, body []byte, hdr map[string]string) resp {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	return resp{code: rec.Code, hdr: rec.Header(), body: rec.Body.Bytes()}
}

// TestRoleMatrix calls every route of the router with no key, a wrong key,
// a malformed header and each role's key: /v1 answers 401 without a valid
// key, 403 to a role outside the matrix and neither to a role inside it;
// public routes never ask for a key.
func TestRoleMatrix(t *testing.T) {
	e := newEnv(t, func(*store.Memory) jobs.Runner { return &manualRunner{} })
	routes := routeKeys(e)
	for _, rk := range routes {
		if _, ok := roleMatrix[rk]; !ok {
			t.Errorf("route %s is not in the role matrix (api/security_test.go): add it with the roles that may call it", rk)
		}
	}
	for rk := range roleMatrix {
		if !slices.Contains(routes, rk) {
			t.Errorf("the role matrix lists %s, which the router does not have", rk)
		}
	}
	wrong := map[string]string{
		"no key":         "",
		"unknown key":    "Bearer hs_0123456789ab_" + strings.Repeat("A", 43),
		"wrong secret":   "Bearer " + e.keys[store.RoleAdmin][:len(e.keys[store.RoleAdmin])-4] + "AAAA",
		"basic auth":     "Basic YWRtaW46YWRtaW4=",
		"empty bearer":   "Bearer ",
		"key in a query": "",
	}
	for _, rk := range routes {
		allowed, ok := roleMatrix[rk]
		if !ok {
			continue
		}
		method, path, _ := strings.Cut(rk, " ")
		url := concretePath(path)
		var body []byte
		if method == "POST" || method == "PUT" || method == "PATCH" {
			body = []byte("{}")
		}
		if slices.Contains(allowed, public) {
			if strings.HasPrefix(path, "/v1") {
				t.Errorf("%s: /v1 endpoints are never public", rk)
			}
			if r := e.raw(method, url, body, nil); r.code == 401 || r.code == 403 {
				t.Errorf("%s without a key: %d, want a public answer", rk, r.code)
			}
			continue
		}
		if !strings.HasPrefix(path, "/v1/") {
			t.Errorf("%s: an endpoint needing a key belongs under /v1", rk)
		}
		for name, h := range wrong {
			u := url
			if name == "key in a query" {
				u += "?key=" + e.keys[store.RoleAdmin] + "&api_key=" + e.keys[store.RoleAdmin]
			}
			hdr := map[string]string{}
			if h != "" {
				hdr["Authorization"] = h
			}
			r := e.raw(method, u, body, hdr)
			if r.code != http.StatusUnauthorized {
				t.Errorf("%s with %s: %d %s, want 401", rk, name, r.code, r.body)
				continue
			}
			if r.hdr.Get("Content-Type") != "application/problem+json" || r.hdr.Get("WWW-Authenticate") == "" {
				t.Errorf("%s with %s: 401 without problem+json or WWW-Authenticate: %v", rk, name, r.hdr)
			}
		}
		for _, role := range store.Roles {
			may := role == store.RoleAdmin || slices.Contains(allowed, anyKey) || slices.Contains(allowed, string(role))
			r := e.raw(method, url, body, map[string]string{"Authorization": "Bearer " + e.keys[role]})
			switch {
			case r.code == http.StatusUnauthorized:
				t.Errorf("%s as %s: 401 with a valid key", rk, role)
			case may && r.code == http.StatusForbidden:
				t.Errorf("%s as %s: 403, but the matrix allows %s", rk, role, role)
			case !may && r.code != http.StatusForbidden:
				t.Errorf("%s as %s: %d %.200s, want 403", rk, role, r.code, r.body)
			case r.code >= 500:
				t.Errorf("%s as %s: %d %s", rk, role, r.code, r.body)
			}
		}
	}
}

// newEnvCfg is newEnvOn with the config adjusted by mod (rate limits,
// CORS, limits, a logger).
func newEnvCfg(t *testing.T, st testStore, mod func(*api.Config)) *env {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := api.NewMetrics(reg, st.QueueStats)
	if err != nil {
		t.Fatal(err)
	}
	cfg := api.Config{Store: st, Runner: &manualRunner{}, Registry: reg, Metrics: m, Logger: slog.New(slog.DiscardHandler), Timeout: 20 * time.Second, BodyLimit: 1 << 20}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := api.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, reg: reg, keys: map[store.Role]string{}, runner: cfg.Runner}
	if ms, ok := st.(*store.Memory); ok {
		e.st = ms
	}
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

// TestRateLimit: a key past its burst gets 429 with Retry-After and a
// problem naming the limit; other keys are not affected; the bucket
// refills.
func TestRateLimit(t *testing.T) {
	e := newEnvCfg(t, store.NewMemory(), func(c *api.Config) { c.RateLimit, c.RateBurst = 5, 3 })
	viewer := map[string]string{"Authorization": "Bearer " + e.keys[store.RoleViewer]}
	for i := range 3 {
		if r := e.raw("GET", "/v1/whoami", nil, viewer); r.code != 200 {
			t.Fatalf("request %d within the burst: %d %s", i, r.code, r.body)
		}
	}
	r := e.raw("GET", "/v1/whoami", nil, viewer)
	if r.code != http.StatusTooManyRequests {
		t.Fatalf("past the burst: %d %s, want 429", r.code, r.body)
	}
	p := r.problem(t)
	if ra, err := strconv.Atoi(r.hdr.Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After %q, want whole seconds ≥ 1", r.hdr.Get("Retry-After"))
	}
	if !strings.Contains(p.Detail, "5 requests per second") {
		t.Errorf("429 detail %q does not name the limit", p.Detail)
	}
	// the limit is per key, not per client address
	if r := e.raw("GET", "/v1/whoami", nil, map[string]string{"Authorization": "Bearer " + e.keys[store.RolePlanner]}); r.code != 200 {
		t.Errorf("another key: %d, want 200", r.code)
	}
	time.Sleep(250 * time.Millisecond) // 5/s refills one token in 200 ms
	if r := e.raw("GET", "/v1/whoami", nil, viewer); r.code != 200 {
		t.Errorf("after a refill: %d, want 200", r.code)
	}
	// health and metrics are not limited
	for range 10 {
		if r := e.raw("GET", "/healthz", nil, nil); r.code != 200 {
			t.Fatalf("healthz: %d", r.code)
		}
	}
	// off
	off := newEnvCfg(t, store.NewMemory(), func(c *api.Config) { c.RateLimit = -1 })
	for i := range 300 {
		if r := off.raw("GET", "/v1/whoami", nil, map[string]string{"Authorization": "Bearer " + off.keys[store.RoleViewer]}); r.code != 200 {
			t.Fatalf("limits off, request %d: %d", i, r.code)
		}
	}
}

// TestCORS: without configured origins no CORS header is ever sent (a
// browser page of another origin cannot call the API); with one, only
// that origin is allowed and preflights answer.
func TestCORS(t *testing.T) {
	pre := map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
	e := newEnvCfg(t, store.NewMemory(), nil)
	for _, c := range []struct{ method, path string }{{"OPTIONS", "/v1/bookings"}, {"GET", "/v1/whoami"}, {"GET", "/healthz"}} {
		hdr := map[string]string{"Origin": "https://evil.example", "Authorization": "Bearer " + e.keys[store.RoleViewer]}
		if c.method == "OPTIONS" {
			hdr = pre
		}
		r := e.raw(c.method, c.path, nil, hdr)
		for k := range r.hdr {
			if strings.HasPrefix(strings.ToLower(k), "access-control-") {
				t.Errorf("CORS off: %s %s answers %s: %q", c.method, c.path, k, r.hdr.Get(k))
			}
		}
	}
	on := newEnvCfg(t, store.NewMemory(), func(c *api.Config) { c.CORSOrigins = []string{"https://huishou.example"} })
	ok := map[string]string{"Origin": "https://huishou.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
	r := on.raw("OPTIONS", "/v1/bookings", nil, ok)
	if r.code != http.StatusNoContent || r.hdr.Get("Access-Control-Allow-Origin") != "https://huishou.example" ||
		!strings.Contains(strings.ToLower(r.hdr.Get("Access-Control-Allow-Headers")), "authorization") {
		t.Errorf("preflight from the allowed origin: %d %v", r.code, r.hdr)
	}
	r = on.raw("GET", "/v1/whoami", nil, map[string]string{"Origin": "https://huishou.example", "Authorization": "Bearer " + on.keys[store.RoleViewer]})
	if r.code != 200 || r.hdr.Get("Access-Control-Allow-Origin") != "https://huishou.example" {
		t.Errorf("GET from the allowed origin: %d %v", r.code, r.hdr)
	}
	r = on.raw("OPTIONS", "/v1/bookings", nil, pre)
	if got := r.hdr.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("preflight from another origin: Access-Control-Allow-Origin %q", got)
	}
	// CORS lets no request past authentication
	if r := on.raw("GET", "/v1/whoami", nil, map[string]string{"Origin": "https://huishou.example"}); r.code != 401 {
		t.Errorf("allowed origin without a key: %d, want 401", r.code)
	}
}

// downStore is a store whose database is gone: every call fails as the
// PostgreSQL store fails when its server does not answer.
type downStore struct {
	testStore
	down bool
}

func (d *downStore) err() error {
	return fmt.Errorf("%w: failed to connect to 127.0.0.1:5432: connection refused", store.ErrUnavailable)
}

func (d *downStore) GetKey(ctx context.Context, id string) (store.Key, error) {
	if d.down {
		return store.Key{}, d.err()
	}
	return d.testStore.GetKey(ctx, id)
}

func (d *downStore) CreateBooking(ctx context.Context, b store.Booking, idem *store.Idempotency) (store.Booking, *store.Idempotency, error) {
	if d.down {
		return store.Booking{}, nil, d.err()
	}
	return d.testStore.CreateBooking(ctx, b, idem)
}

func (d *downStore) ListBookings(ctx context.Context, f store.BookingFilter) ([]store.Booking, error) {
	if d.down {
		return nil, d.err()
	}
	return d.testStore.ListBookings(ctx, f)
}

// TestUnavailableIs503: a store that lost its database answers 503 with
// Retry-After, never 500, and says nothing of the cause to the client.
func TestUnavailableIs503(t *testing.T) {
	ds := &downStore{testStore: store.NewMemory()}
	e := newEnvCfg(t, ds, nil)
	d := map[string]string{"Authorization": "Bearer " + e.keys[store.RoleDispatcher]}
	if r := e.raw("POST", "/v1/bookings", []byte(goodBooking), d); r.code != 201 {
		t.Fatalf("up: %d %s", r.code, r.body)
	}
	ds.down = true
	for _, c := range []struct{ method, path, body string }{{"POST", "/v1/bookings", strings.Replace(goodBooking, `"b1"`, `"b2"`, 1)}, {"GET", "/v1/bookings", ""}} {
		var body []byte
		if c.body != "" {
			body = []byte(c.body)
		}
		r := e.raw(c.method, c.path, body, d) // the key is cached: the handler's store call fails
		if r.code != http.StatusServiceUnavailable || r.hdr.Get("Retry-After") == "" {
			t.Errorf("%s %s with the database down: %d %v %s, want 503 with Retry-After", c.method, c.path, r.code, r.hdr, r.body)
			continue
		}
		if p := r.problem(t); strings.Contains(p.Detail, "127.0.0.1") || strings.Contains(p.Detail, "refused") {
			t.Errorf("503 detail leaks the cause: %q", p.Detail)
		}
	}
	// an uncached key cannot be checked: 503, not 401
	secret, k, _ := api.NewKey(store.RoleViewer, "late")
	_ = ds.testStore.CreateKey(context.Background(), k)
	if r := e.raw("GET", "/v1/whoami", nil, map[string]string{"Authorization": "Bearer " + secret}); r.code != http.StatusServiceUnavailable {
		t.Errorf("uncached key with the database down: %d, want 503", r.code)
	}
	ds.down = false
	if r := e.raw("GET", "/v1/bookings/b1", nil, d); r.code != 200 {
		t.Errorf("back up: %d", r.code)
	}
}

// TestLogsHoldNoSecrets captures the server's log lines over requests that
// carry keys, notes, phone numbers and names in bodies, paths, query
// strings and headers, including failing ones: none of it may appear.
func TestLogsHoldNoSecrets(t *testing.T) {
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := newEnvCfg(t, store.NewMemory(), func(c *api.Config) { c.Logger = log })
	const phone, name, addr = "13912345678", "王小明", "锦江区春熙路88号"
	note := "call " + phone + " ask for " + name + " at " + addr
	secretOf := func(k string) string { return strings.SplitN(k, "_", 3)[2] } // hs_<id>_<secret>: the secret (base64url) may hold "_" itself
	d := map[string]string{"Authorization": "Bearer " + e.keys[store.RoleDispatcher], "X-Contact": phone}
	b := strings.Replace(goodBooking, `"call before"`, strconv.Quote(note), 1)
	if r := e.raw("POST", "/v1/bookings", []byte(b), d); r.code != 201 {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	e.raw("GET", "/v1/bookings/b1?phone="+phone, nil, d)
	e.raw("GET", "/v1/bookings?county=510104&note="+phone, nil, d)
	e.raw("PATCH", "/v1/bookings/b1", []byte(`{"note":"new `+phone+`"}`), d)
	e.raw("POST", "/v1/bookings", []byte(strings.Replace(b, `"pickup"`, `"`+phone+`"`, 1)), d)                                          // 400 naming the bad kind
	e.raw("POST", "/v1/bookings", []byte(`{"id":"b9","note":"`+phone+`",`), d)                                                          // malformed
	e.raw("POST", "/v1/bookings/import", []byte("id,lon,lat,items,note\nx,104,30,tv:1,"+phone+"\n"), d)                                 // bad row
	e.raw("GET", "/v1/bookings/"+phone, nil, d)                                                                                         // 404 with the phone in the path
	e.raw("GET", "/v1/whoami?key="+e.keys[store.RoleAdmin], nil, map[string]string{"Authorization": "Bearer hs_0123456789ab_" + phone}) // 401
	e.raw("GET", "/v1/whoami", nil, map[string]string{"Authorization": "Bearer " + e.keys[store.RoleViewer]})
	logs := buf.String()
	if !strings.Contains(logs, `"route":"/v1/bookings/:id"`) || strings.Count(logs, `"msg":"request"`) < 10 {
		t.Fatalf("the request lines are missing from the log:\n%s", logs)
	}
	for what, s := range map[string]string{"phone": phone, "name": name, "address": addr} {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds the %s %q:\n%s", what, s, logs)
		}
	}
	for role, k := range e.keys {
		if strings.Contains(logs, secretOf(k)) {
			t.Errorf("the log holds the %s key's secret:\n%s", role, logs)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestKeysStoredHashed: the store keeps only the SHA-256 of a key's
// secret, never the secret itself.
func TestKeysStoredHashed(t *testing.T) {
	st := store.NewMemory()
	e := newEnvCfg(t, st, nil)
	r := e.raw("POST", "/v1/keys", []byte(`{"role":"dispatcher","name":"depot 7"}`), map[string]string{"Authorization": "Bearer " + e.keys[store.RoleAdmin]})
	var out struct{ ID, Key string }
	r.json(t, &out)
	if r.code != 201 || !strings.HasPrefix(out.Key, "hs_"+out.ID+"_") {
		t.Fatalf("POST /v1/keys: %d %s", r.code, r.body)
	}
	secret := strings.TrimPrefix(out.Key, "hs_"+out.ID+"_")
	k, err := st.GetKey(context.Background(), out.ID)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(secret))
	if !bytes.Equal(k.Hash, sum[:]) {
		t.Errorf("stored hash %x, want SHA-256 of the secret", k.Hash)
	}
	if rec := fmt.Sprintf("%+v %s", k, k.Hash); strings.Contains(rec, secret) || strings.Contains(rec, out.Key) {
		t.Errorf("the stored key record holds the secret: %s", rec)
	}
	if r := e.raw("GET", "/v1/whoami", nil, map[string]string{"Authorization": "Bearer " + out.Key}); r.code != 200 {
		t.Errorf("the new key: %d", r.code)
	}
}
