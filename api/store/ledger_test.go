package store_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
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

// TestLedgerImport: a ledger imported with COPY reads back the same, with
// the same facts as appending it event by event; a broken chain stops the
// import with nothing stored.
func TestLedgerImport(t *testing.T) {
	ctx := context.Background()
	src := ledger.NewMemory()
	l := ledger.New(src, ledgertest.Sites(t), ledger.Options{Now: func() time.Time { return ledgertest.Now }})
	for i := range 30 {
		e, _, err := l.Append(ctx, ledgertest.Event([]string{"v1", "v2", "v3"}[i%3], fmt.Sprint("i", i), i))
		if err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 {
			adj := ledger.Event{ClientID: fmt.Sprint("a", i), Type: ledger.Adjusted, Site: e.Site, Time: ledgertest.Now, Corrects: e.ID,
				Items: []ledger.Item{{Category: "television", Count: 9, Kg: 140}}}
			if _, _, err := l.Append(ctx, adj); err != nil {
				t.Fatal(err)
			}
		}
	}
	each := func(fn func(*ledger.Event) error) error {
		return src.Scan(ctx, func(e ledger.Event) error { return fn(&e) })
	}
	pg := pgLedger(t)
	n, err := pg.Import(ctx, each)
	if err != nil || n != src.Len() {
		t.Fatalf("import: %d of %d, %v", n, src.Len(), err)
	}
	v, err := ledger.Verify(ctx, pg, nil)
	if err != nil || !v.OK() || v.Events != n {
		t.Fatalf("verify after import: %+v %v", v, err)
	}
	want, _ := ledger.BuildStoreReport(ctx, src, ledger.ReportOptions{Period: ledger.MustPeriod("2025")})
	got, _ := ledger.BuildStoreReport(ctx, pg, ledger.ReportOptions{Period: ledger.MustPeriod("2025")})
	var wj, gj bytes.Buffer
	want.WriteJSON(&wj)
	got.WriteJSON(&gj)
	if want.Total.Units == 0 || wj.String() != gj.String() {
		t.Errorf("report after import:\n%s\nfrom the events:\n%s", gj.String(), wj.String())
	}
	// Appending goes on from the imported heads.
	l2 := ledger.New(pg, ledgertest.Sites(t), ledger.Options{Now: func() time.Time { return ledgertest.Now }})
	if e, _, err := l2.Append(ctx, ledgertest.Event("v1", "after", 0)); err != nil || e.Seq != 13 { // v1 had 10 events and 2 adjustments
		t.Errorf("append after import: %s %v", e.ID, err)
	}
	if _, err := pg.Import(ctx, each); err == nil {
		t.Error("import into a non-empty ledger: no error")
	}
	// A broken chain: nothing stored.
	pg2 := pgLedger(t)
	k := 0
	_, err = pg2.Import(ctx, func(fn func(*ledger.Event) error) error {
		k = 0
		return each(func(e *ledger.Event) error {
			if k++; k == 12 {
				e.Items[0].Count++
			}
			return fn(e)
		})
	})
	if err == nil {
		t.Fatal("import of an edited ledger: no error")
	}
	if v, _ := ledger.Verify(ctx, pg2, nil); v.Events != 0 {
		t.Errorf("%d events stored after a failed import", v.Events)
	}
}

