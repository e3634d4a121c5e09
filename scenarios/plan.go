package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/huishou/huishou/geo"
	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/supply"
)

// PlanOptions control Plan. The zero value works: year 2025, status-quo
// levers, the whole province, township demand, the default dismantlers and
// rules, 60 s.
type PlanOptions struct {
	Year   int           // forecast year; default supply.DefaultYear
	Levers supply.Levers // collection-rate levers (e.g. SubsidyShare)
	// Prefecture, when set, plans one prefecture (its adcode, e.g. "510100").
	Prefecture string
	// Demand is "townships" (default), "counties" (one point per county
	// seat) or a demand set loaded with LoadDemandCSV in DemandPoints.
	Demand       string
	DemandPoints []network.Demand
	// Dismantlers replaces the default (assumed) dismantling plants.
	// Candidates are extra candidate sites (e.g. industrial plots for
	// transfer stations) added to the built-in ones.
	Candidates  []network.Site
	Dismantlers []network.Site
	// NoCountyRule lifts the county-centred rule: a collection point may
	// feed any of its three nearest transfer stations.
	NoCountyRule bool
	// SingleSource sets network.Rules.SingleSource: every transfer station
	// sends to one sorting centre (without the county rule: every
	// collection point to one transfer station).
	SingleSource bool
	// CoveragePenaltyPerT, when > 0, replaces the default penalty per tonne
	// served beyond the coverage radius.
	CoveragePenaltyPerT float64
	// CoveragePenaltyPerPoint, when > 0, replaces the default yearly
	// penalty per demand point served beyond the coverage radius; a
	// negative value means none.
	CoveragePenaltyPerPoint float64
	// Greedy uses network.Greedy (the quick baseline) instead of Design.
	Greedy bool
	// TimeLimit bounds the design search; 0 means 60 s.
	TimeLimit time.Duration
	// Progress, when set, is told the stage and how far it is.
	Progress func(stage string, done, total int)
}

// Plan forecasts the returns and designs the network: forecast →
// NetworkInput → network.Design. The Result has no routed day.
func Plan(ctx context.Context, sc *Scenario, opt PlanOptions) (*Result, error) {
	if opt.Year == 0 {
		opt.Year = supply.DefaultYear
	}
	progress := func(stage string, done, total int) {
		if opt.Progress != nil {
			opt.Progress(stage, done, total)
		}
	}
	if opt.Prefecture != "" {
		found := false
		for _, c := range sc.Counties {
			found = found || c.PrefectureAdcode == opt.Prefecture
		}
		if !found {
			return nil, fmt.Errorf("scenarios: prefecture %q is not in scenario %s", opt.Prefecture, sc.Name)
		}
	}
	progress("forecast", 0, 1)
	fc, err := Forecast(sc, supply.Options{Year: opt.Year, Levers: opt.Levers})
	if err != nil {
		return nil, err
	}
	progress("forecast", 1, 1)
	in := NetworkInput(sc, fc)
	switch opt.Demand {
	case "", "townships":
	case "counties":
		in = countyDemand(sc, in)
	default:
		if opt.DemandPoints == nil {
			return nil, fmt.Errorf("scenarios: demand %q: want townships, counties or a CSV file", opt.Demand)
		}
	}
	if opt.DemandPoints != nil {
		in = userDemand(in, opt.DemandPoints)
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
		in = onePrefecture(in, opt.Prefecture)
	}
	in.Rules.TransferPerCounty = !opt.NoCountyRule
	in.Rules.SingleSource = opt.SingleSource
	if opt.CoveragePenaltyPerT > 0 {
		in.Rules.CoveragePenaltyPerT = opt.CoveragePenaltyPerT
	}
	if opt.CoveragePenaltyPerPoint != 0 {
		in.Rules.CoveragePenaltyPerPoint = max(0, opt.CoveragePenaltyPerPoint)
	}
	design := network.Design
	if opt.Greedy {
		design = network.Greedy
	}
	plan, err := design(ctx, in, network.Options{TimeLimit: opt.TimeLimit, Progress: func(s string, d, t int) { progress(s, d, t) }})
	if err != nil {
		return nil, err
	}
	return &Result{Scenario: sc, Forecast: fc, Network: in, Plan: plan, Prefecture: opt.Prefecture}, nil
}

