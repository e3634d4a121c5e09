package api

import (
	"context"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/huishou/huishou/api/store"
)

// Metrics are the service's Prometheus metrics, registered on an injected
// registry (never the global one).
type Metrics struct {
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	solve       *prometheus.HistogramVec
	gap         *prometheus.HistogramVec
	storeOps    *prometheus.HistogramVec
	queueDepth  *prometheus.Desc
	queueOldest *prometheus.Desc
	queue       func(context.Context) (store.QueueStats, error)
}

// NewMetrics registers the service's metrics, plus the Go runtime and
// process collectors, on reg. queue, when not nil, is read at every scrape
// for the job queue's depth and age.
func NewMetrics(reg prometheus.Registerer, queue func(context.Context) (store.QueueStats, error)) (*Metrics, error) {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "huishou_http_requests_total",
			Help: "HTTP requests by route template, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "huishou_http_request_duration_seconds",
			Help:    "HTTP request latency by route template and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"route", "method"}),
		solve: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "huishou_solve_duration_seconds",
			Help:    "Duration of finished solves (plan and schedule runs, VROOM requests) by kind and status.",
			Buckets: []float64{.01, .05, .1, .5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800}}, []string{"kind", "status"}),
		gap: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "huishou_solve_gap_percent",
			Help:    "Certified optimality gap of finished solves, per cent, by kind.",
			Buckets: []float64{0, .01, .05, .1, .25, .5, 1, 2, 5, 10, 25}}, []string{"kind"}),
		storeOps: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "huishou_store_operation_duration_seconds",
			Help:    "Latency of store operations by operation.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1}}, []string{"op"}),
		queueDepth: prometheus.NewDesc("huishou_job_queue_depth", "Runs waiting for a worker (queued) and being worked (running).",
			[]string{"state"}, nil),
		queueOldest: prometheus.NewDesc("huishou_job_queue_oldest_age_seconds", "Age of the oldest queued run (0 when none).", nil, nil),
		queue:       queue,
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.solve, m.gap, m.storeOps, m,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Describe implements prometheus.Collector for the queue gauges.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.queueDepth
	ch <- m.queueOldest
}

// Collect implements prometheus.Collector: it reads the queue from the
// store at scrape time.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	if m.queue == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	q, err := m.queue(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(m.queueDepth, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(m.queueDepth, prometheus.GaugeValue, float64(q.Queued), "queued")
	ch <- prometheus.MustNewConstMetric(m.queueDepth, prometheus.GaugeValue, float64(q.Running), "running")
	ch <- prometheus.MustNewConstMetric(m.queueOldest, prometheus.GaugeValue, q.Oldest.Seconds())
}

// StoreOp records a store operation's latency (a store.Observer).
func (m *Metrics) StoreOp(op string, d time.Duration) {
	m.storeOps.WithLabelValues(op).Observe(d.Seconds())
}

// JobFinished records a finished job (a jobs.Observer).
func (m *Metrics) JobFinished(kind, status string, d time.Duration, gapPct *float64) {
	m.solve.WithLabelValues(kind, status).Observe(d.Seconds())
	if gapPct != nil {
		m.gap.WithLabelValues(kind).Observe(*gapPct)
	}
}

// middleware counts and times every request by its route template (not
// its path: ids must not explode the label set).
func (m *Metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil {
			status = toProblem(err).Status
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, c.Request().Method, strconv.Itoa(status)).Inc()
		m.latency.WithLabelValues(route, c.Request().Method).Observe(time.Since(start).Seconds())
		return err
	}
}
