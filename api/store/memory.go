package store

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Memory is the in-memory store: the embedded default. It keeps everything
// in maps behind one mutex and loses it when the process ends. The zero
// value is not usable; call NewMemory.
type Memory struct {
	// Observe, when set before first use, is told each operation's
	// duration.
	Observe Observer

	mu        sync.Mutex
	now       func() time.Time
	keys      map[string]Key
	scenarios map[string]Scenario
	runs      map[string]Run
	bookings  map[string]Booking
	seq       int64
	idem      map[string]Idempotency
	days      map[string]DayPlan
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{now: time.Now, keys: map[string]Key{}, scenarios: map[string]Scenario{}, runs: map[string]Run{},
		bookings: map[string]Booking{}, idem: map[string]Idempotency{}, days: map[string]DayPlan{}}
}

func (m *Memory) lock(op string) func() {
	start := time.Now()
	m.mu.Lock()
	return func() {
		m.mu.Unlock()
		if m.Observe != nil {
			m.Observe(op, time.Since(start))
		}
	}
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return bytes.Clone(b)
}

func ctxErr(ctx context.Context) error { return ctx.Err() }

// Ping reports whether the store can serve: always, for memory.
func (m *Memory) Ping(ctx context.Context) error { return ctxErr(ctx) }

// Close releases nothing.
func (m *Memory) Close() {}

// CreateKey stores k; ErrConflict if its ID exists.
func (m *Memory) CreateKey(ctx context.Context, k Key) error {
	defer m.lock("create_key")()
	if _, ok := m.keys[k.ID]; ok {
		return ErrConflict
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = m.now().UTC()
	}
	k.Hash = clone(k.Hash)
	m.keys[k.ID] = k
	return ctxErr(ctx)
}

// GetKey returns the key with id.
func (m *Memory) GetKey(ctx context.Context, id string) (Key, error) {
	defer m.lock("get_key")()
	k, ok := m.keys[id]
	if !ok {
		return Key{}, ErrNotFound
	}
	k.Hash = clone(k.Hash)
	return k, ctxErr(ctx)
}

// CreateScenario stores s at version 1; ErrConflict if its name exists.
func (m *Memory) CreateScenario(ctx context.Context, s Scenario) (Scenario, error) {
	defer m.lock("create_scenario")()
	if _, ok := m.scenarios[s.Name]; ok {
		return Scenario{}, ErrConflict
	}
	now := m.now().UTC()
	s.Version, s.CreatedAt, s.UpdatedAt, s.Spec = 1, now, now, clone(s.Spec)
	m.scenarios[s.Name] = s
	return s, ctxErr(ctx)
}

// GetScenario returns the scenario called name.
func (m *Memory) GetScenario(ctx context.Context, name string) (Scenario, error) {
	defer m.lock("get_scenario")()
	s, ok := m.scenarios[name]
	if !ok {
		return Scenario{}, ErrNotFound
	}
	s.Spec = clone(s.Spec)
	return s, ctxErr(ctx)
}

