package api_test

import (
	"context"
	"github.com/jackc/pgx/v5/pgxpool"
	"testing"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/api/store/pgtest"
)

// TestOnPostgres runs the HTTP tests of scenarios, runs, bookings and
// schedules against the PostgreSQL store (a fresh schema each).
func TestOnPostgres(t *testing.T) {
	for name, f := range map[string]func(*testing.T, *env){
		"scenarios": scenariosCRUD, "runs": runsFlow, "bookings": bookingsCreateGetIdempotency, "pagination": bookingsListPagination,
		"patch": bookingsPatch, "import": bookingsImport, "schedules": schedulesDispatchReplanSheets,
	} {
		t.Run(name, func(t *testing.T) {
			if name == "schedules" && testing.Short() {
				t.Skip("routes two days of bookings")
			}
			pool := migratedPool(t)
			st := store.NewPostgres(pool)
			var runner func() jobs.Runner = func() jobs.Runner { return nil }
			if name == "scenarios" {
				runner = func() jobs.Runner { return &manualRunner{} }
			}
			f(t, newEnvOn(t, st, runner))
		})
	}
}

// migratedPool opens a pool on the test database (pgtest.URL) with the
// migrations applied, closed when t ends.
func migratedPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool, err := store.OpenPool(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := store.Migrate(ctx, pool, nil); err != nil {
		t.Fatal(err)
	}
	return pool
}
