package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/huishou/huishou/api/store"
)

func TestBasemap(t *testing.T) {
	e := newEnv(t, nil)
	if p := e.do("GET", "/v1/regions/sichuan/basemap.geojson", nil, opt{}).problem(t); p.Status != 401 {
		t.Errorf("no key: %d", p.Status)
	}
	r := e.do("GET", "/v1/regions/sichuan/basemap.geojson?prefecture=510100", nil, opt{role: store.RoleViewer})
	if r.code != 200 || r.hdr.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("basemap: %d %s %.200s", r.code, r.hdr.Get("Content-Type"), r.body)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type string `json:"type"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	r.json(t, &fc)
	counties, towns := 0, 0
	for _, f := range fc.Features {
		p := f.Properties
		switch p["kind"] {
		case "county":
			counties++
			if p["prefecture_adcode"] != "510100" || p["coverage_km"] == nil || p["circuity"] == nil || !strings.HasSuffix(f.Geometry.Type, "Polygon") {
				t.Errorf("county %v: %v %s", p["adcode"], p, f.Geometry.Type)
			}
		case "township":
			towns++
			if !strings.HasPrefix(p["county"].(string), "5101") || f.Geometry.Type != "Point" {
				t.Errorf("township %v: %v", p["code"], p)
			}
		default:
			t.Errorf("feature of kind %v", p["kind"])
		}
	}
	// Chengdu: 20 county-level divisions and a few hundred townships
	if counties != 20 || towns < 200 {
		t.Errorf("Chengdu: %d counties, %d townships; want 20 and ≥ 200", counties, towns)
	}
	all := e.do("GET", "/v1/regions/sichuan/basemap.geojson", nil, opt{role: store.RoleDispatcher})
	var whole struct{ Features []json.RawMessage }
	all.json(t, &whole)
	if len(whole.Features) != 183+3101 {
		t.Errorf("Sichuan: %d features, want 183 counties + 3101 townships", len(whole.Features))
	}
	// gzipped for a client that takes it: the same document
	zr := httptest.NewRecorder()
	zreq := httptest.NewRequest("GET", "/v1/regions/sichuan/basemap.geojson?prefecture=510100", nil)
	zreq.Header.Set("Authorization", "Bearer "+e.keys[store.RoleViewer])
	zreq.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
	e.srv.Handler().ServeHTTP(zr, zreq)
	if zr.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Accept-Encoding gzip: Content-Encoding %q", zr.Header().Get("Content-Encoding"))
	}
	gr, err := gzip.NewReader(zr.Body)
	if err != nil {
		t.Fatal(err)
	}
	unz, err := io.ReadAll(gr)
	if err != nil || !bytes.Equal(unz, r.body) {
		t.Errorf("gzipped base map differs from the plain one (%d vs %d bytes, %v)", len(unz), len(r.body), err)
	}
	zreq.Header.Set("Accept-Encoding", "gzip;q=0, identity")
	zr = httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(zr, zreq)
	if zr.Header().Get("Content-Encoding") != "" || !bytes.Equal(zr.Body.Bytes(), r.body) {
		t.Errorf("gzip;q=0: Content-Encoding %q", zr.Header().Get("Content-Encoding"))
	}
	one := e.do("GET", "/v1/regions/sichuan/basemap.geojson?county=510104", nil, opt{role: store.RolePlanner})
	if one.code != 200 || !strings.Contains(string(one.body), `"锦江区"`) || strings.Contains(string(one.body), `"青羊区"`) {
		t.Errorf("county 510104: %d %.300s", one.code, one.body)
	}
	if p := e.do("GET", "/v1/regions/sichuan/basemap.geojson?prefecture=519900", nil, opt{role: store.RoleViewer}).problem(t); p.Status != 400 || p.Field != "prefecture" {
		t.Errorf("bad prefecture: %+v", p)
	}
	if p := e.do("GET", "/v1/regions/sichuan/basemap.geojson?county=x", nil, opt{role: store.RoleViewer}).problem(t); p.Status != 400 || p.Field != "county" {
		t.Errorf("bad county: %+v", p)
	}
	if p := e.do("GET", "/v1/regions/atlantis/basemap.geojson", nil, opt{role: store.RoleViewer}).problem(t); p.Status != 404 {
		t.Errorf("unknown region: %+v", p)
	}
}

func TestWhoami(t *testing.T) {
	e := newEnv(t, nil)
	for _, role := range store.Roles {
		var got map[string]string
		e.do("GET", "/v1/whoami", nil, opt{role: role}).json(t, &got)
		if got["role"] != string(role) || got["name"] != string(role)+" tester" || len(got["id"]) != 12 {
			t.Errorf("whoami as %s: %v", role, got)
		}
	}
	if p := e.do("GET", "/v1/whoami", nil, opt{}).problem(t); p.Status != 401 {
		t.Errorf("no key: %d", p.Status)
	}
}

func TestWebPage(t *testing.T) {
	e := newEnv(t, nil)
	for _, c := range []struct {
		path, ct, has string
		code          int
	}{
		{"/", "text/html; charset=utf-8", `<script type="module" src="/web/js/main.js">`, 200},
		{"/web/js/main.js", "text/javascript; charset=utf-8", "import", 200},
		{"/web/app.css", "text/css; charset=utf-8", "@media print", 200},
		{"/web/nope.js", "", "", 404},
		{"/web/", "", "", 404},
		{"/web/../openapi.json", "", "", 404},
	} {
		// the page is not part of the API document: no validation
		rec := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		r := resp{code: rec.Code, hdr: rec.Header(), body: rec.Body.Bytes()}
		if r.code != c.code || (c.ct != "" && r.hdr.Get("Content-Type") != c.ct) || !strings.Contains(string(r.body), c.has) {
			t.Errorf("GET %s: %d %q, want %d %q containing %q", c.path, r.code, r.hdr.Get("Content-Type"), c.code, c.ct, c.has)
		}
		if c.code == 200 && !strings.Contains(r.hdr.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("GET %s: no content security policy", c.path)
		}
	}
}
