package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// RunArgs is the River job of one run: its id. The run's kind and
// parameters are in the store.
type RunArgs struct {
	RunID string `json:"run_id"`
}

// Kind implements river.JobArgs.
func (RunArgs) Kind() string { return "huishou_run" }

// runWorker executes RunArgs jobs.
type runWorker struct {
	river.WorkerDefaults[RunArgs]
	st     Store
	reg    Registry
	obs    Observer
	log    *slog.Logger
	pool   *pgxpool.Pool
	rescue time.Duration // River's rescue horizon; the heartbeat comes every quarter of it
}

// Timeout is the rescue horizon: River's rescuer leaves alone a job whose
// kind has a negative timeout, so a run's timeout must be positive for a
// dead worker's run to be rescued at all. Work does not let this deadline
// cancel the run (runs carry their own time limits).
func (w *runWorker) Timeout(*river.Job[RunArgs]) time.Duration { return w.rescue }

// Work executes the run, beating its heart while it works.
//
// River rescues a job that has been running for longer than
// RescueStuckJobsAfter (judged by river_job.attempted_at): that is how the
// job of a worker that died (SIGKILL, a lost machine) goes to another
// worker. Runs may take hours, so instead of a rescue horizon longer than
// any run, the worker moves attempted_at forward every beat while the job
// is still running: a live job is never rescued, a dead worker's job is
// rescued RescueAfter after its last beat. (River's rescue query and its
// update both test attempted_at; nothing else of River reads it.)
//
// River gives the job's context the deadline Timeout; the run ignores that
// deadline (it is the rescue horizon, not a limit) and stops only when
// River cancels the job (a hard stop or a cancelled job); its heartbeat
// keeps a live run from being rescued however long it takes.
func (w *runWorker) Work(ctx context.Context, job *river.Job[RunArgs]) error {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stopWatch := context.AfterFunc(ctx, func() {
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			cancel()
		}
	})
	defer stopWatch()
	if beat := w.rescue / 4; w.pool != nil && beat > 0 {
		hctx, stop := context.WithCancel(context.WithoutCancel(ctx))
		defer stop()
		go func() {
			t := time.NewTicker(beat)
			defer t.Stop()
			for {
				select {
				case <-hctx.Done():
					return
				case <-t.C:
				}
				if _, err := w.pool.Exec(hctx, `UPDATE river_job SET attempted_at = now() WHERE id = $1 AND state = 'running'`, job.ID); err != nil && hctx.Err() == nil {
					w.log.Warn("run heartbeat", "run", job.Args.RunID, "err", err.Error())
				}
			}
		}()
	}
	return Execute(wctx, w.st, w.reg, job.Args.RunID, w.obs, w.log)
}

// River runs jobs on River over PostgreSQL. As a Runner (NewRiverClient
// with workers 0) it only inserts jobs; as a worker (workers > 0) it also
// works them.
type River struct {
	client *river.Client[pgx.Tx]
}

// RiverOptions configure NewRiver.
type RiverOptions struct {
	// Workers is the number of runs this process works at once; 0 makes an
	// insert-only client (`huishou serve` with a database).
	Workers  int
	Observer Observer
	Logger   *slog.Logger
	// RescueAfter is how long after a worker's last heartbeat its job
	// goes to another worker (River's RescueStuckJobsAfter; the worker
	// beats every quarter of it). 0 means DefaultRescueAfter. River's
	// rescuer looks every 30 s, on the leader.
	RescueAfter time.Duration
}

// DefaultRescueAfter is RiverOptions.RescueAfter's default.
const DefaultRescueAfter = time.Minute

// NewRiver returns a River client on pool. Call Start to work jobs (when
// opt.Workers > 0) and Stop to finish.
func NewRiver(pool *pgxpool.Pool, st Store, reg Registry, opt RiverOptions) (*River, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	rescue := opt.RescueAfter
	if rescue <= 0 {
		rescue = DefaultRescueAfter
	}
	// JobStuckThreshold: River calls a job "stuck" when it runs this long
	// past its timeout (here the rescue horizon, which runs outlive by
	// design); a day keeps long runs out of its warnings.
	cfg := &river.Config{Logger: log, JobTimeout: -1, RescueStuckJobsAfter: rescue, JobStuckThreshold: 24 * time.Hour, MaxAttempts: 3}
	if opt.Workers > 0 {
		workers := river.NewWorkers()
		river.AddWorker(workers, &runWorker{st: st, reg: reg, obs: opt.Observer, log: log, pool: pool, rescue: rescue})
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opt.Workers}}
	}
	c, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: river: %w", err)
	}
	return &River{client: c}, nil
}

// Enqueue inserts the River job of run id.
func (r *River) Enqueue(ctx context.Context, id string) error {
	if _, err := r.client.Insert(ctx, RunArgs{RunID: id}, nil); err != nil {
		return fmt.Errorf("jobs: river insert: %w", err)
	}
	return nil
}

// Start starts working jobs (a worker client).
func (r *River) Start(ctx context.Context) error { return r.client.Start(ctx) }

// Stop stops fetching jobs and waits for the running ones to finish, or for
// ctx to end.
func (r *River) Stop(ctx context.Context) error { return r.client.Stop(ctx) }

// MigrateRiver applies River's own migrations (its job tables) to the
// database of pool, in its search_path's schema.
func MigrateRiver(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: river migrate: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: river migrate: %w", err)
	}
	return len(res.Versions), nil
}
