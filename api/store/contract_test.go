package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/api/store/pgtest"
)

// contractStore is everything both implementations provide.
type contractStore interface {
	Ping(context.Context) error
	CreateKey(context.Context, store.Key) error
	GetKey(context.Context, string) (store.Key, error)
	CreateScenario(context.Context, store.Scenario) (store.Scenario, error)
	GetScenario(context.Context, string) (store.Scenario, error)
	ListScenarios(context.Context) ([]store.Scenario, error)
	UpdateScenario(context.Context, store.Scenario, int64) (store.Scenario, error)
	DeleteScenario(context.Context, string) error
	CreateRun(context.Context, store.Run) (store.Run, error)
	GetRun(context.Context, string) (store.Run, error)
	ListRuns(context.Context, store.RunFilter) ([]store.Run, error)
	ClaimRun(context.Context, string) (store.Run, error)
	UpdateRunProgress(context.Context, string, float64, *float64, *float64) error
	FinishRun(context.Context, string, []byte, []byte) error
	FailRun(context.Context, string, string) error
	QueueStats(context.Context) (store.QueueStats, error)
	CreateBooking(context.Context, store.Booking, *store.Idempotency) (store.Booking, *store.Idempotency, error)
	CreateBookings(context.Context, []store.Booking) ([]store.Booking, []error, error)
	GetBooking(context.Context, string) (store.Booking, error)
	ListBookings(context.Context, store.BookingFilter) ([]store.Booking, error)
	UpdateBooking(context.Context, store.Booking, int64) (store.Booking, error)
	SetBookingStatus(context.Context, []string, string) (int, error)
	PutDayPlan(context.Context, store.DayPlan, int64) (store.DayPlan, error)
	GetDayPlan(context.Context, string) (store.DayPlan, error)
	ListDayPlans(context.Context, string, string) ([]string, error)
	DayPlanVersion(context.Context, string) (int64, error)
}

var (
	_ contractStore = (*store.Memory)(nil)
	_ contractStore = (*store.Postgres)(nil)
)

// impls returns a fresh store of each implementation per call.
func impls() map[string]func(t *testing.T) contractStore {
	return map[string]func(t *testing.T) contractStore{
		"memory": func(t *testing.T) contractStore { return store.NewMemory() },
		"postgres": func(t *testing.T) contractStore {
			ctx := context.Background()
			pool, err := store.OpenPool(ctx, pgtest.URL(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(pool.Close)
			if _, err := store.Migrate(ctx, pool, nil); err != nil {
				t.Fatal(err)
			}
			return store.NewPostgres(pool)
		},
	}
}

// contract runs one behaviour against both implementations.
func contract(t *testing.T, f func(t *testing.T, ctx context.Context, s contractStore)) {
	for name, open := range impls() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			f(t, context.Background(), s)
		})
	}
}

func TestKeys(t *testing.T) {
	contract(t, func(t *testing.T, ctx context.Context, s contractStore) {
		if err := s.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		k := store.Key{ID: "k1", Name: "ops team", Role: store.RoleDispatcher, Hash: []byte{1, 2, 3}}
		if err := s.CreateKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateKey(ctx, k); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second CreateKey: got %v, want ErrConflict", err)
		}
		got, err := s.GetKey(ctx, "k1")
		if err != nil || got.Role != store.RoleDispatcher || got.Name != "ops team" || !bytes.Equal(got.Hash, k.Hash) || got.CreatedAt.IsZero() {
			t.Errorf("GetKey = %+v, %v", got, err)
		}
		if _, err := s.GetKey(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetKey(nope): got %v, want ErrNotFound", err)
		}
	})
}

