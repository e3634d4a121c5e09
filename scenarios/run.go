package scenarios

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/huishou/huishou/optimizer/network"
	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/supply"
	"github.com/paulmach/orb"
)

// RunOptions control Run. The zero value works: year 2025, the default
// forecast levers, pickups routed for DefaultCounty on DefaultDate.
type RunOptions struct {
	Year   int           // forecast year; default supply.DefaultYear
	Levers supply.Levers // collection-rate levers; zero = status quo
	County string        // adcode of the county whose day is routed; default DefaultCounty
	Date   time.Time     // the day routed; default DefaultDate
	Seed   uint64        // seeds the sampled bookings and the solvers; default 1
	Fleet  int           // trucks for the day; 0 = sized to the day's load
	// PlanTime bounds the network design; 0 means 10 s.
	PlanTime time.Duration
	// Progress, when set, is told the stage and how far it is.
	Progress func(stage string, done, total int)
}

// Defaults of RunOptions.
const (
	DefaultCounty = "510182" // 彭州市: plain and mountain townships, 13 of them
)

// DefaultDate is the routed day: 18 June, the 618 trade-in festival.
var DefaultDate = time.Date(2025, time.June, 18, 0, 0, 0, 0, time.UTC)

// Result is everything one pass produces: the forecast, the network design
// and one county's day of pickups.
type Result struct {
	Scenario *Scenario
	Forecast *supply.Result
	Network  *network.Input
	Plan     *network.Plan
	County   *County
	Day      *schedule.Day
	DayPlan  *schedule.Plan
	// Options as used, defaults filled in.
	Options RunOptions
	// Prefecture is the adcode of the one prefecture planned, if any.
	Prefecture string
}

