package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/huishou/huishou/api/ledger"
)

// Ledger returns the work ledger's store in PostgreSQL (tables
// ledger_events, ledger_heads, ledger_facts; migration 00100).
func (p *Postgres) Ledger() *PostgresLedger { return &PostgresLedger{p: p, db: p.pool} }

// pgDB is what the ledger store runs its statements on: the pool, or a
// caller's transaction (WithTx).
type pgDB interface {
	Begin(ctx context.Context) (pgx.Tx, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// PostgresLedger is a ledger.Store in PostgreSQL.
//
// Appends are row-locked, not serialisable: an append runs in one READ
// COMMITTED transaction that first locks its site's row of ledger_heads
// (SELECT … FOR UPDATE, the row made on the site's first event). Every
// append to a site takes that lock, so they run one at a time in lock
// order, and each reads the head its predecessor committed (PostgreSQL
// re-reads a row locked FOR UPDATE at its latest committed version): the
// chain cannot fork, and the client-id check made after the lock sees
// every earlier append of the site, where a retry (same event, same site)
// necessarily is. Appends to different sites do not wait for each other.
// The unique keys (site, seq) and client_id back this up: a violation
// aborts the transaction, nothing half-written stays. The monthly facts of
// the event are logged in the same transaction (ledger_fact_log: inserts
// only, so appends never wait for each other's fact rows) and so stay
// consistent with the events at every commit; every 4096th append folds
// the log into ledger_facts, and reports read both (migration 00102).
//
// On the pool an append is one round trip: the event is built (its seq,
// prev and hash computed in Go) on the head this process last saw for the
// site, and the server function ledger_append (migrations 00102, 00103)
// answers a stored client id as a retry, moves the head from the one the
// event continues to the event with a conditional UPDATE (which takes the
// head's lock, and re-checks the condition when it waited for another
// append of the site), stores the event, logs its facts, and commits. When the head has moved
// (another process appended, or this one has not seen the site yet) the
// function returns the head and the event is rebuilt on it. Adjustments,
// whose facts depend on the events they correct, and appends inside a
// caller's transaction take the two-round-trip path (append).
type PostgresLedger struct {
	p  *Postgres
	db pgDB
	tx bool // db is a caller's transaction
}

// WithTx returns the ledger store working inside tx: Append writes there
// and commits nothing, so that the caller can change a booking's status
// and record its collected event in one transaction.
func (l *PostgresLedger) WithTx(tx pgx.Tx) *PostgresLedger {
	return &PostgresLedger{p: l.p, db: tx, tx: true}
}

var _ ledger.Store = (*PostgresLedger)(nil)

// pgConn is what an append runs its statements on: a connection of the
// pool (the append sends BEGIN and COMMIT in its batches) or a savepoint
// of a caller's transaction.
type pgConn interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Append implements ledger.Store. On the pool an append takes two round
// trips: BEGIN with the head's lock and the client-id lookup, then the
// insert, the head's update, the facts and COMMIT (an adjustment reads
// the event it corrects in between).
func (l *PostgresLedger) Append(ctx context.Context, site, clientID string, build func(ledger.Head) (ledger.Event, error)) (ledger.Event, bool, error) {
	defer l.p.observe("ledger_append")()
	if l.tx {
		sp, err := l.db.Begin(ctx) // a savepoint of the caller's transaction
		if err != nil {
			return ledger.Event{}, false, mapErr(err)
		}
		defer sp.Rollback(ctx)
		e, dup, err := l.append(ctx, sp, false, site, clientID, build)
		if err == nil {
			err = mapErr(sp.Commit(ctx))
		}
		return e, dup, err
	}
	e, dup, done, err := l.appendOne(ctx, site, clientID, build)
	if done || err != nil {
		return e, dup, err
	}
	c, err := l.p.pool.Acquire(ctx)
	if err != nil {
		return ledger.Event{}, false, mapErr(err)
	}
	defer c.Release()
	e, dup, err = l.append(ctx, c, true, site, clientID, build)
	if err == nil {
		l.p.heads.advance(site, ledger.Head{Seq: e.Seq, Hash: e.Hash})
	} else {
		// Leave the connection outside any transaction (ROLLBACK after
		// COMMIT or outside a transaction only warns).
		if _, rerr := c.Exec(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
			c.Conn().Close(context.WithoutCancel(ctx))
		}
	}
	return e, dup, err
}

// appendTries bounds the one-round-trip attempts of an append whose head
// keeps moving (other processes appending to the site); then it takes
// the lock for its whole build (append).
const appendTries = 4

// appendCall is the one round trip of an append (migration 00102).
const appendCall = `SELECT status, head_seq, head_hash, stored FROM ledger_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
	$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)`

// appendOne appends in one round trip per attempt (see PostgresLedger).
// done is false when the append is left to the locked path: an
// adjustment, or a head that kept moving.
func (l *PostgresLedger) appendOne(ctx context.Context, site, clientID string, build func(ledger.Head) (ledger.Event, error)) (e ledger.Event, dup, done bool, err error) {
	h := l.p.heads.get(site)
	for range appendTries {
		e, err := build(h)
		if err != nil {
			return ledger.Event{}, false, true, err
		}
		if e.Site != site || e.Seq != h.Seq+1 || e.Prev != h.Hash {
			return ledger.Event{}, false, true, fmt.Errorf("store: ledger event %s does not continue the chain of %s at %d", e.ID, site, h.Seq)
		}
		if e.Type == ledger.Adjusted {
			return ledger.Event{}, false, false, nil
		}
		var status int16
		var got ledger.Head
		var doc []byte
		err = l.p.pool.QueryRow(ctx, appendCall, appendArgs(&e)...).Scan(&status, &got.Seq, &got.Hash, &doc)
		if err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Code == "23505" && strings.Contains(pe.ConstraintName, "client_id") {
				// The same client id on another site, committed meanwhile:
				// not a retry of this event (the ledger reports the conflict).
				other, gerr := scanEvent(l.p.pool.QueryRow(ctx, `SELECT doc FROM ledger_events WHERE client_id = $1`, clientID))
				if gerr == nil {
					return other, true, true, nil
				}
			}
			return ledger.Event{}, false, true, mapErr(err)
		}
		switch status {
		case 0:
			l.p.heads.advance(site, got)
			return e, false, true, nil
		case 1: // got is the stored event's place, maybe of another site
			stored, err := ledger.DecodeEvent(doc)
			if err != nil {
				return ledger.Event{}, false, true, fmt.Errorf("store: ledger row: %w", err)
			}
			return stored, true, true, nil
		case 2:
			h = got
			l.p.heads.set(site, got)
		default:
			return ledger.Event{}, false, true, fmt.Errorf("store: ledger_append: status %d", status)
		}
	}
	return ledger.Event{}, false, false, nil
}

// appendArgs returns the arguments of appendCall for e (not an
// adjustment): the event's columns and its monthly facts, sorted by key,
// as arrays.
func appendArgs(e *ledger.Event) []any {
	doc := ledger.AppendLine(nil, e)
	doc = doc[:len(doc)-1]
	var corrects *string
	if e.Corrects != "" {
		corrects = &e.Corrects
	}
	facts := eventFacts(e)
	n := len(facts)
	months := make([]time.Time, n)
	county, category, producer, subsidy := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	var ints [8][]int64
	var floats [4][]float64
	for i := range ints {
		ints[i] = make([]int64, n)
	}
	for i := range floats {
		floats[i] = make([]float64, n)
	}
	for i, f := range facts {
		d := ledger.DayTime(f.k.Day)
		months[i] = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		county[i], category[i], producer[i], subsidy[i] = f.k.County, f.k.Category, f.k.Producer, f.k.Subsidy
		x := &f.m
		ints[0][i], floats[0][i], ints[1][i], floats[1][i] = x.CollectedUnits, x.CollectedKg, x.Bookings, x.BookingDays
		ints[2][i], ints[3][i], ints[4][i] = x.Timed, x.OnTime, x.TradeIns
		ints[5][i], floats[2][i], ints[6][i], floats[3][i], ints[7][i] = x.HandedUnits, x.HandedKg, x.LicensedUnits, x.LicensedKg, x.Simulated
	}
	return []any{e.Site, e.ClientID, e.Seq, e.Prev, e.Hash, e.ID, string(e.Type), e.Time, e.County, corrects, doc,
		months, county, category, producer, subsidy,
		ints[0], floats[0], ints[1], floats[1], ints[2], ints[3], ints[4], ints[5], floats[2], ints[6], floats[3], ints[7]}
}

// headCache holds the chain head this process last saw for each site: the
// guess on which a one-round-trip append builds its event. A wrong guess
// costs a round trip, never a wrong event (the server checks it).
type headCache struct {
	mu sync.Mutex
	m  map[string]ledger.Head
}

func (c *headCache) get(site string) ledger.Head {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[site]
}

// advance records h unless a later head of the site is known (appends of
// one site may return in any order).
func (c *headCache) advance(site string, h ledger.Head) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]ledger.Head{}
	}
	if h.Seq >= c.m[site].Seq {
		c.m[site] = h
	}
}