func TestScenarios(t *testing.T) {
	contract(t, func(t *testing.T, ctx context.Context, s contractStore) {
		list, err := s.ListScenarios(ctx)
		if err != nil || len(list) != 0 {
			t.Fatalf("ListScenarios on empty = %v, %v", list, err)
		}
		for _, n := range []string{"b", "a"} {
			sc, err := s.CreateScenario(ctx, store.Scenario{Name: n, Base: "sichuan", Spec: []byte(`{"year":2025}`)})
			if err != nil || sc.Version != 1 || sc.CreatedAt.IsZero() {
				t.Fatalf("CreateScenario(%s) = %+v, %v", n, sc, err)
			}
		}
		if _, err := s.CreateScenario(ctx, store.Scenario{Name: "a", Base: "sichuan", Spec: []byte(`{}`)}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate CreateScenario: got %v, want ErrConflict", err)
		}
		list, _ = s.ListScenarios(ctx)
		if len(list) != 2 || list[0].Name != "a" || list[1].Name != "b" {
			t.Errorf("ListScenarios = %+v, want a, b", list)
		}
		up, err := s.UpdateScenario(ctx, store.Scenario{Name: "a", Base: "sichuan", Description: "d", Spec: []byte(`{"year":2030}`)}, 1)
		if err != nil || up.Version != 2 || up.Description != "d" || string(up.Spec) != `{"year":2030}` {
			t.Errorf("UpdateScenario = %+v, %v", up, err)
		}
		if _, err := s.UpdateScenario(ctx, store.Scenario{Name: "a", Base: "sichuan", Spec: []byte(`{}`)}, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale UpdateScenario: got %v, want ErrConflict", err)
		}
		if _, err := s.UpdateScenario(ctx, store.Scenario{Name: "zz", Base: "sichuan", Spec: []byte(`{}`)}, 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("UpdateScenario(zz): got %v, want ErrNotFound", err)
		}
		got, err := s.GetScenario(ctx, "a")
		if err != nil || got.Version != 2 || string(got.Spec) != `{"year":2030}` {
			t.Errorf("GetScenario = %+v, %v", got, err)
		}
		if err := s.DeleteScenario(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteScenario(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second DeleteScenario: got %v, want ErrNotFound", err)
		}
		if _, err := s.GetScenario(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetScenario after delete: got %v, want ErrNotFound", err)
		}
	})
}

func TestRunLifecycle(t *testing.T) {
	contract(t, func(t *testing.T, ctx context.Context, s contractStore) {
		r, err := s.CreateRun(ctx, store.Run{ID: "r1", Kind: store.KindPlan, Scenario: "sichuan", Params: []byte(`{"seed":1}`)})
		if err != nil || r.Status != store.StatusQueued || r.CreatedAt.IsZero() || string(r.Params) != `{"seed":1}` {
			t.Fatalf("CreateRun = %+v, %v", r, err)
		}
		if _, err := s.CreateRun(ctx, store.Run{ID: "r1", Kind: store.KindPlan}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate CreateRun: got %v, want ErrConflict", err)
		}
		q, err := s.QueueStats(ctx)
		if err != nil || q.Queued != 1 || q.Running != 0 {
			t.Errorf("QueueStats = %+v, %v; want 1 queued", q, err)
		}
		if err := s.UpdateRunProgress(ctx, "r1", 0.5, nil, nil); !errors.Is(err, store.ErrConflict) {
			t.Errorf("progress of a queued run: got %v, want ErrConflict", err)
		}
		r, err = s.ClaimRun(ctx, "r1")
		if err != nil || r.Status != store.StatusRunning || r.Attempt != 1 || r.StartedAt == nil {
			t.Fatalf("ClaimRun = %+v, %v", r, err)
		}
		best, bound := 100.5, 90.25
		if err := s.UpdateRunProgress(ctx, "r1", 0.5, &best, &bound); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateRunProgress(ctx, "r1", 0.6, nil, nil); err != nil {
			t.Fatal(err)
		}
		r, _ = s.GetRun(ctx, "r1")
		if r.Progress != 0.6 || r.BestCost == nil || *r.BestCost != best || r.Bound == nil || *r.Bound != bound {
			t.Errorf("after progress: %+v", r)
		}
		q, _ = s.QueueStats(ctx)
		if q.Queued != 0 || q.Running != 1 {
			t.Errorf("QueueStats = %+v; want 1 running", q)
		}
		plan := []byte("{\n \"cost\": 1\n}\n")
		if err := s.FinishRun(ctx, "r1", plan, []byte(`{"type":"FeatureCollection"}`)); err != nil {
			t.Fatal(err)
		}
		r, _ = s.GetRun(ctx, "r1")
		if r.Status != store.StatusDone || r.Progress != 1 || !bytes.Equal(r.Result, plan) || r.FinishedAt == nil || len(r.GeoJSON) == 0 {
			t.Errorf("after finish: %+v", r)
		}
		if err := s.FailRun(ctx, "r1", "late"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("FailRun of a done run: got %v, want ErrConflict", err)
		}
		if _, err := s.ClaimRun(ctx, "r1"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("ClaimRun of a done run: got %v, want ErrConflict", err)
		}
		if _, err := s.ClaimRun(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ClaimRun(nope): got %v, want ErrNotFound", err)
		}
		if err := s.FinishRun(ctx, "nope", nil, nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("FinishRun(nope): got %v, want ErrNotFound", err)
		}
		// a second run fails; the listing is newest first
		time.Sleep(2 * time.Millisecond)
		if _, err := s.CreateRun(ctx, store.Run{ID: "r2", Kind: store.KindSchedule}); err != nil {
			t.Fatal(err)
		}
		if err := s.FailRun(ctx, "r2", "no depots"); err != nil {
			t.Fatal(err)
		}
		r, _ = s.GetRun(ctx, "r2")
		if r.Status != store.StatusFailed || r.Error != "no depots" {
			t.Errorf("after fail: %+v", r)
		}
		all, err := s.ListRuns(ctx, store.RunFilter{})
		if err != nil || len(all) != 2 || all[0].ID != "r2" || all[1].ID != "r1" {
			t.Errorf("ListRuns = %v, %v; want r2, r1", ids(all), err)
		}
		done, _ := s.ListRuns(ctx, store.RunFilter{Kind: store.KindPlan, Status: store.StatusDone, Limit: 1})
		if len(done) != 1 || done[0].ID != "r1" {
			t.Errorf("latest done plan = %v, want r1", ids(done))
		}
		none, _ := s.ListRuns(ctx, store.RunFilter{Scenario: "other"})
		if len(none) != 0 {
			t.Errorf("ListRuns(scenario other) = %v, want none", ids(none))
		}
	})
}

func ids(rs []store.Run) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func booking(id, earliest, latest, county, kind string) store.Booking {
	return store.Booking{ID: id, Earliest: earliest, Latest: latest, County: county, Status: "booked", Kind: kind,
		Doc: []byte(fmt.Sprintf(`{"id":%q}`, id))}
}

func TestBookings(t *testing.T) {
	contract(t, func(t *testing.T, ctx context.Context, s contractStore) {
		var seqs []int64
		for i, b := range []store.Booking{
			booking("b1", "2026-12-01", "2026-12-03", "510104", "pickup"),
			booking("b2", "2026-12-02", "2026-12-02", "510105", "trade_in"),
			booking("b3", "2026-12-04", "2026-12-05", "510104", "pickup"),
		} {
			got, old, err := s.CreateBooking(ctx, b, nil)
			if err != nil || old != nil || got.Version != 1 || got.ID != b.ID || !bytes.Equal(got.Doc, b.Doc) {
				t.Fatalf("CreateBooking %d = %+v, %v, %v", i, got, old, err)
			}
			seqs = append(seqs, got.Seq)
		}
		if !(seqs[0] < seqs[1] && seqs[1] < seqs[2]) {
			t.Errorf("seqs %v not increasing", seqs)
		}
		if _, _, err := s.CreateBooking(ctx, booking("b1", "2026-12-01", "2026-12-01", "", "pickup"), nil); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate CreateBooking: got %v, want ErrConflict", err)
		}
		for _, tc := range []struct {
			f    store.BookingFilter
			want string
		}{
			{store.BookingFilter{}, "b1 b2 b3"},
			{store.BookingFilter{Date: "2026-12-02"}, "b1 b2"},
			{store.BookingFilter{Date: "2026-12-05"}, "b3"},
			{store.BookingFilter{County: "510104"}, "b1 b3"},
			{store.BookingFilter{Kind: "trade_in"}, "b2"},
			{store.BookingFilter{Status: "done"}, ""},
			{store.BookingFilter{Limit: 2}, "b1 b2"},
			{store.BookingFilter{After: seqs[1]}, "b3"},
			{store.BookingFilter{After: seqs[0], Limit: 1}, "b2"},
		} {
			got, err := s.ListBookings(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if g := bookingIDs(got); g != tc.want {
				t.Errorf("ListBookings(%+v) = %q, want %q", tc.f, g, tc.want)
			}
		}
		b, err := s.GetBooking(ctx, "b2")
		if err != nil || b.Kind != "trade_in" || b.Seq != seqs[1] {
			t.Fatalf("GetBooking = %+v, %v", b, err)
		}
		b.Status, b.Latest, b.Doc = "cancelled", "2026-12-09", []byte(`{"id":"b2","note":"x"}`)
		up, err := s.UpdateBooking(ctx, b, 1)
		if err != nil || up.Version != 2 || up.Status != "cancelled" || up.Seq != seqs[1] || string(up.Doc) != `{"id":"b2","note":"x"}` {
			t.Errorf("UpdateBooking = %+v, %v", up, err)
		}
		if _, err := s.UpdateBooking(ctx, b, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale UpdateBooking: got %v, want ErrConflict", err)
		}
		if _, err := s.UpdateBooking(ctx, booking("zz", "", "", "", ""), 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("UpdateBooking(zz): got %v, want ErrNotFound", err)
		}
		n, err := s.SetBookingStatus(ctx, []string{"b1", "b3", "zz"}, "scheduled")
		if err != nil || n != 2 {
			t.Errorf("SetBookingStatus = %d, %v; want 2", n, err)
		}
		got, _ := s.ListBookings(ctx, store.BookingFilter{Status: "scheduled"})
		if g := bookingIDs(got); g != "b1 b3" || got[0].Version != 2 {
			t.Errorf("scheduled = %q (%+v), want b1 b3 at version 2", g, got)
		}
		if _, err := s.GetBooking(ctx, "zz"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetBooking(zz): got %v, want ErrNotFound", err)
		}
	})
}

func bookingIDs(bs []store.Booking) string {
	var b bytes.Buffer
	for i, x := range bs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x.ID)
	}
	return b.String()
}

