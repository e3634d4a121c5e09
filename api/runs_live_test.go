package api_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

// TestRunLiveProgress: while a plan run designs, GET /v1/runs/{id} shows
// its best cost, bound and gap; the memory store and the in-process pool
// here, PostgreSQL with the pool and with a River worker in
// TestRunLiveProgressOnPostgres (so any serve sees what a worker wrote).
func TestRunLiveProgress(t *testing.T) {
	liveRun(t, store.NewMemory(), inProcess)
}

func inProcess(t *testing.T, st jobs.Store, reg jobs.Registry) jobs.Runner {
	p := jobs.NewPool(st, reg, 1, nil, nil)
	t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

func TestRunLiveProgressOnPostgres(t *testing.T) {
	for _, name := range []string{"pool", "river"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			pool := migratedPool(t)
			runner := inProcess
			if name == "river" {
				if _, err := jobs.MigrateRiver(ctx, pool); err != nil {
					t.Fatal(err)
				}
				runner = func(t *testing.T, st jobs.Store, reg jobs.Registry) jobs.Runner {
					r, err := jobs.NewRiver(pool, st, reg, jobs.RiverOptions{Workers: 1})
					if err != nil {
						t.Fatal(err)
					}
					if err := r.Start(ctx); err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { _ = r.Stop(context.Background()) })
					return r
				}
			}
			liveRun(t, store.NewPostgres(pool), runner)
		})
	}
}

// liveRun runs a budget-bound Chengdu design whose worker holds still at
// its first report with both a best cost and a bound (the design waits in
// the progress call), reads the run from the API until the stored state
// shows them, then lets it finish.
func liveRun(t *testing.T, st testStore, runner func(*testing.T, jobs.Store, jobs.Registry) jobs.Runner) {
	held := make(chan jobs.Progress, 1)
	release := make(chan struct{})
	reg := jobs.DefaultRegistry(st)
	reg[store.KindPlan] = func(ctx context.Context, run store.Run, progress func(jobs.Progress)) (jobs.Output, error) {
		var once sync.Once
		return jobs.RunPlan(ctx, run, func(p jobs.Progress) {
			progress(p)
			if p.BestCost != nil && p.Bound != nil {
				once.Do(func() {
					held <- p
					<-release
				})
			}
		})
	}
	e := newEnvOn(t, st, func() jobs.Runner { return runner(t, st, reg) })
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	pl := store.RolePlanner
	r := e.do("POST", "/v1/scenarios/sichuan/runs", `{"prefecture":"510100","budget":3000}`, opt{role: pl})
	var run api.Run
	r.json(t, &run)
	if r.code != 202 {
		t.Fatalf("create run: %d %s", r.code, r.body)
	}
	var p jobs.Progress
	select {
	case p = <-held:
	case <-time.After(2 * time.Minute):
		t.Fatal("the design reported no best cost and bound")
	}
	// the worker stores the report at once or, throttled, within
	// progressEvery: poll until it shows
	var live api.Run
	for deadline := time.Now().Add(30 * time.Second); ; {
		e.do("GET", "/v1/runs/"+run.ID, nil, opt{role: store.RoleViewer}).json(t, &live)
		if live.BestCost != nil && live.Bound != nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if live.Status != "running" || live.BestCost == nil || live.Bound == nil || live.GapPct == nil {
		t.Fatalf("running run: %+v", live)
	}
	if *live.BestCost != *p.BestCost || *live.Bound != *p.Bound || live.Progress != p.Fraction {
		t.Errorf("the run shows cost %v bound %v progress %v, the worker reported %v %v %v", *live.BestCost, *live.Bound, live.Progress, *p.BestCost, *p.Bound, p.Fraction)
	}
	if !(*live.Bound > 0 && *live.Bound <= *live.BestCost) || live.Progress <= 0 || live.Progress >= 1 {
		t.Errorf("running run: cost %v, bound %v, progress %v", *live.BestCost, *live.Bound, live.Progress)
	}
	if want := 100 * (*live.BestCost - *live.Bound) / *live.BestCost; *live.GapPct != want {
		t.Errorf("gap_pct %v, want %v", *live.GapPct, want)
	}
	close(release)
	released = true
	done := e.waitRun(run.ID)
	if done.Status != "done" || done.BestCost == nil || done.Bound == nil {
		t.Fatalf("finished run: %+v", done)
	}
	// the plan's figures: no dearer than the running best, a bound no lower
	var plan struct {
		Cost       float64 `json:"cost"`
		LowerBound float64 `json:"lower_bound"`
	}
	e.do("GET", "/v1/runs/"+run.ID+"/plan.json", nil, opt{role: pl}).json(t, &plan)
	if *done.BestCost != plan.Cost || *done.Bound != plan.LowerBound {
		t.Errorf("done run shows %v / %v, its plan %v / %v", *done.BestCost, *done.Bound, plan.Cost, plan.LowerBound)
	}
	if plan.Cost > *live.BestCost || plan.LowerBound < *live.Bound {
		t.Errorf("plan cost %v bound %v; while running %v and %v", plan.Cost, plan.LowerBound, *live.BestCost, *live.Bound)
	}
}
