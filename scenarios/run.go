package scenarios

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/schedule/gen"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
	"github.com/huishou/huishou/scenarios/stage"
	"github.com/huishou/huishou/scenarios/wire"
)

// Options control Run. The zero value works: no cache, no progress.
type Options struct {
	// Cache, when set, shares stage results with other runs.
	Cache *Cache
	// Progress, when set, is told the stage and how far it is.
	Progress func(stage string, done, total int)
	// OnSearch, when set, is told the design's best cost and bound as the
	// search improves them (network.Options.OnSearch); not when the design
	// comes from Cache. RunAll does not pass it on.
	OnSearch func(network.Search)
}

// Result is everything a run produces.
type Result struct {
	Scenario *Scenario
	Region   *region.Region
	Forecast *supply.Result
	// RateFactor is the factor applied to the collection rates to meet
	// levers.target (1 without one).
	RateFactor float64
	Network    *network.Input
	Plan       *network.Plan
	// Days are the day plans of the days of operations (ops), date by
	// date, each covering every county of OpsCounties.
	Days        []*dayplan.Plan
	OpsCounties []*region.County
	// Prefecture is the adcode of the one prefecture planned, if any.
	Prefecture string
	// Elapsed is the wall time of the run (not part of any wire form).
	Elapsed time.Duration
}

// operations generates the bookings of the ops counties from the
// forecast (optimizer/schedule/gen), takes the plan's depots there
// (stage.Depots), sizes the fleet (levers.fleet: "all" per depot, or by
// depot id) and schedules the days (optimizer/schedule).
func (sc *Scenario) operations(ctx context.Context, res *Result, counties []string, date time.Time, days int) ([]*dayplan.Plan, error) {
	depots, err := stage.Depots(res.Region, res.Forecast, res.PlanJSON(), counties)
	if err != nil {
		return nil, err
	}
	towns, rate, err := stage.BookingSource(res.Region, res.Forecast, counties)
	if err != nil {
		return nil, err
	}
	d := booking.DateOf(date)
	bs, err := gen.Bookings(gen.Options{Date: d, Days: days, Seed: sc.seed(), Townships: towns, Rate: rate, Sources: stage.Sources(depots)})
	if err != nil {
		return nil, err
	}
	vehicles := schedule.SizeFleet(bs, depots, schedule.FleetOptions{Date: d, Days: days, PerDepot: sc.Levers.Fleet["all"]})
	vehicles, err = sc.fleetByDepot(vehicles, depots)
	if err != nil {
		return nil, err
	}
	out, err := schedule.Schedule(ctx, &schedule.Input{Bookings: bs, Depots: depots, Vehicles: vehicles},
		// bounded by iterations alone: a time cap shared out by the clock
		// would make the days depend on the machine's load
		schedule.Options{Date: d, Days: days, Seed: sc.seed(), Iterations: sc.Solver.RouteIterations})
	if err != nil {
		return nil, err
	}
	return out.Days, nil
}

