package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/report"
)

// viaWorkers reports whether scenario runs go to the service's workers:
// DATABASE_URL is set and --local was not given.
func viaWorkers(local bool) bool { return !local && os.Getenv("DATABASE_URL") != "" }

// workerResult is a scenario run done by a worker.
type workerResult struct {
	run    store.Run
	result jobs.ScenarioResult
}

// runOnWorkers queues one scenario run per scenario in PostgreSQL (River
// jobs that any `huishou worker` sharing DATABASE_URL works, in parallel
// over the workers) and waits for all of them. The runs carry their
// scenario whole, so a worker gives the bytes a local run gives.
func runOnWorkers(ctx context.Context, scs []*scenarios.Scenario, stderr io.Writer) ([]workerResult, error) {
	be, err := openBackend(ctx, false)
	if err != nil {
		return nil, err
	}
	defer be.st.Close()
	rc, err := jobs.NewRiver(be.pg.Pool(), be.pg, jobs.DefaultRegistry(be.pg), jobs.RiverOptions{})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(scs))
	for i, sc := range scs {
		params, err := jobs.NewScenarioParams(sc)
		if err != nil {
			return nil, err
		}
		var b [10]byte
		_, _ = rand.Read(b[:])
		r, err := be.pg.CreateRun(ctx, store.Run{ID: "run_" + hex.EncodeToString(b[:]), Kind: store.KindScenario, Scenario: sc.Name, Params: params})
		if err != nil {
			return nil, fmt.Errorf("queue %s (is the database migrated? huishou migrate): %w", sc.Name, err)
		}
		if err := rc.Enqueue(ctx, r.ID); err != nil {
			return nil, err
		}
		ids[i] = r.ID
	}
	fmt.Fprintf(stderr, "queued %d scenario runs for the workers (huishou worker on DATABASE_URL)\n", len(ids))
	out := make([]workerResult, len(ids))
	done := 0
	for done < len(ids) {
		for i, id := range ids {
			if out[i].run.ID != "" {
				continue // done: its result (megabytes for a province) is read once
			}
			r, err := be.pg.GetRun(ctx, id)
			if err != nil {
				return nil, err
			}
			switch r.Status {
			case store.StatusFailed:
				return nil, fmt.Errorf("%s (run %s) failed: %s", scs[i].Name, id, r.Error)
			case store.StatusDone:
				done++
				out[i].run = r
				if err := json.Unmarshal(r.Result, &out[i].result); err != nil {
					return nil, fmt.Errorf("run %s: stored result: %w", id, err)
				}
			}
		}
		if done < len(ids) {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(250 * time.Millisecond):
			}
		}
	}
	return out, nil
}

// writeWorkerRun writes what a worker's run keeps: summary.json, plan.json,
// plan.geojson and kpis.csv, the bytes a local run writes (index.html and
// route sheets need the whole result, which the worker does not store).
func writeWorkerRun(dir string, w workerResult) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	put := func(name string, v any, raw []byte) error {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if raw != nil {
			_, err = f.Write(raw)
		} else {
			e := json.NewEncoder(f)
			e.SetIndent("", " ")
			err = e.Encode(v)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		written = append(written, path)
		return err
	}
	if err := put("summary.json", w.result.Summary, nil); err != nil {
		return written, err
	}
	if err := put("plan.json", w.result.Plan, nil); err != nil {
		return written, err
	}
	var kpis bytes.Buffer
	if err := report.WriteKPIsCSV(&kpis, w.result.Summary.KPIs); err != nil {
		return written, err
	}
	if err := put("kpis.csv", nil, kpis.Bytes()); err != nil {
		return written, err
	}
	if len(w.run.GeoJSON) > 0 {
		if err := put("plan.geojson", nil, w.run.GeoJSON); err != nil {
			return written, err
		}
	}
	return written, nil
}
