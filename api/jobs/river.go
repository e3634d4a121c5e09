package jobs

import (
	"context"
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
	st  Store
	reg Registry
	obs Observer
	log *slog.Logger
}

// Timeout lets a run take as long as its own time limit says (runs carry
// their own limits); River only cancels it on shutdown.
func (w *runWorker) Timeout(*river.Job[RunArgs]) time.Duration { return -1 }

func (w *runWorker) Work(ctx context.Context, job *river.Job[RunArgs]) error {
	return Execute(ctx, w.st, w.reg, job.Args.RunID, w.obs, w.log)
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
}

// NewRiver returns a River client on pool. Call Start to work jobs (when
// opt.Workers > 0) and Stop to finish.
func NewRiver(pool *pgxpool.Pool, st Store, reg Registry, opt RiverOptions) (*River, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg := &river.Config{Logger: log, JobTimeout: -1, RescueStuckJobsAfter: 6 * time.Hour, MaxAttempts: 3}
	if opt.Workers > 0 {
		workers := river.NewWorkers()
		river.AddWorker(workers, &runWorker{st: st, reg: reg, obs: opt.Observer, log: log})
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
