package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is the PostgreSQL store (pgx v5 pool). Every method is one
// statement or one transaction; PostgreSQL is the only shared state of any
// number of `huishou serve` and `huishou worker` processes.
type Postgres struct {
	// Observe, when set before first use, is told each operation's
	// duration.
	Observe Observer

	pool *pgxpool.Pool
	// heads are the ledger's chain heads as this process last saw them.
	heads headCache
}

// NewPostgres returns a store over pool. The schema must be migrated
// (Migrate).
func NewPostgres(pool *pgxpool.Pool) *Postgres { return &Postgres{pool: pool} }

// OpenPool connects to the database at url (postgres://…; a search_path
// parameter selects the schema) and checks the connection.
func OpenPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: DATABASE_URL: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgx's default (4 on 2 cores) serialises commits behind their WAL
		// flushes; more connections let PostgreSQL group them. A
		// pool_max_conns parameter in the URL overrides this.
		cfg.MaxConns = 16
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	return pool, nil
}

// Pool returns the connection pool (shared with River).
func (p *Postgres) Pool() *pgxpool.Pool { return p.pool }

func (p *Postgres) observe(op string) func() {
	if p.Observe == nil {
		return func() {}
	}
	start := time.Now()
	return func() { p.Observe(op, time.Since(start)) }
}

// mapErr turns pgx's absent row into ErrNotFound, a unique violation
// into ErrConflict and a lost or refused connection into ErrUnavailable.
func mapErr(err error) error {
	if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || errors.Is(err, ErrUnavailable) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return ErrConflict
	}
	if unavailable(err) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return fmt.Errorf("store: %w", err)
}

// unavailable reports whether err means that the database cannot be
// reached or dropped the connection: connection errors, SQLSTATE class 08
// (connection exception), 57P01–57P03 (shutdown, crash, cannot connect
// now), 53300 (too many connections), network errors and a connection
// closed under the statement.
func unavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || pe.Code == "53300"
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	// pgconn's "conn closed" and puddle's "closed pool" errors are not
	// exported by pgx
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "closed pool") || strings.Contains(msg, "failed to connect")
}

// Ping checks that the database answers.
func (p *Postgres) Ping(ctx context.Context) error {
	defer p.observe("ping")()
	return mapErr(p.pool.Ping(ctx))
}

// Close closes the pool.
func (p *Postgres) Close() { p.pool.Close() }

