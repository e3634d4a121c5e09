package ledger

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/huishou/huishou/optimizer/supply"
)

// Level is the level a report adds up to.
type Level string

// The report levels.
const (
	County     Level = "county"
	Prefecture Level = "prefecture"
	Province   Level = "province"
	Producer   Level = "producer" // per producer (回收目标责任制), across areas
)

// ParseLevel checks a level name.
func ParseLevel(s string) (Level, error) {
	switch l := Level(s); l {
	case County, Prefecture, Province, Producer:
		return l, nil
	}
	return "", inputErr("level", "%q is not one of county, prefecture, province, producer", s)
}

// Area names an administrative area.
type Area struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Geography maps counties to their prefecture and province, with names.
// Without one a report derives the codes from the adcode (prefecture =
// first four digits + 00, province = first two + 0000) and has no names.
type Geography struct {
	Counties    map[string]Area // county adcode → the county
	Prefectures map[string]Area // county adcode → its prefecture
	Province    Area
}

func (g *Geography) area(level Level, county string) Area {
	switch level {
	case County:
		if g != nil {
			if a, ok := g.Counties[county]; ok {
				return a
			}
		}
		return Area{Code: county}
	case Prefecture:
		if g != nil {
			if a, ok := g.Prefectures[county]; ok {
				return a
			}
		}
		if len(county) == 6 {
			return Area{Code: county[:4] + "00"}
		}
	case Province:
		if g != nil && g.Province.Code != "" && county[:min(2, len(county))] == g.Province.Code[:2] {
			return g.Province
		}
		if len(county) == 6 {
			return Area{Code: county[:2] + "0000"}
		}
	}
	return Area{Code: county}
}

// ReportOptions configure BuildReport.
type ReportOptions struct {
	Period Period
	Level  Level
	// Geography names the areas; nil derives the codes from adcodes.
	Geography *Geography
	// Forecast, if set, is the returns forecast of optimizer/supply for
	// the period's year with one area per county (AreaID = adcode): each
	// row gets the forecast units and tonnes of its area and period (the
	// forecast's daily rate of each month times the period's days in it).
	Forecast *supply.Result
	// Targets are the user-set targets (see ReadTargetsCSV).
	Targets []Target
	// Area, if set, keeps only the rows of this area (an adcode at the
	// report's level, or a producer).
	Area string
}

// Report is the periodic report (定期报送): per area and category, what
// was collected, traded in and handed over to dismantlers, how fast and
// how punctually bookings were served, against forecast and targets.
type Report struct {
	Period string `json:"period"`
	Level  Level  `json:"level"`
	From   string `json:"from"` // first day, YYYY-MM-DD
	To     string `json:"to"`   // last day
	// Rows has one row per area and category, sorted by area then
	// category (in the forecast's category order when there is one).
	Rows []ReportRow `json:"rows"`
	// Totals has one row per area over all categories (category "all").
	Totals []ReportRow `json:"totals"`
	// Total is the sum over every area and category.
	Total ReportRow `json:"total"`
	// Simulated is true when any event counted was simulated.
	Simulated bool `json:"simulated,omitempty"`
}

// ReportRow is one line of a report. Shares and percentages are nil when
// their denominator is zero or absent.
type ReportRow struct {
	Area     string `json:"area"`
	AreaName string `json:"area_name,omitempty"`
	Period   string `json:"period"`
	Category string `json:"category"`

	Units  int64   `json:"units"`  // pieces collected
	Tonnes float64 `json:"tonnes"` // tonnes collected

	TradeIns          int64            `json:"trade_ins"` // new appliances delivered against old ones
	TradeInsBySubsidy map[string]int64 `json:"trade_ins_by_subsidy,omitempty"`

	HandedOverUnits  int64    `json:"handed_over_units"`
	HandedOverTonnes float64  `json:"handed_over_tonnes"`
	LicensedUnits    int64    `json:"licensed_units"` // handed over to licensed dismantlers
	LicensedTonnes   float64  `json:"licensed_tonnes"`
	LicensedPct      *float64 `json:"licensed_pct"` // licensed units / units collected, %

	Bookings         int64    `json:"bookings"`            // bookings served (collected with a booking)
	MeanDaysToPickup *float64 `json:"mean_days_to_pickup"` // from booking to pickup
	OnTimePct        *float64 `json:"on_time_pct"`         // of the bookings with a latest date or window

	ForecastUnits  *float64 `json:"forecast_units"`
	ForecastTonnes *float64 `json:"forecast_tonnes"`
	ForecastPct    *float64 `json:"forecast_pct"` // units / forecast units, %

	TargetUnits  *float64 `json:"target_units"`
	TargetTonnes *float64 `json:"target_tonnes"`
	TargetPct    *float64 `json:"target_pct"` // units / target units (else tonnes / target tonnes), %

	m    Measures
	fcU  float64
	fcT  float64
	hasF bool
	tgU  float64
	tgT  float64
	hasU bool
	hasT bool
}