// TestLedgerTwoProcesses: two stores on one database (two processes, each
// with its own idea of the chain heads) append to the same sites at once,
// every event sent by one and retried by the other. Each builds on heads
// the other has moved, so the one-round-trip append is refused and
// rebuilt: every event is stored once, the chains verify, and the
// monthly facts equal those aggregated from the events.
func TestLedgerTwoProcesses(t *testing.T) {
	ctx := context.Background()
	a := pgStore(t)
	b := store.NewPostgres(a.Pool())
	now := ledger.Options{Now: func() time.Time { return ledgertest.Now }}
	la := ledger.New(a.Ledger(), ledgertest.Sites(t), now)
	lb := ledger.New(b.Ledger(), ledgertest.Sites(t), now)
	const perWriter = 30
	var wg sync.WaitGroup
	errs := make(chan error, 8*perWriter)
	var dups atomic.Int64
	for w := range 4 {
		for r, l := range []*ledger.Ledger{la, lb} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					k := (i + r*5) % perWriter
					site := []string{"v1", "v2"}[(w+k)%2]
					_, dup, err := l.Append(ctx, ledgertest.Event(site, fmt.Sprintf("two-%d-%d", w, k), k))
					if err != nil {
						errs <- err
						return
					}
					if dup {
						dups.Add(1)
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	seen := map[string]int{}
	if err := a.Ledger().Scan(ctx, func(e ledger.Event) error { seen[e.ClientID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 4*perWriter || dups.Load() != 4*perWriter {
		t.Errorf("%d distinct events stored, %d retries answered as such; want %d and %d", len(seen), dups.Load(), 4*perWriter, 4*perWriter)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s stored %d times", id, n)
		}
	}
	if v, err := ledger.Verify(ctx, a.Ledger(), nil); err != nil || !v.OK() || v.Events != 4*perWriter {
		t.Errorf("verify: %+v %v", v, err)
	}
	want, err := ledger.Aggregate(ctx, a.Ledger())
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Ledger().FactsFor(ctx, ledger.MustPeriod("2025"))
	if err != nil {
		t.Fatal(err)
	}
	total := func(f ledger.Facts) (m ledger.Measures) {
		for _, x := range f {
			m.Add(x)
		}
		return m
	}
	if tw, tg := total(want), total(got); tw.CollectedUnits == 0 || tw != tg {
		t.Errorf("facts of the year %+v, from the events %+v", tg, tw)
	}
}

// TestLedgerFoldFacts: the append whose event gid is a multiple of 4096
// folds the log of appended facts into the monthly facts, as FoldFacts
// does; reports read the same before and after each fold.
func TestLedgerFoldFacts(t *testing.T) {
	ctx := context.Background()
	ps := pgStore(t)
	pg, pool := ps.Ledger(), ps.Pool()
	l := ledger.New(pg, ledgertest.Sites(t), ledger.Options{Now: func() time.Time { return ledgertest.Now }})
	logged := func() (n int) {
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM ledger_fact_log`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	year := ledger.MustPeriod("2025")
	check := func(when string) {
		t.Helper()
		want, err := ledger.Aggregate(ctx, pg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pg.FactsFor(ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		var tw, tg ledger.Measures
		for _, x := range want {
			tw.Add(x)
		}
		for _, x := range got {
			tg.Add(x)
		}
		if tw.CollectedUnits == 0 || tw != tg {
			t.Errorf("%s: facts %+v, from the events %+v", when, tg, tw)
		}
	}
	if _, err := pool.Exec(ctx, `SELECT setval('ledger_events_gid_seq', 4093)`); err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // gids 4094, 4095
		if _, _, err := l.Append(ctx, ledgertest.Event([]string{"v1", "v2"}[i%2], fmt.Sprint("f", i), i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := logged(); n != 2 {
		t.Fatalf("%d facts logged after two appends, want 2", n)
	}
	check("before the fold")
	if _, _, err := l.Append(ctx, ledgertest.Event("v1", "f2", 2)); err != nil { // gid 4096: folds
		t.Fatal(err)
	}
	if n := logged(); n != 0 {
		t.Errorf("%d facts logged after the 4096th append, want 0 (folded)", n)
	}
	check("after the fold")
	if _, _, err := l.Append(ctx, ledgertest.Event("v2", "f3", 3)); err != nil {
		t.Fatal(err)
	}
	check("folded and logged")
	if n, err := pg.FoldFacts(ctx); err != nil || n != 1 || logged() != 0 {
		t.Errorf("FoldFacts: %d rows, %v; %d left in the log", n, err, logged())
	}
	check("after FoldFacts")
}