// ListScenarios returns all user scenarios by name.
func (m *Memory) ListScenarios(ctx context.Context) ([]Scenario, error) {
	defer m.lock("list_scenarios")()
	out := make([]Scenario, 0, len(m.scenarios))
	for _, s := range m.scenarios {
		s.Spec = clone(s.Spec)
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, ctxErr(ctx)
}

// UpdateScenario replaces the base, description and spec of the scenario
// s.Name. With version > 0 the stored version must match (else
// ErrConflict).
func (m *Memory) UpdateScenario(ctx context.Context, s Scenario, version int64) (Scenario, error) {
	defer m.lock("update_scenario")()
	old, ok := m.scenarios[s.Name]
	if !ok {
		return Scenario{}, ErrNotFound
	}
	if version > 0 && old.Version != version {
		return Scenario{}, ErrConflict
	}
	old.Base, old.Description, old.Spec = s.Base, s.Description, clone(s.Spec)
	old.Version++
	old.UpdatedAt = m.now().UTC()
	m.scenarios[s.Name] = old
	return old, ctxErr(ctx)
}

// DeleteScenario removes the scenario called name.
func (m *Memory) DeleteScenario(ctx context.Context, name string) error {
	defer m.lock("delete_scenario")()
	if _, ok := m.scenarios[name]; !ok {
		return ErrNotFound
	}
	delete(m.scenarios, name)
	return ctxErr(ctx)
}

func cloneRun(r Run) Run {
	r.Params, r.Result, r.GeoJSON = clone(r.Params), clone(r.Result), clone(r.GeoJSON)
	if r.BestCost != nil {
		v := *r.BestCost
		r.BestCost = &v
	}
	if r.Bound != nil {
		v := *r.Bound
		r.Bound = &v
	}
	if r.StartedAt != nil {
		v := *r.StartedAt
		r.StartedAt = &v
	}
	if r.FinishedAt != nil {
		v := *r.FinishedAt
		r.FinishedAt = &v
	}
	return r
}

// CreateRun stores r as queued; ErrConflict if its ID exists.
func (m *Memory) CreateRun(ctx context.Context, r Run) (Run, error) {
	defer m.lock("create_run")()
	if _, ok := m.runs[r.ID]; ok {
		return Run{}, ErrConflict
	}
	r = cloneRun(r)
	r.Status, r.Progress, r.Attempt, r.CreatedAt = StatusQueued, 0, 0, m.now().UTC()
	r.BestCost, r.Bound, r.Result, r.GeoJSON, r.Error, r.StartedAt, r.FinishedAt = nil, nil, nil, nil, "", nil, nil
	m.runs[r.ID] = r
	return cloneRun(r), ctxErr(ctx)
}

// GetRun returns the run with id.
func (m *Memory) GetRun(ctx context.Context, id string) (Run, error) {
	defer m.lock("get_run")()
	r, ok := m.runs[id]
	if !ok {
		return Run{}, ErrNotFound
	}
	return cloneRun(r), ctxErr(ctx)
}

// ListRuns returns the runs matching f, newest first.
func (m *Memory) ListRuns(ctx context.Context, f RunFilter) ([]Run, error) {
	defer m.lock("list_runs")()
	var out []Run
	for _, r := range m.runs {
		if (f.Kind == "" || r.Kind == f.Kind) && (f.Scenario == "" || r.Scenario == f.Scenario) && (f.Status == "" || r.Status == f.Status) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID > out[j].ID
	})
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	if len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		out[i] = cloneRun(out[i])
	}
	return out, ctxErr(ctx)
}

// ClaimRun marks the run running for a worker (again, after a crash) and
// counts the attempt. A run already done or failed is ErrConflict.
func (m *Memory) ClaimRun(ctx context.Context, id string) (Run, error) {
	defer m.lock("claim_run")()
	r, ok := m.runs[id]
	if !ok {
		return Run{}, ErrNotFound
	}
	if r.Status == StatusDone || r.Status == StatusFailed {
		return Run{}, ErrConflict
	}
	now := m.now().UTC()
	r.Status, r.StartedAt, r.Attempt, r.Progress = StatusRunning, &now, r.Attempt+1, 0
	r.BestCost, r.Bound = nil, nil
	m.runs[id] = r
	return cloneRun(r), ctxErr(ctx)
}

// UpdateRunProgress records a running run's progress; best and bound may
// be nil (unchanged). A run not running is ErrConflict.
func (m *Memory) UpdateRunProgress(ctx context.Context, id string, progress float64, best, bound *float64) error {
	defer m.lock("update_run_progress")()
	r, ok := m.runs[id]
	if !ok {
		return ErrNotFound
	}
	if r.Status != StatusRunning {
		return ErrConflict
	}
	r.Progress = progress
	if best != nil {
		v := *best
		r.BestCost = &v
	}
	if bound != nil {
		v := *bound
		r.Bound = &v
	}
	m.runs[id] = r
	return ctxErr(ctx)
}

// FinishRun marks a run done with its result. A run already done or
// failed is ErrConflict.
func (m *Memory) FinishRun(ctx context.Context, id string, result, geojson []byte) error {
	defer m.lock("finish_run")()
	r, ok := m.runs[id]
	if !ok {
		return ErrNotFound
	}
	if r.Status == StatusDone || r.Status == StatusFailed {
		return ErrConflict
	}
	now := m.now().UTC()
	r.Status, r.Progress, r.Result, r.GeoJSON, r.FinishedAt = StatusDone, 1, clone(result), clone(geojson), &now
	m.runs[id] = r
	return ctxErr(ctx)
}