// BuildReport adds up the daily facts of the period to the report's level.
// Areas appear when they have facts in the period or a target; with a
// forecast, every forecast category of those areas appears.
func BuildReport(facts Facts, opt ReportOptions) (*Report, error) {
	p := opt.Period
	if p.Start.IsZero() {
		return nil, inputErr("period", "required")
	}
	if opt.Level == "" {
		opt.Level = County
	}
	if _, err := ParseLevel(string(opt.Level)); err != nil {
		return nil, err
	}
	if fc := opt.Forecast; fc != nil && opt.Level != Producer && fc.Year != p.Start.Year() {
		return nil, inputErr("forecast", "forecast for %d, period %s", fc.Year, p.Label)
	}
	d0, d1 := dayKey(p.Start), dayKey(p.End)
	rep := &Report{Period: p.Label, Level: opt.Level, From: Day(p.Start), To: Day(p.End.Add(-1))}
	type key struct{ area, cat string }
	rows := map[key]*ReportRow{}
	names := map[string]string{}
	get := func(a Area, cat string) *ReportRow {
		k := key{a.Code, cat}
		r := rows[k]
		if r == nil {
			r = &ReportRow{Area: a.Code, AreaName: a.Name, Period: p.Label, Category: cat}
			rows[k] = r
		}
		if a.Name != "" {
			names[a.Code] = a.Name
		}
		return r
	}
	areaOf := func(k FactKey) (Area, bool) {
		if opt.Level == Producer {
			if k.Producer == "" {
				return Area{}, false
			}
			return Area{Code: k.Producer}, true
		}
		return opt.Geography.area(opt.Level, k.County), true
	}
	for k, m := range facts {
		if k.Day < d0 || k.Day >= d1 {
			continue
		}
		a, ok := areaOf(k)
		if !ok || (opt.Area != "" && a.Code != opt.Area) {
			continue
		}
		r := get(a, k.Category)
		r.m.Add(m)
		if m.Simulated != 0 {
			rep.Simulated = true
		}
		if k.Subsidy != "" && m.TradeIns != 0 {
			if r.TradeInsBySubsidy == nil {
				r.TradeInsBySubsidy = map[string]int64{}
			}
			r.TradeInsBySubsidy[k.Subsidy] += m.TradeIns
		}
	}
	// Forecast: units and tonnes of every county and category, added up.
	catOrder := map[string]int{}
	if fc := opt.Forecast; fc != nil && opt.Level != Producer {
		for i, c := range fc.Categories {
			catOrder[c.ID] = i
		}
		want := map[string]bool{}
		for k := range rows {
			want[k.area] = true
		}
		for _, fr := range fc.Rows {
			a := opt.Geography.area(opt.Level, fr.AreaID)
			if !want[a.Code] {
				continue
			}
			u := 0.0
			for m := 0; m < 12; m++ {
				ms := timeMonth(p.Start.Year(), m)
				u += fr.PerDayByMonth[m] * float64(p.Overlap(ms))
			}
			r := get(a, fr.Category)
			r.hasF = true
			r.fcU += u
			if fr.Units > 0 {
				r.fcT += u * fr.Tonnes / fr.Units
			}
		}
	}
	for _, t := range opt.Targets {
		if t.Scope != opt.Level || (opt.Area != "" && t.ID != opt.Area) {
			continue
		}
		ov := p.Overlap(t.Period)
		if ov == 0 {
			continue
		}
		f := float64(ov) / float64(t.Period.Days())
		a := Area{Code: t.ID}
		if opt.Level != Producer {
			a = opt.Geography.area(opt.Level, t.ID)
			if a.Code != t.ID {
				a = Area{Code: t.ID, Name: names[t.ID]}
			}
		}
		r := get(a, t.Category)
		if t.HasUnits {
			r.tgU += t.Units * f
			r.hasU = true
		}
		if t.HasTons {
			r.tgT += t.Tonnes * f
			r.hasT = true
		}
	}
	// Rows per category; totals per area; the grand total.
	totals := map[string]*ReportRow{}
	total := &ReportRow{Area: "all", Period: p.Label, Category: "all"}
	for k, r := range rows {
		if r.AreaName == "" {
			r.AreaName = names[k.area]
		}
		t := totals[k.area]
		if t == nil {
			t = &ReportRow{Area: k.area, AreaName: names[k.area], Period: p.Label, Category: "all"}
			totals[k.area] = t
		}
		if k.cat == AllCategories {
			// Booking counts over all categories, and all-category targets.
			t.m.Bookings, t.m.BookingDays, t.m.Timed, t.m.OnTime = r.m.Bookings, r.m.BookingDays, r.m.Timed, r.m.OnTime
			total.m.Bookings += r.m.Bookings
			total.m.BookingDays += r.m.BookingDays
			total.m.Timed += r.m.Timed
			total.m.OnTime += r.m.OnTime
			t.tgU, t.tgT, t.hasU, t.hasT = r.tgU, r.tgT, r.hasU, r.hasT
			continue
		}
		bk := Measures{}
		m := r.m
		bk.CollectedUnits, bk.CollectedKg, bk.TradeIns = m.CollectedUnits, m.CollectedKg, m.TradeIns
		bk.HandedUnits, bk.HandedKg, bk.LicensedUnits, bk.LicensedKg = m.HandedUnits, m.HandedKg, m.LicensedUnits, m.LicensedKg
		t.m.Add(&bk)
		total.m.Add(&bk)
		for s, n := range r.TradeInsBySubsidy {
			for _, x := range []*ReportRow{t, total} {
				if x.TradeInsBySubsidy == nil {
					x.TradeInsBySubsidy = map[string]int64{}
				}
				x.TradeInsBySubsidy[s] += n
			}
		}
		if r.hasF {
			t.hasF, t.fcU, t.fcT = true, t.fcU+r.fcU, t.fcT+r.fcT
			total.hasF, total.fcU, total.fcT = true, total.fcU+r.fcU, total.fcT+r.fcT
		}
		r.finish()
		rep.Rows = append(rep.Rows, *r)
	}
	for _, t := range totals {
		if t.hasU || t.hasT {
			total.tgU, total.tgT = total.tgU+t.tgU, total.tgT+t.tgT
			total.hasU, total.hasT = total.hasU || t.hasU, total.hasT || t.hasT
		}
		t.finish()
		rep.Totals = append(rep.Totals, *t)
	}
	total.finish()
	rep.Total = *total
	rank := func(c string) int {
		if i, ok := catOrder[c]; ok {
			return i
		}
		return len(catOrder)
	}
	sort.Slice(rep.Rows, func(i, j int) bool {
		a, b := &rep.Rows[i], &rep.Rows[j]
		if a.Area != b.Area {
			return a.Area < b.Area
		}
		if ra, rb := rank(a.Category), rank(b.Category); ra != rb {
			return ra < rb
		}
		return a.Category < b.Category
	})
	sort.Slice(rep.Totals, func(i, j int) bool { return rep.Totals[i].Area < rep.Totals[j].Area })
	return rep, nil
}

