package simulate

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/scenarios/region"
)

func sichuan(t testing.TB) *region.Region {
	t.Helper()
	reg, err := region.Builtin("sichuan")
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// TestRun simulates two weeks of one county and checks the ledger: it
// verifies, every event is simulated, the balance closes with no
// mismatched transfer, and the report counts what was served.
func TestRun(t *testing.T) {
	ctx := context.Background()
	opt := Options{Counties: []string{"510104"}, From: time.Date(2025, 6, 1, 0, 0, 0, 0, ledger.China), Days: 11, Iterations: 100}
	if testing.Short() {
		opt.Days, opt.Iterations = 10, 40
	}
	res, err := Run(ctx, sichuan(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ledger.Verify(ctx, res.Store, nil)
	if err != nil || !v.OK() {
		t.Fatalf("verify: %v %v", v.Breaks, err)
	}
	for _, ty := range []ledger.Type{ledger.Collected, ledger.Delivered, ledger.Received, ledger.Transferred, ledger.HandedOver} {
		if res.Counts[ty] == 0 {
			t.Errorf("no %s events (counts %v)", ty, res.Counts)
		}
	}
	if res.Served == 0 || res.Served > res.Bookings {
		t.Errorf("served %d of %d bookings", res.Served, res.Bookings)
	}
	res.Store.Scan(ctx, func(e ledger.Event) error {
		if !e.Simulated {
			t.Fatalf("%s not marked simulated", e.ID)
		}
		return nil
	})
	sh, err := ledger.Balance(ctx, res.Store, res.Sites, ledger.BalanceOptions{Period: ledger.MustPeriod("2025-06")})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sh.Flags {
		if f.Kind != ledger.FlagInTransit {
			t.Errorf("flag: %+v", f)
		}
	}
	rep, err := ledger.BuildStoreReport(ctx, res.Store, ledger.ReportOptions{Period: ledger.MustPeriod("2025-06"), Level: ledger.County})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Simulated || rep.Total.Bookings != int64(res.Served) || rep.Total.TradeIns == 0 || rep.Total.LicensedUnits == 0 {
		t.Errorf("report: simulated %v, %d bookings (served %d), %d trade-ins, %d licensed", rep.Simulated, rep.Total.Bookings, res.Served, rep.Total.TradeIns, rep.Total.LicensedUnits)
	}
	t.Logf("%d bookings, %d served (%d late), events %v", res.Bookings, res.Served, res.Late, res.Counts)
}

// TestDeterministic: the same options give the same bytes, with the
// routing engine (its budget counted in iterations).
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("the routing engine under the race detector is slow; runs in the full test")
	}
	ctx := context.Background()
	opt := Options{Counties: []string{"510104"}, From: time.Date(2025, 6, 1, 0, 0, 0, 0, ledger.China), Days: 2, Iterations: 150}
	res, err := Run(ctx, sichuan(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Run(ctx, sichuan(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	dump := func(m *ledger.Memory, w *bytes.Buffer) {
		m.Scan(ctx, func(e ledger.Event) error { w.Write(ledger.AppendLine(nil, &e)); return nil })
	}
	dump(res.Store, &a)
	dump(again.Store, &b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs with the same options differ")
	}
}
