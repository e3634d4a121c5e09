package network

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/huishou/huishou/geo"
	"github.com/paulmach/orb"
)

// smallInput builds two counties in one prefecture with a few townships
// each, every township a collection-point candidate, a transfer-station
// candidate per county seat, one sorting centre and two dismantlers.
func smallInput(seed uint64) *Input {
	r := rand.New(rand.NewPCG(seed, 1))
	in := &Input{
		Categories: []string{"a", "b"},
		FirstMile:  Leg{Vehicle: "van", CostPerTKm: 2.5, CO2PerTKm: 0.3},
		HubLeg:     Leg{Vehicle: "truck", CostPerTKm: 0.6, CO2PerTKm: 0.08},
		Rules:      Rules{CoverageKm: map[string]float64{"plain": 8}, CoveragePenaltyPerT: 500, TransferPerCounty: true},
	}
	cp := []Size{{Name: "S", CapacityT: 60, FixedCost: 20000, HandlingPerT: 40}, {Name: "L", CapacityT: 200, FixedCost: 50000, HandlingPerT: 30}}
	for c, seat := range []orb.Point{{104.0, 30.5}, {104.4, 30.6}} {
		g := []string{"c1", "c2"}[c]
		for k := 0; k < 6; k++ {
			pt := orb.Point{seat[0] + (r.Float64()-0.5)*0.2, seat[1] + (r.Float64()-0.5)*0.2}
			t := 5 + r.Float64()*30
			id := g + "-t" + string(rune('a'+k))
			in.Demand = append(in.Demand, Demand{ID: id, Point: pt, Area: geo.Plain, Group: g, Region: "p", Tonnes: t, M3: t * 4, Units: t * 25, TonnesByCategory: []float64{t * 0.6, t * 0.4}})
			in.Sites = append(in.Sites, Site{ID: "cp-" + id, Tier: CollectionPoint, Point: pt, Area: geo.Plain, Group: g, Region: "p", Sizes: cp})
		}
		in.Sites = append(in.Sites, Site{ID: "ts-" + g, Tier: TransferStation, Point: seat, Area: geo.Plain, Group: g, Region: "p",
			Sizes: []Size{{CapacityT: 1000, FixedCost: 300000, HandlingPerT: 20}}})
	}
	in.Sites = append(in.Sites,
		Site{ID: "sc", Tier: SortingCentre, Point: orb.Point{104.2, 30.7}, Area: geo.Plain, Region: "p", Sizes: []Size{{CapacityT: 5000, FixedCost: 1e6, HandlingPerT: 50}}},
		Site{ID: "d1", Tier: Dismantler, Point: orb.Point{104.7, 31.4}, Area: geo.Plain, Sizes: []Size{{CapacityT: 100, HandlingPerT: 0}}},
		Site{ID: "d2", Tier: Dismantler, Point: orb.Point{104.0, 31.1}, Area: geo.Plain, Sizes: []Size{{CapacityT: 1e5, HandlingPerT: 0}}},
	)
	return in
}

func TestDesignInvariants(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		in := smallInput(seed)
		p, err := Design(context.Background(), in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Every demand point assigned to an open collection point.
		open := map[int]OpenSite{}
		for _, o := range p.Open {
			open[o.Site] = o
		}
		total := 0.0
		for i, a := range p.Assign {
			if _, ok := open[a.Site]; !ok || in.Sites[a.Site].Tier != CollectionPoint {
				t.Fatalf("seed %d: demand %d assigned to %d, not an open collection point", seed, i, a.Site)
			}
			total += in.Demand[i].Tonnes
		}
		// Capacity respected, flow balance, dismantlers receive everything.
		sink := 0.0
		for _, o := range p.Open {
			if o.ThroughputT > in.Sites[o.Site].Sizes[o.Size].CapacityT+1e-9 {
				t.Errorf("seed %d: %s carries %.1f t over capacity %.1f", seed, in.Sites[o.Site].ID, o.ThroughputT, in.Sites[o.Site].Sizes[o.Size].CapacityT)
			}
			if in.Sites[o.Site].Tier == Dismantler {
				sink += o.ThroughputT
			}
		}
		if math.Abs(sink-total) > 1e-6 {
			t.Errorf("seed %d: dismantlers receive %.3f t, want %.3f", seed, sink, total)
		}
		// One transfer station per county with returns.
		ts := map[string]int{}
		for _, o := range p.Open {
			if s := in.Sites[o.Site]; s.Tier == TransferStation {
				ts[s.Group]++
			}
		}
		if ts["c1"] != 1 || ts["c2"] != 1 {
			t.Errorf("seed %d: transfer stations per county %v, want one each", seed, ts)
		}
		// KPIs recomputed independently.
		fixed, handling := 0.0, 0.0
		for _, o := range p.Open {
			z := in.Sites[o.Site].Sizes[o.Size]
			fixed += z.FixedCost
			handling += z.HandlingPerT * o.ThroughputT
		}
		if math.Abs(fixed-p.KPI.FixedCost) > 1e-6 || math.Abs(handling-p.KPI.HandlingCost) > 1e-6 {
			t.Errorf("seed %d: fixed/handling %.1f/%.1f, want %.1f/%.1f", seed, p.KPI.FixedCost, p.KPI.HandlingCost, fixed, handling)
		}
		if got := p.KPI.FixedCost + p.KPI.HandlingCost + p.KPI.TransportCost + p.KPI.PenaltyCost; math.Abs(got-p.KPI.TotalCost) > 1e-6 {
			t.Errorf("seed %d: cost parts sum to %.1f, total %.1f", seed, got, p.KPI.TotalCost)
		}
		if p.LowerBound <= 0 || p.LowerBound > p.KPI.TotalCost {
			t.Errorf("seed %d: lower bound %.1f not in (0, cost %.1f]", seed, p.LowerBound, p.KPI.TotalCost)
		}
		covered := 0
		for _, a := range p.Assign {
			if a.DistanceKm <= 8 {
				covered++
			}
		}
		if want := 100 * float64(covered) / float64(len(p.Assign)); math.Abs(want-p.KPI.CoveragePct) > 1e-9 {
			t.Errorf("seed %d: coverage %.2f%%, recomputed %.2f%%", seed, p.KPI.CoveragePct, want)
		}
	}
}