// finish computes a row's figures from its measures.
func (r *ReportRow) finish() {
	m := &r.m
	r.Units, r.Tonnes = m.CollectedUnits, round3(m.CollectedKg/1000)
	r.TradeIns = m.TradeIns
	r.HandedOverUnits, r.HandedOverTonnes = m.HandedUnits, round3(m.HandedKg/1000)
	r.LicensedUnits, r.LicensedTonnes = m.LicensedUnits, round3(m.LicensedKg/1000)
	r.LicensedPct = pct(float64(m.LicensedUnits), float64(m.CollectedUnits))
	r.Bookings = m.Bookings
	if m.Bookings > 0 {
		v := round3(m.BookingDays / float64(m.Bookings))
		r.MeanDaysToPickup = &v
	}
	r.OnTimePct = pct(float64(m.OnTime), float64(m.Timed))
	if r.hasF {
		u, t := round3(r.fcU), round3(r.fcT)
		r.ForecastUnits, r.ForecastTonnes = &u, &t
		r.ForecastPct = pct(float64(m.CollectedUnits), r.fcU)
	}
	if r.hasU {
		u := round3(r.tgU)
		r.TargetUnits = &u
		r.TargetPct = pct(float64(m.CollectedUnits), r.tgU)
	}
	if r.hasT {
		t := round3(r.tgT)
		r.TargetTonnes = &t
		if !r.hasU {
			r.TargetPct = pct(m.CollectedKg/1000, r.tgT)
		}
	}
}

func pct(num, den float64) *float64 {
	if den <= 0 {
		return nil
	}
	v := math.Round(num/den*1000) / 10
	return &v
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// timeMonth returns month m (0-based) of year y as a Period.
func timeMonth(y, m int) Period {
	p, _ := ParsePeriod(fmt.Sprintf("%04d-%02d", y, m+1))
	return p
}

// BuildStoreReport reads the facts of a store and builds the report (see
// BuildReport). A store that keeps its own facts (the PostgreSQL one)
// is read through its FactsFor method instead of a scan.
func BuildStoreReport(ctx context.Context, s Store, opt ReportOptions) (*Report, error) {
	var facts Facts
	var err error
	if fs, ok := s.(interface {
		FactsFor(context.Context, Period) (Facts, error)
	}); ok {
		facts, err = fs.FactsFor(ctx, opt.Period)
	} else {
		facts, err = Aggregate(ctx, s)
	}
	if err != nil {
		return nil, err
	}
	return BuildReport(facts, opt)
}
