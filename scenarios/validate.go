package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/huishou/huishou/optimizer/supply"
	"github.com/huishou/huishou/scenarios/region"
)

var (
	nameRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	adcodeRE = regexp.MustCompile(`^[0-9]{6}$`)
)

// categoryIDs are the IDs a per-category lever may name.
func categoryIDs() []string {
	var ids []string
	for _, c := range supply.DefaultCategories() {
		ids = append(ids, c.ID)
	}
	return ids
}

// validate checks the merged scenario, adding one error per bad field.
func (sc *Scenario) validate(d *decoder) {
	switch {
	case sc.Name == "":
		d.fail("name", "missing: every scenario has a name (lower-case letters, digits, '-')")
	case !nameRE.MatchString(sc.Name):
		d.fail("name", "%q: use lower-case letters, digits and '-', at most 63", sc.Name)
	}
	if sc.Year != 0 && (sc.Year < 1990 || sc.Year > 2100) {
		d.fail("year", "%d outside 1990…2100", sc.Year)
	}
	sc.validateData(d)
	sc.validateLevers(d)
	switch sc.FrontWarehouses.Candidates {
	case "", "seats", "seats_and_towns":
	default:
		d.fail("front_warehouses.candidates", "%q: want seats or seats_and_towns", sc.FrontWarehouses.Candidates)
	}
	for i, c := range sc.Ops.Counties {
		if !adcodeRE.MatchString(c) && !(strings.HasPrefix(c, "districts:") && adcodeRE.MatchString(strings.TrimPrefix(c, "districts:"))) {
			d.fail(fmt.Sprintf("ops.counties[%d]", i), "%q: want a 6-digit county adcode or districts:PREFECTURE", c)
		}
	}
	if sc.Ops.Date != "" {
		if _, err := time.Parse("2006-01-02", sc.Ops.Date); err != nil {
			d.fail("ops.date", "%q is not a date YYYY-MM-DD", sc.Ops.Date)
		}
	}
	if sc.Ops.Days < 0 || sc.Ops.Days > 31 {
		d.fail("ops.days", "%d outside 0…31", sc.Ops.Days)
	}
	if sc.Solver.Budget > 1_000_000_000 {
		d.fail("solver.budget", "%d above 1,000,000,000", sc.Solver.Budget)
	}
	if sc.Solver.RouteIterations < 0 || sc.Solver.RouteIterations > 10_000_000 {
		d.fail("solver.route_iterations", "%d outside 0…10,000,000", sc.Solver.RouteIterations)
	}
	if sc.Solver.TimeCap < 0 || time.Duration(sc.Solver.TimeCap) > 24*time.Hour {
		d.fail("solver.time_cap", "%v outside 0…24h", time.Duration(sc.Solver.TimeCap))
	}
}

func (sc *Scenario) validateData(d *decoder) {
	dt := sc.Data
	if dt.Region != "" && !slices.Contains(region.BuiltinNames(), dt.Region) {
		d.fail("data.region", "%q is not a built-in region (known: %s)", dt.Region, strings.Join(region.BuiltinNames(), ", "))
	}
	if (dt.Counties == "") != (dt.Townships == "") {
		d.fail("data.counties", "counties and townships replace the region together: give both files or neither")
	}
	if dt.Counties != "" && !strings.HasSuffix(strings.ToLower(dt.Counties), ".csv") && !strings.HasSuffix(strings.ToLower(dt.Counties), ".geojson") && !strings.HasSuffix(strings.ToLower(dt.Counties), ".json") {
		d.fail("data.counties", "%q: want a .csv or .geojson file", dt.Counties)
	}
	switch {
	case dt.Demand == "", dt.Demand == "townships", dt.Demand == "counties":
	case !strings.HasSuffix(strings.ToLower(dt.Demand), ".csv"):
		d.fail("data.demand", "%q: want townships, counties or a .csv file", dt.Demand)
	}
	for _, f := range []struct{ name, v string }{{"townships", dt.Townships}, {"township_points", dt.TownshipPoints},
		{"candidates", dt.Candidates}, {"dismantlers", dt.Dismantlers}, {"roads", dt.Roads}, {"sales", dt.Sales}} {
		if f.v != "" && !strings.HasSuffix(strings.ToLower(f.v), ".csv") {
			d.fail("data."+f.name, "%q: want a .csv file", f.v)
		}
	}
	if dt.Prefecture != "" && !adcodeRE.MatchString(dt.Prefecture) {
		d.fail("data.prefecture", "%q: want a 6-digit adcode such as 510100", dt.Prefecture)
	}
}

