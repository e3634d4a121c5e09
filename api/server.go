package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/api/web"
)

// Store is what the API needs from the store (store.Memory and
// store.Postgres provide it).
type Store interface {
	Ping(ctx context.Context) error
	GetKey(ctx context.Context, id string) (store.Key, error)
	CreateKey(ctx context.Context, k store.Key) error

	CreateScenario(ctx context.Context, s store.Scenario) (store.Scenario, error)
	GetScenario(ctx context.Context, name string) (store.Scenario, error)
	ListScenarios(ctx context.Context) ([]store.Scenario, error)
	UpdateScenario(ctx context.Context, s store.Scenario, version int64) (store.Scenario, error)
	DeleteScenario(ctx context.Context, name string) error

	CreateRun(ctx context.Context, r store.Run) (store.Run, error)
	GetRun(ctx context.Context, id string) (store.Run, error)
	ListRuns(ctx context.Context, f store.RunFilter) ([]store.Run, error)
	FailRun(ctx context.Context, id, reason string) error
	QueueStats(ctx context.Context) (store.QueueStats, error)

	CreateBooking(ctx context.Context, b store.Booking, idem *store.Idempotency) (store.Booking, *store.Idempotency, error)
	CreateBookings(ctx context.Context, bs []store.Booking) ([]store.Booking, []error, error)
	GetBooking(ctx context.Context, id string) (store.Booking, error)
	ListBookings(ctx context.Context, f store.BookingFilter) ([]store.Booking, error)
	UpdateBooking(ctx context.Context, b store.Booking, version int64) (store.Booking, error)
	SetBookingStatus(ctx context.Context, ids []string, status string) (int, error)

	GetDayPlan(ctx context.Context, date string) (store.DayPlan, error)
	DayPlanVersion(ctx context.Context, date string) (int64, error)
	PutDayPlan(ctx context.Context, d store.DayPlan, version int64) (store.DayPlan, error)
}

// Config configures New. Store and Runner are required; the rest has
// working defaults.
type Config struct {
	Store  Store
	Runner jobs.Runner
	// Registry receives the metrics; nil makes a fresh one. Gatherer
	// serves /metrics; nil uses Registry when it is a *prometheus.Registry.
	Registry prometheus.Registerer
	Gatherer prometheus.Gatherer
	// Metrics, when set, are the metrics made with NewMetrics on Registry
	// (so that the job runner and the store can report to them too);
	// nil makes them.
	Metrics *Metrics
	// Logger receives one JSON line per request; nil discards.
	Logger *slog.Logger
	// BodyLimit caps request bodies in bytes; 0 means 8 MiB.
	BodyLimit int64
	// Timeout caps each request's handling; 0 means 60 s. VROOM solves get
	// at most this minus a margin.
	Timeout time.Duration
	// RateLimit is each API key's sustained rate of /v1 requests per
	// second; beyond it (and its burst) the answer is 429 with
	// Retry-After. 0 means DefaultRateLimit; negative turns limits off.
	RateLimit float64
	// RateBurst is how many requests a key may send at once; 0 means
	// DefaultRateBurst (or twice RateLimit when that is larger).
	RateBurst int
	// CORSOrigins are the origins allowed to call the API from a browser
	// page of another origin ("*" allows any). Empty, the default, sends
	// no CORS headers at all: browsers then refuse cross-origin calls.
	CORSOrigins []string
	// Limits bound the problems the solvers accept; over them the answer
	// is 413. Zero fields take the defaults of DefaultLimits.
	Limits Limits
}

// Server is the HTTP service.
type Server struct {
	echo    *echo.Echo
	store   Store
	runner  jobs.Runner
	metrics *Metrics
	log     *slog.Logger
	keys    keyCache
	plans   planCache
	limiter *rateLimiter
	cfg     Config
	ledger  *ledgerAPI // /v1/ledger and /v1/reports (api/ledger.go)
}