// set records h, the head the server found under the lock.
func (c *headCache) set(site string, h ledger.Head) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]ledger.Head{}
	}
	c.m[site] = h
}

// lockHead is the first statement of an append: the site's head, locked,
// and the event already stored under the client id, if any.
const lockHead = `SELECT h.seq, h.hash, e.doc FROM ledger_heads h LEFT JOIN ledger_events e ON e.client_id = $2
	WHERE h.site = $1 FOR UPDATE OF h`

// append runs one append on c; own tells whether it sends BEGIN and
// COMMIT itself.
func (l *PostgresLedger) append(ctx context.Context, c pgConn, own bool, site, clientID string, build func(ledger.Head) (ledger.Event, error)) (ledger.Event, bool, error) {
	var h ledger.Head
	var doc []byte
	head := func(first bool) error {
		b := &pgx.Batch{}
		if first && own {
			b.Queue("BEGIN")
		}
		if !first {
			b.Queue(`INSERT INTO ledger_heads (site, seq, hash) VALUES ($1, 0, '') ON CONFLICT (site) DO NOTHING`, site)
		}
		b.Queue(lockHead, site, clientID).QueryRow(func(row pgx.Row) error { return row.Scan(&h.Seq, &h.Hash, &doc) })
		return c.SendBatch(ctx, b).Close()
	}
	err := head(true)
	if errors.Is(err, pgx.ErrNoRows) { // the site's first event
		err = head(false)
	}
	if err != nil {
		return ledger.Event{}, false, mapErr(err)
	}
	if doc != nil {
		e, err := ledger.DecodeEvent(doc)
		if err != nil {
			return ledger.Event{}, false, fmt.Errorf("store: ledger row: %w", err)
		}
		if own {
			if _, err := c.Exec(ctx, "COMMIT"); err != nil {
				return ledger.Event{}, false, mapErr(err)
			}
		}
		return e, true, nil
	}
	e, err := build(h)
	if err != nil {
		return ledger.Event{}, false, err
	}
	if e.Site != site || e.Seq != h.Seq+1 || e.Prev != h.Hash {
		return ledger.Event{}, false, fmt.Errorf("store: ledger event %s does not continue the chain of %s at %d", e.ID, site, h.Seq)
	}
	facts, err := l.factsOf(ctx, c, &e)
	if err != nil {
		return ledger.Event{}, false, err
	}
	doc = ledger.AppendLine(nil, &e)
	doc = doc[:len(doc)-1]
	var corrects *string
	if e.Corrects != "" {
		corrects = &e.Corrects
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO ledger_events (id, site, seq, client_id, type, time, county, corrects, hash, prev, doc)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, e.Site, e.Seq, e.ClientID, string(e.Type), e.Time, e.County, corrects, e.Hash, e.Prev, doc)
	b.Queue(`UPDATE ledger_heads SET seq = $2, hash = $3 WHERE site = $1`, site, e.Seq, e.Hash)
	for _, f := range facts {
		x := f.m
		b.Queue(`INSERT INTO ledger_fact_log VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			monthOf(f.k.Day), f.k.County, f.k.Category, f.k.Producer, f.k.Subsidy,
			x.CollectedUnits, x.CollectedKg, x.Bookings, x.BookingDays, x.Timed, x.OnTime, x.TradeIns,
			x.HandedUnits, x.HandedKg, x.LicensedUnits, x.LicensedKg, x.Simulated)
	}
	if own {
		b.Queue("COMMIT")
	}
	if err := c.SendBatch(ctx, b).Close(); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23505" && strings.Contains(pe.ConstraintName, "client_id") {
			// The same client id on another site, committed meanwhile:
			// not a retry of this event (the ledger reports the conflict).
			if own {
				c.Exec(ctx, "ROLLBACK")
			}
			other, gerr := scanEvent(l.p.pool.QueryRow(ctx, `SELECT doc FROM ledger_events WHERE client_id = $1`, clientID))
			if gerr == nil && own {
				return other, true, nil
			}
		}
		return ledger.Event{}, false, mapErr(err)
	}
	return e, false, nil
}

// factsOf returns the daily facts of a new event, sorted by key. An
// adjustment's are the difference it makes to the event it corrects,
// whose items so far come from its latest adjustment (all of them are of
// the same site, whose lock this transaction holds).
func (l *PostgresLedger) factsOf(ctx context.Context, tx pgConn, e *ledger.Event) ([]fact, error) {
	if e.Type != ledger.Adjusted {
		return eventFacts(e), nil
	}
	m := map[ledger.FactKey]*ledger.Measures{}
	emit := func(k ledger.FactKey, x ledger.Measures) {
		c := m[k]
		if c == nil {
			c = &ledger.Measures{}
			m[k] = c
		}
		c.Add(&x)
	}
	{
		rows, err := tx.Query(ctx, `SELECT doc FROM ledger_events WHERE site = $2 AND (id = $1 OR corrects = $1) ORDER BY seq`, e.Corrects, e.Site)
		if err != nil {
			return nil, mapErr(err)
		}
		var docs []ledger.Event
		for rows.Next() {
			d, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapErr(err)
		}
		if len(docs) > 0 && docs[0].ID == e.Corrects {
			orig := docs[0]
			ledger.EffectFacts(&orig, docs[len(docs)-1].Items, -1, e.Time, emit)
			ledger.EffectFacts(&orig, e.Items, 1, e.Time, emit)
		}
	}
	return sortedFacts(m), nil
}

// eventFacts returns the facts of an event that is not an adjustment,
// sorted by key.
func eventFacts(e *ledger.Event) []fact {
	m := map[ledger.FactKey]*ledger.Measures{}
	ledger.EffectFacts(e, e.Items, 1, e.Time, func(k ledger.FactKey, x ledger.Measures) {
		c := m[k]
		if c == nil {
			c = &ledger.Measures{}
			m[k] = c
		}
		c.Add(&x)
	})
	return sortedFacts(m)
}

func sortedFacts(m map[ledger.FactKey]*ledger.Measures) []fact {
	out := make([]fact, 0, len(m))
	for k, x := range m {
		out = append(out, fact{k, *x})
	}
	slices.SortFunc(out, func(a, b fact) int { return compareKey(a.k, b.k) })
	return out
}

type fact struct {
	k ledger.FactKey
	m ledger.Measures
}

func compareKey(a, b ledger.FactKey) int {
	switch {
	case a.Day != b.Day:
		return int(a.Day - b.Day)
	case a.County != b.County:
		return strings.Compare(a.County, b.County)
	case a.Category != b.Category:
		return strings.Compare(a.Category, b.Category)
	case a.Producer != b.Producer:
		return strings.Compare(a.Producer, b.Producer)
	}
	return strings.Compare(a.Subsidy, b.Subsidy)
}

// monthOf returns the first day of the month of day key k, YYYY-MM-01.
func monthOf(k int32) string { return ledger.DayTime(k).Format("2006-01") + "-01" }

// factCols are the measure columns of ledger_facts, in Measures order.
const factCols = `collected_units, collected_kg, bookings, booking_days, timed, on_time, trade_ins,
	handed_units, handed_kg, licensed_units, licensed_kg, simulated`

// factUpsert adds the inserted measures to an existing row.
const factUpsert = ` ON CONFLICT (month, county, category, producer, subsidy, stripe) DO UPDATE SET
	collected_units = f.collected_units + EXCLUDED.collected_units, collected_kg = f.collected_kg + EXCLUDED.collected_kg,
	bookings = f.bookings + EXCLUDED.bookings, booking_days = f.booking_days + EXCLUDED.booking_days,
	timed = f.timed + EXCLUDED.timed, on_time = f.on_time + EXCLUDED.on_time, trade_ins = f.trade_ins + EXCLUDED.trade_ins,
	handed_units = f.handed_units + EXCLUDED.handed_units, handed_kg = f.handed_kg + EXCLUDED.handed_kg,
	licensed_units = f.licensed_units + EXCLUDED.licensed_units, licensed_kg = f.licensed_kg + EXCLUDED.licensed_kg,
	simulated = f.simulated + EXCLUDED.simulated`

// queueFacts queues the upsert of the facts (sorted by key) into stripe,
// adding their measures to the rows: one statement of up to 64 rows.
func queueFacts(b *pgx.Batch, facts []fact, stripe int16) {
	for len(facts) > 0 {
		n := min(len(facts), 64)
		var sb strings.Builder
		sb.WriteString(`INSERT INTO ledger_facts AS f (month, county, category, producer, subsidy, stripe, ` + factCols + `) VALUES `)
		args := make([]any, 0, n*18)
		for i, f := range facts[:n] {
			if i > 0 {
				sb.WriteByte(',')
			}
			k := len(args)
			fmt.Fprintf(&sb, "($%d::date,$%d,$%d,$%d,$%d,$%d::smallint", k+1, k+2, k+3, k+4, k+5, k+6)
			for j := 7; j <= 18; j++ {
				fmt.Fprintf(&sb, ",$%d", k+j)
			}
			sb.WriteByte(')')
			x := f.m
			args = append(args, monthOf(f.k.Day), f.k.County, f.k.Category, f.k.Producer, f.k.Subsidy, stripe,
				x.CollectedUnits, x.CollectedKg, x.Bookings, x.BookingDays, x.Timed, x.OnTime, x.TradeIns,
				x.HandedUnits, x.HandedKg, x.LicensedUnits, x.LicensedKg, x.Simulated)
		}
		sb.WriteString(factUpsert)
		b.Queue(sb.String(), args...)
		facts = facts[n:]
	}
}

func scanEvent(row pgx.Row) (ledger.Event, error) {
	var doc []byte
	if err := row.Scan(&doc); err != nil {
		return ledger.Event{}, mapErr(err)
	}
	e, err := ledger.DecodeEvent(doc)
	if err != nil {
		return ledger.Event{}, fmt.Errorf("store: ledger row: %w", err)
	}
	return e, nil
}

// Get implements ledger.Store.
func (l *PostgresLedger) Get(ctx context.Context, id string) (ledger.Event, error) {
	defer l.p.observe("ledger_get")()
	i := strings.LastIndexByte(id, '/')
	seq, perr := strconv.ParseInt(id[i+1:], 10, 64)
	if i < 0 || perr != nil {
		return ledger.Event{}, fmt.Errorf("%w: %q", ledger.ErrNotFound, id)
	}
	e, err := scanEvent(l.db.QueryRow(ctx, `SELECT doc FROM ledger_events WHERE site = $1 AND seq = $2`, id[:i], seq))
	if errors.Is(err, ErrNotFound) {
		return ledger.Event{}, fmt.Errorf("%w: %q", ledger.ErrNotFound, id)
	}
	return e, err
}

// Scan implements ledger.Store: events in storage order (each site's in
// chain order, as a site's appends commit one after the other).
func (l *PostgresLedger) Scan(ctx context.Context, fn func(ledger.Event) error) error {
	return l.ScanFilter(ctx, ledger.Filter{}, fn)
}

// ScanFilter calls fn with the events that pass f, in storage order.
func (l *PostgresLedger) ScanFilter(ctx context.Context, f ledger.Filter, fn func(ledger.Event) error) error {
	defer l.p.observe("ledger_scan")()
	where, args := []string{"true"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Site != "" {
		add("site = $%d", f.Site)
	}
	if f.Type != "" {
		add("type = $%d", string(f.Type))
	}
	if f.County != "" {
		add("county = $%d", f.County)
	}
	if !f.From.IsZero() {
		add("time >= $%d", f.From)
	}
	if !f.To.IsZero() {
		add("time < $%d", f.To)
	}
	if f.After > 0 {
		add("gid > $%d", f.After)
	}
	q := `SELECT gid, doc FROM ledger_events WHERE ` + strings.Join(where, " AND ") + ` ORDER BY gid`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := l.db.Query(ctx, q, args...)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var gid int64
		var doc []byte
		if err := rows.Scan(&gid, &doc); err != nil {
			return mapErr(err)
		}
		e, err := ledger.DecodeEvent(doc)
		if err != nil {
			return fmt.Errorf("store: ledger row %d: %w", gid, err)
		}
		e.Pos = gid
		if err := fn(e); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// FactsFor returns the facts of period p added up per county, category,
// producer and subsidy class (their Day is p's first day): what
// ledger.BuildStoreReport reads instead of scanning the events. The table
// holds months: a period of whole months (a month, quarter or year) reads
// it; any other period is aggregated from the events.
func (l *PostgresLedger) FactsFor(ctx context.Context, p ledger.Period) (ledger.Facts, error) {
	defer l.p.observe("ledger_facts")()
	monthly := func(t time.Time) bool { return t.Day() == 1 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 }
	if !monthly(p.Start.In(ledger.China)) || !monthly(p.End.In(ledger.China)) {
		return ledger.Aggregate(ctx, l)
	}
	// JIT compilation costs more than it saves on this short aggregate,
	// and the hash table wants more than the default 4 MB.
	tx, err := l.db.Begin(ctx)
	if err != nil {
		return nil, mapErr(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`); err != nil {
		return nil, mapErr(err)
	}
	// The folded facts and the log of the appends since the last fold, in
	// one statement (one snapshot: a fold moves rows between the two
	// atomically).
	rows, err := tx.Query(ctx, `SELECT county, category, producer, subsidy, sum(collected_units), sum(collected_kg), sum(bookings), sum(booking_days),
			sum(timed), sum(on_time), sum(trade_ins), sum(handed_units), sum(handed_kg), sum(licensed_units), sum(licensed_kg), sum(simulated)
		FROM (SELECT county, category, producer, subsidy, `+factCols+` FROM ledger_facts WHERE month >= $1::date AND month < $2::date
			UNION ALL
			SELECT county, category, producer, subsidy, `+factCols+` FROM ledger_fact_log WHERE month >= $1::date AND month < $2::date) f
		GROUP BY county, category, producer, subsidy`,
		p.Start.In(ledger.China).Format("2006-01-02"), p.End.In(ledger.China).Format("2006-01-02"))
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := ledger.Facts{}
	day := ledger.DayKey(p.Start)
	for rows.Next() {
		k := ledger.FactKey{Day: day}
		var x ledger.Measures
		if err := rows.Scan(&k.County, &k.Category, &k.Producer, &k.Subsidy, &x.CollectedUnits, &x.CollectedKg, &x.Bookings, &x.BookingDays,
			&x.Timed, &x.OnTime, &x.TradeIns, &x.HandedUnits, &x.HandedKg, &x.LicensedUnits, &x.LicensedKg, &x.Simulated); err != nil {
			return nil, mapErr(err)
		}
		out[k] = &x
	}
	return out, mapErr(rows.Err())
}

// RebuildFacts recomputes ledger_facts from the events (after a restore,
// or to check them): in one transaction that locks the tables against
// appends, it empties the facts and writes those of ledger.Aggregate.
func (l *PostgresLedger) RebuildFacts(ctx context.Context) error {
	tx, err := l.db.Begin(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE ledger_heads, ledger_facts, ledger_fact_log IN EXCLUSIVE MODE`); err != nil {
		return mapErr(err)
	}
	facts, err := ledger.Aggregate(ctx, &PostgresLedger{p: l.p, db: tx, tx: true})
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM ledger_facts; DELETE FROM ledger_fact_log`); err != nil {
		return mapErr(err)
	}
	// One row per month: two days of a month in one upsert statement
	// would update its row twice.
	monthly := map[ledger.FactKey]*ledger.Measures{}
	for k, m := range facts {
		d := ledger.DayTime(k.Day)
		k.Day = ledger.DayKey(d.AddDate(0, 0, 1-d.Day()))
		if monthly[k] == nil {
			monthly[k] = &ledger.Measures{}
		}
		monthly[k].Add(m)
	}
	list := sortedFacts(monthly)
	for len(list) > 0 {
		n := min(len(list), 4096)
		b := &pgx.Batch{}
		queueFacts(b, list[:n], 0)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return mapErr(err)
		}
		list = list[n:]
	}
	return mapErr(tx.Commit(ctx))
}