// CreateKey stores k; ErrConflict if its ID exists.
func (p *Postgres) CreateKey(ctx context.Context, k Key) error {
	defer p.observe("create_key")()
	if k.CreatedAt.IsZero() {
		k.CreatedAt = time.Now().UTC()
	}
	_, err := p.pool.Exec(ctx, `INSERT INTO api_keys (id, name, role, hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
		k.ID, k.Name, string(k.Role), k.Hash, k.CreatedAt)
	return mapErr(err)
}

// GetKey returns the key with id.
func (p *Postgres) GetKey(ctx context.Context, id string) (Key, error) {
	defer p.observe("get_key")()
	var k Key
	var role string
	err := p.pool.QueryRow(ctx, `SELECT id, name, role, hash, created_at FROM api_keys WHERE id = $1`, id).
		Scan(&k.ID, &k.Name, &role, &k.Hash, &k.CreatedAt)
	k.Role = Role(role)
	return k, mapErr(err)
}

const scenarioCols = `name, base, description, spec, version, created_at, updated_at`

func scanScenario(row pgx.Row) (Scenario, error) {
	var s Scenario
	err := row.Scan(&s.Name, &s.Base, &s.Description, &s.Spec, &s.Version, &s.CreatedAt, &s.UpdatedAt)
	return s, mapErr(err)
}

// CreateScenario stores s at version 1; ErrConflict if its name exists.
func (p *Postgres) CreateScenario(ctx context.Context, s Scenario) (Scenario, error) {
	defer p.observe("create_scenario")()
	return scanScenario(p.pool.QueryRow(ctx, `INSERT INTO scenarios (name, base, description, spec, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 1, now(), now()) RETURNING `+scenarioCols, s.Name, s.Base, s.Description, s.Spec))
}

// GetScenario returns the scenario called name.
func (p *Postgres) GetScenario(ctx context.Context, name string) (Scenario, error) {
	defer p.observe("get_scenario")()
	return scanScenario(p.pool.QueryRow(ctx, `SELECT `+scenarioCols+` FROM scenarios WHERE name = $1`, name))
}

// ListScenarios returns all user scenarios by name.
func (p *Postgres) ListScenarios(ctx context.Context) ([]Scenario, error) {
	defer p.observe("list_scenarios")()
	rows, err := p.pool.Query(ctx, `SELECT `+scenarioCols+` FROM scenarios ORDER BY name`)
	if err != nil {
		return nil, mapErr(err)
	}
	out := []Scenario{}
	for rows.Next() {
		s, err := scanScenario(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, s)
	}
	return out, mapErr(rows.Err())
}

// UpdateScenario replaces the base, description and spec of the scenario
// s.Name. With version > 0 the stored version must match (else
// ErrConflict).
func (p *Postgres) UpdateScenario(ctx context.Context, s Scenario, version int64) (Scenario, error) {
	defer p.observe("update_scenario")()
	out, err := scanScenario(p.pool.QueryRow(ctx, `UPDATE scenarios SET base = $2, description = $3, spec = $4,
		version = version + 1, updated_at = now() WHERE name = $1 AND ($5 = 0 OR version = $5) RETURNING `+scenarioCols,
		s.Name, s.Base, s.Description, s.Spec, version))
	if errors.Is(err, ErrNotFound) && version > 0 {
		if _, gerr := p.GetScenario(ctx, s.Name); gerr == nil {
			return Scenario{}, ErrConflict
		}
	}
	return out, err
}

// DeleteScenario removes the scenario called name.
func (p *Postgres) DeleteScenario(ctx context.Context, name string) error {
	defer p.observe("delete_scenario")()
	tag, err := p.pool.Exec(ctx, `DELETE FROM scenarios WHERE name = $1`, name)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

const runCols = `id, kind, scenario, params, status, progress, best_cost, bound, error, result, geojson, attempt, created_at, started_at, finished_at`

func scanRun(row pgx.Row) (Run, error) {
	var r Run
	err := row.Scan(&r.ID, &r.Kind, &r.Scenario, &r.Params, &r.Status, &r.Progress, &r.BestCost, &r.Bound, &r.Error,
		&r.Result, &r.GeoJSON, &r.Attempt, &r.CreatedAt, &r.StartedAt, &r.FinishedAt)
	return r, mapErr(err)
}

// CreateRun stores r as queued; ErrConflict if its ID exists.
func (p *Postgres) CreateRun(ctx context.Context, r Run) (Run, error) {
	defer p.observe("create_run")()
	return scanRun(p.pool.QueryRow(ctx, `INSERT INTO runs (id, kind, scenario, params, status, created_at)
		VALUES ($1, $2, $3, $4, 'queued', now()) RETURNING `+runCols, r.ID, r.Kind, r.Scenario, r.Params))
}

// GetRun returns the run with id.
func (p *Postgres) GetRun(ctx context.Context, id string) (Run, error) {
	defer p.observe("get_run")()
	return scanRun(p.pool.QueryRow(ctx, `SELECT `+runCols+` FROM runs WHERE id = $1`, id))
}

// ListRuns returns the runs matching f, newest first.
func (p *Postgres) ListRuns(ctx context.Context, f RunFilter) ([]Run, error) {
	defer p.observe("list_runs")()
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := p.pool.Query(ctx, `SELECT `+runCols+` FROM runs
		WHERE ($1 = '' OR kind = $1) AND ($2 = '' OR scenario = $2) AND ($3 = '' OR status = $3)
		ORDER BY created_at DESC, id DESC LIMIT $4`, f.Kind, f.Scenario, f.Status, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}

// runState tells ErrNotFound from ErrConflict after an update matched no
// row.
func (p *Postgres) runState(ctx context.Context, id string) error {
	var status string
	if err := p.pool.QueryRow(ctx, `SELECT status FROM runs WHERE id = $1`, id).Scan(&status); err != nil {
		return mapErr(err)
	}
	return ErrConflict
}

// ClaimRun marks the run running for a worker (again, after a crash) and
// counts the attempt. A run already done or failed is ErrConflict.
func (p *Postgres) ClaimRun(ctx context.Context, id string) (Run, error) {
	defer p.observe("claim_run")()
	r, err := scanRun(p.pool.QueryRow(ctx, `UPDATE runs SET status = 'running', started_at = now(), attempt = attempt + 1,
		progress = 0, best_cost = NULL, bound = NULL
		WHERE id = $1 AND status IN ('queued', 'running') RETURNING `+runCols, id))
	if errors.Is(err, ErrNotFound) {
		return Run{}, p.runState(ctx, id)
	}
	return r, err
}

// UpdateRunProgress records a running run's progress; best and bound may
// be nil (unchanged). A run not running is ErrConflict.
func (p *Postgres) UpdateRunProgress(ctx context.Context, id string, progress float64, best, bound *float64) error {
	defer p.observe("update_run_progress")()
	tag, err := p.pool.Exec(ctx, `UPDATE runs SET progress = $2, best_cost = COALESCE($3, best_cost), bound = COALESCE($4, bound)
		WHERE id = $1 AND status = 'running'`, id, progress, best, bound)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return p.runState(ctx, id)
	}
	return nil
}

// FinishRun marks a run done with its result. A run already done or
// failed is ErrConflict.
func (p *Postgres) FinishRun(ctx context.Context, id string, result, geojson []byte) error {
	defer p.observe("finish_run")()
	tag, err := p.pool.Exec(ctx, `UPDATE runs SET status = 'done', progress = 1, result = $2, geojson = $3, finished_at = now()
		WHERE id = $1 AND status IN ('queued', 'running')`, id, result, geojson)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return p.runState(ctx, id)
	}
	return nil
}

// FailRun marks a run failed with the reason. A run already done or
// failed is ErrConflict.
func (p *Postgres) FailRun(ctx context.Context, id, reason string) error {
	defer p.observe("fail_run")()
	tag, err := p.pool.Exec(ctx, `UPDATE runs SET status = 'failed', error = $2, finished_at = now()
		WHERE id = $1 AND status IN ('queued', 'running')`, id, reason)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return p.runState(ctx, id)
	}
	return nil
}

// QueueStats counts the queued and running runs and the age of the oldest
// queued one.
func (p *Postgres) QueueStats(ctx context.Context) (QueueStats, error) {
	defer p.observe("queue_stats")()
	var q QueueStats
	var oldest float64
	err := p.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running'),
		COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE status = 'queued')), 0)::float8
		FROM runs WHERE status IN ('queued', 'running')`).Scan(&q.Queued, &q.Running, &oldest)
	q.Oldest = time.Duration(oldest * float64(time.Second))
	return q, mapErr(err)
}

