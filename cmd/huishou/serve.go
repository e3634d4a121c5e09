package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

func init() {
	register(&command{
		Name:    "serve",
		Summary: "run the HTTP API (memory store and in-process jobs; PostgreSQL and River with DATABASE_URL)",
		Usage:   "huishou serve [--addr :8080] [--migrate] [--workers N] [--timeout 60s] [--body-limit BYTES] [--rate-limit 50] [--rate-burst 100] [--cors-origin URL]… [--grace 30s]",
		Example: "HUISHOU_ADMIN_KEY=change-me-0123456789 huishou serve --addr 127.0.0.1:8080",
		Run:     runServe,
	})
}

// backend is the store (and, with a database, its pool) of serve, worker,
// migrate and keys.
type backend struct {
	st   interface{ Close() }
	mem  *store.Memory
	pg   *store.Postgres
	desc string
}

// openBackend opens PostgreSQL at DATABASE_URL, or the memory store without
// it (when memOK).
func openBackend(ctx context.Context, memOK bool) (*backend, error) {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		if !memOK {
			return nil, errors.New("DATABASE_URL is not set (postgres://user:password@host:5432/db)")
		}
		m := store.NewMemory()
		return &backend{st: m, mem: m, desc: "memory store, in-process jobs"}, nil
	}
	pool, err := store.OpenPool(ctx, url)
	if err != nil {
		return nil, err
	}
	pg := store.NewPostgres(pool)
	return &backend{st: pg, pg: pg, desc: "PostgreSQL store, River jobs"}, nil
}

func (b *backend) store() interface {
	api.Store
	jobs.Store
} {
	if b.pg != nil {
		return b.pg
	}
	return b.mem
}

// migrateAll applies the store's and River's migrations.
func migrateAll(ctx context.Context, pg *store.Postgres, log *slog.Logger) (int, error) {
	res, err := store.Migrate(ctx, pg.Pool(), log)
	if err != nil {
		return 0, err
	}
	n, err := jobs.MigrateRiver(ctx, pg.Pool())
	return len(res) + n, err
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["serve"], stderr)
	addr := fs.String("addr", ":8080", "listen address")
	migrate := fs.Bool("migrate", false, "apply the database migrations first (with DATABASE_URL)")
	workers := fs.Int("workers", 1, "in-process job workers (without DATABASE_URL; with it, run `huishou worker`)")
	timeout := fs.Duration("timeout", 60*time.Second, "longest handling of one request")
	bodyLimit := fs.Int64("body-limit", 8<<20, "largest request body, bytes")
	rateLimit := fs.Float64("rate-limit", api.DefaultRateLimit, "sustained /v1 requests per second per API key (429 beyond; negative: no limit)")
	rateBurst := fs.Int("rate-burst", 0, "requests a key may send at once (default max(100, 2×rate-limit))")
	var cors stringList
	fs.Var(&cors, "cors-origin", "allow browser pages of this origin to call the API (repeatable; \"*\" for any); default: no CORS (also HUISHOU_CORS_ORIGINS, comma-separated)")
	grace := fs.Duration("grace", 30*time.Second, "on SIGTERM/SIGINT: how long in-flight requests and jobs may take to finish")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if v := os.Getenv("HUISHOU_CORS_ORIGINS"); v != "" && len(cors) == 0 {
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				cors = append(cors, o)
			}
		}
	}
	log := newLogger(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	be, err := openBackend(ctx, true)
	if err != nil {
		return err
	}
	defer be.st.Close()
	if be.pg != nil && *migrate {
		n, err := migrateAll(ctx, be.pg, log)
		if err != nil {
			return err
		}
		log.Info("migrated", "applied", n)
	}
	reg := prometheus.NewRegistry()
	metrics, err := api.NewMetrics(reg, be.store().QueueStats)
	if err != nil {
		return err
	}
	if be.pg != nil {
		be.pg.Observe = metrics.StoreOp
	} else {
		be.mem.Observe = metrics.StoreOp
	}
	var runner jobs.Runner
	var shutdownJobs func(context.Context) error
	if be.pg != nil {
		rc, err := jobs.NewRiver(be.pg.Pool(), be.pg, jobs.DefaultRegistry(be.pg), jobs.RiverOptions{Logger: log})
		if err != nil {
			return err
		}
		runner, shutdownJobs = rc, func(context.Context) error { return nil }
	} else {
		pool := jobs.NewPool(be.mem, jobs.DefaultRegistry(be.mem), *workers, metrics, log)
		runner, shutdownJobs = pool, pool.Shutdown
	}
	srv, err := api.New(api.Config{Store: be.store(), Runner: runner, Registry: reg, Metrics: metrics, Logger: log, Timeout: *timeout, BodyLimit: *bodyLimit,
		RateLimit: *rateLimit, RateBurst: *rateBurst, CORSOrigins: cors})
	if err != nil {
		return err
	}
	if k := os.Getenv("HUISHOU_ADMIN_KEY"); k != "" {
		if err := ensureAdminKey(ctx, be.store(), k); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: *timeout, WriteTimeout: *timeout + 10*time.Second,
		IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("serving", "addr", ln.Addr().String(), "backend", be.desc)
	fmt.Fprintf(stdout, "huishou serve: listening on http://%s (%s)\n", ln.Addr(), be.desc)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful shutdown: stop accepting connections, finish in-flight
	// requests, then in-flight jobs, all within the grace period.
	log.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("http shutdown", "err", err.Error())
	}
	if err := shutdownJobs(sctx); err != nil {
		log.Warn("jobs shutdown", "err", err.Error())
	}
	log.Info("stopped")
	return nil
}

// ensureAdminKey stores the admin key given in HUISHOU_ADMIN_KEY (hashed),
// unless it is there already.
func ensureAdminKey(ctx context.Context, st api.Store, secret string) error {
	k, err := api.KeyFromSecret(secret, store.RoleAdmin, "HUISHOU_ADMIN_KEY")
	if err != nil {
		return fmt.Errorf("HUISHOU_ADMIN_KEY: %w", err)
	}
	old, err := st.GetKey(ctx, k.ID)
	if err == nil {
		if old.Role != store.RoleAdmin {
			return fmt.Errorf("HUISHOU_ADMIN_KEY: key %s exists with role %s", k.ID, old.Role)
		}
		return nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := st.CreateKey(ctx, k); err != nil && !errors.Is(err, store.ErrConflict) {
		return err
	}
	return nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}