// FailRun marks a run failed with the reason. A run already done or
// failed is ErrConflict.
func (m *Memory) FailRun(ctx context.Context, id, reason string) error {
	defer m.lock("fail_run")()
	r, ok := m.runs[id]
	if !ok {
		return ErrNotFound
	}
	if r.Status == StatusDone || r.Status == StatusFailed {
		return ErrConflict
	}
	now := m.now().UTC()
	r.Status, r.Error, r.FinishedAt = StatusFailed, reason, &now
	m.runs[id] = r
	return ctxErr(ctx)
}

// QueueStats counts the queued and running runs and the age of the oldest
// queued one.
func (m *Memory) QueueStats(ctx context.Context) (QueueStats, error) {
	defer m.lock("queue_stats")()
	var q QueueStats
	now := m.now()
	for _, r := range m.runs {
		switch r.Status {
		case StatusQueued:
			q.Queued++
			q.Oldest = max(q.Oldest, now.Sub(r.CreatedAt))
		case StatusRunning:
			q.Running++
		}
	}
	return q, ctxErr(ctx)
}

func cloneBooking(b Booking) Booking {
	b.Doc = clone(b.Doc)
	return b
}

// CreateBooking stores b at version 1 with the next Seq. With idem, the
// key is recorded with the booking in one step; when the key exists
// already nothing is stored and the remembered answer is returned instead.
// A booking whose ID exists is ErrConflict.
func (m *Memory) CreateBooking(ctx context.Context, b Booking, idem *Idempotency) (Booking, *Idempotency, error) {
	defer m.lock("create_booking")()
	if idem != nil {
		if old, ok := m.idem[idem.Key]; ok {
			old.Body, old.RequestHash = clone(old.Body), clone(old.RequestHash)
			return Booking{}, &old, ctxErr(ctx)
		}
	}
	if _, ok := m.bookings[b.ID]; ok {
		return Booking{}, nil, ErrConflict
	}
	b = m.insertBooking(b)
	if idem != nil {
		rec := *idem
		rec.Body, rec.RequestHash, rec.CreatedAt = clone(rec.Body), clone(rec.RequestHash), m.now().UTC()
		m.idem[rec.Key] = rec
	}
	return b, nil, ctxErr(ctx)
}

func (m *Memory) insertBooking(b Booking) Booking {
	m.seq++
	now := m.now().UTC()
	b = cloneBooking(b)
	b.Seq, b.Version, b.Created, b.Updated = m.seq, 1, now, now
	m.bookings[b.ID] = b
	return cloneBooking(b)
}

// CreateBookings stores many bookings at once (an import). errs[i] is
// ErrConflict for a booking whose ID exists (in the store or earlier in
// bs); the others are stored, in order.
func (m *Memory) CreateBookings(ctx context.Context, bs []Booking) ([]Booking, []error, error) {
	defer m.lock("create_bookings")()
	out := make([]Booking, len(bs))
	errs := make([]error, len(bs))
	for i, b := range bs {
		if _, ok := m.bookings[b.ID]; ok {
			errs[i] = ErrConflict
			continue
		}
		out[i] = m.insertBooking(b)
	}
	return out, errs, ctxErr(ctx)
}

// GetBooking returns the booking with id.
func (m *Memory) GetBooking(ctx context.Context, id string) (Booking, error) {
	defer m.lock("get_booking")()
	b, ok := m.bookings[id]
	if !ok {
		return Booking{}, ErrNotFound
	}
	return cloneBooking(b), ctxErr(ctx)
}

func (f BookingFilter) match(b Booking) bool {
	return b.Seq > f.After && (f.County == "" || b.County == f.County) && (f.Status == "" || b.Status == f.Status) &&
		(f.Kind == "" || b.Kind == f.Kind) && (f.Date == "" || (b.Earliest <= f.Date && f.Date <= b.Latest))
}

// ListBookings returns the bookings matching f in order of Seq.
func (m *Memory) ListBookings(ctx context.Context, f BookingFilter) ([]Booking, error) {
	defer m.lock("list_bookings")()
	var out []Booking
	for _, b := range m.bookings {
		if f.match(b) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b Booking) int { return int(a.Seq - b.Seq) })
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	if len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		out[i] = cloneBooking(out[i])
	}
	return out, ctxErr(ctx)
}

