package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
)

func init() {
	register(&command{
		Name:    "worker",
		Summary: "work the service's long solves (River jobs on PostgreSQL at DATABASE_URL); run on as many machines as needed",
		Usage:   "huishou worker [--workers 1] [--metrics-addr ADDR] [--migrate] [--rescue-after 1m]",
		Example: "DATABASE_URL=postgres://postgres:huishou@127.0.0.1:5432/huishou huishou worker --workers 2",
		Run:     runWorker,
	})
}

func runWorker(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["worker"], stderr)
	workers := fs.Int("workers", 1, "runs worked at once by this process")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics (solve durations and gaps, store latency, Go runtime) on this address")
	migrate := fs.Bool("migrate", false, "apply the database migrations first")
	rescue := fs.Duration("rescue-after", jobs.DefaultRescueAfter, "a run whose worker stopped beating (killed, machine lost) goes to another worker this long after its last heartbeat")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *workers < 1 {
		return fmt.Errorf("--workers: %d: want at least 1", *workers)
	}
	log := newLogger(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	be, err := openBackend(ctx, false)
	if err != nil {
		return err
	}
	defer be.st.Close()
	if *migrate {
		if _, err := migrateAll(ctx, be.pg, log); err != nil {
			return err
		}
	}
	reg := prometheus.NewRegistry()
	m, err := api.NewMetrics(reg, be.pg.QueueStats)
	if err != nil {
		return err
	}
	be.pg.Observe = m.StoreOp
	if *metricsAddr != "" {
		ln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
		ms := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = ms.Serve(ln) }()
		defer ms.Close()
		log.Info("metrics", "addr", ln.Addr().String())
	}
	rc, err := jobs.NewRiver(be.pg.Pool(), be.pg, jobs.DefaultRegistry(be.pg), jobs.RiverOptions{Workers: *workers, Observer: m, Logger: log, RescueAfter: *rescue})
	if err != nil {
		return err
	}
	if err := rc.Start(ctx); err != nil {
		return err
	}
	log.Info("worker started", "workers", *workers)
	fmt.Fprintf(stdout, "huishou worker: working runs with %d workers\n", *workers)
	<-ctx.Done()
	// Graceful: finish the running jobs (up to 10 minutes), then give up
	// and let River hand them to another worker.
	log.Info("worker stopping")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := rc.Stop(sctx); err != nil && !errors.Is(err, context.Canceled) {
		log.Warn("worker stop", "err", err.Error())
	}
	log.Info("worker stopped")
	return nil
}