// Run makes a whole pass on scenario sc: forecast → network plan → one day
// of pickups in one county → routes.
func Run(ctx context.Context, sc *Scenario, opt RunOptions) (*Result, error) {
	if opt.Year == 0 {
		opt.Year = supply.DefaultYear
	}
	if opt.County == "" {
		opt.County = DefaultCounty
	}
	if opt.Date.IsZero() {
		opt.Date = DefaultDate
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	county, ok := sc.County(opt.County)
	if !ok {
		return nil, fmt.Errorf("scenarios: county %q is not in scenario %s", opt.County, sc.Name)
	}
	progress := func(stage string, done, total int) {
		if opt.Progress != nil {
			opt.Progress(stage, done, total)
		}
	}
	res := &Result{Scenario: sc, County: county, Options: opt}

	progress("forecast", 0, 1)
	fc, err := Forecast(sc, supply.Options{Year: opt.Year, Levers: opt.Levers})
	if err != nil {
		return nil, err
	}
	res.Forecast = fc
	progress("forecast", 1, 1)

	res.Network = NetworkInput(sc, fc)
	if opt.PlanTime == 0 {
		opt.PlanTime = 10 * time.Second
	}
	plan, err := network.Design(ctx, res.Network, network.Options{TimeLimit: opt.PlanTime, Progress: func(_ string, d, t int) { progress("network plan", d, t) }})
	if err != nil {
		return nil, err
	}
	res.Plan = plan

	progress("pickups", 0, 1)
	res.Day = SampleDay(sc, fc, res.Network, plan, county, opt.Date, opt.Seed, opt.Fleet)
	dp, err := schedule.PlanDay(ctx, res.Day, schedule.Options{Seed: opt.Seed})
	if err != nil {
		return nil, err
	}
	res.DayPlan = dp
	progress("pickups", 1, 1)
	return res, nil
}

// Forecast runs the returns forecast on the scenario's counties.
func Forecast(sc *Scenario, opt supply.Options) (*supply.Result, error) {
	areas := make([]supply.Area, len(sc.Counties))
	for i, c := range sc.Counties {
		areas[i] = supply.Area{ID: c.Adcode, Name: c.Name, Households: float64(c.Households), UrbanShare: c.UrbanShare}
	}
	return supply.Forecast(areas, opt)
}

// NetworkInput builds the network-design problem of a scenario: every
// township is a demand point and a collection-point candidate; every county
// seat a transfer-station candidate; every prefecture seat a sorting-centre
// candidate; the dismantlers are the scenario's (or the default Sichuan
// list). A county's forecast returns are split equally among its
// townships — an assumption, for want of township population figures.
func NetworkInput(sc *Scenario, fc *supply.Result) *network.Input {
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
	for ci := range sc.Counties {
		c := &sc.Counties[ci]
		ts := sc.TownshipsOf(c.Adcode)
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
	for _, p := range PrefectureSeats(sc) {
		c, _ := sc.County(p)
		in.Sites = append(in.Sites, network.Site{ID: "sc-" + c.PrefectureAdcode, Name: c.Prefecture + " 集散转运中心", Tier: network.SortingCentre,
			Point: c.Seat, Area: c.Area(), Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: network.DefaultSizes(network.SortingCentre),
			Note: "prefecture seat (approximated by the seat of " + c.Name + ")"})
	}
	for _, d := range Dismantlers(sc) {
		in.Sites = append(in.Sites, d)
	}
	return in
}

// PrefectureSeats returns, per prefecture, the adcode of the county that
// stands for its seat: the district (区) with the smallest adcode, else the
// county-level city (县级市) with the smallest adcode, else the first county.
// An approximation of where the prefecture government sits.
func PrefectureSeats(sc *Scenario) []string {
	best := map[string]*County{}
	rank := func(c *County) int {
		switch c.Type {
		case "区":
			return 0
		case "县级市":
			return 1
		}
		return 2
	}
	var order []string
	for i := range sc.Counties {
		c := &sc.Counties[i]
		b, ok := best[c.PrefectureAdcode]
		if !ok {
			order = append(order, c.PrefectureAdcode)
		}
		if !ok || rank(c) < rank(b) || (rank(c) == rank(b) && c.Adcode < b.Adcode) {
			best[c.PrefectureAdcode] = c
		}
	}
	sort.Strings(order)
	out := make([]string, len(order))
	for i, p := range order {
		out[i] = best[p].Adcode
	}
	return out
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

// Dismantlers returns the scenario's dismantling plants (fixed sinks).
func Dismantlers(sc *Scenario) []network.Site {
	var out []network.Site
	for _, d := range defaultDismantlers {
		c, ok := sc.County(d.county)
		if !ok {
			continue
		}
		out = append(out, network.Site{ID: "dp-" + d.county, Name: d.name, Tier: network.Dismantler, Point: c.Seat, Area: c.Area(),
			Group: c.Adcode, Region: c.PrefectureAdcode, Sizes: []network.Size{{Name: "licensed", CapacityT: d.capT}},
			Note: "assumption: plausible site, not from the official list"})
	}
	return out
}

// Pickup fleet defaults: a 4.2 m box truck with a two-person crew.
const (
	truckKg    = 1500
	truckL     = 14000
	truckPerKm = 2.2
	truckFixed = 450 // yuan per day: crew and depreciation (assumption)
)

// SampleDay draws one day of bookings in county c from the forecast: each
// township's expected units per day (the county's rate for the month of
// date, split equally), Poisson-sampled with the seed, one booking per
// unit placed within about 2 km of the township point, with a morning or
// afternoon window. Mobile phones are left out: they come to the
// collection points, not by truck. The fleet starts from the county's
// transfer station.
func SampleDay(sc *Scenario, fc *supply.Result, in *network.Input, plan *network.Plan, c *County, date time.Time, seed uint64, fleet int) *schedule.Day {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	d := &schedule.Day{Date: date.Format("2006-01-02"), StopMin: 5}
	ts := sc.TownshipsOf(c.Adcode)
	rows := fc.ByArea(c.Adcode)
	cats := map[string]supply.Category{}
	for _, k := range fc.Categories {
		cats[k.ID] = k
	}
	month := int(date.Month()) - 1
	area := c.Area()
	n := 0
	totalKg, totalL, totalMin := 0.0, 0.0, 0.0
	for _, t := range ts {
		for _, row := range rows {
			if row.Category == "mobile_phone" {
				continue
			}
			k := poisson(r, row.PerDayByMonth[month]/float64(len(ts)))
			cat := cats[row.Category]
			for u := 0; u < k; u++ {
				n++
				dist := 2000 * math.Sqrt(r.Float64()) // metres, uniform in a 2 km disc
				ang := 2 * math.Pi * r.Float64()
				pt := orb.Point{t.Point[0] + dist*math.Cos(ang)/(111320*math.Cos(t.Point[1]*math.Pi/180)), t.Point[1] + dist*math.Sin(ang)/110540}
				win := [2]int{9 * 3600, 12 * 3600}
				if r.IntN(2) == 1 {
					win = [2]int{13 * 3600, 18 * 3600}
				}
				d.Bookings = append(d.Bookings, schedule.Booking{
					ID: fmt.Sprintf("%s-%04d", d.Date, n), Name: fmt.Sprintf("household %d", n), Place: t.Name,
					Point: pt, Area: area, Window: win,
					Items: []schedule.Item{{Category: cat.ID, Count: 1, WeightKg: cat.WeightKg, VolumeL: cat.VolumeL,
						TwoPerson: cat.TwoPerson, ServiceMin: 3 + cat.UninstallMin}},
				})
				totalKg += cat.WeightKg
				totalL += cat.VolumeL
				totalMin += d.StopMin + 3 + cat.UninstallMin
			}
		}
	}
	depot, depotName := c.Seat, c.Name+" 中转站"
	for _, o := range plan.Open {
		if s := in.Sites[o.Site]; s.Tier == network.TransferStation && s.Group == c.Adcode {
			depot, depotName = s.Point, s.Name
		}
	}
	if fleet <= 0 {
		// Enough trucks for the weight, the volume and the working time
		// (half of a 10-hour shift goes to stops, the rest to driving).
		fleet = int(math.Ceil(max(totalKg/(0.8*truckKg), totalL/(0.8*truckL), totalMin/(0.5*600))))
	}
	for i := 0; i < fleet; i++ {
		d.Fleet = append(d.Fleet, schedule.Vehicle{ID: fmt.Sprintf("truck-%02d", i+1), Depot: depot, DepotName: depotName, DepotArea: area,
			CapacityKg: truckKg, CapacityL: truckL, ShiftStart: 8 * 3600, ShiftEnd: 18 * 3600, CostPerKm: truckPerKm, FixedCost: truckFixed, Crew: 2})
	}
	return d
}

// poisson draws from a Poisson distribution with mean lambda (Knuth for
// small means, a rounded normal above 30).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
