package web

import (
	"io/fs"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	h := Handler()
	for _, c := range []struct {
		method, path string
		code         int
		ct           string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8"},
		{"HEAD", "/", 200, "text/html; charset=utf-8"},
		{"GET", "/index.html", 200, "text/html; charset=utf-8"},
		{"GET", "/web/js/map.js", 200, "text/javascript; charset=utf-8"},
		{"GET", "/web/app.css", 200, "text/css; charset=utf-8"},
		{"POST", "/", 405, ""},
		{"GET", "/web/js", 404, ""},
		{"GET", "/web/index.html", 404, ""},
		{"GET", "/web/../web.go", 404, ""},
		{"GET", "/web/%2e%2e/web.go", 404, ""},
		{"GET", "/elsewhere", 404, ""},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
		if rec.Code != c.code || (c.ct != "" && rec.Header().Get("Content-Type") != c.ct) {
			t.Errorf("%s %s: %d %q, want %d %q", c.method, c.path, rec.Code, rec.Header().Get("Content-Type"), c.code, c.ct)
		}
		if c.method == "HEAD" && rec.Body.Len() != 0 {
			t.Errorf("HEAD %s: %d bytes of body", c.path, rec.Body.Len())
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("content security policy %q", csp)
	}
	if rec.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("Cache-Control %q, want no-cache (the files change with the binary)", rec.Header().Get("Cache-Control"))
	}
}

// TestOffline keeps the page free of anything fetched from elsewhere: no
// CDN, no web fonts, no map tiles, no inline script (the CSP forbids it).
func TestOffline(t *testing.T) {
	ext := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|import\s*\(?\s*["']https?:|fetch\(\s*["']https?:`)
	inline := regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>\s*[^<\s]`)
	n := 0
	err := fs.WalkDir(files, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, err := fs.ReadFile(files, path)
		if err != nil {
			return err
		}
		if m := ext.Find(b); m != nil {
			t.Errorf("%s loads from another origin: %q", path, m)
		}
		if strings.HasSuffix(path, ".html") && inline.Match(b) {
			t.Errorf("%s has an inline script", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("%d embedded files: the page is missing", n)
	}
}