// FoldFacts moves the log of appended facts into the monthly facts (as
// every 4096th append does) and returns the number of fact rows written;
// 0 when another fold is running.
func (l *PostgresLedger) FoldFacts(ctx context.Context) (int64, error) {
	var n int64
	err := l.db.QueryRow(ctx, `SELECT ledger_fold_facts()`).Scan(&n)
	return n, mapErr(err)
}

// Heads returns every site's chain head.
func (l *PostgresLedger) Heads(ctx context.Context) (map[string]ledger.Head, error) {
	rows, err := l.db.Query(ctx, `SELECT site, seq, hash FROM ledger_heads WHERE seq > 0`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := map[string]ledger.Head{}
	for rows.Next() {
		var s string
		var h ledger.Head
		if err := rows.Scan(&s, &h.Seq, &h.Hash); err != nil {
			return nil, mapErr(err)
		}
		out[s] = h
	}
	return out, mapErr(rows.Err())
}

// PutSites replaces the site registry.
func (l *PostgresLedger) PutSites(ctx context.Context, s *ledger.Sites) error {
	tx, err := l.db.Begin(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `DELETE FROM ledger_sites`); err != nil {
		return mapErr(err)
	}
	rows := [][]any{}
	for _, x := range s.List() {
		rows = append(rows, []any{x.ID, string(x.Kind), x.County, x.Name, x.Licensed})
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"ledger_sites"}, []string{"id", "kind", "county", "name", "licensed"}, pgx.CopyFromRows(rows)); err != nil {
		return mapErr(err)
	}
	return mapErr(tx.Commit(ctx))
}

