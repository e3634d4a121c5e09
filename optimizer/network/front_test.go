package network

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/huishou/huishou/geo"
)

// tinyJoint: one county of three townships (each a collection-point
// candidate), its seat a transfer-station candidate and a front-warehouse
// candidate sharing the site, a second warehouse candidate in a town, one
// sorting centre with two sizes, one dismantler and a distribution centre
// 60–80 km away. Every township buys new appliances and hands some old
// ones in at delivery.
func tinyJoint(seed uint64) *Input {
	r := rand.New(rand.NewPCG(seed, 7))
	seat := orb.Point{104.0, 30.5}
	in := &Input{
		Categories: []string{"a"},
		FirstMile:  Leg{CostPerTKm: 2 + 2*r.Float64(), CO2PerTKm: 0.3},
		HubLeg:     Leg{CostPerTKm: 0.3 + 0.4*r.Float64(), CO2PerTKm: 0.08},
		Rules:      Rules{CoverageKm: map[string]float64{"plain": 6}, CoveragePenaltyPerT: 200 + 400*r.Float64(), CoveragePenaltyPerPoint: float64(r.IntN(2)) * 4000, TransferPerCounty: true},
		Forward: &Forward{
			Delivery: Leg{CostPerTKm: 2 + 2*r.Float64(), CO2PerTKm: 0.3},
			Trunk:    Leg{CostPerTKm: 0.3 + 0.3*r.Float64(), CO2PerTKm: 0.08},
			Backhaul: Leg{CostPerTKm: 0.5 + r.Float64(), CO2PerTKm: 0.05},
		},
	}
	cp := func() []Size {
		return []Size{
			{Name: "S", CapacityT: float64(30 + r.IntN(40)), FixedCost: float64(8000 + r.IntN(15000)), HandlingPerT: float64(30 + r.IntN(30))},
			{Name: "L", CapacityT: 200, FixedCost: float64(30000 + r.IntN(20000)), HandlingPerT: float64(10 + r.IntN(20))},
		}
	}
	wh := func() []Size {
		return []Size{
			{Name: "S", CapacityT: float64(60 + r.IntN(80)), FixedCost: float64(40000 + r.IntN(60000)), HandlingPerT: float64(10 + r.IntN(20))},
			{Name: "L", CapacityT: 1000, FixedCost: float64(90000 + r.IntN(90000)), HandlingPerT: float64(5 + r.IntN(10))},
		}
	}
	for k := 0; k < 3; k++ {
		pt := orb.Point{seat[0] + (r.Float64()-0.5)*0.3, seat[1] + (r.Float64()-0.5)*0.3}
		t := 5 + r.Float64()*40
		dt := 10 + r.Float64()*60
		id := "t" + string(rune('a'+k))
		in.Demand = append(in.Demand, Demand{ID: id, Point: pt, Area: geo.Plain, Group: "c", Region: "p", Tonnes: t, M3: 4 * t, Units: 20 * t,
			TonnesByCategory: []float64{t}, DeliveryT: dt, DeliveryUnits: 25 * dt, TradeInT: t * r.Float64() * 0.8, TradeInUnits: 0})
		in.Demand[k].TradeInUnits = 20 * in.Demand[k].TradeInT
		in.Sites = append(in.Sites, Site{ID: "cp-" + id, Tier: CollectionPoint, Point: pt, Area: geo.Plain, Group: "c", Region: "p", Sizes: cp()})
	}
	in.Sites = append(in.Sites,
		Site{ID: "ts", Tier: TransferStation, Point: seat, Area: geo.Plain, Group: "c", Region: "p",
			Sizes: []Size{{Name: "S", CapacityT: 60, FixedCost: 60000, HandlingPerT: 30}, {Name: "L", CapacityT: 1000, FixedCost: 110000, HandlingPerT: 12}}},
		Site{ID: "fw-seat", Tier: FrontWarehouse, Point: seat, Area: geo.Plain, Group: "c", Region: "p", Sizes: wh(), Shares: "ts"},
		Site{ID: "fw-town", Tier: FrontWarehouse, Point: orb.Point{seat[0] + 0.12, seat[1] - 0.1}, Area: geo.Plain, Group: "c", Region: "p", Sizes: wh()},
		Site{ID: "sc", Tier: SortingCentre, Point: orb.Point{104.3, 30.8}, Area: geo.Plain, Region: "p",
			Sizes: []Size{{Name: "M", CapacityT: 1000, FixedCost: 200000, HandlingPerT: 40}, {Name: "L", CapacityT: 2000, FixedCost: 260000, HandlingPerT: 25}}},
		Site{ID: "dp", Tier: Dismantler, Point: orb.Point{104.7, 31.2}, Area: geo.Plain, Sizes: []Size{{CapacityT: 1e5, HandlingPerT: 5}}},
		Site{ID: "dc", Tier: DistributionCentre, Point: orb.Point{104.5 + 0.2*r.Float64(), 30.9}, Area: geo.Plain, Region: "p", Sizes: []Size{{CapacityT: 1e6}}},
	)
	return in
}