// New builds the server and its routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Runner == nil {
		return nil, fmt.Errorf("api: Config.Store and Config.Runner are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = 8 << 20
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	if cfg.Gatherer == nil {
		g, ok := cfg.Registry.(prometheus.Gatherer)
		if !ok {
			return nil, fmt.Errorf("api: Config.Gatherer is required with a Registry that does not gather")
		}
		cfg.Gatherer = g
	}
	cfg.Limits = cfg.Limits.withDefaults()
	m := cfg.Metrics
	if m == nil {
		var err error
		if m, err = NewMetrics(cfg.Registry, cfg.Store.QueueStats); err != nil {
			return nil, fmt.Errorf("api: metrics: %w", err)
		}
	}
	s := &Server{echo: echo.New(), store: cfg.Store, runner: cfg.Runner, metrics: m, log: cfg.Logger, cfg: cfg}
	if cfg.RateLimit >= 0 {
		lim, burst := cfg.RateLimit, cfg.RateBurst
		if lim == 0 {
			lim = DefaultRateLimit
		}
		if burst <= 0 {
			burst = max(DefaultRateBurst, int(math.Ceil(2*lim)))
		}
		s.limiter = newRateLimiter(lim, burst)
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(cfg.Logger)
	e.Use(s.requestID, s.logRequests, m.middleware, s.recoverPanics)
	if len(cfg.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins:  cfg.CORSOrigins,
			AllowMethods:  []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
			AllowHeaders:  []string{echo.HeaderAuthorization, echo.HeaderContentType, "Idempotency-Key", "If-Match", echo.HeaderXRequestID},
			ExposeHeaders: []string{"ETag", echo.HeaderLocation, "Retry-After", echo.HeaderXRequestID, "Idempotent-Replayed"},
			MaxAge:        600,
		}))
	}
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: fmt.Sprintf("%dB", cfg.BodyLimit)}), s.timeout)

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(cfg.Gatherer, promhttp.HandlerOpts{})))
	e.GET("/openapi.json", s.openapi)
	page := echo.WrapHandler(web.Handler()) // the web page: "/" and its files under /web/
	e.GET("/", page)
	e.GET(web.Prefix+"*", page)

	v1 := e.Group("/v1", s.authenticate, s.rateLimit, strictQuery, jsonUTF8)
	planners := allow(store.RolePlanner)
	plannersRead := allow(store.RolePlanner, store.RoleViewer)
	v1.GET("/scenarios", s.listScenarios, plannersRead)
	v1.POST("/scenarios", s.createScenario, planners)
	v1.GET("/scenarios/:name", s.getScenario, plannersRead)
	v1.PUT("/scenarios/:name", s.updateScenario, planners)
	v1.DELETE("/scenarios/:name", s.deleteScenario, planners)
	v1.POST("/scenarios/:name/runs", s.createRun, planners)
	v1.POST("/compare", s.compare, plannersRead)
	v1.POST("/sweeps", s.createSweep, planners)
	// runs are plan runs (planners) and schedule runs (dispatchers)
	runsRead := allow(store.RolePlanner, store.RoleDispatcher, store.RoleViewer)
	v1.GET("/runs", s.listRuns, runsRead)
	v1.GET("/runs/:id", s.getRun, runsRead)
	v1.GET("/runs/:id/plan.json", s.getRunPlan, plannersRead)
	v1.GET("/runs/:id/plan.geojson", s.getRunGeoJSON, plannersRead)
	dispatchers := allow(store.RoleDispatcher)
	dispatchersRead := allow(store.RoleDispatcher, store.RoleViewer)
	v1.POST("/bookings", s.createBooking, dispatchers)
	v1.GET("/bookings", s.listBookings, dispatchersRead)
	v1.POST("/bookings/import", s.importBookings, dispatchers)
	v1.GET("/bookings/:id", s.getBooking, dispatchersRead)
	v1.PATCH("/bookings/:id", s.patchBooking, dispatchers)
	v1.POST("/schedules", s.createSchedule, dispatchers)
	v1.GET("/schedules", s.listScheduleDates, dispatchersRead)
	v1.GET("/schedules/:date", s.getSchedule, dispatchersRead)
	v1.POST("/schedules/:date/dispatch", s.dispatch, dispatchers)
	v1.GET("/schedules/:date/routes/:vehicle", s.routeSheet, dispatchersRead)
	v1.POST("/vroom", s.vroom, allow(store.RolePlanner, store.RoleDispatcher))
	v1.POST("/keys", s.createKey, allow())
	v1.GET("/whoami", s.whoami)
	v1.GET("/regions/:name/basemap.geojson", s.getBasemap)
	s.ledger = newLedgerAPI(cfg.Store)
	s.ledger.routes(v1)
	return s, nil
}

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// Metrics returns the server's metrics (to observe jobs run in-process).
func (s *Server) Metrics() *Metrics { return s.metrics }

// requestID takes the client's X-Request-Id (if sane) or makes one, and
// answers it.
func (s *Server) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if len(id) == 0 || len(id) > 64 || !printable(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// logRequests writes one structured line per request: no keys, no bodies,
// no query strings (they may carry contact data), only the route template.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil {
			status = toProblem(err).Status
		}
		lvl := slog.LevelInfo
		if status >= 500 {
			lvl = slog.LevelWarn
		}
		if s.log.Enabled(c.Request().Context(), lvl) {
			attrs := []slog.Attr{slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
				slog.String("method", c.Request().Method), slog.String("route", c.Path()), slog.Int("status", status),
				slog.Float64("ms", float64(time.Since(start).Microseconds())/1000), slog.Int64("bytes_out", c.Response().Size)}
			if k := caller(c); k.ID != "" {
				attrs = append(attrs, slog.String("key_id", k.ID), slog.String("role", string(k.Role)))
			}
			s.log.LogAttrs(c.Request().Context(), lvl, "request", attrs...)
		}
		return err
	}
}

// recoverPanics turns a handler's panic into a 500 (logged with its stack)
// instead of a dropped connection.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.Error("panic", "request_id", c.Response().Header().Get(echo.HeaderXRequestID), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("api: panic: %v", r)
			}
		}()
		return next(c)
	}
}

// timeout bounds each request's context.
func (s *Server) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.Timeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the store answers (the database is reachable).
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("not ready", "err", err.Error())
		return problem(http.StatusServiceUnavailable, "the store does not answer")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
