package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/huishou/huishou/api/store"
)

// Store is what jobs needs from the store.
type Store interface {
	GetRun(ctx context.Context, id string) (store.Run, error)
	ClaimRun(ctx context.Context, id string) (store.Run, error)
	UpdateRunProgress(ctx context.Context, id string, progress float64, best, bound *float64) error
	FinishRun(ctx context.Context, id string, result, geojson []byte) error
	FailRun(ctx context.Context, id, reason string) error
}

// Progress is how far a job is.
type Progress struct {
	Fraction float64  // 0…1
	BestCost *float64 // best cost so far, when the solver knows one
	Bound    *float64 // lower bound so far, when the solver knows one
}

// Output is what a finished job stores.
type Output struct {
	Result  []byte // JSON stored as the run's result
	GeoJSON []byte // optional GeoJSON
	// GapPct is the certified gap of the result in per cent, when the
	// solver proves one (for the gap histogram).
	GapPct *float64
}

// Func runs one job of its kind. It reports progress through progress
// (cheap to call often: Execute throttles the writes) and returns the
// output, or an error. An error that wraps ErrBadInput (or has a
// FieldPath method) fails the run for good; others may be retried by River.
type Func func(ctx context.Context, run store.Run, progress func(Progress)) (Output, error)

// Registry maps run kinds to their Func.
type Registry map[string]Func

// ErrBadInput marks a job whose parameters cannot succeed: it is failed,
// not retried.
var ErrBadInput = errors.New("jobs: bad input")

// Observer is told about each finished job, for metrics. It may be nil.
type Observer interface {
	JobFinished(kind, status string, d time.Duration, gapPct *float64)
}

// Runner is what runs the jobs: Pool or River.
type Runner interface {
	// Enqueue hands the queued run id to a worker.
	Enqueue(ctx context.Context, runID string) error
}

// progressEvery is the least time between two progress writes of one run.
const progressEvery = 250 * time.Millisecond

// Execute claims run id, runs its kind's Func and stores the result or the
// failure. It returns an error only when the run should be tried again
// (the store failed, or ctx ended before the job did); a job that failed
// is stored as failed and returns nil. A run already finished is skipped.
func Execute(ctx context.Context, st Store, reg Registry, id string, obs Observer, log *slog.Logger) (err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	run, err := st.ClaimRun(ctx, id)
	if errors.Is(err, store.ErrConflict) {
		log.Info("run already finished", "run", id)
		return nil
	}
	if errors.Is(err, store.ErrNotFound) {
		log.Warn("run not found", "run", id)
		return nil
	}
	if err != nil {
		return err
	}
	f, ok := reg[run.Kind]
	if !ok {
		return st.FailRun(ctx, id, fmt.Sprintf("no worker for run kind %q", run.Kind))
	}
	start := time.Now()
	log.Info("run started", "run", id, "kind", run.Kind, "attempt", run.Attempt)

	// Progress is written at most every progressEvery; a report that
	// comes sooner is kept and written when the interval is over (the last
	// best cost and bound of a quiet stretch are not lost).
	var (
		mu      sync.Mutex
		last    time.Time
		pending *Progress
		timer   *time.Timer
		ended   bool
	)
	write := func(p Progress) { // with mu held
		last, pending = time.Now(), nil
		if err := st.UpdateRunProgress(ctx, id, min(max(p.Fraction, 0), 1), p.BestCost, p.Bound); err != nil && ctx.Err() == nil {
			log.Warn("progress not stored", "run", id, "err", err)
		}
	}
	flush := func() {
		mu.Lock()
		defer mu.Unlock()
		timer = nil
		if pending != nil && !ended {
			write(*pending)
		}
	}
	progress := func(p Progress) {
		mu.Lock()
		defer mu.Unlock()
		if ended {
			return
		}
		if wait := progressEvery - time.Since(last); wait > 0 {
			pending = &p
			if timer == nil {
				timer = time.AfterFunc(wait, flush)
			}
			return
		}
		write(p)
	}
	out, err := safeCall(ctx, f, run, progress)
	mu.Lock()
	ended = true
	if timer != nil {
		timer.Stop()
	}
	mu.Unlock()
	d := time.Since(start)
	if err != nil {
		if ctx.Err() != nil && !isBadInput(err) {
			// shutting down or timed out: let the queue try again
			log.Warn("run interrupted", "run", id, "err", err)
			return fmt.Errorf("jobs: run %s interrupted: %w", id, err)
		}
		if obs != nil {
			obs.JobFinished(run.Kind, store.StatusFailed, d, nil)
		}
		log.Info("run failed", "run", id, "kind", run.Kind, "seconds", d.Seconds(), "reason", err.Error())
		if ferr := st.FailRun(context.WithoutCancel(ctx), id, err.Error()); ferr != nil && !errors.Is(ferr, store.ErrConflict) {
			return ferr
		}
		return nil
	}
	if ferr := st.FinishRun(context.WithoutCancel(ctx), id, out.Result, out.GeoJSON); ferr != nil && !errors.Is(ferr, store.ErrConflict) {
		return ferr
	}
	if obs != nil {
		obs.JobFinished(run.Kind, store.StatusDone, d, out.GapPct)
	}
	log.Info("run done", "run", id, "kind", run.Kind, "seconds", d.Seconds())
	return nil
}

// safeCall runs f and turns a panic into an error: a worker goroutine
// must not take the process down.
func safeCall(ctx context.Context, f Func, run store.Run, progress func(Progress)) (out Output, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("jobs: internal error in %s run: %v\n%s", run.Kind, r, debug.Stack())
		}
	}()
	return f(ctx, run, progress)
}

func isBadInput(err error) bool {
	var fp interface{ FieldPath() string }
	return errors.Is(err, ErrBadInput) || errors.As(err, &fp)
}