// fleetByDepot sets the number of vehicles of the depots named in
// levers.fleet: extra vehicles are dropped, missing ones copied from the
// depot's first (or a transfer station's) vehicle.
func (sc *Scenario) fleetByDepot(vs []fleet.Vehicle, depots []fleet.Depot) ([]fleet.Vehicle, error) {
	ids := make([]string, 0, len(sc.Levers.Fleet))
	for id := range sc.Levers.Fleet {
		if id != "all" {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if !slices.ContainsFunc(depots, func(d fleet.Depot) bool { return d.ID == id }) {
			return nil, Errors{{Field: "levers.fleet." + id, Msg: "no depot with this id among the days' depots (transfer stations ts-<county>, collection points cp-<township>)"}}
		}
		want := sc.Levers.Fleet[id]
		var mine, rest []fleet.Vehicle
		for _, v := range vs {
			if v.Depot == id {
				mine = append(mine, v)
			} else {
				rest = append(rest, v)
			}
		}
		if len(mine) > want {
			mine = mine[:want]
		}
		template := fleet.Vehicle{}
		switch {
		case len(mine) > 0:
			template = mine[0]
		case len(vs) > 0:
			template = vs[0]
		}
		for k := len(mine); k < want; k++ {
			v := template
			v.Depot, v.ID = id, fmt.Sprintf("%s-v%02d", id, k+1)
			mine = append(mine, v)
		}
		vs = append(rest, mine...)
	}
	return vs, nil
}

// PlanJSON returns the wire form of the network plan (plan.json).
func (r *Result) PlanJSON() *wire.Plan {
	return wire.NewPlan(r.Scenario.Name, r.Forecast.Year, r.Prefecture, r.Network, r.Plan)
}

// PlanGeoJSON returns the network plan and the first day's routes, if any,
// as GeoJSON (see wire.PlanGeoJSON).
func (r *Result) PlanGeoJSON() *geojson.FeatureCollection {
	var dp *dayplan.Plan
	if len(r.Days) > 0 {
		dp = r.Days[0]
	}
	return wire.PlanGeoJSON(r.Region, r.Network, r.Plan, dp)
}

// Run runs scenario sc: its region, the returns forecast with its levers,
// the network design (jointly with front warehouses when enabled) and the
// days of operations it asks for. Stages whose inputs another run already
// computed come from opt.Cache.
func Run(ctx context.Context, sc *Scenario, opt Options) (*Result, error) {
	start := time.Now()
	progress := func(stage string, done, total int) {
		if opt.Progress != nil {
			opt.Progress(stage, done, total)
		}
	}
	res := &Result{Scenario: sc, Prefecture: sc.Data.Prefecture}

	// Region.
	progress("region", 0, 1)
	files, err := sc.dataFiles()
	if err != nil {
		return nil, err
	}
	regKey, err := key(sc.Data.Region, sc.Data.Counties, sc.Data.Townships, sc.Data.TownshipPoints, files.hash("counties", "townships", "township_points"))
	if err != nil {
		return nil, err
	}
	reg, err := do(ctx, opt.Cache, "region", regKey, func() (*region.Region, error) { return sc.loadRegion(files) })
	if err != nil {
		return nil, err
	}
	res.Region = reg
	progress("region", 1, 1)

	// Forecast.
	progress("forecast", 0, 1)
	sopt := sc.supplyOptions()
	fcKey, err := key(regKey, sopt, sc.Levers.Target)
	if err != nil {
		return nil, err
	}
	type forecast struct {
		fc     *supply.Result
		factor float64
	}
	f, err := do(ctx, opt.Cache, "forecast", fcKey, func() (forecast, error) {
		fc, factor, err := sc.forecast(reg, sopt)
		return forecast{fc, factor}, err
	})
	if err != nil {
		return nil, err
	}
	res.Forecast, res.RateFactor = f.fc, f.factor
	progress("forecast", 1, 1)

	// Network design problem, then the design.
	in, err := sc.networkInput(reg, f.fc, files)
	if err != nil {
		return nil, err
	}
	res.Network = in
	dopt := stage.DesignOptions{Greedy: sc.Solver.Greedy, Budget: sc.Solver.Budget, TimeLimit: sc.timeCap(), Progress: progress, OnSearch: opt.OnSearch}
	designKey, err := key(in, sc.Solver.Budget, sc.Solver.Seed, sc.Solver.Greedy, dopt.TimeLimit)
	if err != nil {
		return nil, err
	}
	plan, err := do(ctx, opt.Cache, "design", designKey, func() (*network.Plan, error) { return stage.Design(ctx, in, dopt) })
	if err != nil {
		return nil, err
	}
	res.Plan = plan

	// Days of operations.
	counties, err := sc.opsCounties(reg)
	if err != nil {
		return nil, err
	}
	if len(counties) > 0 {
		date, days := sc.opsDates()
		ids := make([]string, len(counties))
		for i, c := range counties {
			ids[i] = c.Adcode
		}
		res.OpsCounties = counties
		opsKey, err := key(designKey, ids, date.Format("2006-01-02"), days, sc.seed(), sc.Levers.Fleet, sc.Solver.RouteIterations)
		if err != nil {
			return nil, err
		}
		progress("operations", 0, 1)
		res.Days, err = do(ctx, opt.Cache, "operations", opsKey, func() ([]*dayplan.Plan, error) {
			return sc.operations(ctx, res, ids, date, days)
		})
		if err != nil {
			return nil, fmt.Errorf("scenarios: %s: operations: %w", sc.Name, err)
		}
		progress("operations", 1, 1)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func (sc *Scenario) seed() uint64 {
	if sc.Solver.Seed == 0 {
		return 1
	}
	return sc.Solver.Seed
}

// DefaultTimeCap bounds each solve of a scenario without solver.time_cap.
const DefaultTimeCap = 60 * time.Second

func (sc *Scenario) timeCap() time.Duration {
	if sc.Solver.TimeCap > 0 {
		return time.Duration(sc.Solver.TimeCap)
	}
	return DefaultTimeCap
}

// DefaultOpsDate is the first day of operations without ops.date:
// stage.DefaultDate, 18 June 2025 (the 618 trade-in festival).
var DefaultOpsDate = stage.DefaultDate

func (sc *Scenario) opsDates() (time.Time, int) {
	date := DefaultOpsDate
	if sc.Ops.Date != "" {
		date, _ = time.Parse("2006-01-02", sc.Ops.Date) // validated
	}
	days := sc.Ops.Days
	if days == 0 {
		days = 1
	}
	return date, days
}

// opsCounties resolves ops.counties against the region.
func (sc *Scenario) opsCounties(reg *region.Region) ([]*region.County, error) {
	var out []*region.County
	for i, name := range sc.Ops.Counties {
		if p, ok := strings.CutPrefix(name, "districts:"); ok {
			n := len(out)
			for k := range reg.Counties {
				if c := &reg.Counties[k]; c.PrefectureAdcode == p && c.Type == "区" {
					out = append(out, c)
				}
			}
			if len(out) == n {
				return nil, Errors{{Field: fmt.Sprintf("ops.counties[%d]", i), Msg: fmt.Sprintf("prefecture %s has no district (区) in region %s", p, reg.Name)}}
			}
			continue
		}
		c, ok := reg.County(name)
		if !ok {
			return nil, Errors{{Field: fmt.Sprintf("ops.counties[%d]", i), Msg: fmt.Sprintf("county %s is not in region %s", name, reg.Name)}}
		}
		out = append(out, c)
	}
	return out, nil
}

// dataFiles reads the scenario's data files once.
func (sc *Scenario) dataFiles() (dataFiles, error) {
	out := dataFiles{}
	d := sc.Data
	for _, f := range []struct{ field, path string }{{"counties", d.Counties}, {"townships", d.Townships}, {"township_points", d.TownshipPoints},
		{"demand", d.Demand}, {"candidates", d.Candidates}, {"dismantlers", d.Dismantlers}, {"roads", d.Roads}, {"sales", d.Sales}} {
		if f.path == "" || (f.field == "demand" && (f.path == "townships" || f.path == "counties")) {
			continue
		}
		if sc.files == nil {
			return nil, Errors{{Field: "data." + f.field, Msg: fmt.Sprintf("%q: this scenario has no files to read from (give the file with the scenario)", f.path)}}
		}
		b, err := sc.files.ReadFile(f.path)
		if err != nil {
			return nil, Errors{{Field: "data." + f.field, Msg: fmt.Sprintf("cannot read %q: %v", f.path, err)}}
		}
		out[f.field] = dataFile{path: f.path, data: b}
	}
	return out, nil
}

type dataFile struct {
	path string
	data []byte
}

// dataFiles holds the data files by field name (data.<field>).
type dataFiles map[string]dataFile

// hash is the content key of the named files.
func (fs dataFiles) hash(fields ...string) string {
	var parts []string
	for _, f := range fields {
		if d, ok := fs[f]; ok {
			k, _ := key(f, d.data)
			parts = append(parts, k)
		}
	}
	return strings.Join(parts, ",")
}

func (fs dataFiles) reader(field string) (*bytes.Reader, string, bool) {
	d, ok := fs[field]
	if !ok {
		return nil, "", false
	}
	return bytes.NewReader(d.data), d.path, true
}

// loadRegion builds the region: built-in or from the user's files, with
// township points overridden.
func (sc *Scenario) loadRegion(files dataFiles) (*region.Region, error) {
	name := sc.Data.Region
	if name == "" {
		name = "sichuan"
	}
	var reg *region.Region
	var err error
	if cr, cfile, ok := files.reader("counties"); ok {
		tr, tfile, _ := files.reader("townships")
		reg, err = region.Load("user:"+cfile, cr, cfile, tr, tfile) // named by its data, not by the scenario
	} else {
		reg, err = region.Builtin(name)
	}
	if err != nil {
		return nil, err
	}
	if r, file, ok := files.reader("township_points"); ok {
		if _, err := reg.ReplaceTownshipPoints(r, file); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

// supplyOptions turns the levers into the forecast's options.
func (sc *Scenario) supplyOptions() supply.Options {
	lv := sc.Levers
	opt := supply.Options{Year: sc.Year}
	all := func(m map[string]float64) float64 { return m["all"] }
	sl := supply.Levers{
		SubsidyShare:       all(lv.Subsidy),
		Elasticity:         all(lv.Elasticity),
		SalesElasticity:    all(lv.SalesElasticity),
		FormalShare:        all(lv.FormalShare),
		DoorToDoorCoverage: lv.DoorToDoor.Coverage,
	}
	if lv.DoorToDoor.Uplift != nil {
		sl.DoorToDoorUplift = *lv.DoorToDoor.Uplift
	}
	if lv.CollectionRate != nil {
		sl.CollectionRate = *lv.CollectionRate
		if sl.CollectionRate == 0 {
			sl.CollectionRate = 1e-12 // zero collects nothing (0 would mean the default)
		}
	}
	if lv.TradeInShare != nil {
		sl.TradeInShare = *lv.TradeInShare
		if sl.TradeInShare == 0 {
			sl.TradeInShare = -1 // none
		}
	}
	named := map[string]bool{}
	for _, m := range []map[string]float64{lv.Subsidy, lv.Elasticity, lv.SalesElasticity, lv.FormalShare} {
		for k := range m {
			if k != "all" {
				named[k] = true
			}
		}
	}
	if len(named) > 0 {
		// a named category takes every per-category lever: its own value,
		// else "all", else the default
		get := func(m map[string]float64, id string, def float64) float64 {
			if v, ok := m[id]; ok {
				return v
			}
			if v, ok := m["all"]; ok {
				return v
			}
			return def
		}
		sl.PerCategory = map[string]supply.CategoryLevers{}
		for id := range named {
			sl.PerCategory[id] = supply.CategoryLevers{
				SubsidyShare:    get(lv.Subsidy, id, 0),
				Elasticity:      get(lv.Elasticity, id, supply.DefaultElasticity),
				SalesElasticity: get(lv.SalesElasticity, id, supply.DefaultSalesElasticity),
				FormalShare:     get(lv.FormalShare, id, 0),
			}
		}
	}
	opt.Levers = sl
	return opt
}

// forecast runs the forecast; with a target it scales the collection rates
// until the tonnes reach it (rates capped at 1 may leave it short).
func (sc *Scenario) forecast(reg *region.Region, opt supply.Options) (*supply.Result, float64, error) {
	fc, err := stage.Forecast(reg, opt)
	if err != nil {
		return nil, 0, leverError(err)
	}
	t := sc.Levers.Target
	if t == nil {
		return fc, 1, nil
	}
	base, err := stage.Forecast(reg, supply.Options{Year: t.BaseYear})
	if err != nil {
		return nil, 0, leverError(err)
	}
	want := base.Total().Tonnes * (1 + t.Growth)
	factor := 1.0
	for range 8 {
		got := fc.Total().Tonnes
		if got <= 0 || math.Abs(got-want) <= 1e-9*want {
			break
		}
		factor *= want / got
		opt.Levers.RateFactor = factor
		if fc, err = stage.Forecast(reg, opt); err != nil {
			return nil, 0, leverError(err)
		}
	}
	return fc, factor, nil
}

// leverError names the scenario field behind a forecast input error.
func leverError(err error) error {
	var ie *supply.InputError
	if !errors.As(err, &ie) {
		return err
	}
	field := map[string]string{
		"options.year":                      "year",
		"options.levers.subsidyShare":       "levers.subsidy.all",
		"options.levers.elasticity":         "levers.elasticity.all",
		"options.levers.salesElasticity":    "levers.sales_elasticity.all",
		"options.levers.formalShare":        "levers.formal_share.all",
		"options.levers.collectionRate":     "levers.collection_rate",
		"options.levers.doorToDoorCoverage": "levers.door_to_door.coverage",
		"options.levers.doorToDoorUplift":   "levers.door_to_door.uplift",
		"options.levers.rateFactor":         "levers.target",
		"options.levers.tradeInShare":       "levers.trade_in_share",
	}[ie.Field]
	if field == "" {
		field = "levers"
	}
	return Errors{{Field: field, Msg: ie.Msg}}
}

// networkInput builds the design problem from the data files and levers.
func (sc *Scenario) networkInput(reg *region.Region, fc *supply.Result, files dataFiles) (*network.Input, error) {
	lv := sc.Levers
	nopt := stage.NetworkOptions{Prefecture: sc.Data.Prefecture, Demand: sc.Data.Demand, SingleSource: lv.SingleSource}
	if lv.CountyRule != nil {
		nopt.NoCountyRule = !*lv.CountyRule
	}
	if p := lv.CoveragePenalty.PerT; p != nil {
		nopt.CoveragePenaltyPerT = *p
		if *p == 0 {
			nopt.CoveragePenaltyPerT = 1e-9 // zero means none, not the default
		}
	}
	if p := lv.CoveragePenalty.PerPoint; p != nil {
		nopt.CoveragePenaltyPerPoint = *p
		if *p == 0 {
			nopt.CoveragePenaltyPerPoint = -1 // none
		}
	}
	var err error
	if r, file, ok := files.reader("demand"); ok {
		if nopt.DemandPoints, err = reg.LoadDemandCSV(r, file); err != nil {
			return nil, err
		}
	}
	if r, file, ok := files.reader("candidates"); ok {
		if nopt.Candidates, err = reg.LoadCandidatesCSV(r, file); err != nil {
			return nil, err
		}
	}
	if r, file, ok := files.reader("dismantlers"); ok {
		if nopt.Dismantlers, err = reg.LoadDismantlersCSV(r, file); err != nil {
			return nil, err
		}
	}
	added, err := sc.addedSites(reg)
	if err != nil {
		return nil, err
	}
	var addedFW []network.Site
	for _, s := range added {
		if s.Tier == network.FrontWarehouse {
			addedFW = append(addedFW, s)
		} else {
			nopt.Candidates = append(nopt.Candidates, s)
		}
	}
	in, err := stage.BuildNetwork(reg, fc, nopt)
	if err != nil {
		return nil, Errors{{Field: "data", Msg: err.Error()}}
	}
	if r, file, ok := files.reader("roads"); ok {
		if in.Roads, err = region.LoadRoadsCSV(r, file); err != nil {
			return nil, err
		}
	}
	if len(lv.ServiceRadiusKm) > 0 {
		cov := map[string]float64{}
		for k, v := range in.Rules.CoverageKm {
			cov[k] = v
		}
		for _, area := range []string{"urban", "plain", "mountain"} {
			if v, ok := lv.ServiceRadiusKm["all"]; ok {
				cov[area] = v
			}
			if v, ok := lv.ServiceRadiusKm[area]; ok {
				cov[area] = v
			}
		}
		in.Rules.CoverageKm = cov
	}
	if sc.FrontWarehouses.Enabled {
		if sc.Data.Demand != "" && sc.Data.Demand != "townships" {
			return nil, Errors{{Field: "front_warehouses.enabled", Msg: "front warehouses deliver to townships: use data.demand: townships"}}
		}
		sales := map[string]float64{}
		if r, file, ok := files.reader("sales"); ok {
			if sales, err = region.LoadSalesCSV(r, file); err != nil {
				return nil, err
			}
		}
		for k, v := range lv.Sales {
			sales[k] = v
		}
		fopt := stage.ForwardOptions{Candidates: sc.FrontWarehouses.Candidates, Sales: sales}
		if sc.FrontWarehouses.SharedSite != nil {
			fopt.Separate = !*sc.FrontWarehouses.SharedSite
		}
		if err := stage.AddForward(reg, fc, in, fopt); err != nil {
			return nil, Errors{{Field: "front_warehouses", Msg: err.Error()}}
		}
		in.Sites = append(in.Sites, addedFW...)
	} else if len(addedFW) > 0 || len(lv.Sales) > 0 || sc.Data.Sales != "" {
		field := "levers.sales"
		if len(addedFW) > 0 {
			field = "levers.sites.add"
		}
		return nil, Errors{{Field: field, Msg: "front warehouses and sales need front_warehouses.enabled: true"}}
	}
	// Sites closed and forced open.
	index := map[string]int{}
	for i, s := range in.Sites {
		index[s.ID] = i
	}
	for i, id := range lv.Sites.ForceOpen {
		k, ok := index[id]
		if !ok {
			return nil, Errors{{Field: fmt.Sprintf("levers.sites.force_open[%d]", i), Msg: fmt.Sprintf("no candidate site %q (ids: cp-<township>, ts-<county>, sc-<prefecture>, fw-<county>)", id)}}
		}
		in.Sites[k].ForceOpen = true
	}
	closed := map[int]bool{}
	for i, id := range lv.Sites.Close {
		k, ok := index[id]
		if !ok {
			return nil, Errors{{Field: fmt.Sprintf("levers.sites.close[%d]", i), Msg: fmt.Sprintf("no candidate site %q", id)}}
		}
		if in.Sites[k].Tier == network.Dismantler || in.Sites[k].Tier == network.DistributionCentre {
			return nil, Errors{{Field: fmt.Sprintf("levers.sites.close[%d]", i), Msg: fmt.Sprintf("%s is a %s, not a candidate (replace data.dismantlers instead)", id, in.Sites[k].Tier)}}
		}
		closed[k] = true
	}
	if len(closed) > 0 {
		sites := make([]network.Site, 0, len(in.Sites)-len(closed))
		for i, s := range in.Sites {
			if !closed[i] {
				sites = append(sites, s)
			}
		}
		in.Sites = sites
	}
	sc.prices().Apply(in)
	return in, nil
}

// prices are the scenario's input prices.
func (sc *Scenario) prices() stage.Prices {
	var p stage.Prices
	if v := sc.Levers.FuelPrice; v != nil {
		p.DieselYuanPerL = *v
	}
	if v := sc.Levers.Wage; v != nil {
		p.WageYuanPerYear = *v
	}
	if v := sc.Levers.CO2Price; v != nil {
		p.CO2YuanPerT = *v
	}
	return p
}

// addedSites turns levers.sites.add into candidate sites, each in the
// county whose boundary contains it.
func (sc *Scenario) addedSites(reg *region.Region) ([]network.Site, error) {
	var out []network.Site
	for i, s := range sc.Levers.Sites.Add {
		c := reg.CountyAt(s.Lon, s.Lat)
		if c == nil {
			return nil, Errors{{Field: fmt.Sprintf("levers.sites.add[%d]", i), Msg: fmt.Sprintf("point %g,%g is outside every county of region %s", s.Lon, s.Lat, reg.Name)}}
		}
		tier := network.Tier(s.Tier)
		sizes := network.DefaultSizes(tier)
		if tier == network.FrontWarehouse {
			sizes = network.DefaultWarehouseSizes()
		}
		name := s.Name
		if name == "" {
			name = s.ID
		}
		out = append(out, network.Site{ID: s.ID, Name: name, Tier: tier, Point: [2]float64{s.Lon, s.Lat}, Area: c.Area(), Group: c.Adcode,
			Region: c.PrefectureAdcode, Sizes: sizes, Note: fmt.Sprintf("levers.sites.add[%d]", i)})
	}
	return out, nil
}

// SharedSites returns, for results of the same region, the ids of the
// sites open in every result and in at least one: the sites that stay
// open whatever the scenario.
func SharedSites(results []*Result) (always []string, any []string) {
	count := map[string]int{}
	for _, r := range results {
		for _, o := range r.Plan.Open {
			count[r.Network.Sites[o.Site].ID]++
		}
	}
	for id, n := range count {
		any = append(any, id)
		if n == len(results) {
			always = append(always, id)
		}
	}
	slices.Sort(always)
	slices.Sort(any)
	return always, any
}

// Region returns the region sc is planned on (built in, or loaded from its
// data files).
func (sc *Scenario) Region() (*region.Region, error) {
	files, err := sc.dataFiles()
	if err != nil {
		return nil, err
	}
	return sc.loadRegion(files)
}
