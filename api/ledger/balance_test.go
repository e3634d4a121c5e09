package ledger

import (
	"context"
	"math"
	"testing"
)

// TestBalanceProperty: on random streams of valid events (collections,
// unloadings, transfers, hand-overs, adjustments), for every site,
// category and month, opening + in − out = closing, each month opens
// with the last one's closing, and the closing stock is the true stock
// of the simulation.
func TestBalanceProperty(t *testing.T) {
	months := []string{"2025-03", "2025-04", "2025-05", "2025-06", "2025-07"}
	for seed := uint64(1); seed <= 30; seed++ {
		w := newWorld(seed)
		for range 300 {
			w.step()
		}
		m := NewMemory()
		w.run(t, testLedger(t, m))
		prev := map[siteCat]Qty{}
		for _, mo := range months {
			sh, err := Balance(context.Background(), m, nil, BalanceOptions{Period: MustPeriod(mo)})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[siteCat]bool{}
			for _, r := range sh.Rows {
				k := siteCat{r.Site, r.Category}
				seen[k] = true
				if c := r.Computed(); c.Units != r.Closing.Units || math.Abs(c.Kg-r.Closing.Kg) > 1e-6 {
					t.Errorf("seed %d %s %s %s: opening+in−out = %+v, closing %+v", seed, mo, r.Site, r.Category, c, r.Closing)
				}
				if o := prev[k]; o.Units != r.Opening.Units || math.Abs(o.Kg-r.Opening.Kg) > 1e-6 {
					t.Errorf("seed %d %s %s %s: opening %+v, last closing %+v", seed, mo, r.Site, r.Category, r.Opening, o)
				}
				prev[k] = r.Closing
			}
			for k, q := range prev {
				if !seen[k] && q != (Qty{}) {
					t.Errorf("seed %d %s: %v had %+v, now no row", seed, mo, k, q)
				}
			}
			for _, f := range sh.Flags {
				if f.Kind == FlagTransferMismatch || f.Kind == FlagTransferUnpaired || f.Kind == FlagDuplicateReceipt || f.Kind == FlagDoubleCollection {
					t.Errorf("seed %d %s: flag on a clean stream: %+v", seed, mo, f)
				}
			}
		}
		for site, cats := range w.stock {
			for c, q := range cats {
				got := prev[siteCat{site, c}]
				if int64(got.Units) != q[0] || math.Abs(got.Kg*1000-float64(q[1])) > 1e-3 {
					t.Errorf("seed %d: %s %s closing %+v, true stock %d pieces %d g", seed, site, c, got, q[0], q[1])
				}
			}
		}
	}
}

func TestBalanceFlags(t *testing.T) {
	m := NewMemory()
	l := testLedger(t, m)
	tv := func(n int, kg float64) []Item { return []Item{{Category: "television", Count: n, Kg: kg}} }
	mustAppend(t, l, Event{ClientID: "1", Type: Collected, Time: at("2025-06-02 10:00"), Site: "v1", Items: tv(10, 150),
		Booking: &Booking{ID: "B1", BookedAt: at("2025-06-01 10:00")}})
	mustAppend(t, l, Event{ClientID: "2", Type: Received, Time: at("2025-06-02 17:00"), Site: "ts1", Peer: "v1", Items: tv(10, 150)})
	// Within the tolerance: 150 → 148 kg (2 kg ≤ 2 % of 150 = 3 kg).
	mustAppend(t, l, Event{ClientID: "3", Type: Transferred, Direction: Out, Transfer: "T1", Time: at("2025-06-03 08:00"), Site: "ts1", Peer: "sc1", Items: tv(5, 75)})
	mustAppend(t, l, Event{ClientID: "4", Type: Transferred, Direction: In, Transfer: "T1", Time: at("2025-06-03 11:00"), Site: "sc1", Peer: "ts1", Items: tv(5, 73.6)})
	// Beyond it: 75 → 70 kg.
	mustAppend(t, l, Event{ClientID: "5", Type: Transferred, Direction: Out, Transfer: "T2", Time: at("2025-06-04 08:00"), Site: "ts1", Peer: "sc1", Items: tv(5, 75)})
	mustAppend(t, l, Event{ClientID: "6", Type: Transferred, Direction: In, Transfer: "T2", Time: at("2025-06-04 11:00"), Site: "sc1", Peer: "ts1", Items: tv(5, 70)})
	// One receipt twice; the second hand-over leaves sc1 negative.
	mustAppend(t, l, Event{ClientID: "7", Type: HandedOver, Time: at("2025-06-05 09:00"), Site: "sc1", Peer: "dp1", Receipt: "R1", Items: tv(8, 120)})
	mustAppend(t, l, Event{ClientID: "8", Type: HandedOver, Time: at("2025-06-05 10:00"), Site: "sc1", Peer: "dp1", Receipt: "R1", Items: tv(4, 60)})
	// The same booking collected again under another client id.
	mustAppend(t, l, Event{ClientID: "9", Type: Collected, Time: at("2025-06-06 10:00"), Site: "v2", Items: tv(1, 15),
		Booking: &Booking{ID: "B1", BookedAt: at("2025-06-01 10:00")}})
	// Sent, never received.
	mustAppend(t, l, Event{ClientID: "10", Type: Transferred, Direction: Out, Transfer: "T3", Time: at("2025-06-30 20:00"), Site: "cp1", Peer: "ts1", Items: tv(1, 15)})
	sh, err := Balance(context.Background(), m, testSites(t), BalanceOptions{Period: MustPeriod("2025-06")})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range sh.Flags {
		kinds[f.Kind]++
	}
	want := map[string]int{FlagTransferMismatch: 1, FlagDuplicateReceipt: 1, FlagDoubleCollection: 1, FlagInTransit: 1, FlagNegativeStock: 2}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("flag %s: got %d, want %d (all: %+v)", k, kinds[k], n, sh.Flags)
		}
	}
	// sc1: in 73.6 + 70, out 120 + 60: closing −2 pieces, −36.4 kg.
	for _, r := range sh.Rows {
		if r.Site == "sc1" && (r.Closing.Units != -2 || math.Abs(r.Closing.Kg+36.4) > 1e-9 || r.Kind != SortingCentre || r.County != "510106") {
			t.Errorf("sc1: %+v", r)
		}
		if r.Site == "v1" && (r.Collected.Units != 10 || r.Unloaded.Units != 10 || r.Closing.Units != 0) {
			t.Errorf("v1: %+v", r)
		}
	}
}