// Sites returns the site registry (empty before PutSites).
func (l *PostgresLedger) Sites(ctx context.Context) (*ledger.Sites, error) {
	rows, err := l.db.Query(ctx, `SELECT id, kind, county, name, licensed FROM ledger_sites ORDER BY id`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var list []ledger.Site
	for rows.Next() {
		var x ledger.Site
		var k string
		if err := rows.Scan(&x.ID, &k, &x.County, &x.Name, &x.Licensed); err != nil {
			return nil, mapErr(err)
		}
		x.Kind = ledger.Kind(k)
		list = append(list, x)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	return ledger.NewSites(list)
}

// Import loads a whole ledger into an empty PostgreSQL ledger in one
// transaction with COPY: to move a file ledger into the database, or to
// restore one. src must call its argument with every event in storage
// order and may be called twice (a first pass finds the corrected
// events). Each site's chain is checked on the way (seq, prev and hash;
// a broken event stops the import and nothing is stored), the daily facts
// and chain heads are computed from the events, and the unique keys catch
// duplicate ids and client ids. It returns the number of events.
func (l *PostgresLedger) Import(ctx context.Context, src func(func(*ledger.Event) error) error) (int, error) {
	corrected := map[string]bool{}
	if err := src(func(e *ledger.Event) error {
		if e.Type == ledger.Adjusted {
			corrected[e.Corrects] = true
		}
		return nil
	}); err != nil {
		return 0, err
	}
	tx, err := l.db.Begin(ctx)
	if err != nil {
		return 0, mapErr(err)
	}
	defer tx.Rollback(ctx)
	var n int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM ledger_events LIMIT 1) x`).Scan(&n); err != nil {
		return 0, mapErr(err)
	}
	if n > 0 {
		return 0, errors.New("store: ledger import: the ledger is not empty")
	}
	agg := ledger.NewAggregatorFor(corrected)
	heads := map[string]ledger.Head{}
	rows := make(chan []any, 4096)
	srcErr := make(chan error, 1)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(rows)
		count := 0
		srcErr <- src(func(e *ledger.Event) error {
			count++
			h := heads[e.Site]
			switch {
			case e.Seq != h.Seq+1 || e.Prev != h.Hash || e.ID != ledger.EventID(e.Site, e.Seq):
				return fmt.Errorf("store: ledger import: event %d (%s) does not continue the chain of %s at %d", count, e.ID, e.Site, h.Seq)
			case ledger.HashOf(e) != e.Hash:
				return fmt.Errorf("store: ledger import: event %d (%s): hash does not match its content", count, e.ID)
			}
			heads[e.Site] = ledger.Head{Seq: e.Seq, Hash: e.Hash}
			agg.Add(e)
			doc := ledger.AppendLine(nil, e)
			var corrects *string
			if e.Corrects != "" {
				c := e.Corrects
				corrects = &c
			}
			select {
			case rows <- []any{e.ID, e.Site, e.Seq, e.ClientID, string(e.Type), e.Time, e.County, corrects, e.Hash, e.Prev, doc[:len(doc)-1]}:
				return nil
			case <-gctx.Done():
				return gctx.Err()
			}
		})
	}()
	var pending []any
	next := func() bool {
		r, ok := <-rows
		pending = r
		return ok
	}
	copied, err := tx.CopyFrom(ctx, pgx.Identifier{"ledger_events"},
		[]string{"id", "site", "seq", "client_id", "type", "time", "county", "corrects", "hash", "prev", "doc"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if !next() {
				return nil, nil
			}
			return pending, nil
		}))
	cancel()
	for range rows { // drain after an error
	}
	if serr := <-srcErr; serr != nil && !errors.Is(serr, context.Canceled) {
		return 0, serr
	}
	if err != nil {
		return 0, mapErr(err)
	}
	hrows := make([][]any, 0, len(heads))
	for s, h := range heads {
		hrows = append(hrows, []any{s, h.Seq, h.Hash})
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"ledger_heads"}, []string{"site", "seq", "hash"}, pgx.CopyFromRows(hrows)); err != nil {
		return 0, mapErr(err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM ledger_facts; DELETE FROM ledger_fact_log`); err != nil {
		return 0, mapErr(err)
	}
	monthly := map[ledger.FactKey]*ledger.Measures{}
	for k, x := range agg.Facts() {
		k.Day = ledger.DayKey(ledger.DayTime(k.Day).AddDate(0, 0, 1-ledger.DayTime(k.Day).Day()))
		m := monthly[k]
		if m == nil {
			m = &ledger.Measures{}
			monthly[k] = m
		}
		m.Add(x)
	}
	frows := make([][]any, 0, len(monthly))
	for k, x := range monthly {
		d := ledger.DayTime(k.Day)
		frows = append(frows, []any{time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC), k.County, k.Category, k.Producer, k.Subsidy, int16(0),
			x.CollectedUnits, x.CollectedKg, x.Bookings, x.BookingDays, x.Timed, x.OnTime, x.TradeIns,
			x.HandedUnits, x.HandedKg, x.LicensedUnits, x.LicensedKg, x.Simulated})
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"ledger_facts"}, []string{"month", "county", "category", "producer", "subsidy", "stripe",
		"collected_units", "collected_kg", "bookings", "booking_days", "timed", "on_time", "trade_ins",
		"handed_units", "handed_kg", "licensed_units", "licensed_kg", "simulated"}, pgx.CopyFromRows(frows)); err != nil {
		return 0, mapErr(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, mapErr(err)
	}
	return int(copied), nil
}
