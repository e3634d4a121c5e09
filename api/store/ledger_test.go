package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/ledger/ledgertest"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/api/store/pgtest"
)

// pgLedger returns the ledger store of a fresh, migrated schema.
func pgLedger(t *testing.T) *store.PostgresLedger { return pgStore(t).Ledger() }

// pgStore returns a store on a fresh, migrated schema.
func pgStore(t *testing.T) *store.Postgres {
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
	return store.NewPostgres(pool)
}

// TestLedgerContract runs the ledger stores' contract tests against
// PostgreSQL (the memory and file stores run them in api/ledger).
func TestLedgerContract(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) ledger.Store { return pgLedger(t) })
}

// TestLedgerTxSeam: an append inside a caller's transaction is undone
// with it, and kept with its commit.
func TestLedgerTxSeam(t *testing.T) {
	ctx := context.Background()
	ps := pgStore(t)
	pg, pool := ps.Ledger(), ps.Pool()
	for _, commit := range []bool{false, true} {
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		l := ledger.New(pg.WithTx(tx), ledgertest.Sites(t), ledger.Options{Now: func() time.Time { return ledgertest.Now }})
		if _, _, err := l.Append(ctx, ledgertest.Event("v1", "seam", 0)); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit(ctx)
		} else {
			err = tx.Rollback(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		_, err = pg.Get(ctx, "v1/1")
		if found := err == nil; found != commit {
			t.Errorf("commit %v: event found %v (%v)", commit, found, err)
		}
	}
}

func TestLedgerRebuildFacts(t *testing.T) {
	ctx := context.Background()
	pg := pgLedger(t)
	l := ledger.New(pg, ledgertest.Sites(t), ledger.Options{Now: func() time.Time { return ledgertest.Now }})
	for i := range 5 {
		if _, _, err := l.Append(ctx, ledgertest.Event("v1", fmt.Sprint("r", i), i)); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := pg.FactsFor(ctx, ledger.MustPeriod("2025"))
	if err := pg.RebuildFacts(ctx); err != nil {
		t.Fatal(err)
	}
	after, _ := pg.FactsFor(ctx, ledger.MustPeriod("2025"))
	if len(before) == 0 || len(before) != len(after) {
		t.Fatalf("facts: %d before, %d after", len(before), len(after))
	}
	for k, m := range before {
		if *after[k] != *m {
			t.Errorf("%v: %+v before, %+v after", k, *m, *after[k])
		}
	}
}
