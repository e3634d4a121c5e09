package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/huishou/huishou/api/store/pgtest"
)

// Fault tests: real huishou processes against a real PostgreSQL server,
// with the faults a recycling company's day brings — the database
// restarting under writes, a worker killed in the middle of a solve, and
// serve stopped under load.

// privatePG is a PostgreSQL server of the machine's installation started
// by the test on its own data directory and port, so that stopping and
// starting it disturbs no other test using the shared cluster.
type privatePG struct {
	bin, dir, port string
}

// startPrivatePG initdb's and starts a server; it needs root (to run the
// server as the postgres user) and the PostgreSQL binaries. Without them
// the test is skipped, or fails when HUISHOU_REQUIRE_DATABASE=1 (CI).
func startPrivatePG(t *testing.T) *privatePG {
	t.Helper()
	miss := func(why string) {
		if pgtest.Required() {
			t.Fatalf("fault test: %s (HUISHOU_REQUIRE_DATABASE=1)", why)
		}
		t.Skip("fault test: " + why)
	}
	if os.Geteuid() != 0 {
		miss("needs root to run a PostgreSQL server as the postgres user")
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		miss("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
	}
	dir, err := os.MkdirTemp("", "huishou-pg-")
	if err != nil {
		t.Fatal(err)
	}
	p := &privatePG{bin: filepath.Dir(bins[len(bins)-1]), dir: dir, port: freePort(t)}
	if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
		t.Fatalf("chown: %v %s", err, out)
	}
	t.Cleanup(func() {
		_ = p.pgctl("stop", "-m", "immediate")
		os.RemoveAll(dir)
	})
	if err := p.asPostgres(filepath.Join(p.bin, "initdb"), "-D", p.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"); err != nil {
		t.Fatalf("initdb: %v", err)
	}
	if err := p.pgctl("start"); err != nil {
		t.Fatalf("pg_ctl start: %v", err)
	}
	return p
}

func (p *privatePG) data() string { return filepath.Join(p.dir, "data") }

// url is the connection URL of the server's postgres database.
func (p *privatePG) url() string {
	return "postgres://postgres@127.0.0.1:" + p.port + "/postgres?sslmode=disable"
}

