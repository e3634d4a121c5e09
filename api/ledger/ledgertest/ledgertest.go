// Package ledgertest holds the contract tests that every ledger.Store
// passes: the memory and file stores in package ledger, the PostgreSQL
// store in ledger/pg. Run them from a store's own tests with Run.
package ledgertest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huishou/huishou/api/ledger"
)

// Now is the clock of the contract tests.
var Now = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)

// Sites returns the registry of the contract tests: vehicles v1…v4 and
// collection points cp1…cp4 in 510104, a transfer station ts1.
func Sites(t testing.TB) *ledger.Sites {
	t.Helper()
	var list []ledger.Site
	for i := 1; i <= 4; i++ {
		list = append(list, ledger.Site{ID: fmt.Sprintf("v%d", i), Kind: ledger.Vehicle, County: "510104"},
			ledger.Site{ID: fmt.Sprintf("cp%d", i), Kind: ledger.CollectionPoint, County: "510104"})
	}
	list = append(list, ledger.Site{ID: "ts1", Kind: ledger.TransferStation, County: "510104"},
		ledger.Site{ID: "dp1", Kind: ledger.Dismantler, County: "510112", Licensed: true})
	s, err := ledger.NewSites(list)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Event returns a valid collected event at site with the given client id.
func Event(site, client string, n int) ledger.Event {
	return ledger.Event{ClientID: client, Type: ledger.Collected, Site: site,
		Time:  Now.Add(-time.Duration(n+1) * time.Minute),
		Items: []ledger.Item{{Category: "television", Count: 1 + n%3, Kg: 15.5 * float64(1+n%3)}}}
}

// Run runs the contract tests on stores made by open, a fresh empty store
// per test.
func Run(t *testing.T, open func(t *testing.T) ledger.Store) {
	t.Run("AppendGetScan", func(t *testing.T) { appendGetScan(t, open(t)) })
	t.Run("Idempotent", func(t *testing.T) { idempotent(t, open(t)) })
	t.Run("BuildErrorStoresNothing", func(t *testing.T) { buildError(t, open(t)) })
	t.Run("ConcurrentWritersAndRetries", func(t *testing.T) { Concurrent(t, open(t), 16, 25) })
	t.Run("AdjustAndFacts", func(t *testing.T) { adjustFacts(t, open(t)) })
	t.Run("FactsMatchEvents", func(t *testing.T) { factsMatch(t, open(t)) })
	t.Run("ListPages", func(t *testing.T) { listPages(t, open(t)) })
}

// factsMatch appends a mixed random stream (pickups with bookings,
// trade-ins, unloadings, hand-overs, adjustments, from several goroutines)
// and checks that the store's facts for each month, if it keeps its own,
// equal those aggregated from its events.
func factsMatch(t *testing.T, s ledger.Store) {
	ctx := context.Background()
	l := newLedger(t, s)
	var mu sync.Mutex
	var collected []ledger.Event
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 9))
			v := fmt.Sprintf("v%d", w+1)
			for i := range 40 {
				at := Now.Add(-time.Duration(90-i*2) * 24 * time.Hour).Add(time.Duration(r.IntN(600)) * time.Minute)
				cats := []string{"refrigerator", "television", "washing_machine"}
				it := []ledger.Item{{Category: cats[r.IntN(3)], Count: 1 + r.IntN(3), Kg: float64(10 + r.IntN(400))}}
				var e ledger.Event
				switch k := r.IntN(6); {
				case k < 3:
					e = ledger.Event{Type: ledger.Collected, Site: v, Items: it,
						Booking: &ledger.Booking{ID: fmt.Sprintf("b%d-%d", w, i), BookedAt: at.Add(-30 * time.Hour), Latest: ledger.Day(at), TWEnd: "15:00"}}
				case k == 3:
					e = ledger.Event{Type: ledger.Delivered, Site: v, Items: it, Subsidy: []string{"energy_grade_1", "energy_grade_2"}[r.IntN(2)]}
				case k == 4:
					e = ledger.Event{Type: ledger.Received, Site: "ts1", Peer: v, Items: it}
				default:
					e = ledger.Event{Type: ledger.HandedOver, Site: "ts1", Peer: "dp1", Receipt: fmt.Sprint("R", w, i), Items: it}
				}
				e.ClientID, e.Time = fmt.Sprintf("f%d-%d", w, i), at
				got, _, err := l.Append(ctx, e)
				if err != nil {
					t.Error(err)
					return
				}
				if got.Type == ledger.Collected && r.IntN(4) == 0 {
					adj := ledger.Event{ClientID: "adj-" + got.ClientID, Type: ledger.Adjusted, Site: v, Time: at.Add(time.Duration(r.IntN(72)) * time.Hour),
						Corrects: got.ID, Items: []ledger.Item{{Category: it[0].Category, Count: it[0].Count + 1, Kg: it[0].Kg + 20}}}
					if adj.Time.After(Now) {
						adj.Time = Now
					}
					if _, _, err := l.Append(ctx, adj); err != nil {
						t.Error(err)
						return
					}
				}
				mu.Lock()
				collected = append(collected, got)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fs, ok := s.(interface {
		FactsFor(context.Context, ledger.Period) (ledger.Facts, error)
	})
	if !ok {
		return
	}
	agg, err := ledger.Aggregate(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, mo := range []string{"2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-Q2"} {
		p := ledger.MustPeriod(mo)
		own, err := fs.FactsFor(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ledger.BuildReport(agg, ledger.ReportOptions{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		b, err := ledger.BuildReport(own, ledger.ReportOptions{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		if mo == "2025-Q2" && (a.Total.Units == 0 || a.Total.TradeIns == 0 || a.Total.LicensedUnits == 0 || a.Total.Bookings == 0) {
			t.Errorf("Q2: the stream left too little to compare: %+v", a.Total)
		}
		var ja, jb strings.Builder
		a.WriteJSON(&ja)
		b.WriteJSON(&jb)
		if ja.String() != jb.String() {
			t.Errorf("%s: the store's facts give\n%s\nthe events give\n%s", mo, jb.String(), ja.String())
		}
	}
}

// listPages pages through a store with ledger.List.
func listPages(t *testing.T, s ledger.Store) {
	ctx := context.Background()
	l := newLedger(t, s)
	for i := range 7 {
		if _, _, err := l.Append(ctx, Event([]string{"v1", "v2"}[i%2], fmt.Sprint("p", i), i)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	var after int64
	for range 10 {
		page, next, err := ledger.List(ctx, s, ledger.Filter{Site: "v1", After: after, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			got = append(got, e.ID)
		}
		if next == 0 {
			break
		}
		after = next
	}
	if strings.Join(got, ",") != "v1/1,v1/2,v1/3,v1/4" {
		t.Errorf("pages of v1: %v", got)
	}
}

func newLedger(t testing.TB, s ledger.Store) *ledger.Ledger {
	return ledger.New(s, Sites(t), ledger.Options{Now: func() time.Time { return Now }})
}

func scan(t testing.TB, s ledger.Store) []ledger.Event {
	t.Helper()
	var out []ledger.Event
	if err := s.Scan(context.Background(), func(e ledger.Event) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func appendGetScan(t *testing.T, s ledger.Store) {
	ctx := context.Background()
	l := newLedger(t, s)
	var want []ledger.Event
	for i := range 6 {
		site := []string{"v1", "v2"}[i%2]
		e, dup, err := l.Append(ctx, Event(site, fmt.Sprint("c", i), i))
		if err != nil || dup {
			t.Fatalf("append %d: dup %v err %v", i, dup, err)
		}
		if e.Seq != int64(i/2+1) || e.ID != ledger.EventID(site, e.Seq) {
			t.Errorf("append %d: got %s seq %d", i, e.ID, e.Seq)
		}
		want = append(want, e)
	}
	for _, w := range want {
		g, err := s.Get(ctx, w.ID)
		if err != nil || string(ledger.Canonical(&g)) != string(ledger.Canonical(&w)) || g.Hash != w.Hash {
			t.Errorf("get %s: got %+v, %v; want %+v", w.ID, g, err, w)
		}
	}
	if _, err := s.Get(ctx, "v1/99"); !errors.Is(err, ledger.ErrNotFound) {
		t.Errorf("get v1/99: got %v, want ErrNotFound", err)
	}
	got := scan(t, s)
	if len(got) != len(want) {
		t.Fatalf("scan: %d events, want %d", len(got), len(want))
	}
	seq := map[string]int64{}
	for _, e := range got {
		if e.Seq != seq[e.Site]+1 {
			t.Errorf("scan: %s after seq %d of its site", e.ID, seq[e.Site])
		}
		seq[e.Site] = e.Seq
	}
	v, err := ledger.Verify(ctx, s, nil)
	if err != nil || !v.OK() || v.Events != 6 || v.Sites != 2 {
		t.Errorf("verify: %+v %v", v, err)
	}
}

func idempotent(t *testing.T, s ledger.Store) {
	ctx := context.Background()
	calls := 0
	build := func(h ledger.Head) (ledger.Event, error) {
		calls++
		e := Event("v1", "same", 0)
		e.Seq, e.Prev, e.ID, e.County = h.Seq+1, h.Hash, ledger.EventID("v1", h.Seq+1), "510104"
		e.Items[0].Origin = "510104"
		e.Hash = ledger.HashOf(&e)
		return e, nil
	}
	a, dup, err := s.Append(ctx, "v1", "same", build)
	if err != nil || dup {
		t.Fatalf("first: %v %v", dup, err)
	}
	b, dup, err := s.Append(ctx, "v1", "same", build)
	if err != nil || !dup || b.ID != a.ID || b.Hash != a.Hash {
		t.Fatalf("retry: got %s dup %v err %v", b.ID, dup, err)
	}
	// A store may build the retry before it learns that the client id is
	// taken (and discard the event), but not more than once per attempt
	// when nothing else appends.
	if calls > 2 {
		t.Errorf("build called %d times, want at most 2", calls)
	}
	if n := len(scan(t, s)); n != 1 {
		t.Errorf("%d events stored, want 1", n)
	}
}

func buildError(t *testing.T, s ledger.Store) {
	boom := errors.New("boom")
	_, _, err := s.Append(context.Background(), "v1", "x", func(ledger.Head) (ledger.Event, error) { return ledger.Event{}, boom })
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the build error", err)
	}
	if n := len(scan(t, s)); n != 0 {
		t.Errorf("%d events stored, want 0", n)
	}
	// The client id is still free.
	if _, dup, err := newLedger(t, s).Append(context.Background(), Event("v1", "x", 0)); err != nil || dup {
		t.Errorf("append after a failed build: dup %v err %v", dup, err)
	}
}

// Concurrent runs writers goroutines, each appending perWriter events to
// four sites shared by all writers, every event sent three times (two
// retries racing the first send from other goroutines), and checks that
// every event is stored exactly once and every chain verifies.
func Concurrent(t testing.TB, s ledger.Store, writers, perWriter int) {
	ctx := context.Background()
	l := newLedger(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter*3)
	for w := range writers {
		for r := range 3 { // the send and two retries, each in its own goroutine
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					k := (i + r*7) % perWriter // the retries come in another order
					site := fmt.Sprintf("cp%d", 1+(w+k)%4)
					if _, _, err := l.Append(ctx, Event(site, fmt.Sprintf("w%d-%d", w, k), k)); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("append: %v", err)
	}
	got := scan(t, s)
	seen := map[string]int{}
	for _, e := range got {
		seen[e.ClientID]++
	}
	lost, doubled := 0, 0
	for w := range writers {
		for k := range perWriter {
			switch n := seen[fmt.Sprintf("w%d-%d", w, k)]; {
			case n == 0:
				lost++
			case n > 1:
				doubled++
			}
		}
	}
	if lost != 0 || doubled != 0 || len(got) != writers*perWriter {
		t.Errorf("%d events stored, want %d: %d lost, %d doubled", len(got), writers*perWriter, lost, doubled)
	}
	v, err := ledger.Verify(ctx, s, nil)
	if err != nil || !v.OK() {
		t.Errorf("verify after concurrent appends: %v %v", v.Breaks, err)
	}
}

// adjustFacts checks that a store's facts (its own, or aggregated from a
// scan) count an adjustment as the difference it makes.
func adjustFacts(t *testing.T, s ledger.Store) {
	ctx := context.Background()
	l := newLedger(t, s)
	a, _, err := l.Append(ctx, Event("v1", "a", 1)) // 2 televisions, 31 kg
	if err != nil {
		t.Fatal(err)
	}
	adj := ledger.Event{ClientID: "adj", Type: ledger.Adjusted, Site: "v1", Time: Now.Add(-time.Second), Corrects: a.ID,
		Items: []ledger.Item{{Category: "television", Count: 3, Kg: 45}}}
	if _, _, err := l.Append(ctx, adj); err != nil {
		t.Fatal(err)
	}
	rep, err := ledger.BuildStoreReport(ctx, s, ledger.ReportOptions{Period: ledger.MustPeriod("2025"), Level: ledger.County})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Units != 3 || rep.Total.Tonnes != 0.045 {
		t.Errorf("after the adjustment: %d units %.3f t, want 3 units 0.045 t", rep.Total.Units, rep.Total.Tonnes)
	}
}
