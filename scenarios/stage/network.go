package stage

import (
	"context"
	"fmt"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
)

// NetworkInput builds the network-design problem of a region: every
// township is a demand point and a collection-point candidate; every county
// seat a transfer-station candidate; every prefecture seat a sorting-centre
// candidate; the dismantlers are the default (assumed) Sichuan plants. A
// county's forecast returns are split equally among its townships — an
// assumption, for want of township population figures.
func NetworkInput(reg *region.Region, fc *supply.Result) *network.Input {
	in := &network.Input{
		FirstMile: network.DefaultFirstMile,
		HubLeg:    network.DefaultHubLeg,
		Rules:     network.DefaultRules(),
	}
	for _, c := range fc.Categories {
		in.Categories = append(in.Categories, c.ID)
	}
	areaIdx := map[string]int{}
	for i, a := range fc.Areas {
		areaIdx[a.ID] = i
	}
	nc := len(fc.Categories)
	for ci := range reg.Counties {
		c := &reg.Counties[ci]
		ts := reg.TownshipsOf(c.Adcode)
		ai, ok := areaIdx[c.Adcode]
		if !ok || len(ts) == 0 {
			continue
		}
		share := 1 / float64(len(ts))
		var tonnes, m3, units float64
		cat := make([]float64, nc)
		for k := 0; k < nc; k++ {
			r := fc.Row(ai, k)
			tonnes += r.Tonnes
			m3 += r.M3
			units += r.Units
			cat[k] = r.Tonnes * share
		}
		area := c.Area()
		for _, t := range ts {
			in.Demand = append(in.Demand, network.Demand{ID: t.Code, Name: t.Name, Point: t.Point, Area: area,
				Group: c.Adcode, Region: c.PrefectureAdcode, Tonnes: tonnes * share, M3: m3 * share, Units: units * share,
				TonnesByCategory: append([]float64(nil), cat...)})
			in.Sites = append(in.Sites, network.Site{ID: "cp-" + t.Code, Name: t.Name + " 回收站点", Tier: network.CollectionPoint,
				Point: t.Point, Area: area, Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: network.DefaultSizes(network.CollectionPoint),
				Note: "township point: " + t.Provenance})
		}
		in.Sites = append(in.Sites, network.Site{ID: "ts-" + c.Adcode, Name: c.Name + " 中转站", Tier: network.TransferStation,
			Point: c.Seat, Area: area, Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: network.DefaultSizes(network.TransferStation),
			Note: "county seat"})
	}
	for _, p := range reg.PrefectureSeats() {
		c, _ := reg.County(p)
		in.Sites = append(in.Sites, network.Site{ID: "sc-" + c.PrefectureAdcode, Name: c.Prefecture + " 集散转运中心", Tier: network.SortingCentre,
			Point: c.Seat, Area: c.Area(), Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: network.DefaultSizes(network.SortingCentre),
			Note: "prefecture seat (approximated by the seat of " + c.Name + ")"})
	}
	in.Sites = append(in.Sites, DefaultDismantlers(reg)...)
	return in
}

// defaultDismantlers are plausible licensed WEEE dismantling sites in
// Sichuan, placed at county seats. ASSUMPTIONS: the locations follow the
// province's main industrial centres (a licensed plant operates near
// Mianyang); capacities are set at 60,000 t/yr each. Replace with the
// official list of fund-licensed plants before relying on them.
var defaultDismantlers = []struct {
	county string
	name   string
	capT   float64
}{
	{"510704", "绵阳 拆解厂 (assumed)", 60_000},
	{"510681", "广汉 拆解厂 (assumed)", 60_000},
	{"511703", "达州 拆解厂 (assumed)", 60_000},
	{"511504", "宜宾 拆解厂 (assumed)", 60_000},
}

