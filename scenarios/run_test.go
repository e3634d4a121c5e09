package scenarios

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
)

func sichuanT(t testing.TB) *region.Region {
	t.Helper()
	r, err := region.Builtin("sichuan")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRunSichuan(t *testing.T) {
	sc := sichuanT(t)
	res, err := Run(context.Background(), sc, RunOptions{PlanTime: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// The network receives every forecast tonne.
	total := res.Forecast.Total().Tonnes
	sink := 0.0
	for _, o := range res.Plan.Open {
		if res.Network.Sites[o.Site].Tier == network.Dismantler {
			sink += o.ThroughputT
		}
	}
	if math.Abs(sink-total) > 1e-6*total {
		t.Errorf("dismantlers receive %.1f t, forecast %.1f t", sink, total)
	}
	if got := len(res.Plan.Assign); got != len(sc.Townships) {
		t.Errorf("%d townships assigned, want %d", got, len(sc.Townships))
	}
	// One transfer station per county with returns (the county rule).
	ts := map[string]bool{}
	for _, o := range res.Plan.Open {
		if s := res.Network.Sites[o.Site]; s.Tier == network.TransferStation {
			ts[s.Group] = true
		}
	}
	if len(ts) != len(sc.Counties) {
		t.Errorf("%d counties have a transfer station, want %d", len(ts), len(sc.Counties))
	}
	dp := res.DayPlan
	if len(dp.Bookings) == 0 || len(dp.Routes) == 0 {
		t.Fatalf("day has %d bookings and %d routes", len(dp.Bookings), len(dp.Routes))
	}
	for _, err := range schedule.Check(dp, nil) {
		t.Error(err)
	}
	if dp.Totals.Served+len(dp.Unassigned) != len(dp.Bookings) {
		t.Errorf("%d served + %d unassigned != %d bookings", dp.Totals.Served, len(dp.Unassigned), len(dp.Bookings))
	}
	t.Logf("tonnes %.0f, cost %.0f, bound %.0f, gap %.1f%%, sites %v; day: %d bookings, %d routes, %d unassigned, %.0f km",
		total, res.Plan.KPI.TotalCost, res.Plan.LowerBound, res.Plan.GapPct, res.Plan.KPI.SitesOpen,
		len(dp.Bookings), len(dp.Routes), len(dp.Unassigned), dp.Totals.DistanceKm)
}

func TestRunUnknownCounty(t *testing.T) {
	_, err := Run(context.Background(), sichuanT(t), RunOptions{County: "999999"})
	if err == nil || !strings.Contains(err.Error(), "999999") {
		t.Fatalf("got %v, want an error naming the county", err)
	}
}

func TestPlanPrefecture(t *testing.T) {
	sc := sichuanT(t)
	res, err := Plan(context.Background(), sc, PlanOptions{Network: stage.NetworkOptions{Prefecture: "510100"}, TimeLimit: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	pj := res.PlanJSON()
	if pj.Cost <= 0 || pj.LowerBound <= 0 || pj.LowerBound > pj.Cost*(1+1e-9) || pj.GapPct < 0 {
		t.Errorf("cost %v, bound %v, gap %v", pj.Cost, pj.LowerBound, pj.GapPct)
	}
	tiers := map[string]int{}
	ids := map[string]bool{}
	for _, s := range pj.Sites {
		tiers[s.Tier]++
		ids[s.ID] = true
		if s.ThroughputT > s.CapacityT*(1+1e-9) {
			t.Errorf("site %s: %v t over capacity %v", s.ID, s.ThroughputT, s.CapacityT)
		}
	}
	for _, tier := range []string{"collection_point", "transfer_station", "sorting_centre", "dismantler"} {
		if tiers[tier] == 0 {
			t.Errorf("no open %s", tier)
		}
	}
	for _, d := range pj.Demand {
		if d.SupplyT > 0 && !ids[d.AssignedTo] {
			t.Errorf("demand %s assigned to %q, not an open site", d.ID, d.AssignedTo)
		}
	}
	for _, f := range pj.Flows {
		if !ids[f.From] || !ids[f.To] {
			t.Errorf("flow %s → %s joins a site not open", f.From, f.To)
		}
	}
	if _, err := Plan(context.Background(), sc, PlanOptions{Network: stage.NetworkOptions{Prefecture: "519900"}}); err == nil {
		t.Error("unknown prefecture: no error")
	}
}

func TestPlanCandidates(t *testing.T) {
	sc := sichuanT(t)
	sites, err := sc.LoadCandidatesCSV(strings.NewReader("id,tier,lon,lat,name\nind-1,transfer_station,103.95,30.99,彭州工业园\n"), "cands.csv")
	if err != nil {
		t.Fatal(err)
	}
	// The plan takes the candidate into account and stays valid.
	res, err := Plan(context.Background(), sc, PlanOptions{Network: stage.NetworkOptions{Prefecture: "510100", Candidates: sites}, TimeLimit: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.LowerBound > res.Plan.KPI.TotalCost+1e-6 {
		t.Errorf("bound %.0f above cost %.0f", res.Plan.LowerBound, res.Plan.KPI.TotalCost)
	}
}