// bruteJoint enumerates every assignment of townships to collection
// points and of deliveries to a warehouse or the distribution centre, and
// every size, computing the cost from the model's text (Forward's doc),
// not from Evaluate.
func bruteJoint(in *Input) float64 {
	idx := map[string]int{}
	var cps, fws []int
	for i, s := range in.Sites {
		idx[s.ID] = i
		switch s.Tier {
		case CollectionPoint:
			cps = append(cps, i)
		case FrontWarehouse:
			fws = append(fws, i)
		}
	}
	ts, sc, dp, dc := idx["ts"], idx["sc"], idx["dp"], idx["dc"]
	dkm := func(j, s int) float64 {
		d, t := in.Demand[j], in.Sites[s]
		return RoadKm(d.Point, d.Area, t.Point, t.Area)
	}
	skm := func(a, b int) float64 {
		s, t := in.Sites[a], in.Sites[b]
		return RoadKm(s.Point, s.Area, t.Point, t.Area)
	}
	cheapest := func(sizes []Size, load float64) (float64, int) {
		best, bk := math.Inf(1), -1
		for k, z := range sizes {
			if z.CapacityT >= load-1e-9 && z.FixedCost+z.HandlingPerT*load < best {
				best, bk = z.FixedCost+z.HandlingPerT*load, k
			}
		}
		return best, bk
	}
	// The county's tonnes all pass the station, then the sorting centre
	// (cheapest size) and the dismantler: a constant.
	total := 0.0
	for _, d := range in.Demand {
		total += d.Tonnes
	}
	tsCost, tsSize := cheapest(in.Sites[ts].Sizes, total)
	scCost, _ := cheapest(in.Sites[sc].Sizes, total)
	upper := tsCost + scCost + total*(skm(ts, sc)+skm(sc, dp))*in.HubLeg.CostPerTKm + total*in.Sites[dp].Sizes[0].HandlingPerT
	fw := in.Forward
	nd := len(in.Demand)
	best := math.Inf(1)
	cpOf := make([]int, nd)
	from := make([]int, nd) // index into fws, or −1 for the distribution centre
	var recC, recF func(j int)
	recC = func(j int) {
		if j < nd {
			for _, c := range cps {
				cpOf[j] = c
				recC(j + 1)
			}
			return
		}
		recF(0)
	}
	recF = func(j int) {
		if j < nd {
			for f := -1; f < len(fws); f++ {
				from[j] = f
				recF(j + 1)
			}
			return
		}
		cost := upper
		load := map[int]float64{}
		for j, c := range cpOf {
			d := in.Demand[j]
			t := d.Tonnes - d.TradeInT
			k := dkm(j, c)
			cost += t*k*in.FirstMile.CostPerTKm + t*skm(c, ts)*in.HubLeg.CostPerTKm
			if k > in.Rules.coverageKm(d.Area)+1e-9 {
				cost += t*in.Rules.CoveragePenaltyPerT + in.Rules.CoveragePenaltyPerPoint
			}
			load[c] += t
		}
		for _, c := range cps {
			if load[c] > 0 {
				v, _ := cheapest(in.Sites[c].Sizes, load[c])
				cost += v
			}
		}
		wload := map[int]float64{}
		for j, f := range from {
			d := in.Demand[j]
			if f < 0 {
				cost += d.DeliveryT*dkm(j, dc)*fw.Delivery.CostPerTKm + d.TradeInT*dkm(j, ts)*fw.Backhaul.CostPerTKm
				continue
			}
			w := fws[f]
			wload[w] += d.DeliveryT
			cost += d.DeliveryT*(skm(dc, w)*fw.Trunk.CostPerTKm+dkm(j, w)*fw.Delivery.CostPerTKm) +
				d.TradeInT*(dkm(j, w)*fw.Backhaul.CostPerTKm+skm(w, ts)*in.HubLeg.CostPerTKm)
		}
		for _, w := range fws {
			if wload[w] == 0 {
				continue
			}
			// every size that fits; a shared site adds only what its
			// fixed cost exceeds the station's
			bestW := math.Inf(1)
			for _, z := range in.Sites[w].Sizes {
				if z.CapacityT < wload[w]-1e-9 {
					continue
				}
				f := z.FixedCost
				if in.Sites[w].Shares == "ts" {
					f = math.Max(f, in.Sites[ts].Sizes[tsSize].FixedCost) - in.Sites[ts].Sizes[tsSize].FixedCost
				}
				bestW = math.Min(bestW, f+z.HandlingPerT*wload[w])
			}
			cost += bestW
		}
		best = math.Min(best, cost)
	}
	recC(0)
	return best
}

