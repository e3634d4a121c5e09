package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/scenarios/stage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// mini loads a scenario of the test region in testdata/mini.
func mini(t testing.TB, name string) *Scenario {
	t.Helper()
	sc, err := Load(filepath.Join("testdata", "mini", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func runT(t testing.TB, sc *Scenario, opt Options) *Result {
	t.Helper()
	r, err := Run(context.Background(), sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func kpi(r *Result, name string) float64 {
	for _, k := range r.KPIs() {
		if k.Name == name {
			return k.Value
		}
	}
	return math.NaN()
}

// TestLeversMoveKPIs: each lever moves its figure the expected way, over a
// sweep on the test region (whose designs are proved optimal).
func TestLeversMoveKPIs(t *testing.T) {
	if testing.Short() {
		t.Skip("covered by the full run; -short is the race run, which the concurrent tests serve")
	}
	cache := NewCache()
	sweep := func(file, path string, from, to, step float64) []*Result {
		t.Helper()
		pts, err := Sweep(mini(t, file), path, from, to, step)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := RunAll(context.Background(), pts, 2, Options{Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Plan.GapPct > 1e-6 {
				t.Fatalf("%s: gap %.4f %%: the test needs proved designs", r.Scenario.Title, r.Plan.GapPct)
			}
		}
		return rs
	}
	monotone := func(rs []*Result, name string, dir int, strict bool) {
		t.Helper()
		for i := 1; i < len(rs); i++ {
			a, b := kpi(rs[i-1], name), kpi(rs[i], name)
			if (b-a)*float64(dir) < -1e-9*math.Abs(a) || (strict && b == a) {
				t.Errorf("%s: %s %.4f → %s %.4f, want it to %s", name, rs[i-1].Scenario.Title, a, rs[i].Scenario.Title, b,
					map[int]string{1: "rise", -1: "fall"}[dir])
			}
		}
	}
	t.Run("more subsidy, more tonnes", func(t *testing.T) {
		rs := sweep("base", "levers.subsidy.all", 0, 0.3, 0.1)
		monotone(rs, "tonnes_recovered", +1, true)
		monotone(rs, "units_recovered", +1, true)
	})
	t.Run("subsidy on one category", func(t *testing.T) {
		rs := sweep("base", "levers.subsidy.refrigerator", 0, 0.3, 0.15)
		monotone(rs, "tonnes_recovered", +1, true)
	})
	t.Run("larger radius, fewer or equal collection points", func(t *testing.T) {
		rs := sweep("radius", "levers.service_radius_km.all", 1, 41, 8)
		monotone(rs, "sites_collection_point", -1, false)
		if first, last := kpi(rs[0], "sites_collection_point"), kpi(rs[len(rs)-1], "sites_collection_point"); last >= first {
			t.Errorf("collection points %v at 1 km and %v at 41 km: the radius does not bite", first, last)
		}
	})
	t.Run("dearer diesel never lowers transport cost", func(t *testing.T) {
		rs := sweep("base", "levers.fuel_price", 5, 15, 2.5)
		monotone(rs, "transport_cost", +1, true)
		monotone(rs, "annual_cost", +1, false)
	})
	t.Run("dearer labour, dearer network", func(t *testing.T) {
		rs := sweep("base", "levers.wage", 50000, 110000, 30000)
		monotone(rs, "fixed_cost", +1, true)
	})
	t.Run("a carbon price lowers or keeps CO₂", func(t *testing.T) {
		rs := sweep("base", "levers.co2_price", 0, 20000, 10000)
		monotone(rs, "co2_t", -1, false)
		monotone(rs, "annual_cost", +1, true)
	})
	t.Run("door-to-door coverage, more tonnes", func(t *testing.T) {
		rs := sweep("base", "levers.door_to_door.coverage", 0, 1, 0.5)
		monotone(rs, "tonnes_recovered", +1, true)
	})
	t.Run("formal share, more tonnes", func(t *testing.T) {
		rs := sweep("base", "levers.formal_share.all", 0.1, 0.4, 0.15)
		monotone(rs, "tonnes_recovered", +1, true)
	})
	t.Run("more trade-ins, more deliveries bring one back", func(t *testing.T) {
		rs := sweep("warehouses", "levers.trade_in_share", 0.2, 0.8, 0.3)
		monotone(rs, "trade_in_delivery_pct", +1, true)
		monotone(rs, "trucks_per_day", -1, false)
	})
}

// TestRunForcedAndClosedSites: sites forced open open, closed ones stay
// closed, unknown ids name the lever.
func TestRunForcedAndClosedSites(t *testing.T) {
	if testing.Short() {
		t.Skip("covered by the full run; -short is the race run, which the concurrent tests serve")
	}
	base := runT(t, mini(t, "base"), Options{})
	open := openIDs(base.Summary())
	var closedCP, openCP string
	for _, s := range base.Network.Sites {
		if s.Tier == network.CollectionPoint {
			if open[s.ID] && openCP == "" {
				openCP = s.ID
			}
			if !open[s.ID] && closedCP == "" {
				closedCP = s.ID
			}
		}
	}
	sc, err := mini(t, "base").With("levers.sites", map[string]any{"close": []any{openCP}, "force_open": []any{closedCP}})
	if err != nil {
		t.Fatal(err)
	}
	r := runT(t, sc, Options{})
	got := openIDs(r.Summary())
	if got[openCP] || !got[closedCP] {
		t.Errorf("closed %s open %v; forced %s open %v", openCP, got[openCP], closedCP, got[closedCP])
	}
	if r.Plan.KPI.RecyclingCost < base.Plan.KPI.RecyclingCost {
		t.Errorf("constraints lowered the optimum: %.0f < %.0f", r.Plan.KPI.RecyclingCost, base.Plan.KPI.RecyclingCost)
	}
	bad, err := mini(t, "base").With("levers.sites.close", []any{"cp-nowhere"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), bad, Options{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "levers.sites.close[0]" {
		t.Errorf("unknown site: got %v, want an error on levers.sites.close[0]", err)
	}
}

// TestCacheSharesStages: scenarios on the same region share it; a
// scenario whose design problem equals another's (days of operations on
// the same network) reuses the design.
func TestCacheSharesStages(t *testing.T) {
	cache := NewCache()
	scs := []*Scenario{mini(t, "base"), mini(t, "ops"), mini(t, "fuel")}
	rs, err := RunAll(context.Background(), scs, 2, Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	st := cache.Stats()
	if st.Misses["region"] != 1 || st.Hits["region"] != 2 {
		t.Errorf("region computed %d times, shared %d: want once, shared twice", st.Misses["region"], st.Hits["region"])
	}
	if st.Misses["forecast"] != 1 {
		t.Errorf("forecast computed %d times, want once", st.Misses["forecast"])
	}
	if st.Misses["design"] != 2 || st.Hits["design"] != 1 {
		t.Errorf("design computed %d, shared %d: want 2 and 1 (ops shares the base's)", st.Misses["design"], st.Hits["design"])
	}
	if rs[0].Plan != rs[1].Plan {
		t.Error("base and ops do not share the plan")
	}
	if len(rs[1].Days) != 2 || len(rs[1].Days[0].Bookings) == 0 {
		t.Errorf("ops: %d days", len(rs[1].Days))
	}
}

// TestDeterministic: the same file and seed give the same bytes, run alone
// or beside others, with or without a cache.
func TestDeterministic(t *testing.T) {
	out := func(rs []*Result) []byte {
		var b bytes.Buffer
		for _, r := range rs {
			json.NewEncoder(&b).Encode(r.PlanJSON())
			for _, k := range r.KPIs() {
				json.NewEncoder(&b).Encode(k)
			}
		}
		return b.Bytes()
	}
	a, err := RunAll(context.Background(), []*Scenario{mini(t, "warehouses"), mini(t, "ops")}, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := []*Result{runT(t, mini(t, "warehouses"), Options{}), runT(t, mini(t, "ops"), Options{})}
	for _, r := range append(a, b...) {
		if r.Plan.Capped > 0 || r.Plan.Work == 0 {
			t.Fatalf("%s: the design's work budget must end it, not the time cap (%d solves capped, %d units spent)", r.Scenario.Name, r.Plan.Capped, r.Plan.Work)
		}
	}
	if x, y := out(a), out(b); !bytes.Equal(x, y) {
		xl, yl := bytes.Split(x, []byte("\n")), bytes.Split(y, []byte("\n"))
		for i := range min(len(xl), len(yl)) {
			if !bytes.Equal(xl[i], yl[i]) {
				t.Errorf("the same scenarios gave different bytes, line %d:\n%.300s\n%.300s", i, xl[i], yl[i])
				break
			}
		}
	}
}

func TestCompareGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("covered by the full run; -short is the race run, which the concurrent tests serve")
	}
	var scs []*Scenario
	// no days of operations: their routes follow the scheduler, tested on its own
	for _, n := range []string{"base", "fuel", "radius", "subsidy", "warehouses", "roads"} {
		scs = append(scs, mini(t, n))
	}
	rs, err := RunAll(context.Background(), scs, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(rs, "mini-base")
	if err != nil {
		t.Fatal(err)
	}
	var csvb, jsonb bytes.Buffer
	if err := c.WriteCSV(&csvb); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteJSON(&jsonb); err != nil {
		t.Fatal(err)
	}
	golden(t, "compare.csv", csvb.Bytes())
	golden(t, "compare.json", jsonb.Bytes())
	// what the issue asks of compare.csv
	for _, k := range []string{"annual_cost", "cost_per_tonne", "tonnes_recovered", "coverage_pct", "tonne_km", "co2_t",
		"sites_collection_point", "sites_transfer_station", "sites_sorting_centre", "sites_dismantler", "trucks_per_day"} {
		if !bytes.Contains(csvb.Bytes(), []byte("mini-fuel,"+k+",")) {
			t.Errorf("compare.csv lacks %s", k)
		}
	}
	if _, err := Compare(rs, "nope"); err == nil {
		t.Error("unknown baseline: no error")
	}
	if _, err := Compare(append(rs, rs[0]), ""); err == nil {
		t.Error("a scenario twice: no error")
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n%s", name, got)
	}
}

// TestPlanFromCode: Plan (the API's plan runs) gives the plan of the same
// problem as a scenario file does.
func TestPlanFromCode(t *testing.T) {
	sc := mini(t, "base")
	r := runT(t, sc, Options{})
	dis, err := r.Region.LoadDismantlersCSV(strings.NewReader("id,name,lon,lat,capacity_t\ndp-mini,测试拆解厂,104.31,30.11,50000\n"), "d.csv")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Plan(context.Background(), r.Region, PlanOptions{Network: stage.NetworkOptions{Dismantlers: dis}, TimeLimit: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if p.Plan.KPI.TotalCost != r.Plan.KPI.TotalCost || p.Scenario.Name != r.Region.Name {
		t.Errorf("Plan costs %.2f (scenario %q), the scenario file %.2f", p.Plan.KPI.TotalCost, p.Scenario.Name, r.Plan.KPI.TotalCost)
	}
	if _, err := Plan(context.Background(), r.Region, PlanOptions{Network: stage.NetworkOptions{Prefecture: "519800"}}); err == nil {
		t.Error("unknown prefecture: no error")
	}
}

// TestBudgetReproducible: a design bounded by a work budget that binds
// (Chengdu, a budget far from a proof) gives the same plan.json whatever
// the time cap and whether runs share the machine.
func TestBudgetReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("a second of design per run")
	}
	base, err := Builtin("sichuan-2025-baseline")
	if err != nil {
		t.Fatal(err)
	}
	mk := func(name, cap string) *Scenario {
		sc, err := base.with(map[string]any{"name": name, "data": map[string]any{"prefecture": "510100"}, "solver": map[string]any{"budget": 8000, "time_cap": cap}}, "year", 2025)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	rs, err := RunAll(context.Background(), []*Scenario{mk("a", "10m"), mk("b", "5m")}, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	alone := runT(t, mk("a", "1m"), Options{})
	js := func(r *Result) string {
		w := r.PlanJSON()
		w.Scenario = ""
		b, _ := json.Marshal(w)
		return string(b)
	}
	if rs[0].Plan.GapPct < 1e-3 {
		t.Fatalf("gap %.4f %%: the budget does not bind, the test proves nothing", rs[0].Plan.GapPct)
	}
	if js(rs[0]) != js(rs[1]) || js(rs[0]) != js(alone) {
		t.Errorf("plans differ: %s / %s / %s", rs[0].Plan.Method, rs[1].Plan.Method, alone.Plan.Method)
	}
	t.Logf("%s, gap %.3f %%", alone.Plan.Method, alone.Plan.GapPct)
}

// TestRoadsFile: data.roads replaces the estimated distances of the pairs
// it names, in the design and in the plan.
func TestRoadsFile(t *testing.T) {
	r := runT(t, mini(t, "roads"), Options{})
	found := false
	for _, f := range r.PlanJSON().Flows {
		if f.From == "ts-519902" && f.To == "sc-519900" {
			found = true
			if f.DistanceKm != 90 {
				t.Errorf("ts-519902 → sc-519900: %v km, want the file's 90", f.DistanceKm)
			}
		}
	}
	if !found {
		t.Fatal("no flow from ts-519902 to sc-519900")
	}
	for _, d := range r.PlanJSON().Demand {
		if d.ID == "519901004" && d.AssignedTo == "cp-519901001" {
			t.Errorf("519901004 served across the 48 km road")
		}
	}
	base := runT(t, mini(t, "base"), Options{})
	if r.Plan.KPI.TonneKm <= base.Plan.KPI.TonneKm {
		t.Errorf("longer roads, tonne-km %.0f ≤ %.0f", r.Plan.KPI.TonneKm, base.Plan.KPI.TonneKm)
	}
	bad, err := mini(t, "base").with(nil, "levers.wage", 70000)
	if err != nil {
		t.Fatal(err)
	}
	bad.files = MapFiles{"counties.geojson": mustRead(t, "testdata/mini/counties.geojson"), "townships.csv": mustRead(t, "testdata/mini/townships.csv"),
		"dismantlers.csv": mustRead(t, "testdata/mini/dismantlers.csv"), "roads.csv": []byte("from,to,metres\nnowhere,ts-519902,5000\n")}
	bad.Data.Roads = "roads.csv"
	if _, err := Run(context.Background(), bad, Options{}); err == nil || !strings.Contains(err.Error(), "roads[0].from") {
		t.Errorf("unknown id in the roads file: got %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPlanJSONForward: with front warehouses plan.json carries the
// deliveries per township and the forward figures; without, neither key
// (plan.json stays as huishou plan writes it).
func TestPlanJSONForward(t *testing.T) {
	r := runT(t, mini(t, "warehouses"), Options{})
	w := r.PlanJSON()
	if w.KPI.Forward == nil || len(w.Deliveries) == 0 || len(w.Deliveries) != len(r.Plan.Deliveries) {
		t.Fatalf("forward figures %+v, %d deliveries (plan has %d)", w.KPI.Forward, len(w.Deliveries), len(r.Plan.Deliveries))
	}
	if f, k := w.KPI.Forward, r.Plan.KPI; math.Abs(f.DeliveryCost-k.DeliveryCost) > 0.01 || math.Abs(f.MeanLeadH-k.MeanLeadH) > 1e-3 || f.SharedSites != k.SharedSites {
		t.Errorf("forward figures %+v do not match the plan's %+v", f, k)
	}
	open := map[string]string{}
	for _, s := range w.Sites {
		open[s.ID] = s.Tier
	}
	delivered, lead := 0.0, 0.0
	for _, d := range w.Deliveries {
		if tier := open[d.From]; tier != string(network.FrontWarehouse) && !slices.ContainsFunc(r.Network.Sites, func(s network.Site) bool {
			return s.ID == d.From && s.Tier == network.DistributionCentre
		}) {
			t.Errorf("delivery to %s from %q: not an open front warehouse nor a distribution centre", d.Demand, d.From)
		}
		if d.TradeInT > 0 && open[d.TradeInTo] != string(network.TransferStation) {
			t.Errorf("trade-ins of %s go to %q, not an open transfer station", d.Demand, d.TradeInTo)
		}
		delivered += d.DeliveryT
		lead = max(lead, d.LeadH)
	}
	if math.Abs(delivered-w.KPI.Forward.DeliveryT) > 1e-3*max(1, delivered) || lead < w.KPI.Forward.P95LeadH-1e-9 {
		t.Errorf("deliveries add up to %.3f t (KPI %.3f), longest lead %.2f h (p95 %.2f)", delivered, w.KPI.Forward.DeliveryT, lead, w.KPI.Forward.P95LeadH)
	}
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(runT(t, mini(t, "base"), Options{}).PlanJSON())
	if bytes.Contains(b.Bytes(), []byte(`"deliveries"`)) || bytes.Contains(b.Bytes(), []byte(`"forward"`)) {
		t.Errorf("a plan without front warehouses has forward keys")
	}
}

// TestOpsKPIs: days of operations add their routed figures beside the
// region's estimate, which stays comparable with the scenario without them.
func TestOpsKPIs(t *testing.T) {
	if testing.Short() {
		t.Skip("routes two days; -short is the race run, which TestDeterministic serves")
	}
	rs, err := RunAll(context.Background(), []*Scenario{mini(t, "base"), mini(t, "ops")}, 2, Options{Cache: NewCache()})
	if err != nil {
		t.Fatal(err)
	}
	base, ops := rs[0], rs[1]
	if a, b := kpi(base, "trucks_per_day"), kpi(ops, "trucks_per_day"); a != b || a <= 0 {
		t.Errorf("trucks_per_day %v without operations, %v with: the estimate of the same network must not change", a, b)
	}
	routes := 0
	for _, d := range ops.Days {
		routes += len(d.Routes)
	}
	if got, want := kpi(ops, "routed_trucks_per_day"), float64(routes)/float64(len(ops.Days)); got != want || got <= 0 {
		t.Errorf("routed_trucks_per_day %v, want %v", got, want)
	}
	if !math.IsNaN(kpi(base, "routed_trucks_per_day")) {
		t.Errorf("a scenario without operations has routed_trucks_per_day")
	}
}

// TestNotesSayWhenCapped: a design the time cap cut does not claim the
// budget's reproducibility; one its budget ended does.
func TestNotesSayWhenCapped(t *testing.T) {
	r := runT(t, mini(t, "base"), Options{})
	notes := strings.Join(r.Notes(), "\n")
	if r.Plan.Capped != 0 || !strings.Contains(notes, "same plan on any machine") || strings.Contains(notes, "solver.time_cap") {
		t.Errorf("a budget-bound design (capped %d): notes\n%s", r.Plan.Capped, notes)
	}
	capped := *r.Plan
	capped.Capped = 2
	r.Plan = &capped
	notes = strings.Join(r.Notes(), "\n")
	if strings.Contains(notes, "same plan on any machine") || !strings.Contains(notes, "The time cap (solver.time_cap) stopped 2 solves") {
		t.Errorf("a capped design: notes\n%s", notes)
	}
}
