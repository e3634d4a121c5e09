package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

// The browser tests start a test server (memory store, in-process jobs),
// drive Debian's headless Chromium through the page as a user would, and
// check what the page shows against the API's own answers. Screenshots
// and PDFs go to $HUISHOU_WEB_ARTEFACTS (default: huishou-web-artefacts in
// the system's temporary directory). Without a browser the tests skip,
// unless HUISHOU_REQUIRE_BROWSER=1 (CI), where they fail.

// browserPath finds Chromium.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("HUISHOU_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium found (chromium, chromium-browser, google-chrome) and HUISHOU_REQUIRE_BROWSER=1: install Debian's chromium")
	}
	t.Skip("no Chromium found (apt-get install chromium); set HUISHOU_REQUIRE_BROWSER=1 to make this a failure")
	return ""
}

// site is a running test server and a browser tab logged in to it.
type site struct {
	t    *testing.T
	srv  *httptest.Server
	st   *store.Memory
	key  string
	ctx  context.Context
	dir  string
	errs *pageErrors
	gate *runGate
}

// runGate holds a plan run still, when armed, at its first report with
// both a best cost and a bound (the design waits in the progress call),
// so that a test sees a running design's figures on the page.
type runGate struct {
	mu      sync.Mutex
	armed   bool
	held    chan jobs.Progress
	release chan struct{}
}

// arm makes the next plan run that reports a best cost and a bound wait
// until open is called.
func (g *runGate) arm() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.armed, g.held, g.release = true, make(chan jobs.Progress, 1), make(chan struct{})
}

// open lets the held run go on (once).
func (g *runGate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.release != nil {
		close(g.release)
		g.release = nil
	}
}

func (g *runGate) wrap(f jobs.Func) jobs.Func {
	return func(ctx context.Context, run store.Run, progress func(jobs.Progress)) (jobs.Output, error) {
		return f(ctx, run, func(p jobs.Progress) {
			progress(p)
			if p.BestCost == nil || p.Bound == nil {
				return
			}
			g.mu.Lock()
			if !g.armed {
				g.mu.Unlock()
				return
			}
			g.armed = false
			held, release := g.held, g.release
			g.mu.Unlock()
			held <- p
			select {
			case <-release:
			case <-ctx.Done():
			}
		})
	}
}

// pageErrors collects the exceptions the page throws.
type pageErrors struct {
	mu   sync.Mutex
	list []string
}

func (p *pageErrors) add(s string) { p.mu.Lock(); p.list = append(p.list, s); p.mu.Unlock() }
func (p *pageErrors) all() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

// in returns s reporting to the (sub)test t.
func (s *site) in(t *testing.T) *site {
	c := *s
	c.t = t
	return &c
}

func newSite(t *testing.T) *site {
	t.Helper()
	exe := browserPath(t)
	st := store.NewMemory()
	gate := &runGate{}
	reg := jobs.DefaultRegistry(st)
	reg[store.KindPlan] = gate.wrap(reg[store.KindPlan])
	pool := jobs.NewPool(st, reg, 1, nil, nil)
	t.Cleanup(func() { _ = pool.Shutdown(context.Background()) })
	t.Cleanup(gate.open)
	srv, err := api.New(api.Config{Store: st, Runner: pool, Logger: slog.New(slog.DiscardHandler), Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	secret, k, err := api.NewKey(store.RoleAdmin, "browser test")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateKey(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("HUISHOU_WEB_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "huishou-web-artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("artefacts in %s", dir)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	s := &site{t: t, srv: ts, st: st, key: secret, ctx: ctx, dir: dir, errs: &pageErrors{}, gate: gate}
	// start the browser, then listen for the page's errors
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			msg := ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
			s.errs.add(msg)
		}
	}()
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				s.errs.add(fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " ")))
			}
		}
	}()
	return s
}

// do runs steps, failing the test on error.
func (s *site) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		s.shot("failed-" + strings.ReplaceAll(what, " ", "-"))
		s.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression (promises awaited) into T.
