package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var files embed.FS

// Prefix is where the page's files are served; the page itself is "/".
const Prefix = "/web/"

// contentSecurity keeps the page to its own origin: no CDN, no inline
// scripts, no frames.
const contentSecurity = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// Handler serves the page: "/" answers index.html and Prefix+NAME the
// embedded file NAME; anything else is 404. The files are the binary's
// own, so they are revalidated on each load (no-cache) rather than kept
// across versions.
func Handler() http.Handler {
	static, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embed directive guarantees static/
	}
	fileServer := http.FileServer(http.FS(static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurity)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		switch {
		case r.URL.Path == "/" || r.URL.Path == "/index.html":
			serveFile(w, r, static, "index.html")
		case strings.HasPrefix(r.URL.Path, Prefix):
			name := path.Clean(strings.TrimPrefix(r.URL.Path, Prefix))
			if name == "." || name == "index.html" || strings.HasPrefix(name, "..") {
				http.NotFound(w, r)
				return
			}
			if f, err := static.Open(name); err != nil {
				http.NotFound(w, r)
				return
			} else {
				st, err := f.Stat()
				f.Close()
				if err != nil || st.IsDir() {
					http.NotFound(w, r)
					return
				}
			}
			r2 := r.Clone(r.Context())
			r2.URL.Path = "/" + name
			fileServer.ServeHTTP(w, r2)
		default:
			http.NotFound(w, r)
		}
	})
}

func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(b)
}