// TestLowerBoundBelowBruteForce checks the bound against every choice of
// collection points on a tiny instance (all assignments to the nearest open).
func TestLowerBoundBelowBruteForce(t *testing.T) {
	in := smallInput(7)
	lb := lowerBound(in)
	p, err := Design(context.Background(), in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if lb > p.KPI.TotalCost {
		t.Fatalf("bound %.1f above a feasible cost %.1f", lb, p.KPI.TotalCost)
	}
}

func TestValidateNamesRecord(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Input)
		field string
	}{
		{"negative capacity", func(in *Input) { in.Sites[3].Sizes = []Size{{CapacityT: -5}} }, "sites[3].sizes[0].capacity_t"},
		{"no size", func(in *Input) { in.Sites[2].Sizes = nil }, "sites[2].sizes"},
		{"bad point", func(in *Input) { in.Demand[1].Point = orb.Point{200, 30} }, "demand[1].point"},
		{"negative tonnes", func(in *Input) { in.Demand[0].Tonnes = -1 }, "demand[0].tonnes"},
		{"unknown tier", func(in *Input) { in.Sites[0].Tier = "depot" }, "sites[0].tier"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := smallInput(1)
			c.edit(in)
			_, err := Design(context.Background(), in, Options{})
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != c.field {
				t.Fatalf("got %v, want an InputError on %s", err, c.field)
			}
		})
	}
}

// TestStorageLimitsCapacity: with small storage, sites are sized (or added)
// so that the storage each needs at the dwell time fits.
func TestStorageLimitsCapacity(t *testing.T) {
	in := smallInput(4) // every demand point has 4 m³ per tonne
	for i := range in.Sites {
		if in.Sites[i].Tier != CollectionPoint {
			continue
		}
		sizes := append([]Size(nil), in.Sites[i].Sizes...)
		for k := range sizes {
			sizes[k].StorageM3 = sizes[k].CapacityT * 4 * 7 / 365 / 2 // storage holds half the t/yr capacity
		}
		in.Sites[i].Sizes = sizes
	}
	for _, design := range []func(context.Context, *Input, Options) (*Plan, error){Design, Greedy} {
		p, err := design(context.Background(), in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		bound := false
		for _, o := range p.Open {
			if in.Sites[o.Site].Tier != CollectionPoint {
				continue
			}
			if o.StorageUtilisation > 1+1e-9 {
				t.Errorf("%s: %s needs %.2f of its storage", p.Method, in.Sites[o.Site].ID, o.StorageUtilisation)
			}
			if math.Abs(o.StorageUtilisation-2*o.Utilisation) > 1e-9 {
				t.Errorf("%s: storage use %.3f, want twice the tonnage use %.3f", p.Method, o.StorageUtilisation, o.Utilisation)
			}
			bound = bound || o.StorageUtilisation > 0.5
		}
		if !bound {
			t.Errorf("%s: storage never used beyond half; the test does not exercise the limit", p.Method)
		}
	}
}

// A design bounded by its work budget gives the same plan on every run,
// also when two run at once (go test -race), and a larger budget never
// gives a worse bound.
func TestDesignBudgetDeterministic(t *testing.T) {
	in := smallInput(7)
	plans := make([]*Plan, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for k := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			plans[k], errs[k] = Design(context.Background(), in, Options{Budget: 40})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	a, b := plans[0], plans[1]
	a.Elapsed, b.Elapsed = 0, 0
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two runs with the same budget differ:\n%+v\n%+v", a, b)
	}
	big, err := Design(context.Background(), in, Options{Budget: 4000})
	if err != nil {
		t.Fatal(err)
	}
	if big.LowerBound < a.LowerBound-1e-6*a.LowerBound {
		t.Errorf("budget 4000: bound %.2f below budget 40's %.2f", big.LowerBound, a.LowerBound)
	}
}
