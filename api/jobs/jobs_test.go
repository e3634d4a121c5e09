package jobs_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

type obs struct{ done, failed atomic.Int32 }

func (o *obs) JobFinished(kind, status string, d time.Duration, gap *float64) {
	if status == store.StatusDone {
		o.done.Add(1)
	} else {
		o.failed.Add(1)
	}
}

func TestExecute(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	reg := jobs.Registry{
		"ok": func(ctx context.Context, r store.Run, progress func(jobs.Progress)) (jobs.Output, error) {
			best := 3.0
			progress(jobs.Progress{Fraction: 0.5, BestCost: &best})
			return jobs.Output{Result: []byte(`{"ok":true}`)}, nil
		},
		"bad": func(context.Context, store.Run, func(jobs.Progress)) (jobs.Output, error) {
			return jobs.Output{}, errors.Join(jobs.ErrBadInput, errors.New("year: too early"))
		},
		"panic": func(context.Context, store.Run, func(jobs.Progress)) (jobs.Output, error) { panic("boom") },
	}
	o := &obs{}
	for _, kind := range []string{"ok", "bad", "panic", "unknown"} {
		if _, err := st.CreateRun(ctx, store.Run{ID: kind, Kind: kind}); err != nil {
			t.Fatal(err)
		}
		if err := jobs.Execute(ctx, st, reg, kind, o, nil); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
	}
	r, _ := st.GetRun(ctx, "ok")
	if r.Status != store.StatusDone || string(r.Result) != `{"ok":true}` || r.Attempt != 1 {
		t.Errorf("ok run: %+v", r)
	}
	for kind, want := range map[string]string{"bad": "too early", "panic": "boom", "unknown": `no worker for run kind "unknown"`} {
		r, _ := st.GetRun(ctx, kind)
		if r.Status != store.StatusFailed || !strings.Contains(r.Error, want) {
			t.Errorf("%s run: %s %q, want failed with %q", kind, r.Status, r.Error, want)
		}
	}
	if o.done.Load() != 1 || o.failed.Load() != 2 {
		t.Errorf("observer: %d done, %d failed; want 1, 2", o.done.Load(), o.failed.Load())
	}
	// a finished run is not worked again (River may deliver a job twice)
	if err := jobs.Execute(ctx, st, reg, "ok", o, nil); err != nil || o.done.Load() != 1 {
		t.Errorf("second Execute of a done run: %v, %d done", err, o.done.Load())
	}
	if err := jobs.Execute(ctx, st, reg, "missing", o, nil); err != nil {
		t.Errorf("Execute of a missing run: %v", err)
	}
}

// TestPoolShutdownFinishesJobs: Shutdown waits for the running and queued
// jobs; after it, Enqueue fails.
func TestPoolShutdownFinishesJobs(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	release := make(chan struct{})
	reg := jobs.Registry{"slow": func(ctx context.Context, r store.Run, _ func(jobs.Progress)) (jobs.Output, error) {
		<-release
		return jobs.Output{Result: []byte(`1`)}, nil
	}}
	p := jobs.NewPool(st, reg, 1, nil, nil)
	for _, id := range []string{"a", "b"} {
		st.CreateRun(ctx, store.Run{ID: id, Kind: "slow"})
		if err := p.Enqueue(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error)
	go func() { done <- p.Shutdown(ctx) }()
	time.Sleep(20 * time.Millisecond)
	if err := p.Enqueue(ctx, "c"); !errors.Is(err, jobs.ErrClosed) {
		t.Errorf("Enqueue after Shutdown: %v, want ErrClosed", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		if r, _ := st.GetRun(ctx, id); r.Status != store.StatusDone {
			t.Errorf("run %s: %s after Shutdown, want done", id, r.Status)
		}
	}
}

// TestPoolShutdownDeadline: a job still running when the deadline passes
// is cancelled and left for another try.
func TestPoolShutdownDeadline(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	reg := jobs.Registry{"stuck": func(ctx context.Context, r store.Run, _ func(jobs.Progress)) (jobs.Output, error) {
		<-ctx.Done()
		return jobs.Output{}, ctx.Err()
	}}
	p := jobs.NewPool(st, reg, 1, nil, nil)
	st.CreateRun(ctx, store.Run{ID: "s", Kind: "stuck"})
	p.Enqueue(ctx, "s")
	time.Sleep(20 * time.Millisecond)
	sctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := p.Shutdown(sctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown: %v, want the deadline", err)
	}
	if r, _ := st.GetRun(ctx, "s"); r.Status != store.StatusRunning {
		t.Errorf("cancelled run: %s, want left running for a retry", r.Status)
	}
}

func TestPlanParams(t *testing.T) {
	for _, tc := range []struct {
		p    jobs.PlanParams
		want string
	}{
		{jobs.PlanParams{Region: "atlantis"}, "region"},
		{jobs.PlanParams{Region: "sichuan", Demand: "all"}, "demand"},
		{jobs.PlanParams{Region: "sichuan", TimeLimit: "-1s"}, "time_limit"},
		{jobs.PlanParams{Region: "sichuan", CoveragePenalty: -2}, "coverage_penalty"},
		{jobs.PlanParams{Region: "sichuan", Budget: -1}, "budget"},
		{jobs.PlanParams{Region: "sichuan", Budget: 2_000_000_000}, "budget"},
	} {
		_, _, err := tc.p.Options()
		if !errors.Is(err, jobs.ErrBadInput) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want a bad-input error naming %s", tc.p, err, tc.want)
		}
	}
	zero := 0.0
	_, o, err := (&jobs.PlanParams{Region: "sichuan", CoveragePointPenalty: &zero, TimeLimit: "5s", Budget: 30000}).Options()
	if err != nil || o.Network.CoveragePenaltyPerPoint != -1 || o.TimeLimit != 5*time.Second || o.Budget != 30000 {
		t.Errorf("options %+v budget %d, %v: want no point penalty, 5s and a budget of 30000", o.Network, o.Budget, err)
	}
}

// TestProgressThrottledNotLost: reports that come faster than the store
// is written are kept, and the last of a burst is stored after the
// interval, while the job still runs.
func TestProgressThrottledNotLost(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	stored := make(chan store.Run, 1)
	reg := jobs.Registry{"burst": func(ctx context.Context, r store.Run, progress func(jobs.Progress)) (jobs.Output, error) {
		var best, bound float64
		for k := range 50 {
			best, bound = 100-float64(k), float64(k)
			progress(jobs.Progress{Fraction: float64(k) / 100, BestCost: &best, Bound: &bound})
		}
		// the job goes quiet: the last report must reach the store
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			got, err := st.GetRun(ctx, r.ID)
			if err == nil && got.BestCost != nil && *got.BestCost == best && got.Bound != nil && *got.Bound == bound {
				stored <- got
				break
			}
		}
		return jobs.Output{Result: []byte(`1`)}, nil
	}}
	if _, err := st.CreateRun(ctx, store.Run{ID: "b", Kind: "burst"}); err != nil {
		t.Fatal(err)
	}
	if err := jobs.Execute(ctx, st, reg, "b", nil, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-stored:
		if r.Status != store.StatusRunning || r.Progress != 0.49 {
			t.Errorf("stored while running: %s, progress %v", r.Status, r.Progress)
		}
	default:
		r, _ := st.GetRun(ctx, "b")
		t.Fatalf("the last report of the burst was never stored: best %v, bound %v", r.BestCost, r.Bound)
	}
}