// DefaultDismantlers returns the default (assumed) dismantling plants that
// lie in the region, as fixed sinks.
func DefaultDismantlers(reg *region.Region) []network.Site {
	var out []network.Site
	for _, d := range defaultDismantlers {
		c, ok := reg.County(d.county)
		if !ok {
			continue
		}
		out = append(out, network.Site{ID: "dp-" + d.county, Name: d.name, Tier: network.Dismantler, Point: c.Seat, Area: c.Area(),
			Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: []network.Size{{Name: "licensed", CapacityT: d.capT}},
			Note: "assumption: plausible site, not from the official list"})
	}
	return out
}

// NetworkOptions shape the design problem built by BuildNetwork. The zero
// value gives NetworkInput's problem: the whole region, township demand,
// the default dismantlers and rules.
type NetworkOptions struct {
	// Prefecture, when set, keeps one prefecture (its adcode, e.g. "510100").
	Prefecture string
	// Demand is "townships" (default), "counties" (one point per county
	// seat), or anything else with DemandPoints set.
	Demand       string
	DemandPoints []network.Demand
	// Candidates are extra candidate sites added to the built-in ones.
	Candidates []network.Site
	// Dismantlers, when non-nil, replace the default dismantling plants.
	Dismantlers []network.Site
	// NoCountyRule lifts the county-centred rule: a collection point may
	// feed any of its three nearest transfer stations.
	NoCountyRule bool
	// SingleSource sets network.Rules.SingleSource.
	SingleSource bool
	// CoveragePenaltyPerT, when > 0, replaces the default penalty per tonne
	// served beyond the coverage radius.
	CoveragePenaltyPerT float64
	// CoveragePenaltyPerPoint, when > 0, replaces the default yearly
	// penalty per demand point served beyond the coverage radius; a
	// negative value means none.
	CoveragePenaltyPerPoint float64
}

// BuildNetwork builds the design problem of a region and its forecast,
// shaped by opt (see NetworkOptions).
func BuildNetwork(reg *region.Region, fc *supply.Result, opt NetworkOptions) (*network.Input, error) {
	if opt.Prefecture != "" {
		found := false
		for _, c := range reg.Counties {
			found = found || c.PrefectureAdcode == opt.Prefecture
		}
		if !found {
			return nil, fmt.Errorf("stage: prefecture %q is not in region %s", opt.Prefecture, reg.Name)
		}
	}
	in := NetworkInput(reg, fc)
	switch opt.Demand {
	case "", "townships":
	case "counties":
		in = CountyDemand(reg, in)
	default:
		if opt.DemandPoints == nil {
			return nil, fmt.Errorf("stage: demand %q: want townships, counties or a CSV file", opt.Demand)
		}
	}
	if opt.DemandPoints != nil {
		in = UserDemand(in, opt.DemandPoints)
	}
	in.Sites = append(in.Sites, opt.Candidates...)
	if opt.Dismantlers != nil {
		sites := in.Sites[:0:0]
		for _, s := range in.Sites {
			if s.Tier != network.Dismantler {
				sites = append(sites, s)
			}
		}
		in.Sites = append(sites, opt.Dismantlers...)
	}
	if opt.Prefecture != "" {
		in = OnePrefecture(in, opt.Prefecture)
	}
	in.Rules.TransferPerCounty = !opt.NoCountyRule
	in.Rules.SingleSource = opt.SingleSource
	if opt.CoveragePenaltyPerT > 0 {
		in.Rules.CoveragePenaltyPerT = opt.CoveragePenaltyPerT
	}
	if opt.CoveragePenaltyPerPoint != 0 {
		in.Rules.CoveragePenaltyPerPoint = max(0, opt.CoveragePenaltyPerPoint)
	}
	return in, nil
}

// DesignOptions control Design. The zero value works: network.Design with
// a 60 s limit.
type DesignOptions struct {
	// Greedy uses network.Greedy (the quick baseline) instead of Design.
	Greedy bool
	// Budget is the design's work budget (network.Options.Budget): 0 means
	// network.DefaultBudget, negative shares out TimeLimit by the clock.
	Budget int
	// TimeLimit caps the design search; 0 means 60 s.
	TimeLimit time.Duration
	// Progress, when set, is told the stage and how far it is.
	Progress func(stage string, done, total int)
	// OnSearch, when set, is told the best cost and bound as the search
	// improves them (network.Options.OnSearch).
	OnSearch func(network.Search)
}