func (p *privatePG) asPostgres(args ...string) error {
	cmd := exec.Command("su", "postgres", "-s", "/bin/sh", "-c", shellJoin(args))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

// pgctl runs pg_ctl (start, stop) and waits for it to finish.
func (p *privatePG) pgctl(action string, extra ...string) error {
	args := []string{filepath.Join(p.bin, "pg_ctl"), "-D", p.data(), "-w", "-t", "30", "-l", filepath.Join(p.dir, "log")}
	if action == "start" {
		args = append(args, "-o", "-p "+p.port+" -k "+p.dir+" -c listen_addresses=127.0.0.1 -c max_connections=50")
	}
	return p.asPostgres(append(append(args, action), extra...)...)
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

// serveAt starts `huishou serve` and returns it with its base URL.
func serveAt(t *testing.T, env []string, args ...string) (*proc, string) {
	t.Helper()
	srv := startHuishou(t, env, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	first := srv.line(t)
	base, ok := strings.CutPrefix(first, "huishou serve: listening on ")
	if !ok {
		t.Fatalf("serve said %q; stderr:\n%s", first, srv.stderr)
	}
	return srv, strings.Fields(base)[0]
}

// post sends one request with a short timeout; code 0 is a transport
// error.
func post(c *http.Client, method, url, key, ct, body string, hdr ...string) (int, []byte, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", ct)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// TestFaultDatabaseRestart writes bookings and ledger events through
// `huishou serve` while its PostgreSQL server stops and starts again:
// while it is down the API answers 503 (never another 5xx, never a
// dropped connection), it recovers by itself, and every booking and event
// that got a 201 is there afterwards.
func TestFaultDatabaseRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts a PostgreSQL server")
	}
	pg := startPrivatePG(t)
	const admin = "fault-admin-key-0123456789"
	env := []string{"DATABASE_URL=" + pg.url(), "HUISHOU_ADMIN_KEY=" + admin}
	srv, base := serveAt(t, env, "--migrate", "--rate-limit", "-1")
	c := &http.Client{Timeout: 10 * time.Second}
	sites := "id,kind,county,name,licensed\nft-v1,vehicle,510104,truck 1,false\nft-v2,vehicle,510104,truck 2,false\n"
	if code, b, err := post(c, "PUT", base+"/v1/ledger/sites", admin, "text/csv", sites); code != 200 {
		t.Fatalf("sites: %d %s %v", code, b, err)
	}

	var mu sync.Mutex
	statuses := map[string]map[int]int{"booking": {}, "event": {}}
	var bookings, events []string // acknowledged ids
	var transport []string
	var down, sawDown503 bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	writer := func(kind string, req func(n int) (string, string, string)) {
		defer wg.Done()
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			path, body, id := req(n)
			code, b, err := post(c, "POST", base+path, admin, "application/json", body, "Idempotency-Key", id)
			mu.Lock()
			statuses[kind][code]++
			switch {
			case err != nil:
				transport = append(transport, err.Error())
			case code == http.StatusCreated:
				if kind == "booking" {
					bookings = append(bookings, id)
				} else {
					events = append(events, id)
				}
			case code == http.StatusServiceUnavailable:
				sawDown503 = sawDown503 || down
			default:
				transport = append(transport, fmt.Sprintf("%s %d %s", path, code, b))
			}
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
		}
	}
	wg.Add(2)
	go writer("booking", func(n int) (string, string, string) {
		id := fmt.Sprintf("ft-b%d", n)
		return "/v1/bookings", fmt.Sprintf(`{"id":"%s","lon":104.07,"lat":30.67,"county":"510104","items":"television:1","earliest":"2026-12-01","latest":"2026-12-03"}`, id), id
	})
	go writer("event", func(n int) (string, string, string) {
		id := fmt.Sprintf("ft-e%d", n)
		return "/v1/ledger", fmt.Sprintf(`{"client_id":"%s","type":"collected","time":"2026-12-01T10:00:00+08:00","site":"ft-v%d","items":[{"category":"television","count":1,"kg":20}]}`, id, 1+n%2), id
	})
	acked := func() int { mu.Lock(); defer mu.Unlock(); return len(bookings) + len(events) }
	time.Sleep(time.Second)
	before := acked()
	if before == 0 {
		t.Fatalf("no write acknowledged before the restart: %v %v", statuses, transport)
	}

	mu.Lock()
	down = true
	mu.Unlock()
	if err := pg.pgctl("stop", "-m", "fast"); err != nil {
		t.Fatalf("stopping PostgreSQL: %v", err)
	}
	time.Sleep(1500 * time.Millisecond)
	if code, _, _ := post(c, "GET", base+"/readyz", "", "", ""); code != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database down: %d, want 503", code)
	}
	during := acked()
	if err := pg.pgctl("start"); err != nil {
		t.Fatalf("starting PostgreSQL: %v", err)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	// the service recovers by itself
	deadline := time.Now().Add(30 * time.Second)
	for acked() <= during+20 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	after := acked()
	close(stop)
	wg.Wait()
	t.Logf("acknowledged: %d before the stop, %d while stopping, %d after the restart; statuses %v", before, during-before, after-during, statuses)
	if after <= during+20 {
		t.Fatalf("the service did not recover within 30 s of the restart: statuses %v; serve:\n%s", statuses, tail(srv.stderr.String(), 2000))
	}
	if !sawDown503 {
		t.Errorf("no 503 while the database was down: statuses %v", statuses)
	}
	if len(transport) > 0 {
		t.Errorf("%d answers other than 201 or 503 (or dropped connections), e.g. %q", len(transport), transport[:min(3, len(transport))])
	}
	if code, b, _ := post(c, "GET", base+"/readyz", "", "", ""); code != 200 {
		t.Errorf("readyz after the restart: %d %s", code, b)
	}

	// every acknowledged write is there
	missing := 0
	for _, id := range bookings {
		if code, _, err := post(c, "GET", base+"/v1/bookings/"+id, admin, "", ""); code != 200 {
			missing++
			if missing <= 3 {
				t.Errorf("booking %s was acknowledged (201) and is gone: %d %v", id, code, err)
			}
		}
	}
	stored := map[string]bool{}
	for _, site := range []string{"ft-v1", "ft-v2"} {
		cursor := ""
		for {
			u := base + "/v1/ledger?limit=1000&site=" + site
			if cursor != "" {
				u += "&cursor=" + cursor
			}
			code, b, err := post(c, "GET", u, admin, "", "")
			if code != 200 {
				t.Fatalf("ledger %s: %d %s %v", site, code, b, err)
			}
			var page struct {
				Events []struct {
					ClientID string `json:"client_id"`
				}
				NextCursor string `json:"next_cursor"`
			}
			if err := json.Unmarshal(b, &page); err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Events {
				stored[e.ClientID] = true
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
	}
	for _, id := range events {
		if !stored[id] {
			missing++
			t.Errorf("ledger event %s was acknowledged (201) and is gone", id)
		}
	}
	if missing > 0 {
		t.Errorf("%d acknowledged writes lost of %d", missing, len(bookings)+len(events))
	}
	code, b, _ := post(c, "GET", base+"/v1/ledger/verify", admin, "", "")
	if code != 200 || !bytes.Contains(b, []byte(`"ok":true`)) {
		t.Errorf("ledger verify after the restart: %d %s", code, b)
	}
	srv.stop(t)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// TestFaultWorkerKilled kills `huishou worker` with SIGKILL in the middle
// of a plan run's solve (the whole province with a work budget of 120,000
// locate units, about 12 s of work here: the design is bounded by work, so
// the run lasts as long on any load); another worker takes the job over
// (River rescues it once the dead worker's heartbeat stops) and the run
// completes.
func TestFaultWorkerKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and solves a plan twice")
	}
	url := pgtest.URL(t)
	const admin = "fault-admin-key-0123456789"
	env := []string{"DATABASE_URL=" + url, "HUISHOU_ADMIN_KEY=" + admin}
	srv, base := serveAt(t, env, "--migrate")
	c := &http.Client{Timeout: 10 * time.Second}
	code, b, err := post(c, "POST", base+"/v1/scenarios/sichuan/runs", admin, "application/json", `{"budget":120000,"time_limit":"120s"}`)
	if code != 202 {
		t.Fatalf("POST run: %d %s %v", code, b, err)
	}
	var run struct {
		ID, Status string
		Progress   float64
		Attempt    int
	}
	json.Unmarshal(b, &run)
	get := func() {
		t.Helper()
		_, b, _ = post(c, "GET", base+"/v1/runs/"+run.ID, admin, "", "")
		json.Unmarshal(b, &run)
	}
	first := startHuishou(t, env, "worker", "--workers", "1", "--rescue-after", "3s")
	if l := first.line(t); !strings.HasPrefix(l, "huishou worker: working") {
		t.Fatalf("worker said %q; stderr:\n%s", l, first.stderr)
	}
	deadline := time.Now().Add(60 * time.Second)
	for run.Status != "running" && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		get()
	}
	if run.Status != "running" {
		t.Fatalf("run %s before the kill: %.500s", run.Status, b)
	}
	time.Sleep(2 * time.Second) // in the middle of the design
	get()
	if run.Status != "running" {
		t.Fatalf("run %s when the worker was to be killed (the province's design should take its 120,000 work units): %.500s", run.Status, b)
	}
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.cmd.Wait()
	killed := time.Now()
	second := startHuishou(t, env, "worker", "--workers", "1", "--rescue-after", "3s")
	if l := second.line(t); !strings.HasPrefix(l, "huishou worker: working") {
		t.Fatalf("second worker said %q; stderr:\n%s", l, second.stderr)
	}
	deadline = time.Now().Add(120 * time.Second)
	for run.Status != "done" && run.Status != "failed" && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		get()
	}
	t.Logf("run %s %s %.0f s after the kill", run.ID, run.Status, time.Since(killed).Seconds())
	if run.Status != "done" {
		t.Fatalf("run %s after the kill: %.500s\nsecond worker:\n%s", run.Status, b, tail(second.stderr.String(), 3000))
	}
	if !strings.Contains(second.stderr.String(), `"msg":"run done"`) || !strings.Contains(second.stderr.String(), run.ID) {
		t.Errorf("the second worker did not finish the run:\n%s", tail(second.stderr.String(), 3000))
	}
	if code, plan, _ := post(c, "GET", base+"/v1/runs/"+run.ID+"/plan.json", admin, "", ""); code != 200 || !bytes.Contains(plan, []byte(`"sites"`)) {
		t.Errorf("plan.json of the finished run: %d %.200s", code, plan)
	}
	second.stop(t)
	srv.stop(t)
}

