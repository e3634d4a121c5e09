package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

// TestScheduleAPIMatchesCLI: the day plans of POST /v1/schedules are byte
// for byte the dayplan-D.json files of `huishou schedule` on the same
// bookings, seed and iterations: the CLI and the API are two doors onto
// one library call.
func TestScheduleAPIMatchesCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("routes two days twice")
	}
	var csv strings.Builder
	csv.WriteString("id,lon,lat,county,items,earliest,latest,tw_start,tw_end\n")
	cats := []string{"refrigerator:1", "television:2", "washing_machine:1", "microwave:1"}
	for i := range 30 {
		fmt.Fprintf(&csv, "s%02d,%.4f,%.4f,510104,%s,2026-12-01,2026-12-0%d,%s\n", i, 104.06+0.004*float64(i%7), 30.64+0.003*float64(i%5),
			cats[i%4], 1+i%2, []string{",", "09:00,12:00", "13:00,17:00"}[i%3])
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "bookings.csv")
	if err := os.WriteFile(in, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if c := runMain([]string{"schedule", "--bookings", in, "--date", "2026-12-01", "--days", "2", "--seed", "1", "--iterations", "200",
		"--formats", "json", "--out", filepath.Join(dir, "cli")}, &out, &errb); c != 0 {
		t.Fatalf("huishou schedule: %d %s", c, errb.String())
	}

	st := store.NewMemory()
	pool := jobs.NewPool(st, jobs.DefaultRegistry(st), 1, nil, nil)
	defer pool.Shutdown(context.Background())
	srv, err := api.New(api.Config{Store: st, Runner: pool, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	secret, k, _ := api.NewKey(store.RoleDispatcher, "t")
	st.CreateKey(context.Background(), k)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	do := func(method, path, ct, body string) []byte {
		req := httptest.NewRequest(method, ts.URL+path, strings.NewReader(body))
		req.RequestURI = ""
		req.Header.Set("Authorization", "Bearer "+secret)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b.String())
		}
		return b.Bytes()
	}
	do("POST", "/v1/bookings/import", "text/csv", csv.String())
	var run struct{ ID, Status, Error string }
	json.Unmarshal(do("POST", "/v1/schedules", "application/json", `{"date":"2026-12-01","days":2,"seed":1,"iterations":200}`), &run)
	for deadline := time.Now().Add(60 * time.Second); run.Status != "done" && run.Status != "failed" && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		json.Unmarshal(do("GET", "/v1/runs/"+run.ID, "", ""), &run)
	}
	if run.Status != "done" {
		t.Fatalf("schedule run: %+v", run)
	}
	for _, d := range []string{"2026-12-01", "2026-12-02"} {
		want, err := os.ReadFile(filepath.Join(dir, "cli", "dayplan-"+d+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if got := do("GET", "/v1/schedules/"+d, "", ""); !bytes.Equal(got, want) {
			t.Errorf("%s: the API's day plan (%d bytes) differs from huishou schedule's (%d bytes)", d, len(got), len(want))
		}
	}
}