// Design designs the network for in.
func Design(ctx context.Context, in *network.Input, opt DesignOptions) (*network.Plan, error) {
	design := network.Design
	if opt.Greedy {
		design = network.Greedy
	}
	return design(ctx, in, network.Options{Budget: opt.Budget, TimeLimit: opt.TimeLimit, Progress: opt.Progress, OnSearch: opt.OnSearch})
}

// OnePrefecture keeps the demand and candidates of prefecture p (and every
// dismantler: plants take material from the whole province).
func OnePrefecture(in *network.Input, p string) *network.Input {
	out := *in
	out.Demand = nil
	out.Sites = nil
	for _, d := range in.Demand {
		if d.Region == p {
			out.Demand = append(out.Demand, d)
		}
	}
	for _, s := range in.Sites {
		if s.Region == p || s.Tier == network.Dismantler {
			out.Sites = append(out.Sites, s)
		}
	}
	return &out
}

// CountyDemand replaces the township demand with one point per county (at
// the county's seat), collection-point candidates at the same points, each
// able to open at up to n large modules.
func CountyDemand(reg *region.Region, in *network.Input) *network.Input {
	out := *in
	out.Demand, out.Sites = nil, nil
	idx := map[string]int{}
	for _, d := range in.Demand {
		k, ok := idx[d.Group]
		if !ok {
			c, _ := reg.County(d.Group)
			k = len(out.Demand)
			idx[d.Group] = k
			out.Demand = append(out.Demand, network.Demand{ID: d.Group, Name: c.Name, Point: c.Seat, Area: d.Area, Group: d.Group, Region: d.Region})
		}
		cd := &out.Demand[k]
		cd.Tonnes += d.Tonnes
		cd.M3 += d.M3
		cd.Units += d.Units
		if d.TonnesByCategory != nil {
			if cd.TonnesByCategory == nil {
				cd.TonnesByCategory = make([]float64, len(d.TonnesByCategory))
			}
			for i, v := range d.TonnesByCategory {
				cd.TonnesByCategory[i] += v
			}
		}
	}
	for _, d := range out.Demand {
		// a county point stands for n points: sizes up to n large modules
		sizes := network.DefaultSizes(network.CollectionPoint)
		large := sizes[len(sizes)-1]
		for n := 2.0; (n-1)*large.CapacityT < d.Tonnes; n++ {
			sizes = append(sizes, network.Size{Name: fmt.Sprintf("%.0f×%s", n, large.Name), CapacityT: n * large.CapacityT,
				StorageM3: n * large.StorageM3, FixedCost: n * large.FixedCost, HandlingPerT: large.HandlingPerT})
		}
		out.Sites = append(out.Sites, network.Site{ID: "cp-" + d.ID, Name: d.Name + " 回收站点", Tier: network.CollectionPoint,
			Point: d.Point, Area: d.Area, Group: d.Group, Region: d.Region, Sizes: sizes, Note: "county seat (stands for the county's points)"})
	}
	for _, s := range in.Sites {
		if s.Tier != network.CollectionPoint {
			out.Sites = append(out.Sites, s)
		}
	}
	return &out
}

// UserDemand replaces the demand with the user's points, each also a
// collection-point candidate.
func UserDemand(in *network.Input, pts []network.Demand) *network.Input {
	out := *in
	out.Demand = pts
	out.Sites = nil
	for _, d := range pts {
		out.Sites = append(out.Sites, network.Site{ID: "cp-" + d.ID, Name: d.Name + " 回收站点", Tier: network.CollectionPoint,
			Point: d.Point, Area: d.Area, Group: d.Group, Region: d.Region, Sizes: network.DefaultSizes(network.CollectionPoint), Note: "user demand point"})
	}
	for _, s := range in.Sites {
		if s.Tier != network.CollectionPoint {
			out.Sites = append(out.Sites, s)
		}
	}
	return &out
}