// TestJointDesignBruteForce: the joint design of front warehouses and the
// recycling tiers is optimal, proved, on tiny instances.
func TestJointDesignBruteForce(t *testing.T) {
	shared := 0
	for seed := uint64(1); seed <= 12; seed++ {
		in := tinyJoint(seed)
		if seed%4 == 0 {
			in.Sites[4].Shares = "" // no shared site
		}
		want := bruteJoint(in)
		p, err := Design(context.Background(), in, Options{TimeLimit: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, in, p)
		checkDeliveries(t, in, p)
		got, tol := p.KPI.TotalCost, 1e-6*want
		if math.Abs(got-want) > tol {
			t.Errorf("seed %d: plan %.2f, brute-force optimum %.2f", seed, got, want)
		}
		if p.LowerBound > want+tol || p.GapPct > 1e-6 {
			t.Errorf("seed %d: bound %.2f (gap %.4f %%), optimum %.2f: want a proof", seed, p.LowerBound, p.GapPct, want)
		}
		if math.Abs(p.KPI.RecyclingCost+p.KPI.DeliveryCost-got) > tol {
			t.Errorf("seed %d: recycling %.2f + delivery %.2f ≠ total %.2f", seed, p.KPI.RecyclingCost, p.KPI.DeliveryCost, got)
		}
		shared += p.KPI.SharedSites
		t.Logf("seed %d: optimum %.0f, warehouses %d (shared %d, saving %.0f), trade-ins on %.1f %% of deliveries, lead %.1f h",
			seed, want, p.KPI.SitesOpen[FrontWarehouse], p.KPI.SharedSites, p.KPI.SharedSaving, p.KPI.TradeInDeliveryPct, p.KPI.MeanLeadH)
	}
	if shared == 0 {
		t.Error("no instance opened a shared site: the test does not exercise the shared cost")
	}
}

// checkDeliveries: every township with deliveries has one, from an open
// warehouse or a distribution centre; warehouses stay within capacity;
// trade-ins reach the county's transfer station.
func checkDeliveries(t *testing.T, in *Input, p *Plan) {
	t.Helper()
	open := map[int]OpenSite{}
	for _, o := range p.Open {
		open[o.Site] = o
	}
	got := map[int]bool{}
	load := map[int]float64{}
	for _, dl := range p.Deliveries {
		got[dl.Demand] = true
		switch in.Sites[dl.From].Tier {
		case FrontWarehouse:
			if _, ok := open[dl.From]; !ok {
				t.Errorf("delivery to %s from a closed warehouse", in.Demand[dl.Demand].ID)
			}
			load[dl.From] += in.Demand[dl.Demand].DeliveryT
		case DistributionCentre:
		default:
			t.Errorf("delivery from a %s", in.Sites[dl.From].Tier)
		}
		if in.Demand[dl.Demand].TradeInT > 0 && in.Sites[dl.TradeInTo].Tier != TransferStation {
			t.Errorf("trade-ins of %s go to %d", in.Demand[dl.Demand].ID, dl.TradeInTo)
		}
		if dl.LeadH < in.Forward.dispatchH() {
			t.Errorf("lead time %.2f h below the dispatch time", dl.LeadH)
		}
	}
	for j, d := range in.Demand {
		if d.DeliveryT > 0 && !got[j] {
			t.Errorf("township %s has no delivery", d.ID)
		}
	}
	for w, l := range load {
		if z := in.Sites[w].Sizes[open[w].Size]; l > z.CapacityT*(1+1e-9) {
			t.Errorf("warehouse %s: %.1f t over capacity %.1f", in.Sites[w].ID, l, z.CapacityT)
		}
	}
}

// TestSharedSiteSaves: with the shared site the design costs no more than
// without it, and exactly the saving less when the shared warehouse opens.
func TestSharedSiteSaves(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		in := tinyJoint(seed)
		with, err := Design(context.Background(), in, Options{TimeLimit: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		in.Sites[4].Shares = ""
		without, err := Design(context.Background(), in, Options{TimeLimit: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if with.KPI.TotalCost > without.KPI.TotalCost+1e-6 {
			t.Errorf("seed %d: shared %.2f costs more than separate %.2f", seed, with.KPI.TotalCost, without.KPI.TotalCost)
		}
	}
}

func TestForwardInputErrors(t *testing.T) {
	cases := []struct {
		name, field string
		edit        func(*Input)
	}{
		{"trade-ins above returns", "demand[1].trade_in_t", func(in *Input) { in.Demand[1].TradeInT = in.Demand[1].Tonnes + 1 }},
		{"trade-ins without deliveries", "demand[0].trade_in_t", func(in *Input) { in.Demand[0].DeliveryT = 0 }},
		{"NaN deliveries", "demand[2].delivery_t", func(in *Input) { in.Demand[2].DeliveryT = math.NaN() }},
		{"no distribution centre", "sites", func(in *Input) { in.Sites = in.Sites[:len(in.Sites)-1] }},
		{"shares a non-station", "sites[5].shares", func(in *Input) { in.Sites[5].Shares = "sc" }},
		{"negative backhaul", "forward.backhaul", func(in *Input) { in.Forward.Backhaul.CostPerTKm = -1 }},
		{"deliveries without a forward part", "demand[0].delivery_t", func(in *Input) { in.Forward = nil }},
		{"two station candidates", "forward", func(in *Input) {
			ts := in.Sites[3]
			ts.ID, ts.Point = "ts2", orb.Point{104.1, 30.6}
			in.Sites = append(in.Sites, ts)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := tinyJoint(1)
			c.edit(in)
			_, err := Design(context.Background(), in, Options{TimeLimit: time.Second})
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != c.field {
				t.Fatalf("got %v, want an InputError on %s", err, c.field)
			}
		})
	}
	in := tinyJoint(1)
	if _, err := Greedy(context.Background(), in, Options{}); err == nil {
		t.Error("Greedy with front warehouses: no error")
	}
}

// TestForceOpen: a site the planner forces open is open in Design's plan
// and in Greedy's, and the plan costs no less than without.
func TestForceOpen(t *testing.T) {
	in := tinyInput(3, false)
	free, err := Design(context.Background(), in, Options{TimeLimit: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	isOpen := map[int]bool{}
	for _, o := range free.Open {
		isOpen[o.Site] = true
	}
	forced := -1
	for i, s := range in.Sites {
		if (s.Tier == CollectionPoint || s.Tier == SortingCentre) && !isOpen[i] {
			forced = i
			break
		}
	}
	if forced < 0 {
		t.Fatal("every candidate open: pick another instance")
	}
	in.Sites[forced].ForceOpen = true
	for name, design := range map[string]func(context.Context, *Input, Options) (*Plan, error){"Design": Design, "Greedy": Greedy} {
		p, err := design(context.Background(), in, Options{TimeLimit: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, o := range p.Open {
			found = found || o.Site == forced
		}
		if !found {
			t.Errorf("%s: forced site %s not open", name, in.Sites[forced].ID)
		}
		if name == "Design" && p.KPI.TotalCost < free.KPI.TotalCost-1e-6 {
			t.Errorf("forcing a site open lowered the cost: %.2f < %.2f", p.KPI.TotalCost, free.KPI.TotalCost)
		}
	}
}