func eval[T any](s *site, expr string) T {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		s.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// wait polls a JavaScript condition until it is true.
func (s *site) wait(what, cond string, timeout time.Duration) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(timeout))); err != nil {
		s.shot("timeout-" + strings.ReplaceAll(what, " ", "-"))
		body, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.getElementById('main').innerText.slice(0, 600)`))
		s.t.Fatalf("waiting for %s (%s): %v\npage: %s\npage errors: %v", what, cond, err, body, s.errs.all())
	}
}

// shot saves a screenshot of the whole page.
func (s *site) shot(name string) string {
	return s.screenshot(name, chromedp.FullScreenshot(100))
}

// shotView saves a screenshot of what the window shows.
func (s *site) shotView(name string) string {
	return s.screenshot(name, chromedp.CaptureScreenshot())
}

func (s *site) screenshot(name string, a chromedp.Action[[]byte]) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, a)
	if err != nil {
		s.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	p := filepath.Join(s.dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		s.t.Fatal(err)
	}
	return p
}

// request calls the API as the test's admin and returns the status and
// body. Like any client it waits and tries again when the server's rate
// limit answers 429 (Retry-After).
func (s *site) request(method, path, ct string, body []byte) (int, []byte) {
	s.t.Helper()
	for try := 0; ; try++ {
		req, _ := http.NewRequest(method, s.srv.URL+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+s.key)
		if body != nil {
			req.Header.Set("Content-Type", ct)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			s.t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests || try == 20 {
			return res.StatusCode, b
		}
		wait := time.Second
		if v, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && v > 0 && v < 10 {
			wait = time.Duration(v) * time.Second
		}
		time.Sleep(wait)
	}
}

// get calls GET path and decodes its JSON answer into v.
func (s *site) get(path string, v any) {
	s.t.Helper()
	code, b := s.request("GET", path, "", nil)
	if code != 200 {
		s.t.Fatalf("GET %s: %d %s", path, code, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
}

// status answers the HTTP status of a request with a JSON body (or none).
func (s *site) status(method, path string, body []byte) int {
	s.t.Helper()
	code, _ := s.request(method, path, "application/json", body)
	return code
}

// login opens the page and logs in with the key.
func (s *site) login() {
	s.t.Helper()
	s.do("open login", chromedp.Navigate(s.srv.URL+"/#/login"), chromedp.WaitVisible(chromedp.ID("key")))
	// keyboard only: the key field has the focus; Enter submits
	if got := eval[string](s, `document.activeElement.id`); got != "key" {
		s.t.Errorf("focus on %q at the login page, want the key field", got)
	}
	s.do("log in", chromedp.KeyEvent(s.key+"\r"))
	s.wait("planner after login", `document.querySelector('main[data-ready="1"][data-view="planner"]') !== null`, 20*time.Second)
}

// open shows a view of the page (hash route) and waits until it is drawn.
func (s *site) open(hash, view string) {
	s.t.Helper()
	eval[bool](s, fmt.Sprintf(`(() => { document.getElementById('main').dataset.ready = '';
		if (location.hash === %q) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = %q; return true; })()`, hash, hash))
	s.wait("view "+view, fmt.Sprintf(`document.querySelector('main[data-ready="1"][data-view=%q]') !== null`, view), 30*time.Second)
}

// setLang switches the page's language to lang (zh or en) if needed.
func (s *site) setLang(lang string) {
	s.t.Helper()
	if eval[string](s, `document.documentElement.lang`) == map[string]string{"zh": "zh-CN", "en": "en"}[lang] {
		return
	}
	s.do("switch language", chromedp.Click(chromedp.ID("lang")))
	s.wait("language "+lang, fmt.Sprintf(`document.documentElement.lang === %q && document.querySelector('main[data-ready="1"]') !== null`, map[string]string{"zh": "zh-CN", "en": "en"}[lang]), 10*time.Second)
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test runs without -short (CI's plain go test run); the -short race run leaves it out")
	}
	s := newSite(t)
	start := time.Now()
	s.login()
	t.Run("i18n", func(t *testing.T) { testI18n(s.in(t)) })
	t.Run("planner", func(t *testing.T) { testPlanner(s.in(t)) })
	t.Run("keyboard", func(t *testing.T) { testKeyboard(s.in(t)) })
	t.Run("dispatch", func(t *testing.T) { testDispatch(s.in(t)) })
	t.Run("tablet", func(t *testing.T) { testTablet(s.in(t)) })
	t.Run("roles", func(t *testing.T) { testRoles(s.in(t)) })
	t.Run("ledger", func(t *testing.T) { testLedger(s.in(t)) })
	t.Logf("browser tests took %.1fs", time.Since(start).Seconds())
	if e := s.errs.all(); len(e) > 0 {
		t.Errorf("the page reported errors: %v", e)
	}
}

func testI18n(s *site) {
	t := s.t
	missing := eval[[]string](s, `import('/web/js/i18n.js').then(m => m.missing())`)
	if len(missing) > 0 {
		t.Errorf("labels without Chinese or English: %v", missing)
	}
	s.setLang("zh")
	if got := eval[string](s, `document.querySelector('#nav a[data-view="planner"]').textContent`); got != "规划" {
		t.Errorf("Chinese nav label %q, want 规划", got)
	}
	s.setLang("en")
	if got := eval[string](s, `document.querySelector('#nav a[data-view="planner"]').textContent`); got != "Planner" {
		t.Errorf("English nav label %q, want Planner", got)
	}
}