// UpdateBooking replaces the document and columns of booking b.ID (not its
// Seq). With version > 0 the stored version must match (else ErrConflict).
func (m *Memory) UpdateBooking(ctx context.Context, b Booking, version int64) (Booking, error) {
	defer m.lock("update_booking")()
	old, ok := m.bookings[b.ID]
	if !ok {
		return Booking{}, ErrNotFound
	}
	if version > 0 && old.Version != version {
		return Booking{}, ErrConflict
	}
	b = cloneBooking(b)
	b.Seq, b.Version, b.Created, b.Updated = old.Seq, old.Version+1, old.Created, m.now().UTC()
	m.bookings[b.ID] = b
	return cloneBooking(b), ctxErr(ctx)
}

// UpdateBookingWith is UpdateBooking with more work done atomically with
// it: also runs under the store's lock after the checks; its error leaves
// the booking as it was.
func (m *Memory) UpdateBookingWith(ctx context.Context, b Booking, version int64, also func() error) (Booking, error) {
	defer m.lock("update_booking_with")()
	old, ok := m.bookings[b.ID]
	if !ok {
		return Booking{}, ErrNotFound
	}
	if version > 0 && old.Version != version {
		return Booking{}, ErrConflict
	}
	if also != nil {
		if err := also(); err != nil {
			return Booking{}, err
		}
	}
	b = cloneBooking(b)
	b.Seq, b.Version, b.Created, b.Updated = old.Seq, old.Version+1, old.Created, m.now().UTC()
	m.bookings[b.ID] = b
	return cloneBooking(b), ctxErr(ctx)
}

// SetBookingStatus sets the status of the bookings ids (those that exist)
// and returns how many it changed.
func (m *Memory) SetBookingStatus(ctx context.Context, ids []string, status string) (int, error) {
	defer m.lock("set_booking_status")()
	n := 0
	now := m.now().UTC()
	for _, id := range ids {
		b, ok := m.bookings[id]
		if !ok {
			continue
		}
		if b.Status != status {
			b.Status, b.Version, b.Updated = status, b.Version+1, now
			m.bookings[id] = b
			n++
		}
	}
	return n, ctxErr(ctx)
}

// PutDayPlan stores the plan of d.Date. With version > 0 the stored
// version must match (else ErrConflict); version 0 replaces whatever is
// there. It returns the stored plan with its new version.
func (m *Memory) PutDayPlan(ctx context.Context, d DayPlan, version int64) (DayPlan, error) {
	defer m.lock("put_day_plan")()
	old, ok := m.days[d.Date]
	if version > 0 && (!ok || old.Version != version) {
		return DayPlan{}, ErrConflict
	}
	d.Doc = clone(d.Doc)
	d.Dispatched = slices.Clone(d.Dispatched)
	slices.Sort(d.Dispatched)
	d.Version, d.Updated = old.Version+1, m.now().UTC()
	m.days[d.Date] = d
	d.Doc, d.Dispatched = clone(d.Doc), slices.Clone(d.Dispatched)
	return d, ctxErr(ctx)
}

// GetDayPlan returns the plan of date.
func (m *Memory) GetDayPlan(ctx context.Context, date string) (DayPlan, error) {
	defer m.lock("get_day_plan")()
	d, ok := m.days[date]
	if !ok {
		return DayPlan{}, ErrNotFound
	}
	d.Doc, d.Dispatched = clone(d.Doc), slices.Clone(d.Dispatched)
	return d, ctxErr(ctx)
}

// DayPlanVersion returns the version of the plan of date (cheap: no
// document), for caches.
func (m *Memory) DayPlanVersion(ctx context.Context, date string) (int64, error) {
	defer m.lock("day_plan_version")()
	d, ok := m.days[date]
	if !ok {
		return 0, ErrNotFound
	}
	return d.Version, ctxErr(ctx)
}

// ListDayPlans returns the dates with a plan from..to (inclusive,
// YYYY-MM-DD; empty means open), in order.
func (m *Memory) ListDayPlans(ctx context.Context, from, to string) ([]string, error) {
	defer m.lock("list_day_plans")()
	var out []string
	for d := range m.days {
		if (from == "" || strings.Compare(d, from) >= 0) && (to == "" || strings.Compare(d, to) <= 0) {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return out, ctxErr(ctx)
}