// TestFaultGracefulStop sends SIGTERM to `huishou serve` while solves are
// in flight and new requests keep coming: the in-flight ones complete,
// the new ones are refused (connection refused, never a 5xx), and the
// process exits cleanly within its grace period.
func TestFaultGracefulStop(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server and solves")
	}
	const admin = "fault-admin-key-0123456789"
	const grace = 15 * time.Second
	srv, base := serveAt(t, []string{"DATABASE_URL=", "HUISHOU_ADMIN_KEY=" + admin}, "--grace", grace.String())
	var jobs strings.Builder
	for i := range 40 {
		if i > 0 {
			jobs.WriteString(",")
		}
		fmt.Fprintf(&jobs, `{"id":%d,"location":[%.4f,%.4f],"delivery":[1]}`, i+1, 104.0+0.003*float64(i%7), 30.6+0.004*float64(i/7))
	}
	problem := `{"vehicles":[{"id":1,"start":[104.05,30.65],"end":[104.05,30.65],"capacity":[15]},{"id":2,"start":[104.05,30.65],"capacity":[15]},{"id":3,"start":[104.05,30.65],"capacity":[15]}],"jobs":[` + jobs.String() + `]}`

	type answer struct {
		code       int
		err        error
		start, end time.Time
	}
	// three solves of 3 s each, in flight when SIGTERM comes
	solves := make(chan answer, 3)
	slow := &http.Client{Timeout: 30 * time.Second}
	for range 3 {
		go func() {
			a := answer{start: time.Now()}
			var b []byte
			a.code, b, a.err = post(slow, "POST", base+"/v1/vroom?time=3s", admin, "application/json", problem)
			if a.code == 200 && !bytes.Contains(b, []byte(`"routes"`)) {
				a.err = fmt.Errorf("no routes in %.200s", b)
			}
			a.end = time.Now()
			solves <- a
		}()
	}
	// a stream of new requests, each on a new connection
	fresh := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var mu sync.Mutex
	var sigAt time.Time
	var okBefore, okAfter, refused int
	var bad []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			code, b, err := post(fresh, "GET", base+"/v1/whoami", admin, "", "")
			mu.Lock()
			switch {
			case err != nil && errors.Is(err, syscall.ECONNREFUSED):
				refused++
			case err != nil:
				if !sigAt.IsZero() && (errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)) {
					refused++ // closed while shutting down: the client may retry elsewhere
				} else {
					bad = append(bad, err.Error())
				}
			case code == 200 && sigAt.IsZero():
				okBefore++
			case code == 200:
				okAfter++
			default:
				bad = append(bad, fmt.Sprintf("%d %s", code, b))
			}
			mu.Unlock()
		}
	}()
	time.Sleep(700 * time.Millisecond)
	mu.Lock()
	sigAt = time.Now()
	mu.Unlock()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.cmd.Wait() }()
	var exitErr error
	var exitAt time.Time
	select {
	case exitErr = <-exited:
		exitAt = time.Now()
	case <-time.After(grace + 5*time.Second):
		t.Fatalf("serve did not exit within its grace period (%s) after SIGTERM", grace)
	}
	time.Sleep(200 * time.Millisecond) // a few more attempts against the closed port
	close(stop)
	wg.Wait()
	if exitErr != nil {
		t.Errorf("serve exited with %v; stderr:\n%s", exitErr, tail(srv.stderr.String(), 2000))
	}
	for range 3 {
		a := <-solves
		if a.err != nil || a.code != 200 {
			t.Errorf("in-flight solve: %d %v", a.code, a.err)
			continue
		}
		if !a.start.Before(sigAt) || !a.end.After(sigAt) {
			t.Errorf("solve from %s to %s was not in flight at SIGTERM (%s)", a.start.Format("15:04:05.000"), a.end.Format("15:04:05.000"), sigAt.Format("15:04:05.000"))
		}
		if a.end.After(exitAt) {
			t.Errorf("serve exited before its in-flight solve answered")
		}
	}
	t.Logf("SIGTERM→exit %.2f s; new requests: %d answered before SIGTERM, %d after, %d refused", exitAt.Sub(sigAt).Seconds(), okBefore, okAfter, refused)
	if len(bad) > 0 {
		t.Errorf("%d new requests got an unclean answer, e.g. %q", len(bad), bad[:min(3, len(bad))])
	}
	if okBefore == 0 || refused == 0 {
		t.Errorf("new requests: %d answered before SIGTERM, %d refused after: want both", okBefore, refused)
	}
	if !strings.Contains(srv.stderr.String(), `"msg":"stopped"`) {
		t.Errorf("serve did not log a clean stop:\n%s", tail(srv.stderr.String(), 2000))
	}
}