func (sc *Scenario) validateLevers(d *decoder) {
	lv := sc.Levers
	cats := categoryIDs()
	perCat := func(name string, m map[string]float64, lo, hi float64) {
		for _, k := range sortedKeys(anyMap(m)) {
			v := m[k]
			f := "levers." + name + "." + k
			if k != "all" && !slices.Contains(cats, k) {
				d.fail(f, "unknown category (known: all, %s)", strings.Join(cats, ", "))
				continue
			}
			if v < lo || v > hi {
				d.fail(f, "%v outside %v…%v", v, lo, hi)
			}
		}
	}
	perCat("subsidy", lv.Subsidy, 0, 1)
	perCat("elasticity", lv.Elasticity, 0, 20)
	perCat("sales_elasticity", lv.SalesElasticity, 0, 20)
	perCat("formal_share", lv.FormalShare, 0, 1)
	share := func(f string, p *float64) {
		if p != nil && (*p < 0 || *p > 1) {
			d.fail(f, "%v outside 0…1", *p)
		}
	}
	share("levers.trade_in_share", lv.TradeInShare)
	share("levers.collection_rate", lv.CollectionRate)
	share("levers.door_to_door.coverage", &lv.DoorToDoor.Coverage)
	nonNeg := func(f string, p *float64, hi float64) {
		if p != nil && (*p < 0 || *p > hi) {
			d.fail(f, "%v outside 0…%v", *p, hi)
		}
	}
	nonNeg("levers.door_to_door.uplift", lv.DoorToDoor.Uplift, 20)
	if lv.FuelPrice != nil && (*lv.FuelPrice <= 0 || *lv.FuelPrice > 100) {
		d.fail("levers.fuel_price", "%v yuan/L outside (0, 100]", *lv.FuelPrice)
	}
	if lv.Wage != nil && (*lv.Wage <= 0 || *lv.Wage > 5e6) {
		d.fail("levers.wage", "%v yuan/yr outside (0, 5,000,000]", *lv.Wage)
	}
	nonNeg("levers.co2_price", lv.CO2Price, 1e5)
	nonNeg("levers.coverage_penalty.per_t", lv.CoveragePenalty.PerT, 1e7)
	nonNeg("levers.coverage_penalty.per_point", lv.CoveragePenalty.PerPoint, 1e9)
	if t := lv.Target; t != nil {
		if t.BaseYear < 1990 || t.BaseYear > 2100 {
			d.fail("levers.target.base_year", "%d outside 1990…2100", t.BaseYear)
		}
		if t.Growth <= -1 || t.Growth > 10 {
			d.fail("levers.target.growth", "%v outside (−1, 10]", t.Growth)
		}
	}
	for _, k := range sortedKeys(anyMap(lv.ServiceRadiusKm)) {
		f := "levers.service_radius_km." + k
		if !slices.Contains([]string{"all", "urban", "plain", "mountain"}, k) {
			d.fail(f, "unknown area (known: all, urban, plain, mountain)")
		} else if v := lv.ServiceRadiusKm[k]; v <= 0 || v > 1000 {
			d.fail(f, "%v km outside (0, 1000]", v)
		}
	}
	ids := map[string]int{}
	for i, s := range lv.Sites.Add {
		f := fmt.Sprintf("levers.sites.add[%d]", i)
		if s.ID == "" {
			d.fail(f+".id", "empty")
		} else if j, dup := ids[s.ID]; dup {
			d.fail(f+".id", "%q repeats levers.sites.add[%d]", s.ID, j)
		} else {
			ids[s.ID] = i
		}
		switch s.Tier {
		case "collection_point", "transfer_station", "sorting_centre", "front_warehouse":
		default:
			d.fail(f+".tier", "%q: want collection_point, transfer_station, sorting_centre or front_warehouse", s.Tier)
		}
		if s.Lon < -180 || s.Lon > 180 {
			d.fail(f+".lon", "%v outside −180…180", s.Lon)
		}
		if s.Lat < -90 || s.Lat > 90 {
			d.fail(f+".lat", "%v outside −90…90", s.Lat)
		}
	}
	for _, l := range []struct {
		name string
		ids  []string
	}{{"close", lv.Sites.Close}, {"force_open", lv.Sites.ForceOpen}} {
		for i, id := range l.ids {
			if id == "" {
				d.fail(fmt.Sprintf("levers.sites.%s[%d]", l.name, i), "empty site id")
			}
		}
	}
	for i, id := range lv.Sites.Close {
		if slices.Contains(lv.Sites.ForceOpen, id) {
			d.fail(fmt.Sprintf("levers.sites.close[%d]", i), "%q is also forced open", id)
		}
	}
	for _, k := range sortedKeys(anyMap(lv.Fleet)) {
		if v := lv.Fleet[k]; v < 0 || v > 500 {
			d.fail("levers.fleet."+k, "%d trucks outside 0…500", v)
		}
	}
	for _, k := range sortedKeys(anyMap(lv.Sales)) {
		if v := lv.Sales[k]; v < 0 || v > 1e8 || math.IsNaN(v) {
			d.fail("levers.sales."+k, "%v units/yr outside 0…100,000,000", v)
		}
	}
}

// anyMap lets sortedKeys take any map with string keys.
func anyMap[V any](m map[string]V) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