// onePrefecture keeps the demand and candidates of prefecture p (and every
// dismantler: plants take material from the whole province).
func onePrefecture(in *network.Input, p string) *network.Input {
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

// countyDemand replaces the township demand with one point per county (at
// the county's transfer-station candidate, its seat), collection-point
// candidates at the same points.
func countyDemand(sc *Scenario, in *network.Input) *network.Input {
	out := *in
	out.Demand, out.Sites = nil, nil
	idx := map[string]int{}
	for _, d := range in.Demand {
		k, ok := idx[d.Group]
		if !ok {
			c, _ := sc.County(d.Group)
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

// userDemand replaces the demand with the user's points, each also a
// collection-point candidate.
func userDemand(in *network.Input, pts []network.Demand) *network.Input {
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

// PlanJSON is the wire form of a network plan (plan.json).
type PlanJSON struct {
	Scenario   string       `json:"scenario"`
	Year       int          `json:"year"`
	Prefecture string       `json:"prefecture,omitempty"`
	Method     string       `json:"method"`
	Cost       float64      `json:"cost"`
	LowerBound float64      `json:"lower_bound"`
	GapPct     float64      `json:"gap_pct"`
	Categories []string     `json:"categories"`
	Sites      []SiteJSON   `json:"sites"`
	Demand     []DemandJSON `json:"demand"`
	Flows      []FlowJSON   `json:"flows"`
	KPI        KPIJSON      `json:"kpi"`
}

// SiteJSON is an open site.
type SiteJSON struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Tier         string  `json:"tier"`
	Size         string  `json:"size"`
	Lon          float64 `json:"lon"`
	Lat          float64 `json:"lat"`
	County       string  `json:"county"`
	Prefecture   string  `json:"prefecture"`
	CapacityT    float64 `json:"capacity_t"`
	StorageM3    float64 `json:"storage_m3"`
	FixedCost    float64 `json:"fixed_cost"`
	ThroughputT  float64 `json:"throughput_t"`
	ThroughputM3 float64 `json:"throughput_m3"`
	Utilisation  float64 `json:"utilisation"`
	// StorageUtilisation is the storage needed at the dwell time over the
	// size's storage.
	StorageUtilisation float64 `json:"storage_utilisation"`
	Note               string  `json:"note,omitempty"`
}

// DemandJSON is a demand point and its collection point.
type DemandJSON struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
	County     string  `json:"county"`
	SupplyT    float64 `json:"supply_t"`
	SupplyM3   float64 `json:"supply_m3"`
	AssignedTo string  `json:"assigned_to"`
	DistanceKm float64 `json:"distance_km"`
	Covered    bool    `json:"covered"`
}

// FlowJSON is a yearly flow between two open sites.
type FlowJSON struct {
	From       string    `json:"from"`
	To         string    `json:"to"`
	FromTier   string    `json:"from_tier"`
	Tonnes     float64   `json:"tonnes"`
	M3         float64   `json:"m3"`
	DistanceKm float64   `json:"distance_km"`
	ByCategory []float64 `json:"tonnes_by_category,omitempty"`
}

// KPIJSON are the plan's key figures.
type KPIJSON struct {
	TotalCost      float64        `json:"total_cost"`
	FixedCost      float64        `json:"fixed_cost"`
	HandlingCost   float64        `json:"handling_cost"`
	TransportCost  float64        `json:"transport_cost"`
	PenaltyCost    float64        `json:"penalty_cost"`
	TonneKm        float64        `json:"tonne_km"`
	CO2T           float64        `json:"co2_t"`
	CoveragePct    float64        `json:"coverage_pct"`
	CoveredTonnes  float64        `json:"covered_tonnes_pct"`
	MeanDistanceKm float64        `json:"mean_distance_km"`
	P95DistanceKm  float64        `json:"p95_distance_km"`
	Tonnes         float64        `json:"tonnes"`
	SitesOpen      map[string]int `json:"sites_open"`
}

// PlanJSON converts the plan to its wire form.
func (r *Result) PlanJSON() *PlanJSON {
	in, p := r.Network, r.Plan
	k := p.KPI
	out := &PlanJSON{Scenario: r.Scenario.Name, Year: r.Forecast.Year, Prefecture: r.Prefecture, Method: p.Method,
		Cost: round(k.TotalCost, 2), LowerBound: round(p.LowerBound, 2), GapPct: round(p.GapPct, 4), Categories: in.Categories,
		Sites: []SiteJSON{}, Demand: []DemandJSON{}, Flows: []FlowJSON{},
		KPI: KPIJSON{TotalCost: round(k.TotalCost, 2), FixedCost: round(k.FixedCost, 2), HandlingCost: round(k.HandlingCost, 2),
			TransportCost: round(k.TransportCost, 2), PenaltyCost: round(k.PenaltyCost, 2), TonneKm: round(k.TonneKm, 1), CO2T: round(k.CO2T, 2),
			CoveragePct: round(k.CoveragePct, 3), CoveredTonnes: round(k.CoveredTonnes, 3), MeanDistanceKm: round(k.MeanDistanceKm, 3),
			P95DistanceKm: round(k.P95DistanceKm, 3), Tonnes: round(k.Tonnes, 3), SitesOpen: map[string]int{}}}
	for t, n := range k.SitesOpen {
		out.KPI.SitesOpen[string(t)] = n
	}
	for _, o := range p.Open {
		s := in.Sites[o.Site]
		z := s.Sizes[o.Size]
		out.Sites = append(out.Sites, SiteJSON{ID: s.ID, Name: s.Name, Tier: string(s.Tier), Size: z.Name, Lon: s.Point[0], Lat: s.Point[1],
			County: s.Group, Prefecture: s.Region, CapacityT: z.CapacityT, StorageM3: z.StorageM3, FixedCost: z.FixedCost,
			ThroughputT: round(o.ThroughputT, 3), ThroughputM3: round(o.ThroughputM3, 3), Utilisation: round(o.Utilisation, 4), StorageUtilisation: round(o.StorageUtilisation, 4), Note: s.Note})
	}
	for i, a := range p.Assign {
		d := in.Demand[i]
		dj := DemandJSON{ID: d.ID, Name: d.Name, Lon: d.Point[0], Lat: d.Point[1], County: d.Group, SupplyT: round(d.Tonnes, 3),
			SupplyM3: round(d.M3, 3), DistanceKm: round(a.DistanceKm, 3), Covered: a.Covered}
		if a.Site >= 0 {
			dj.AssignedTo = in.Sites[a.Site].ID
		}
		out.Demand = append(out.Demand, dj)
	}
	for _, f := range p.Flows {
		fj := FlowJSON{From: in.Sites[f.From].ID, To: in.Sites[f.To].ID, FromTier: string(in.Sites[f.From].Tier), Tonnes: round(f.Tonnes, 3),
			M3: round(f.M3, 3), DistanceKm: round(f.DistanceKm, 3)}
		for _, v := range f.ByCategory {
			fj.ByCategory = append(fj.ByCategory, round(v, 3))
		}
		out.Flows = append(out.Flows, fj)
	}
	return out
}

// WritePlanFiles writes a plan-only result to dir: plan.json, plan.geojson
// and report.html. It returns the paths written.
func (r *Result) WritePlanFiles(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	var written []string
	write := func(name string, fill func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("scenarios: %w", err)
		}
		if err := fill(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("scenarios: %w", err)
		}
		written = append(written, path)
		return nil
	}
	if err := write("plan.json", func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", " ")
		return e.Encode(r.PlanJSON())
	}); err != nil {
		return written, err
	}
	if err := write("plan.geojson", func(w io.Writer) error { return geo.WriteFeatureCollection(w, r.PlanGeoJSON()) }); err != nil {
		return written, err
	}
	if err := write("report.html", r.WriteHTML); err != nil {
		return written, err
	}
	return written, nil
}