const bookingCols = `id, seq, earliest, latest, county, status, kind, doc, version, created_at, updated_at`

func scanBooking(row pgx.Row) (Booking, error) {
	var b Booking
	err := row.Scan(&b.ID, &b.Seq, &b.Earliest, &b.Latest, &b.County, &b.Status, &b.Kind, &b.Doc, &b.Version, &b.Created, &b.Updated)
	return b, mapErr(err)
}

const insertBooking = `INSERT INTO bookings (id, earliest, latest, county, status, kind, doc, version, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, 1, now(), now()) `

// CreateBooking stores b at version 1 with the next Seq. With idem, the
// key is recorded with the booking in one transaction; when the key exists
// already nothing is stored and the remembered answer is returned instead.
// A booking whose ID exists is ErrConflict.
func (p *Postgres) CreateBooking(ctx context.Context, b Booking, idem *Idempotency) (Booking, *Idempotency, error) {
	defer p.observe("create_booking")()
	if idem == nil {
		out, err := scanBooking(p.pool.QueryRow(ctx, insertBooking+`RETURNING `+bookingCols,
			b.ID, b.Earliest, b.Latest, b.County, b.Status, b.Kind, b.Doc))
		return out, nil, err
	}
	var out Booking
	var old *Idempotency
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (key, request_hash, status, body) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO NOTHING`, idem.Key, idem.RequestHash, idem.Status, idem.Body)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var rec Idempotency
			if err := tx.QueryRow(ctx, `SELECT key, request_hash, status, body, created_at FROM idempotency_keys WHERE key = $1`, idem.Key).
				Scan(&rec.Key, &rec.RequestHash, &rec.Status, &rec.Body, &rec.CreatedAt); err != nil {
				return err
			}
			old = &rec
			return nil
		}
		out, err = scanBooking(tx.QueryRow(ctx, insertBooking+`RETURNING `+bookingCols,
			b.ID, b.Earliest, b.Latest, b.County, b.Status, b.Kind, b.Doc))
		return err
	})
	if err != nil {
		return Booking{}, nil, mapErr(err)
	}
	return out, old, nil
}

// CreateBookings stores many bookings at once (an import), in one round
// trip per 1000. errs[i] is ErrConflict for a booking whose ID exists (in
// the store or earlier in bs); the others are stored, in order.
func (p *Postgres) CreateBookings(ctx context.Context, bs []Booking) ([]Booking, []error, error) {
	defer p.observe("create_bookings")()
	out := make([]Booking, len(bs))
	errs := make([]error, len(bs))
	for lo := 0; lo < len(bs); lo += 1000 {
		hi := min(lo+1000, len(bs))
		batch := &pgx.Batch{}
		for _, b := range bs[lo:hi] {
			batch.Queue(insertBooking+`ON CONFLICT (id) DO NOTHING RETURNING `+bookingCols,
				b.ID, b.Earliest, b.Latest, b.County, b.Status, b.Kind, b.Doc)
		}
		res := p.pool.SendBatch(ctx, batch)
		for i := lo; i < hi; i++ {
			out[i], errs[i] = scanBooking(res.QueryRow())
			if errors.Is(errs[i], ErrNotFound) {
				errs[i] = ErrConflict
			} else if errs[i] != nil {
				res.Close()
				return nil, nil, errs[i]
			}
		}
		if err := res.Close(); err != nil {
			return nil, nil, mapErr(err)
		}
	}
	return out, errs, nil
}

// GetBooking returns the booking with id.
func (p *Postgres) GetBooking(ctx context.Context, id string) (Booking, error) {
	defer p.observe("get_booking")()
	return scanBooking(p.pool.QueryRow(ctx, `SELECT `+bookingCols+` FROM bookings WHERE id = $1`, id))
}

// ListBookings returns the bookings matching f in order of Seq.
func (p *Postgres) ListBookings(ctx context.Context, f BookingFilter) ([]Booking, error) {
	defer p.observe("list_bookings")()
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := p.pool.Query(ctx, `SELECT `+bookingCols+` FROM bookings
		WHERE seq > $1 AND ($2 = '' OR (earliest <= $2 AND $2 <= latest)) AND ($3 = '' OR county = $3)
		AND ($4 = '' OR status = $4) AND ($5 = '' OR kind = $5)
		ORDER BY seq LIMIT $6`, f.After, f.Date, f.County, f.Status, f.Kind, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	var out []Booking
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, b)
	}
	return out, mapErr(rows.Err())
}

// UpdateBooking replaces the document and columns of booking b.ID (not its
// Seq). With version > 0 the stored version must match (else ErrConflict).
func (p *Postgres) UpdateBooking(ctx context.Context, b Booking, version int64) (Booking, error) {
	defer p.observe("update_booking")()
	out, err := scanBooking(p.pool.QueryRow(ctx, `UPDATE bookings SET earliest = $2, latest = $3, county = $4, status = $5,
		kind = $6, doc = $7, version = version + 1, updated_at = now()
		WHERE id = $1 AND ($8 = 0 OR version = $8) RETURNING `+bookingCols,
		b.ID, b.Earliest, b.Latest, b.County, b.Status, b.Kind, b.Doc, version))
	if errors.Is(err, ErrNotFound) && version > 0 {
		if _, gerr := p.GetBooking(ctx, b.ID); gerr == nil {
			return Booking{}, ErrConflict
		}
	}
	return out, err
}

// UpdateBookingTx is UpdateBooking with more work in the same
// transaction: also runs after the update (e.g. the ledger's append of a
// "collected" event when a stop is done); its error rolls both back.
func (p *Postgres) UpdateBookingTx(ctx context.Context, b Booking, version int64, also func(ctx context.Context, tx pgx.Tx) error) (Booking, error) {
	defer p.observe("update_booking_tx")()
	var out Booking
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		var err error
		out, err = scanBooking(tx.QueryRow(ctx, `UPDATE bookings SET earliest = $2, latest = $3, county = $4, status = $5,
			kind = $6, doc = $7, version = version + 1, updated_at = now()
			WHERE id = $1 AND ($8 = 0 OR version = $8) RETURNING `+bookingCols,
			b.ID, b.Earliest, b.Latest, b.County, b.Status, b.Kind, b.Doc, version))
		if errors.Is(err, ErrNotFound) && version > 0 {
			var n int
			if tx.QueryRow(ctx, `SELECT 1 FROM bookings WHERE id = $1`, b.ID).Scan(&n) == nil {
				return ErrConflict
			}
		}
		if err != nil {
			return err
		}
		if also != nil {
			return also(ctx, tx)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) {
			return Booking{}, err
		}
		return Booking{}, mapErr(err)
	}
	return out, nil
}

// SetBookingStatus sets the status of the bookings ids (those that exist)
// and returns how many it changed.
func (p *Postgres) SetBookingStatus(ctx context.Context, ids []string, status string) (int, error) {
	defer p.observe("set_booking_status")()
	tag, err := p.pool.Exec(ctx, `UPDATE bookings SET status = $2, version = version + 1, updated_at = now()
		WHERE id = ANY($1) AND status <> $2`, ids, status)
	if err != nil {
		return 0, mapErr(err)
	}
	return int(tag.RowsAffected()), nil
}

// PutDayPlan stores the plan of d.Date. With version > 0 the stored
// version must match (else ErrConflict); version 0 replaces whatever is
// there. It returns the stored plan with its new version.
func (p *Postgres) PutDayPlan(ctx context.Context, d DayPlan, version int64) (DayPlan, error) {
	defer p.observe("put_day_plan")()
	disp := slices.Clone(d.Dispatched)
	if disp == nil {
		disp = []string{}
	}
	slices.Sort(disp)
	var out DayPlan
	var err error
	if version > 0 {
		err = p.pool.QueryRow(ctx, `UPDATE day_plans SET run = $2, doc = $3, dispatched = $4, version = version + 1, updated_at = now()
			WHERE date = $1 AND version = $5 RETURNING date, run, doc, dispatched, version, updated_at`,
			d.Date, d.Run, d.Doc, disp, version).Scan(&out.Date, &out.Run, &out.Doc, &out.Dispatched, &out.Version, &out.Updated)
		if errors.Is(err, pgx.ErrNoRows) {
			return DayPlan{}, ErrConflict
		}
	} else {
		err = p.pool.QueryRow(ctx, `INSERT INTO day_plans (date, run, doc, dispatched, version, updated_at) VALUES ($1, $2, $3, $4, 1, now())
			ON CONFLICT (date) DO UPDATE SET run = $2, doc = $3, dispatched = $4, version = day_plans.version + 1, updated_at = now()
			RETURNING date, run, doc, dispatched, version, updated_at`,
			d.Date, d.Run, d.Doc, disp).Scan(&out.Date, &out.Run, &out.Doc, &out.Dispatched, &out.Version, &out.Updated)
	}
	return out, mapErr(err)
}

// GetDayPlan returns the plan of date.
func (p *Postgres) GetDayPlan(ctx context.Context, date string) (DayPlan, error) {
	defer p.observe("get_day_plan")()
	var d DayPlan
	err := p.pool.QueryRow(ctx, `SELECT date, run, doc, dispatched, version, updated_at FROM day_plans WHERE date = $1`, date).
		Scan(&d.Date, &d.Run, &d.Doc, &d.Dispatched, &d.Version, &d.Updated)
	return d, mapErr(err)
}

// DayPlanVersion returns the version of the plan of date (cheap: no
// document), for caches.
func (p *Postgres) DayPlanVersion(ctx context.Context, date string) (int64, error) {
	defer p.observe("day_plan_version")()
	var v int64
	err := p.pool.QueryRow(ctx, `SELECT version FROM day_plans WHERE date = $1`, date).Scan(&v)
	return v, mapErr(err)
}

// ListDayPlans returns the dates with a plan from..to (inclusive,
// YYYY-MM-DD; empty means open), in order.
func (p *Postgres) ListDayPlans(ctx context.Context, from, to string) ([]string, error) {
	defer p.observe("list_day_plans")()
	rows, err := p.pool.Query(ctx, `SELECT date FROM day_plans WHERE ($1 = '' OR date >= $1) AND ($2 = '' OR date <= $2) ORDER BY date`, from, to)
	if err != nil {
		return nil, mapErr(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, mapErr(err)
}
