package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/huishou/huishou/api/store/pgtest"
)

// TestMain lets the tests start this test binary as the huishou command
// (HUISHOU_TEST_MAIN=1), so that serve and worker run as real processes.
func TestMain(m *testing.M) {
	if os.Getenv("HUISHOU_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// proc is a huishou process started by a test.
type proc struct {
	cmd    *exec.Cmd
	stdout *bufio.Reader
	stderr *bytes.Buffer
}

func startHuishou(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "HUISHOU_TEST_MAIN=1"), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stdout: bufio.NewReader(out), stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return p
}

// line reads the process's next line of standard output.
func (p *proc) line(t *testing.T) string {
	t.Helper()
	ch := make(chan string, 1)
	go func() {
		s, _ := p.stdout.ReadString('\n')
		ch <- s
	}()
	select {
	case s := <-ch:
		return strings.TrimSpace(s)
	case <-time.After(60 * time.Second):
		t.Fatalf("no output from %v; stderr:\n%s", p.cmd.Args, p.stderr)
		return ""
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (p *proc) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("%v: %v; stderr:\n%s", p.cmd.Args[1:], err, p.stderr)
		}
	case <-time.After(60 * time.Second):
		t.Errorf("%v did not stop on SIGTERM", p.cmd.Args[1:])
	}
}

func call(t *testing.T, method, url, key, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestServiceWithWorker is the River end-to-end test: `huishou serve
// --migrate` and `huishou worker` run as processes on one PostgreSQL
// schema; a plan run posted to the API is worked by the worker, and the
// plan the API serves is byte for byte the plan.json of `huishou plan`
// with the same parameters and work budget.
func TestServiceWithWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and solves a plan")
	}
	url := pgtest.URL(t)
	const admin = "e2e-admin-key-0123456789"
	env := []string{"DATABASE_URL=" + url, "HUISHOU_ADMIN_KEY=" + admin}
	// huishou migrate applies everything; serve --migrate then finds nothing to do
	t.Setenv("DATABASE_URL", url)
	var mout, merr bytes.Buffer
	if code := run([]string{"migrate"}, &mout, &merr); code != 0 || !strings.Contains(mout.String(), "applied 00001_core.sql") {
		t.Fatalf("migrate: %d %s %s", code, mout.String(), merr.String())
	}
	mout.Reset()
	if code := run([]string{"migrate"}, &mout, &merr); code != 0 || !strings.Contains(mout.String(), "store: 0 migrations applied; river: 0") {
		t.Fatalf("second migrate: %d %s %s", code, mout.String(), merr.String())
	}
	srv := startHuishou(t, env, "serve", "--addr", "127.0.0.1:0", "--migrate")
	first := srv.line(t)
	base, ok := strings.CutPrefix(first, "huishou serve: listening on ")
	if !ok {
		t.Fatalf("serve said %q; stderr:\n%s", first, srv.stderr)
	}
	base = strings.Fields(base)[0]
	if code, b := call(t, "GET", base+"/readyz", "", ""); code != 200 {
		t.Fatalf("readyz: %d %s", code, b)
	}

	// a viewer key made with `huishou keys create`
	var kout, kerr bytes.Buffer
	if code := run([]string{"keys", "create", "--role", "viewer", "--name", "e2e"}, &kout, &kerr); code != 0 {
		t.Fatalf("keys create: %d %s", code, kerr.String())
	}
	viewer := strings.TrimSpace(kout.String())
	if !strings.HasPrefix(viewer, "hs_") {
		t.Fatalf("keys create printed %q", viewer)
	}

	// the design itself (Lagrangian bound, site search), bounded by work:
	// the worker's plan must match byte for byte on any load
	params := `{"prefecture":"510100","budget":20000,"levers":{"subsidy":0.15}}`
	code, b := call(t, "POST", base+"/v1/scenarios/sichuan/runs", admin, params)
	if code != 202 {
		t.Fatalf("POST run: %d %s", code, b)
	}
	var run struct {
		ID, Status string
	}
	json.Unmarshal(b, &run)
	// nothing works the run before a worker starts
	time.Sleep(300 * time.Millisecond)
	_, b = call(t, "GET", base+"/v1/runs/"+run.ID, viewer, "")
	json.Unmarshal(b, &run)
	if run.Status != "queued" {
		t.Fatalf("run is %s before any worker started: %s", run.Status, b)
	}
	wrk := startHuishou(t, env, "worker", "--workers", "1")
	if l := wrk.line(t); !strings.HasPrefix(l, "huishou worker: working") {
		t.Fatalf("worker said %q; stderr:\n%s", l, wrk.stderr)
	}
	deadline := time.Now().Add(90 * time.Second)
	for run.Status != "done" && run.Status != "failed" && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		_, b = call(t, "GET", base+"/v1/runs/"+run.ID, viewer, "")
		json.Unmarshal(b, &run)
	}
	if run.Status != "done" {
		t.Fatalf("run %s: %s\nworker:\n%s", run.Status, b, wrk.stderr)
	}
	code, got := call(t, "GET", base+"/v1/runs/"+run.ID+"/plan.json", viewer, "")
	if code != 200 {
		t.Fatalf("plan.json: %d %s", code, got)
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if c := runMain([]string{"plan", "--prefecture", "510100", "--budget", "20000", "--subsidy", "0.15", "--out", dir}, &out, &errb); c != 0 {
		t.Fatalf("huishou plan: %d %s", c, errb.String())
	}
	want, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the worker's plan.json (%d bytes) differs from huishou plan's (%d bytes)", len(got), len(want))
	}
	if code, _ := call(t, "POST", base+"/v1/scenarios/sichuan/runs", viewer, params); code != 403 {
		t.Errorf("viewer POST run: %d, want 403", code)
	}
	wrk.stop(t)
	srv.stop(t)
	if !strings.Contains(wrk.stderr.String(), `"msg":"run done"`) {
		t.Errorf("worker log lacks the run:\n%s", wrk.stderr)
	}
	for _, p := range []*proc{srv, wrk} {
		if strings.Contains(p.stderr.String(), admin) || strings.Contains(p.stderr.String(), viewer) {
			t.Errorf("%v logged an API key", p.cmd.Args[1])
		}
	}
}

// runMain is run, named apart from the local variables called run.
var runMain = run