func TestBookingImport(t *testing.T) {
	contract(t, func(t *testing.T, ctx context.Context, s contractStore) {
		if _, _, err := s.CreateBooking(ctx, booking("old", "2026-12-01", "2026-12-01", "", "pickup"), nil); err != nil {
			t.Fatal(err)
		}
		in := []store.Booking{booking("n1", "2026-12-01", "2026-12-01", "", "pickup"), booking("old", "2026-12-01", "2026-12-01", "", "pickup"),
			booking("n2", "2026-12-01", "2026-12-01", "", "pickup"), booking("n1", "2026-12-01", "2026-12-01", "", "pickup")}
		out, errs, err := s.CreateBookings(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []error{nil, store.ErrConflict, nil, store.ErrConflict} {
			if !errors.Is(errs[i], want) || (want == nil && out[i].ID != in[i].ID) {
				t.Errorf("row %d: %+v, %v; want error %v", i, out[i], errs[i], want)
			}
		}
		all, _ := s.ListBookings(ctx, store.BookingFilter{})
		if g := bookingIDs(all); g != "old n1 n2" {
			t.Errorf("after import: %q, want old n1 n2", g)
		}
	})
}

func TestIdempotency(t *testing.T) {
	contract(t, func(t *testing.T, ctx context.Context, s contractStore) {
		idem := &store.Idempotency{Key: "k1:abc", RequestHash: []byte{9}, Status: 201, Body: []byte(`{"id":"b1"}`)}
		b, old, err := s.CreateBooking(ctx, booking("b1", "2026-12-01", "2026-12-01", "", "pickup"), idem)
		if err != nil || old != nil || b.ID != "b1" {
			t.Fatalf("first = %+v, %+v, %v", b, old, err)
		}
		// the same key again: nothing stored, the first answer returned
		b, old, err = s.CreateBooking(ctx, booking("b2", "2026-12-01", "2026-12-01", "", "pickup"), &store.Idempotency{Key: "k1:abc", RequestHash: []byte{8}, Status: 201, Body: []byte(`x`)})
		if err != nil || old == nil || old.Status != 201 || string(old.Body) != `{"id":"b1"}` || !bytes.Equal(old.RequestHash, []byte{9}) || b.ID != "" {
			t.Fatalf("replay = %+v, %+v, %v", b, old, err)
		}
		if _, err := s.GetBooking(ctx, "b2"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("replayed request stored a booking: %v", err)
		}
		// a failed insert (duplicate booking id) does not keep the key
		if _, _, err := s.CreateBooking(ctx, booking("b1", "2026-12-01", "2026-12-01", "", "pickup"), &store.Idempotency{Key: "k1:def", RequestHash: []byte{1}, Status: 201, Body: []byte(`y`)}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate id with a new key: got %v, want ErrConflict", err)
		}
		if _, old, err := s.CreateBooking(ctx, booking("b3", "2026-12-01", "2026-12-01", "", "pickup"), &store.Idempotency{Key: "k1:def", RequestHash: []byte{1}, Status: 201, Body: []byte(`z`)}); err != nil || old != nil {
			t.Errorf("key of a failed request was kept: %+v, %v", old, err)
		}
		// concurrent requests with one key store one booking
		var wg sync.WaitGroup
		created := make([]bool, 8)
		for i := range created {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, old, err := s.CreateBooking(ctx, booking(fmt.Sprintf("c%d", i), "2026-12-01", "2026-12-01", "", "pickup"),
					&store.Idempotency{Key: "race", RequestHash: []byte{1}, Status: 201, Body: []byte(`r`)})
				created[i] = err == nil && old == nil && b.ID != ""
				if err != nil && !errors.Is(err, store.ErrConflict) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		n := 0
		for _, c := range created {
			if c {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d of 8 concurrent requests with one key stored a booking, want 1", n)
		}
	})
}

func TestDayPlans(t *testing.T) {
	contract(t, func(t *testing.T, ctx context.Context, s contractStore) {
		if _, err := s.GetDayPlan(ctx, "2026-12-01"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetDayPlan on empty: got %v, want ErrNotFound", err)
		}
		if _, err := s.PutDayPlan(ctx, store.DayPlan{Date: "2026-12-01", Doc: []byte(`{}`)}, 3); !errors.Is(err, store.ErrConflict) {
			t.Errorf("PutDayPlan with a version on empty: got %v, want ErrConflict", err)
		}
		d, err := s.PutDayPlan(ctx, store.DayPlan{Date: "2026-12-01", Run: "r1", Doc: []byte(`{"a":1}`)}, 0)
		if err != nil || d.Version != 1 || len(d.Dispatched) != 0 {
			t.Fatalf("PutDayPlan = %+v, %v", d, err)
		}
		d, err = s.PutDayPlan(ctx, store.DayPlan{Date: "2026-12-01", Run: "r1", Doc: []byte(`{"a":2}`), Dispatched: []string{"v2", "v1"}}, 1)
		if err != nil || d.Version != 2 || fmt.Sprint(d.Dispatched) != "[v1 v2]" {
			t.Fatalf("PutDayPlan v1 = %+v, %v", d, err)
		}
		if _, err := s.PutDayPlan(ctx, store.DayPlan{Date: "2026-12-01", Doc: []byte(`{}`)}, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale PutDayPlan: got %v, want ErrConflict", err)
		}
		if _, err := s.PutDayPlan(ctx, store.DayPlan{Date: "2026-12-03", Doc: []byte(`{}`)}, 0); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetDayPlan(ctx, "2026-12-01")
		if err != nil || string(got.Doc) != `{"a":2}` || got.Run != "r1" || fmt.Sprint(got.Dispatched) != "[v1 v2]" || got.Version != 2 {
			t.Errorf("GetDayPlan = %+v, %v", got, err)
		}
		if v, err := s.DayPlanVersion(ctx, "2026-12-01"); err != nil || v != 2 {
			t.Errorf("DayPlanVersion = %d, %v; want 2", v, err)
		}
		if _, err := s.DayPlanVersion(ctx, "2026-12-02"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("DayPlanVersion of no plan: %v, want ErrNotFound", err)
		}
		dates, err := s.ListDayPlans(ctx, "2026-12-02", "")
		if err != nil || fmt.Sprint(dates) != "[2026-12-03]" {
			t.Errorf("ListDayPlans = %v, %v", dates, err)
		}
	})
}

// TestUpdateBookingAtomic: the work done with a booking update (the
// ledger's append) commits with it or not at all.
func TestUpdateBookingAtomic(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("append failed")
	check := func(t *testing.T, s contractStore, update func(b store.Booking, version int64, fail bool) (store.Booking, error)) {
		if _, _, err := s.CreateBooking(ctx, booking("b1", "2026-12-01", "2026-12-01", "", "pickup"), nil); err != nil {
			t.Fatal(err)
		}
		b, _ := s.GetBooking(ctx, "b1")
		b.Status = "done"
		if _, err := update(b, 1, true); !errors.Is(err, boom) {
			t.Fatalf("failing append: %v, want it back", err)
		}
		if got, _ := s.GetBooking(ctx, "b1"); got.Status != "booked" || got.Version != 1 {
			t.Errorf("after a failed append the booking is %s v%d, want booked v1", got.Status, got.Version)
		}
		out, err := update(b, 1, false)
		if err != nil || out.Status != "done" || out.Version != 2 {
			t.Errorf("update with append: %+v, %v", out, err)
		}
		if _, err := update(b, 1, false); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale update with append: %v, want ErrConflict", err)
		}
		b.ID = "zz"
		if _, err := update(b, 0, false); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of a missing booking: %v, want ErrNotFound", err)
		}
	}
	t.Run("memory", func(t *testing.T) {
		m := store.NewMemory()
		check(t, m, func(b store.Booking, v int64, fail bool) (store.Booking, error) {
			return m.UpdateBookingWith(ctx, b, v, func() error {
				if fail {
					return boom
				}
				return nil
			})
		})
	})
	t.Run("postgres", func(t *testing.T) {
		p := impls()["postgres"](t).(*store.Postgres)
		check(t, p, func(b store.Booking, v int64, fail bool) (store.Booking, error) {
			return p.UpdateBookingTx(ctx, b, v, func(ctx context.Context, tx pgx.Tx) error {
				// the callback sees the update (same transaction)
				var status string
				if err := tx.QueryRow(ctx, `SELECT status FROM bookings WHERE id = $1`, b.ID).Scan(&status); err != nil || status != "done" {
					return fmt.Errorf("inside the transaction the booking is %q (%v)", status, err)
				}
				if fail {
					return boom
				}
				return nil
			})
		})
	})
}
